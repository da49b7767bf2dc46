"""Degenerate data: constant criteria, all-equal matrices, one partner, zeros and negatives.

Every method either ranks with finite scores (never NaN) or raises a DataError naming the
criterion; warnings are declared and asserted.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import (
    ConstantCriterionWarning,
    DataError,
    DegenerateDataWarning,
    TieWarning,
)
from partnerselect.methods import Method

METHODS = ps.list_methods()

#: Methods that take ratios, powers or logs of the values (see their docstrings).
RATIO_METHODS = {"wpm", "waspas", "codas", "copras", "aras", "marcos"}


def _problem(data: dict[str, list[float]], objectives: dict[str, str]) -> ps.Problem:
    df = pd.DataFrame(data, index=[f"P{i}" for i in range(len(next(iter(data.values()))))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConstantCriterionWarning)
        return ps.Problem.from_frame(df, objectives=objectives)


def _rank(pb: ps.Problem, name: str) -> ps.Ranking:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        return ps.rank(pb, name)


@pytest.mark.parametrize("name", METHODS)
def test_constant_criterion_is_warned_and_harmless(name):
    df = pd.DataFrame(
        {"price": [3.0, 2.0, 4.0], "flat": [5.0, 5.0, 5.0], "quality": [2.0, 5.0, 4.0]},
        index=["A", "B", "C"],
    )
    with pytest.warns(ConstantCriterionWarning, match="'flat'"):
        pb = ps.Problem.from_frame(df, objectives={"price": "min", "flat": "max", "quality": "max"})
    r = _rank(pb, name)
    assert np.all(np.isfinite(r.scores.to_numpy()))
    # the constant criterion cannot change the order: dropping it gives the same ranks
    reduced = ps.Problem.from_frame(
        df[["price", "quality"]], objectives={"price": "min", "quality": "max"},
        weights={"price": 1 / 3, "quality": 1 / 3},
    )  # fmt: skip
    assert r.ranks.tolist() == _rank(reduced, name).ranks.tolist()


@pytest.mark.parametrize("name", METHODS)
def test_all_equal_matrix_ties_everyone(name):
    pb = _problem({"a": [2.0, 2.0, 2.0], "b": [7.0, 7.0, 7.0]}, {"a": "max", "b": "min"})
    if type(ps.get_method(name)).relation is not Method.relation:
        r = ps.rank(pb, name)  # partial order, indifference everywhere: nobody outranks
    else:
        with pytest.warns(TieWarning, match="P0, P1, P2"):
            r = ps.rank(pb, name)
    s = r.scores.to_numpy()
    assert np.all(np.isfinite(s))
    assert np.ptp(s) == pytest.approx(0.0, abs=1e-12)
    assert r.ranks.tolist() == [1, 1, 1]


@pytest.mark.parametrize("name", METHODS)
def test_single_partner(name):
    pb = ps.Problem.from_frame(
        pd.DataFrame({"a": [2.0], "b": [3.0]}, index=["only"]), objectives=["max", "min"]
    )
    r = ps.rank(pb, name)
    assert r.ranks.tolist() == [1]
    assert np.all(np.isfinite(r.scores.to_numpy()))


def _expect(name: str, pb: ps.Problem, refuse: set[str], criterion: str) -> None:
    if name in refuse:
        with pytest.raises(DataError, match=f"'{criterion}'") as info:
            ps.rank(pb, name)
        assert info.value.criterion == criterion
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateDataWarning)
            r = _rank(pb, name)
        assert np.all(np.isfinite(r.scores.to_numpy()))


@pytest.mark.parametrize("name", METHODS)
def test_zero_on_a_cost_criterion(name):
    pb = _problem(
        {"escalations": [0.0, 2.0, 1.0], "q": [3.0, 4.0, 5.0]}, {"escalations": "min", "q": "max"}
    )
    _expect(name, pb, RATIO_METHODS, "escalations")


@pytest.mark.parametrize("name", METHODS)
def test_zero_on_a_benefit_criterion(name):
    # a zero benefit value is fine for ratio methods (x/max = 0) except MARCOS (anti-ideal 0)
    pb = _problem(
        {"certs": [0.0, 2.0, 1.0], "price": [3.0, 4.0, 5.0]}, {"certs": "max", "price": "min"}
    )
    _expect(name, pb, {"marcos"}, "certs")


@pytest.mark.parametrize("name", METHODS)
def test_negative_benefit_values(name):
    pb = _problem(
        {"margin": [-3.0, 8.0, 5.0], "price": [3.0, 4.0, 5.0]}, {"margin": "max", "price": "min"}
    )
    _expect(name, pb, RATIO_METHODS, "margin")


@pytest.mark.parametrize("name", METHODS)
def test_negative_average(name):
    # EDAS measures distances relative to the average, which must be positive
    pb = _problem(
        {"margin": [-3.0, -8.0, -5.0], "price": [3.0, 4.0, 5.0]}, {"margin": "max", "price": "min"}
    )
    _expect(name, pb, RATIO_METHODS | {"edas"}, "margin")


def test_cocoso_partner_worst_everywhere_is_warned():
    pb = _problem({"q": [1.0, 2.0, 3.0], "price": [9.0, 5.0, 8.0]}, {"q": "max", "price": "min"})
    with pytest.warns(DegenerateDataWarning, match="'P0'"):
        r = ps.rank(pb, "cocoso")
    assert np.all(np.isfinite(r.scores.to_numpy()))
    assert r.ranks["P0"] == 3  # the fallback keeps it last, others finite and ordered


@pytest.mark.parametrize("name", ["wsm", "topsis"])
def test_linear_max_normalization_refuses_zero_costs(name):
    pb = _problem(
        {"escalations": [0.0, 2.0, 1.0], "q": [3.0, 4.0, 5.0]}, {"escalations": "min", "q": "max"}
    )
    with pytest.raises(DataError, match="'escalations' is 0 for partner 'P0'"):
        ps.rank(pb, name, normalization="linear_max")


def test_spotis_value_outside_bounds():
    pb = _problem({"q": [1.0, 6.0], "price": [3.0, 4.0]}, {"q": "max", "price": "min"})
    with pytest.raises(DataError, match="'P1' has 6 on criterion 'q', outside its bounds"):
        ps.rank(pb, "spotis", bounds={"q": (1, 5), "price": (0, 10)})
