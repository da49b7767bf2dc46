"""VIKOR (Opricovic 1998; Opricovic & Tzeng 2004, 2007)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from partnerselect.methods._base import Method, register
from partnerselect.methods._batch import chunks
from partnerselect.methods._checks import check_real
from partnerselect.methods._stack import as_stack, weighted_sums
from partnerselect.problem import Problem

__all__ = ["VIKOR", "compromise", "vikor", "vikor_srq", "vikor_stack"]

_TOL = 1e-12


def _regrets(matrix: np.ndarray, signs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best ``f*``, worst ``f-`` per criterion and ``d_ij = (f*_j - f_ij) / (f*_j - f-_j)``.

    A constant criterion (``f* = f-``) has ``d = 0`` for everyone: it cannot discriminate.
    """
    x = np.asarray(matrix, dtype=float)
    s = np.asarray(signs)
    best = np.where(s > 0, x.max(axis=0), x.min(axis=0))
    worst = np.where(s > 0, x.min(axis=0), x.max(axis=0))
    span = best - worst
    d = np.divide(best - x, span, out=np.zeros_like(x), where=span != 0)
    d += 0.0  # turn -0.0 (cost criteria) into 0.0 for display
    return best, worst, d


def _scaled(a: np.ndarray) -> np.ndarray:
    """``(a - min) / (max - min)`` along the last axis; 0 where the range is 0."""
    lo = a.min(axis=-1, keepdims=True)
    rng = a.max(axis=-1, keepdims=True) - lo
    return np.divide(
        a - lo, rng, out=np.zeros_like(a), where=rng > _TOL * np.maximum(1.0, np.abs(lo))
    )


def vikor_srq(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, v: float = 0.5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group utility ``S``, individual regret ``R`` and index ``Q``, each ``(S_batch, m)``.

    ``R`` needs the per-criterion maximum for every weight vector; the batch is processed
    in chunks so that the ``(chunk, m, n)`` intermediate stays within a fixed budget.
    """
    _, _, d = _regrets(matrix, signs)
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    S = W @ d.T
    R = np.empty_like(S)
    m, n = d.shape
    for sl in chunks(W.shape[0], m * n):
        R[sl] = (W[sl, None, :] * d[None, :, :]).max(axis=2)
    Q = v * _scaled(S) + (1.0 - v) * _scaled(R)
    return S, R, Q


def vikor(matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, v: float = 0.5) -> np.ndarray:
    """VIKOR index ``Q`` (lower is better) for a weight batch ``(S, n)`` -> ``(S, m)``.

    Examples
    --------
    >>> x = np.array([[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]])
    >>> vikor(x, np.array([-1, 1]), np.array([[0.5, 0.5]])).tolist()
    [[1.0, 0.0, 1.0]]
    """
    return vikor_srq(matrix, signs, weights, v)[2]


def vikor_stack(
    matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, v: float = 0.5
) -> np.ndarray:
    """:func:`vikor` of a stack: matrices ``(S, m, n)``, weights ``(S, k, n)`` -> ``(S, k, m)``.

    Each matrix has its own best and worst values; ``R`` is taken one weight vector of
    each matrix at a time, so memory stays at one ``(S, m, n)`` array.

    Examples
    --------
    >>> x = np.array([[1.0, 3000.0], [2.0, 3750.0], [5.0, 4500.0]])
    >>> vikor_stack(x[None], np.array([-1, 1]), np.array([[[0.5, 0.5]]])).tolist()
    [[[1.0, 0.0, 1.0]]]
    """
    X, W = as_stack(matrices, weights)
    up = np.asarray(signs) > 0
    hi, lo = X.max(axis=-2, keepdims=True), X.min(axis=-2, keepdims=True)
    best, worst = np.where(up, hi, lo), np.where(up, lo, hi)
    span = best - worst
    d = np.subtract(best, X)
    np.divide(d, np.where(span != 0, span, 1.0), out=d)
    d[np.broadcast_to(span == 0, d.shape)] = 0.0  # a constant criterion cannot discriminate
    S = weighted_sums(W, d)
    R = np.empty_like(S)
    term = np.empty_like(d)
    for j in range(W.shape[1]):
        np.multiply(d, W[:, j : j + 1, :], out=term)
        R[:, j, :] = term.max(axis=-1)
    return v * _scaled(S) + (1.0 - v) * _scaled(R)


def compromise(S: np.ndarray, R: np.ndarray, Q: np.ndarray) -> dict[str, Any]:
    """Opricovic's acceptance conditions and compromise set for one weight vector.

    Partners are ordered by ``Q`` (ties by input order); ``DQ = 1/(m-1)``.

    * C1 acceptable advantage: ``Q(A2) - Q(A1) >= DQ``;
    * C2 acceptable stability: ``A1`` is also best by ``S`` or by ``R``.

    The compromise set is ``[A1]`` when both hold, ``[A1, A2]`` when only C2 fails, and
    ``A1 ... AM`` (every partner with ``Q(AM) - Q(A1) < DQ``) when C1 fails.

    Returns positions (0-based) in the compromise set and both booleans.

    Examples
    --------
    >>> compromise(np.array([.5, .375, .5]), np.array([.5, .25, .5]), np.array([1., 0., 1.]))
    {'acceptable_advantage': True, 'acceptable_stability': True, 'compromise_set': [1], 'DQ': 0.5}
    """
    m = Q.size
    order = np.argsort(Q, kind="stable")
    a1 = int(order[0])
    if m == 1:
        return {
            "acceptable_advantage": True,
            "acceptable_stability": True,
            "compromise_set": [a1],
            "DQ": 1.0,
        }
    dq = 1.0 / (m - 1)
    c1 = bool(Q[order[1]] - Q[a1] >= dq - _TOL)
    c2 = bool(S[a1] <= S.min() + _TOL or R[a1] <= R.min() + _TOL)
    if not c1:
        members = [int(k) for k in order if Q[k] - Q[a1] < dq - _TOL]
    elif not c2:
        members = [a1, int(order[1])]
    else:
        members = [a1]
    return {
        "acceptable_advantage": c1,
        "acceptable_stability": c2,
        "compromise_set": members,
        "DQ": dq,
    }


@register("vikor")
class VIKOR(Method):
    """VIKOR compromise ranking; the score is ``Q``, lower is better.

    ``S_i = sum_j w_j d_ij`` (group utility), ``R_i = max_j w_j d_ij`` (individual regret)
    with ``d_ij = (f*_j - f_ij)/(f*_j - f-_j)``, and
    ``Q_i = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*)``.

    Parameters
    ----------
    v : float in [0, 1], default 0.5
        Weight of the strategy of the majority of criteria (group utility).

    Notes
    -----
    ``ranking.extra`` holds ``"S"``, ``"R"``, ``"Q"`` (Series by partner),
    ``"acceptable_advantage"``, ``"acceptable_stability"`` (bool), ``"compromise_set"``
    (list of partner ids) and ``"DQ"``. The ranks are the ranks by ``Q`` (Opricovic's
    first list); the compromise set is the method's actual proposal and may contain
    several partners.

    A constant criterion contributes 0 to ``S`` and ``R`` (pymcdm raises instead; a
    :class:`~partnerselect.errors.ConstantCriterionWarning` is already emitted when the
    Problem is built). When every partner has the same ``S`` (or ``R``) its term of ``Q``
    is 0. This matches scikit-criteria's ``VIKOR`` and pymcdm's ``VIKOR``.

    References
    ----------
    Opricovic, S. (1998). Multicriteria Optimization of Civil Engineering Systems. Faculty
    of Civil Engineering, Belgrade.
    Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: A comparative
    analysis of VIKOR and TOPSIS. European Journal of Operational Research 156(2), 445-455.
    Opricovic, S. & Tzeng, G.-H. (2007). Extended VIKOR method in comparison with
    outranking methods. European Journal of Operational Research 178(2), 514-529.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"risk": [1.0, 2.0, 5.0], "altitude": [3000.0, 3750.0, 4500.0]},
    ...                   index=["A1", "A2", "A3"])
    >>> pb = ps.Problem.from_frame(df, objectives={"risk": "min", "altitude": "max"})
    >>> r = ps.rank(pb, "vikor", v=0.5, ties="order")
    >>> r.extra["compromise_set"], r.extra["S"].tolist()
    (['A2'], [0.5, 0.375, 0.5])
    """

    label = "VIKOR"
    step_axes: ClassVar[Mapping[str, str]] = {"best f*": "c", "worst f-": "c"}
    higher_is_better = False
    v: float = 0.5

    def validate(self, problem: Any) -> dict[str, Any]:
        return {"v": check_real(self, "v", self.params["v"], lo=0.0, hi=1.0)}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return vikor(matrix, signs, weights, **params)

    def stacked_kernel(
        self, matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return vikor_stack(matrices, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        best, worst, d = _regrets(matrix, signs)
        S, R, Q = vikor_srq(matrix, signs, weights[None, :], params["v"])
        return {
            "best f*": best,
            "worst f-": worst,
            "normalized regret d": d,
            "weighted regret w*d": d * weights,
            "S (group utility)": S[0],
            "R (individual regret)": R[0],
            "Q": Q[0],
        }

    def extra(
        self, problem: Problem, scores: np.ndarray, steps: Mapping[str, Any], **params: Any
    ) -> dict[str, Any]:
        S = np.asarray(steps["S (group utility)"])
        R = np.asarray(steps["R (individual regret)"])
        Q = np.asarray(steps["Q"])
        out = compromise(S, R, Q)
        index = problem.partners
        out["compromise_set"] = [index[k] for k in out["compromise_set"]]
        return {
            "S": pd.Series(S, index=index, name="S"),
            "R": pd.Series(R, index=index, name="R"),
            "Q": pd.Series(Q, index=index, name="Q"),
            **out,
        }
