"""Shared fixtures for the method tests."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import DegenerateDataWarning, TieWarning

from ._method_data import OBJECTIVES, WEIGHTS


@pytest.fixture
def quiet() -> Iterator[None]:
    """Silence the domain warnings random problems legitimately raise (ties, degenerate)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        warnings.simplefilter("ignore", DegenerateDataWarning)
        yield


@pytest.fixture
def supplier_frame() -> pd.DataFrame:
    """Five suppliers, two cost and three benefit criteria (all positive, no ties)."""
    return pd.DataFrame(
        {
            "day_rate": [620.0, 540.0, 710.0, 580.0, 660.0],
            "quality": [4.1, 3.6, 4.7, 3.9, 4.4],
            "on_time": [0.82, 0.93, 0.77, 0.88, 0.85],
            "escalations": [3.0, 5.0, 1.0, 4.0, 2.0],
            "ai_engineers": [40.0, 25.0, 90.0, 33.0, 58.0],
        },
        index=pd.Index(["P1", "P2", "P3", "P4", "P5"], name="partner_id"),
    )


@pytest.fixture
def supplier_problem(supplier_frame: pd.DataFrame) -> ps.Problem:
    return ps.Problem.from_frame(supplier_frame, objectives=OBJECTIVES, weights=WEIGHTS)
