"""Validation of decision-matrix cells and weights, with messages that say where and how.

Used by :meth:`partnerselect.Problem.from_frame`; kept apart so the Problem module reads as
the data object it defines.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, DuplicateError, MissingValueError, WeightError


def _did_you_mean(name: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _readonly(arr: np.ndarray) -> np.ndarray:
    out = np.array(arr, dtype=float, copy=True)
    out.setflags(write=False)
    return out


def _to_float_matrix(sub: pd.DataFrame, *, source: str | None) -> pd.DataFrame:
    where = f" in {source}" if source else ""
    if sub.shape[0] == 0:
        msg = f"The table{where} has no rows: at least one partner is needed."
        raise DataError(msg, source=source)
    idx = pd.Index([str(i) if not isinstance(i, str) else i for i in sub.index], name="partner_id")
    if idx.has_duplicates:
        dup = idx[idx.duplicated()][0]
        msg = f"Partner id {dup!r} appears more than once{where}. Partner ids must be unique."
        raise DuplicateError(msg, source=source, partner=dup, value=dup)
    data: dict[str, np.ndarray] = {}
    for col in sub.columns:
        series = sub[col]
        if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_numeric_dtype(series.dtype):
            arr = series.to_numpy(dtype=float, na_value=np.nan)
            bad = np.flatnonzero(~np.isfinite(arr))
            if bad.size == 0:
                data[col] = arr
                continue
            positions: Sequence[int] = bad[:1].tolist()
        else:
            positions = range(len(series))
        for pos in positions:
            _check_cell(
                series.iloc[pos], pid=idx[pos], col=col, pos=pos, where=where, source=source
            )
        data[col] = series.to_numpy(dtype=float)
    out = pd.DataFrame(data, index=idx)
    out.columns = pd.Index(list(sub.columns), name="criterion")
    return out


def _check_cell(val: Any, *, pid: str, col: str, pos: int, where: str, source: str | None) -> None:
    ctx: dict[str, Any] = {
        "source": source,
        "row": pos + 1,
        "column": col,
        "partner": pid,
        "criterion": col,
    }
    if isinstance(val, bool | np.bool_):
        return
    if val is None or val is pd.NA or (isinstance(val, float | np.floating) and np.isnan(val)):
        msg = (
            f"Missing value for partner {pid!r}, criterion {col!r}{where} (row {pos + 1}). "
            "Fill it in, or declare a missing-data policy for this criterion in the model."
        )
        raise MissingValueError(msg, value=val, **ctx)
    if not isinstance(val, int | float | np.integer | np.floating):
        msg = (
            f"Value {val!r} for partner {pid!r}, criterion {col!r}{where} is not a number. "
            "Criterion values must be numeric (booleans count as 0/1)."
        )
        raise DataError(msg, value=val, **ctx)
    if not np.isfinite(float(val)):
        msg = (
            f"Value {val!r} for partner {pid!r}, criterion {col!r}{where} is not finite. "
            "Replace infinities by a real number."
        )
        raise DataError(msg, value=val, **ctx)


def _parse_weights(
    weights: Mapping[str, float] | Sequence[float] | pd.Series | None,
    criteria: list[str],
    *,
    source: str | None,
) -> pd.Series:
    index = pd.Index(criteria, name="criterion")
    if weights is None:
        return pd.Series(np.ones(len(criteria)), index=index, name="weight")
    if isinstance(weights, pd.Series | Mapping):
        given = {str(k): v for k, v in dict(weights).items()}
        unknown = [k for k in given if k not in criteria]
        if unknown:
            msg = (
                f"Weight given for {unknown[0]!r}, which is not a criterion."
                f"{_did_you_mean(unknown[0], criteria)} Criteria: {', '.join(criteria)}."
            )
            raise WeightError(msg, source=source, criterion=unknown[0])
        missing = [c for c in criteria if c not in given]
        if missing:
            msg = (
                f"No weight given for criterion {missing[0]!r}. Give a weight for every "
                "criterion (0 is allowed), or pass weights=None for equal weights."
            )
            raise WeightError(msg, source=source, criterion=missing[0])
        vals = [given[c] for c in criteria]
    else:
        vals = list(np.asarray(weights, dtype=object).ravel())
        if len(vals) != len(criteria):
            msg = f"Got {len(vals)} weights for {len(criteria)} criteria; give one per criterion."
            raise WeightError(msg, source=source, value=len(vals))
    out = []
    for crit, v in zip(criteria, vals, strict=True):
        try:
            f = float(v)
        except (TypeError, ValueError):
            msg = f"Weight {v!r} of criterion {crit!r} is not a number."
            raise WeightError(msg, source=source, criterion=crit, value=v) from None
        if not np.isfinite(f):
            msg = f"Weight of criterion {crit!r} is {v!r}; weights must be finite numbers."
            raise WeightError(msg, source=source, criterion=crit, value=v)
        if f < 0:
            msg = (
                f"Weight of criterion {crit!r} is negative ({v!r}). Weights must be >= 0; "
                "to prefer smaller values declare the criterion as 'min' instead."
            )
            raise WeightError(msg, source=source, criterion=crit, value=v)
        out.append(f)
    arr = np.asarray(out, dtype=float)
    if not (arr > 0).any():  # not arr.sum(): [1e308, 1e308] would overflow
        msg = "All weights are zero. Give at least one criterion a positive weight."
        raise WeightError(msg, source=source, value=0.0)
    return pd.Series(arr, index=index, name="weight")


def normalise_weights(raw: pd.Series) -> pd.Series:
    """Weights scaled to sum 1 without overflow: divided by the largest first, so
    ``[1e308, 1e308]`` gives ``[0.5, 0.5]`` (their plain sum is infinite).

    Examples
    --------
    >>> normalise_weights(pd.Series([1e308, 1e308])).tolist()
    [0.5, 0.5]
    """
    scaled = raw / float(raw.max())
    return scaled / float(scaled.sum())
