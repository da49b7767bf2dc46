"""Procurement price-scoring formulas: turn a price (a cost) into points (a benefit).

In public and private tenders the price criterion is often scored with a formula rather
than used raw. ``price_score`` implements the two most common ones:

``"lowest_ratio"``
    ``points = max_points * P_min / P_i``: the lowest price gets full marks, a price twice
    as high gets half. ``P_min`` is the lowest price among the bids (or ``floor`` when given,
    in which case prices below the floor also get full marks).
``"linear"``
    ``points = max_points * (ceiling - P_i) / (ceiling - floor)``, clipped to
    ``[0, max_points]``: the floor price or lower gets full marks, the ceiling price or higher
    gets 0. ``floor`` defaults to the lowest bid and ``ceiling`` to the highest; give them
    explicitly (an expected price, a budget cap) so that one partner's points do not depend
    on the other bids, which otherwise can reverse rankings when a bidder joins or leaves.

The pipeline then treats the criterion as ``"max"``.

References
----------
Dini, F., Pacini, R., & Valletti, T. (2006). Scoring rules. In N. Dimitri, G. Piga &
G. Spagnolo (Eds.), *Handbook of Procurement* (pp. 293-321). Cambridge University Press.

Stilger, P. S., Siderius, J., & van Raaij, E. M. (2017). A comparative study of formulas for
choosing the economically most advantageous tender. *Journal of Public Procurement*, 17(1),
89-125.
"""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, MissingValueError, ParameterError

__all__ = ["FORMULAS", "price_score"]

#: Price-scoring formulas understood by :func:`price_score`.
FORMULAS = ("lowest_ratio", "linear")


def _number(name: str, value: object) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        out = float("nan")
    if not np.isfinite(out) or out < 0 or isinstance(value, bool):
        msg = f"The {name!r} parameter of price_score must be a number >= 0. Got {value!r} instead."
        raise ParameterError(msg, value=value)
    return out


def price_score(
    prices: pd.Series,
    formula: str = "lowest_ratio",
    floor: float | None = None,
    ceiling: float | None = None,
    max_points: float = 1.0,
) -> pd.Series:
    """Score prices with a procurement formula (higher points = better).

    Parameters
    ----------
    prices : pandas.Series
        Price per partner (index = partner id), all > 0. Not modified.
    formula : {"lowest_ratio", "linear"}
        See the module docstring.
    floor, ceiling : float, optional
        Price bounds (``linear``; ``floor`` also caps ``lowest_ratio``'s reference price).
    max_points : float
        Points of the best price (> 0).

    Returns
    -------
    pandas.Series
        Points in ``[0, max_points]`` with the same index and name.

    Raises
    ------
    MissingValueError
        A price is missing.
    DataError
        A price is not a number, not finite or not positive.
    ParameterError
        Unknown formula, bad bounds or ``max_points``.

    References
    ----------
    Dini, F., Pacini, R., & Valletti, T. (2006). Scoring rules. In *Handbook of
    Procurement*. Cambridge University Press.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.Series({"a": 800.0, "b": 1000.0, "c": 1600.0})
    >>> price_score(p).tolist()
    [1.0, 0.8, 0.5]
    >>> price_score(p, "linear", floor=800, ceiling=1600, max_points=10).tolist()
    [10.0, 7.5, 0.0]
    """
    if formula not in FORMULAS:
        close = difflib.get_close_matches(str(formula), FORMULAS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        msg = f"The 'formula' parameter of price_score must be one of {list(FORMULAS)}. Got {formula!r} instead.{hint}"
        raise ParameterError(msg, value=formula)
    points = _number("max_points", max_points)
    if points is None or points <= 0:
        msg = f"The 'max_points' parameter of price_score must be > 0. Got {max_points!r} instead."
        raise ParameterError(msg, value=max_points)
    lo, hi = _number("floor", floor), _number("ceiling", ceiling)
    if not isinstance(prices, pd.Series):
        prices = pd.Series(prices)
    if prices.empty:
        msg = "price_score got no prices."
        raise DataError(msg)
    values = pd.to_numeric(prices, errors="coerce").astype(float)
    for pid, raw, val in zip(prices.index, prices.tolist(), values.tolist(), strict=True):
        if raw is None or raw is pd.NA or (isinstance(raw, float) and np.isnan(raw)):
            msg = f"Partner {pid!r} has no price. Fill it in or exclude the partner."
            raise MissingValueError(msg, partner=str(pid), value=raw)
        if not np.isfinite(val) or val <= 0 or isinstance(raw, bool):
            msg = f"Partner {pid!r} has price {raw!r}; prices must be positive numbers."
            raise DataError(msg, partner=str(pid), value=raw)
    arr = values.to_numpy()
    if formula == "lowest_ratio":
        ref = float(arr.min()) if lo is None else lo
        if ref <= 0:
            msg = f"The 'floor' parameter of price_score must be > 0 for 'lowest_ratio'. Got {floor!r}."
            raise ParameterError(msg, value=floor)
        out = points * np.minimum(ref / arr, 1.0)
    else:
        lo = float(arr.min()) if lo is None else lo
        hi = float(arr.max()) if hi is None else hi
        if hi < lo or (hi == lo and ceiling is not None and floor is not None):
            msg = f"price_score needs floor < ceiling. Got floor={lo:g}, ceiling={hi:g}."
            raise ParameterError(msg, value=(lo, hi))
        if hi == lo:  # every bid at the same price
            out = np.full(arr.shape, points)
        else:
            out = points * np.clip((hi - arr) / (hi - lo), 0.0, 1.0)
    return pd.Series(out, index=prices.index, name=prices.name)
