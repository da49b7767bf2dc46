"""Weight sweep, tornado, stability intervals and critical weights."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.plot import critical, stability, tornado, weight_sweep
from partnerselect.plot._style import truncate

from ._plot_helpers import no_warnings, scatter_offsets, tick_texts


def _crossing_problem() -> ps.Problem:
    df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})


def test_sweep_hand_example_crossover_at_half() -> None:
    # WSM, min-max: score(a) = w_q, score(b) = 1 - w_q: they cross at w_q = 0.5, score 0.5.
    sweep = ps.sensitivity.weight_sweep(_crossing_problem(), "wsm", criterion="q")
    with no_warnings():
        ax = weight_sweep(sweep)
    assert isinstance(ax, Axes)
    assert len(ax.lines) == 3  # two partners and the dashed current weight
    np.testing.assert_allclose(ax.collections[0].get_offsets(), [[0.5, 0.5]], atol=1e-9)
    np.testing.assert_allclose(ax.lines[-1].get_xdata(), [0.5, 0.5])  # current weight
    assert ax.get_xlim() == (0.0, 1.0)


def test_sweep_many_partners_grey_context_and_criterion_choice(big_problem: ps.Problem) -> None:
    sweep = ps.sensitivity.weight_sweep(big_problem, "wsm", grid=21)
    with no_warnings():
        ax = weight_sweep(sweep, "quality")
    m = big_problem.shape[0]
    assert len(ax.lines) == m + 1
    coloured = [t.get_text() for t in ax.get_legend().get_texts() if t.get_text() != "crossover"]
    assert 0 < len(coloured) <= 6
    names = {truncate(n) for n in big_problem.names}
    assert set(coloured) <= names
    with pytest.raises(ParameterError, match="swept criteria"):
        weight_sweep(sweep, "nope")
    auto = weight_sweep(sweep)
    counts = sweep.crossovers["criterion"].value_counts()
    assert auto.get_title(loc="left") == f"Weight sweep: {counts.idxmax()}"


def test_tornado_bars_span_base_to_low_and_high(big_problem: ps.Problem) -> None:
    result = ps.sensitivity.tornado(big_problem, "topsis")
    with no_warnings():
        ax = tornado(result)
    n = big_problem.shape[1]
    assert len(ax.patches) == 2 * n
    table = result.table
    ends = [p.get_x() + p.get_width() for p in ax.patches]
    np.testing.assert_allclose(ends[:n], table["score_low"], rtol=1e-12)
    np.testing.assert_allclose(ends[n:], table["score_high"], rtol=1e-12)
    assert [t.split(" (")[0] for t in tick_texts(ax)] == list(table["criterion"])


def test_stability_one_interval_per_criterion(big_problem: ps.Problem) -> None:
    result = ps.sensitivity.stability_intervals(big_problem, "wsm")
    with no_warnings():
        ax = stability(result)
    table = result.table
    assert len(ax.patches) == len(table)
    for patch, (lo, hi) in zip(
        ax.patches, zip(table["lower"], table["upper"], strict=True), strict=True
    ):
        assert patch.get_x() == pytest.approx(lo)
        assert patch.get_x() + patch.get_width() == pytest.approx(hi)
    assert scatter_offsets(ax) == len(table)  # the current-weight ticks


def test_critical_one_bar_per_feasible_criterion(big_problem: ps.Problem) -> None:
    result = ps.sensitivity.critical_weights(big_problem, "wsm")
    with no_warnings():
        ax = critical(result)
    rows = result.by_criterion()
    assert len(ax.patches) == len(rows)
    widths = sorted(p.get_width() for p in ax.patches)
    np.testing.assert_allclose(widths, sorted(100 * rows["delta_rel"].abs()))
    if len(rows):
        assert tick_texts(ax)[0] == truncate(result.most_critical)


def test_sensitivity_plots_respect_ax() -> None:
    pb = _crossing_problem()
    for draw in (
        lambda ax: weight_sweep(ps.sensitivity.weight_sweep(pb, "wsm"), "q", ax=ax),
        lambda ax: tornado(ps.sensitivity.tornado(pb, "wsm"), ax=ax),
        lambda ax: stability(ps.sensitivity.stability_intervals(pb, "wsm"), ax=ax),
        lambda ax: critical(ps.sensitivity.critical_weights(pb, "wsm"), ax=ax),
    ):
        _, ax = plt.subplots()
        assert draw(ax) is ax
