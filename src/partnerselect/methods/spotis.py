"""SPOTIS (Dezert et al. 2020): distance to the ideal solution point, free of rank reversal."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from partnerselect.errors import DataError
from partnerselect.methods._base import Method, register
from partnerselect.methods._checks import per_criterion
from partnerselect.problem import Problem

__all__ = ["SPOTIS", "spotis"]


def _distances(
    matrix: np.ndarray, signs: np.ndarray, bounds: np.ndarray, ideal: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = bounds[:, 0], bounds[:, 1]
    if ideal is None:
        ideal = np.where(np.asarray(signs) > 0, hi, lo)
    span = hi - lo
    x = np.asarray(matrix, dtype=float)
    d = np.divide(np.abs(x - ideal), span, out=np.zeros_like(x), where=span > 0)
    return ideal, d


def spotis(
    matrix: np.ndarray,
    signs: np.ndarray,
    weights: np.ndarray,
    bounds: np.ndarray | None = None,
    ideal: np.ndarray | None = None,
) -> np.ndarray:
    """SPOTIS score ``sum_j w_j |x_ij - S*_j| / (max_j - min_j)`` (lower is better).

    ``bounds`` is ``(n, 2)`` ``[min, max]`` per criterion (default: the data's range);
    the ideal solution point ``S*`` is ``ideal`` (n,) when given, else the max bound of
    benefit criteria and the min bound of cost criteria.

    Examples
    --------
    >>> x = np.array([[10.0, 1.0], [20.0, 3.0]])
    >>> b = np.array([[0.0, 20.0], [0.0, 4.0]])
    >>> spotis(x, np.array([1, -1]), np.array([[0.5, 0.5]]), b).tolist()
    [[0.375, 0.375]]
    """
    x = np.asarray(matrix, dtype=float)
    if bounds is None:
        bounds = np.column_stack([x.min(axis=0), x.max(axis=0)])
    _, d = _distances(x, signs, np.asarray(bounds, dtype=float), ideal)
    return np.atleast_2d(np.asarray(weights, dtype=float)) @ d.T


@register("spotis")
class SPOTIS(Method):
    """Stable Preference Ordering Towards Ideal Solution; lower score is better.

    Parameters
    ----------
    bounds : mapping, sequence of pairs or array (n, 2), optional
        ``(min, max)`` each criterion can take (for example a 1-5 scale or a budget cap),
        as a mapping by criterion name, one pair per criterion, or an ``(n, 2)`` array. The
        bounds are what makes SPOTIS immune to rank reversal: they do not move when
        partners are added or removed. When omitted, the data's own min and max are used
        (documented fallback; then SPOTIS behaves like a min-max weighted distance and
        loses that immunity). Every value must lie within its bounds.
    ideal : mapping or sequence, optional
        The expected (ideal) solution point ``S*``, pymcdm's ``esp`` and scikit-criteria's
        ``isp``: a value per criterion (mapping by name, criteria left out keep the
        default, or one value per criterion) within the bounds. By default it is the max
        bound of benefit criteria and the min bound of cost criteria. An ideal inside the
        range (a target, not an extreme) makes overshooting it cost as much as falling
        short.

    Notes
    -----
    Additive: contributions ``w_j d_ij`` sum to the score. Matches pymcdm's ``SPOTIS``
    (which requires bounds) and scikit-criteria's ``SPOTIS``.

    References
    ----------
    Dezert, J., Tchamova, A., Han, D. & Tacnet, J.-M. (2020). The SPOTIS rank reversal free
    method for multi-criteria decision-making support. 2020 IEEE 23rd International
    Conference on Information Fusion (FUSION), 1-8.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [2.0, 4.0], "price": [3.0, 1.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "price": "min"})
    >>> ps.rank(pb, "spotis", bounds={"q": (1, 5), "price": (0, 4)}).scores.tolist()
    [0.75, 0.25]
    """

    label = "SPOTIS"
    step_axes: ClassVar[Mapping[str, str]] = {
        "bounds min": "c",
        "bounds max": "c",
        "ideal solution point": "c",
    }
    higher_is_better = False
    bounds: Any = None
    ideal: Any = None

    def validate(self, problem: Any) -> dict[str, Any]:
        bounds = self._bounds(problem)
        return {"bounds": bounds, "ideal": self._ideal(problem, bounds)}

    def _ideal(self, problem: Problem, bounds: np.ndarray) -> np.ndarray | None:
        raw = self.ideal
        if raw is None:
            return None
        expected = "a value per criterion within its bounds"
        if not isinstance(raw, Mapping | list | tuple | np.ndarray):
            raise self.param_error("ideal", f"{expected}, or None", raw)
        out = np.where(problem.signs > 0, bounds[:, 1], bounds[:, 0])
        items = per_criterion(self, "ideal", raw, problem, expected=expected)
        for j, (crit, value) in enumerate(zip(problem.criteria, items, strict=True)):
            if value is None:
                continue
            ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
            v = float(value) if ok else math.nan
            if not (math.isfinite(v) and bounds[j, 0] <= v <= bounds[j, 1]):
                where = f"criterion {crit!r}, bounds [{bounds[j, 0]:g}, {bounds[j, 1]:g}]"
                raise self.param_error("ideal", f"{expected} ({where})", value)
            out[j] = v
        return out

    def _bounds(self, problem: Problem) -> np.ndarray:
        x = problem.values
        data = np.column_stack([x.min(axis=0), x.max(axis=0)])
        raw = self.params["bounds"]
        if raw is None:
            return data
        expected = "a (min, max) pair per criterion with min < max"
        if not isinstance(raw, Mapping | list | tuple | np.ndarray):
            raise self.param_error("bounds", f"{expected}, or None", raw)
        items = per_criterion(self, "bounds", raw, problem, expected=expected)
        out = data.copy()
        for j, (crit, pair) in enumerate(zip(problem.criteria, items, strict=True)):
            if pair is None:
                continue
            try:
                lo, hi = (float(v) for v in pair)
            except (TypeError, ValueError):
                raise self.param_error("bounds", f"{expected} (criterion {crit!r})", pair) from None
            if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
                raise self.param_error("bounds", f"{expected} (criterion {crit!r})", pair)
            out[j] = (lo, hi)
        outside = (x < out[:, 0]) | (x > out[:, 1])
        if outside.any():
            i, j = (int(k[0]) for k in np.nonzero(outside))
            crit, partner = str(problem.criteria[j]), str(problem.partners[i])
            msg = (
                f"SPOTIS: partner {partner!r} has {x[i, j]:g} on criterion {crit!r}, outside "
                f"its bounds [{out[j, 0]:g}, {out[j, 1]:g}]. Widen the bounds or fix the value."
            )
            raise DataError(msg, criterion=crit, column=crit, partner=partner, value=float(x[i, j]))
        return out

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return spotis(matrix, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        ideal, d = _distances(matrix, signs, params["bounds"], params.get("ideal"))
        return {
            "bounds min": params["bounds"][:, 0],
            "bounds max": params["bounds"][:, 1],
            "ideal solution point": ideal,
            "normalized distance d": d,
            "score": d @ weights,
        }

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        _, d = _distances(matrix, signs, params["bounds"], params.get("ideal"))
        return np.asarray(d * weights)
