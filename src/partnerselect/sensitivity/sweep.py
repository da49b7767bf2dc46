"""One-at-a-time weight sweeps and the tornado view.

A sweep moves one criterion's weight over [0, 1] while the other weights keep their
ratios (they fill ``1 - w`` proportionally; if they are all zero they share it equally),
and records every partner's score and rank along the way, plus the weights where two
partners cross.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._deprecation import keyword_only_after
from partnerselect.errors import ParameterError
from partnerselect.problem import Problem
from partnerselect.sensitivity._core import (
    bind,
    blas_one_thread,
    criterion_indices,
    path_weights,
    rank_rows,
    tie_tolerance,
)
from partnerselect.sensitivity._results import ResultMixin, plot_accessor

__all__ = ["Tornado", "WeightSweep", "tornado", "weight_sweep"]


def _grid(grid: int | Sequence[float] | np.ndarray) -> np.ndarray:
    if isinstance(grid, int | np.integer) and not isinstance(grid, bool):
        if grid < 2:
            msg = f"The 'grid' parameter must be an int >= 2 or weights in [0, 1]. Got {grid!r} instead."
            raise ParameterError(msg, value=grid)
        return np.linspace(0.0, 1.0, int(grid))
    xs = np.unique(np.asarray(grid, dtype=float).reshape(-1))
    if xs.size < 2 or not np.all(np.isfinite(xs)) or xs[0] < 0 or xs[-1] > 1:
        msg = (
            "The 'grid' parameter must be an int >= 2 or at least two weights in [0, 1]. "
            f"Got {grid!r} instead."
        )
        raise ParameterError(msg, value=grid)
    return xs


def _crossings(xs: np.ndarray, U: np.ndarray) -> list[tuple[float, int, int]]:
    """Weights where two partners' utilities cross, by linear interpolation on the grid.

    Returns ``(weight, leader_before, leader_after)`` triples. A crossing is a sign change
    of the utility difference between consecutive grid points (or a zero at a grid point
    with opposite signs around it); differences that stay at zero over an interval (equal
    partners) are not crossings.
    """
    G, m = U.shape
    if m < 2 or G < 2:
        return []
    ia, ib = np.triu_indices(m, k=1)
    tol = tie_tolerance(U)
    out: list[tuple[float, int, int]] = []
    # Pairs are processed in chunks so that memory stays bounded (about 16 MiB per array)
    # however many partners there are: m partners make m (m - 1) / 2 pairs.
    step = max(1, (2 << 20) // G)
    for start in range(0, ia.size, step):
        out.extend(_crossings_chunk(xs, U, ia[start : start + step], ib[start : start + step], tol))
    return out


def _crossings_chunk(
    xs: np.ndarray, U: np.ndarray, ia: np.ndarray, ib: np.ndarray, tol: float
) -> list[tuple[float, int, int]]:
    G = U.shape[0]
    D = U[:, ia] - U[:, ib]  # (G, pairs in this chunk)
    s = np.where(np.isnan(D), np.nan, np.where(np.abs(D) <= tol, 0.0, np.sign(D)))
    out: list[tuple[float, int, int]] = []
    # strict sign change between g and g + 1
    g, p = np.nonzero(s[:-1] * s[1:] < 0)
    for gi, pi in zip(g.tolist(), p.tolist(), strict=True):
        d0, d1 = D[gi, pi], D[gi + 1, pi]
        x = xs[gi] + (xs[gi + 1] - xs[gi]) * d0 / (d0 - d1)
        a, b = (ia[pi], ib[pi]) if d0 > 0 else (ib[pi], ia[pi])
        out.append((float(x), int(a), int(b)))
    # a zero exactly at an interior grid point with opposite signs on each side
    if G >= 3:
        g, p = np.nonzero((s[1:-1] == 0) & (s[:-2] * s[2:] < 0))
        for gi, pi in zip(g.tolist(), p.tolist(), strict=True):
            d0 = D[gi, pi]
            a, b = (ia[pi], ib[pi]) if d0 > 0 else (ib[pi], ia[pi])
            out.append((float(xs[gi + 1]), int(a), int(b)))
    return out


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class WeightSweep(ResultMixin):
    """Scores and ranks along one-at-a-time weight sweeps.

    Attributes
    ----------
    scores : pandas.DataFrame
        Long table ``criterion, weight, partner_id, score, rank`` (rank 1 = best, ties
        share the best rank; rank is missing where the method is undefined).
    crossovers : pandas.DataFrame
        ``criterion, weight, partner_a, partner_b``: below ``weight`` partner_a is ahead of
        partner_b, above it partner_b is ahead (linear interpolation between grid points,
        which is exact for methods linear in the weights such as WSM).
    base_weights : pandas.Series
        The problem's weights (where each sweep passes through).
    problem, method, params
        What was analysed.
    method_object : Method, optional
        The method instance itself (for methods passed as objects, such as a
        scikit-criteria adapter), so that :meth:`tornado` reruns the same method.
    """

    plot = plot_accessor("WeightSweepPlot")

    scores: pd.DataFrame
    crossovers: pd.DataFrame
    base_weights: pd.Series
    problem: Problem
    method: str
    params: Mapping[str, Any]
    method_object: Any = dataclasses.field(default=None, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The long score table (one row per criterion, grid weight and partner)."""
        return self.scores.copy()

    def _headline(self) -> str:
        crits = self.scores["criterion"].nunique()
        return (
            f"WeightSweep of {self.method} over {crits} criteria, "
            f"{len(self.crossovers)} crossover(s)"
        )

    def __repr__(self) -> str:
        head = f"<{self._headline()}>"
        if len(self.crossovers):
            return head + "\ncrossovers:\n" + self.crossovers.to_string(index=False)
        return head + "\nno rank crossings along the sweeps"

    def tornado(self, delta: float = 0.2) -> Tornado:
        """Tornado table for +/- ``delta`` (relative) around each weight; see :func:`tornado`.

        Parameters
        ----------
        delta : float, default 0.2
            Relative weight change, in (0, 1].

        Returns
        -------
        Tornado
        """
        method = self.method_object if self.method_object is not None else self.method
        return tornado(self.problem, method, delta=delta, **dict(self.params))


@keyword_only_after(2)
@blas_one_thread
def weight_sweep(
    problem: Any,
    method: Any = "topsis",
    *,
    criterion: str | Sequence[str] | None = None,
    grid: int | Sequence[float] | np.ndarray = 101,
    **params: Any,
) -> WeightSweep:
    """Sweep each criterion's weight over [0, 1], the others rescaled proportionally.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
        Registered method name (default ``"topsis"``) or a Method instance.
    criterion : str, list of str or None
        Criteria to sweep; ``None`` sweeps all (tornado-style overview).
    grid : int or array-like
        Number of equally spaced weights in [0, 1] (default 101), or the weights themselves.
    **params
        Method parameters.

    Returns
    -------
    WeightSweep

    Notes
    -----
    For a swept criterion ``k`` set to ``x``, every other weight becomes
    ``w_j (1 - x) / (1 - w_k)``; when all other weights are zero they get
    ``(1 - x) / (n - 1)`` each. Weights never become negative. All grid points of all
    criteria are scored in one batched call of the method's kernel. Crossovers are located
    by linear interpolation of the score difference between grid points; use a finer
    ``grid`` (or :func:`critical_weights`, which uses root finding) for exact values.

    References
    ----------
    Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences 28(1), 151-194.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})
    >>> sw = ps.sensitivity.weight_sweep(pb, "wsm", criterion="q", grid=11)
    >>> sw.crossovers[["criterion", "weight", "partner_a", "partner_b"]].values.tolist()
    [['q', 0.5, 'b', 'a']]
    """
    bound = bind(problem, method, params)
    pb = bound.problem
    xs = _grid(grid)
    ks = criterion_indices(pb, criterion)
    w = pb.weight_vector
    W = np.vstack([path_weights(w, k, xs) for k in ks])
    U = bound.safe_utility(W)
    G, m = xs.size, pb.shape[0]
    ranks = rank_rows(np.nan_to_num(U, nan=-np.inf)).astype(float)
    ranks[~np.isfinite(U)] = np.nan
    crit_names = [str(pb.criteria[k]) for k in ks]
    partners = list(pb.partners)
    scores = pd.DataFrame(
        {
            "criterion": np.repeat(crit_names, G * m),
            "weight": np.tile(np.repeat(xs, m), len(ks)),
            "partner_id": np.tile(partners, G * len(ks)),
            "score": (bound.sign * U).reshape(-1),
            "rank": pd.array(ranks.reshape(-1), dtype="Int64"),
        }
    )
    rows = []
    for i, name in enumerate(crit_names):
        for x, a, b in sorted(_crossings(xs, U[i * G : (i + 1) * G])):
            rows.append((name, x, partners[a], partners[b]))
    crossovers = pd.DataFrame(rows, columns=["criterion", "weight", "partner_a", "partner_b"])
    return WeightSweep(
        scores=scores,
        crossovers=crossovers,
        base_weights=pb.weights.copy(),
        problem=pb,
        method=bound.name,
        params=bound.params,
        method_object=bound.method,
    )


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Tornado(ResultMixin):
    """How the top partner fares when each weight moves by +/- ``delta`` (relative).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per criterion, largest swing first: ``criterion, weight, low_weight,
        high_weight, score_low, score_base, score_high, rank_low, rank_high, best_low,
        best_high, swing`` (scores and ranks are the baseline top partner's).
    top : str
        The partner ranked first at the given weights.
    delta : float
    """

    plot = plot_accessor("TornadoPlot")

    table: pd.DataFrame
    top: Any
    delta: float
    problem: Problem
    method: str
    params: Mapping[str, Any]

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _headline(self) -> str:
        return f"Tornado of {self.method}: top partner {self.top}, weights +/- {self.delta:.0%}"


@keyword_only_after(2)
@blas_one_thread
def tornado(
    problem: Any,
    method: Any = "topsis",
    *,
    delta: float = 0.2,
    **params: Any,
) -> Tornado:
    """Swing of the top partner's score and rank when each weight moves by +/- ``delta``.

    Each criterion's weight is multiplied by ``1 - delta`` and ``1 + delta`` (capped at 1),
    the others rescaled proportionally as in :func:`weight_sweep`.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
    delta : float
        Relative change, in (0, 1]; default 0.2 (+/- 20 %).
    **params
        Method parameters.

    Returns
    -------
    Tornado

    References
    ----------
    Eschenbach, T. G. (1992). Spiderplots versus tornado diagrams for sensitivity analysis.
    Interfaces 22(6), 40-46.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [3.0, 1.0, 2.0], "c": [1.0, 3.0, 2.0]}, index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"}, weights=[0.7, 0.3])
    >>> ps.sensitivity.tornado(pb, "wsm", delta=0.2).table["best_high"].tolist()
    ['a', 'a']
    """
    if not isinstance(delta, int | float) or isinstance(delta, bool) or not 0 < delta <= 1:
        msg = f"The 'delta' parameter must be a float in (0, 1]. Got {delta!r} instead."
        raise ParameterError(msg, value=delta)
    bound = bind(problem, method, params)
    pb = bound.problem
    w = pb.weight_vector
    n = w.size
    U0 = bound.utility(w[None, :])[0]
    top = int(np.argmax(U0))
    lows = w * (1 - delta)
    highs = np.minimum(w * (1 + delta), 1.0)
    W = np.vstack([path_weights(w, k, np.array([lows[k], highs[k]])) for k in range(n)])
    U = bound.safe_utility(W).reshape(n, 2, -1)
    R = rank_rows(np.nan_to_num(U.reshape(2 * n, -1), nan=-np.inf)).reshape(n, 2, -1)
    partners = list(pb.partners)
    best = np.argmax(np.nan_to_num(U, nan=-np.inf), axis=2)
    table = pd.DataFrame(
        {
            "criterion": [str(c) for c in pb.criteria],
            "weight": w,
            "low_weight": lows,
            "high_weight": highs,
            "score_low": bound.sign * U[:, 0, top],
            "score_base": np.full(n, bound.sign * U0[top]),
            "score_high": bound.sign * U[:, 1, top],
            "rank_low": R[:, 0, top],
            "rank_high": R[:, 1, top],
            "best_low": [partners[i] for i in best[:, 0]],
            "best_high": [partners[i] for i in best[:, 1]],
        }
    )
    table["swing"] = (table["score_high"] - table["score_low"]).abs()
    table = table.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return Tornado(
        table=table,
        top=partners[top],
        delta=float(delta),
        problem=pb,
        method=bound.name,
        params=bound.params,
    )
