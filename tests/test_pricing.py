"""Procurement price-scoring formulas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerselect.errors import DataError, MissingValueError, ParameterError
from partnerselect.pricing import price_score

PRICES = pd.Series({"a": 800.0, "b": 1000.0, "c": 1600.0}, name="day_rate_eur")


def test_lowest_ratio_by_hand() -> None:
    out = price_score(PRICES)
    assert out.tolist() == pytest.approx([1.0, 800 / 1000, 800 / 1600])
    assert out.name == "day_rate_eur"
    assert list(out.index) == ["a", "b", "c"]
    assert price_score(PRICES, max_points=40).tolist() == pytest.approx([40, 32, 20])


def test_lowest_ratio_with_floor() -> None:
    # Reference price 1000: bids at or below it get full points.
    assert price_score(PRICES, floor=1000).tolist() == pytest.approx([1.0, 1.0, 1000 / 1600])


def test_linear_between_floor_and_ceiling() -> None:
    out = price_score(PRICES, "linear", floor=900, ceiling=1500, max_points=10)
    # a below the floor: 10; b: (1500 - 1000) / 600 * 10; c above the ceiling: 0.
    assert out.tolist() == pytest.approx([10.0, 500 / 600 * 10, 0.0])


def test_linear_defaults_to_lowest_and_highest_bid() -> None:
    out = price_score(PRICES, "linear")
    assert out.tolist() == pytest.approx([1.0, 600 / 800, 0.0])
    same = price_score(pd.Series({"a": 5.0, "b": 5.0}), "linear")
    assert same.tolist() == [1.0, 1.0]


@pytest.mark.parametrize("bad", [0.0, -10.0, np.inf, "cheap"])
def test_bad_prices_name_the_partner(bad: object) -> None:
    prices = PRICES.astype(object)
    prices["b"] = bad
    with pytest.raises(DataError, match="Partner 'b'") as info:
        price_score(prices)
    assert info.value.partner == "b"


def test_missing_price() -> None:
    prices = PRICES.copy()
    prices["c"] = np.nan
    with pytest.raises(MissingValueError, match="Partner 'c' has no price"):
        price_score(prices)


def test_bad_parameters() -> None:
    with pytest.raises(ParameterError, match="Did you mean 'linear'"):
        price_score(PRICES, "liner")
    with pytest.raises(ParameterError, match="floor < ceiling"):
        price_score(PRICES, "linear", floor=1500, ceiling=900)
    with pytest.raises(ParameterError, match="max_points"):
        price_score(PRICES, max_points=0)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(1, 1e6), min_size=1, max_size=8),
    st.sampled_from(["lowest_ratio", "linear"]),
)
def test_points_in_range_and_cheaper_never_scores_lower(prices: list[float], formula: str) -> None:
    s = pd.Series(prices, index=[f"p{i}" for i in range(len(prices))])
    out = price_score(s, formula)
    assert ((out >= 0) & (out <= 1 + 1e-12)).all()
    order = np.argsort(s.to_numpy(), kind="stable")
    assert np.all(np.diff(out.to_numpy()[order]) <= 1e-12)
    assert out.max() == pytest.approx(1.0)
