"""Value equality for results and configuration objects (one rule, one place).

pandas' ``==`` is element-wise and a dataclass's generated ``__eq__`` compares its fields
with it, so comparing two results that hold frames either raises ("the truth value of a
DataFrame is ambiguous") or, for fields compared by identity, says two identical
computations differ. Results and configuration objects therefore compare with
:func:`values_equal`: pandas objects with ``.equals`` (labels, dtypes and values, NaN equal
to NaN), numpy arrays with ``array_equal(equal_nan=True)``, mappings, sequences and nested
dataclasses field by field. A result that defines value equality is unhashable (it holds
mutable pandas objects), so ``hash()`` refuses it instead of hashing by identity.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = ["fields_equal", "value_equality", "values_equal"]

T = TypeVar("T")


def _is_problem(obj: Any) -> bool:
    from partnerselect.problem import Problem

    return isinstance(obj, Problem)


def same_problem(a: Any, b: Any) -> bool:
    """Two problems with the same partners, criteria, values, directions and weights.

    Display names, uncertainty and free-form metadata are part of it too: a report built
    from one would differ from a report built from the other.
    """
    if a is b:
        return True
    try:
        return (
            list(a.partners) == list(b.partners)
            and list(a.criteria) == list(b.criteria)
            and values_equal(np.asarray(a.values), np.asarray(b.values))
            and values_equal(np.asarray(a.signs), np.asarray(b.signs))
            and values_equal(np.asarray(a.weight_vector), np.asarray(b.weight_vector))
            and values_equal(a.names, b.names)
            and values_equal(a.uncertainty, b.uncertainty)
        )
    except AttributeError:
        return False


def values_equal(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` hold the same values (NaN equal to NaN); never raises.

    Parameters
    ----------
    a, b : object
        pandas or numpy objects, mappings, sequences, dataclasses or plain values.

    Returns
    -------
    bool

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> values_equal(pd.Series([1.0, np.nan]), pd.Series([1.0, np.nan]))
    True
    >>> values_equal({"w": np.array([0.5, np.nan])}, {"w": np.array([0.5, np.nan])})
    True
    >>> values_equal(float("nan"), float("nan")), values_equal(1, "1")
    (True, False)
    """
    if a is b:
        return True
    if isinstance(a, pd.Series | pd.DataFrame | pd.Index) or isinstance(
        b, pd.Series | pd.DataFrame | pd.Index
    ):
        return type(a) is type(b) and bool(a.equals(b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        x, y = np.asarray(a), np.asarray(b)
        if x.shape != y.shape:
            return False
        try:
            return bool(np.array_equal(x, y, equal_nan=True))
        except TypeError:  # object or string arrays: NaN-safe element by element
            return all(values_equal(p, q) for p, q in zip(x.ravel(), y.ravel(), strict=True))
    if _is_problem(a) or _is_problem(b):
        return _is_problem(a) and _is_problem(b) and same_problem(a, b)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return fields_equal(a, b) is True
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(values_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def fields_equal(self: Any, other: Any) -> Any:
    """``__eq__`` of a dataclass by value: same type, every compared field
    :func:`values_equal`; ``NotImplemented`` for another type.

    Parameters
    ----------
    self, other : object
        A dataclass instance and what it is compared with.

    Returns
    -------
    bool or NotImplemented
    """
    if type(other) is not type(self):
        return NotImplemented
    return all(
        values_equal(getattr(self, f.name), getattr(other, f.name))
        for f in dataclasses.fields(self)
        if f.compare
    )


def value_equality(cls: type[T]) -> type[T]:
    """Class decorator (above ``@dataclass``): compare by value with :func:`fields_equal`
    and make the class unhashable (it holds pandas objects).

    Parameters
    ----------
    cls : type
        A dataclass.

    Returns
    -------
    type
        ``cls``, with ``__eq__`` and ``__hash__`` replaced.
    """
    cls.__eq__ = fields_equal  # type: ignore[method-assign]
    cls.__hash__ = None  # type: ignore[assignment,method-assign]
    return cls
