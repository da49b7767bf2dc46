"""Benchmark of the first ``evaluate()`` in a fresh process: what an analyst waits for.

Case N  ``evaluate()`` of the bundled sample with every analysis its model asks for
        (method comparison, SMAA with data uncertainty, data uncertainty, critical
        weights, weight sweep, rank reversal, verdict, effective weights), the first call
        in a fresh interpreter that has only run ``import partnerselect`` (target <= 1 s).
        It starts from the file paths, so it includes reading the three CSV files and
        every import ``evaluate()`` triggers (pandas, scipy.special, the analyses).
        Beside it, the same fresh process doing only ``pandas.read_csv`` of the three
        files (pandas' own import included), and ``evaluate()`` after ``load_sample()``
        (which has already imported pandas and the readers, as in the issue's figure).

Each row is timed inside its child process (``time.perf_counter`` around the call), not
the process start-up; the figure is the median over the runs after a warm-up run. The
child also reports its CPU time (``cpu`` in its JSON line), a steadier figure when the
machine is shared. The
child runs as an installed package does, with bytecode caches (``PYTHONDONTWRITEBYTECODE``
is dropped from its environment, so the warm-up run writes them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from _harness import Case, Timed

ROOT = Path(__file__).resolve().parents[1]

#: What the sample's model runs; the child reports what ran and the case checks it.
ANALYSES = {
    "comparison",
    "smaa",
    "data_uncertainty",
    "critical",
    "sweep",
    "rank_reversal",
    "verdict",
    "effective_weights",
}
#: Libraries evaluate() of CSV inputs should not import (reported by the child).
HEAVY = ("scipy.stats", "scipy.optimize", "scipy.sparse", "matplotlib", "jinja2", "openpyxl")

_CHILD = """
import json, sys, time, warnings
mode = sys.argv[1]
import partnerselect as ps
from partnerselect.datasets import SAMPLE_FILES, data_dir
from partnerselect.errors import PartnerSelectWarning

folder = data_dir()
paths = {k: folder / name for k, name in SAMPLE_FILES.items()}
if mode == "after load_sample":
    ps.load_sample()
ran = []
c0, t0 = time.process_time(), time.perf_counter()
if mode == "read_csv":
    import pandas as pd

    frames = [pd.read_csv(paths[k]) for k in ("partners", "track_records", "scores")]
else:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        ev = ps.evaluate(
            paths["partners"], paths["track_records"], paths["model"], scores=paths["scores"]
        )
    ran = list(ev.analyses)
seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
heavy = [m for m in sys.argv[2].split(",") if m in sys.modules]
print(json.dumps({"seconds": seconds, "cpu": cpu, "analyses": ran, "heavy": heavy}))
"""


def _env() -> dict[str, str]:
    src = str(ROOT / "src")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = src if not old else f"{src}{os.pathsep}{old}"
    return env


def _child(mode: str) -> Callable[[], Timed]:
    env = _env()

    def run() -> Timed:
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, mode, ",".join(HEAVY)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        if mode != "read_csv" and set(out["analyses"]) != ANALYSES:
            msg = f"evaluate() ran {sorted(out['analyses'])}, not every analysis"
            raise RuntimeError(msg)
        if out["heavy"]:
            print(f"  ({mode}: imported {', '.join(out['heavy'])})", flush=True)
        return Timed(out["seconds"])

    return run


def cases(quick: bool) -> list[Case]:
    """Case N."""
    return [
        Case(
            name="N: evaluate cold",
            description=(
                "First evaluate() of the sample (CSV paths, every analysis) in a fresh "
                "process after `import partnerselect`, timed inside the process."
            ),
            contenders={
                "evaluate, first call": _child("evaluate"),
                "evaluate after load_sample()": _child("after load_sample"),
                "pandas.read_csv x3, first call": _child("read_csv"),
            },
            baseline="pandas.read_csv x3, first call",
            subject="evaluate, first call",
            target_seconds=1.0,
            repeats=3 if quick else 7,
        )
    ]
