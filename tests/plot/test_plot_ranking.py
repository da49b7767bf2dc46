"""Ranking bars with margins and contribution bars."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import partnerselect as ps
from partnerselect.errors import ParameterError, TieWarning
from partnerselect.plot import contributions, ranking_bars
from partnerselect.plot._style import BAD, GOOD, truncate

from ._plot_helpers import all_text, no_warnings, tick_texts


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_bars_one_per_partner_in_rank_order_with_names(problem: ps.Problem, method: str) -> None:
    ranking = ps.rank(problem, method)
    with no_warnings():
        ax = ranking_bars(ranking)
    assert isinstance(ax, Axes)
    m = problem.shape[0]
    assert len(ax.patches) == m
    frame = ranking.to_frame()
    expected = [f"{r}. {truncate(n)}" for r, n in zip(frame["rank"], frame["name"], strict=True)]
    assert tick_texts(ax) == expected
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, frame["score"].to_numpy())


def test_bars_label_size_shrinks_to_fit_60_partners() -> None:
    from ._plot_helpers import make_problem

    ax = ranking_bars(ps.rank(make_problem(60), "wsm"), ax=plt.subplots(figsize=(6, 4))[1])
    size = ax.get_yticklabels()[0].get_fontsize()
    assert size < 9  # a 4-inch-high axes cannot hold 60 labels at the default size
    fig = ax.get_figure()
    # Without an ax, the figure grows with the partners instead.
    tall = ranking_bars(ps.rank(make_problem(60), "wsm")).get_figure()
    assert tall.get_figheight() > fig.get_figheight() * 2


def test_bars_margins_are_the_gaps_to_the_next_partner() -> None:
    # WSM with one benefit criterion and min-max normalisation: 1, 2, 4 -> 0, 1/3, 1.
    pb = ps.Problem.from_frame(
        pd.DataFrame({"q": [1.0, 2.0, 4.0]}, index=["a", "b", "c"]), objectives={"q": "max"}
    )
    ax = ranking_bars(ps.rank(pb, "wsm"))
    texts = [t.get_text() for t in ax.texts][:3]
    assert texts == ["1.000  (+0.667)", "0.333  (+0.333)", "0.000"]
    assert tick_texts(ax) == ["1. c", "2. b", "3. a"]


def test_bars_ties_and_top_and_lower_is_better() -> None:
    pb = ps.Problem.from_frame(
        pd.DataFrame({"q": [1.0, 2.0, 2.0, 0.5]}, index=["a", "b", "c", "d"]),
        objectives={"q": "max"},
    )
    with pytest.warns(TieWarning):
        ranking = ps.rank(pb, "wsm")
    ax = ranking_bars(ranking, top=2)
    assert len(ax.patches) == 2
    assert "(tie)" in ax.texts[0].get_text()
    assert "top 2 of 4" in all_text(ax)
    low = ps.Ranking.from_scores(
        pb, np.array([0.3, 0.1, 0.2, 0.4]), method="q", params={}, higher_is_better=False
    )
    ax = ranking_bars(low)
    assert tick_texts(ax) == ["1. b", "2. c", "3. a", "4. d"]
    assert "lower is better" in ax.get_xlabel()


def test_bars_respect_ax_and_reject_bad_top() -> None:
    pb = ps.Problem.from_frame(
        pd.DataFrame({"q": [1.0, 2.0]}, index=["a", "b"]), objectives={"q": "max"}
    )
    _, ax = plt.subplots()
    assert ranking_bars(ps.rank(pb, "wsm"), ax=ax) is ax
    with pytest.raises(ParameterError, match="'top' parameter"):
        ranking_bars(ps.rank(pb, "wsm"), top=0)


def _two_partner_problem() -> ps.Problem:
    df = pd.DataFrame({"q": [1.0, 3.0], "c": [5.0, 9.0]}, index=["a", "b"])
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"}, weights=[0.6, 0.4])


def test_contributions_additive_bars_are_contribution_differences() -> None:
    # Min-max: q -> a 0, b 1; c (cost) -> a 1, b 0. Contributions: a (0, 0.4), b (0.6, 0).
    # b ranks first (0.6 > 0.4); b - a = (+0.6, -0.4), sorted by size.
    ranking = ps.rank(_two_partner_problem(), "wsm")
    with no_warnings():
        ax = contributions(ranking)
    assert tick_texts(ax) == ["q", "c"]
    np.testing.assert_allclose([p.get_width() for p in ax.patches], [0.6, -0.4])
    assert [p.get_facecolor()[:3] for p in ax.patches] == [
        pytest.approx(plt.matplotlib.colors.to_rgb(GOOD)),
        pytest.approx(plt.matplotlib.colors.to_rgb(BAD)),
    ]
    assert "sum to the score difference +0.2" in all_text(ax)
    assert "favours b" in ax.get_xlabel()
    assert "favours a" in ax.get_xlabel()


def test_contributions_non_additive_are_oriented_so_cheaper_is_favoured() -> None:
    # TOPSIS keeps the vector-normalised matrix unoriented: a cost criterion's larger
    # value stays larger. The bar must still favour the cheaper partner.
    df = pd.DataFrame({"price": [100.0, 200.0, 150.0], "q": [3.0, 3.5, 1.0]}, index=["a", "b", "c"])
    pb = ps.Problem.from_frame(df, objectives={"price": "min", "q": "max"})
    ranking = ps.rank(pb, "topsis")
    ax = contributions(ranking, "a", "b")
    bars = dict(zip(tick_texts(ax), (p.get_width() for p in ax.patches), strict=True))
    assert bars["price"] > 0  # a is cheaper
    assert bars["q"] < 0  # b has the better quality
    assert "not additive" in all_text(ax)


def test_contributions_single_partner_and_errors(problem: ps.Problem) -> None:
    ranking = ps.rank(problem, "wsm")
    if problem.shape[0] == 1:
        with no_warnings():
            ax = contributions(ranking)
        assert len(ax.patches) == problem.shape[1]
        assert ax.get_title(loc="left").startswith("What makes up")
        return
    with no_warnings():
        ax = contributions(ranking, ranking.to_frame().index[-1])
    assert len(ax.patches) == problem.shape[1]
    with pytest.raises(ParameterError, match="Did you mean 'p01'"):
        contributions(ranking, "P01")
    with pytest.raises(ParameterError, match="same partner"):
        contributions(ranking, "p00", "p00")


def test_contributions_accepts_names() -> None:
    pb = _two_partner_problem().replace(names={"a": "Alpha & Co", "b": "Beta"})
    ax = contributions(ps.rank(pb, "wsm"), "Alpha & Co", "Beta")
    assert ax.get_title(loc="left").startswith("Why Alpha & Co (#2) ranks below Beta (#1)")
