"""Weight sensitivity plots: sweep lines with crossovers, tornado, stability intervals,
critical weight changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from partnerselect.errors import ParameterError
from partnerselect.plot._data import table_of
from partnerselect.plot._style import (
    GOOD,
    HIGHLIGHT,
    LINE_COLOURS,
    NEUTRAL,
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

__all__ = ["critical", "stability", "tornado", "weight_sweep"]

#: Most partners drawn in colour on a sweep; the others are grey context lines.
MAX_HIGHLIGHT = 6


def _method(result: Any) -> str:
    return str(getattr(result, "method", "")).upper() or "score"


def _pick_criterion(sweep: Any, criterion: str | None) -> tuple[str, str | None]:
    scores = sweep.scores
    crits = [str(c) for c in scores["criterion"].astype(str).unique()]  # in sweep order
    if criterion is not None:
        if str(criterion) not in crits:
            msg = (
                f"The 'criterion' parameter must be one of the swept criteria "
                f"({', '.join(crits)}). Got {criterion!r} instead."
            )
            raise ParameterError(msg, criterion=str(criterion), value=criterion)
        return str(criterion), None
    if len(crits) == 1:
        return crits[0], None
    counts = sweep.crossovers["criterion"].astype(str).value_counts()
    best = max(crits, key=lambda c: (int(counts.get(c, 0)), -crits.index(c)))
    return (
        best,
        f"criterion with the most crossovers shown; pass criterion= for another ({len(crits)} swept)",
    )


@styled
def weight_sweep(
    sweep: Any,
    criterion: str | None = None,
    *,
    highlight: int = MAX_HIGHLIGHT,
    ax: Axes | None = None,
) -> Axes:
    """Score of every partner as one weight moves from 0 to 1, crossovers marked.

    The other weights keep their proportions (the sweep's convention). Partners that
    reach the top ``highlight`` ranks somewhere along the sweep are drawn in colour with
    a legend; the others are thin grey lines. Crossovers between coloured partners are
    marked with black diamonds and the current weight with a dashed vertical line.

    Parameters
    ----------
    sweep : WeightSweep
        From :func:`partnerselect.sensitivity.weight_sweep` (``scores`` long table
        ``criterion, weight, partner_id, score, rank`` and ``crossovers``).
    criterion : str, optional
        Which sweep to draw; default: the only one, or the one with the most crossovers.
    highlight : int
        Most partners drawn in colour (default 6).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per partner plus the dashed current-weight line.

    References
    ----------
    Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences 28(1), 151-194.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})
    >>> ax = weight_sweep(ps.sensitivity.weight_sweep(pb, "wsm", criterion="q"))
    >>> len(ax.lines)  # two partners and the current weight
    3
    """
    if isinstance(highlight, bool) or not isinstance(highlight, int) or highlight < 0:
        msg = (
            f"The 'highlight' parameter must be a non-negative integer. Got {highlight!r} instead."
        )
        raise ParameterError(msg, value=highlight)
    crit, auto_note = _pick_criterion(sweep, criterion)
    data = sweep.scores[sweep.scores["criterion"].astype(str) == crit]
    data = data.assign(rank=data["rank"].astype(float))
    # one row per (weight, partner) in a sweep: a plain reshape, no aggregation
    by_point = data.drop_duplicates(["weight", "partner_id"]).set_index(["weight", "partner_id"])
    wide, ranks = (by_point[col].unstack("partner_id") for col in ("score", "rank"))
    problem = sweep.problem
    partners = [p for p in problem.partners if p in wide.columns]
    best_rank = ranks[partners].min(axis=0).sort_values(kind="stable")
    colour_ids = list(best_rank.index[: min(highlight, len(LINE_COLOURS) - 1)])
    colour_ids = [p for p in colour_ids if best_rank[p] <= max(highlight, 1)]
    xs = wide.index.to_numpy(float)
    ax = new_axes(ax, figsize=(8.0, 5.0))
    for pid in partners:
        if pid in colour_ids:
            continue
        ax.plot(xs, wide[pid].to_numpy(float), color=NEUTRAL, linewidth=0.7, alpha=0.6, zorder=1)
    labels = dict(zip(partners, names_for(problem, partners), strict=True))
    for i, pid in enumerate(colour_ids):
        ax.plot(
            xs,
            wide[pid].to_numpy(float),
            color=LINE_COLOURS[i],
            linewidth=2.0,
            label=labels[pid],
            zorder=3,
        )
    base = float(sweep.base_weights.get(crit, np.nan))
    ax.axvline(base, color="#333333", linestyle="--", linewidth=1.0, zorder=2)
    cross = sweep.crossovers[sweep.crossovers["criterion"].astype(str) == crit]
    shown = cross[cross["partner_a"].isin(colour_ids) & cross["partner_b"].isin(colour_ids)]
    if len(shown):
        cx = shown["weight"].to_numpy(float)
        cy = np.array(
            [
                np.interp(x, xs, wide[a].to_numpy(float))
                for x, a in zip(cx, shown["partner_a"], strict=True)
            ]
        )
        ax.scatter(cx, cy, marker="D", s=28, color="black", zorder=4, label="crossover")
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"weight of {truncate(crit)} (other weights keep their proportions)")
    ax.set_ylabel(f"{_method(sweep)} score")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    bits = [f"dashed: current weight {base:.2f}", f"{len(cross)} crossover(s) in total"]
    if len(partners) > len(colour_ids):
        bits.append(f"grey: {len(partners) - len(colour_ids)} other partners")
    if auto_note:
        bits.append(auto_note)
    titled(ax, f"Weight sweep: {truncate(crit)}", "; ".join(bits))
    return ax


@styled
def tornado(result: Any, *, ax: Axes | None = None) -> Axes:
    """Tornado diagram: the top partner's score when each weight moves by +/- delta.

    Parameters
    ----------
    result : Tornado
        From :func:`partnerselect.sensitivity.tornado` (``table`` with ``criterion,
        low_weight, high_weight, score_low, score_base, score_high, rank_low, rank_high``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Two bars per criterion (weight lowered, weight raised), largest swing on top.

    References
    ----------
    Eschenbach, T. G. (1992). Spiderplots versus tornado diagrams for sensitivity
    analysis. Interfaces 22(6), 40-46.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [3.0, 1.0, 2.0], "c": [1.0, 3.0, 2.0]}, index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"}, weights=[0.7, 0.3])
    >>> len(tornado(ps.sensitivity.tornado(pb, "wsm")).patches)
    4
    """
    table = table_of(result, "table")
    n = len(table)
    ax = new_axes(ax, figsize=row_height_figure(n, per_row=0.42))
    base = float(table["score_base"].iloc[0]) if n else 0.0
    y = np.arange(n)
    low = table["score_low"].to_numpy(float) - base
    high = table["score_high"].to_numpy(float) - base
    delta = getattr(result, "delta", None)
    pct = f"{delta:.0%}" if isinstance(delta, float) else "delta"
    ax.barh(y, low, left=base, height=0.6, color=HIGHLIGHT, label=f"weight -{pct}")
    ax.barh(y, high, left=base, height=0.6, color=GOOD, label=f"weight +{pct}", alpha=0.9)
    ax.axvline(base, color="#333333", linewidth=0.9)
    r_low = table["rank_low"].to_numpy(float)
    r_high = table["rank_high"].to_numpy(float)
    for i in range(n):
        for val, rank in ((base + low[i], r_low[i]), (base + high[i], r_high[i])):
            if np.isfinite(rank) and int(rank) != 1:
                ax.annotate(
                    f"#{int(rank)}",
                    (val, i),
                    xytext=(4 if val >= base else -4, 0),
                    textcoords="offset points",
                    ha="left" if val >= base else "right",
                    va="center",
                    fontsize=8,
                    color="#B00000",
                )
    ax.set_yticks(y)
    ax.set_yticklabels(
        [
            f"{truncate(c)} ({lo:.2f}–{hi:.2f})"
            for c, lo, hi in zip(
                table["criterion"], table["low_weight"], table["high_weight"], strict=True
            )
        ],
        fontsize=label_fontsize(ax, n),
    )
    ax.set_ylim(n - 0.5, -0.5)
    ax.margins(x=0.15)
    top = getattr(result, "top", None)
    problem = getattr(result, "problem", None)
    who = names_for(problem, [top])[0] if top is not None else "the top partner"
    ax.set_xlabel(f"{_method(result)} score of {who}")
    ax.legend(loc="lower right", fontsize=8)
    titled(
        ax,
        f"Tornado: {who} with each weight {'±' + pct}",
        "label #r: the top partner drops to rank r at that weight",
    )
    return ax


@styled
def stability(result: Any, *, ax: Axes | None = None) -> Axes:
    """Weight stability intervals: per criterion, the weights that keep the decision.

    Parameters
    ----------
    result : StabilityIntervals
        From :func:`partnerselect.sensitivity.stability_intervals` (``table`` with
        ``criterion, weight, lower, upper, best_below, best_above``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar (the interval) per criterion on a 0-1 weight axis, current weight marked.

    References
    ----------
    Mareschal, B. (1988). Weight stability intervals in multicriteria decision aid.
    European Journal of Operational Research 33(1), 54-64.
    """
    table = table_of(result, "table")
    n = len(table)
    ax = new_axes(ax, figsize=row_height_figure(n, width=9.0, per_row=0.5))
    y = np.arange(n)
    lower = table["lower"].to_numpy(float)
    upper = table["upper"].to_numpy(float)
    ax.barh(y, upper - lower, left=lower, height=0.5, color=GOOD, alpha=0.35, edgecolor=GOOD)
    ax.scatter(
        table["weight"].to_numpy(float), y, marker="|", s=160, color="black", zorder=3, linewidths=2
    )
    problem = getattr(result, "problem", None)
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
    fs = min(label_fontsize(ax, n), 7.5)
    for i, (below, above) in enumerate(zip(table["best_below"], table["best_above"], strict=True)):
        parts = []
        if isinstance(below, str) and below:
            parts.append(f"below: {names_for(problem, [below])[0]}")
        if isinstance(above, str) and above:
            parts.append(f"above: {names_for(problem, [above])[0]}")
        if parts:
            ax.text(
                1.02,
                i,
                "\n".join(parts),
                transform=trans,
                va="center",
                fontsize=fs,
                color="#444444",
            )
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_yticks(y)
    ax.set_yticklabels([truncate(c) for c in table["criterion"]], fontsize=label_fontsize(ax, n))
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlabel("weight of the criterion (other weights keep their proportions)")
    level = getattr(result, "level", "top")
    what = "top choice" if level == "top" else "whole ranking"
    titled(
        ax,
        f"Weight stability intervals ({what} unchanged)",
        "bar: weights keeping the decision; tick: current weight; right: the new leader below / above the bar",
    )
    return ax


@styled
def critical(result: Any, *, ax: Axes | None = None) -> Axes:
    """Smallest relative weight change per criterion that swaps a pair of partners.

    Parameters
    ----------
    result : CriticalWeights
        From :func:`partnerselect.sensitivity.critical_weights`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per criterion with a feasible change (shortest = most critical).

    References
    ----------
    Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences 28(1), 151-194.
    """
    rows = result.by_criterion() if hasattr(result, "by_criterion") else table_of(result, "table")
    rows = rows.assign(_abs=rows["delta_rel"].abs()).sort_values("_abs", kind="stable")
    n = len(rows)
    ax = new_axes(ax, figsize=row_height_figure(max(n, 1), per_row=0.42))
    y = np.arange(n)
    vals = 100 * rows["_abs"].to_numpy(float)
    colours = [HIGHLIGHT if i == 0 else GOOD for i in range(n)]
    ax.barh(y, vals, color=colours, height=0.6)
    problem = getattr(result, "problem", None)
    for i, row in enumerate(rows.itertuples(index=False)):
        a, b = names_for(problem, [row.partner_a, row.partner_b])
        sign = "+" if row.delta_rel > 0 else "−"
        ax.annotate(
            f"{sign}{abs(row.delta_rel):.0%}: {b} overtakes {a}",
            (vals[i], i),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
        )
    ax.set_yticks(y)
    ax.set_yticklabels(
        [truncate(c) for c in rows["criterion"]], fontsize=label_fontsize(ax, max(n, 1))
    )
    ax.set_ylim(max(n, 1) - 0.5, -0.5)
    note = "shortest bar = most critical criterion"
    positive = vals[vals > 0]
    if positive.size and positive.max() / positive.min() > 100:
        # Changes span orders of magnitude (a few % next to +10,000 %): a log axis keeps the
        # small, decision-relevant bars visible.
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_xscale("log")
        ax.set_xlim(positive.min() / 2, positive.max() * 30)
        # Plain numbers ("1,000") read better than powers of ten and need no mathtext.
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.6g}"))
        # unlabelled minor ticks at 2x and 5x each power of ten (not all eight: a tick
        # object each, and no easier to read)
        ax.xaxis.set_minor_locator(LogLocator(base=10.0, subs=(2.0, 5.0)))
        ax.xaxis.set_minor_formatter(NullFormatter())
        note += "; log scale"
    else:
        ax.set_xlim(0, max(float(vals.max()) if n else 1.0, 1.0) * 2.2)
    ax.set_xlabel("smallest relative weight change that swaps a pair (%)")
    if n == 0:
        note = "no weight change within [0, 1] swaps any pair: the ranking is weight-robust"
    titled(ax, "Critical weight changes", note)
    return ax
