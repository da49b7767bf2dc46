"""TOPSIS (Hwang & Yoon 1981)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from partnerselect.methods._base import Method, register
from partnerselect.methods._checks import check_choice, require_positive
from partnerselect.methods._stack import as_stack, scratch, shared, squared, weighted_sums
from partnerselect.methods.normalization import ORIENTING, normalize

__all__ = ["TOPSIS", "topsis", "topsis_stack"]

_NORMS = ("vector", "minmax", "max", "sum", "linear_max", "none")


def _oriented(
    matrix: np.ndarray, signs: np.ndarray, normalization: str
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised matrix and the direction its columns run in after normalisation."""
    r = normalize(matrix, signs, normalization)
    sg = np.ones_like(signs) if normalization in ORIENTING else np.asarray(signs)
    return r, sg


def topsis(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, normalization: str = "vector"
) -> np.ndarray:
    """Relative closeness ``S- / (S+ + S-)`` for a weight batch ``(S, n)`` -> ``(S, m)``.

    Pure kernel, no validation. Because weights are non-negative, the ideal of the
    weighted matrix is ``w_j`` times the ideal of the normalised one, so distances for the
    whole batch are two matrix products; no ``(S, m, n)`` array is built. A partner equal
    to both the ideal and the anti-ideal (all partners identical) scores 0.5.

    Examples
    --------
    >>> x = np.array([[5.0, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]])
    >>> topsis(x, np.ones(3), np.array([[0.3, 0.4, 0.3]])).round(4).tolist()
    [[0.5037, 0.6581, 0.7482, 0.334]]
    """
    r, sg = _oriented(matrix, signs, normalization)
    W2 = np.square(np.atleast_2d(np.asarray(weights, dtype=float)))
    hi, lo = r.max(axis=0), r.min(axis=0)
    up = sg > 0
    # one (m, n) buffer reused for both squared gaps (memory: the normalised matrix + 1)
    gap = np.subtract(r, np.where(up, hi, lo))
    np.square(gap, out=gap)
    # the (S, m) results are finished in place: a weight batch makes them large
    s_plus = W2 @ gap.T
    np.sqrt(np.maximum(s_plus, 0.0, out=s_plus), out=s_plus)
    np.subtract(r, np.where(up, lo, hi), out=gap)
    np.square(gap, out=gap)
    s_minus = W2 @ gap.T
    np.sqrt(np.maximum(s_minus, 0.0, out=s_minus), out=s_minus)
    total = np.add(s_plus, s_minus, out=s_plus)
    out = np.full_like(total, 0.5)
    return np.divide(s_minus, total, out=out, where=total > 0)


def _stack_direct(
    X: np.ndarray, signs: np.ndarray, W: np.ndarray, normalization: str
) -> np.ndarray | None:
    """:func:`topsis_stack` for ``"vector"`` and ``"none"`` without a normalised copy.

    Vector normalisation divides column ``j`` by ``||x_j||``, so the squared weighted gap
    to the ideal is ``w_j**2 (x_ij - x*_j)**2 / ||x_j||**2``: the gaps are taken on the
    values themselves, in one work array, and the norms go into the weights. Values whose
    squares could overflow or underflow (beyond 1e150 or under 1e-150 in magnitude) are
    left to the general path, which scales each column first (None is returned).
    """
    hi, lo = X.max(axis=-2, keepdims=True), X.min(axis=-2, keepdims=True)  # (S, 1, n)
    scale = np.maximum(hi, -lo)
    top = scale.max() if scale.size else 0.0
    least = np.min(scale, where=scale > 0, initial=np.inf)
    if not (np.isfinite(top) and top < 1e150 and least > 1e-150):
        return None
    up = np.asarray(signs) > 0
    W2 = squared(W)
    factor = None  # 1 / ||x_j||**2 of each matrix (vector normalisation)
    if normalization == "vector":
        ss = np.einsum("smn,smn->sn", X, X)[:, None, :]
        factor = np.divide(1.0, ss, out=np.zeros_like(ss), where=ss > 0)
        if not shared(W):
            W2 = W2 * factor
    gap = scratch(X)
    dist = []
    for target in (np.where(up, hi, lo), np.where(up, lo, hi)):
        np.subtract(X, target, out=gap)
        np.square(gap, out=gap)
        if factor is not None and shared(W):
            gap *= factor
        # a fresh array, finished in place; never negative (non-negative terms only)
        d = weighted_sums(W2, gap)
        dist.append(np.sqrt(d, out=d))
    s_plus, s_minus = dist
    total = np.add(s_plus, s_minus, out=s_plus)
    # one weight vector per matrix: scores laid out matrix by matrix, as the rankings
    # that follow read them (the transposition is free inside the division)
    out = np.empty(total.shape) if total.shape[1] == 1 else s_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.divide(s_minus, total, out=out)
    if not total.all():
        closeness[total == 0] = 0.5  # a partner that is both the ideal and the anti-ideal
    return closeness


def topsis_stack(
    matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, normalization: str = "vector"
) -> np.ndarray:
    """:func:`topsis` of a stack: matrices ``(S, m, n)``, weights ``(S, k, n)`` -> ``(S, k, m)``.

    Row ``j`` of sample ``s`` is ``topsis(matrices[s], signs, weights[s, j:j + 1])``: each
    matrix is normalised on its own and its ideal and anti-ideal are its own. The squared
    gaps are computed once per matrix and contracted with the squared weights, in the
    memory layout of ``matrices`` (fastest with the sample axis innermost).

    Examples
    --------
    >>> x = np.array([[5.0, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]])
    >>> X = np.stack([x, 2 * x])
    >>> W = np.array([[[0.3, 0.4, 0.3]], [[0.3, 0.4, 0.3]]])
    >>> topsis_stack(X, np.ones(3), W).round(4).tolist()
    [[[0.5037, 0.6581, 0.7482, 0.334]], [[0.5037, 0.6581, 0.7482, 0.334]]]
    """
    X, W = as_stack(matrices, weights)
    if normalization in ("vector", "none"):
        direct = _stack_direct(X, signs, W, normalization)
        if direct is not None:
            return direct
    r, sg = _oriented(X, signs, normalization)
    W2 = squared(W)
    hi, lo = r.max(axis=-2, keepdims=True), r.min(axis=-2, keepdims=True)
    up = sg > 0
    ideal, anti = np.where(up, hi, lo), np.where(up, lo, hi)
    gap = np.subtract(r, ideal)
    np.square(gap, out=gap)
    s_plus = weighted_sums(W2, gap)
    np.subtract(r, anti, out=gap)
    np.square(gap, out=gap)
    s_minus = weighted_sums(W2, gap)
    s_plus = np.sqrt(np.maximum(s_plus, 0.0))
    s_minus = np.sqrt(np.maximum(s_minus, 0.0))
    total = s_plus + s_minus
    return np.divide(s_minus, total, out=np.full_like(total, 0.5), where=total > 0)


@register("topsis")
class TOPSIS(Method):
    """Technique for Order Preference by Similarity to Ideal Solution, higher is better.

    The closeness ``C_i = S-_i / (S+_i + S-_i)`` of each partner, where ``S+``/``S-`` are
    the Euclidean distances of its weighted normalised row to the ideal (best value of
    every criterion) and anti-ideal (worst value).

    Parameters
    ----------
    normalization : {"vector", "minmax", "max", "sum", "linear_max", "none"}, default "vector"
        Vector normalisation is Hwang & Yoon's. pymcdm's ``TOPSIS`` defaults to
        ``"minmax"``; scikit-criteria's needs a scaler before it (``VectorScaler`` gives
        ours). ``"linear_max"`` needs positive cost values. ``"none"`` uses the values as
        they are, for data already on one scale (scikit-criteria's ``TOPSIS`` without a
        scaler); with criteria in different units the widest unit dominates the distances.

    References
    ----------
    Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer, pp. 128-134.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.0]},
    ...                   index=["p1", "p2", "p3"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})
    >>> ps.rank(pb, "topsis").ranks.tolist()
    [3, 1, 2]
    """

    label = "TOPSIS"
    step_axes: ClassVar[Mapping[str, str]] = {"ideal": "c", "anti-ideal": "c"}
    normalization: str = "vector"

    def validate(self, problem: Any) -> dict[str, Any]:
        norm = check_choice(self, "normalization", self.params["normalization"], _NORMS)
        if norm == "linear_max":
            require_positive(self, problem, columns="cost", why=" with linear_max normalization")
            require_positive(self, problem, columns="benefit", strict=False, why=" with linear_max")
        return {"normalization": norm}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return topsis(matrix, signs, weights, **params)

    def stacked_kernel(
        self, matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return topsis_stack(matrices, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r, sg = _oriented(matrix, signs, params["normalization"])
        v = r * weights
        ideal = np.where(sg > 0, v.max(axis=0), v.min(axis=0))
        anti = np.where(sg > 0, v.min(axis=0), v.max(axis=0))
        s_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
        s_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
        return {
            "normalized matrix": r,
            "weighted matrix": v,
            "ideal": ideal,
            "anti-ideal": anti,
            "distance to ideal": s_plus,
            "distance to anti-ideal": s_minus,
        }
