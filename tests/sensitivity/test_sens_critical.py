"""Critical weight changes (Triantaphyllou & Sánchez 1997)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.methods import Method
from partnerselect.sensitivity import critical_weights
from partnerselect.sensitivity._core import bind, path_weights

from ._sens_helpers import make_problem, runnable_methods


def test_wsm_closed_form_hand_derived(unit_problem):
    # WSM scores with w = (0.5, 0.3, 0.2): P_A = 0.6, P_B = 0.3, P_C = 0.57 (A > C > B).
    # Theorem 1: raw change delta = -(P_a - P_b) / (a_ak - a_bk), feasible iff w_k + delta >= 0.
    P = {"A": 0.6, "B": 0.3, "C": 0.57}
    a = {"A": [1.0, 0.0, 0.5], "B": [0.0, 1.0, 0.0], "C": [0.5, 0.4, 1.0]}
    w = [0.5, 0.3, 0.2]
    cw = critical_weights(unit_problem, "wsm", pairs="top")
    assert cw.solver == "closed (linear)"
    table = cw.table.set_index(["criterion", "partner_b"])
    for k, crit in enumerate(["q", "s", "d"]):
        for other in ("C", "B"):
            delta = -(P["A"] - P[other]) / (a["A"][k] - a[other][k])
            row = table.loc[(crit, other)]
            assert row["partner_a"] == "A"
            assert row["delta_abs"] == pytest.approx(delta)
            assert row["delta_rel"] == pytest.approx(delta / w[k])
            feasible = w[k] + delta >= 0
            assert bool(row["feasible"]) is feasible
            if feasible:
                assert row["new_weight"] == pytest.approx((w[k] + delta) / (1 + delta))
    # Spelled out: A vs C on q: delta = -0.03 / 0.5 = -0.06 (-12 %), the smallest relative.
    assert table.loc[("q", "C"), "delta_abs"] == pytest.approx(-0.06)
    # A vs B on d: delta = -0.3 / 0.5 = -0.6 < -0.2: infeasible.
    assert not table.loc[("d", "B"), "feasible"]
    assert cw.most_critical == "q"
    # At the raw weights (0.44, 0.3, 0.2) A and C tie: 0.44 + 0.1 = 0.22 + 0.12 + 0.2 = 0.54.
    moved = unit_problem.replace(weights={"q": 0.44, "s": 0.3, "d": 0.2})
    with pytest.warns(ps.errors.TieWarning):
        scores = ps.rank(moved, "wsm").scores
    assert scores["A"] == pytest.approx(0.54 / 0.94)
    assert scores["C"] == pytest.approx(0.54 / 0.94)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 6), st.integers(2, 4))
def test_wsm_closed_form_equals_root_finding(seed, m, n):
    pb = make_problem(m, n, seed)
    closed = critical_weights(pb, "wsm", pairs="all").table
    numeric = critical_weights(pb, "wsm", pairs="all", solver="numeric", grid=401).table
    assert closed["feasible"].tolist() == numeric["feasible"].tolist()
    feas = closed["feasible"].to_numpy()
    assert closed["new_weight"][feas].to_numpy() == pytest.approx(
        numeric["new_weight"][feas].to_numpy(), abs=1e-9
    )
    assert closed["delta_abs"][feas].to_numpy() == pytest.approx(
        numeric["delta_abs"][feas].to_numpy(), rel=1e-7, abs=1e-9
    )


class _ProductModel(Method):
    """Weighted product score prod_j a_ij^w_j on raw benefit values (not registered)."""

    label = "test WPM"
    defaults: ClassVar[Mapping[str, Any]] = {}

    def kernel(self, matrix, signs, weights, **params):
        return np.exp(np.atleast_2d(weights) @ np.log(matrix).T)


def test_log_linear_closed_form_wpm_data():
    # Data of the WPM example in Triantaphyllou (2000), ch. 2: P(A1/A2) > 1 etc.
    df = pd.DataFrame(
        [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]],
        index=["A1", "A2", "A3"],
        columns=["C1", "C2", "C3", "C4"],
    )
    pb = ps.Problem.from_frame(df, objectives=["max"] * 4, weights=[0.2, 0.15, 0.4, 0.25])
    cw = critical_weights(pb, _ProductModel(), pairs="top")
    assert cw.solver == "closed (log-linear)"
    a = df.to_numpy(float)
    w = np.array([0.2, 0.15, 0.4, 0.25])
    logP = np.log(a) @ w
    table = cw.table.set_index(["criterion", "partner_b"])
    for k, crit in enumerate(df.columns):
        for j, other in ((1, "A2"), (2, "A3")):
            # Theorem 2 on logs: delta = -log(P_1 / P_j) / log(a_1k / a_jk)
            ratio = np.log(a[0, k] / a[j, k])
            row = table.loc[(crit, other)]
            if ratio == 0:
                assert np.isnan(row["delta_abs"])
                continue
            assert row["delta_abs"] == pytest.approx(-(logP[0] - logP[j]) / ratio)
    numeric = critical_weights(pb, _ProductModel(), pairs="top", solver="numeric")
    feas = cw.table["feasible"].to_numpy()
    assert numeric.table["feasible"].tolist() == feas.tolist()
    assert numeric.table["new_weight"][feas].to_numpy() == pytest.approx(
        cw.table["new_weight"][feas].to_numpy(), abs=1e-9
    )


@pytest.mark.parametrize("method", runnable_methods())
def test_reported_change_swaps_the_pair(method):
    pb = make_problem(5, 4, seed=11)
    cw = critical_weights(pb, method, pairs="all")
    bound = bind(pb, method, {})
    w = pb.weight_vector
    crits = list(pb.criteria)
    ids = list(pb.partners)
    rows = cw.table[cw.table["feasible"] & (cw.table["delta_abs"] != 0)]
    assert len(rows) > 0
    eps = 1e-6
    for _, row in rows.iterrows():
        k = crits.index(row["criterion"])
        a, b = ids.index(row["partner_a"]), ids.index(row["partner_b"])
        x = row["new_weight"]
        step = np.sign(x - w[k])
        xs = np.clip([x + step * eps, x - step * eps], 0, 1)
        U = bound.utility(path_weights(w, k, xs))
        assert U[0, b] > U[0, a], (row.to_dict(), U[0, [a, b]])  # beyond: b overtakes a
        assert U[1, a] > U[1, b], (row.to_dict(), U[1, [a, b]])  # short of it: a still ahead


def test_pairs_options_and_errors(unit_problem):
    n_crit = 3
    assert len(critical_weights(unit_problem, "topsis", pairs="top").table) == n_crit * 2
    adjacent = critical_weights(unit_problem, "topsis", pairs="adjacent").table
    assert adjacent[["partner_a", "partner_b"]].drop_duplicates().values.tolist() == [
        ["A", "C"],
        ["C", "B"],
    ]
    assert len(critical_weights(unit_problem, "topsis", pairs="all").table) == n_crit * 3
    with pytest.raises(ParameterError, match="'pairs'"):
        critical_weights(unit_problem, "wsm", pairs="best")
    with pytest.raises(ParameterError, match="closed form"):
        critical_weights(unit_problem, "topsis", solver="closed")
    with pytest.raises(ParameterError, match="'grid'"):
        critical_weights(unit_problem, "topsis", grid=2)


def test_tied_pair_has_zero_change_and_zero_weight_is_infinite_relative():
    df = pd.DataFrame({"q": [1.0, 0.0, 1.0], "s": [0.0, 1.0, 0.0], "d": [0.0, 1.0, 1.0]})
    df.index = ["A", "B", "C"]
    pb = ps.Problem.from_frame(df, objectives=["max"] * 3, weights=[0.6, 0.4, 0.0])
    with pytest.warns(ps.errors.TieWarning):
        ps.rank(pb, "wsm")  # A and C tie (0.6 each), B has 0.4
    table = critical_weights(pb, "wsm", pairs="all").table.set_index(
        ["criterion", "partner_a", "partner_b"]
    )
    assert table.loc[("q", "A", "C"), "delta_abs"] == 0.0
    # d has weight 0: B vs ... A over B on d: delta = -(0.6-0.4)/(0-1) = 0.2 -> relative inf
    row = table.loc[("d", "A", "B")]
    assert row["delta_abs"] == pytest.approx(0.2)
    assert row["delta_rel"] == np.inf
