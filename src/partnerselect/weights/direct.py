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

__all__ = ["combine", "direct", "equal", "rescale_to_ranges", "swing"]


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

    Parameters
    ----------
    criteria : iterable of str
        Criterion names, each once.

    Returns
    -------
    WeightSet
        ``method`` is ``"equal"``.

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


def swing(
    points: Mapping[str, float] | pd.Series,
    *,
    ranges: Mapping[str, Any] | None = None,
) -> WeightSet:
    """Swing weights: the most important swing is rated 100, the others relative to it.

    The analyst imagines every criterion at its worst level and asks which swing from
    worst to best matters most; that swing gets 100 points, and each other swing gets the
    points that say how much it matters compared with the first (0-100). Weights are the
    points divided by their sum.

    A swing weight only means something for the swing it was asked about: "from 3.5 to
    4.5 stars" is not "from 1 to 5 stars". ``ranges`` records the worst and best reference
    level of each criterion the committee had in mind; :func:`rescale_to_ranges` converts
    the weights to the ranges a method actually sees (the observed bids).

    Parameters
    ----------
    points : mapping or pandas.Series
        Points per criterion in [0, 100]; the largest must be 100.
    ranges : mapping, optional
        ``{criterion: (worst, best)}`` reference levels, in the units of the decision
        matrix; kept in ``.provenance["ranges"]``. Criteria without a range refer to the
        observed range.

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
    >>> ws = weights.swing({"quality": 100, "price": 50}, ranges={"quality": (1, 5)})
    >>> ws.provenance["ranges"]
    {'quality': (1.0, 5.0)}
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
    provenance: dict[str, Any] = {"method": "swing", "points": raw.to_dict()}
    if ranges is not None:
        provenance["ranges"] = _ranges(ranges, list(raw.index))
    return WeightSet(
        weights=weight_series(raw.to_numpy() / raw.sum(), raw.index),
        raw=raw,
        method="swing",
        provenance=provenance,
    )


def _ranges(ranges: Any, criteria: list[str] | None = None) -> dict[str, tuple[float, float]]:
    """``{criterion: (worst, best)}`` checked: two finite, different numbers per criterion."""
    if not isinstance(ranges, Mapping):
        msg = f"Give the ranges as a mapping {{criterion: (worst, best)}}; got {type(ranges).__name__}."
        raise WeightError(msg, value=type(ranges).__name__)
    out: dict[str, tuple[float, float]] = {}
    for key, pair in ranges.items():
        crit = str(key)
        if criteria is not None and crit not in criteria:
            msg = (
                f"Range given for {crit!r}, which is not weighted here."
                f"{did_you_mean(crit, criteria)} Criteria: {', '.join(criteria)}."
            )
            raise WeightError(msg, criterion=crit, value=crit)
        if isinstance(pair, str | bytes) or not isinstance(pair, Iterable):
            msg = f"The range of {crit!r} must be [worst, best]; got {pair!r}."
            raise WeightError(msg, criterion=crit, value=pair)
        items = list(pair)
        if len(items) != 2:
            msg = f"The range of {crit!r} must be [worst, best] (two numbers); got {pair!r}."
            raise WeightError(msg, criterion=crit, value=pair)
        worst, best = (
            _level(v, crit, which) for v, which in zip(items, ("worst", "best"), strict=True)
        )
        if worst == best:
            msg = (
                f"The range of {crit!r} has the same worst and best level ({worst:g}); a swing "
                "needs two different levels."
            )
            raise WeightError(msg, criterion=crit, value=pair)
        out[crit] = (worst, best)
    return out


def _level(value: Any, crit: str, which: str) -> float:
    """One reference level: a finite number (negative values are fine)."""
    if isinstance(value, bool):
        msg = f"The {which} level of {crit!r} is a boolean ({value}); give a number."
        raise WeightError(msg, criterion=crit, value=value)
    try:
        f = float(value)
    except (TypeError, ValueError):
        msg = f"The {which} level of {crit!r} is {value!r}, which is not a number."
        raise WeightError(msg, criterion=crit, value=value) from None
    if not np.isfinite(f):
        msg = f"The {which} level of {crit!r} is {value!r}; give a finite number."
        raise WeightError(msg, criterion=crit, value=value)
    return f


def _observed(observed: Any) -> dict[str, tuple[float, float]]:
    """Observed ``(worst, best)`` per criterion of a Problem (or an Evaluation), or a mapping."""
    pb = getattr(observed, "problem", observed)
    values = getattr(pb, "values", None)
    signs = getattr(pb, "signs", None)
    if isinstance(values, np.ndarray) and isinstance(signs, np.ndarray):
        lo, hi = values.min(axis=0), values.max(axis=0)
        return {
            str(c): (
                float(lo[j] if signs[j] > 0 else hi[j]),
                float(hi[j] if signs[j] > 0 else lo[j]),
            )
            for j, c in enumerate(pb.criteria)
        }
    return _ranges(observed)


def rescale_to_ranges(
    weights: WeightSet | pd.Series | Mapping[str, float],
    ranges: Mapping[str, Any],
    observed: Any,
) -> WeightSet:
    """Weights stated for reference ``ranges``, converted to the ``observed`` ranges.

    In an additive value model with linear value functions, a weight ``w_j`` stated for the
    swing from ``worst_j`` to ``best_j`` is worth ``w_j / |best_j - worst_j|`` per unit of
    the criterion. A method that normalises over the observed range ``r_j`` (min-max) needs
    the weight that swing is worth: ``w'_j ∝ w_j r_j / |best_j - worst_j|``, normalised to
    sum 1 (Keeney & Raiffa 1976, ch. 3; Fischer 1995). Criteria without a reference range
    keep their stated weight (their reference is the observed range).

    Parameters
    ----------
    weights : WeightSet, Series or mapping
        Stated weights (any positive scale; normalised).
    ranges : mapping
        ``{criterion: (worst, best)}`` reference levels the weights were stated for.
    observed : Problem, Evaluation or mapping
        The ranges the method sees: a Problem's observed worst and best values, or
        ``{criterion: (worst, best)}``.

    Returns
    -------
    WeightSet
        Method ``"rescaled"``; ``.provenance`` keeps the stated weights, both ranges and
        the factor applied to each criterion.

    Raises
    ------
    WeightError
        A range is not two different numbers, or names an unknown criterion.

    References
    ----------
    .. [1] Keeney, R. L. & Raiffa, H. (1976). *Decisions with Multiple Objectives*. Wiley.
    .. [2] Fischer, G. W. (1995). Range sensitivity of attribute weights in
       multiattribute value models. *Organizational Behavior and Human Decision
       Processes* 62(3), 252-266.

    Examples
    --------
    Quality was weighed for the swing from 1 to 5 stars, but the bids only span 3.8 to 4.2
    stars: a tenth of the swing the committee had in mind.

    >>> from partnerselect import weights
    >>> ws = weights.rescale_to_ranges(
    ...     {"quality": 0.5, "price": 0.5},
    ...     ranges={"quality": (1, 5), "price": (1200, 800)},
    ...     observed={"quality": (3.8, 4.2), "price": (1100, 900)},
    ... )
    >>> ws.weights.round(4).tolist()
    [0.1667, 0.8333]
    """
    stated = weights.weights if isinstance(weights, WeightSet) else as_weight_series(weights)
    crits = [str(c) for c in stated.index]
    ref = _ranges(ranges, crits)
    seen = _observed(observed)
    factors = {}
    for crit in crits:
        if crit not in ref:
            factors[crit] = 1.0
            continue
        if crit not in seen:
            msg = f"No observed range for {crit!r}; the observed data must cover every weighted criterion."
            raise WeightError(msg, criterion=crit)
        r_ref = abs(ref[crit][1] - ref[crit][0])
        factors[crit] = abs(seen[crit][1] - seen[crit][0]) / r_ref
    raw = stated.to_numpy(dtype=float) * np.array([factors[c] for c in crits])
    if not np.isfinite(raw).all() or raw.sum() <= 0:
        msg = (
            "No criterion with a positive weight varies over the observed range, so the rescaled "
            "weights are undefined."
        )
        raise WeightError(msg)
    return WeightSet(
        weights=weight_series(raw / raw.sum(), stated.index),
        raw=stated.rename("stated"),
        method="rescaled",
        provenance={
            "method": "rescaled to observed ranges",
            "stated": {c: float(v) for c, v in stated.items()},
            "ranges": ref,
            "observed": {c: seen[c] for c in crits if c in seen},
            "factors": factors,
        },
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
