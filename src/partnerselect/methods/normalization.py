"""Normalisations as plain numpy functions over a matrix ``(m, n)`` and signs ``(n,)``.

Each also takes a stack of matrices ``(..., m, n)`` (columns are reduced over the partner
axis, ``-2``), which normalises every matrix of the stack on its own: the stacked kernels
of the Monte Carlo analyses score thousands of sampled matrices this way. Each returns a
new array and never changes its input. Cost criteria (sign -1) are
handled the way the named scheme defines it, never by a blanket ``1/x``:

========================  ==============================  ===============================
name                      benefit criterion               cost criterion
========================  ==============================  ===============================
``"vector"``              ``x / sqrt(sum x^2)``           same (direction kept)
``"minmax"``              ``(x - min) / (max - min)``     ``(max - x) / (max - min)``
``"sum"``                 ``x / sum x``                   same (direction kept)
``"max"``                 ``x / max |x|``                 same (direction kept)
``"linear_max"``          ``x / max x``                   ``min x / x``
``"linear_sum"``          ``x / sum x``                   ``(1/x) / sum (1/x)``
``"none"``                ``x``                           ``x``
========================  ==============================  ===============================

"Direction kept" schemes leave the orientation to the method (TOPSIS picks the minimum
of a cost column as its ideal, COPRAS sums cost columns separately, MOORA subtracts them).
The schemes that orient ("minmax", "linear_max", "linear_sum") return 1 (or the largest
share) for the best value of every column.

Columns are first divided by their largest absolute value (which changes no result), so
squares and sums neither overflow nor underflow: multiplying a criterion by any power of
ten leaves every normalised matrix, and so every ranking, unchanged.

A zero denominator (a column of zeros; a constant column under min-max) never yields NaN:
``vector``, ``sum`` and ``max`` return 0 for an all-zero column and ``minmax`` returns 1
for a constant column (nobody is worse). ``linear_max`` and ``linear_sum`` need positive
values for cost criteria; the methods that use them check this and raise
:class:`~partnerselect.errors.DataError` naming the criterion.

References
----------
Jahan, A. & Edwards, K. L. (2015). A state-of-the-art survey on the influence of
normalization techniques in ranking: Improving the materials selection process in
engineering design. Materials & Design 65, 335-342.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "NORMALIZATIONS",
    "linear_max",
    "linear_sum",
    "max_abs",
    "minmax",
    "none",
    "normalize",
    "sum_",
    "vector",
]


def _unit_scaled(x: np.ndarray) -> np.ndarray:
    """``x`` divided column-wise by its largest absolute value (columns of zeros kept).

    Every normalisation divides by a column statistic, so this changes no result; it
    keeps squares and sums representable whatever the unit (values of 1e200 would
    overflow when squared, values of 1e-200 underflow to 0).
    """
    if x.size == 0:
        return x / 1.0
    # max |x| as max(max x, -min x): no temporary array of absolute values
    scale = np.maximum(x.max(axis=-2, keepdims=True), -x.min(axis=-2, keepdims=True))
    finite = np.isfinite(scale) & (scale > 0)
    return x / np.where(finite, scale, 1.0)


def _safe_div(num: np.ndarray, den: np.ndarray, fill: float = 0.0) -> np.ndarray:
    num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
    return np.divide(num, den, out=np.full(num.shape, fill), where=den != 0)


def vector(matrix: np.ndarray, signs: np.ndarray | None = None) -> np.ndarray:
    """Vector (Euclidean) normalisation ``x / sqrt(sum x^2)``; direction is kept as is.

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,), optional
        Ignored (the scheme keeps the direction); accepted for a uniform signature.

    Examples
    --------
    >>> vector(np.array([[3.0], [4.0]])).ravel().tolist()
    [0.6, 0.8]
    """
    x = _unit_scaled(np.asarray(matrix, dtype=float))
    norm = np.sqrt(np.einsum("...ij,...ij->...j", x, x))[..., None, :]
    inv = np.divide(1.0, norm, out=np.zeros_like(norm), where=norm != 0)
    x *= inv  # x is a fresh array: scale it in place
    return x


def minmax(matrix: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Min-max normalisation to [0, 1], 1 = best: ``(x - min)/(max - min)`` for benefit,
    ``(max - x)/(max - min)`` for cost. A constant column maps to 1 (nobody is worse).

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,)
        +1 for a benefit criterion, -1 for a cost criterion.

    Examples
    --------
    >>> minmax(np.array([[1.0, 10.0], [3.0, 20.0]]), np.array([1, -1])).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    x = np.asarray(matrix, dtype=float)
    lo, hi = x.min(axis=-2, keepdims=True), x.max(axis=-2, keepdims=True)
    rng = hi - lo
    constant = rng == 0
    # in place on one fresh array (a stack of matrices is large): (x - lo) / range, then
    # 1 - that on cost columns, then 1 on constant columns
    out = np.subtract(x, lo)
    np.divide(out, np.where(constant, 1.0, rng), out=out)
    cost = ~(np.asarray(signs) > 0)
    if cost.any():
        np.subtract(1.0, out, out=out, where=np.broadcast_to(cost, out.shape))
    if constant.any():
        np.copyto(out, 1.0, where=np.broadcast_to(constant, out.shape))
    return out


def sum_(matrix: np.ndarray, signs: np.ndarray | None = None) -> np.ndarray:
    """Sum normalisation ``x / sum x`` (shares of the column total); direction is kept.

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,), optional
        Ignored (the scheme keeps the direction); accepted for a uniform signature.

    Examples
    --------
    >>> sum_(np.array([[1.0], [3.0]])).ravel().tolist()
    [0.25, 0.75]
    """
    x = _unit_scaled(np.asarray(matrix, dtype=float))
    return _safe_div(x, x.sum(axis=-2, keepdims=True))


def max_abs(matrix: np.ndarray, signs: np.ndarray | None = None) -> np.ndarray:
    """Max normalisation ``x / max |x|``; direction is kept.

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,), optional
        Ignored (the scheme keeps the direction); accepted for a uniform signature.

    Examples
    --------
    >>> max_abs(np.array([[2.0], [-4.0]])).ravel().tolist()
    [0.5, -1.0]
    """
    x = np.asarray(matrix, dtype=float)
    return _safe_div(x, np.abs(x).max(axis=-2, keepdims=True))


def linear_max(matrix: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Linear max normalisation: ``x / max x`` for benefit, ``min x / x`` for cost.

    The best value of every column maps to 1. This is the scheme of WASPAS, CODAS and
    MARCOS; cost values must be positive.

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,)
        +1 for a benefit criterion, -1 for a cost criterion.

    Examples
    --------
    >>> linear_max(np.array([[2.0, 10.0], [4.0, 20.0]]), np.array([1, -1])).tolist()
    [[0.5, 1.0], [1.0, 0.5]]
    """
    x = np.asarray(matrix, dtype=float)
    benefit = _safe_div(x, x.max(axis=-2, keepdims=True))
    cost = _safe_div(np.broadcast_to(x.min(axis=-2, keepdims=True), x.shape), x)
    return np.where(np.asarray(signs) > 0, benefit, cost)


def linear_sum(matrix: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Sum normalisation with inverted costs: ``x / sum x`` for benefit,
    ``(1/x) / sum(1/x)`` for cost (the ARAS scheme; cost values must be positive).

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,)
        +1 for a benefit criterion, -1 for a cost criterion.

    Examples
    --------
    >>> linear_sum(np.array([[1.0, 1.0], [3.0, 3.0]]), np.array([1, -1])).tolist()
    [[0.25, 0.75], [0.75, 0.25]]
    """
    x = np.asarray(matrix, dtype=float)
    inv = _unit_scaled(_safe_div(np.ones_like(x), x))
    x = _unit_scaled(x)
    benefit = _safe_div(x, x.sum(axis=-2, keepdims=True))
    cost = _safe_div(inv, inv.sum(axis=-2, keepdims=True))
    return np.where(np.asarray(signs) > 0, benefit, cost)


def none(matrix: np.ndarray, signs: np.ndarray | None = None) -> np.ndarray:
    """No normalisation: a float copy of the raw values.

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,), optional
        Ignored (the scheme keeps the direction); accepted for a uniform signature.

    Examples
    --------
    >>> none(np.array([[1, 2]])).tolist()
    [[1.0, 2.0]]
    """
    return np.array(matrix, dtype=float, copy=True)


Normalizer = Callable[[np.ndarray, np.ndarray], np.ndarray]

NORMALIZATIONS: dict[str, Normalizer] = {
    "vector": vector,
    "minmax": minmax,
    "sum": sum_,
    "max": max_abs,
    "linear_max": linear_max,
    "linear_sum": linear_sum,
    "none": none,
}

#: Schemes that return 1 (or the largest value) for the best value of every column.
ORIENTING = frozenset({"minmax", "linear_max", "linear_sum"})


def normalize(matrix: np.ndarray, signs: np.ndarray, kind: str) -> np.ndarray:
    """Apply the normalisation named ``kind`` (a key of :data:`NORMALIZATIONS`).

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n) or (..., m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,)
        +1 for a benefit criterion, -1 for a cost criterion.

    kind : str
        A key of :data:`NORMALIZATIONS`.

    Examples
    --------
    >>> normalize(np.array([[1.0], [3.0]]), np.array([1]), "sum").ravel().tolist()
    [0.25, 0.75]
    """
    return NORMALIZATIONS[kind](matrix, signs)
