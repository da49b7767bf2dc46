"""Normalisations as plain numpy functions over a matrix ``(m, n)`` and signs ``(n,)``.

Each returns a new array; cost criteria (sign -1) are handled the way the named scheme
defines it (never by a blanket ``1/x``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["NORMALIZATIONS", "minmax", "normalize", "vector"]


def vector(matrix: np.ndarray, signs: np.ndarray | None = None) -> np.ndarray:
    """Vector (Euclidean) normalisation ``x / sqrt(sum x^2)``; direction is kept as is.

    Examples
    --------
    >>> vector(np.array([[3.0], [4.0]])).ravel().tolist()
    [0.6, 0.8]
    """
    x = np.asarray(matrix, dtype=float)
    norm = np.sqrt(np.sum(x * x, axis=0))
    return np.divide(x, norm, out=np.zeros_like(x), where=norm != 0)


def minmax(matrix: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """Min-max normalisation to [0, 1], 1 = best: ``(x - min)/(max - min)`` for benefit,
    ``(max - x)/(max - min)`` for cost. A constant column maps to 1 (nobody is worse).

    Examples
    --------
    >>> minmax(np.array([[1.0, 10.0], [3.0, 20.0]]), np.array([1, -1])).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    x = np.asarray(matrix, dtype=float)
    lo, hi = x.min(axis=0), x.max(axis=0)
    rng = hi - lo
    up = np.divide(x - lo, rng, out=np.ones_like(x), where=rng != 0)
    return np.where(np.asarray(signs) > 0, up, np.where(rng != 0, 1.0 - up, 1.0))


NORMALIZATIONS = {"vector": vector, "minmax": minmax}


def normalize(matrix: np.ndarray, signs: np.ndarray, kind: str) -> np.ndarray:
    """Apply the normalisation named ``kind``."""
    return NORMALIZATIONS[kind](matrix, signs)
