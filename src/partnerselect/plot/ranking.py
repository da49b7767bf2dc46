"""Ranking bars with margins, and per-criterion contribution bars ("why A beats B")."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.plot._data import check_top, oriented, resolve_partner
from partnerselect.plot._style import (
    BAD,
    GOOD,
    HIGHLIGHT,
    decimals_for,
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

    from partnerselect.ranking import Ranking

__all__ = ["contributions", "criterion_values", "ranking_bars"]

#: Step labels (in order of preference) holding a weighted normalised matrix.
WEIGHTED_STEPS = (
    "weighted normalized matrix",
    "weighted normalised matrix",
    "weighted matrix",
)


def _method_label(ranking: Ranking) -> str:
    return str(ranking.method).upper()


@styled
def ranking_bars(
    ranking: Ranking, *, top: int | None = None, margins: bool = True, ax: Axes | None = None
) -> Axes:
    """Score per partner, best first, with the lead over the next-ranked partner.

    Parameters
    ----------
    ranking : Ranking
    top : int, optional
        Show only the best ``top`` partners (all by default; the figure grows with them).
    margins : bool
        Annotate each bar with ``(+d)``, the score difference to the partner ranked next
        (``tie`` when they share a rank).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per partner shown (rank 1 at the top, highlighted).

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> pb = ps.Problem.from_frame(pd.DataFrame({"q": [1.0, 3.0, 2.0]}, index=["a", "b", "c"]),
    ...                            objectives={"q": "max"})
    >>> ax = ranking_bars(ps.rank(pb, "wsm"))
    >>> len(ax.patches)
    3
    """
    frame = ranking.to_frame()
    m = len(frame)
    k = check_top(top, m)
    scores_all = frame["score"].to_numpy(float)
    ranks_all = frame["rank"].to_numpy(int)
    scores = scores_all[:k]
    ax = new_axes(ax, figsize=row_height_figure(k))
    y = np.arange(k)
    colours = [HIGHLIGHT if r == 1 else GOOD for r in ranks_all[:k]]
    ax.barh(y, scores, color=colours, height=0.7)
    dec = decimals_for(scores_all)
    span = float(max(np.max(scores), 0.0) - min(np.min(scores), 0.0)) or 1.0
    fs = min(label_fontsize(ax, k), 8.5)
    for i in range(k):
        text = f"{scores[i]:.{dec}f}"
        if margins and i + 1 < m:
            if ranks_all[i] == ranks_all[i + 1]:
                text += "  (tie)"
            else:
                text += f"  (+{abs(scores_all[i] - scores_all[i + 1]):.{dec}f})"
        right = scores[i] >= 0
        ax.text(
            scores[i] + (0.01 if right else -0.01) * span,
            i,
            text,
            va="center",
            ha="left" if right else "right",
            fontsize=fs,
            color="#333333",
        )
    lo = min(float(np.min(scores)), 0.0)
    hi = max(float(np.max(scores)), 0.0)
    ax.set_xlim(lo - (0.32 * span if lo < 0 else 0.0), hi + (0.32 * span if hi > 0 else 0.02))
    ax.set_yticks(y)
    labels = [
        f"{r}. {n}"
        for r, n in zip(ranks_all[:k], names_for(ranking.problem, frame.index[:k]), strict=True)
    ]
    ax.set_yticklabels(labels, fontsize=label_fontsize(ax, k))
    ax.set_ylim(k - 0.5, -0.5)
    ax.axvline(0, color="#333333", linewidth=0.8)
    better = "higher" if ranking.higher_is_better else "lower"
    ax.set_xlabel(f"{_method_label(ranking)} score ({better} is better)")
    bits = []
    if margins and m > 1:
        bits.append("(+d) = lead over the partner ranked next")
    if k < m:
        bits.append(f"showing the top {k} of {m} partners")
    titled(ax, f"Ranking by {_method_label(ranking)}", "; ".join(bits) or None)
    return ax


def criterion_values(ranking: Ranking) -> tuple[pd.DataFrame, bool, str]:
    """Per-partner, per-criterion values behind a ranking, larger = better for the partner.

    Returns ``(table, additive, description)``. For additive methods (WSM, ...) the
    table is :attr:`Ranking.contributions` (rows sum to the score). Otherwise it is the
    method's weighted normalised matrix from :attr:`Ranking.steps` (first of
    :data:`WEIGHTED_STEPS`), oriented so that larger is better; when the method keeps no
    such step, the min-max normalised matrix (cost reversed) times the weights.
    """
    contrib = ranking.contributions
    if contrib is not None:
        return contrib, True, "contribution to the score"
    steps = ranking.steps
    problem = ranking.problem
    for key in WEIGHTED_STEPS:
        val = steps.get(key)
        if isinstance(val, pd.DataFrame) and val.shape == problem.shape:
            return oriented(problem, val), False, f"{key} (from the method's steps)"
    v = problem.values
    lo, hi = v.min(axis=0), v.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    r = np.where(problem.signs > 0, (v - lo) / span, (hi - v) / span)
    r = np.where(hi > lo, r, 1.0)
    table = pd.DataFrame(
        r * problem.weight_vector, index=problem.partners, columns=problem.criteria
    )
    return table, False, "min-max normalised value x weight"


@styled
def contributions(
    ranking: Ranking, a: Any = None, b: Any = None, *, ax: Axes | None = None
) -> Axes:
    """Why partner ``a`` beats ``b``: per-criterion differences as diverging bars.

    For additive methods the bars are the differences of the per-criterion contributions
    (:attr:`Ranking.contributions`) and sum to the score difference. For other methods
    (TOPSIS, VIKOR, PROMETHEE...) the bars are differences of the method's weighted
    normalised matrix (``ranking.steps``), oriented so that a bar to the right favours
    ``a``; they show where the gap comes from but do not add up to the score difference.

    Parameters
    ----------
    ranking : Ranking
    a, b : partner id or name, optional
        Defaults: the partners ranked 1 and 2. When only ``a`` is given, ``b`` is the
        partner ranked first (or second when ``a`` is first). With a single partner in
        the problem, the bars show its own per-criterion values.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per criterion, largest difference at the top.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 3.0], "c": [5.0, 9.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"}, weights=[0.6, 0.4])
    >>> [float(p.get_width()) for p in contributions(ps.rank(pb, "wsm")).patches]  # b - a
    [0.6, -0.4]
    """
    problem = ranking.problem
    order = ranking.to_frame().index
    table, additive, how = criterion_values(ranking)
    if a is None:
        a = order[0]
    a = resolve_partner(problem, a, param="a")
    single = b is None and len(order) == 1
    if not single:
        if b is None:
            b = order[1] if a == order[0] else order[0]
        b = resolve_partner(problem, b, param="b")
        if a == b:
            msg = f"The 'a' and 'b' parameters name the same partner ({a!r}); pick two partners."
            raise ParameterError(msg, partner=str(a), value=b)
    diff = table.loc[a] if single else table.loc[a] - table.loc[b]
    diff = diff.iloc[np.argsort(-np.abs(diff.to_numpy(float)), kind="stable")]
    n = len(diff)
    ax = new_axes(ax, figsize=row_height_figure(n, per_row=0.4))
    vals = diff.to_numpy(float)
    colours = [GOOD if v >= 0 else BAD for v in vals]
    y = np.arange(n)
    ax.barh(y, vals, color=colours, height=0.65)
    dec = decimals_for(vals)
    span = float(np.max(np.abs(vals))) or 1.0
    for i, v in enumerate(vals):
        ax.text(
            v + (0.02 if v >= 0 else -0.02) * span,
            i,
            f"{v:+.{dec}f}",
            va="center",
            ha="left" if v >= 0 else "right",
            fontsize=8,
        )
    ax.set_xlim(-1.35 * span if np.any(vals < 0) or not single else 0, 1.35 * span)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_yticks(y)
    ax.set_yticklabels([truncate(c) for c in diff.index], fontsize=label_fontsize(ax, n))
    ax.set_ylim(n - 0.5, -0.5)
    name_a = names_for(problem, [a])[0]
    method = _method_label(ranking)
    if single:
        ax.set_xlabel(f"{how}")
        titled(ax, f"What makes up {name_a}'s {method} score", f"bars: {how}")
        return ax
    name_b = names_for(problem, [b])[0]
    ra, rb = int(ranking.ranks.loc[a]), int(ranking.ranks.loc[b])
    ax.set_xlabel(f"← favours {name_b}      favours {name_a} →")
    if additive:
        total = float(vals.sum())
        foot = f"bars: difference in {how}; they sum to the score difference {total:+.{dec}f}"
    else:
        foot = (
            f"bars: difference in {how}; {method} is not additive, bars do not sum to the score gap"
        )
    verb = "ranks above" if ra < rb else ("ties with" if ra == rb else "ranks below")
    titled(ax, f"Why {name_a} (#{ra}) {verb} {name_b} (#{rb})", foot)
    return ax
