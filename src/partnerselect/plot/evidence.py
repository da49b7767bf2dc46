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

__all__ = ["evaluator_spread", "forest"]


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
    open vermillion diamonds instead of blue dots.

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
    import matplotlib.transforms as mtransforms

    trans = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
    fs = min(label_fontsize(ax, m), 8.0)
    if "n" in table.columns:
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
    ax.set_yticks(y)
    ax.set_yticklabels(_labels(table.index, _names(source, names)), fontsize=label_fontsize(ax, m))
    ax.set_ylim(m - 0.5, -0.5)
    label = str(info.get("label") or "value")
    unit = info.get("unit")
    ax.set_xlabel(f"{label} ({unit})" if unit else label)
    if info.get("objective") in ("max", "min"):
        ax.set_xlabel(
            ax.get_xlabel() + f", {'higher' if info['objective'] == 'max' else 'lower'} is better"
        )
    level = info.get("level")
    bits = ["dot: estimate", f"line: {level:.0%} interval" if level else "line: interval"]
    if thin.any() or "min_projects" in info:
        mp = info.get("min_projects")
        bits.append(
            "open diamond: insufficient evidence"
            + (f" (fewer than {mp} projects)" if mp else "")
            + (" or imputed value" if imputed.any() else "")
        )
    ax.margins(x=0.08)
    titled(ax, f"Track record: {truncate(label, 60)}", "; ".join(bits))
    return ax


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
    ax: Axes, ratings: pd.DataFrame, labels: pd.Series | None, tolerance: float | None, scale: Any
) -> None:
    stats = ratings.groupby("partner_id", sort=False)["score"].agg(["mean", "min", "max"])
    stats = stats.sort_values("mean", ascending=False, kind="stable")
    m = len(stats)
    pos = {pid: i for i, pid in enumerate(stats.index)}
    flagged = (
        (stats["max"] - stats["min"] > tolerance).to_numpy(bool)
        if tolerance is not None
        else np.zeros(m, bool)
    )
    y = np.arange(m)
    ax.hlines(
        y,
        stats["min"],
        stats["max"],
        color=[BAD if f else "#BBBBBB" for f in flagged],
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
    ax.set_yticks(y)
    ax.set_yticklabels(_labels(stats.index, labels), fontsize=label_fontsize(ax, m))
    for tick, flag in zip(ax.get_yticklabels(), flagged, strict=True):
        if flag:
            tick.set_color(BAD)
    ax.set_ylim(m - 0.5, -0.5)
    if scale is not None:
        lo, hi = scale
        ax.set_xlim(float(lo) - 0.3, float(hi) + 0.3)


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

    cols = min(3, len(crits))
    rows = int(np.ceil(len(crits) / cols))
    m = ratings["partner_id"].nunique()
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(4.6 * cols, rows * (1.2 + 0.24 * m)),
        layout="constrained",
        squeeze=False,
    )
    flat = axes.ravel()
    for a, crit in zip(flat, crits, strict=False):
        _spread_one(a, ratings[ratings["criterion"].astype(str) == crit], labels, tol, scale)
        a.set_title(truncate(crit), loc="left")
    for a in flat[len(crits) :]:
        a.set_visible(False)
    fig.suptitle(f"Evaluator ratings ({note})", fontsize=9, x=0.01, ha="left")
    return flat[: len(crits)]
