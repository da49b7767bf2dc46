"""Helpers of the stacked kernels: many matrices, each with its own weight vectors.

A stacked kernel scores matrices ``(S, m, n)`` with weights ``(S, k, n)`` into ``(S, k, m)``
(see :meth:`partnerselect.methods.Method.stacked_kernel`). The Monte Carlo samplers lay
their matrices out with the sample axis innermost in memory (criteria, partners, samples),
so that every reduction over the partners and every per-criterion broadcast runs over
contiguous memory; the helpers here keep the weights in the same layout.
"""

from __future__ import annotations

import threading

import numpy as np

__all__ = ["as_stack", "like", "scratch", "shared", "squared", "weighted_sums", "work_array"]

_local = threading.local()
#: Largest work array a thread keeps for reuse (larger ones are allocated per call).
MAX_KEPT_BYTES = 64 * 2**20


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


def work_array(slot: str, shape: tuple[int, ...], dtype: type = np.float64) -> np.ndarray:
    """A C-contiguous work array of the calling thread, reused from call to call.

    One buffer per ``slot`` and thread, grown when a larger array is asked for (up to
    :data:`MAX_KEPT_BYTES`; a larger array is allocated afresh and not kept). Its
    contents are undefined and it stays valid until the thread asks for the same slot
    again, so it serves temporaries that do not outlive a chunk of a Monte Carlo run.
    Reusing a buffer instead of allocating a fresh one per chunk matters: a fresh array of
    a few MiB is first touched page by page, which costs as much as the arithmetic on it
    (on virtual machines, several times as much).

    Parameters
    ----------
    slot : str
        Name of the buffer (two temporaries alive at once need two slots).
    shape : tuple of int
    dtype : numpy dtype, default float64

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> a = work_array("demo", (3, 4))
    >>> b = work_array("demo", (2, 2))
    >>> a.shape, b.shape, a.ctypes.data == b.ctypes.data
    ((3, 4), (2, 2), True)
    """
    size = int(np.prod(shape))
    if size * np.dtype(dtype).itemsize > MAX_KEPT_BYTES:  # a huge chunk: not kept
        return np.empty(shape, dtype=dtype)
    buffers = getattr(_local, "buffers", None)
    if buffers is None:
        buffers = _local.buffers = {}
    key = (slot, np.dtype(dtype).str)
    buf = buffers.get(key)
    if buf is None or buf.size < size:
        buf = buffers[key] = np.empty(size, dtype=dtype)
    return buf[:size].reshape(shape)


def scratch(ref: np.ndarray, slot: str = "stack") -> np.ndarray:
    """A float64 :func:`work_array` shaped and laid out like ``ref``.

    A kernel may use it for temporaries but must not return it (or a view of it).

    Examples
    --------
    >>> ref = np.zeros((4, 3, 2)).transpose(2, 1, 0)
    >>> a = scratch(ref)
    >>> a.shape, a.flags.f_contiguous
    ((2, 3, 4), True)
    """
    if ref.flags.f_contiguous and not ref.flags.c_contiguous:
        return work_array(slot, ref.shape[::-1]).T
    return work_array(slot, ref.shape)


def shared(weights: np.ndarray) -> bool:
    """Whether every matrix of the stack has the same weight vectors (one ``(k, n)`` block,
    possibly broadcast).

    Examples
    --------
    >>> shared(np.broadcast_to(np.ones((2, 3)), (5, 2, 3))), shared(np.ones((5, 2, 3)))
    (True, False)
    """
    return weights.shape[0] == 1 or weights.strides[0] == 0


def squared(weights: np.ndarray) -> np.ndarray:
    """``weights ** 2``, still broadcast when the weights are :func:`shared`.

    Examples
    --------
    >>> squared(np.broadcast_to(np.full((1, 2), 3.0), (4, 1, 2))).strides[0]
    0
    """
    if shared(weights):
        return np.broadcast_to(np.square(weights[:1]), weights.shape)
    return np.square(weights)


def weighted_sums(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``sum_j weights[s, k, j] * values[s, i, j]``: ``(S, k, n), (S, m, n) -> (S, k, m)``.

    Weights shared by every matrix (the confidence factors score every sampled matrix with
    the same central weights) make one matrix product over the whole stack; otherwise the
    sum runs per matrix in the stack's memory layout.

    Examples
    --------
    >>> weighted_sums(np.ones((1, 1, 2)), np.arange(4.0).reshape(1, 2, 2)).tolist()
    [[[1.0, 5.0]]]
    >>> V = np.arange(12.0).reshape(3, 2, 2)
    >>> W = np.broadcast_to(np.array([[1.0, 0.0], [0.0, 1.0]]), (3, 2, 2))
    >>> bool((weighted_sums(W, V) == np.einsum("skn,smn->skm", W, V)).all())
    True
    """
    S, m, n = values.shape
    if shared(weights):
        w = np.ascontiguousarray(weights[0])  # (k, n)
        k = w.shape[0]
        if values.flags.f_contiguous and not values.flags.c_contiguous:
            # memory (n, m, S): one (k, n) @ (n, m S) product
            flat = values.transpose(2, 1, 0).reshape(n, m * S)
            return (w @ flat).reshape(k, m, S).transpose(2, 0, 1)
        return (values.reshape(S * m, n) @ w.T).reshape(S, m, k).transpose(0, 2, 1)
    return np.einsum("skn,smn->skm", like(weights, values), values)
