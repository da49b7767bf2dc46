"""Checked access to track-record columns, and per-record weights.

Column names are configurable: each *role* (``"budget"``, ``"actual_end"``...) is looked up
under the name given in ``columns=`` or, by default, under its usual names (for example
``budget_eur`` then ``budget``).
"""

from __future__ import annotations

import copy
import difflib
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, ParameterError, SchemaError, TrackRecordWarning

__all__ = ["ROLES", "STATUSES", "Records", "recency_weights"]

#: Default column names of each role, tried in order.
ROLES: Mapping[str, tuple[str, ...]] = {
    "partner_id": ("partner_id",),
    "project_id": ("project_id",),
    "domain": ("domain",),
    "start_date": ("start_date", "start"),
    "planned_end": ("planned_end",),
    "actual_end": ("actual_end",),
    "budget": ("budget_eur", "budget"),
    "actual_cost": ("actual_cost_eur", "actual_cost"),
    "quality": ("quality_score", "quality"),
    "csat": ("csat",),
    "defects": ("defects",),
    "escalations": ("escalations",),
    "status": ("status",),
}

#: Project statuses a track record may hold.
STATUSES = ("completed", "cancelled", "ongoing")
_DAYS_PER_MONTH = 365.25 / 12


def _did_you_mean(name: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


class Records:
    """The track records of known partners, with typed, validated column access.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records (not modified).
    columns : mapping, optional
        Role -> column name overrides.
    metric : str
        Metric name, for messages.
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        columns: Mapping[str, str] | None,
        metric: str,
        *,
        rows: np.ndarray | None = None,
    ) -> None:
        self.source = frame
        self.rows = rows
        self.metric = metric
        self.overrides = dict(columns or {})
        self._columns = [str(c) for c in frame.columns]
        self._cache: dict[tuple[str, str], Any] = {}
        unknown = [r for r in self.overrides if r not in ROLES]
        if unknown:
            msg = (
                f"Unknown column role {unknown[0]!r} in columns=.{_did_you_mean(unknown[0], list(ROLES))} "
                f"Roles: {', '.join(ROLES)}."
            )
            raise ParameterError(msg, value=unknown[0])

    def for_metric(self, metric: str) -> Records:
        """The same records for another metric's messages, sharing what was parsed."""
        other = copy.copy(self)
        other.metric = metric
        return other

    def remember(self, key: str, make: Any) -> Any:
        """``make()``, computed once per key for these records (and their copies)."""
        return self._cached("derived", key, make)

    @property
    def frame(self) -> pd.DataFrame:
        """The records (only the rows in ``rows`` when given; made on first use)."""
        if self.rows is None:
            return self.source
        return self._cached("frame", "", lambda: self.source.iloc[self.rows])

    def take(self, mask: np.ndarray) -> pd.DataFrame:
        """A copy of the records under a boolean ``mask`` (positions of these records)."""
        if not mask.any():
            return self.source.iloc[:0].copy()
        pos = np.flatnonzero(mask) if self.rows is None else self.rows[mask]
        return self.source.iloc[pos].copy()

    def _cached(self, kind: str, key: str, make: Any) -> Any:
        if (kind, key) not in self._cache:
            self._cache[kind, key] = make()
        return self._cache[kind, key]

    def _series(self, col: str) -> pd.Series:
        """Column ``col`` of these records (each column subset once, not the whole frame)."""
        if self.rows is None:
            return self.source[col]
        return self._cached("col", col, lambda: self.source[col].iloc[self.rows])

    def __len__(self) -> int:
        return len(self.source) if self.rows is None else len(self.rows)

    def name(self, role: str) -> str:
        """The column holding ``role``; SchemaError when absent."""
        cols = self._columns
        candidates = (self.overrides[role],) if role in self.overrides else ROLES[role]
        for cand in candidates:
            if cand in cols:
                return cand
        want = candidates[0]
        msg = (
            f"Metric {self.metric!r} needs the track-record column {want!r} ({role}), which the "
            f"records lack.{_did_you_mean(want, cols)} Columns: {', '.join(cols)}. Rename the "
            f"column or pass columns={{{role!r}: '<your column>'}}."
        )
        raise SchemaError(msg, column=want)

    def row(self, pos: int) -> int | str:
        """Spreadsheet-style row number (header = 1) of the record at position ``pos``."""
        label = self.source.index[pos if self.rows is None else int(self.rows[pos])]
        return int(label) + 2 if isinstance(label, int | np.integer) else str(label)

    def where(self, pos: int) -> str:
        """'project X of partner Y (row N)' for messages."""
        parts = []
        for role in ("project_id", "partner_id"):
            try:
                parts.append(str(self._series(self.name(role)).iloc[pos]))
            except SchemaError:
                parts.append("?")
        return f"project {parts[0]!r} of partner {parts[1]!r} (row {self.row(pos)})"

    def numeric(self, role: str) -> np.ndarray:
        """Float values of ``role`` (NaN where missing); DataError on text or infinity."""
        return self.numeric_column(self.name(role))

    def numeric_column(self, col: str) -> np.ndarray:
        """Float values of column ``col`` (NaN where missing); DataError on text or infinity."""
        series = self.column(col)
        if pd.api.types.is_bool_dtype(series.dtype):
            return series.astype(float).to_numpy(dtype=float, na_value=np.nan)
        coerced = pd.to_numeric(series, errors="coerce")
        arr = coerced.to_numpy(dtype=float, na_value=np.nan)
        bad = np.flatnonzero((np.isnan(arr) & series.notna().to_numpy()) | np.isinf(arr))
        if bad.size:
            pos = int(bad[0])
            msg = (
                f"Column {col!r} of {self.where(pos)} holds {series.iloc[pos]!r}, which is not a "
                "finite number. Fix the value or leave the cell empty."
            )
            raise DataError(msg, column=col, row=self.row(pos), value=series.iloc[pos])
        return arr

    def dates(self, role: str) -> pd.DatetimeIndex:
        """Dates of ``role`` (NaT where missing); DataError when a value is not a date."""
        return self._cached("dates", role, lambda: self._dates(role))

    def _dates(self, role: str) -> pd.DatetimeIndex:
        col = self.name(role)
        series = self._series(col)
        if not pd.api.types.is_datetime64_any_dtype(series.dtype):
            from partnerselect.trackrecord.dates import is_placeholder_date

            holder = series.map(is_placeholder_date).to_numpy(dtype=bool)
            if holder.any():
                rows = ", ".join(str(self.row(int(i))) for i in np.flatnonzero(holder)[:10])
                warnings.warn(
                    f"Column {col!r} of the track records holds placeholder dates (such as "
                    f"9999-12-31) in row(s) {rows}; they are read as no date.",
                    TrackRecordWarning,
                    stacklevel=2,
                )
                series = series.where(~holder, None)
        try:
            out = pd.to_datetime(series, errors="raise")
        except (ValueError, TypeError, OverflowError):
            coerced = pd.to_datetime(series, errors="coerce")
            bad = np.flatnonzero(coerced.isna().to_numpy() & series.notna().to_numpy())
            pos = int(bad[0]) if bad.size else 0
            what = "not a date"
            try:
                pd.Timestamp(series.iloc[pos])
            except (ValueError, TypeError, OverflowError) as exc:
                if isinstance(exc, pd.errors.OutOfBoundsDatetime):
                    what = "a date outside the years 1678-2261 that can be computed with"
            msg = (
                f"Column {col!r} of {self.where(pos)} holds {series.iloc[pos]!r}, which is "
                f"{what}. Use ISO dates (2025-03-31) or leave the cell empty."
            )
            raise DataError(msg, column=col, row=self.row(pos), value=series.iloc[pos]) from None
        idx = pd.DatetimeIndex(out)
        if idx.dtype != "datetime64[ns]":
            lo, hi = pd.Timestamp.min, pd.Timestamp.max
            # one min/max over the column; the offending row is looked for only if needed
            inside = idx.isna().all() or (idx.min() >= lo and idx.max() <= hi)
            if not inside:
                pos = int(np.flatnonzero(((idx < lo) | (idx > hi)) & idx.notna())[0])
                msg = (
                    f"Column {col!r} of {self.where(pos)} holds {series.iloc[pos]!r}, a date "
                    "outside the years 1678-2261 that can be computed with. Fix it, or leave "
                    "the cell empty."
                )
                raise DataError(msg, column=col, row=self.row(pos), value=series.iloc[pos])
            idx = pd.DatetimeIndex(idx.astype("datetime64[ns]"))
        return idx

    def status(self) -> np.ndarray:
        """Lower-case status per record; DataError for anything but :data:`STATUSES`."""
        return self._cached("status", "", self._status)

    def status_in(self, wanted: Sequence[str]) -> np.ndarray:
        """Whether each record's status is one of ``wanted`` (checked once per distinct
        status, as :meth:`status` reads them)."""
        self.status()
        codes, clean = self._cache["status codes", ""]
        hit = np.array([*(c in wanted for c in clean), False], dtype=bool)
        return np.asarray(hit[codes], dtype=bool)

    def _status(self) -> np.ndarray:
        col = self.name("status")
        series = self._series(col)
        # each distinct value is cleaned and checked once, then spread back to the rows
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        clean = [v.strip().lower() if isinstance(v, str) else v for v in uniques]
        self._cache["status codes", ""] = (codes, clean)
        text = np.array([*clean, None], dtype=object)[codes]
        ok = np.array([*(c in STATUSES for c in clean), False], dtype=bool)[codes]
        if not ok.all():
            pos = int(np.flatnonzero(~ok)[0])
            msg = (
                f"Column {col!r} of {self.where(pos)} holds {series.iloc[pos]!r}; a status must "
                f"be one of {list(STATUSES)}."
            )
            raise DataError(msg, column=col, row=self.row(pos), value=series.iloc[pos])
        return text

    def text(self, role: str) -> np.ndarray:
        """Stripped lower-case text of ``role`` (None where missing)."""
        codes, uniques = pd.factorize(self._series(self.name(role)), use_na_sentinel=True)
        return np.array([*(str(v).strip().lower() for v in uniques), None], dtype=object)[codes]

    def column(self, name: str) -> pd.Series:
        """A raw column by its actual name (for custom metrics)."""
        cols = self._columns
        if name not in cols:
            msg = (
                f"Metric {self.metric!r} reads column {name!r}, which the track records lack."
                f"{_did_you_mean(name, cols)} Columns: {', '.join(cols)}."
            )
            raise SchemaError(msg, column=name)
        return self._series(name)


def recency_weights(
    dates: pd.DatetimeIndex | Sequence[Any],
    as_of: Any,
    half_life_months: float,
) -> np.ndarray:
    """Exponential-decay weights ``0.5 ** (age_months / half_life_months)``.

    Ages are measured in months of 365.25/12 days before ``as_of``; a date after ``as_of``
    counts as age 0 (weight 1).

    Parameters
    ----------
    dates : sequence of dates
        One date per record (no missing values).
    as_of : date-like
        Reference date.
    half_life_months : float
        Age at which a record counts half (> 0).

    Returns
    -------
    numpy.ndarray
        Weights in (0, 1].

    References
    ----------
    Brown, R. G. (1959). *Statistical Forecasting for Inventory Control*. McGraw-Hill
    (exponential discounting of past observations).

    Examples
    --------
    >>> recency_weights(["2024-01-01", "2022-01-01"], "2024-01-01", 24).round(3).tolist()
    [1.0, 0.5]
    """
    idx = (
        dates
        if isinstance(dates, pd.DatetimeIndex)
        else pd.DatetimeIndex(pd.to_datetime(list(dates)))
    )
    ref = pd.Timestamp(as_of)
    age_days = (ref - idx) / pd.Timedelta(days=1)
    age = np.clip(np.asarray(age_days, dtype=float), 0.0, None) / _DAYS_PER_MONTH
    return np.asarray(0.5 ** (age / float(half_life_months)), dtype=float)
