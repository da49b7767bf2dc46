"""Per-partner sufficient statistics of a track-record metric, computed in one pass.

Every estimator of :mod:`.estimators` needs only these grouped aggregates of the usable
records (outcome ``x``, weight ``w``, partner ``p``)::

    n   = COUNT(*)                      usable projects
    W   = SUM(w)                        effective number of projects (n_eff)
    S   = SUM(w * x)                    weighted successes / weighted sum
    Q   = SUM(w * x * x)                weighted sum of squares
    med = weighted median of x          (median metrics only)

so they can be computed by any engine that runs a ``GROUP BY`` (pandas/numpy here,
DuckDB in :mod:`.engines`, Spark or Dask SQL on a cluster) and combined afterwards.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

__all__ = ["GroupStats", "group_stats", "partner_codes", "partner_keys", "weighted_medians"]


@dataclasses.dataclass(frozen=True)
class GroupStats:
    """Sufficient statistics per partner (arrays of length ``m``, in partner order).

    Attributes
    ----------
    n, W, S, Q : numpy.ndarray
        Count, sum of weights, weighted sum and weighted sum of squares of the outcome.
    med : numpy.ndarray or None
        Weighted median per partner (NaN without data), for median metrics.
    pooled_median : float
        Weighted median of every usable record (NaN when there is none).
    """

    n: np.ndarray
    W: np.ndarray
    S: np.ndarray
    Q: np.ndarray
    med: np.ndarray | None = None
    pooled_median: float = float("nan")

    @property
    def m(self) -> int:
        """Number of partners."""
        return int(self.n.size)


def weighted_medians(codes: np.ndarray, x: np.ndarray, w: np.ndarray, m: int) -> np.ndarray:
    """Weighted median per group, vectorised (one sort, no loop over groups).

    Same rule as :func:`partnerselect.trackrecord.weighted_median`: the first value whose
    cumulative weight reaches half the group's weight; the midpoint with the next value
    when it equals half exactly.

    Examples
    --------
    >>> import numpy as np
    >>> weighted_medians(np.array([0, 0, 0, 0, 1, 1, 1]), np.array([4., 1., 3., 2., 1., 2., 10.]),
    ...                  np.array([1., 1., 1., 1., 1., 1., 5.]), 3).tolist()
    [2.5, 10.0, nan]
    """
    out = np.full(m, np.nan)
    if x.size == 0:
        return out
    order = np.lexsort((x, codes))
    c, xs, ws = codes[order], x[order], w[order]
    cw = np.cumsum(ws)
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    ends = np.r_[starts[1:], c.size]
    base = np.r_[0.0, cw[:-1]][starts]
    total = cw[ends - 1] - base
    half = base + total / 2
    group_of = np.repeat(np.arange(starts.size), ends - starts)
    tol = 1e-12 * np.abs(cw[ends - 1])
    reached = cw >= (half - tol)[group_of]
    # first index per group where the cumulative weight reaches half
    idx = np.where(reached, np.arange(c.size), c.size)
    first = np.minimum.reduceat(idx, starts)
    exact = np.abs(cw[first] - half) <= np.maximum(tol, 1e-12 * np.abs(half))
    nxt = np.minimum(first + 1, ends - 1)
    val = np.where(exact & (first + 1 < ends), (xs[first] + xs[nxt]) / 2, xs[first])
    out[c[starts]] = val
    return out


def group_stats(
    codes: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
    m: int,
    *,
    median: bool = False,
    pooled_median: bool = True,
) -> GroupStats:
    """Grouped sufficient statistics of usable records (numpy ``bincount``, one pass each).

    Parameters
    ----------
    codes : numpy.ndarray of int
        Group (partner) code of each record, in ``0..m-1``.
    x : numpy.ndarray
        Record values.
    w : numpy.ndarray
        Record weights.
    m : int
        Number of groups.
    median : bool, default False
        Also compute each group's weighted median.
    pooled_median : bool, default True
        Also compute the median of all records.

    Examples
    --------
    >>> import numpy as np
    >>> st = group_stats(np.array([0, 0, 1]), np.array([1., 3., 2.]), np.ones(3), 2)
    >>> st.n.tolist(), st.S.tolist(), st.Q.tolist()
    ([2.0, 1.0], [4.0, 2.0], [10.0, 4.0])
    """
    n = np.bincount(codes, minlength=m).astype(float)
    W = np.bincount(codes, weights=w, minlength=m)
    wx = w * x
    S = np.bincount(codes, weights=wx, minlength=m)
    Q = np.bincount(codes, weights=wx * x, minlength=m)
    med = weighted_medians(codes, x, w, m) if median else None
    pooled = float("nan")
    if median and pooled_median and x.size:
        pooled = float(weighted_medians(np.zeros(x.size, dtype=np.intp), x, w, 1)[0])
    return GroupStats(n=n, W=W, S=S, Q=Q, med=med, pooled_median=pooled)


def partner_keys(series: pd.Series) -> pd.Series:
    """Partner ids as text (``str(v)``), ``None`` where missing; vectorised.

    Examples
    --------
    >>> partner_keys(pd.Series(["A", None, 7])).tolist()
    ['A', None, '7']
    """
    text = series.astype(str) if series.dtype != object else series.map(str, na_action="ignore")
    return text.astype(object).where(series.notna().to_numpy(), None)


def partner_codes(series: pd.Series, partners: list[str]) -> np.ndarray:
    """Position of each record's partner (``str(id)``) in ``partners``; -1 when it is not
    there or missing. Each distinct id is converted and looked up once.

    Examples
    --------
    >>> partner_codes(pd.Series(["B", None, 7, "B", "Z"]), ["A", "B", "7"]).tolist()
    [1, -1, 2, 1, -1]
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if isinstance(uniques.dtype, pd.StringDtype):  # text already: no conversion per id
        keys = pd.Index(np.asarray(uniques, dtype=object), dtype=object)
    else:
        keys = pd.Index([str(v) for v in uniques], dtype=object)
    where = np.append(pd.Index(partners, dtype=object).get_indexer(keys), -1)
    return np.asarray(where[codes], dtype=np.intp)
