"""Small helpers that read the tables the plots consume (no analysis happens here)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError

__all__ = ["check_top", "oriented", "resolve_partner", "resolve_partners", "table_of"]


def resolve_partner(problem: Any, key: Any, *, param: str = "partners") -> Any:
    """The partner id for ``key`` (an id, or a display name when no id matches)."""
    ids = list(problem.partners)
    if key in ids:
        return key
    if str(key) in ids:
        return str(key)
    names = problem.names
    hits = [pid for pid, name in zip(names.index, names, strict=True) if name == key]
    if len(hits) == 1:
        return hits[0]
    options = [str(i) for i in ids]
    close = difflib.get_close_matches(str(key), options + [str(n) for n in names], n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    msg = (
        f"The {param!r} parameter names {key!r}, which is neither a partner id nor a unique "
        f"partner name.{hint} Partner ids: {shown}."
    )
    raise ParameterError(msg, partner=str(key), value=key)


def resolve_partners(
    problem: Any, keys: Sequence[Any] | Any, *, param: str = "partners"
) -> list[Any]:
    """Partner ids for a sequence of ids or names (a single id is accepted too)."""
    if isinstance(keys, str) or not isinstance(keys, Sequence | pd.Index | np.ndarray):
        keys = [keys]
    out: list[Any] = []
    for key in keys:
        pid = resolve_partner(problem, key, param=param)
        if pid not in out:
            out.append(pid)
    if not out:
        msg = f"The {param!r} parameter is empty; name at least one partner."
        raise ParameterError(msg, value=list(keys))
    return out


def check_top(top: Any, n: int, *, param: str = "top") -> int:
    """Validate a "show the first N" parameter; ``None`` means all ``n``."""
    if top is None:
        return n
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        msg = f"The {param!r} parameter must be a positive integer or None. Got {top!r} instead."
        raise ParameterError(msg, value=top)
    return int(min(top, n))


def table_of(obj: Any, *attrs: str) -> pd.DataFrame:
    """``obj`` when it is a DataFrame, else its first DataFrame attribute among ``attrs``."""
    if isinstance(obj, pd.DataFrame):
        return obj
    for attr in attrs:
        val = getattr(obj, attr, None)
        if isinstance(val, pd.DataFrame):
            return val
    wanted = " or ".join(f".{a}" for a in attrs)
    msg = f"Expected a pandas DataFrame or a result with {wanted}; got {type(obj).__name__}."
    raise ParameterError(msg, value=type(obj).__name__)


def oriented(problem: Any, values: pd.DataFrame) -> pd.DataFrame:
    """Flip columns of ``values`` (partners x criteria) that run against the objective.

    Methods keep intermediate matrices in their own orientation (TOPSIS's vector
    normalisation keeps a cost criterion's large values large). A column whose values
    correlate negatively with the criterion's "goodness" (value x objective sign) is
    multiplied by -1, so that larger always means better for the partner.
    """
    raw = problem.matrix.reindex(index=values.index, columns=values.columns)
    good = raw.to_numpy(float) * np.asarray(problem.objectives.reindex(values.columns), dtype=float)
    v = values.to_numpy(float)
    gc = good - good.mean(axis=0)
    vc = v - v.mean(axis=0)
    flip = np.sum(gc * vc, axis=0) < 0
    out = values.copy()
    out.loc[:, flip] = -v[:, flip]
    return out
