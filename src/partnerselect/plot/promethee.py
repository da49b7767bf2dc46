"""The GAIA plane of PROMETHEE (Brans & Mareschal 1994)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
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

#: Step labels under which a PROMETHEE ranking may keep its unicriterion net flows.
FLOW_STEPS = ("unicriterion net flows", "unicriterion net flow", "unicriterion flows")


def unicriterion_flows(ranking: Ranking) -> pd.DataFrame:
    """Unicriterion net flows ``phi_j(a)`` (partners x criteria) of a PROMETHEE ranking.

    Read from ``ranking.steps`` when the method keeps them (labels in
    :data:`FLOW_STEPS`). Otherwise they are obtained from the method's own kernel: the
    PROMETHEE net flow is linear in the weights, ``phi(a) = sum_j w_j phi_j(a)``, so
    ``phi_j`` is the net flow with all the weight on criterion ``j`` (one batched call
    with the identity matrix as weight batch; no preference function is re-implemented
    here).

    Raises
    ------
    ParameterError
        The ranking is not from a PROMETHEE method.
    """
    problem = ranking.problem
    for key in FLOW_STEPS:
        val = ranking.steps.get(key)
        if isinstance(val, pd.DataFrame) and val.shape == problem.shape:
            return val
    if not str(ranking.method).lower().startswith("promethee"):
        msg = (
            f"The GAIA plane needs a PROMETHEE ranking; this one is {ranking.method!r}. "
            "Rank with ps.rank(problem, 'promethee2', ...) first."
        )
        raise ParameterError(msg, value=ranking.method)
    from partnerselect.methods import get_method

    method = get_method(ranking.method, **dict(ranking.params))
    n = problem.shape[1]
    phi = np.asarray(method.scorer(problem)(np.eye(n)), dtype=float)  # (n, m)
    return pd.DataFrame(phi.T, index=problem.partners, columns=problem.criteria)


@dataclasses.dataclass(frozen=True)
class GaiaPlane:
    """Coordinates of the GAIA plane.

    Attributes
    ----------
    points : pandas.DataFrame
        Partners x (``u``, ``v``): projected unicriterion net-flow profiles.
    axes : pandas.DataFrame
        Criteria x (``u``, ``v``): projected unit vectors of the criteria.
    stick : numpy.ndarray
        ``(2,)``: projected weight vector, the decision stick pi.
    delta : float
        Share of the total variance the plane keeps (``(l1 + l2) / sum(l)``).
    """

    points: pd.DataFrame
    axes: pd.DataFrame
    stick: np.ndarray
    delta: float


def gaia_plane(flows: pd.DataFrame, weights: pd.Series | np.ndarray) -> GaiaPlane:
    """Project unicriterion net flows on their first two principal components.

    The eigenvectors are oriented so that the decision stick points right and up.

    Parameters
    ----------
    flows : pandas.DataFrame
        Partners x criteria unicriterion net flows ``phi_j(a)``.
    weights : pandas.Series or numpy.ndarray
        Criterion weights (in the column order of ``flows``).

    Returns
    -------
    GaiaPlane

    References
    ----------
    Brans, J.-P. & Mareschal, B. (1994). The PROMCALC & GAIA decision support system for
    multicriteria decision aid. Decision Support Systems 12(4-5), 297-310.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"a": [-1.0, 0.0, 1.0], "b": [1.0, 0.0, -1.0]})
    >>> plane = gaia_plane(flows, [0.5, 0.5])
    >>> round(plane.delta, 6)
    1.0
    """
    phi = flows.to_numpy(float)
    m, n = phi.shape
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.size != n:
        msg = f"gaia_plane() got {w.size} weights for {n} criteria; give one per criterion."
        raise ParameterError(msg, value=w.size)
    centred = phi - phi.mean(axis=0)
    cov = centred.T @ centred / max(m, 1)
    evals, evecs = np.linalg.eigh(cov)
    order = np.argsort(evals)[::-1]
    evals = np.clip(evals[order], 0.0, None)
    evecs = evecs[:, order]
    basis = np.zeros((n, 2))
    basis[:, : min(2, n)] = evecs[:, : min(2, n)]
    total = float(evals.sum())
    delta = float(evals[: min(2, n)].sum() / total) if total > 0 else float("nan")
    stick = w @ basis
    for k in range(2):
        if stick[k] < 0:
            basis[:, k] *= -1
            stick[k] *= -1
    points = pd.DataFrame(centred @ basis, index=flows.index, columns=["u", "v"])
    axes = pd.DataFrame(basis, index=flows.columns, columns=["u", "v"])
    return GaiaPlane(points=points, axes=axes, stick=stick, delta=delta)


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
    flows = unicriterion_flows(ranking)
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
