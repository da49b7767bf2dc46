"""Helpers of the stacked kernels: many matrices, each with its own weight vectors.

A stacked kernel scores matrices ``(S, m, n)`` with weights ``(S, k, n)`` into ``(S, k, m)``
(see :meth:`partnerselect.methods.Method.stacked_kernel`). The Monte Carlo samplers lay
their matrices out with the sample axis innermost in memory (criteria, partners, samples),
so that every reduction over the partners and every per-criterion broadcast runs over
contiguous memory; the helpers here keep the weights in the same layout.
"""

from __future__ import annotations

import numpy as np

__all__ = ["as_stack", "like", "weighted_sums"]


def as_stack(matrices: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``matrices`` as float ``(S, m, n)`` and ``weights`` as float ``(S, k, n)``.

    A weight batch ``(S, n)`` (one vector per matrix) becomes ``(S, 1, n)``.

    Examples
    --------
    >>> X, W = as_stack(np.ones((4, 3, 2)), np.ones((4, 2)))
    >>> X.shape, W.shape
    ((4, 3, 2), (4, 1, 2))
    """
    X = np.asarray(matrices, dtype=float)
    W = np.asarray(weights, dtype=float)
    if W.ndim == 2:
        W = W[:, None, :]
    if X.ndim != 3 or W.ndim != 3 or W.shape[0] != X.shape[0] or W.shape[2] != X.shape[2]:
        msg = f"A stacked kernel takes (S, m, n) matrices and (S, k, n) weights; got {X.shape} and {W.shape}."
        raise ValueError(msg)
    return X, W


def like(a: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """``a`` laid out in memory like ``ref`` (samples innermost when ``ref`` is so).

    Examples
    --------
    >>> ref = np.zeros((2, 3, 4)).transpose(2, 1, 0)
    >>> like(np.ones((4, 1, 2)), ref).flags.f_contiguous
    True
    """
    if ref.ndim == 3 and ref.flags.f_contiguous and not ref.flags.c_contiguous:
        return np.asfortranarray(a)
    return np.ascontiguousarray(a)


def weighted_sums(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``sum_j weights[s, k, j] * values[s, i, j]``: ``(S, k, n), (S, m, n) -> (S, k, m)``.

    Examples
    --------
    >>> weighted_sums(np.ones((1, 1, 2)), np.arange(4.0).reshape(1, 2, 2)).tolist()
    [[[1.0, 5.0]]]
    """
    return np.einsum("skn,smn->skm", like(weights, values), values)
