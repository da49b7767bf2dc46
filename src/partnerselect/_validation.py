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
    keys = sub.index.to_numpy(dtype=object).tolist()  # Python objects, not one by one
    idx = pd.Index([i if isinstance(i, str) else str(i) for i in keys], name="partner_id")
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


def _check_uncertainty(
    unc: pd.DataFrame, partners: Sequence[str] | pd.Index, criteria: Sequence[str]
) -> None:
    """Refuse an uncertainty table that cannot be meant as given, naming the row.

    Checks, in order: the index is (partner, criterion); every row names a partner and a
    criterion of the problem; no cell is given twice; ``dist`` is a known family; the
    parameters suit the family (see
    :mod:`partnerselect.trackrecord.uncertainty` for each family's parameters).
    """
    from partnerselect.errors import DataError, ParameterError, SchemaError
    from partnerselect.trackrecord.uncertainty import DISTRIBUTIONS

    if not isinstance(unc, pd.DataFrame):
        msg = f"The uncertainty table must be a pandas DataFrame, got {type(unc).__name__}."
        raise SchemaError(msg, value=type(unc).__name__)
    if len(unc) == 0:
        return
    if unc.index.nlevels != 2:
        msg = (
            "The uncertainty table must be indexed by (partner_id, criterion); got an index "
            f"with {unc.index.nlevels} level(s). Use df.set_index(['partner_id', 'criterion'])."
        )
        raise SchemaError(msg, value=unc.index.nlevels)
    if "dist" not in unc.columns:
        msg = (
            "The uncertainty table has no 'dist' column. It needs dist and the parameter "
            "columns a, b (and loc, scale, df where the family uses them)."
        )
        raise SchemaError(msg, column="dist")
    # Whole columns are checked at once (each distinct label converted once); a failing
    # check then names its first row.
    known_p = pd.Index([str(p) for p in np.asarray(partners, dtype=object).tolist()]).unique()
    known_c = pd.Index([str(c) for c in criteria]).unique()
    index = (
        unc.index if isinstance(unc.index, pd.MultiIndex) else pd.MultiIndex.from_tuples(unc.index)
    )
    names_p, at_p = _level_positions(index, 0, known_p)
    names_c, at_c = _level_positions(index, 1, known_c)
    codes_p, codes_c = np.asarray(index.codes[0]), np.asarray(index.codes[1])

    def label(pos: int) -> tuple[str, str]:
        return (str(names_p[codes_p[pos]]), str(names_c[codes_c[pos]]))

    bad_p, bad_c = at_p < 0, at_c < 0
    if bad_p.any() or bad_c.any():
        pos = int(np.flatnonzero(bad_p | bad_c)[0])
        pid, crit = label(pos)
        if bad_p[pos]:
            msg = (
                f"Uncertainty row {pos + 1} ({pid!r}, {crit!r}) names partner {pid!r}, which "
                f"is not in the problem.{_did_you_mean(pid, sorted(known_p))} Remove the row "
                "or add the partner."
            )
            raise DataError(msg, row=pos + 1, partner=pid, criterion=crit, value=pid)
        msg = (
            f"Uncertainty row {pos + 1} ({pid!r}, {crit!r}) names criterion {crit!r}, which "
            f"is not in the problem.{_did_you_mean(crit, sorted(known_c))} Criteria: "
            f"{', '.join(criteria)}."
        )
        raise DataError(msg, row=pos + 1, partner=pid, criterion=crit, value=crit)
    key = at_p.astype(np.int64) * len(known_c) + at_c
    order = np.argsort(key, kind="stable")
    repeat = order[1:][key[order][1:] == key[order][:-1]]  # every later row of a cell
    if repeat.size:
        pos = int(repeat.min())
        first = int(np.flatnonzero(key == key[pos])[0])
        pid, crit = label(pos)
        msg = (
            f"Uncertainty rows {first + 1} and {pos + 1} both describe partner "
            f"{pid!r}, criterion {crit!r}. Give each cell once."
        )
        raise DuplicateError(msg, row=pos + 1, partner=pid, criterion=crit)
    codes, uniques = pd.factorize(unc["dist"], use_na_sentinel=True)
    dist_arr = np.array([*(str(d).strip() for d in uniques), "fixed"], dtype=object)[codes]

    def col(name: str, default: float) -> np.ndarray:
        if name not in unc.columns:
            return np.full(len(unc), default)
        vals = pd.to_numeric(unc[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        bad = unc[name].notna().to_numpy() & np.isnan(vals)
        if bad.any():
            pos = int(np.flatnonzero(bad)[0])
            msg = (
                f"Uncertainty row {pos + 1} {label(pos)}: {name} = {unc[name].iloc[pos]!r} is "
                "not a number."
            )
            raise DataError(msg, row=pos + 1, column=name, value=unc[name].iloc[pos])
        return vals

    a, b = col("a", np.nan), col("b", np.nan)
    loc, scale, df = col("loc", 0.0), col("scale", 1.0), col("df", np.nan)
    scale = np.where(np.isnan(scale), 1.0, scale)
    loc = np.where(np.isnan(loc), 0.0, loc)
    fin = np.isfinite
    with np.errstate(invalid="ignore"):
        rules = {
            "fixed": (np.ones(len(unc), dtype=bool), ""),
            "beta": (
                (a > 0) & (b > 0) & fin(loc) & fin(scale) & (scale > 0),
                "Beta shapes a > 0 and b > 0 (and a finite loc, scale > 0)",
            ),
            "normal": (fin(a) & fin(b) & (b >= 0), "a finite mean a and sd b >= 0"),
            "t": (
                fin(a) & fin(b) & (b >= 0) & ~(df <= 0),
                "a finite location a, scale b >= 0 and df > 0 (or empty for normal)",
            ),
            "uniform": (fin(a) & fin(b) & (a <= b), "finite bounds a <= b"),
            "lognormal": (
                fin(a) & fin(b) & (b >= 0) & fin(loc) & fin(scale),
                "a finite log-mean a and log-sd b >= 0 (and finite loc, scale)",
            ),
        }
    known = np.isin(dist_arr, list(DISTRIBUTIONS))
    wrong = ~known
    for name, (ok, _) in rules.items():
        wrong |= (dist_arr == name) & ~ok
    if not wrong.any():
        return
    pos = int(np.flatnonzero(wrong)[0])
    d = str(dist_arr[pos])
    if not known[pos]:
        msg = (
            f"Uncertainty row {pos + 1} {label(pos)} has dist={d!r}; it must be one of "
            f"{list(DISTRIBUTIONS)}.{_did_you_mean(d, list(DISTRIBUTIONS))}"
        )
        raise ParameterError(msg, row=pos + 1, value=d)
    need = rules[d][1]
    got = ", ".join(f"{k}={v:g}" for k, v in (("a", a[pos]), ("b", b[pos])) if not np.isnan(v))
    msg = (
        f"Uncertainty row {pos + 1} {label(pos)} ({d}) needs {need}; got "
        f"{got or 'no parameters'}. Fix the parameters or set dist='fixed'."
    )
    raise DataError(msg, row=pos + 1, partner=label(pos)[0], criterion=label(pos)[1])


def _level_positions(
    index: pd.MultiIndex, level: int, known: pd.Index
) -> tuple[np.ndarray, np.ndarray]:
    """The text of each distinct label on ``level`` (a missing label reads ``"nan"``, last)
    and, per row, the position of its label in ``known`` (-1 when absent)."""
    labels = index.levels[level].to_numpy(dtype=object).tolist()
    names = np.array([*(str(v) for v in labels), "nan"], dtype=object)
    where = known.get_indexer(pd.Index(names, dtype=object))
    return names, where[np.asarray(index.codes[level])]


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
