"""Drawing of the GAIA plane of PROMETHEE (Brans & Mareschal 1994).

The plane itself (:class:`GaiaPlane`, :func:`gaia_plane`) and the unicriterion flows are
computed in :mod:`partnerselect.methods.promethee`; this module only draws them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from partnerselect.methods.promethee import GaiaPlane, gaia_plane
from partnerselect.methods.promethee import (
    ranking_unicriterion_flows as ranking_unicriterion_flows,
)
from partnerselect.plot._style import (
    BAD,
    GOOD,
    HIGHLIGHT,
    NEUTRAL,
    names_for,
    new_axes,
    styled,
    titled,
    truncate,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from partnerselect.ranking import Ranking

__all__ = ["GaiaPlane", "gaia", "gaia_plane", "unicriterion_flows"]

#: The ranking-level unicriterion net flows (computed in :mod:`partnerselect.methods.promethee`).
unicriterion_flows = ranking_unicriterion_flows


@styled
def gaia(ranking: Ranking, *, labels: int | None = 10, ax: Axes | None = None) -> Axes:
    """The GAIA plane: partners as points, criteria as axes, weights as the decision stick.

    Partners close together have similar profiles; a criterion axis points towards the
    partners that are good on it; axes pointing the same way are criteria in agreement,
    opposite axes are in conflict. The decision stick pi (the projected weight vector)
    points towards the partners the weights favour. ``delta`` (in the title) is the share
    of the information the plane keeps; below about 60 % read it with care.

    Parameters
    ----------
    ranking : Ranking
        A PROMETHEE ranking (see :func:`unicriterion_flows` for where the flows come from).
    labels : int or None
        Label the partners when there are at most this many (default 10), else only the
        best five. ``None`` labels all.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One scatter point per partner (``ax.collections[0]``) and one line per criterion.

    References
    ----------
    Brans, J.-P. & Mareschal, B. (1994). The PROMCALC & GAIA decision support system for
    multicriteria decision aid. Decision Support Systems 12(4-5), 297-310.
    """
    problem = ranking.problem
    flows = ranking_unicriterion_flows(ranking)
    plane = gaia_plane(flows, problem.weights.reindex(flows.columns))
    pts = plane.points.to_numpy(float)
    radius = float(np.max(np.hypot(pts[:, 0], pts[:, 1]))) if pts.size else 0.0
    ax_len = np.hypot(plane.axes["u"].to_numpy(float), plane.axes["v"].to_numpy(float))
    scale = 0.9 * radius / float(ax_len.max()) if radius > 0 and ax_len.max() > 0 else 1.0
    ax = new_axes(ax, figsize=(7.0, 6.5))
    longest = float(ax_len.max()) if ax_len.size else 0.0
    short: list[str] = []
    for (crit, (u, v)), length in zip(plane.axes.iterrows(), ax_len, strict=True):
        ax.plot([0, u * scale], [0, v * scale], color=NEUTRAL, linewidth=1.2, zorder=1)
        if length < 0.3 * longest:
            short.append(truncate(crit, 20))
            continue
        ax.annotate(
            truncate(crit, 20),
            (u * scale, v * scale),
            xytext=(3 * np.sign(u), 3 * np.sign(v)),
            textcoords="offset points",
            ha="left" if u >= 0 else "right",
            va="bottom" if v >= 0 else "top",
            fontsize=8,
            color="#444444",
        )
    best = ranking.ranks.reindex(plane.points.index).to_numpy(int) == 1
    ax.scatter(
        pts[:, 0],
        pts[:, 1],
        s=40,
        c=[HIGHLIGHT if b else GOOD for b in best],
        zorder=3,
        edgecolors="white",
    )
    order = ranking.to_frame().index
    show = list(order) if labels is None or len(order) <= labels else list(order[:5])
    names = dict(zip(plane.points.index, names_for(problem, plane.points.index), strict=True))
    for pid in show:
        x, y = plane.points.loc[pid]
        ax.annotate(names[pid], (x, y), xytext=(4, -8), textcoords="offset points", fontsize=7.5)
    sx, sy = plane.stick * scale
    ax.annotate(
        "",
        xy=(sx, sy),
        xytext=(0, 0),
        arrowprops={
            "arrowstyle": "-|>",
            "color": BAD,
            "linewidth": 2.2,
            "shrinkA": 0,
            "shrinkB": 0,
        },
        zorder=4,
    )
    ax.annotate(
        "π",
        (sx, sy),
        xytext=(4, 4),
        textcoords="offset points",
        color=BAD,
        fontsize=11,
        fontweight="bold",
    )
    lim = 1.25 * max(radius, float(np.hypot(sx, sy)), 1e-9)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("first principal component")
    ax.set_ylabel("second principal component")
    delta = "undefined" if np.isnan(plane.delta) else f"{plane.delta:.0%}"
    note = "points: partners (orange = ranked first); grey: criteria; red arrow π: the weights"
    if not np.isnan(plane.delta) and plane.delta < 0.6:
        note += "; low δ: the plane hides much of the data"
    if short:
        note += f"; short axes, unlabelled (the plane shows little of them): {', '.join(short)}"
    if np.isnan(plane.delta):
        note = "no partner differs from another: the plane is a single point"
    titled(ax, f"GAIA plane (δ = {delta} of the information kept)", note)
    return ax
