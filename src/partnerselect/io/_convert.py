"""Typed columns from raw cells, with errors that name file, row, column and value.

A :class:`Checker` either raises the first problem or, in collect mode, records every
problem and leaves the offending cell empty so that checking can go on.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import (
    DataError,
    DuplicateError,
    MissingValueError,
    PartnerSelectError,
    SchemaError,
)
from partnerselect.io._cells import (
    _AMBIGUOUS,
    MARKERS,
    MISSING_TOKENS,
    decimal_convention,
    normalise_id,
    parse_bool,
    parse_date,
    parse_list,
    parse_number,
)
from partnerselect.io._source import RawTable, column_key

__all__ = ["Checker"]


class Checker:
    """Converts and checks the columns of one :class:`RawTable`.

    Parameters
    ----------
    table : RawTable
        The raw cells and their origin.
    problems : list or None
        ``None`` raises the first problem; a list collects every problem into it.
    units : mapping, optional
        Column -> unit; ``"percent"`` accepts ``"8 %"`` (read as 0.08).
    """

    def __init__(
        self,
        table: RawTable,
        problems: list[PartnerSelectError] | None,
        units: Mapping[str, str] | None = None,
    ) -> None:
        self.table = table
        self.source = table.source
        self.problems = problems
        self.units: Mapping[str, str] = dict(units or {})
        #: Per text column read by :meth:`infer`: the first cell that is not a number.
        self.not_numeric: dict[str, dict[str, Any]] = {}
        #: Per id column: ids changed by normalisation (as written -> as read).
        self.normalised_ids: dict[str, dict[str, str]] = {}
        #: Per column: cells holding a 'not available' marker, read as empty (label -> text).
        self.markers: dict[str, dict[Any, str]] = {}
        #: Stripped text columns already computed by :meth:`_cells` (column, frame id).
        self._stripped: dict[tuple[str, int], pd.Series] = {}

    # ------------------------------------------------------------------ reporting
    def fail(self, exc: PartnerSelectError) -> None:
        """Raise ``exc``, or record it in collect mode."""
        if self.problems is None:
            raise exc
        self.problems.append(exc)

    def cell_error(
        self,
        cls: type[PartnerSelectError],
        label: Any,
        column: str,
        value: Any,
        what: str,
        fix: str = "",
    ) -> None:
        """Report a bad cell: '<file>, row 7, column 'csat': <what> <fix>'."""
        place = f"{self.source!r}, {self.table.where(label)}, column {column!r}"
        msg = f"{place}: {what}" + (f" {fix}" if fix else "")
        self.fail(
            cls(msg, source=self.source, row=self.table.row(label), column=column, value=value)
        )

    # ------------------------------------------------------------------ columns
    def normalise_columns(self, known: Sequence[str]) -> dict[str, str]:
        """Rename columns that match a known name up to case/spaces/underscores.

        Returns the renames made (original -> known). Two columns that map to the same
        name are a SchemaError.
        """
        frame = self.table.frame
        by_key = {column_key(k): k for k in known}
        new: list[str] = []
        renamed: dict[str, str] = {}
        seen: dict[str, str] = {}
        for col in frame.columns:
            name = str(col).replace("\ufeff", "").strip()
            target = by_key.get(column_key(name), name)
            if target in seen:
                msg = (
                    f"{self.source!r}: columns {seen[target]!r} and {name!r} both hold "
                    f"{target!r}. Delete or rename one of them."
                )
                self.fail(SchemaError(msg, source=self.source, column=target, value=name))
                target = f"{name} (duplicate)"
            seen[target] = name
            if target != col:
                renamed[str(col)] = target
            new.append(target)
        frame.columns = new
        return renamed

    def require(self, required: Sequence[str], kind: str) -> bool:
        """SchemaError for each missing required column; True when all are present."""
        cols = [str(c) for c in self.table.frame.columns]
        ok = True
        for name in required:
            if name in cols:
                continue
            ok = False
            # Never suggest renaming a column that is itself required (partner_id -> project_id).
            spare = [c for c in cols if c not in required]
            close = difflib.get_close_matches(name, spare, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}? Rename it." if close else " Add the column."
            msg = (
                f"{self.source!r}: the {kind} table needs a column {name!r}, which is "
                f"missing.{hint} Columns found: {', '.join(map(repr, cols))}."
            )
            self.fail(SchemaError(msg, source=self.source, column=name))
        return ok

    # ------------------------------------------------------------------ helpers
    def _cells(self, column: str) -> tuple[pd.Series, np.ndarray, np.ndarray, str]:
        """The raw column, its missing mask, its is-text mask and its kind (pandas'
        ``infer_dtype`` name). Typed columns (numbers parsed by pandas, text) are checked
        without converting them to Python objects."""
        raw = self.table.frame[column]
        dtype = raw.dtype
        n = len(raw)
        if pd.api.types.is_datetime64_dtype(dtype):
            return raw, raw.isna().to_numpy(dtype=bool), np.zeros(n, bool), "datetime64"
        if pd.api.types.is_bool_dtype(dtype):
            return raw, raw.isna().to_numpy(dtype=bool), np.zeros(n, bool), "boolean"
        if pd.api.types.is_numeric_dtype(dtype):
            kind = "integer" if pd.api.types.is_integer_dtype(dtype) else "floating"
            return raw, raw.isna().to_numpy(dtype=bool), np.zeros(n, bool), kind
        if isinstance(dtype, pd.StringDtype):
            na = raw.isna().to_numpy(dtype=bool)
            stripped = raw.str.strip()
            self._stripped[column, id(self.table.frame)] = stripped  # for _strings
            low = stripped.str.lower()
            marker = low.isin(MARKERS).to_numpy(dtype=bool)
            self._note_markers(raw, marker)
            missing = na | marker | low.eq("").fillna(False).to_numpy(dtype=bool)
            return raw, missing, ~na, "string"
        arr = raw.to_numpy(dtype=object)
        kind = pd.api.types.infer_dtype(arr, skipna=True)
        na = np.asarray(pd.isna(arr), dtype=bool) if n else np.zeros(0, bool)
        if kind in ("string", "empty"):
            is_str = ~na
        else:
            is_str = np.fromiter((isinstance(v, str) for v in arr), bool, n)
        missing = na.copy()
        if is_str.any():
            low = pd.Series(arr[is_str], dtype=object).str.strip().str.lower()
            missing[is_str] = low.isin(MISSING_TOKENS).to_numpy()
            marker = np.zeros(n, bool)
            marker[is_str] = low.isin(MARKERS).to_numpy(dtype=bool)
            self._note_markers(raw, marker)
        return raw, missing, is_str, kind

    def _note_markers(self, raw: pd.Series, marker: np.ndarray) -> None:
        """Remember cells holding a 'not available' marker (N/A, -, null...), read as
        empty: the reader lists them in a note, since a missing-data policy may fill them."""
        if marker.any():
            values = raw.to_numpy(dtype=object)
            self.markers[str(raw.name)] = {
                raw.index[pos]: str(values[pos]) for pos in np.flatnonzero(marker).tolist()
            }

    def _strings(self, raw: pd.Series, mask: np.ndarray | None = None) -> pd.Series:
        """Stripped text of a text column (optionally of the cells in ``mask``)."""
        if isinstance(raw.dtype, pd.StringDtype):
            out = self._stripped.get((str(raw.name), id(self.table.frame)))
            if out is None or len(out) != len(raw):
                out = raw.str.strip()
            return out[mask] if mask is not None else out
        arr = raw.to_numpy(dtype=object)
        if mask is not None:
            arr = arr[mask]
        return pd.Series(arr, dtype=object).str.strip()

    def _each(
        self,
        raw: pd.Series,
        positions: np.ndarray,
        parse: Callable[[Any], Any],
        fix: str,
        out: list[Any] | np.ndarray,
        report: bool = True,
    ) -> list[tuple[Any, Any, str]]:
        """Parse the cells at ``positions`` one by one (only cells the vectorised path could
        not read); bad cells are reported (or returned when ``report`` is false)."""
        bad: list[tuple[Any, Any, str]] = []
        arr = raw.to_numpy(dtype=object)
        for pos in positions.tolist():
            value = arr[pos]
            try:
                parsed = parse(value)
            except ValueError as exc:
                label = raw.index[pos]
                if report:
                    self.cell_error(DataError, label, str(raw.name), value, str(exc), fix)
                bad.append((label, value, str(exc)))
                parsed = None
            out[pos] = np.nan if parsed is None and isinstance(out, np.ndarray) else parsed
        return bad

    def _numbers(
        self, column: str, *, percent: bool, report: bool = True
    ) -> tuple[np.ndarray, list[tuple[Any, Any, str]]]:
        """Float values of a column (NaN where missing or bad) and the bad cells.

        Whole columns are parsed by pandas; only cells pandas cannot read as a finite
        number (text such as '€1,200', percentages, look-alike characters, booleans) are
        parsed one by one, with the decimal mark the column's own cells show.
        """
        raw, missing, is_str, kind = self._cells(column)
        n = len(raw)
        fix = "Fix the value or leave the cell empty."
        if kind in ("integer", "floating") and pd.api.types.is_numeric_dtype(raw.dtype):
            out = raw.to_numpy(dtype=float, na_value=np.nan, copy=True)
        elif kind in ("integer", "floating", "mixed-integer-float", "decimal"):
            values = pd.to_numeric(pd.Series(raw.to_numpy(dtype=object)), errors="coerce")
            out = values.to_numpy(dtype=float, na_value=np.nan, copy=True)
        elif kind in ("string", "empty"):
            strings = self._strings(raw).where(~missing)
            values = pd.to_numeric(strings, errors="coerce")
            out = values.to_numpy(dtype=float, na_value=np.nan, copy=True)
        else:
            out = np.full(n, np.nan)
        with np.errstate(invalid="ignore"):
            odd = ~missing & ~np.isfinite(out)
        semicolon = self.table.meta.get("delimiter") == ";"
        texts = is_str & ~missing
        ambiguous = np.zeros(n, bool)
        if semicolon and texts.any():
            stripped = self._strings(raw, texts)
            ambiguous[texts] = stripped.str.fullmatch(_AMBIGUOUS.pattern).to_numpy(dtype=bool)
        bad: list[tuple[Any, Any, str]] = []
        if not (odd.any() or ambiguous.any()):
            out[missing] = np.nan
            return out, bad
        arr = raw.to_numpy(dtype=object)
        decimal: str | None = None
        if texts.any() and (ambiguous.any() or (odd & texts).any()):
            decimal = decimal_convention(arr[texts].tolist())
        strict = semicolon or decimal == "mixed"
        redo = odd | ambiguous
        if decimal is not None or strict:
            redo |= texts
        bad += self._each(
            raw,
            np.flatnonzero(redo),
            lambda v: parse_number(v, percent=percent, decimal=decimal, strict=strict),
            fix,
            out,
            report,
        )
        out[missing] = np.nan
        return out, bad

    def number(
        self,
        column: str,
        *,
        integer: bool = False,
        low: float | None = None,
        high: float | None = None,
        low_open: bool = False,
        percent: bool = False,
    ) -> pd.Series:
        """A numeric column (float64, or nullable Int64 for ``integer``) with range checks."""
        percent = percent or self.units.get(column) == "percent"
        values, _ = self._numbers(column, percent=percent)
        index = self.table.frame.index
        raws = _Written(self.table, column)
        finite = np.isfinite(values)
        if integer:
            frac = finite & (values != np.round(values))
            for pos in np.flatnonzero(frac).tolist():
                raw = raws[pos]
                self.cell_error(
                    DataError,
                    index[pos],
                    column,
                    raw,
                    f"Got {raw!r}; expected a whole number.",
                    "Round it or leave the cell empty.",
                )
            values[frac] = np.nan
            finite &= ~frac
        below = np.zeros(len(values), bool)
        if low is not None:
            below = finite & ((values <= low) if low_open else (values < low))
        above = finite & (values > high) if high is not None else np.zeros(len(values), bool)
        for pos in np.flatnonzero(below | above).tolist():
            raw = raws[pos]
            self.cell_error(
                DataError,
                index[pos],
                column,
                raw,
                f"Got {raw!r}, outside the allowed range {_range(low, high, low_open)}.",
                _range_fix(column, percent),
            )
        values[below | above] = np.nan
        if integer:
            ints = pd.array(np.round(values), dtype="Float64").astype("Int64")
            return pd.Series(ints, index=index, name=column)
        return pd.Series(values, index=index, name=column)

    def boolean(self, column: str) -> pd.Series:
        """A yes/no column (nullable ``boolean`` dtype)."""
        raw, missing, _, kind = self._cells(column)
        if kind == "boolean" and pd.api.types.is_bool_dtype(raw.dtype):
            return pd.Series(raw.astype("boolean").array, index=self.table.frame.index, name=column)
        out: list[Any] = [None] * len(raw)
        self._each(
            raw, np.flatnonzero(~missing), parse_bool, "Leave the cell empty if unknown.", out
        )
        return pd.Series(
            pd.array([pd.NA if v is None else v for v in out], dtype="boolean"),
            index=self.table.frame.index,
            name=column,
        )

    def date(self, column: str) -> pd.Series:
        """A date column (datetime64[ns], NaT where missing).

        ISO text is parsed by pandas for the whole column; other cells one by one. ERP
        placeholder dates (9999-12-31, 0001-01-01) are read as no date, with a note naming
        the rows; any other date outside 1678-2261 is an error naming the cell.
        """
        from partnerselect.trackrecord.dates import is_placeholder_date

        raw, missing, _, kind = self._cells(column)
        placeholders: list[int] = []
        n = len(raw)
        out = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        todo = ~missing
        if pd.api.types.is_datetime64_dtype(raw.dtype):
            native = raw.to_numpy()
            days = native.astype("datetime64[D]")
            with np.errstate(invalid="ignore"):
                bad = ~np.isnat(days) & ((days < _FIRST_DAY) | (days > _LAST_DAY))
            for pos in np.flatnonzero(bad).tolist():
                if is_placeholder_date(str(days[pos])):
                    placeholders.append(pos)
                    continue
                self.cell_error(
                    DataError,
                    raw.index[pos],
                    column,
                    str(days[pos]),
                    f"Got {str(days[pos])!r}, outside the dates partnerselect reads (1678-2261).",
                    "ERP systems write 9999-12-31 or 0001-01-01 for 'no date': leave the cell "
                    "empty instead.",
                )
            native = np.where(bad, np.datetime64("NaT"), native)
            self._note_placeholders(column, raw, placeholders)
            return pd.Series(
                native.astype("datetime64[ns]"), index=self.table.frame.index, name=column
            )
        if kind in ("string", "empty") and todo.any():
            strings = self._strings(raw, todo)
            days = _iso_days(strings)
            ok = ~np.isnat(days)
            ok[ok] = (days[ok] >= _FIRST_DAY) & (days[ok] <= _LAST_DAY)
            where = np.flatnonzero(todo)
            out[where[ok]] = days[ok].astype("datetime64[ns]")
            todo[where[ok]] = False
        for pos in np.flatnonzero(todo).tolist():
            if is_placeholder_date(raw.iloc[pos]):
                placeholders.append(pos)
                todo[pos] = False
        self._note_placeholders(column, raw, placeholders)
        cells: list[Any] = [None] * n
        self._each(raw, np.flatnonzero(todo), _parse_date_ns, "", cells)
        for pos in np.flatnonzero(todo).tolist():
            if cells[pos] is not None:
                out[pos] = cells[pos]
        return pd.Series(out, index=self.table.frame.index, name=column)

    def _note_placeholders(self, column: str, raw: pd.Series, positions: list[int]) -> None:
        """Note (TrackRecordWarning) the rows whose ERP placeholder date is read as no date."""
        if not positions:
            return
        import warnings

        from partnerselect.errors import TrackRecordWarning

        rows = [str(self.table.where(raw.index[p])) for p in positions]
        values = sorted({str(raw.iloc[p])[:10] for p in positions})
        warnings.warn(
            f"{self.source!r}, column {column!r}: the placeholder date(s) {', '.join(values)} at "
            f"{', '.join(rows[:10])}{' ...' if len(rows) > 10 else ''} are read as no date "
            "(ERP systems write them for an open or unknown date).",
            TrackRecordWarning,
            stacklevel=4,
        )

    def text(self, column: str, *, lower: bool = False) -> pd.Series:
        """A text column: stripped strings, missing where empty."""
        raw, missing, _, kind = self._cells(column)
        if kind in ("string", "empty"):
            series = self._strings(raw)
            if not isinstance(series.dtype, pd.StringDtype):
                series = series.astype("str")
            series = series.where(~missing)
            series.index = raw.index
        else:
            arr = raw.to_numpy(dtype=object)
            out = np.array(
                [None if m else _as_text(v) for v, m in zip(arr, missing, strict=True)],
                dtype=object,
            )
            series = pd.Series(out, index=raw.index, dtype="str")
        series.name = column
        return series.str.lower() if lower else series

    def lists(self, column: str) -> pd.Series:
        """A list column (object dtype of lists; an empty cell is [])."""
        raw, _, _, _ = self._cells(column)
        out: list[Any] = [None] * len(raw)
        self._each(raw, np.arange(len(raw)), parse_list, "", out)
        return pd.Series(
            [[] if v is None else v for v in out],
            index=self.table.frame.index,
            name=column,
            dtype=object,
        )

    def choice(self, column: str, allowed: Sequence[str]) -> pd.Series:
        """Lower-case text that must be one of ``allowed`` (missing stays missing)."""
        text = self.text(column, lower=True)
        raw = self.table.frame[column]
        bad = text.notna() & ~text.isin(list(allowed))
        for label in text.index[bad.to_numpy()]:
            value = raw.loc[label]
            self.cell_error(
                DataError,
                label,
                column,
                value,
                f"Got {value!r}; allowed values are {', '.join(allowed)} (any case).",
                "Use one of them.",
            )
        return text.where(~bad, None)

    def identifier(self, column: str, *, normalise: bool = True) -> pd.Series:
        """Ids: non-empty text, Unicode NFC, without invisible characters or surrounding
        spaces (see :func:`normalise_id`); numbers such as 101.0 become '101'.

        ``normalise=False`` keeps the text as written (apart from surrounding spaces): for
        names, which are shown, not matched.
        """
        ids = self.text(column)
        filled = ids.notna().to_numpy()
        if normalise and filled.any():
            values = ids[filled]
            plain = values.str.isascii().to_numpy(dtype=bool)
            if not plain.all():
                odd = values[~plain]
                fixed = odd.map(normalise_id)
                changed = odd[fixed != odd]
                if len(changed):
                    self.normalised_ids.setdefault(column, {}).update(
                        {str(a): str(b) for a, b in zip(changed, fixed[fixed != odd], strict=True)}
                    )
                ids = ids.copy()
                ids.loc[odd.index] = fixed
        empty = (ids.isna() | (ids == "")).to_numpy()
        for label in ids.index[empty]:
            self.cell_error(
                MissingValueError,
                label,
                column,
                self.table.frame[column].loc[label],
                f"{column!r} is empty.",
                f"Every row needs a {column}; fill it in or delete the row.",
            )
        return ids.where(~empty, None)

    def unique(self, columns: Sequence[str], what: str, typed: pd.DataFrame) -> None:
        """DuplicateError for rows whose key repeats (after id normalisation, ignoring case)."""
        keys = pd.DataFrame({c: _id_keys(typed[c]) for c in columns})
        # each key column as integer codes, combined into one integer per row: duplicates
        # are then found on one int64 array (the rows are only looked at when one repeats)
        combined = np.zeros(len(keys), dtype=np.int64)
        filled = np.ones(len(keys), dtype=bool)
        room = 1
        for c in columns:
            codes, uniques = pd.factorize(keys[c], use_na_sentinel=True)
            filled &= codes >= 0
            room *= len(uniques) + 1
            combined = combined * (len(uniques) + 1) + (codes + 1)
        if room >= 2**62:  # too many distinct keys to combine exactly: pandas' way
            keys = keys[keys.notna().all(axis=1)]
            dup = keys.duplicated(keep=False).to_numpy()
        else:
            keys = keys[filled]
            dup = pd.Series(combined[filled]).duplicated(keep=False).to_numpy()
        if not dup.any():
            return
        raw = self.table.frame
        first: dict[tuple[str, ...], Any] = {}
        for label, *key in keys[dup].itertuples(name=None):
            tkey = tuple(key)
            values = [raw.loc[label, c] for c in columns]
            if tkey not in first:
                first[tkey] = (label, values)
                continue
            other_label, other = first[tkey]
            shown = ", ".join(f"{c}={v!r}" for c, v in zip(columns, values, strict=True))
            same = (
                "" if list(other) == list(values) else f" (as {other!r}, ignoring case and spaces)"
            )
            msg = (
                f"{self.source!r}: {shown} appears in {self.table.where(other_label)}"
                f"{same} and again in {self.table.where(label)}. Each {what} must be unique: "
                "merge or renumber the rows."
            )
            self.fail(
                DuplicateError(
                    msg,
                    source=self.source,
                    row=self.table.row(label),
                    column=columns[-1],
                    value=values[-1],
                )
            )

    def infer(self, column: str) -> pd.Series:
        """An unknown column: numbers if every filled cell is a number, yes/no if every filled
        cell is true/false/yes/no, else stripped text. Lists and other objects are kept.

        A column declared ``percent`` in ``units`` is read as numbers (bad cells are errors).
        A column read as text records its first non-numeric cell in :attr:`not_numeric`, so
        a criterion pointing at it can say why it is not a number.
        """
        if self.units.get(column) == "percent":
            return self.number(column, percent=True)
        raw, missing, _, _ = self._cells(column)
        filled = raw.to_numpy(dtype=object)[~missing]
        if not len(filled):
            return pd.Series(np.nan, index=raw.index, name=column, dtype=float)
        if any(isinstance(v, list | tuple | dict | set | np.ndarray) for v in filled):
            self.not_numeric[column] = _first_example(raw, missing, "holds lists or objects")
            return raw.copy()
        if all(_is_boolish(v) for v in filled):
            return self.boolean(column)
        values, bad = self._numbers(column, percent=False, report=False)
        if not bad:
            return pd.Series(values, index=raw.index, name=column)
        label, value, why = bad[0]
        self.not_numeric[column] = {"row": self.table.row(label), "value": value, "why": why}
        if any(
            isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "isoformat") for v in filled
        ):
            return raw.copy()
        return self.text(column)


_FIRST_DAY = np.datetime64("1678-01-01", "D")
_LAST_DAY = np.datetime64("2261-12-31", "D")


def _iso_days(strings: pd.Series) -> np.ndarray:
    """Days (datetime64[D], NaT where not an ISO date ``YYYY-MM-DD``) of a text column."""
    iso = strings.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).to_numpy(dtype=bool)
    days = np.full(len(strings), np.datetime64("NaT"), dtype="datetime64[D]")
    if not iso.any():
        return days
    text = strings[iso]
    try:
        import pyarrow as pa  # type: ignore[import-untyped]
        import pyarrow.compute as pc  # type: ignore[import-untyped]

        try:
            arr = pa.array(text.array, type=pa.string())
        except (TypeError, ValueError, pa.ArrowException):
            arr = pa.array(text.to_numpy(dtype=object), type=pa.string())
        parsed = pc.strptime(arr, format="%Y-%m-%d", unit="s", error_is_null=True)
        # strptime rolls impossible dates over (2024-02-30 -> 2024-03-01): keep only dates
        # that print back as written
        written_day = pc.cast(pc.utf8_slice_codeunits(arr, 8, 10), pa.int64())
        same = pc.equal(pc.day(parsed), written_day)
        parsed = pc.if_else(pc.fill_null(same, False), parsed, pa.scalar(None, parsed.type))
        days[iso] = parsed.to_numpy(zero_copy_only=False).astype("datetime64[D]")
    except ImportError:  # pragma: no cover - pyarrow is optional
        parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        days[iso] = parsed.to_numpy(dtype="datetime64[D]")
    return days


class _Written:
    """Cells of a column as written in the file, fetched only for cells in error.

    A CSV column pandas parsed as numbers holds floats; an error message quotes the text
    the user typed ('-3', '12.5'), re-read from the file only when a cell fails.
    """

    def __init__(self, table: RawTable, column: str) -> None:
        self.table = table
        self.column = column

    def __getitem__(self, pos: int) -> Any:
        frame = self.table.frame
        value = frame[self.column].iloc[pos]
        loader = self.table.meta.get("text_loader")
        if loader is None or not pd.api.types.is_numeric_dtype(frame[self.column].dtype):
            return value
        text = self.table.meta.get("_text")
        if text is None:
            text = self.table.meta["_text"] = loader()
        try:
            return text.iloc[:, frame.columns.get_loc(self.column)].loc[frame.index[pos]]
        except (KeyError, IndexError, TypeError):
            return value


def _id_keys(ids: pd.Series) -> pd.Series:
    """:func:`_id_key` of a whole column (vectorised for ASCII ids)."""
    ids = ids.astype("str")
    keys = ids.str.lower()
    flags = ids.notna() & ~ids.str.isascii().fillna(True)
    # one pass for every run of spaces and control whitespace the key collapses
    flags |= ids.str.contains(r"  |[\t\n\r\f\v]", regex=True).fillna(False)
    odd = flags.to_numpy(dtype=bool)
    if odd.any():
        keys[odd] = ids[odd].map(_id_key)
    return keys


def _id_key(text: str) -> str:
    """Key two ids are compared by: compatibility form, single spaces, case folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split()).casefold()


def _first_example(raw: pd.Series, missing: np.ndarray, why: str) -> dict[str, Any]:
    pos = int(np.flatnonzero(~missing)[0])
    row = raw.index[pos]
    return {
        "row": int(row) + 2 if isinstance(row, int | np.integer) else row,
        "value": raw.iloc[pos],
        "why": why,
    }


def _parse_date_ns(value: Any) -> np.datetime64 | None:
    stamp = parse_date(value)
    if stamp is None:
        return None
    if not 1678 <= stamp.year <= 2261:
        msg = (
            f"Got {value!r}: year {stamp.year} is outside the dates partnerselect reads "
            "(1678-2261). ERP systems write 9999-12-31 or 0001-01-01 for 'no date': leave "
            "the cell empty instead."
        )
        raise ValueError(msg)
    return stamp.as_unit("ns").to_datetime64()


def _is_boolish(value: Any) -> bool:
    if isinstance(value, bool | np.bool_):
        return True
    return isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no"}


def _as_text(value: Any) -> str:
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _range(low: float | None, high: float | None, low_open: bool) -> str:
    if low is not None and high is not None:
        return f"[{low:g}, {high:g}]"
    if low is not None:
        return f"> {low:g}" if low_open else f">= {low:g}"
    return f"<= {high:g}"


def _range_fix(column: str, percent: bool) -> str:
    if percent:
        return "Write a share such as 0.12 or a percentage such as '12 %'."
    return "Check the value (and its unit) or leave the cell empty."
