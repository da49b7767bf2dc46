"""Weights from an importance ranking of the criteria: ROC, rank-sum and rank-reciprocal.

The ranking is a list of criteria, most important first. Ties are written as a nested
list or tuple: ``["quality", ("price", "risk"), "csat"]`` ranks quality first, price and
risk jointly second and third, csat fourth. Tied criteria share the average of the
weights of the positions they occupy (price and risk each get the mean of the weights of
positions 2 and 3), so the weights still sum to 1 and the untied criteria keep the
weights of their positions.

With ``n`` criteria and position ``k`` (1 = most important):

- rank order centroid (ROC): ``w_k = (1/n) sum_{i=k..n} 1/i``;
- rank sum (RS): ``w_k = 2 (n + 1 - k) / (n (n + 1))``;
- rank reciprocal (RR): ``w_k = (1/k) / sum_{i=1..n} 1/i``.

References
----------
.. [1] Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked attribute
   weights. *Management Science* 42(11), 1515-1523.
.. [2] Stillwell, W. G., Seaver, D. A. & Edwards, W. (1981). A comparison of weight
   approximation techniques in multiattribute utility decision making.
   *Organizational Behavior and Human Performance* 28(1), 62-77.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import WeightError
from partnerselect.weights._base import WeightSet, weight_series

__all__ = ["rank_sum", "reciprocal", "roc"]

Order = Sequence[Any]


def parse_order(order: Order) -> list[list[str]]:
    """Split a best-first order into tie groups of criterion names."""
    if isinstance(order, str) or not isinstance(order, Sequence):
        msg = (
            "Give the order as a list of criteria, most important first, with ties as "
            f"nested lists, e.g. ['quality', ['price', 'risk'], 'csat']; got {order!r}."
        )
        raise WeightError(msg, value=order)
    groups: list[list[str]] = []
    for item in order:
        if isinstance(item, str):
            groups.append([item])
        elif isinstance(item, Sequence | set | frozenset) and not isinstance(item, bytes):
            names = list(item)
            if not names or not all(isinstance(x, str) for x in names):
                msg = (
                    f"The tie group {item!r} in the order must be a non-empty list of "
                    "criterion names (one level of nesting only)."
                )
                raise WeightError(msg, value=item)
            groups.append(names)
        else:
            msg = f"The order entry {item!r} is not a criterion name or a list of tied names."
            raise WeightError(msg, value=item)
    flat = [c for g in groups for c in g]
    if not flat:
        msg = "The order is empty: list at least one criterion."
        raise WeightError(msg)
    if len(set(flat)) != len(flat):
        dup = next(c for c in flat if flat.count(c) > 1)
        msg = f"Criterion {dup!r} appears twice in the order; list each criterion once."
        raise WeightError(msg, criterion=dup)
    return groups


def _rank_weights(order: Order, name: str, base: Callable[[int], np.ndarray]) -> WeightSet:
    groups = parse_order(order)
    n = sum(len(g) for g in groups)
    pos_w = base(n)
    names: list[str] = []
    values: list[float] = []
    ranks: list[float] = []
    start = 0
    for g in groups:
        share = float(pos_w[start : start + len(g)].mean())
        rank = start + (len(g) + 1) / 2
        for c in g:
            names.append(c)
            values.append(share)
            ranks.append(rank)
        start += len(g)
    raw = pd.Series(ranks, index=pd.Index(names, name="criterion"), name="rank")
    return WeightSet(
        weights=weight_series(values, names),
        raw=raw,
        method=name,
        provenance={"method": name, "order": [g[0] if len(g) == 1 else list(g) for g in groups]},
    )


def _roc(n: int) -> np.ndarray:
    inv = 1.0 / np.arange(1, n + 1)
    return np.cumsum(inv[::-1])[::-1] / n


def _rs(n: int) -> np.ndarray:
    k = np.arange(1, n + 1)
    return 2.0 * (n + 1 - k) / (n * (n + 1))


def _rr(n: int) -> np.ndarray:
    inv = 1.0 / np.arange(1, n + 1)
    return inv / inv.sum()


def roc(order: Order) -> WeightSet:
    """Rank order centroid weights from a best-first ranking of the criteria.

    ROC weights are the centroid of the simplex of weights consistent with the ranking,
    which minimises the maximum error when only the order is known.

    Parameters
    ----------
    order : sequence
        Criteria, most important first; ties as nested lists (see the module docstring).

    Returns
    -------
    WeightSet
        ``.raw`` holds each criterion's position (tied criteria get the mean position).

    Raises
    ------
    WeightError
        Empty order, a criterion listed twice, or an entry that is not a name.

    References
    ----------
    .. [1] Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked attribute
       weights. *Management Science* 42(11), 1515-1523.

    Examples
    --------
    >>> from partnerselect import weights
    >>> [round(w * 18, 6) for w in weights.roc(["quality", "price", "risk"]).weights]
    [11.0, 5.0, 2.0]
    """
    return _rank_weights(order, "roc", _roc)


def rank_sum(order: Order) -> WeightSet:
    """Rank-sum weights ``w_k = 2 (n + 1 - k) / (n (n + 1))`` from a best-first ranking.

    Parameters
    ----------
    order : sequence
        Criteria, most important first; ties as nested lists (see the module docstring).

    Returns
    -------
    WeightSet

    References
    ----------
    .. [1] Stillwell, W. G., Seaver, D. A. & Edwards, W. (1981). A comparison of weight
       approximation techniques in multiattribute utility decision making.
       *Organizational Behavior and Human Performance* 28(1), 62-77.

    Examples
    --------
    >>> from partnerselect import weights
    >>> [round(w * 6, 6) for w in weights.rank_sum(["a", "b", "c"]).weights]
    [3.0, 2.0, 1.0]
    """
    return _rank_weights(order, "rank_sum", _rs)


def reciprocal(order: Order) -> WeightSet:
    """Rank-reciprocal weights ``w_k = (1/k) / sum_i (1/i)`` from a best-first ranking.

    Parameters
    ----------
    order : sequence
        Criteria, most important first; ties as nested lists (see the module docstring).

    Returns
    -------
    WeightSet

    References
    ----------
    .. [1] Stillwell, W. G., Seaver, D. A. & Edwards, W. (1981). A comparison of weight
       approximation techniques in multiattribute utility decision making.
       *Organizational Behavior and Human Performance* 28(1), 62-77.

    Examples
    --------
    >>> from partnerselect import weights
    >>> [round(w * 11, 6) for w in weights.reciprocal(["a", "b", "c"]).weights]
    [6.0, 3.0, 2.0]
    """
    return _rank_weights(order, "reciprocal", _rr)
