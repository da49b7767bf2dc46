"""Track-record forest plot and evaluator spread."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

import partnerselect as ps
from partnerselect.errors import EvaluatorDisagreementWarning, ParameterError, SchemaError
from partnerselect.evaluators import aggregate_scores
from partnerselect.plot import evaluator_spread, forest, forest_grid
from partnerselect.plot._style import truncate

from ._plot_helpers import no_warnings, scatter_offsets, tick_texts


def _metric_table(problem: ps.Problem) -> pd.DataFrame:
    v = problem.matrix["on_time_rate"]
    n = pd.Series(np.arange(len(v)) % 6, index=v.index)
    return pd.DataFrame(
        {"value": v, "lower": v - 0.1, "upper": v + 0.05, "n": n, "insufficient": n < 3}
    )


def test_forest_one_row_per_partner_insufficient_marked(problem: ps.Problem) -> None:
    table = _metric_table(problem)
    with no_warnings():
        ax = forest(table, names=problem.names)
    assert isinstance(ax, Axes)
    m = problem.shape[0]
    assert scatter_offsets(ax) == m
    weak = [
        c
        for c in ax.collections
        if isinstance(c, PathCollection) and c.get_label() == "insufficient evidence"
    ]
    assert sum(len(c.get_offsets()) for c in weak) == int(table["insufficient"].sum())
    segments = ax.collections[0].get_segments()
    assert len(segments) == m
    order = table.sort_values("value", ascending=False, kind="stable")
    assert tick_texts(ax) == [truncate(problem.names[p]) for p in order.index]
    n_texts = [t.get_text() for t in ax.texts if t.get_text().startswith("n=")]
    assert n_texts == [f"n={k}" for k in order["n"]]


def test_forest_hand_intervals_and_missing_value() -> None:
    table = pd.DataFrame(
        {
            "value": [0.8, np.nan, 0.6],
            "lower": [0.7, np.nan, 0.3],
            "upper": [0.9, np.nan, 0.8],
            "n": [12, 0, 2],
        },
        index=["a", "b", "c"],
    )
    ax = forest(table, order="input")
    segs = ax.collections[0].get_segments()
    np.testing.assert_allclose([s[:, 0] for s in segs], [[0.7, 0.9], [0.3, 0.8]])
    assert any(t.get_text() == "no usable projects" for t in ax.texts)
    with pytest.raises(SchemaError, match="'upper'"):
        forest(table.drop(columns="upper"))
    with pytest.raises(ParameterError, match="'order' parameter"):
        forest(table, order="random")


def test_forest_from_metric_result_and_evaluation(sample: ps.Evaluation) -> None:
    metric = sample.criteria.metrics["on_time_rate"]
    with no_warnings():
        ax = forest(metric, names=sample.problem.names)
    assert scatter_offsets(ax) == len(metric.table)
    assert metric.label in ax.get_xlabel()
    assert "higher is better" in ax.get_xlabel()
    with no_warnings():
        ax2 = forest(sample, "on_time_rate")
    assert scatter_offsets(ax2) == sample.problem.shape[0]
    assert truncate(sample.problem.names.iloc[0]) in tick_texts(ax2)
    with pytest.raises(ParameterError, match="'criterion' parameter"):
        forest(sample, "nope")
    _, own = plt.subplots()
    assert forest(metric, ax=own) is own


def _ratings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "evaluator": ["e1", "e2", "e3"] * 4,
            "partner_id": ["a"] * 3 + ["b"] * 3 + ["a"] * 3 + ["b"] * 3,
            "criterion": ["comms"] * 6 + ["risk plan"] * 6,
            "score": [4, 5, 4, 1, 5, 3, 3, 3, 3, 2, 2, 3],
        }
    )


def test_spread_one_criterion_hand_means_and_flags() -> None:
    with no_warnings():
        ax = evaluator_spread(_ratings(), "comms", tolerance=2)
    ratings, means = ax.collections[1], ax.collections[2]
    assert len(ratings.get_offsets()) == 6
    # means: a 13/3, b 3 -> a first
    np.testing.assert_allclose(means.get_offsets()[:, 0], [13 / 3, 3.0])
    assert tick_texts(ax) == ["a", "b"]
    # b spreads 4 points (1..5) > 2: its label is vermillion, a's is not
    colours = [t.get_color() for t in ax.get_yticklabels()]
    assert colours[1] == "#D55E00"
    assert colours[0] != "#D55E00"


def test_spread_grid_and_result_objects(sample: ps.Evaluation) -> None:
    with no_warnings():
        axes = evaluator_spread(_ratings(), tolerance=2)
    assert len(axes) == 2
    assert all(isinstance(a, Axes) for a in axes)
    # shared rows: a (mean of its six ratings 22/6) above b (16/6), named on the first
    # panel only; b spreads 4 points on comms (> 2): its name is vermillion
    assert tick_texts(axes[0]) == ["a", "b"]
    assert tick_texts(axes[1]) == []
    assert [t.get_color() for t in axes[0].get_yticklabels()][1] == "#D55E00"
    # risk plan: a's mean 3 on row 0, b's 7/3 on row 1
    means = next(c for c in axes[1].collections if c.get_label() == "mean").get_offsets()
    np.testing.assert_allclose(means, [[3.0, 0.0], [7 / 3, 1.0]])
    with pytest.raises(ParameterError, match="grid"):
        evaluator_spread(_ratings(), ax=plt.subplots()[1])
    with pytest.warns(EvaluatorDisagreementWarning):
        result = aggregate_scores(_ratings(), spread_tolerance=2)
    ax = evaluator_spread(result, "comms")
    assert ax.get_xlim() == (0.7, 5.3)  # the 1-5 scale of the result
    crit = sample.criteria.evaluators.table["criterion"].iloc[0]
    with no_warnings():
        ev_ax = evaluator_spread(sample, crit)
    n_partners = sample.criteria.evaluators.scores.query("criterion == @crit")[
        "partner_id"
    ].nunique()
    assert len(tick_texts(ev_ax)) == n_partners
    assert set(tick_texts(ev_ax)) <= {truncate(n) for n in sample.problem.names} | {
        truncate(p) for p in sample.criteria.evaluators.scores["partner_id"]
    }
    with pytest.raises(SchemaError, match="'score'"):
        evaluator_spread(_ratings().drop(columns="score"))


def test_forest_grid_rows_follow_the_ranking(sample: ps.Evaluation) -> None:
    metrics = sample.criteria.metrics
    with no_warnings():
        axes = forest_grid(sample)
    assert len(axes) == len(metrics)
    ranks = sample.ranking.ranks.sort_values(kind="stable")
    names = sample.problem.names
    assert tick_texts(axes[0]) == [f"{r}. {truncate(names[p])}" for p, r in ranks.items()]
    assert all(tick_texts(a) == [] for a in axes[1:])
    for a, (name, metric) in zip(axes, metrics.items(), strict=True):
        table = metric.table.reindex(ranks.index)
        assert a.get_title(loc="left") == truncate(metric.label or name, 30)
        # one marker per partner, on its ranked row, at the metric's estimate
        points = np.concatenate(
            [c.get_offsets() for c in a.collections if isinstance(c, PathCollection)]
        )
        points = points[np.argsort(points[:, 1])]
        np.testing.assert_allclose(points[:, 1], np.arange(len(ranks)))
        np.testing.assert_allclose(points[:, 0], table["value"].to_numpy(float))
    # the projects behind each row, once, right of the last panel: "lo–hi" over the metrics
    n = pd.DataFrame({k: m.table["n"] for k, m in metrics.items()}).reindex(ranks.index)
    want = [
        f"{int(lo)}" if lo == hi else f"{int(lo)}–{int(hi)}"
        for lo, hi in zip(n.min(axis=1), n.max(axis=1), strict=True)
    ]
    assert [t.get_text() for t in axes[-1].texts] == [*want, "projects"]
    assert all(not a.texts for a in axes[:-1])
    first = list(metrics)[:2]
    with no_warnings():
        two = forest_grid(metrics, criteria=first, names=names, columns=1)
    assert len(two) == 2
    assert tick_texts(two[1]) != []  # one panel per row: each row named
    with pytest.raises(ParameterError, match="'criteria' parameter"):
        forest_grid(sample, criteria=["nope"])
    with pytest.raises(ParameterError, match="'columns' parameter"):
        forest_grid(sample, columns=0)
    with pytest.raises(ParameterError, match="forest_grid"):
        forest_grid(pd.DataFrame())
