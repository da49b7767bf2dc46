"""Measurement scales: partial value functions applied to criterion values before a method.

As in JSMAA and the R ``smaa`` package, a criterion measured on its own scale (an event
rate, a price) is turned into a partial value in [0, 1] by a value function on a stated
range; SMAA then ranks the partners by the weighted sum of partial values (the method
``"wsm"`` with ``normalization="none"``). The value function is applied to every sampled
value, so an uncertain rate gives an uncertain partial value.

:class:`LinearScale`
    linear from ``low`` to ``high``, increasing (``high`` is best) or decreasing;
:class:`PiecewiseLinearScale`
    through given ``(cutoff, value)`` points, as ``smaa.pvf``.

Values outside the stated range follow ``outside``: ``"extrapolate"`` continues the line
(JSMAA's and the R package's behaviour for linear scales, so a value past the range
gives a partial value below 0 or above 1), ``"clip"`` holds the end values and
``"error"`` refuses.

>>> s = LinearScale(0.0, 0.25, direction="decreasing")
>>> s(np.array([0.0, 0.125, 0.3])).round(3).tolist()
[1.0, 0.5, -0.2]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from partnerselect.errors import DataError, ParameterError

__all__ = ["LinearScale", "PiecewiseLinearScale", "apply_scales", "check_scales"]

Outside = Literal["extrapolate", "clip", "error"]
_OUTSIDE = ("extrapolate", "clip", "error")


def _check_outside(outside: str) -> None:
    if outside not in _OUTSIDE:
        msg = f"The 'outside' parameter must be one of {list(_OUTSIDE)}. Got {outside!r} instead."
        raise ParameterError(msg, value=outside)


@dataclasses.dataclass(frozen=True)
class LinearScale:
    """Linear partial value function on ``[low, high]``.

    Parameters
    ----------
    low, high : float
        The stated range (``low < high``).
    direction : {"increasing", "decreasing"}
        ``"increasing"``: ``high`` has value 1 (a benefit); ``"decreasing"``: ``low`` has
        value 1 (a cost, such as an adverse-event rate).
    outside : {"extrapolate", "clip", "error"}
        Policy for values outside the range (see the module notes).

    Examples
    --------
    >>> LinearScale(10, 20)(np.array([10.0, 15.0, 25.0])).tolist()
    [0.0, 0.5, 1.5]
    >>> LinearScale(10, 20, outside="clip")(np.array([25.0])).tolist()
    [1.0]
    """

    low: float
    high: float
    direction: Literal["increasing", "decreasing"] = "increasing"
    outside: Outside = "extrapolate"

    def __post_init__(self) -> None:
        lo, hi = float(self.low), float(self.high)
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            msg = f"A linear scale needs finite low < high. Got ({self.low!r}, {self.high!r})."
            raise ParameterError(msg, value=(self.low, self.high))
        if self.direction not in ("increasing", "decreasing"):
            msg = (
                "The 'direction' of a scale must be 'increasing' or 'decreasing'. Got "
                f"{self.direction!r} instead."
            )
            raise ParameterError(msg, value=self.direction)
        _check_outside(self.outside)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """The partial value of each criterion value in ``x``.

        Parameters
        ----------
        x : numpy.ndarray
            Criterion values (any shape).

        Returns
        -------
        numpy.ndarray
            Values in [0, 1], same shape.
        """
        arr = np.asarray(x, dtype=float)
        lo, hi = float(self.low), float(self.high)
        _outside_check(arr, lo, hi, self.outside, self)
        if self.outside == "clip":
            arr = np.clip(arr, lo, hi)
        v = (arr - lo) / (hi - lo)
        return v if self.direction == "increasing" else 1.0 - v


@dataclasses.dataclass(frozen=True)
class PiecewiseLinearScale:
    """Piecewise linear partial value function through ``(cutoffs[i], values[i])``.

    ``cutoffs`` strictly increasing, ``values`` in [0, 1] and monotone; outside the
    cutoffs the end segments are extended (``"extrapolate"``), held (``"clip"``) or
    refused (``"error"``).

    Parameters
    ----------
    cutoffs : sequence of float
        Strictly increasing criterion values.
    values : sequence of float
        Value in [0, 1] at each cutoff, monotone.
    outside : {"extrapolate", "clip", "error"}, default "extrapolate"
        What happens beyond the cutoffs.

    Examples
    --------
    >>> s = PiecewiseLinearScale((50, 75, 90, 100), (1, 0.8, 0.5, 0), outside="clip")
    >>> s(np.array([50, 90, 100, 10, 40, 101, 120])).tolist()  # R smaa.pvf's example
    [1.0, 0.5, 0.0, 1.0, 1.0, 0.0, 0.0]
    """

    cutoffs: Sequence[float]
    values: Sequence[float]
    outside: Outside = "extrapolate"

    def __post_init__(self) -> None:
        c = np.asarray(self.cutoffs, dtype=float)
        v = np.asarray(self.values, dtype=float)
        if c.ndim != 1 or c.size < 2 or c.shape != v.shape:
            msg = "A piecewise linear scale needs at least two cutoffs and one value per cutoff."
            raise ParameterError(msg, value=(list(self.cutoffs), list(self.values)))
        if not (np.all(np.isfinite(c)) and np.all(np.diff(c) > 0)):
            msg = f"The cutoffs must be finite and strictly increasing. Got {list(self.cutoffs)}."
            raise ParameterError(msg, value=list(self.cutoffs))
        d = np.diff(v)
        if not (np.all(np.isfinite(v)) and (np.all(d >= 0) or np.all(d <= 0))):
            msg = f"The values must be finite and monotone. Got {list(self.values)}."
            raise ParameterError(msg, value=list(self.values))
        _check_outside(self.outside)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """The partial value of each criterion value in ``x``.

        Parameters
        ----------
        x : numpy.ndarray
            Criterion values (any shape).

        Returns
        -------
        numpy.ndarray
            Values in [0, 1], same shape.
        """
        arr = np.asarray(x, dtype=float)
        c = np.asarray(self.cutoffs, dtype=float)
        v = np.asarray(self.values, dtype=float)
        _outside_check(arr, float(c[0]), float(c[-1]), self.outside, self)
        out = np.interp(arr, c, v)
        if self.outside == "extrapolate":
            lo_slope = (v[1] - v[0]) / (c[1] - c[0])
            hi_slope = (v[-1] - v[-2]) / (c[-1] - c[-2])
            out = np.where(arr < c[0], v[0] + (arr - c[0]) * lo_slope, out)
            out = np.where(arr > c[-1], v[-1] + (arr - c[-1]) * hi_slope, out)
        return out


def _outside_check(arr: np.ndarray, lo: float, hi: float, outside: str, scale: Any) -> None:
    if outside != "error":
        return
    bad = (arr < lo) | (arr > hi)
    if np.any(bad):
        val = float(arr[bad].reshape(-1)[0])
        msg = (
            f"Value {val:g} is outside the range [{lo:g}, {hi:g}] of {scale!r} (outside="
            "'error'). Widen the range or choose outside='clip' or 'extrapolate'."
        )
        raise DataError(msg, value=val)


Scale = LinearScale | PiecewiseLinearScale


def check_scales(scales: Mapping[str, Any] | None, criteria: Sequence[str]) -> dict[int, Scale]:
    """``{criterion position: scale}`` after checking names and types."""
    if scales is None:
        return {}
    if not isinstance(scales, Mapping):
        msg = "The 'scales' parameter must be a mapping {criterion: LinearScale(...)}."
        raise ParameterError(msg, value=type(scales).__name__)
    names = [str(c) for c in criteria]
    out: dict[int, Scale] = {}
    for crit, scale in scales.items():
        if str(crit) not in names:
            msg = f"Scale given for {crit!r}, which is not a criterion ({', '.join(names)})."
            raise ParameterError(msg, criterion=str(crit), value=crit)
        if not isinstance(scale, LinearScale | PiecewiseLinearScale):
            msg = (
                f"The scale of {crit!r} must be a LinearScale or PiecewiseLinearScale. Got "
                f"{type(scale).__name__}."
            )
            raise ParameterError(msg, criterion=str(crit), value=type(scale).__name__)
        out[names.index(str(crit))] = scale
    return out


def apply_scales(X: np.ndarray, scales: Mapping[int, Scale]) -> np.ndarray:
    """Partial values of a matrix or batch ``(..., m, n)`` (unscaled criteria unchanged)."""
    if not scales:
        return X
    out = np.array(X, dtype=float, copy=True)
    for j, scale in scales.items():
        out[..., j] = scale(out[..., j])
    return out
