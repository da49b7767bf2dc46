"""Typed columns from raw cells, with errors that name file, row, column and value.

A :class:`Checker` either raises the first problem or, in collect mode, records every
problem and leaves the offending cell empty so that checking can go on.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
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
from partnerselect.io._cells import is_missing, parse_bool, parse_date, parse_list, parse_number
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
    """

    def __init__(self, table: RawTable, problems: list[PartnerSelectError] | None) -> None:
        self.table = table
        self.source = table.source
        self.problems = problems

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

    def _convert(
        self,
        column: str,
        parse: Callable[[Any], Any],
        fix: str,
    ) -> list[Any]:
        out: list[Any] = []
        series = self.table.frame[column]
        for label, value in zip(series.index, series.tolist(), strict=True):
            try:
                out.append(parse(value))
            except ValueError as exc:
                self.cell_error(DataError, label, column, value, str(exc), fix)
                out.append(None)
        return out

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
        values = self._convert(
            column,
            lambda v: parse_number(v, percent=percent),
            "Fix the value or leave the cell empty.",
        )
        index = self.table.frame.index
        raws = self.table.frame[column].tolist()  # once, not one frame lookup per cell
        for i, (label, v) in enumerate(zip(index, values, strict=True)):
            if v is None:
                continue
            raw = raws[i]
            if integer and not float(v).is_integer():
                self.cell_error(
                    DataError,
                    label,
                    column,
                    raw,
                    f"Got {raw!r}; expected a whole number.",
                    "Round it or leave the cell empty.",
                )
                values[i] = None
                continue
            below = low is not None and (v <= low if low_open else v < low)
            above = high is not None and v > high
            if below or above:
                values[i] = None
                self.cell_error(
                    DataError,
                    label,
                    column,
                    raw,
                    f"Got {raw!r}, outside the allowed range {_range(low, high, low_open)}.",
                    _range_fix(column, percent),
                )
        arr = np.array([np.nan if v is None else v for v in values], dtype=float)
        if integer:
            return pd.Series(
                pd.array([pd.NA if v is None else round(v) for v in values], dtype="Int64"),
                index=index,
                name=column,
            )
        return pd.Series(arr, index=index, name=column)

    def boolean(self, column: str) -> pd.Series:
        """A yes/no column (nullable ``boolean`` dtype)."""
        values = self._convert(column, parse_bool, "Leave the cell empty if unknown.")
        return pd.Series(
            pd.array([pd.NA if v is None else v for v in values], dtype="boolean"),
            index=self.table.frame.index,
            name=column,
        )

    def date(self, column: str) -> pd.Series:
        """A date column (datetime64, NaT where missing).

        ERP placeholder dates (9999-12-31, 0001-01-01) are read as no date, with a note
        naming the rows; other dates pandas cannot hold are refused (row, column).
        """
        from partnerselect.trackrecord.dates import date_cell, note_placeholders

        placeholders: list[Any] = []
        values = self._convert(column, lambda v: date_cell(v, parse_date, placeholders), "")
        note_placeholders(self.source, column, self.table, placeholders, values)
        return pd.Series(
            pd.to_datetime(
                pd.Series([pd.NaT if v is None else v for v in values], dtype=object)
            ).to_numpy(),
            index=self.table.frame.index,
            name=column,
        ).astype("datetime64[ns]")

    def text(self, column: str, *, lower: bool = False) -> pd.Series:
        """A text column: stripped strings, missing where empty."""
        series = self.table.frame[column]
        out: list[Any] = []
        for value in series.tolist():
            if is_missing(value):
                out.append(None)
                continue
            text = _as_text(value)
            out.append(text.lower() if lower else text)
        return pd.Series(out, index=series.index, name=column, dtype="str")

    def lists(self, column: str) -> pd.Series:
        """A list column (object dtype of lists; an empty cell is [])."""
        values = self._convert(column, parse_list, "")
        return pd.Series(
            [[] if v is None else v for v in values],
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

    def identifier(self, column: str) -> pd.Series:
        """Ids: non-empty, stripped text; numbers such as 101.0 become '101'."""
        ids = self.text(column)
        for label in ids.index[ids.isna().to_numpy()]:
            self.cell_error(
                MissingValueError,
                label,
                column,
                self.table.frame[column].loc[label],
                f"{column!r} is empty.",
                f"Every row needs a {column}; fill it in or delete the row.",
            )
        return ids

    def unique(self, columns: Sequence[str], what: str) -> None:
        """DuplicateError for rows whose key repeats (ignoring case and surrounding spaces)."""
        frame = self.table.frame
        first: dict[tuple[str, ...], Any] = {}
        for label, *values in frame[list(columns)].itertuples(name=None):
            if any(is_missing(v) for v in values):
                continue
            key = tuple(_as_text(v).casefold() for v in values)
            if key not in first:
                first[key] = (label, values)
                continue
            other_label, other = first[key]
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
        cell is true/false/yes/no, else stripped text. Lists and other objects are kept."""
        series = self.table.frame[column]
        filled = [v for v in series.tolist() if not is_missing(v)]
        if not filled:
            return pd.Series(np.nan, index=series.index, name=column, dtype=float)
        if any(isinstance(v, list | tuple | dict | set | np.ndarray) for v in filled):
            return series.copy()
        if all(_is_boolish(v) for v in filled):
            return self.boolean(column)
        try:
            [parse_number(v) for v in filled]
        except ValueError:
            if any(
                isinstance(v, pd.Timestamp | np.datetime64) or hasattr(v, "isoformat")
                for v in filled
            ):
                return series.copy()
            return self.text(column)
        return self.number(column)


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
