"""Weight stability intervals: how far can one weight move before the decision changes?"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from partnerselect._deprecation import keyword_only_after
from partnerselect.errors import ParameterError
from partnerselect.problem import Problem
from partnerselect.sensitivity._core import Bound, _rank_batch, bind, blas_one_thread, path_weights
from partnerselect.sensitivity._results import ResultMixin, plot_accessor

__all__ = ["StabilityIntervals", "stability_intervals"]

_LEVELS = ("top", "full")


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class StabilityIntervals(ResultMixin):
    """Per criterion, the weight interval within which the decision is unchanged.

    Attributes
    ----------
    table : pandas.DataFrame
        ``criterion, weight, lower, upper, best_below, best_above``: with the other
        weights rescaled proportionally, any weight of the criterion in
        ``[lower, upper]`` keeps the top choice (``level="top"``) or the whole ranking
        (``level="full"``); ``best_below`` / ``best_above`` is the partner ranked first
        just beyond each bound (missing when the bound is 0 or 1).
    level : str
    """

    plot = plot_accessor("StabilityPlot")

    table: pd.DataFrame
    level: str
    problem: Problem
    method: str
    params: Mapping[str, Any]

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _headline(self) -> str:
        what = "top choice" if self.level == "top" else "full ranking"
        return f"StabilityIntervals of {self.method} ({what} unchanged)"


def _indicator(bound: Bound, k: int, level: str, ref: np.ndarray) -> Callable[..., Any]:
    w = bound.problem.weight_vector

    def changed(xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        U = bound.safe_utility(path_weights(w, k, xs))
        R = _rank_batch(U)  # competition ranks, ties shared (NaN last)
        bad = ~np.all(np.isfinite(U), axis=1)
        # the partner first here, preferring one that was not first before (a newcomer
        # sharing first place is what changed)
        first = R == 1
        new = first & ~(ref == 1)[None, :]
        best = np.where(new.any(axis=1), np.argmax(new, axis=1), np.argmax(first, axis=1))
        if level == "top":  # the set of partners sharing first place changes
            ch = np.any((R == 1) != (ref == 1)[None, :], axis=1)
        else:
            ch = np.any(ref[None, :] != R, axis=1)
        return ch | bad, best

    return changed


def _edge(changed: Callable[..., Any], x_ok: float, x_bad: float, tol: float) -> tuple[float, int]:
    """Last unchanged point between ``x_ok`` (unchanged) and ``x_bad`` (changed): a
    batched bisection that evaluates 16 interior points per round."""
    _, best_bad = changed(np.array([x_bad]))
    best = int(best_bad[0])
    while abs(x_bad - x_ok) > tol:
        xs = np.linspace(x_ok, x_bad, 18)[1:-1]
        ch, bests = changed(xs)
        hit = np.flatnonzero(ch)
        if hit.size == 0:
            x_ok = float(xs[-1])
            continue
        i = int(hit[0])
        x_bad, best = float(xs[i]), int(bests[i])
        if i > 0:
            x_ok = float(xs[i - 1])
    return x_ok, best


@keyword_only_after(2)
@blas_one_thread
def stability_intervals(
    problem: Any,
    method: Any = "topsis",
    *,
    level: Literal["top", "full"] = "top",
    grid: int = 101,
    tol: float = 1e-9,
    **params: Any,
) -> StabilityIntervals:
    """Weight interval of each criterion that keeps the top choice (or the ranking).

    Each criterion's weight is moved over [0, 1] with the other weights rescaled
    proportionally (see :func:`weight_sweep`). The first change on each side of the
    current weight is bracketed on a grid and then located by bisection on the
    rank-change indicator (batched: 16 points per round) to ``tol``.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
    level : {"top", "full"}
        ``"top"``: the partner ranked first must stay first; ``"full"``: the whole ranking
        must stay the same.
    grid : int
        Bracketing grid points in [0, 1] (default 101). A change that reverts within one
        grid step can be missed.
    tol : float
        Width to which each bound is located.
    **params
        Method parameters.

    Returns
    -------
    StabilityIntervals

    Notes
    -----
    Ties are broken by the partners' input order (so that a tie at the given weights does
    not make every interval empty). Where the method fails for a weight vector, the
    decision counts as changed.

    References
    ----------
    Wolters, W. T. M. & Mareschal, B. (1995). Novel types of sensitivity analysis for
    additive MCDM methods. European Journal of Operational Research 81(2), 281-290.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"}, weights=[0.6, 0.4])
    >>> ps.sensitivity.stability_intervals(pb, "wsm").table[["lower", "upper"]].round(6).values.tolist()
    [[0.5, 1.0], [0.0, 0.5]]
    """
    if level not in _LEVELS:
        msg = f"The 'level' parameter must be one of {list(_LEVELS)}. Got {level!r} instead."
        raise ParameterError(msg, value=level)
    if isinstance(grid, bool) or not isinstance(grid, int | np.integer) or grid < 3:
        msg = f"The 'grid' parameter must be an int >= 3. Got {grid!r} instead."
        raise ParameterError(msg, value=grid)
    if not isinstance(tol, int | float) or not 0 < tol < 0.1:
        msg = f"The 'tol' parameter must be a float in (0, 0.1). Got {tol!r} instead."
        raise ParameterError(msg, value=tol)
    bound = bind(problem, method, params)
    pb = bound.problem
    w = pb.weight_vector
    ref = _rank_batch(bound.utility(w[None, :]))[0]
    partners = list(pb.partners)
    rows = []
    for k in range(w.size):
        changed = _indicator(bound, k, level, ref)
        xs = np.linspace(0.0, 1.0, grid)
        ch, _ = changed(xs)
        bounds: list[float] = []
        beyond: list[Any] = []
        for side in (-1, 1):
            on_side = xs < w[k] if side < 0 else xs > w[k]
            idx = np.flatnonzero(on_side & ch)
            if idx.size == 0:
                bounds.append(0.0 if side < 0 else 1.0)
                beyond.append(None)
                continue
            g = int(idx[-1] if side < 0 else idx[0])
            # last unchanged grid point between g and the current weight (or w itself)
            between = np.flatnonzero(on_side & ~ch)
            near = between[between > g] if side < 0 else between[between < g]
            x_ok = float(w[k]) if near.size == 0 else float(xs[near[0] if side < 0 else near[-1]])
            edge, best = _edge(changed, x_ok, float(xs[g]), tol)
            bounds.append(edge)
            beyond.append(partners[best])
        rows.append((str(pb.criteria[k]), float(w[k]), bounds[0], bounds[1], *beyond))
    table = pd.DataFrame(
        rows, columns=["criterion", "weight", "lower", "upper", "best_below", "best_above"]
    )
    return StabilityIntervals(
        table=table, level=level, problem=pb, method=bound.name, params=bound.params
    )
