"""Evidence behind the criteria: track-record intervals (forest plot) and evaluator spread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError, SchemaError
from partnerselect.plot._style import (
    BAD,
    GOOD,
    label_fontsize,
    new_axes,
    row_height_figure,
    styled,
    titled,
    truncate,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["evaluator_spread", "forest", "forest_grid"]


def _names(source: Any, names: Any) -> pd.Series | None:
    if names is not None:
        return pd.Series(names) if not isinstance(names, pd.Series) else names
    problem = getattr(source, "problem", None)
    return getattr(problem, "names", None)


def _labels(ids: Any, names: pd.Series | None) -> list[str]:
    out = []
    for pid in ids:
        name = names.get(pid, pid) if names is not None else pid
        out.append(
            truncate(pid if name is None or (isinstance(name, float) and np.isnan(name)) else name)
        )
    return out


def _metric_table(source: Any, criterion: str | None) -> tuple[pd.DataFrame, dict[str, Any]]:
    info: dict[str, Any] = {}
    if isinstance(source, pd.DataFrame):
        table = source
    elif hasattr(source, "table") and hasattr(source, "unit"):  # MetricResult
        table = source.table
        info = {
            "label": getattr(source, "label", "") or getattr(source, "name", ""),
            "unit": source.unit,
            "objective": getattr(source, "objective", None),
            **{k: source.params.get(k) for k in ("level", "min_projects") if k in source.params},
        }
    else:
        cells = getattr(getattr(source, "criteria", source), "cells", None)
        if not isinstance(cells, pd.DataFrame):
            msg = (
                "forest() needs a track-record MetricResult, an Evaluation (with criterion=) or "
                f"a DataFrame with value, lower and upper columns; got {type(source).__name__}."
            )
            raise ParameterError(msg, value=type(source).__name__)
        crits = list(dict.fromkeys(cells.index.get_level_values("criterion")))
        if criterion is None or criterion not in crits:
            msg = (
                f"The 'criterion' parameter must name one of the criteria ({', '.join(map(str, crits))}). "
                f"Got {criterion!r} instead."
            )
            raise ParameterError(msg, criterion=criterion, value=criterion)
        table = pd.DataFrame(cells.xs(criterion, level="criterion"))
        info = {"label": criterion}
        metric = getattr(getattr(source, "criteria", source), "metrics", {}).get(criterion)
        if metric is not None and hasattr(metric, "unit"):
            info.update(
                label=getattr(metric, "label", "") or criterion,
                unit=metric.unit,
                **{
                    k: metric.params.get(k) for k in ("level", "min_projects") if k in metric.params
                },
            )
        problem = getattr(source, "problem", None)
        if problem is not None and criterion in problem.criteria:
            info["objective"] = "max" if problem.objectives[criterion] > 0 else "min"
            table = table.reindex(problem.partners)
    if "partner_id" in table.columns:
        table = table.set_index("partner_id")
    missing = [c for c in ("value", "lower", "upper") if c not in table.columns]
    if missing:
        msg = f"The metric table lacks the column {missing[0]!r}; it needs value, lower and upper."
        raise SchemaError(msg, column=missing[0])
    return table, info


def _forest_panel(
    ax: Axes, table: pd.DataFrame, fs: float, *, n_labels: bool = True
) -> tuple[bool, bool]:
    """Interval lines, estimates and ``n`` of ``table``'s rows (row i at y = i) on ``ax``.

    Returns whether any row was drawn as weak evidence, and whether any was imputed.
    """
    import matplotlib.transforms as mtransforms

    m = len(table)
    y = np.arange(m)
    value = table["value"].to_numpy(float)
    lower = table["lower"].to_numpy(float)
    upper = table["upper"].to_numpy(float)
    weak = (
        table["insufficient"].fillna(False).to_numpy(bool)
        if "insufficient" in table.columns
        else np.zeros(m, dtype=bool)
    )
    imputed = (
        table["imputed"].fillna(False).to_numpy(bool)
        if "imputed" in table.columns
        else np.zeros(m, dtype=bool)
    )
    weak = weak | imputed
    ok = np.isfinite(lower) & np.isfinite(upper)
    ax.hlines(
        y[ok], lower[ok], upper[ok], color=[BAD if w else GOOD for w in weak[ok]], linewidth=1.6
    )
    strong = ~weak & np.isfinite(value)
    ax.scatter(value[strong], y[strong], color=GOOD, s=36, zorder=3, label="estimate")
    thin = weak & np.isfinite(value)
    if thin.any():
        ax.scatter(
            value[thin],
            y[thin],
            marker="D",
            facecolors="white",
            edgecolors=BAD,
            linewidths=1.5,
            s=36,
            zorder=3,
            label="insufficient evidence",
        )
    trans = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
    if n_labels and "n" in table.columns:
        for i, n in enumerate(table["n"]):
            text = "n=?" if pd.isna(n) else f"n={int(n)}"
            if imputed[i]:
                text += " (imputed)"
            ax.text(1.01, i, text, transform=trans, va="center", fontsize=fs, color="#444444")
    for j in np.flatnonzero(~np.isfinite(value)):
        ax.text(
            0.01,
            float(j),
            "no usable projects",
            transform=trans,
            va="center",
            fontsize=fs,
            color=BAD,
        )
    ax.set_ylim(m - 0.5, -0.5)
    return bool(thin.any()), bool(imputed.any())


def _forest_xlabel(info: dict[str, Any], *, short: bool = False) -> str:
    """``label (unit), higher is better``; ``short``: the unit, then the direction on a
    second line (a panel of a grid, which has a title)."""
    label = str(info.get("label") or "value")
    unit = info.get("unit")
    full = f"{label} ({unit})" if unit else label
    text = (str(unit) if unit else "") if short else full
    if info.get("objective") in ("max", "min"):
        better = "higher" if info["objective"] == "max" else "lower"
        sep = "\n" if short else ", "  # a narrow panel: the direction on a line of its own
        text = f"{text}{sep}{better} is better" if text else f"{better} is better"
    return text


def _forest_note(info: dict[str, Any], thin: bool, imputed: bool) -> str:
    level = info.get("level")
    bits = ["dot: estimate", f"line: {level:.0%} interval" if level else "line: interval"]
    if thin or "min_projects" in info:
        mp = info.get("min_projects")
        bits.append(
            "open diamond: insufficient evidence"
            + (f" (fewer than {mp} projects)" if mp else "")
            + (" or imputed value" if imputed else "")
        )
    return "; ".join(bits)


@styled
def forest(
    source: Any,
    criterion: str | None = None,
    *,
    names: pd.Series | dict[str, str] | None = None,
    order: str = "value",
    ax: Axes | None = None,
) -> Axes:
    """Forest plot of a track-record metric: estimate and interval per partner, n annotated.

    Cells resting on fewer projects than ``min_projects`` (``insufficient``) are drawn as
    open vermillion diamonds instead of blue dots. :func:`forest_grid` draws every metric
    side by side, one row per partner.

    Parameters
    ----------
    source : MetricResult, Evaluation or pandas.DataFrame
        A :class:`partnerselect.trackrecord.MetricResult`, an Evaluation (then name the
        ``criterion``: its cells carry value, lower, upper, n), or a table indexed by
        partner id with ``value, lower, upper`` and optionally ``n, insufficient,
        imputed`` (imputed cells are drawn like insufficient ones and marked).
    criterion : str, optional
        Which criterion of an Evaluation.
    names : mapping or Series, optional
        Display names by partner id (an Evaluation provides them).
    order : {"value", "input"}
        Best estimate first (by the metric's direction when known), or the table order.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One interval line and one marker per partner.

    References
    ----------
    Lewis, S. & Clarke, M. (2001). Forest plots: trying to see the wood and the trees.
    BMJ 322(7300), 1479-1480.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"value": [0.8, 0.6], "lower": [0.7, 0.3], "upper": [0.9, 0.8],
    ...                   "n": [12, 2], "insufficient": [False, True]}, index=["a", "b"])
    >>> ax = forest(t)
    >>> sum(len(c.get_offsets()) for c in ax.collections if hasattr(c, "get_sizes"))
    2
    """
    if order not in ("value", "input"):
        msg = f"The 'order' parameter must be 'value' or 'input'. Got {order!r} instead."
        raise ParameterError(msg, value=order)
    table, info = _metric_table(source, criterion)
    if order == "value":
        ascending = info.get("objective") == "min"
        table = table.sort_values("value", ascending=ascending, kind="stable", na_position="last")
    m = len(table)
    ax = new_axes(ax, figsize=row_height_figure(m, width=7.5))
    thin, imputed = _forest_panel(ax, table, min(label_fontsize(ax, m), 8.0))
    ax.set_yticks(np.arange(m))
    ax.set_yticklabels(_labels(table.index, _names(source, names)), fontsize=label_fontsize(ax, m))
    ax.set_xlabel(_forest_xlabel(info))
    ax.margins(x=0.08)
    label = str(info.get("label") or "value")
    titled(ax, f"Track record: {truncate(label, 60)}", _forest_note(info, thin, imputed))
    return ax


def _grid_title(fig: Any, text: str) -> None:
    """A small left-aligned figure title, wrapped to the figure's width."""
    import textwrap

    width = max(int(fig.get_figwidth() * 72.0 / (9 * 0.56)), 40)
    fig.suptitle("\n".join(textwrap.wrap(text, width)), fontsize=9, x=0.01, ha="left")


def _project_counts(tables: list[pd.DataFrame]) -> list[str] | None:
    """Per row, the projects behind the metrics: ``"17"``, or ``"22–23"`` when they differ."""
    if not tables or any("n" not in t.columns for t in tables):
        return None
    n = np.column_stack([pd.to_numeric(t["n"], errors="coerce").to_numpy(float) for t in tables])
    out = []
    for row in n:
        ok = row[np.isfinite(row)]
        if ok.size == 0:
            out.append("?")
            continue
        lo, hi = int(ok.min()), int(ok.max())
        out.append(f"{lo}" if lo == hi else f"{lo}–{hi}")
    return out


def _grid_sources(source: Any, criteria: list[str] | None) -> list[tuple[str, Any, Any]]:
    """``(name, metric source, criterion)`` per panel of :func:`forest_grid`."""
    metrics = getattr(getattr(source, "criteria", None), "metrics", None)
    if metrics is None and isinstance(source, dict):
        metrics = source
    if metrics is None:
        msg = (
            "forest_grid() needs an Evaluation or a mapping of track-record MetricResults by "
            f"name; got {type(source).__name__}."
        )
        raise ParameterError(msg, value=type(source).__name__)
    names = list(metrics) if criteria is None else [str(c) for c in criteria]
    unknown = [c for c in names if c not in metrics]
    if unknown or not names:
        msg = (
            f"The 'criteria' parameter must name track-record metrics ({', '.join(map(str, metrics))}). "
            f"Got {criteria!r} instead."
        )
        raise ParameterError(msg, criterion=unknown[0] if unknown else None, value=criteria)
    return [(c, metrics[c], None) for c in names]


@styled
def forest_grid(
    source: Any,
    *,
    criteria: list[str] | None = None,
    names: pd.Series | dict[str, str] | None = None,
    columns: int = 5,
) -> np.ndarray:
    """Every track-record metric side by side, one row per partner (small multiples).

    Rows follow the ranking (``1.`` is first) when ``source`` is an Evaluation; partners
    without a rank follow in the metrics' order. Each panel is a :func:`forest` of one
    metric on its own scale, with the same rows, so a partner's record reads along its
    row. Partner names are written once per row of panels.

    Parameters
    ----------
    source : Evaluation or mapping of MetricResult
        An Evaluation (its ``criteria.metrics`` and ranking), or ``{name: MetricResult}``.
    criteria : list of str, optional
        Which metrics, in this order (default: all).
    names : mapping or Series, optional
        Display names by partner id (an Evaluation provides them).
    columns : int, default 5
        Panels per row of the grid.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One Axes per metric.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> t = pd.DataFrame({"value": [0.8, 0.6], "lower": [0.7, 0.3], "upper": [0.9, 0.8],
    ...                   "n": [12, 2]}, index=["a", "b"])
    >>> m = SimpleNamespace(table=t, unit="share", label="on time", params={}, objective="max")
    >>> axes = forest_grid({"on time": m, "quality": m})
    >>> [t.get_text() for t in axes[0].get_yticklabels()], len(axes[1].get_yticklabels())
    (['a', 'b'], 0)
    """
    if not isinstance(columns, int | np.integer) or isinstance(columns, bool) or columns < 1:
        msg = f"The 'columns' parameter must be a positive integer. Got {columns!r} instead."
        raise ParameterError(msg, value=columns)
    panels = [
        (c, *_metric_table(metric, crit)) for c, metric, crit in _grid_sources(source, criteria)
    ]
    ids: list[Any] = []
    for _, table, _ in panels:
        ids.extend(p for p in table.index if p not in set(ids))
    ranks = getattr(getattr(source, "ranking", None), "ranks", None)
    label_names = _names(source, names)
    if ranks is not None:
        ranked = [p for p in ranks.sort_values(kind="stable").index if p in set(ids)]
        ids = ranked + [p for p in ids if p not in set(ranked)]
    labels = _labels(ids, label_names)
    if ranks is not None:
        labels = [
            f"{int(ranks[p])}. {lab}" if p in ranks.index and pd.notna(ranks[p]) else lab
            for p, lab in zip(ids, labels, strict=True)
        ]
    import matplotlib.pyplot as plt
    import matplotlib.transforms as mtransforms

    m = len(ids)
    cols = min(columns, len(panels))
    rows = int(np.ceil(len(panels) / cols))
    height = float(np.clip(1.5 + 0.24 * m, 2.8, 24.0))
    fig, axes = plt.subplots(
        rows,
        cols,
        # at most about 10.5 in wide: the width of a report page at the report's resolution
        figsize=(2.4 + float(np.clip(8.0 / cols, 1.5, 2.15)) * cols, rows * height),
        layout="constrained",
        squeeze=False,
    )
    flat = axes.ravel()
    fs = float(np.clip(0.75 * (height - 1.5) * 72.0 / max(m, 1), 5.0, 8.0))
    any_thin = any_imputed = False
    info0: dict[str, Any] = {}
    y = np.arange(m)
    counts = _project_counts([t.reindex(ids) for _, t, _ in panels])
    for k, (a, (crit, table, info)) in enumerate(zip(flat, panels, strict=False)):
        thin, imputed = _forest_panel(a, table.reindex(ids), min(fs, 7.0), n_labels=False)
        any_thin, any_imputed = any_thin or thin, any_imputed or imputed
        info0 = info0 or info
        # faint row guides across the panel, one line collection
        a.hlines(y, 0, 1, transform=a.get_yaxis_transform(), color="#EEEEEE", lw=0.8, zorder=0)
        a.margins(x=0.08)
        a.set_title(truncate(info.get("label") or crit, 30), loc="left", fontsize=9.5)
        a.set_xlabel(_forest_xlabel(info, short=True), fontsize=8)
        a.tick_params(axis="x", labelsize=7.5)
        if k % cols == 0:
            a.set_yticks(y)
            a.set_yticklabels(labels, fontsize=fs + 0.5)
        else:
            a.set_yticks([])
            a.spines["left"].set_visible(False)
        if counts is not None and (k % cols == cols - 1 or k == len(panels) - 1):
            # the projects behind each row, once per row of panels (a range when the
            # metrics rest on different projects, as in the report's evidence table)
            trans = mtransforms.blended_transform_factory(a.transAxes, a.transData)
            for i, text in enumerate(counts):
                a.text(1.04, i, text, transform=trans, va="center", fontsize=min(fs, 7.0),
                       color="#444444")  # fmt: skip
            a.text(1.04, 1.0, "projects", transform=a.transAxes, va="bottom", fontsize=7.0,
                   color="#444444")  # fmt: skip
    for a in flat[len(panels) :]:
        a.set_visible(False)
    note = _forest_note(info0, any_thin, any_imputed)
    _grid_title(fig, f"Track record ({note}; projects: how many past projects each row rests on)")
    return flat[: len(panels)]


def _ratings(source: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    if isinstance(source, pd.DataFrame):
        return source, {}
    result = source
    inner = getattr(getattr(source, "criteria", None), "evaluators", None)
    if inner is not None:
        result = inner
    scores = getattr(result, "scores", None)
    if isinstance(scores, pd.DataFrame):
        return scores, dict(getattr(result, "params", {}) or {})
    msg = (
        "evaluator_spread() needs an EvaluatorResult, an Evaluation with evaluator scores, or a "
        f"DataFrame of ratings (partner_id, criterion, score); got {type(source).__name__}."
    )
    raise ParameterError(msg, value=type(source).__name__)


def _spread_one(
    ax: Axes,
    ratings: pd.DataFrame,
    labels: pd.Series | None,
    tolerance: float | None,
    scale: Any,
    rows: list[Any] | None = None,
) -> np.ndarray:
    """One criterion's ratings on ``ax``; returns which rows are flagged.

    ``rows``: the partners in row order (a grid's shared rows; partners not rated here
    leave their row empty) and no names written (the grid writes them once); default:
    the rated partners, highest mean first, named.
    """
    stats = ratings.groupby("partner_id", sort=False)["score"].agg(["mean", "min", "max"])
    if rows is None:
        stats = stats.sort_values("mean", ascending=False, kind="stable")
    else:
        stats = stats.reindex(rows)
    m = len(stats)
    pos = {pid: i for i, pid in enumerate(stats.index)}
    flagged = (
        (stats["max"] - stats["min"] > tolerance).to_numpy(bool)
        if tolerance is not None
        else np.zeros(m, bool)
    )
    y = np.arange(m)
    if rows is not None:  # faint guides: the eye follows a partner's row across panels
        ax.hlines(y, 0, 1, transform=ax.get_yaxis_transform(), color="#EEEEEE", lw=0.8, zorder=0)
    rated = np.isfinite(stats["mean"].to_numpy(float))
    ax.hlines(
        y[rated],
        stats["min"][rated],
        stats["max"][rated],
        color=[BAD if f else "#BBBBBB" for f in flagged[rated]],
        linewidth=2.5,
        zorder=1,
    )
    evaluators = list(dict.fromkeys(ratings["evaluator"])) if "evaluator" in ratings.columns else []
    k = max(len(evaluators), 1)
    offset = {e: (j - (k - 1) / 2) * min(0.5 / k, 0.12) for j, e in enumerate(evaluators)}
    ry = np.array(
        [
            pos[p] + offset.get(e, 0.0)
            for p, e in zip(
                ratings["partner_id"], ratings.get("evaluator", [None] * len(ratings)), strict=True
            )
        ]
    )
    ax.scatter(
        ratings["score"].to_numpy(float),
        ry,
        s=22,
        color=GOOD,
        alpha=0.75,
        zorder=2,
        label="one evaluator",
    )
    ax.scatter(
        stats["mean"].to_numpy(float),
        y,
        marker="|",
        s=220,
        color="black",
        linewidths=2,
        zorder=3,
        label="mean",
    )
    if rows is None:
        ax.set_yticks(y)
        ax.set_yticklabels(_labels(stats.index, labels), fontsize=label_fontsize(ax, m))
        for tick, flag in zip(ax.get_yticklabels(), flagged, strict=True):
            if flag:
                tick.set_color(BAD)
    else:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    ax.set_ylim(m - 0.5, -0.5)
    if scale is not None:
        lo, hi = scale
        ax.set_xlim(float(lo) - 0.3, float(hi) + 0.3)
    return flagged


@styled
def evaluator_spread(
    source: Any,
    criterion: str | None = None,
    *,
    names: pd.Series | dict[str, str] | None = None,
    tolerance: float | None = None,
    ax: Axes | None = None,
) -> Any:
    """Each evaluator's rating as a dot, the mean as a bar, per partner.

    Rows whose spread (max - min) exceeds ``tolerance`` are drawn in vermillion: the panel
    should discuss them (and record a moderated value with a comment).

    Parameters
    ----------
    source : EvaluatorResult, Evaluation or pandas.DataFrame
        Ratings in long form: ``partner_id, criterion, score`` (and ``evaluator``).
    criterion : str, optional
        One criterion (returns one Axes). Default: the only one, or a small-multiples grid
        of all criteria (returns an array of Axes; ``ax`` must then be None).
    names : mapping or Series, optional
        Display names by partner id (an Evaluation provides them).
    tolerance : float, optional
        Spread above which a row is flagged; default: the result's ``spread_tolerance``.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes or numpy.ndarray of Axes

    References
    ----------
    Clemen, R. T. & Winkler, R. L. (1999). Combining probability distributions from
    experts in risk analysis. Risk Analysis 19(2), 187-203.

    Examples
    --------
    >>> import pandas as pd
    >>> r = pd.DataFrame({"evaluator": ["e1", "e2", "e1", "e2"], "partner_id": ["a", "a", "b", "b"],
    ...                   "criterion": ["comms"] * 4, "score": [4, 5, 2, 5]})
    >>> len(evaluator_spread(r, tolerance=2).collections[1].get_offsets())
    4
    """
    ratings, params = _ratings(source)
    if "score" not in ratings.columns and "value" in ratings.columns:
        ratings = ratings.rename(columns={"value": "score"})
    for col in ("partner_id", "criterion", "score"):
        if col not in ratings.columns:
            msg = f"The ratings lack the column {col!r}; they need partner_id, criterion and score."
            raise SchemaError(msg, column=col)
    tol = tolerance if tolerance is not None else params.get("spread_tolerance")
    scale = params.get("scale")
    labels = _names(source, names)
    crits = list(dict.fromkeys(ratings["criterion"].astype(str)))
    if criterion is not None and str(criterion) not in crits:
        msg = f"The 'criterion' parameter must be one of {crits}. Got {criterion!r} instead."
        raise ParameterError(msg, criterion=str(criterion), value=criterion)
    note = "dot: one evaluator; black bar: mean; grey line: range"
    if tol is not None:
        note += f"; vermillion: spread above {tol:g} point(s), discuss"
    if criterion is not None or len(crits) == 1:
        crit = str(criterion) if criterion is not None else crits[0]
        sub = ratings[ratings["criterion"].astype(str) == crit]
        ax = new_axes(ax, figsize=row_height_figure(sub["partner_id"].nunique(), width=7.0))
        _spread_one(ax, sub, labels, tol, scale)
        ax.set_xlabel(f"{truncate(crit)} rating")
        titled(ax, f"Evaluator ratings: {truncate(crit)}", note)
        return ax
    if ax is not None:
        msg = (
            "With several criteria evaluator_spread() draws a grid: pass criterion=... or ax=None."
        )
        raise ParameterError(msg, value="ax")
    import matplotlib.pyplot as plt

    # small multiples with shared rows: one row per partner (highest mean over every
    # criterion first), named once per row of panels, one panel per criterion
    cols = min(5, len(crits))
    n_rows = int(np.ceil(len(crits) / cols))
    order = list(
        ratings.groupby("partner_id", sort=False)["score"]
        .mean()
        .sort_values(ascending=False, kind="stable")
        .index
    )
    m = len(order)
    height = float(np.clip(1.3 + 0.24 * m, 2.6, 24.0))
    fig, axes = plt.subplots(
        n_rows,
        cols,
        figsize=(2.4 + 1.9 * cols, n_rows * height),
        layout="constrained",
        squeeze=False,
    )
    flat = axes.ravel()
    flagged = np.zeros(m, dtype=bool)
    for a, crit in zip(flat, crits, strict=False):
        sub = ratings[ratings["criterion"].astype(str) == crit]
        flagged |= _spread_one(a, sub, labels, tol, scale, rows=order)
        a.set_title(truncate(crit, 30), loc="left", fontsize=9.5)
        a.tick_params(axis="x", labelsize=7.5)
    fs = float(np.clip(0.75 * (height - 1.3) * 72.0 / max(m, 1), 5.0, 9.0))
    for first in flat[: len(crits) : cols]:
        first.set_yticks(np.arange(m))
        first.set_yticklabels(_labels(order, labels), fontsize=fs)
        first.spines["left"].set_visible(True)
        for tick, flag in zip(first.get_yticklabels(), flagged, strict=True):
            if flag:
                tick.set_color(BAD)
    for a in flat[len(crits) :]:
        a.set_visible(False)
    _grid_title(fig, f"Evaluator ratings ({note}; a name in vermillion: flagged on some criterion)")
    return flat[: len(crits)]
