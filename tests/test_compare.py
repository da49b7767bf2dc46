"""Cross-method comparison: ranks table, rank correlations, consensus rankings."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.compare import Comparison, compare, weighted_spearman, ws_coefficient
from partnerselect.errors import ParameterError, UnknownMethodError
from partnerselect.ranking import Ranking


@pytest.fixture
def problem() -> ps.Problem:
    df = pd.DataFrame(
        {
            "price": [900.0, 1100.0, 1000.0, 950.0],
            "quality": [3.0, 4.5, 4.2, 3.1],
            "risk": [2.0, 3.0, 1.0, 4.0],
        },
        index=["p1", "p2", "p3", "p4"],
    )
    return ps.Problem.from_frame(
        df, objectives={"price": "min", "quality": "max", "risk": "min"}, weights=[2, 3, 1]
    )


def _comparison(problem: ps.Problem, rank_lists: dict[str, list[int]]) -> Comparison:
    """A Comparison whose methods produced exactly ``rank_lists`` (scores = -rank)."""
    rankings = {
        k: Ranking.from_scores(problem, -np.asarray(v, float), method=k, params={}, warn_ties=False)
        for k, v in rank_lists.items()
    }
    return Comparison(problem=problem, rankings=rankings)


def test_ranks_and_scores_tables(problem):
    cmp = compare(problem, ["wsm", "topsis", "vikor"])
    assert list(cmp.ranks.columns) == ["wsm", "topsis", "vikor"]
    assert list(cmp.ranks.index) == ["p1", "p2", "p3", "p4"]
    assert cmp.ranks["topsis"].tolist() == ps.rank(problem, "topsis").ranks.tolist()
    assert cmp.scores["vikor"].tolist() == ps.rank(problem, "vikor").scores.tolist()
    assert cmp.directions.to_dict() == {"wsm": True, "topsis": True, "vikor": False}
    assert set(cmp.rankings) == {"wsm", "topsis", "vikor"}


def test_default_methods_and_params(problem):
    cmp = compare(problem)
    assert cmp.methods == ["wsm", "topsis", "vikor", "promethee2"]
    tuned = compare(problem, ["vikor"], params={"vikor": {"v": 0.2}})
    assert tuned.rankings["vikor"].params == {"v": 0.2}


def test_same_method_twice_and_method_objects(problem):
    cmp = compare(problem, ["topsis", ps.get_method("topsis", normalization="minmax")])
    assert cmp.methods == ["topsis", "topsis#2"]
    assert cmp.rankings["topsis#2"].params == {"normalization": "minmax"}


def test_errors(problem):
    with pytest.raises(UnknownMethodError, match="Did you mean 'topsis'"):
        compare(problem, ["topsys"])
    with pytest.raises(ParameterError, match="params given for 'vikor'"):
        compare(problem, ["wsm"], params={"vikor": {"v": 0.3}})
    with pytest.raises(ParameterError, match="at least one method"):
        compare(problem, [])
    with pytest.raises(ParameterError, match="must be one of"):
        compare(problem, ["wsm"]).correlation("pearson")
    with pytest.raises(ParameterError, match="must be one of"):
        compare(problem, ["wsm"]).consensus("kemeny")
    with pytest.raises(ParameterError, match="The 'ties' parameter"):
        compare(problem, ["wsm"], ties="random")


def test_weighted_spearman_by_hand():
    # N = 4: denominator 256 + 64 - 16 - 4 = 300; swapping ranks 1 and 2:
    # 6 * [1 * (4 + 3) + 1 * (3 + 4)] = 84 -> 1 - 84/300 = 0.72
    assert weighted_spearman(np.array([1, 2, 3, 4]), np.array([2, 1, 3, 4])) == pytest.approx(0.72)
    # swapping ranks 3 and 4 costs less: 6 * [1 * (2 + 1) + 1 * (1 + 2)] = 36 -> 0.88
    assert weighted_spearman(np.array([1, 2, 3, 4]), np.array([1, 2, 4, 3])) == pytest.approx(0.88)
    assert weighted_spearman(np.array([1, 2, 3]), np.array([3, 2, 1])) == pytest.approx(-1.0)


def test_ws_coefficient_by_hand_and_asymmetry():
    x = np.array([1, 2, 3, 4, 5])
    # swap at the top: 1 - (2^-1 * 1/4 + 2^-2 * 1/3) = 1 - 0.125 - 0.083333
    assert ws_coefficient(x, np.array([2, 1, 3, 4, 5])) == pytest.approx(1 - 0.125 - 1 / 12)
    # swap at the bottom: 1 - (2^-4 * 1/3 + 2^-5 * 1/4)
    assert ws_coefficient(x, np.array([1, 2, 3, 5, 4])) == pytest.approx(1 - 1 / 48 - 1 / 128)
    a, b = np.array([1, 2, 3]), np.array([3, 1, 2])
    # reference a: 1 - (1/2 * 2/2 + 1/4 * 1/1 + 1/8 * 1/2) = 0.1875
    assert ws_coefficient(a, b) == pytest.approx(0.1875)
    # reference b: 1 - (1/8 * 2/2 + 1/2 * 1/2 + 1/4 * 1/1) = 0.375
    assert ws_coefficient(b, a) == pytest.approx(0.375)


def test_correlation_matrices(problem):
    cmp = _comparison(problem, {"A": [1, 2, 3, 4], "B": [2, 1, 3, 4], "C": [4, 3, 2, 1]})
    sp = cmp.correlation("spearman")
    assert sp.loc["A", "B"] == pytest.approx(0.8)  # 1 - 6 * 2 / (4 * 15)
    assert sp.loc["A", "C"] == pytest.approx(-1.0)
    assert np.allclose(np.diag(sp), 1.0)
    kt = cmp.correlation("kendall")
    assert kt.loc["A", "B"] == pytest.approx(4 / 6)  # 5 concordant, 1 discordant pair
    ws = cmp.correlation("ws")
    assert ws.loc["A", "B"] == pytest.approx(
        ws_coefficient(np.array([1, 2, 3, 4]), np.array([2, 1, 3, 4]))
    )
    assert ws.loc["C", "A"] == pytest.approx(
        ws_coefficient(np.array([4, 3, 2, 1]), np.array([1, 2, 3, 4]))
    )
    assert ws.index.name == "reference"
    rw = cmp.correlation("weighted_spearman")
    assert rw.loc["A", "B"] == pytest.approx(0.72)
    assert rw.loc["B", "A"] == pytest.approx(0.72)


def test_correlation_with_all_tied_ranking_is_nan(problem):
    cmp = _comparison(problem, {"A": [1, 2, 3, 4], "flat": [1, 1, 1, 1]})
    assert np.isnan(cmp.correlation("spearman").loc["A", "flat"])


def test_borda_consensus_by_hand(problem):
    cmp = _comparison(problem, {"A": [1, 2, 3, 4], "B": [1, 3, 2, 4], "C": [4, 1, 2, 3]})
    borda = cmp.consensus("borda")
    # p1: 3 + 3 + 0 = 6; p2: 2 + 1 + 3 = 6; p3: 1 + 2 + 2 = 5; p4: 0 + 0 + 1 = 1
    assert borda["score"].tolist() == [6, 6, 5, 1]
    assert borda["rank"].tolist() == [1, 1, 3, 4]


def test_copeland_consensus_by_hand(problem):
    cmp = _comparison(problem, {"A": [1, 2, 3, 4], "B": [1, 3, 2, 4], "C": [4, 1, 2, 3]})
    cop = cmp.consensus("copeland")
    # p1 beats p2 (A, B), p3 (A, B), p4 (A, B): 3 wins. p2 beats p3 (A, C), p4: 2 wins, 1 loss.
    # p3 beats p4: 1 win, 2 losses. p4: 3 losses.
    assert cop["score"].tolist() == [3, 1, -1, -3]
    assert cop["rank"].tolist() == [1, 2, 3, 4]


def test_to_frame_repr_and_html(problem):
    cmp = compare(problem, ["wsm", "topsis"])
    frame = cmp.to_frame()
    assert list(frame.columns) == ["name", "wsm", "topsis", "consensus (borda)"]
    assert frame["consensus (borda)"].is_monotonic_increasing
    assert "Comparison of 2 methods" in repr(cmp)
    assert "<table" in cmp._repr_html_()


def test_plot_property_delegates(problem):
    accessor = pytest.importorskip("partnerselect.plot.accessor")
    cmp = compare(problem, ["wsm", "topsis"])
    assert isinstance(cmp.plot, accessor.ComparisonPlot)


# --------------------------------------------------------------------------- explain a pair
def test_explain_pair_attributes_the_wsm_gap_exactly(problem):
    cmp = compare(problem, ["wsm", "topsis"])
    ex = cmp.explain("p2", "p3", methods=["wsm", "topsis"])
    # Independent: WSM with min-max is additive, so criterion j's part of the gap is
    # w_j (r_aj - r_bj) / (max score - min score).
    x = problem.values
    lo, hi = x.min(axis=0), x.max(axis=0)
    r = np.where(problem.signs > 0, (x - lo) / (hi - lo), (hi - x) / (hi - lo))
    score = r @ problem.weight_vector
    span = score.max() - score.min()
    expected = problem.weight_vector * (r[1] - r[2]) / span
    got = ex.table["gap wsm"].reindex(problem.criteria).to_numpy()
    np.testing.assert_allclose(got, expected, atol=1e-12)
    assert ex.gaps["wsm"] == pytest.approx((score[1] - score[2]) / span)
    assert ex.table["gap wsm"].sum() == pytest.approx(ex.gaps["wsm"])
    np.testing.assert_allclose(
        ex.table["normalised wsm"].reindex(problem.criteria), r[1] - r[2], atol=1e-12
    )


def test_explain_pair_finds_the_disagreeing_methods_and_says_why():
    # Quality spreads over a sliver of its scale: vector normalisation mutes it, min-max not.
    df = pd.DataFrame(
        {"price": [900.0, 1000.0, 1100.0, 950.0], "quality": [4.0, 4.3, 4.31, 4.05]},
        index=["a", "b", "c", "d"],
    )
    pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"}, weights=[1, 1.2])
    cmp = compare(pb, ["wsm", "topsis"], params={"topsis": {"normalization": "vector"}})
    ranks = cmp.ranks
    assert np.sign(ranks.loc["a", "wsm"] - ranks.loc["b", "wsm"]) != np.sign(
        ranks.loc["a", "topsis"] - ranks.loc["b", "topsis"]
    )
    ex = cmp.explain("a", "b")
    assert ex.methods == ("wsm", "topsis")
    assert ex.table.index[0] == "quality"
    assert "vector difference" in ex.summary
    assert "minmax difference" in ex.summary
    with pytest.raises(ParameterError, match="Unknown partner"):
        cmp.explain("a", "zz")
    with pytest.raises(ParameterError, match="two of the compared methods"):
        cmp.explain("a", "b", methods=["wsm", "vikor"])
