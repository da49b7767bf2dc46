"""Weight sweeps and the tornado view."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.sensitivity import tornado, weight_sweep

from ._sens_helpers import make_problem, runnable_methods


def test_crossovers_hand_computed_wsm(unit_problem):
    # Sweep q (x) with s, d rescaled: s, d weights = (1 - x) * (0.6, 0.4).
    # A = x + 0.4 (1 - x) * 0.5 = 0.2 + 0.8x ... computed per partner below.
    # A: q=1, s=0, d=0.5 -> x + 0.2(1-x)        = 0.2 + 0.8x
    # B: q=0, s=1, d=0   -> 0.6(1-x)            = 0.6 - 0.6x
    # C: q=.5, s=.4, d=1 -> 0.5x + (0.24 + 0.4)(1-x) = 0.64 - 0.14x
    # A=B at x = 0.4/1.4 = 2/7; A=C at x = 0.44/0.94; B=C never in [0, 1] (B < C always).
    sw = weight_sweep(unit_problem, "wsm", criterion="q", grid=11)
    cross = sw.crossovers.sort_values("weight").reset_index(drop=True)
    assert cross["weight"].tolist() == pytest.approx([2 / 7, 0.44 / 0.94], abs=1e-12)
    assert cross[["partner_a", "partner_b"]].values.tolist() == [["B", "A"], ["C", "A"]]


def test_scores_table_shape_and_ranks(unit_problem):
    sw = weight_sweep(unit_problem, "topsis", grid=21)
    assert list(sw.scores.columns) == ["criterion", "weight", "partner_id", "score", "rank"]
    assert len(sw.scores) == 3 * 21 * 3
    per_point = sw.scores.groupby(["criterion", "weight"])["rank"].min()
    assert (per_point == 1).all()
    assert set(sw.scores["rank"].astype(int)) <= {1, 2, 3}


@pytest.mark.parametrize("method", runnable_methods())
def test_sweep_passes_through_the_given_weights(method):
    pb = make_problem(seed=3)
    ranking = ps.rank(pb, method)
    for k, crit in enumerate(pb.criteria):
        w_k = pb.weight_vector[k]
        sw = weight_sweep(pb, method, criterion=crit, grid=[0.0, w_k, 1.0])
        at = sw.scores[np.isclose(sw.scores["weight"], w_k)].set_index("partner_id")
        assert at["score"].to_numpy() == pytest.approx(ranking.scores.to_numpy(), rel=1e-9)
        assert at["rank"].astype(int).tolist() == ranking.ranks.tolist()


def test_others_all_zero_share_equally():
    df = pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 1.0], "c": [0.0, 0.5]}, index=["x", "y"])
    pb = ps.Problem.from_frame(df, objectives=["max"] * 3, weights=[1, 0, 0])
    sw = weight_sweep(pb, "wsm", criterion="a", grid=[0.0, 0.4, 1.0])
    at = sw.scores[sw.scores["weight"] == 0.4].set_index("partner_id")["score"]
    # b and c get 0.3 each: x = 0.4 * 1, y = 0.3 * 1 + 0.3 * 1 (c: 0.5 is the max -> 1)
    assert at["x"] == pytest.approx(0.4)
    assert at["y"] == pytest.approx(0.6)


def test_sweep_input_errors(unit_problem):
    with pytest.raises(ParameterError, match="Did you mean"):
        weight_sweep(unit_problem, "wsm", criterion="qq")
    with pytest.raises(ParameterError, match="'grid'"):
        weight_sweep(unit_problem, "wsm", grid=1)
    with pytest.raises(ParameterError, match="'grid'"):
        weight_sweep(unit_problem, "wsm", grid=[0.5, 1.5])
    with pytest.raises(ParameterError, match="unknown parameter"):
        weight_sweep(unit_problem, "wsm", v=0.5)


def test_tornado_hand_computed(unit_problem):
    # +/- 20 % of q's weight: x = 0.4 and 0.6. A = 0.2 + 0.8x -> 0.52 / 0.68 (swing 0.16).
    tor = tornado(unit_problem, "wsm", delta=0.2)
    assert tor.top == "A"
    row = tor.table.set_index("criterion").loc["q"]
    assert (row["low_weight"], row["high_weight"]) == pytest.approx((0.4, 0.6))
    assert (row["score_low"], row["score_high"]) == pytest.approx((0.52, 0.68))
    assert row["swing"] == pytest.approx(0.16)
    # At x = 0.4, C = 0.64 - 0.056 = 0.584 > 0.52: A drops to second.
    assert row["rank_low"] == 2
    assert row["best_low"] == "C"
    assert tor.table["swing"].is_monotonic_decreasing
    same = weight_sweep(unit_problem, "wsm").tornado(0.2)
    pd.testing.assert_frame_equal(same.table, tor.table)
    with pytest.raises(ParameterError, match="'delta'"):
        tornado(unit_problem, "wsm", delta=0)
