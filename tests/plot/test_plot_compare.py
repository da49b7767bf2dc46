"""Method comparison: rank-correlation heatmap and rank lines."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.plot import rank_correlation, rank_lines
from partnerselect.plot._style import truncate

from ._plot_helpers import no_warnings, tick_texts


def test_correlation_from_table_hand_values() -> None:
    corr = pd.DataFrame(
        [[1.0, 0.6, -0.2], [0.6, 1.0, 0.1], [-0.2, 0.1, 1.0]],
        index=["wsm", "topsis", "vikor"],
        columns=["wsm", "topsis", "vikor"],
    )
    with no_warnings():
        ax = rank_correlation(corr)
    np.testing.assert_allclose(ax.images[0].get_array(), corr.to_numpy())
    assert ax.images[0].get_clim() == (-1.0, 1.0)
    cells = sorted(t.get_text() for t in ax.texts if t.get_text()[-1].isdigit())
    assert cells == sorted(f"{v:.2f}" for v in corr.to_numpy().ravel())
    with pytest.raises(ParameterError, match="square"):
        rank_correlation(corr.iloc[:2])
    with pytest.raises(ParameterError, match="needs a Comparison"):
        rank_correlation([[1.0]])


def test_correlation_and_rank_lines_from_a_comparison(problem: ps.Problem) -> None:
    from partnerselect.compare import compare

    methods = ["wsm", "topsis", "wpm"]
    comparison = compare(problem, methods)
    expected = comparison.correlation("kendall")
    with no_warnings():
        ax = rank_correlation(comparison, "kendall")
    np.testing.assert_allclose(ax.images[0].get_array().filled(np.nan), expected.to_numpy())
    assert tick_texts(ax) == methods
    with no_warnings():
        lines = rank_lines(comparison)
    m = problem.shape[0]
    assert len(lines.lines) == m
    first = comparison.ranks[methods[0]].sort_values(kind="stable").index[: min(m, 7)]
    legend = [t.get_text() for t in lines.get_legend().get_texts()]
    assert legend == [truncate(problem.names[p]) for p in first]
    np.testing.assert_allclose(
        lines.lines[-1].get_ydata(), comparison.ranks.loc[first[-1]].to_numpy(float)
    )


def test_rank_lines_table_and_ax() -> None:
    ranks = pd.DataFrame({"wsm": [1, 2, 3], "topsis": [2, 1, 3]}, index=["a", "b", "c"])
    _, ax = plt.subplots()
    assert rank_lines(ranks, ax=ax) is ax
    assert len(ax.lines) == 3
    assert ax.get_ylim() == (3.5, 0.5)  # rank 1 at the top
