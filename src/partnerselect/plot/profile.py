"""Partner profiles: radar charts and value for money (benefit vs price, Pareto frontier)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.plot._data import check_top, resolve_partners
from partnerselect.plot._style import (
    GOOD,
    LINE_COLOURS,
    NEUTRAL,
    names_for,
    new_axes,
    styled,
    titled,
    truncate,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from partnerselect.problem import Problem
    from partnerselect.ranking import Ranking

__all__ = ["MAX_RADAR", "pareto_front", "radar", "value_for_money"]

#: Most partners drawn on one radar; beyond this the lines cannot be told apart.
MAX_RADAR = 8

_PRICE_WORDS = ("price", "cost", "rate", "fee", "tco")


def _problem_and_ranking(source: Any) -> tuple[Problem, Ranking | None]:
    from partnerselect.problem import Problem

    if isinstance(source, Problem):
        return source, None
    problem = getattr(source, "problem", None)
    if isinstance(problem, Problem) and hasattr(source, "ranks"):
        return problem, source
    if isinstance(problem, Problem) and hasattr(source, "ranking"):
        return problem, source.ranking
    msg = f"Expected a Problem, a Ranking or an Evaluation; got {type(source).__name__}."
    raise ParameterError(msg, value=type(source).__name__)


@styled
def radar(
    source: Problem | Ranking,
    partners: Sequence[Any] | None = None,
    *,
    top: int = 3,
    ax: Axes | None = None,
) -> Axes:
    """Radar profiles of a few partners; outward is better on every criterion.

    Each criterion is scaled to [0, 1] over all partners of the problem, 0 = the worst
    value and 1 = the best (cost criteria reversed), so an area further out is better.
    A criterion with the same value for everybody is drawn at 0.5.

    Parameters
    ----------
    source : Problem or Ranking
    partners : sequence of partner ids or names, optional
        Default: the ``top`` best ranked (for a Ranking) or the first ``top`` (Problem).
        At most :data:`MAX_RADAR` (8) are drawn; the plot says when more were asked for.
    top : int
        How many partners to draw when ``partners`` is not given (default 3).
    ax : matplotlib Axes (polar), optional

    Returns
    -------
    matplotlib.axes.Axes
        A polar Axes with one closed line per partner.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 3.0, 2.0], "c": [5.0, 9.0, 7.0], "r": [1, 2, 3]},
    ...                   index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min", "r": "max"})
    >>> len(radar(pb).lines)
    3
    """
    problem, ranking = _problem_and_ranking(source)
    if partners is None:
        order = ranking.to_frame().index if ranking is not None else problem.partners
        chosen = list(order[: check_top(top, len(order))])
    else:
        chosen = resolve_partners(problem, partners)
    notes = []
    if len(chosen) > MAX_RADAR:
        notes.append(
            f"showing {MAX_RADAR} of the {len(chosen)} partners asked for: "
            "more lines on one radar cannot be told apart"
        )
        chosen = chosen[:MAX_RADAR]
    v = problem.values
    lo, hi = v.min(axis=0), v.max(axis=0)
    const = hi <= lo
    span = np.where(const, 1.0, hi - lo)
    scaled = np.where(problem.signs > 0, (v - lo) / span, (hi - v) / span)
    scaled = np.where(const, 0.5, scaled)
    table = pd.DataFrame(scaled, index=problem.partners, columns=problem.criteria)
    n = problem.shape[1]
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.append(angles, angles[:1])
    ax = new_axes(ax, figsize=(7.0, 6.2), polar=True)
    polar: Any = ax
    polar.set_theta_offset(np.pi / 2)
    polar.set_theta_direction(-1)
    labels = names_for(problem, chosen)
    for i, (pid, label) in enumerate(zip(chosen, labels, strict=True)):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        r = table.loc[pid].to_numpy(float)
        rc = np.append(r, r[:1])
        ax.plot(closed, rc, color=colour, linewidth=1.8, label=label, marker="o", markersize=3)
        ax.fill(closed, rc, color=colour, alpha=0.07)
    ax.set_xticks(angles)
    crit_labels = [
        truncate(c, 22) + ("\n(cost)" if s < 0 else "")
        for c, s in zip(problem.criteria, problem.signs, strict=True)
    ]
    ax.set_xticklabels(crit_labels, fontsize=8.5 if n <= 10 else 7)
    ax.set_ylim(0, 1.0)
    ax.set_yticks([0.25, 0.5, 0.75, 1.0])
    ax.set_yticklabels(["", "", "", ""])
    ax.tick_params(axis="x", pad=6)
    if any(const):
        notes.append("criteria equal for all partners are drawn at 0.5")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=min(len(chosen), 3),
        title="; ".join(["each axis: worst partner = centre, best partner = rim", *notes]),
        title_fontsize=8,
    )
    titled(ax, "Partner profiles (outward = better)", pad=26)
    return ax


def pareto_front(price: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Boolean mask of the points no other point beats on both price (lower) and benefit.

    Parameters
    ----------
    price : numpy.ndarray, shape (m,)
        Lower is better.
    benefit : numpy.ndarray, shape (m,)
        Higher is better.

    Examples
    --------
    >>> pareto_front(np.array([1.0, 2.0, 3.0, 2.5]), np.array([1.0, 3.0, 2.0, 3.0])).tolist()
    [True, True, False, False]
    """
    p = np.asarray(price, float)[:, None]
    q = np.asarray(benefit, float)[:, None]
    # j dominates i: p_j <= p_i and q_j >= q_i, strictly better on one.
    dom = (p >= p.T) & (q <= q.T) & ((p > p.T) | (q < q.T))
    return np.asarray(~dom.any(axis=1), dtype=bool)


def _column(problem: Problem, spec: Any, what: str) -> tuple[pd.Series, str]:
    if isinstance(spec, pd.Series):
        missing = [p for p in problem.partners if p not in spec.index]
        if missing:
            msg = (
                f"The {what!r} Series has no value for partner {missing[0]!r}; index it by "
                "partner id and give every ranked partner a value."
            )
            raise ParameterError(msg, partner=str(missing[0]), value=what)
        values = pd.to_numeric(spec.reindex(problem.partners), errors="coerce")
        if values.isna().any():
            bad = values.index[values.isna()][0]
            msg = f"The {what!r} value of partner {bad!r} is not a number: {spec.loc[bad]!r}."
            raise ParameterError(msg, partner=str(bad), value=spec.loc[bad])
        return values.astype(float), str(spec.name) if spec.name is not None else what
    if spec in list(problem.criteria):
        if what == "price" and problem.objectives[spec] > 0:
            msg = (
                f"Criterion {spec!r} is a benefit criterion (larger is better, for example price "
                "points from a scoring formula), so it cannot be the price axis. Pass the raw "
                "prices as a Series indexed by partner id, for example "
                f"partners.set_index('partner_id')[{spec!r}]."
            )
            raise ParameterError(msg, criterion=str(spec), value=spec)
        return problem.matrix[spec].astype(float), str(spec)
    msg = (
        f"The {what!r} parameter must be a criterion ({', '.join(map(str, problem.criteria))}) "
        f"or a pandas Series indexed by partner id. Got {spec!r} instead."
    )
    raise ParameterError(msg, value=spec)


def _guess_price(problem: Problem) -> str:
    hits = [
        c
        for c, s in zip(problem.criteria, problem.signs, strict=True)
        if s < 0 and any(w in str(c).lower() for w in _PRICE_WORDS)
    ]
    if len(hits) == 1:
        return str(hits[0])
    msg = (
        "value_for_money() could not tell which criterion is the price"
        + (f" ({', '.join(map(str, hits))} all look like one)" if hits else "")
        + f". Pass price='<criterion>' (one of {', '.join(map(str, problem.criteria))}) or a "
        "Series of prices indexed by partner id."
    )
    raise ParameterError(msg, value=hits)


@styled
def value_for_money(
    ranking: Ranking,
    price: str | pd.Series | None = None,
    *,
    risk: str | pd.Series | None = None,
    benefit: Literal["auto", "score"] = "auto",
    ax: Axes | None = None,
) -> Axes:
    """Benefit vs price with the Pareto frontier (cheaper and better than every other).

    Parameters
    ----------
    ranking : Ranking
    price : str or pandas.Series, optional
        A criterion of the problem, or prices indexed by partner id (for example a column
        of the partner table). Default: the only cost criterion whose name mentions price,
        cost, rate or fee.
    risk : str or pandas.Series, optional
        Bubble area proportional to this measure (a criterion or a Series by partner id).
    benefit : {"auto", "score"}
        ``"auto"``: for additive methods whose price is a criterion, the score minus the
        price's contribution (so price is not counted twice); otherwise the score.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One scatter point per partner (``ax.collections[0]``), frontier as a step line.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900.0, 1100, 1000], "quality": [3.0, 4.5, 2.0]},
    ...                   index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})
    >>> len(value_for_money(ps.rank(pb, "wsm")).collections[0].get_offsets())
    3
    """
    problem = ranking.problem
    if benefit not in ("auto", "score"):
        msg = f"The 'benefit' parameter must be 'auto' or 'score'. Got {benefit!r} instead."
        raise ParameterError(msg, value=benefit)
    spec = _guess_price(problem) if price is None else price
    prices, price_label = _column(problem, spec, "price")
    scores = ranking.scores.astype(float)
    y_label = f"{ranking.method.upper()} score"
    contrib = ranking.contributions
    if benefit == "auto" and contrib is not None and isinstance(spec, str):
        scores = scores - contrib[spec]
        y_label = f"benefit: {ranking.method.upper()} score without the {truncate(spec)} part"
    x = prices.to_numpy(float)
    y = scores.to_numpy(float)
    utility = y if ranking.higher_is_better else -y
    front = pareto_front(x, utility)
    ax = new_axes(ax, figsize=(7.5, 5.0))
    if risk is not None:
        risk_values, risk_label = _column(problem, risk, "risk")
        r = risk_values.to_numpy(float)
        rng = float(np.ptp(r))
        sizes = 40 + 360 * ((r - r.min()) / rng if rng > 0 else np.full_like(r, 0.5))
    else:
        sizes = np.full(x.size, 45.0)
    colours = np.where(front, GOOD, NEUTRAL)
    ax.scatter(x, y, s=sizes, c=list(colours), alpha=0.8, edgecolors="white", linewidths=0.6)
    fx, fy = x[front], y[front]
    order = np.argsort(fx, kind="stable")
    ax.plot(fx[order], fy[order], color=GOOD, linewidth=1.2, drawstyle="steps-post", zorder=1)
    names = names_for(problem, problem.partners)
    label_all = x.size <= 12
    for i in range(x.size):
        if front[i] or label_all:
            ax.annotate(
                names[i],
                (x[i], y[i]),
                xytext=(5, 4),
                textcoords="offset points",
                fontsize=7.5,
                color="#222222" if front[i] else "#666666",
            )
    if not ranking.higher_is_better:
        ax.invert_yaxis()
    ax.set_xlabel(f"{truncate(price_label)} (lower is better)")
    ax.set_ylabel(
        y_label + ("" if ranking.higher_is_better else " (lower is better, axis flipped)")
    )
    ax.margins(x=0.12, y=0.1)
    bits = [f"blue = Pareto frontier ({int(front.sum())}): nobody is both cheaper and better"]
    if risk is not None:
        bits.append(f"bubble area ~ {truncate(risk_label)}")
        from matplotlib.lines import Line2D

        levels = np.unique(np.quantile(r, [0.0, 0.5, 1.0]))
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color=NEUTRAL,
                markersize=float(np.sqrt(40 + 360 * ((lv - r.min()) / rng if rng > 0 else 0.5))),
            )
            for lv in levels
        ]
        ax.legend(
            handles,
            [f"{lv:.3g}" for lv in levels],
            title=truncate(risk_label),
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
        )
    titled(ax, "Value for money", "; ".join(bits))
    return ax
