"""Radar profiles and value for money."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.axes import Axes

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.plot import pareto_front, radar, value_for_money
from partnerselect.plot._style import truncate

from ._plot_helpers import make_problem, no_warnings, scatter_offsets


def test_radar_draws_top3_by_rank_with_names(problem: ps.Problem) -> None:
    ranking = ps.rank(problem, "wsm")
    with no_warnings():
        ax = radar(ranking)
    assert isinstance(ax, Axes)
    assert ax.name == "polar"
    k = min(3, problem.shape[0])
    assert len(ax.lines) == k
    top = ranking.to_frame().head(k)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [truncate(n) for n in top["name"]]


def test_radar_scales_worst_to_centre_best_to_rim_cost_reversed() -> None:
    df = pd.DataFrame(
        {"q": [1.0, 3.0, 2.0], "c": [5.0, 9.0, 7.0], "r": [1.0, 2.0, 3.0]}, index=["a", "b", "c"]
    )
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min", "r": "max"})
    ax = radar(pb, ["a", "b", "c"])
    radii = [line.get_ydata()[:-1] for line in ax.lines]  # closed line repeats the first
    np.testing.assert_allclose(radii[0], [0.0, 1.0, 0.0])  # a: worst q, cheapest c, worst r
    np.testing.assert_allclose(radii[1], [1.0, 0.0, 0.5])
    np.testing.assert_allclose(radii[2], [0.5, 0.5, 1.0])
    assert "(cost)" in ax.get_xticklabels()[1].get_text()


def test_radar_caps_at_eight_and_says_so() -> None:
    pb = make_problem(12)
    with no_warnings():
        ax = radar(pb, list(pb.partners))
    assert len(ax.lines) == 8
    assert "showing 8 of the 12" in ax.get_legend().get_title().get_text()


def test_radar_needs_polar_axes_and_known_partners() -> None:
    pb = make_problem(4)
    with pytest.raises(ParameterError, match="polar"):
        radar(pb, ax=plt.subplots()[1])
    ax = plt.figure().add_subplot(projection="polar")
    assert radar(pb, ax=ax) is ax
    with pytest.raises(ParameterError, match="neither a partner id"):
        radar(pb, ["nobody"])


def test_pareto_front_hand_example() -> None:
    price = np.array([900.0, 1100.0, 1000.0, 1000.0])
    benefit = np.array([0.5, 0.9, 0.4, 0.7])
    # 900/0.5 cheapest; 1000/0.7 beats 1000/0.4; 1100/0.9 best; 1000/0.4 dominated by 900/0.5.
    assert pareto_front(price, benefit).tolist() == [True, True, False, True]


@settings(max_examples=50, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 12), elements=st.integers(0, 6).map(float)),
    st.data(),
)
def test_pareto_front_property(price: np.ndarray, data: st.DataObject) -> None:
    benefit = data.draw(arrays(np.float64, price.size, elements=st.integers(0, 6).map(float)))
    front = pareto_front(price, benefit)

    def dominated(i: int) -> bool:
        return any(
            price[j] <= price[i]
            and benefit[j] >= benefit[i]
            and (price[j] < price[i] or benefit[j] > benefit[i])
            for j in range(price.size)
        )

    assert front.tolist() == [not dominated(i) for i in range(price.size)]
    assert front.any()


def test_value_for_money_points_frontier_and_benefit_without_price(problem: ps.Problem) -> None:
    ranking = ps.rank(problem, "wsm")
    with no_warnings():
        ax = value_for_money(ranking, risk="risk")
    assert scatter_offsets(ax) == problem.shape[0]
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], problem.matrix["day_rate_eur"])
    expected_y = ranking.scores - ranking.contributions["day_rate_eur"]
    np.testing.assert_allclose(offsets[:, 1], expected_y)
    sizes = ax.collections[0].get_sizes()
    if problem.shape[0] > 1:
        assert sizes[np.argmax(problem.matrix["risk"])] == sizes.max()
    front_line = ax.lines[0]
    mask = pareto_front(problem.matrix["day_rate_eur"].to_numpy(), expected_y.to_numpy())
    assert len(front_line.get_xdata()) == int(mask.sum())


def test_value_for_money_price_series_and_errors() -> None:
    df = pd.DataFrame({"points": [3.0, 5.0, 4.0], "q": [3.0, 4.5, 2.0]}, index=["a", "b", "c"])
    pb = ps.Problem.from_frame(df, objectives={"points": "max", "q": "max"})
    ranking = ps.rank(pb, "topsis")
    with pytest.raises(ParameterError, match="could not tell which criterion is the price"):
        value_for_money(ranking)
    with pytest.raises(ParameterError, match="benefit criterion"):
        value_for_money(ranking, "points")
    prices = pd.Series({"c": 1000.0, "a": 900.0, "b": 1100.0}, name="day rate (EUR)")
    ax = value_for_money(ranking, prices)
    np.testing.assert_allclose(ax.collections[0].get_offsets()[:, 0], [900.0, 1100.0, 1000.0])
    assert ax.get_xlabel().startswith("day rate (EUR)")
    assert ax.get_ylabel() == "TOPSIS score"
    with pytest.raises(ParameterError, match="no value for partner 'c'"):
        value_for_money(ranking, prices.drop("c"))
    _, own = plt.subplots()
    assert value_for_money(ranking, prices, ax=own) is own
