"""Shared fixtures for the sensitivity tests."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

import partnerselect as ps

from ._sens_helpers import make_problem


@pytest.fixture
def problem_factory() -> Callable[..., ps.Problem]:
    return make_problem


@pytest.fixture
def unit_problem() -> ps.Problem:
    """Values already min-max normalised (each column spans [0, 1]), benefit criteria.

    WSM with min-max normalisation therefore scores ``sum_j w_j a_ij`` exactly, which is
    what the hand computations in the tests use. Scores: A 0.6, B 0.3, C 0.57.
    """
    df = pd.DataFrame(
        {"q": [1.0, 0.0, 0.5], "s": [0.0, 1.0, 0.4], "d": [0.5, 0.0, 1.0]},
        index=["A", "B", "C"],
    )
    return ps.Problem.from_frame(
        df, objectives={"q": "max", "s": "max", "d": "max"}, weights=[0.5, 0.3, 0.2]
    )
