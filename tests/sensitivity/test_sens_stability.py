"""Weight stability intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.sensitivity import critical_weights, stability_intervals
from partnerselect.sensitivity._core import bind, path_weights

from ._sens_helpers import make_problem, runnable_methods


def test_hand_computed_two_partners():
    # a = (1, 0), b = (0, 1) already on [0, 1]: a wins iff its weight on q exceeds 1/2.
    df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"}, weights=[0.6, 0.4])
    table = stability_intervals(pb, "wsm").table.set_index("criterion")
    assert table.loc["q", ["lower", "upper"]].tolist() == pytest.approx([0.5, 1.0], abs=1e-8)
    assert table.loc["c", ["lower", "upper"]].tolist() == pytest.approx([0.0, 0.5], abs=1e-8)
    assert table.loc["q", "best_below"] == "b"
    assert pd.isna(table.loc["q", "best_above"])


def test_hand_computed_three_partners(unit_problem):
    # Sweeping q: A = 0.2 + 0.8x, B = 0.6 - 0.6x, C = 0.64 - 0.14x; A first for
    # x > 0.44 / 0.94 (it beats C there, and B already from 2/7).
    table = stability_intervals(unit_problem, "wsm").table.set_index("criterion")
    assert table.loc["q", "lower"] == pytest.approx(0.44 / 0.94, abs=1e-8)
    assert table.loc["q", "upper"] == 1.0
    assert table.loc["q", "best_below"] == "C"


@pytest.mark.parametrize("method", runnable_methods())
def test_interval_bounds_change_the_top(method):
    pb = make_problem(6, 4, seed=5)
    res = stability_intervals(pb, method, tol=1e-10)
    bound = bind(pb, method, {})
    w = pb.weight_vector
    top = int(np.argmax(bound.utility(w[None, :])[0]))
    for k, row in res.table.iterrows():
        assert 0.0 <= row["lower"] <= row["weight"] <= row["upper"] <= 1.0
        inside = np.linspace(row["lower"], row["upper"], 9)
        assert (np.argmax(bound.utility(path_weights(w, k, inside)), axis=1) == top).all()
        for edge, step in ((row["lower"], -1), (row["upper"], 1)):
            if 0.0 < edge < 1.0:
                U = bound.utility(path_weights(w, k, np.array([edge + step * 1e-7])))
                assert np.argmax(U[0]) != top


def test_full_level_is_nested_and_consistent_with_critical_weights():
    pb = make_problem(6, 4, seed=2)
    top = stability_intervals(pb, "topsis").table
    full = stability_intervals(pb, "topsis", level="full").table
    assert (full["lower"] >= top["lower"] - 1e-12).all()
    assert (full["upper"] <= top["upper"] + 1e-12).all()
    # The top interval ends where the nearest critical change (pairs="top") lies.
    cw = critical_weights(pb, "topsis", pairs="top").table
    for _, row in top.iterrows():
        feas = cw[(cw["criterion"] == row["criterion"]) & cw["feasible"]]
        ups = feas.loc[feas["new_weight"] > row["weight"], "new_weight"]
        downs = feas.loc[feas["new_weight"] < row["weight"], "new_weight"]
        assert row["upper"] == pytest.approx(ups.min() if len(ups) else 1.0, abs=1e-7)
        assert row["lower"] == pytest.approx(downs.max() if len(downs) else 0.0, abs=1e-7)


def test_errors(unit_problem):
    with pytest.raises(ParameterError, match="'level'"):
        stability_intervals(unit_problem, "wsm", level="all")
    with pytest.raises(ParameterError, match="'tol'"):
        stability_intervals(unit_problem, "wsm", tol=0.5)
    with pytest.raises(ParameterError, match="'grid'"):
        stability_intervals(unit_problem, "wsm", grid=True)
