"""Critical weight changes (Triantaphyllou & Sánchez 1997).

For a criterion ``k`` and two partners ``a`` (ranked above) and ``b``, the critical change
is the smallest change of ``w_k`` that makes ``b`` overtake ``a``.

Definition implemented (the paper's): the raw weight of ``k`` becomes ``w_k + δ`` while
the other weights are left as they are, then all weights are normalised again. This is
the same path as setting ``k``'s normalised weight to ``x = (w_k + δ) / (1 + δ)`` with the
other weights rescaled proportionally (as in :func:`weight_sweep`). The table reports

``delta_abs``
    ``δ`` (signed; the paper's ``-δ_{k,a,b}``, which is defined as a decrease);
``delta_rel``
    ``δ / w_k`` (the paper's ``δ'_{k,a,b}`` divided by -100: a fraction, not a percent);
``new_weight``
    the normalised weight ``x`` of ``k`` after the change;
``feasible``
    whether the change keeps the weights in [0, 1], i.e. ``w_k + δ >= 0``.

For methods whose score is linear in the weights (WSM) the critical change has the
closed form ``δ = -(P_a - P_b) / (r_ak - r_bk)`` (the paper's Theorem 1), for methods
whose score is log-linear (WPM) the same on logarithms (Theorem 2); ``r_ak`` is the score
of ``a`` at the unit weight vector ``e_k``. Both properties are detected numerically, so
no method is special-cased by name. Any other method is solved by bracketing the score
difference on a grid of ``x`` in [0, 1] and refining with :func:`scipy.optimize.brentq`.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from partnerselect._deprecation import keyword_only_after
from partnerselect.errors import ParameterError
from partnerselect.problem import Problem
from partnerselect.sensitivity._core import (
    Bound,
    bind,
    blas_one_thread,
    path_weights,
    rank_rows,
    raw_delta,
    tie_tolerance,
)
from partnerselect.sensitivity._results import ResultMixin, plot_accessor

__all__ = ["CriticalWeights", "critical_weights"]

_PAIRS = ("top", "adjacent", "all")
_SOLVERS = ("auto", "closed", "numeric")
COLUMNS = [
    "criterion",
    "partner_a",
    "partner_b",
    "weight",
    "delta_abs",
    "delta_rel",
    "new_weight",
    "feasible",
]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class CriticalWeights(ResultMixin):
    """Smallest weight changes that swap pairs of partners.

    Attributes
    ----------
    table : pandas.DataFrame
        ``criterion, partner_a, partner_b, weight, delta_abs, delta_rel, new_weight,
        feasible`` (see the module notes for the definitions). ``partner_a`` is ranked
        above ``partner_b`` at the given weights. ``delta_abs`` is NaN when no weight of
        this criterion in [0, 1] swaps the pair (numerical solver), or when the score
        difference does not depend on the criterion at all.
    pairs : str
        ``"top"``, ``"adjacent"`` or ``"all"``.
    solver : str
        ``"closed (linear)"``, ``"closed (log-linear)"`` or ``"numeric"``.
    """

    plot = plot_accessor("CriticalWeightsPlot")

    table: pd.DataFrame
    pairs: str
    solver: str
    problem: Problem
    method: str
    params: Mapping[str, Any]

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _headline(self) -> str:
        crit = self.most_critical
        tail = f"most critical: {crit!r}" if crit is not None else "no feasible change"
        return f"CriticalWeights of {self.method} (pairs={self.pairs!r}, {self.solver}), {tail}"

    @property
    def feasible(self) -> pd.DataFrame:
        """Rows whose change stays within [0, 1]."""
        return self.table[self.table["feasible"]].reset_index(drop=True)

    @property
    def most_critical(self) -> str | None:
        """Criterion with the smallest feasible relative change ``|delta_rel|`` (the paper's
        percent-top / percent-any critical criterion, for ``pairs="top"`` / ``"all"``)."""
        row = self.smallest()
        return None if row is None else str(row["criterion"])

    def smallest(self, by: Literal["relative", "absolute"] = "relative") -> pd.Series | None:
        """The feasible row with the smallest ``|delta_rel|`` (or ``|delta_abs|``).

        Parameters
        ----------
        by : {"relative", "absolute"}, default "relative"
            Compare relative or absolute weight changes.
        """
        col = "delta_rel" if by == "relative" else "delta_abs"
        feas = self.table[self.table["feasible"]]
        if feas.empty:
            return None
        return feas.iloc[int(np.argmin(feas[col].abs().to_numpy()))]

    def by_criterion(self) -> pd.DataFrame:
        """Per criterion, the feasible row with the smallest ``|delta_rel|``."""
        feas = self.table[self.table["feasible"]]
        if feas.empty:
            return feas
        idx = feas.groupby("criterion", sort=False)["delta_rel"].apply(lambda s: s.abs().idxmin())
        return feas.loc[idx.to_numpy()].reset_index(drop=True)


def _pairs(ranks_order: np.ndarray, pairs: str) -> list[tuple[int, int]]:
    order = [int(i) for i in ranks_order]
    if pairs == "top":
        return [(order[0], j) for j in order[1:]]
    if pairs == "adjacent":
        return list(itertools.pairwise(order))
    return [(order[i], order[j]) for i in range(len(order)) for j in range(i + 1, len(order))]


def _probe_points(n: int) -> np.ndarray:
    """Deterministic weight vectors used to check (log-)linearity in the weights."""
    eq = np.full(n, 1.0 / n)
    ramp = np.arange(1.0, n + 1.0)
    return np.vstack([eq, ramp / ramp.sum(), ramp[::-1] ** 2 / (ramp**2).sum()])


def _structure(bound: Bound, w: np.ndarray) -> tuple[str, np.ndarray, np.ndarray] | None:
    """``(kind, unit, base)`` when the utility is linear or log-linear in the weights.

    ``unit[k]`` is the (transformed) utility at ``e_k`` and ``base`` at ``w``.
    """
    n = w.size
    probes = np.vstack([w[None, :], _probe_points(n)])
    with np.errstate(all="ignore"):
        try:
            unit_s = bound.score(np.eye(n))
            probe_s = bound.score(probes)
        except (ArithmeticError, ValueError):
            return None
        if not (np.all(np.isfinite(unit_s)) and np.all(np.isfinite(probe_s))):
            return None
        scale = max(float(np.max(np.abs(probe_s))), 1e-300)
        if np.allclose(probes @ unit_s, probe_s, rtol=1e-9, atol=1e-11 * scale):
            return "linear", bound.sign * unit_s, bound.sign * probe_s[0]
        if np.all(unit_s > 0) and np.all(probe_s > 0):
            lu, lp = np.log(unit_s), np.log(probe_s)
            if np.allclose(probes @ lu, lp, rtol=1e-9, atol=1e-11):
                return "log-linear", bound.sign * lu, bound.sign * lp[0]
    return None


def _closed_rows(
    unit: np.ndarray, base: np.ndarray, w: np.ndarray, pairs: list[tuple[int, int]]
) -> list[tuple[int, int, int, float, float, bool]]:
    """Theorems 1 and 2 for every criterion and pair at once: ``δ = -(P_a - P_b) /
    (r_ak - r_bk)``, one array operation over the ``(criteria, pairs)`` grid."""
    if not pairs:
        return []
    n = w.size
    A = np.array([a for a, _ in pairs])
    B = np.array([b for _, b in pairs])
    tol = tie_tolerance(base)
    gap = (base[A] - base[B])[None, :]  # (1, P)
    d_k = unit[:, A] - unit[:, B]  # (n, P)
    wk = w[:, None]
    tied = np.abs(gap) <= tol
    flat = np.abs(d_k) <= 1e-15 * max(1.0, float(np.max(np.abs(unit))))
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.where(tied, 0.0, -gap / np.where(flat, 1.0, d_k))
    delta = np.where(~tied & flat, np.nan, delta)
    bad = ~tied & flat
    infeasible = (wk >= 1.0) | (wk + delta < 0) | ((delta < 0) & (-delta >= 1.0))
    feasible = ~bad & ~infeasible
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(feasible, (wk + delta) / (1.0 + delta), np.nan)
    k_idx = np.repeat(np.arange(n), A.size)
    return list(
        zip(
            k_idx.tolist(),
            np.tile(A, n).tolist(),
            np.tile(B, n).tolist(),
            delta.reshape(-1).tolist(),
            x.reshape(-1).tolist(),
            feasible.reshape(-1).tolist(),
            strict=True,
        )
    )


def _batched_roots(
    f: Any, lo: np.ndarray, hi: np.ndarray, f_lo: np.ndarray, scale: float
) -> np.ndarray:
    """Roots of many scalar functions at once, each bracketed by ``f(lo) >= 0 > f(hi)``.

    ``f(x, active)`` evaluates the functions ``active`` at ``x`` in one batched call.
    Illinois regula falsi with a bisection step every third iteration (so the bracket
    always shrinks); a NaN value is treated as lying past the root, as a plain bisection
    on the sign would. Stops at a bracket narrower than 1e-13 or a value within 1e-12 of
    the score scale.
    """
    lo, hi = lo.astype(float).copy(), hi.astype(float).copy()
    f_lo = f_lo.astype(float).copy()
    f_hi = np.full(lo.shape, np.nan)
    root = np.full(lo.shape, np.nan)
    done = np.zeros(lo.shape, dtype=bool)
    kept = np.zeros(lo.shape, dtype=np.int8)  # +1: lo moved last time, -1: hi moved
    ftol = 1e-12 * max(scale, 1e-300)
    for it in range(200):
        act = np.flatnonzero(~done)
        if act.size == 0:
            break
        a, b, fa, fb = lo[act], hi[act], f_lo[act], f_hi[act]
        mid = 0.5 * (a + b)
        if it % 4 == 3:
            x = mid
        else:
            with np.errstate(all="ignore"):
                x = (a * fb - b * fa) / (fb - fa)
            x = np.where(np.isfinite(x) & (x > a) & (x < b), x, mid)
        fx = f(x, act)
        hit = np.isfinite(fx) & (np.abs(fx) <= ftol)
        pos = np.isfinite(fx) & (fx > 0) & ~hit
        neg = ~pos & ~hit  # negative or NaN: the root is below x
        ip, ineg = act[pos], act[neg]
        lo[ip], f_lo[ip] = x[pos], fx[pos]
        # Illinois: when the same end moves twice in a row, halve the other end's value
        f_hi[ip] = np.where(kept[ip] == 1, f_hi[ip] * 0.5, f_hi[ip])
        kept[ip] = 1
        hi[ineg], f_hi[ineg] = x[neg], np.where(np.isfinite(fx[neg]), fx[neg], np.nan)
        f_lo[ineg] = np.where(kept[ineg] == -1, f_lo[ineg] * 0.5, f_lo[ineg])
        kept[ineg] = -1
        root[act[hit]] = x[hit]
        done[act[hit]] = True
        narrow = ~done & ((hi - lo) <= 1e-13)
        root[narrow] = 0.5 * (lo[narrow] + hi[narrow])
        done |= narrow
    rest = ~done
    root[rest] = 0.5 * (lo[rest] + hi[rest])
    return root


def _numeric_rows(
    bound: Bound, w: np.ndarray, pairs: list[tuple[int, int]], grid: int
) -> list[tuple[int, int, int, float, float, bool]]:
    """Root finding for every pair and criterion, vectorised over the pairs: one batched
    scoring of the grid per criterion, then batched regula falsi (a few scorings of all
    pairs at once), never a Python loop over pairs."""
    n = w.size
    base_u = bound.safe_utility(w[None, :])[0]
    tol = tie_tolerance(base_u)
    scale = float(np.nanmax(np.abs(base_u))) if base_u.size else 1.0
    if not pairs:
        return []
    A = np.array([a for a, _ in pairs])
    B = np.array([b for _, b in pairs])
    P = A.size
    tied = np.abs(base_u[A] - base_u[B]) <= tol
    rows: list[tuple[int, int, int, float, float, bool]] = []
    grids = [np.unique(np.concatenate([np.linspace(0.0, 1.0, grid), [w[k]]])) for k in range(n)]
    U_all = bound.safe_utility(np.vstack([path_weights(w, k, grids[k]) for k in range(n)]))
    start = 0
    for k in range(n):
        xs = grids[k]
        U = U_all[start : start + xs.size]
        start += xs.size
        i0 = int(np.searchsorted(xs, w[k]))
        U[i0] = base_u
        delta = np.full(P, np.nan)
        xbest = np.full(P, np.nan)
        if w[k] < 1.0:
            D = U[:, A] - U[:, B]  # (G, P)
            roots = []
            for step in (1, -1):
                order = np.arange(i0 + step, xs.size) if step > 0 else np.arange(i0 - 1, -1, -1)
                if order.size == 0:
                    roots.append(np.full(P, np.nan))
                    continue
                Dd = D[order]
                fin = np.isfinite(Dd)
                neg = fin & (Dd < 0)
                has = neg.any(axis=0) & ~tied
                first = np.argmax(neg, axis=0)
                r = np.arange(order.size)[:, None]
                last = np.where(fin & (r < first[None, :]), r, -1).max(axis=0)
                x_neg = xs[order[first]]
                x_pos = np.where(last >= 0, xs[order[np.maximum(last, 0)]], xs[i0])
                f_pos = np.where(last >= 0, Dd[np.maximum(last, 0), np.arange(P)], D[i0])
                out = np.full(P, np.nan)
                if roots:
                    # the root below lies beyond the bracket's upper end, so it cannot beat
                    # a root above whose change is already smaller: skip those pairs
                    with np.errstate(invalid="ignore"):
                        d_up = np.abs(raw_delta(w[k], roots[0]))
                        d_near = np.abs(raw_delta(w[k], x_pos))
                    has &= ~(np.isfinite(d_up) & (d_near >= d_up))
                sel = np.flatnonzero(has)
                if sel.size:
                    lo, hi = x_pos[sel], x_neg[sel]
                    # the solver wants f(lo) >= 0 > f(hi) with lo < hi: flip x for step -1
                    sign = 1.0 if step > 0 else -1.0

                    def f(
                        x: np.ndarray,
                        act: np.ndarray,
                        sel: np.ndarray = sel,
                        sign: float = sign,
                        k: int = k,
                    ) -> np.ndarray:
                        ids = sel[act]
                        xx = sign * x
                        u = bound.safe_utility(path_weights(w, k, xx))
                        return u[np.arange(ids.size), A[ids]] - u[np.arange(ids.size), B[ids]]

                    out[sel] = sign * _batched_roots(f, sign * lo, sign * hi, f_pos[sel], scale)
                roots.append(out)
            cand = np.vstack(roots)  # (2, P)
            with np.errstate(invalid="ignore"):
                deltas = raw_delta(w[k], cand)
            absd = np.where(np.isfinite(deltas), np.abs(deltas), np.inf)
            pick = np.argmin(absd, axis=0)
            delta = deltas[pick, np.arange(P)]
            xbest = cand[pick, np.arange(P)]
            found = np.isfinite(delta)
            delta = np.where(found, delta, np.nan)
            xbest = np.where(found, xbest, np.nan)
        for p in range(P):
            a, b = int(A[p]), int(B[p])
            if tied[p]:
                rows.append((k, a, b, 0.0, float(w[k]), bool(w[k] < 1.0)))
            elif np.isfinite(delta[p]):
                rows.append((k, a, b, float(delta[p]), float(xbest[p]), True))
            else:
                rows.append((k, a, b, np.nan, np.nan, False))
    return rows


@keyword_only_after(2)
@blas_one_thread
def critical_weights(
    problem: Any,
    method: Any = "topsis",
    *,
    pairs: Literal["top", "adjacent", "all"] = "top",
    solver: Literal["auto", "closed", "numeric"] = "auto",
    grid: int = 201,
    **params: Any,
) -> CriticalWeights:
    """Smallest change of each criterion's weight that swaps two partners.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
        Registered method name (default ``"topsis"``) or a Method instance.
    pairs : {"top", "adjacent", "all"}
        ``"top"``: the best partner against each other partner (the paper's "top"
        criticality); ``"adjacent"``: each partner against the next in the ranking;
        ``"all"``: every pair.
    solver : {"auto", "closed", "numeric"}
        ``"auto"`` uses the closed form when the method's score is linear or log-linear in
        the weights (checked numerically) and root finding otherwise; ``"closed"`` insists
        on the closed form (error if it does not apply); ``"numeric"`` always searches.
    grid : int
        Grid points in [0, 1] used to bracket roots (numerical solver). Two crossings
        closer than one grid step can be missed.
    **params
        Method parameters.

    Returns
    -------
    CriticalWeights

    Raises
    ------
    ParameterError
        Bad ``pairs``, ``solver`` or ``grid``, or ``solver="closed"`` for a method that is
        neither linear nor log-linear in the weights.

    References
    ----------
    Triantaphyllou, E. & Sánchez, A. (1997). A sensitivity analysis approach for some
    deterministic multi-criteria decision-making methods. Decision Sciences 28(1),
    151-194 (Theorems 1 and 2).

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"}, weights=[0.6, 0.4])
    >>> cw = ps.sensitivity.critical_weights(pb, "wsm")
    >>> cw.table[["criterion", "delta_abs", "new_weight"]].round(4).values.tolist()
    [['q', -0.2, 0.5], ['c', 0.2, 0.5]]
    """
    if pairs not in _PAIRS:
        msg = f"The 'pairs' parameter must be one of {list(_PAIRS)}. Got {pairs!r} instead."
        raise ParameterError(msg, value=pairs)
    if solver not in _SOLVERS:
        msg = f"The 'solver' parameter must be one of {list(_SOLVERS)}. Got {solver!r} instead."
        raise ParameterError(msg, value=solver)
    if isinstance(grid, bool) or not isinstance(grid, int | np.integer) or grid < 3:
        msg = f"The 'grid' parameter must be an int >= 3. Got {grid!r} instead."
        raise ParameterError(msg, value=grid)
    bound = bind(problem, method, params)
    pb = bound.problem
    w = pb.weight_vector
    base_u = bound.utility(w[None, :])[0]
    ranks = rank_rows(base_u[None, :])[0]
    order = np.lexsort((np.arange(ranks.size), ranks))
    pair_list = _pairs(order, pairs) if ranks.size > 1 else []
    structure = None if solver == "numeric" else _structure(bound, w)
    if solver == "closed" and structure is None:
        msg = (
            f"The closed form needs a score linear or log-linear in the weights, which "
            f"{bound.method.display_name} is not. Use solver='auto' or 'numeric'."
        )
        raise ParameterError(msg, value=solver)
    if structure is not None:
        kind, unit, base = structure
        rows = _closed_rows(unit, base, w, pair_list)
        solver_used = f"closed ({kind})"
    else:
        rows = _numeric_rows(bound, w, pair_list, int(grid))
        solver_used = "numeric"
    crit = np.array([str(c) for c in pb.criteria], dtype=object)
    partners = np.asarray(pb.partners, dtype=object)
    k_, a_, b_, delta_, x_, feas_ = (
        [np.asarray(col) for col in zip(*rows, strict=True)] if rows else [np.zeros(0, int)] * 6
    )
    k_, a_, b_ = (np.asarray(v, dtype=np.intp) for v in (k_, a_, b_))
    delta_ = np.asarray(delta_, dtype=float)
    wk = w[k_] if k_.size else np.zeros(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        # delta / w_k; at w_k = 0: 0 for no change, else +/- inf
        rel = np.where(wk > 0, delta_ / np.where(wk > 0, wk, 1.0), np.sign(delta_) * np.inf)
    rel = np.where(np.isfinite(delta_), np.where((wk <= 0) & (delta_ == 0), 0.0, rel), np.nan)
    table = pd.DataFrame(
        {
            "criterion": crit[k_].tolist(),
            "partner_a": partners[a_].tolist(),
            "partner_b": partners[b_].tolist(),
            "weight": wk.astype(float),
            "delta_abs": delta_,
            "delta_rel": rel,
            "new_weight": np.asarray(x_, dtype=float),
            "feasible": np.asarray(feas_, dtype=bool),
        },
        columns=COLUMNS,
    )
    table["feasible"] = table["feasible"].astype(bool)
    return CriticalWeights(
        table=table,
        pairs=pairs,
        solver=solver_used,
        problem=pb,
        method=bound.name,
        params=bound.params,
    )
