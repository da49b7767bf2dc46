"""Rank distributions: SMAA rank acceptability, central weights, rank-probability heatmap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.plot._data import check_top, table_of
from partnerselect.plot._heatmap import draw_heatmap, heatmap_figsize
from partnerselect.plot._style import (
    LINE_COLOURS,
    PROBABILITY,
    SEQUENTIAL,
    label_fontsize,
    names_for,
    new_axes,
    row_height_figure,
    styled,
    titled,
    truncate,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["acceptability", "central_weights", "rank_probability"]

#: Ranks drawn as their own segment in the acceptability bars; worse ranks are lumped.
SEGMENT_RANKS = 5


def _probabilities(result: Any) -> pd.DataFrame:
    return table_of(result, "acceptability", "rank_probabilities")


def _by_expected_rank(result: Any, probs: pd.DataFrame) -> pd.DataFrame:
    ranks = np.asarray(probs.columns, dtype=float)
    expected = probs.to_numpy(float) @ ranks
    # Expected rank first, then the chance of being first (higher first) to break ties.
    order = np.lexsort((-probs.iloc[:, 0].to_numpy(float), expected))
    return probs.iloc[order]


def _source_label(result: Any) -> str:
    if hasattr(result, "rank_probabilities"):
        return "data uncertainty"
    if hasattr(result, "central_weights"):
        return "SMAA-2"
    return "rank distribution"


@styled
def acceptability(result: Any, *, top: int | None = None, ax: Axes | None = None) -> Axes:
    """Stacked bars of each partner's probability of reaching rank 1, 2, ...

    Partners are sorted by expected rank. Ranks 1 to 5 each get a segment (colours from
    the colour-blind-safe ``cividis`` map, dark = better); ranks beyond are lumped into
    one grey segment so the chart stays readable with many partners.

    Parameters
    ----------
    result : SMAAResult, DataUncertaintyResult or pandas.DataFrame
        Partners x ranks 1..m of probabilities (``.acceptability`` /
        ``.rank_probabilities``).
    top : int, optional
        Show only the first ``top`` partners by expected rank.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        ``k`` bar segments per partner shown (``k = min(m, 5)``, plus one lumped segment
        when ``m > 5``).

    References
    ----------
    Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research 49(3), 444-454.

    Examples
    --------
    >>> import pandas as pd
    >>> probs = pd.DataFrame([[0.7, 0.3], [0.3, 0.7]], index=["a", "b"], columns=[1, 2])
    >>> len(acceptability(probs).patches)
    4
    """
    probs = _by_expected_rank(result, _probabilities(result))
    m_rows, m_ranks = probs.shape
    k_rows = check_top(top, m_rows)
    probs = probs.iloc[:k_rows]
    seg = min(m_ranks, SEGMENT_RANKS)
    parts = [probs.iloc[:, r].to_numpy(float) for r in range(seg)]
    labels = [f"rank {probs.columns[r]}" for r in range(seg)]
    import matplotlib as mpl

    cmap = mpl.colormaps[SEQUENTIAL]
    colours = [cmap(x) for x in np.linspace(0.05, 0.85, seg)]
    if m_ranks > seg:
        parts.append(probs.iloc[:, seg:].sum(axis=1).to_numpy(float))
        labels.append(f"rank {seg + 1}-{m_ranks}")
        colours.append("#D9D9D9")
    ax = new_axes(ax, figsize=row_height_figure(k_rows, width=8.0))
    y = np.arange(k_rows)
    left = np.zeros(k_rows)
    for vals, label, colour in zip(parts, labels, colours, strict=True):
        ax.barh(
            y,
            vals,
            left=left,
            color=colour,
            label=label,
            height=0.72,
            edgecolor="white",
            linewidth=0.5,
        )
        if k_rows <= 30:
            rgb = mpl.colors.to_rgb(colour)
            dark = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 0.5
            for i in np.flatnonzero(vals >= 0.08).tolist():
                ax.text(
                    left[i] + vals[i] / 2,
                    i,
                    f"{vals[i]:.0%}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "black",
                )
        left = left + vals
    problem = getattr(result, "problem", None)
    ax.set_yticks(y)
    ax.set_yticklabels(names_for(problem, probs.index), fontsize=label_fontsize(ax, k_rows))
    ax.set_ylim(k_rows - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.set_xlabel("share of samples")
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=len(labels),
        fontsize=7.5,
        borderaxespad=0.2,
    )
    note = "sorted by expected rank"
    if k_rows < m_rows:
        note += f"; showing {k_rows} of {m_rows} partners"
    n_samples = getattr(result, "n_samples", None)
    if n_samples:
        drawn = "weights and data" if getattr(result, "sample_data", False) else "weights"
        note += f"; {n_samples:,} samples of the {drawn}"
    titled(ax, f"Rank acceptability ({_source_label(result)})", note, pad=16)
    return ax


@styled
def rank_probability(result: Any, *, top: int | None = None, ax: Axes | None = None) -> Axes:
    """Heatmap of P(rank = r) per partner (rows sorted by expected rank).

    Parameters
    ----------
    result : DataUncertaintyResult, SMAAResult or pandas.DataFrame
        Partners x ranks 1..m of probabilities.
    top : int, optional
        Show only the first ``top`` partners by expected rank (all ranks stay as columns).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        An image (``ax.images[0]``) of shape partners x ranks, cells annotated with
        percentages when the grid is at most 15 x 15.

    Examples
    --------
    >>> import pandas as pd
    >>> probs = pd.DataFrame([[0.7, 0.3], [0.3, 0.7]], index=["a", "b"], columns=[1, 2])
    >>> rank_probability(probs).images[0].get_array().shape
    (2, 2)
    """
    probs = _by_expected_rank(result, _probabilities(result))
    m_rows, m_ranks = probs.shape
    k_rows = check_top(top, m_rows)
    probs = probs.iloc[:k_rows]
    ax = new_axes(ax, figsize=heatmap_figsize(k_rows, m_ranks))
    problem = getattr(result, "problem", None)
    draw_heatmap(
        ax,
        probs.to_numpy(float),
        names_for(problem, probs.index),
        [str(c) for c in probs.columns],
        cmap=PROBABILITY,
        vmin=0.0,
        vmax=float(
            np.clip(np.ceil(np.nanmax(probs.to_numpy(float), initial=0.0) * 10) / 10, 0.1, 1.0)
        ),
        cbar_label="probability",
    )
    ax.set_xlabel("rank")
    note = "rows sorted by expected rank"
    if k_rows < m_rows:
        note += f"; showing {k_rows} of {m_rows} partners"
    titled(ax, f"Rank probabilities ({_source_label(result)})", note)
    return ax


@styled
def central_weights(
    result: Any,
    *,
    kind: Literal["heatmap", "bars"] = "heatmap",
    top: int | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Central weight vectors: the typical weights that make each partner first (SMAA-2).

    The first row (or black outlined bars) shows the given weights for reference.
    Partners that are never first have no central weights; they are left out, and the
    plot says how many.

    Parameters
    ----------
    result : SMAAResult or pandas.DataFrame
        ``.central_weights`` (partners x criteria, NaN rows for never-first partners).
    kind : {"heatmap", "bars"}
        A partners x criteria heatmap, or grouped bars (one group per criterion).
    top : int, optional
        Show at most ``top`` partners (by chance of being first when known); default all
        for the heatmap, six for the bars.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research 49(3), 444-454.
    """
    if kind not in ("heatmap", "bars"):
        msg = f"The 'kind' parameter must be 'heatmap' or 'bars'. Got {kind!r} instead."
        raise ParameterError(msg, value=kind)
    cw = table_of(result, "central_weights")
    acc = getattr(result, "acceptability", None)
    if isinstance(acc, pd.DataFrame):
        cw = cw.loc[
            acc.iloc[:, 0].reindex(cw.index).sort_values(ascending=False, kind="stable").index
        ]
    firsts = cw.dropna(how="all")
    n_never = len(cw) - len(firsts)
    if top is None and kind == "bars":
        top = 6  # grouped bars stay readable up to six partners
    k = check_top(top, max(len(firsts), 1))
    firsts = firsts.iloc[:k]
    problem = getattr(result, "problem", None)
    given = problem.weights.reindex(cw.columns) if problem is not None else None
    crit_labels = [truncate(c, 18) for c in cw.columns]
    names = names_for(problem, firsts.index)
    if kind == "heatmap":
        rows = firsts
        labels = names
        if given is not None:
            rows = pd.concat([given.to_frame().T, firsts])
            labels = ["(given weights)", *names]
        ax = new_axes(ax, figsize=heatmap_figsize(len(rows), len(cw.columns)))
        draw_heatmap(
            ax,
            rows.to_numpy(float),
            labels,
            crit_labels,
            cmap=SEQUENTIAL,
            vmin=0.0,
            vmax=float(max(np.nanmax(rows.to_numpy(float)), 1e-9)) if rows.size else 1.0,
            fmt="{:.2f}",
            cbar_label="weight",
        )
        if given is not None and len(rows) > 1:
            ax.axhline(0.5, color="white", linewidth=2.5)
    else:
        n = len(cw.columns)
        ax = new_axes(ax, figsize=(max(7.0, 1.1 * n + 2.5), 4.5))
        x = np.arange(n)
        width = 0.8 / max(len(firsts), 1)
        for i, (pid, row) in enumerate(firsts.iterrows()):
            ax.bar(
                x - 0.4 + width * (i + 0.5),
                row.to_numpy(float),
                width=width,
                color=LINE_COLOURS[i % len(LINE_COLOURS)],
                label=names[i],
            )
            del pid
        if given is not None:
            ax.scatter(
                x,
                given.to_numpy(float),
                marker="_",
                s=900 * min(1.0, 0.8),
                color="black",
                zorder=3,
                label="given weights",
                linewidths=2,
            )
        ax.set_xticks(x)
        ax.set_xticklabels(
            crit_labels, rotation=30 if n > 5 else 0, ha="right" if n > 5 else "center"
        )
        ax.set_ylabel("weight")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    note = "mean weights of the samples in which the partner ranks first"
    if n_never:
        note += f"; {n_never} partner(s) never first are left out"
    if k < len(cw) - n_never:
        note += f"; showing {k} of the {len(cw) - n_never} partners ever first"
    titled(ax, "Central weights (SMAA-2)", note)
    return ax
