"""What a fresh process imports: ``import partnerselect`` nothing numerical, ``evaluate()``
of the sample (every analysis) not scipy.stats (a second to import), scipy.optimize,
scipy.sparse or the report libraries. Checked in a subprocess, since this one has them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import partnerselect

SRC = str(Path(partnerselect.__file__).resolve().parents[1])

CHILD = textwrap.dedent(
    """
    import json, sys, warnings

    def loaded(names):
        return sorted(n for n in names if n in sys.modules)

    import partnerselect as ps

    out = {"import": loaded(["numpy", "pandas", "scipy"])}
    from partnerselect.datasets import SAMPLE_FILES, data_dir
    from partnerselect.errors import PartnerSelectWarning

    paths = {k: data_dir() / name for k, name in SAMPLE_FILES.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        ev = ps.evaluate(
            paths["partners"], paths["track_records"], paths["model"], scores=paths["scores"]
        )
    for kind in ("spearman", "kendall"):
        ev.analyses.comparison.correlation(kind)
    out["analyses"] = list(ev.analyses)
    out["evaluate"] = loaded(
        ["scipy.stats", "scipy.optimize", "scipy.sparse", "scipy.spatial",
         "matplotlib", "jinja2", "openpyxl"]
    )
    print(json.dumps(out))
    """
)


def test_import_and_evaluate_of_the_sample_stay_light() -> None:
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, env=env
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["import"] == []
    assert {"comparison", "smaa", "rank_reversal", "verdict"} <= set(out["analyses"])
    assert out["evaluate"] == []
