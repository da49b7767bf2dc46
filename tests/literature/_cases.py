"""Generic loader of the published worked examples stored in ``cases/``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

import partnerselect as ps

CASES = Path(__file__).parent / "cases"


def case_ids(prefix: str | tuple[str, ...] = "") -> list[str]:
    """Ids (file stems) of the stored cases whose id starts with ``prefix``."""
    return sorted(p.stem for p in CASES.glob("*.json") if p.stem.startswith(prefix))


def load_case(case_id: str) -> dict[str, Any]:
    """The case ``case_id`` as a dict (the JSON file, unchanged)."""
    with (CASES / f"{case_id}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def case_problem(case: dict[str, Any]) -> ps.Problem:
    """The case's matrix, types and weights as a Problem built through the public API."""
    df = pd.DataFrame(case["matrix"], index=case["alternatives"], columns=case["criteria"])
    objectives = {
        c: ("max" if t > 0 else "min") for c, t in zip(case["criteria"], case["types"], strict=True)
    }
    weights = dict(zip(case["criteria"], case["weights"], strict=True))
    return ps.Problem.from_frame(df, objectives=objectives, weights=weights, source=case["id"])
