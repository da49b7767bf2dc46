"""Parameter and data checks shared by the methods (one message shape everywhere)."""

from __future__ import annotations

import contextlib
import math
import numbers
import warnings
import weakref
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from partnerselect.errors import DataError, DegenerateDataWarning, PrecisionWarning

if TYPE_CHECKING:
    from partnerselect.methods._base import Method
    from partnerselect.problem import Problem

__all__ = [
    "SPAN_LIMIT",
    "check_choice",
    "check_real",
    "per_criterion",
    "require_positive",
    "warn_degenerate",
    "warn_wide_span",
]

#: Largest ratio of largest to smallest non-zero magnitude in one criterion that float64
#: resolves in sums (its 15-16 significant digits).
SPAN_LIMIT = 1e15


def check_choice(method: Method, name: str, value: Any, options: Sequence[str]) -> str:
    """``value`` if it is one of ``options``, else the standard ParameterError."""
    if not isinstance(value, str) or value not in options:
        raise method.param_error(name, f"one of {list(options)}", value)
    return value


def check_real(
    method: Method,
    name: str,
    value: Any,
    *,
    lo: float | None = None,
    hi: float | None = None,
    lo_open: bool = False,
) -> float:
    """``value`` as a float within ``[lo, hi]`` (``(lo, hi]`` if ``lo_open``)."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    f = float(value) if ok else math.nan
    if ok and math.isfinite(f):
        ok = (lo is None or (f > lo if lo_open else f >= lo)) and (hi is None or f <= hi)
    else:
        ok = False
    if not ok:
        if lo is not None and hi is not None:
            left = "(" if lo_open else "["
            expected = f"a float in {left}{lo:g}, {hi:g}]"
        elif lo is not None:
            expected = f"a float {'>' if lo_open else '>='} {lo:g}"
        else:
            expected = "a finite float"
        raise method.param_error(name, expected, value)
    return f


def per_criterion(
    method: Method,
    name: str,
    value: Any,
    problem: Problem,
    *,
    expected: str,
) -> list[Any]:
    """Expand a scalar, a sequence (one per criterion) or a mapping by criterion name.

    Returns a list with one entry per criterion of ``problem`` (``None`` where a mapping
    leaves a criterion out).
    """
    criteria = [str(c) for c in problem.criteria]
    n = len(criteria)
    if isinstance(value, Mapping):
        unknown = [k for k in value if str(k) not in criteria]
        if unknown:
            raise method.param_error(
                name, f"{expected}, given per criterion among {criteria}", dict(value)
            )
        given = {str(k): v for k, v in value.items()}
        return [given.get(c) for c in criteria]
    if isinstance(value, str) or not isinstance(value, Sequence | np.ndarray):
        return [value] * n
    items = list(value)
    if len(items) != n:
        raise method.param_error(name, f"{expected} (one per criterion: {n} values)", value)
    return items


def require_positive(
    method: Method,
    problem: Problem,
    *,
    columns: str = "all",
    strict: bool = True,
    why: str = "",
) -> None:
    """Raise DataError naming the first non-positive value in the selected columns.

    ``columns`` is ``"all"``, ``"cost"`` or ``"benefit"``; ``strict`` requires ``> 0``
    (otherwise ``>= 0``).
    """
    x = problem.values
    signs = problem.signs
    select = {
        "all": np.ones_like(signs, dtype=bool),
        "cost": signs < 0,
        "benefit": signs > 0,
    }[columns]
    bad = (x <= 0) if strict else (x < 0)
    bad = bad & select[None, :]
    if not bad.any():
        return
    i, j = (int(k[0]) for k in np.nonzero(bad))
    crit, partner, val = str(problem.criteria[j]), str(problem.partners[i]), float(x[i, j])
    need = "positive" if strict else "non-negative"
    kind = {"all": "", "cost": "cost ", "benefit": "benefit "}[columns]
    msg = (
        f"{method.display_name} needs {need} values on {kind}criteria{why}, but criterion "
        f"{crit!r} is {val:g} for partner {partner!r}. Shift or rescale that criterion "
        "(for example count + 1), or use a method without ratios such as 'topsis' or 'vikor'."
    )
    raise DataError(msg, criterion=crit, column=crit, partner=partner, value=val)


def warn_degenerate(message: str, *, stacklevel: int = 5) -> None:
    """Emit a DegenerateDataWarning (from ``validate``, never from a kernel)."""
    warnings.warn(message, DegenerateDataWarning, stacklevel=stacklevel)


_WIDE_SPAN: weakref.WeakKeyDictionary[Problem, str] = weakref.WeakKeyDictionary()


def _wide_span_text(problem: Problem) -> str:
    """The criteria of ``problem`` whose magnitudes span more than :data:`SPAN_LIMIT`
    (empty when none), computed once per Problem: a Problem is immutable."""
    try:
        return _WIDE_SPAN[problem]
    except (KeyError, TypeError):
        pass
    x = np.abs(np.asarray(problem.values, dtype=float))
    text = ""
    if x.size:
        finite = np.isfinite(x) & (x > 0)
        lo = np.where(finite, x, np.inf).min(axis=0)
        hi = np.where(finite, x, 0.0).max(axis=0)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            span = np.where(
                np.isfinite(lo) & (hi > 0), hi / np.where(np.isfinite(lo), lo, 1.0), 1.0
            )
        text = ", ".join(
            f"{problem.criteria[int(j)]!s} (from {lo[j]:.3g} to {hi[j]:.3g})"
            for j in np.flatnonzero(span > SPAN_LIMIT)
        )
    with contextlib.suppress(TypeError):  # not weak-referenceable: computed every time
        _WIDE_SPAN[problem] = text
    return text


def warn_wide_span(method: Method, problem: Problem, *, stacklevel: int = 4) -> None:
    """Warn (PrecisionWarning) naming every criterion whose non-zero magnitudes span more
    than :data:`SPAN_LIMIT`: float64 cannot tell its smallest values apart once summed."""
    wide = _wide_span_text(problem)
    if wide:
        warnings.warn(
            f"{method.display_name}: values of {wide} span more than "
            f"{SPAN_LIMIT:.0e}; float64 arithmetic cannot resolve the smallest of them next to "
            "the largest. Check the unit (cents vs millions?) or cap the outliers.",
            PrecisionWarning,
            stacklevel=stacklevel,
        )
