"""Cross-method comparison: rank-correlation heatmap and rank lines."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.plot._data import check_top, table_of
from partnerselect.plot._heatmap import draw_heatmap, heatmap_figsize
from partnerselect.plot._style import (
    DIVERGING,
    LINE_COLOURS,
    NEUTRAL,
    label_fontsize,
    names_for,
    new_axes,
    styled,
    titled,
    truncate,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["rank_correlation", "rank_lines"]

_KIND_LABEL = {
    "kendall": "Kendall's tau",
    "spearman": "Spearman's rho",
    "weighted_spearman": "weighted Spearman r_w",
    "ws": "WS similarity (row = reference)",
}


@styled
def rank_correlation(comparison: Any, kind: str = "spearman", *, ax: Axes | None = None) -> Axes:
    """Heatmap of rank correlations between methods (1 = same order, -1 = reversed).

    Parameters
    ----------
    comparison : Comparison or pandas.DataFrame
        A :class:`partnerselect.Comparison` (its ``correlation(kind)`` is drawn) or a
        square methods x methods table.
    kind : str
        Passed to ``comparison.correlation``: ``"spearman"`` (default), ``"kendall"``,
        ``"weighted_spearman"`` or ``"ws"``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        An image (``ax.images[0]``) methods x methods on the colour scale [-1, 1].

    References
    ----------
    Spearman, C. (1904). The proof and measurement of association between two things.
    American Journal of Psychology 15(1), 72-101.

    Kendall, M. G. (1938). A new measure of rank correlation. Biometrika 30(1/2), 81-93.

    Examples
    --------
    >>> import pandas as pd
    >>> corr = pd.DataFrame([[1.0, 0.6], [0.6, 1.0]], index=["wsm", "topsis"],
    ...                     columns=["wsm", "topsis"])
    >>> rank_correlation(corr).images[0].get_array().shape
    (2, 2)
    """
    if isinstance(comparison, pd.DataFrame):
        corr = comparison
    elif callable(getattr(comparison, "correlation", None)):
        corr = comparison.correlation(kind)
    else:
        msg = (
            "rank_correlation() needs a Comparison (from partnerselect.compare) or a square "
            f"DataFrame of correlations; got {type(comparison).__name__}."
        )
        raise ParameterError(msg, value=type(comparison).__name__)
    if corr.shape[0] != corr.shape[1]:
        msg = f"The correlation table must be square (methods x methods); got shape {corr.shape}."
        raise ParameterError(msg, value=corr.shape)
    k = corr.shape[0]
    ax = new_axes(ax, figsize=heatmap_figsize(k, k))
    draw_heatmap(
        ax,
        corr.to_numpy(float),
        [truncate(c) for c in corr.index],
        [truncate(c) for c in corr.columns],
        cmap=DIVERGING,
        vmin=-1.0,
        vmax=1.0,
        fmt="{:.2f}",
        cbar_label=_KIND_LABEL.get(kind, kind),
    )
    titled(ax, "Agreement between methods", f"{_KIND_LABEL.get(kind, kind)} between the rankings")
    return ax


@styled
def rank_lines(comparison: Any, *, top: int | None = 10, ax: Axes | None = None) -> Axes:
    """Rank of each partner under each method, one line per partner (a "bump chart").

    Parameters
    ----------
    comparison : Comparison or pandas.DataFrame
        ``.ranks``: partners x methods, 1 = best.
    top : int or None
        Colour the partners ranked in the first ``top`` by the first method (at most
        seven; default 10, so seven); others are grey. ``None`` colours up to seven (the most
        that stay distinguishable).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per partner.

    Examples
    --------
    >>> import pandas as pd
    >>> ranks = pd.DataFrame({"wsm": [1, 2, 3], "topsis": [2, 1, 3]}, index=["a", "b", "c"])
    >>> len(rank_lines(ranks).lines)
    3
    """
    ranks = table_of(comparison, "ranks")
    m, k = ranks.shape
    shown = check_top(top if top is not None else len(LINE_COLOURS) - 1, m)
    first = ranks.iloc[:, 0].astype(float)
    order = list(first.sort_values(kind="stable").index)
    coloured = order[: min(shown, len(LINE_COLOURS) - 1)]  # the grey one is for context
    problem = getattr(comparison, "problem", None)
    ax = new_axes(ax, figsize=(max(6.0, 1.4 * k + 3.5), float(np.clip(1.5 + 0.25 * m, 3.5, 18.0))))
    x = np.arange(k)
    for pid in order:
        if pid in coloured:
            continue
        ax.plot(
            x,
            ranks.loc[pid].to_numpy(float),
            color=NEUTRAL,
            linewidth=0.8,
            alpha=0.6,
            marker="o",
            markersize=2.5,
        )
    names = dict(zip(order, names_for(problem, order), strict=True))
    for i, pid in enumerate(coloured):
        ys = ranks.loc[pid].to_numpy(float)
        ax.plot(
            x, ys, color=LINE_COLOURS[i], linewidth=2.0, marker="o", markersize=5, label=names[pid]
        )
    ax.set_xticks(x)
    ax.set_xticklabels([truncate(c, 14) for c in ranks.columns], rotation=30 if k > 5 else 0)
    ax.set_ylim(m + 0.5, 0.5)
    step = max(1, int(np.ceil(m / 15)))
    ax.set_yticks(np.arange(1, m + 1, step))
    ax.tick_params(axis="y", labelsize=label_fontsize(ax, int(np.ceil(m / step))))
    ax.set_ylabel("rank (1 = best)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    note = f"coloured: the first {len(coloured)} by {truncate(ranks.columns[0], 14)}"
    titled(ax, "Ranks across methods", note)
    return ax
