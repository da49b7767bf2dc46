"""Rank-reversal tests."""

from __future__ import annotations

import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.sensitivity import rank_reversal
from partnerselect.sensitivity.reversal import _worse

from ._sens_helpers import make_problem, runnable_methods


def test_raw_wsm_never_reverses():
    # Raw WSM scores each partner on its own values only: nothing the others do matters.
    pb = make_problem(6, 3, seed=4, costs=False)
    res = rank_reversal(pb, "wsm", normalization="none")
    assert res.n_reversals == 0
    assert res.table.empty
    assert len(res.summary) == 6 + 5 + 5


def test_minmax_wsm_reversal_when_the_range_shrinks():
    # q, c in [0, 10], equal weights, WSM with min-max normalisation:
    # A (10, 0) = 0.5, B (1, 7) = 0.4, C (5, 10) = 0.75, D (0, 0) = 0 -> C, A, B, D.
    # Without C, c spans [0, 7]: B = (0.1 + 1) / 2 = 0.55 > A = 0.5: A and B swap.
    df = pd.DataFrame(
        {"q": [10.0, 1.0, 5.0, 0.0], "c": [0.0, 7.0, 10.0, 0.0]}, index=["A", "B", "C", "D"]
    )
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})
    res = rank_reversal(pb, "wsm", tests=["leave_one_out"])
    rows = res.table[res.table["changed_partner"] == "C"]
    assert rows[["partner_a", "partner_b", "before", "after", "kind"]].values.tolist() == [
        ["A", "B", "above", "below", "reversal"]
    ]
    assert bool(rows["winner_changed"].iloc[0])  # A led the others, B now does
    summary = res.summary.set_index("changed_partner")
    assert bool(summary.loc["C", "winner_changed"])
    assert summary.loc["C", "reversals"] == 1
    assert res.winner_changes >= 1


def test_worse_copy_moves_towards_worse_by_a_tenth_of_the_range():
    df = pd.DataFrame({"q": [10.0, 0.0, 5.0], "p": [3.0, 3.0, 3.0]}, index=["A", "B", "C"])
    out = _worse(df, pd.Series([1, -1]).to_numpy(), "C", 0.1)
    assert out.loc["C", "q"] == pytest.approx(5.0 - 1.0)  # benefit: down by 10 % of 10
    assert out.loc["C", "p"] == pytest.approx(3.0 + 0.3)  # constant cost: up by 10 % of |3|
    assert df.loc["C", "q"] == 5.0  # input untouched


def test_constant_criterion_warnings_are_recorded_not_raised():
    # Removing A leaves c constant (both 1.0): recorded once in notes, never emitted.
    df = pd.DataFrame({"q": [1.0, 2.0, 3.0], "c": [5.0, 1.0, 1.0]}, index=["A", "B", "C"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"})
    res = rank_reversal(pb, "topsis")
    assert any("ConstantCriterionWarning" in n for n in res.notes)


@pytest.mark.parametrize("method", runnable_methods())
def test_every_method_runs_and_reports_consistently(method):
    res = rank_reversal(make_problem(5, 3, seed=9), method)
    assert set(res.table["kind"]) <= {"reversal", "tie"}
    assert set(res.table["before"]) | set(res.table["after"]) <= {"above", "tied", "below"}
    assert res.n_reversals == int(res.summary["reversals"].sum())
    assert (res.table["changed_partner"] != res.table["partner_a"]).all()
    assert (res.table["changed_partner"] != res.table["partner_b"]).all()


def test_errors():
    pb = make_problem(4, 2)
    with pytest.raises(ParameterError, match="'tests'"):
        rank_reversal(pb, "wsm", tests=["swap"])
    with pytest.raises(ParameterError, match="'worse_by'"):
        rank_reversal(pb, "wsm", worse_by=0)
