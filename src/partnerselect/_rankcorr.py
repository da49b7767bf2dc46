"""Rank correlations and graph components in numpy, without importing ``scipy.stats``.

``import scipy.stats`` takes about a second (most of a cold ``evaluate()``), and the
analyses need only small things from it: Spearman's rho and Kendall's tau-b of two short
rankings and the connected components of a comparison graph with a few dozen nodes. They
are computed here with the same ranks and integer counts scipy uses, so the results are
the same to the last bit.

References
----------
.. [1] Kendall, M. G. (1945). The treatment of ties in ranking problems. *Biometrika*
   33(3), 239-251.
.. [2] Knight, W. R. (1966). A computer method for calculating Kendall's tau with
   ungrouped data. *Journal of the American Statistical Association* 61(314), 436-439.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["average_ranks", "components", "discordant_pairs", "kendall_tau_b", "spearman_rho"]


def discordant_pairs(x: np.ndarray, y: np.ndarray) -> int:
    """Number of pairs ``i < j`` with ``y[i] > y[j]``, given ``x`` sorted ascending and,
    within each run of equal ``x``, ``y`` sorted ascending (the discordant pairs).

    Knight's merge count [2]_, bottom up: at each level the runs of length ``w`` are
    sorted; the right run of each pair counts, for each element, the greater elements of
    the left run (one ``searchsorted`` over all runs at once); then the pairs are merged.
    ``O(n log^2 n)`` time, ``log n`` numpy passes.

    Parameters
    ----------
    x, y : numpy.ndarray of int, shape (n,)
        Dense ranks (non-negative integers), ordered as above. Only ``y`` is read; ``x``
        is taken for the same call shape as scipy's private counter.

    Examples
    --------
    >>> discordant_pairs(np.array([1, 2, 3, 4]), np.array([2, 1, 4, 3]))
    2
    >>> discordant_pairs(np.array([1, 2, 3]), np.array([3, 2, 1]))
    3
    """
    v = np.asarray(y, dtype=np.int64)
    n = v.size
    if n < 2:
        return 0
    base = int(v.max()) + 1
    pos = np.arange(n, dtype=np.int64)
    found = 0
    width = 1
    while width < n:
        run = pos // (2 * width)
        right = (pos % (2 * width)) >= width
        keys = run * base + v  # sorted within each run of `width`, runs in order
        left_keys = keys[~right]  # hence sorted as a whole
        right_keys, right_run = keys[right], run[right]
        end = np.searchsorted(left_keys, (right_run + 1) * base, side="left")
        found += int((end - np.searchsorted(left_keys, right_keys, side="right")).sum())
        v = np.sort(keys) - run * base  # merge: runs keep their positions
        width *= 2
    return found


def _tied_pairs(ranks: np.ndarray) -> int:
    counts = np.bincount(ranks).astype(np.int64, copy=False)
    return int((counts * (counts - 1) // 2).sum())


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b [1]_ of two equally long vectors (scipy's ``kendalltau(x, y)``).

    The same counts and formula as :func:`scipy.stats.kendalltau` with its defaults
    (discordant pairs, ties in ``x``, in ``y`` and in both), hence the same value; NaN when
    a vector is empty, constant or holds NaN.

    Parameters
    ----------
    x, y : array_like, shape (n,)

    Returns
    -------
    float
        In [-1, 1], or NaN.

    Examples
    --------
    >>> kendall_tau_b([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])  # scipy's docstring example
    -0.4714045207910317
    >>> kendall_tau_b([1, 2, 3], [1, 2, 3])
    1.0
    """
    a = np.asarray(x).ravel()
    b = np.asarray(y).ravel()
    if a.size != b.size:
        msg = f"kendall_tau_b needs equally long vectors, got {a.size} and {b.size}."
        raise ValueError(msg)
    size = a.size
    if size == 0:
        return math.nan
    for v in (a, b):
        if v.dtype.kind in "fc" and np.isnan(v).any():
            return math.nan
    perm = np.argsort(b)  # dense ranks of y, then a stable sort on x (as scipy does)
    a, b = a[perm], b[perm]
    b = np.r_[True, b[1:] != b[:-1]].cumsum(dtype=np.intp)
    perm = np.argsort(a, kind="mergesort")
    a, b = a[perm], b[perm]
    a = np.r_[True, a[1:] != a[:-1]].cumsum(dtype=np.intp)
    dis = discordant_pairs(a, b)
    obs = np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1]), True]
    cnt = np.diff(np.nonzero(obs)[0]).astype(np.int64, copy=False)
    both = int((cnt * (cnt - 1) // 2).sum())
    xtie, ytie = _tied_pairs(a), _tied_pairs(b)
    total = size * (size - 1) // 2
    if xtie == total or ytie == total:
        return math.nan
    con_minus_dis = total - xtie - ytie + both - 2 * dis
    tau = con_minus_dis / np.sqrt(total - xtie) / np.sqrt(total - ytie)
    return float(min(1.0, max(-1.0, tau)))


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n of a vector, ties sharing the mean of their ranks (scipy's ``rankdata``).

    Examples
    --------
    >>> average_ranks(np.array([10.0, 30.0, 20.0, 20.0])).tolist()
    [1.0, 4.0, 2.5, 2.5]
    """
    v = np.asarray(values).ravel()
    order = np.argsort(v, kind="mergesort")
    inverse = np.empty(v.size, dtype=np.intp)
    inverse[order] = np.arange(v.size, dtype=np.intp)
    sorted_v = v[order]
    starts = np.r_[True, sorted_v[1:] != sorted_v[:-1]]
    dense = starts.cumsum()[inverse]
    bounds = np.r_[np.flatnonzero(starts), v.size]  # group g holds sorted positions [b_g, b_g+1)
    return 0.5 * (bounds[dense] + bounds[dense - 1] + 1)


def spearman_rho(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rho: Pearson's correlation of the average ranks (scipy's ``spearmanr``).

    NaN when a vector has fewer than two values, is constant or holds NaN (as scipy, which
    also warns about a constant input).

    Examples
    --------
    >>> spearman_rho([1, 2, 3, 4], [1, 3, 2, 4])
    0.8
    """
    a = np.asarray(x).ravel()
    b = np.asarray(y).ravel()
    if a.size != b.size:
        msg = f"spearman_rho needs equally long vectors, got {a.size} and {b.size}."
        raise ValueError(msg)
    if a.size <= 1 or (a[0] == a).all() or (b[0] == b).all():
        return math.nan
    for v in (a, b):
        if v.dtype.kind in "fc" and np.isnan(v).any():
            return math.nan
    ranked = np.column_stack((average_ranks(a), average_ranks(b)))
    return float(np.corrcoef(ranked, rowvar=False)[1, 0])


def components(adjacency: np.ndarray) -> tuple[int, np.ndarray]:
    """Connected components of an undirected graph given as a square adjacency matrix.

    Reachability by repeated boolean squaring (``log n`` matrix products), for the small
    graphs of pairwise comparisons (one node per criterion). Each node's label is the
    number of its component, components numbered by their first node, as
    :func:`scipy.sparse.csgraph.connected_components` numbers them.

    Parameters
    ----------
    adjacency : numpy.ndarray, shape (n, n)
        Nonzero where two nodes are linked (either direction).

    Returns
    -------
    n_components : int
    labels : numpy.ndarray of int, shape (n,)

    Examples
    --------
    >>> n, labels = components(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]]))
    >>> n, labels.tolist()
    (2, [0, 0, 1])
    """
    A = np.asarray(adjacency) != 0
    n = A.shape[0]
    if n == 0:
        return 0, np.zeros(0, dtype=np.int32)
    reach = A | A.T | np.eye(n, dtype=bool)
    while True:
        step = reach.astype(np.float64)  # BLAS product; path counts stay exact enough
        wider = (step @ step) > 0
        if (wider == reach).all():
            break
        reach = wider
    first = reach.argmax(axis=1)  # each node's component, named by its first node
    _, labels = np.unique(first, return_inverse=True)
    return int(labels.max()) + 1, labels.astype(np.int32).reshape(n)
