"""Weights stated directly: points, percentages, equal weights, swings, and combinations.

References
----------
.. [1] von Winterfeldt, D. & Edwards, W. (1986). *Decision Analysis and Behavioral
   Research*. Cambridge University Press (swing weighting, ch. 8).
.. [2] Ma, J., Fan, Z.-P. & Huang, L.-H. (1999). A subjective and objective integrated
   approach to determine attribute weights. *European Journal of Operational Research*
   112(2), 397-404.
.. [3] Wang, Y.-M. & Luo, Y. (2010). Integration of correlations with standard deviations
   for determining attribute weights in multiple attribute decision making.
   *Mathematical and Computer Modelling* 51(1-2), 1-12.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError, WeightError
from partnerselect.weights._base import (
    WeightSet,
    as_weight_series,
    check_number,
    did_you_mean,
    weight_series,
)

__all__ = ["combine", "direct", "equal", "swing"]


def _points(points: Mapping[str, Any] | pd.Series, what: str) -> pd.Series:
    if not isinstance(points, Mapping | pd.Series):
        msg = f"Give the {what} as a mapping {{criterion: value}}; got {type(points).__name__}."
        raise WeightError(msg, value=type(points).__name__)
    items = list(points.items())
    if not items:
        msg = f"No {what} given: give a value for at least one criterion."
        raise WeightError(msg)
    names = [str(k) for k, _ in items]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        msg = f"Criterion {dup!r} appears twice in the {what}; give each criterion once."
        raise WeightError(msg, criterion=dup)
    vals = [check_number(v, name=n, what=what) for n, (_, v) in zip(names, items, strict=True)]
    return pd.Series(vals, index=pd.Index(names, name="criterion"), name="raw", dtype=float)


def direct(points: Mapping[str, float] | pd.Series, *, percent: bool = False) -> WeightSet:
    """Weights stated directly as points (any non-negative scale) or percentages.

    The weights are the points divided by their sum; the points are kept in ``.raw``.

    Parameters
    ----------
    points : mapping or pandas.Series
        Non-negative importance per criterion (0 is allowed, not all zero).
    percent : bool, default False
        The points are percentages: they must add up to 100 (within 0.5).

    Returns
    -------
    WeightSet

    Raises
    ------
    WeightError
        A value is negative, not a number or not finite, all values are zero, or the
        percentages do not add up to 100.

    References
    ----------
    .. [1] von Winterfeldt, D. & Edwards, W. (1986). *Decision Analysis and Behavioral
       Research*. Cambridge University Press (direct rating, ch. 8).

    Examples
    --------
    >>> from partnerselect import weights
    >>> weights.direct({"quality": 50, "price": 30, "risk": 20}, percent=True).weights.tolist()
    [0.5, 0.3, 0.2]
    """
    raw = _points(points, "points")
    total = float(raw.sum())
    if total <= 0:
        msg = "All points are zero. Give at least one criterion a positive weight."
        raise WeightError(msg, value=0.0)
    if percent and abs(total - 100.0) > 0.5:
        msg = (
            f"The percentages add up to {total:g}, not 100. Correct them, or pass "
            "percent=False to normalise any points to weights."
        )
        raise WeightError(msg, value=total)
    return WeightSet(
        weights=weight_series(raw.to_numpy() / total, raw.index),
        raw=raw,
        method="direct",
        provenance={"method": "direct", "percent": percent, "points": raw.to_dict()},
    )


def equal(criteria: Iterable[str]) -> WeightSet:
    """Equal weights ``1/n`` for ``n`` criteria.

    Raises
    ------
    WeightError
        No criteria, or a criterion listed twice.

    References
    ----------
    .. [1] Dawes, R. M. & Corrigan, B. (1974). Linear models in decision making.
       *Psychological Bulletin* 81(2), 95-106.

    Examples
    --------
    >>> from partnerselect import weights
    >>> weights.equal(["a", "b", "c", "d"]).weights.tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    names = [str(c) for c in criteria]
    if not names:
        msg = "equal() needs at least one criterion."
        raise WeightError(msg)
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        msg = f"Criterion {dup!r} is listed twice; list each criterion once."
        raise WeightError(msg, criterion=dup)
    n = len(names)
    return WeightSet(
        weights=weight_series(np.full(n, 1.0 / n), names),
        raw=None,
        method="equal",
        provenance={"method": "equal", "criteria": names},
    )


def swing(points: Mapping[str, float] | pd.Series) -> WeightSet:
    """Swing weights: the most important swing is rated 100, the others relative to it.

    The analyst imagines every criterion at its worst level and asks which swing from
    worst to best matters most; that swing gets 100 points, and each other swing gets the
    points that say how much it matters compared with the first (0-100). Weights are the
    points divided by their sum.

    Parameters
    ----------
    points : mapping or pandas.Series
        Points per criterion in [0, 100]; the largest must be 100.

    Returns
    -------
    WeightSet

    Raises
    ------
    WeightError
        A value is outside [0, 100], or no swing is rated 100.

    References
    ----------
    .. [1] von Winterfeldt, D. & Edwards, W. (1986). *Decision Analysis and Behavioral
       Research*. Cambridge University Press, pp. 286-287.

    Examples
    --------
    >>> from partnerselect import weights
    >>> weights.swing({"quality": 100, "price": 60, "risk": 40}).weights.tolist()
    [0.5, 0.3, 0.2]
    """
    raw = _points(points, "swing points")
    over = raw[raw > 100]
    if not over.empty:
        crit = str(over.index[0])
        msg = (
            f"The swing of {crit!r} is rated {over.iloc[0]:g}; swing points run from 0 to "
            "100, with 100 for the most important swing."
        )
        raise WeightError(msg, criterion=crit, value=float(over.iloc[0]))
    if not np.isclose(raw.max(), 100.0):
        top = str(raw.idxmax())
        msg = (
            f"No swing is rated 100 (the highest is {top!r} with {raw.max():g}). Rate the "
            "most important swing 100 and the others relative to it, or use "
            "weights.direct() for points on another scale."
        )
        raise WeightError(msg, criterion=top, value=float(raw.max()))
    return WeightSet(
        weights=weight_series(raw.to_numpy() / raw.sum(), raw.index),
        raw=raw,
        method="swing",
        provenance={"method": "swing", "points": raw.to_dict()},
    )


def combine(
    subjective: WeightSet | pd.Series | Mapping[str, float],
    objective: WeightSet | pd.Series | Mapping[str, float],
    rule: Literal["multiplicative", "additive"] = "multiplicative",
    alpha: float = 0.5,
    *,
    method: Literal["multiplicative", "additive"] | None = None,
) -> WeightSet:
    """Combine subjective (judged) and objective (data-driven) weights.

    - ``"multiplicative"``: ``w_j = s_j o_j / sum_k s_k o_k`` (the multiplicative
      synthesis used by Wang & Luo 2010, eq. 19);
    - ``"additive"``: ``w_j = alpha s_j + (1 - alpha) o_j`` (the linear combination of
      Ma, Fan & Huang 1999), ``alpha`` being the share of the subjective weights.

    Both inputs are normalised first and must name the same criteria; the result follows
    the order of ``subjective``.

    Parameters
    ----------
    subjective, objective : WeightSet, pandas.Series or mapping
        The two weight vectors.
    rule : {"multiplicative", "additive"}, default "multiplicative"
        How the two are combined.
    alpha : float in [0, 1], default 0.5
        Share of the subjective weights (additive only).
    method : {"multiplicative", "additive"}, optional
        Deprecated name of ``rule`` (``method`` means a ranking method elsewhere).

    Returns
    -------
    WeightSet
        ``.raw`` is a DataFrame with the two normalised inputs.

    Raises
    ------
    WeightError
        The inputs name different criteria, or (multiplicative) no criterion has a
        positive weight in both.
    ParameterError
        Unknown ``rule`` or ``alpha`` outside [0, 1].

    Warns
    -----
    DeprecationWarning
        ``method=`` was given (use ``rule=``).

    References
    ----------
    .. [1] Ma, J., Fan, Z.-P. & Huang, L.-H. (1999). A subjective and objective integrated
       approach to determine attribute weights. *EJOR* 112(2), 397-404.
    .. [2] Wang, Y.-M. & Luo, Y. (2010). Integration of correlations with standard
       deviations for determining attribute weights in multiple attribute decision
       making. *Mathematical and Computer Modelling* 51(1-2), 1-12.

    Examples
    --------
    >>> from partnerselect import weights
    >>> ws = weights.combine({"a": 0.5, "b": 0.5}, {"a": 0.8, "b": 0.2})
    >>> [round(w, 3) for w in ws.weights]
    [0.8, 0.2]
    >>> weights.combine({"a": 0.5, "b": 0.5}, {"a": 0.8, "b": 0.2}, "additive").weights.tolist()
    [0.65, 0.35]
    """
    if method is not None:
        warnings.warn(
            "combine(method=...) is deprecated; the combination rule is now rule=...",
            DeprecationWarning,
            stacklevel=2,
        )
        rule = method
    if rule not in ("multiplicative", "additive"):
        msg = (
            "The 'rule' parameter of combine must be 'multiplicative' or 'additive'. "
            f"Got {rule!r} instead."
        )
        raise ParameterError(msg, value=rule)
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 <= alpha <= 1:
        msg = f"The 'alpha' parameter of combine must be a float in [0, 1]. Got {alpha!r} instead."
        raise ParameterError(msg, value=alpha)
    s = as_weight_series(subjective, what="subjective weights")
    o = as_weight_series(objective, what="objective weights")
    extra = [c for c in o.index if c not in s.index]
    missing = [c for c in s.index if c not in o.index]
    if extra or missing:
        name = (missing or extra)[0]
        side = "objective" if missing else "subjective"
        msg = (
            f"Criterion {name!r} has no {side} weight.{did_you_mean(name, list(s.index) + list(o.index))} "
            "Both weight vectors must name the same criteria."
        )
        raise WeightError(msg, criterion=name)
    o = o.reindex(s.index)
    if rule == "multiplicative":
        prod = s.to_numpy() * o.to_numpy()
        if prod.sum() <= 0:
            msg = (
                "No criterion has a positive weight in both vectors, so the multiplicative "
                "combination is undefined. Use rule='additive'."
            )
            raise WeightError(msg)
        w = prod / prod.sum()
    else:
        w = alpha * s.to_numpy() + (1 - alpha) * o.to_numpy()
    raw = pd.DataFrame({"subjective": s.to_numpy(), "objective": o.to_numpy()}, index=s.index)
    prov: dict[str, Any] = {"method": "combine", "combination": rule}
    if rule == "additive":
        prov["alpha"] = float(alpha)
    for key, src, vec in (("subjective", subjective, s), ("objective", objective, o)):
        prov[key] = (
            dict(src.provenance) if isinstance(src, WeightSet) else {"weights": vec.to_dict()}
        )
    return WeightSet(weights=weight_series(w, s.index), raw=raw, method="combine", provenance=prov)
