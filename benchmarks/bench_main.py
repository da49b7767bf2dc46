"""Benchmarks of the main job: the demo as a whole process, each report, the import.

Case H  ``partnerselect demo`` as a whole process, every report format (target <= 5 s),
        beside a bare ``python -c pass`` for the interpreter's own start-up.
Case I  Each report after ``evaluate()`` (target <= 1 s each): the figures are drawn from
        scratch in every timed call (the per-evaluation plot cache is cleared), so the
        HTML and Markdown rows each include drawing every plot once.
Case J  ``import partnerselect`` in a fresh interpreter (target <= 0.3 s for the whole
        process), beside ``python -c pass``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from _harness import Case

ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    # the child runs as an installed package does, with bytecode caches: without this a
    # PYTHONDONTWRITEBYTECODE in the environment recompiles the package in every run
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    src = str(ROOT / "src")
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = src if not old else f"{src}{os.pathsep}{old}"
    return env


def _process(*args: str) -> Callable[[], object]:
    env = _env()

    def run() -> object:
        return subprocess.run(
            [sys.executable, *args], env=env, check=True, capture_output=True, cwd=ROOT
        )

    return run


def _demo() -> Callable[[], object]:
    folder = Path(tempfile.mkdtemp(prefix="ps-bench-demo-"))
    run = _process("-m", "partnerselect.cli", "demo", "--out", str(folder))

    def call() -> object:
        out = run()
        shutil.rmtree(folder, ignore_errors=True)
        return out

    return call


def _report(ev: object, suffix: str, folder: Path) -> Callable[[], object]:
    from partnerselect.report import plots

    def call() -> object:
        plots._CACHE.clear()  # draw every figure again: the cold cost of one report
        return ev.report(folder / f"report.{suffix}")  # type: ignore[attr-defined]

    return call


def cases(quick: bool) -> list[Case]:
    """Cases H, I, J."""
    import partnerselect as ps
    from partnerselect.errors import PartnerSelectWarning

    sample = ps.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        ev = ps.evaluate(
            sample.paths["partners"],
            sample.paths["track_records"],
            sample.model_path,
            scores=sample.paths["scores"],
        )
    folder = Path(tempfile.mkdtemp(prefix="ps-bench-report-"))
    bare = _process("-c", "pass")
    repeats = 1 if quick else 3
    reports = {f"{suffix} report": _report(ev, suffix, folder) for suffix in ("html", "md", "xlsx")}
    return [
        Case(
            name="H: demo process",
            description="`partnerselect demo` as a whole process, every report format.",
            contenders={"partnerselect demo": _demo(), "python -c pass": bare},
            baseline="python -c pass",
            subject="partnerselect demo",
            target_seconds=5.0,
            repeats=repeats,
        ),
        *[
            Case(
                name=f"I: {label}",
                description=f"{label} of the sample after evaluate(), every plot drawn anew.",
                contenders={label: fn, "csv report": _report(ev, "csv", folder)},
                baseline="csv report",
                subject=label,
                target_seconds=1.0,
                repeats=repeats,
            )
            for label, fn in reports.items()
        ],
        Case(
            name="J: import",
            description="`import partnerselect` in a fresh interpreter (whole process).",
            contenders={
                "import partnerselect": _process("-c", "import partnerselect"),
                "python -c pass": bare,
            },
            baseline="python -c pass",
            subject="import partnerselect",
            target_seconds=0.3,
            repeats=3 if quick else 7,
        ),
    ]
