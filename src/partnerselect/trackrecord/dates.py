"""What track-record dates and blanks mean before any metric is computed.

* ERP placeholder dates (``9999-12-31`` for "open end", ``0001-01-01`` for "unknown") are
  read as no date, each noted with its row and column; any other date outside what can be
  computed with (years 1678 to 2261) is refused with its row and column.
* Projects dated after the tender's ``as_of`` (a start in 2030, an ``actual_end`` in 2099)
  are excluded from every metric with a note per project, or refused, by the
  ``[track_record] future`` policy (``"exclude"`` or ``"error"``).
* A completed project with a blank cost is listed in the notes (cost metrics leave it out).

Every note is a :class:`~partnerselect.errors.TrackRecordWarning`, so it reaches the
evaluation's notes.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, ParameterError, TrackRecordWarning

__all__ = [
    "FUTURE_POLICIES",
    "PLACEHOLDER_DATES",
    "date_cell",
    "is_placeholder_date",
    "note_placeholders",
    "screen_records",
]

#: Dates ERP systems write for "no date"; read as empty cells.
PLACEHOLDER_DATES = ("9999-12-31", "9999-12-30", "9999-01-01", "0001-01-01", "0000-00-00")
FUTURE_POLICIES = ("exclude", "error")
_MIN, _MAX = pd.Timestamp.min.date(), pd.Timestamp.max.date()


def is_placeholder_date(value: Any) -> bool:
    """True for an ERP placeholder date (text, date or datetime).

    Examples
    --------
    >>> is_placeholder_date("9999-12-31"), is_placeholder_date("2024-01-31")
    (True, False)
    >>> import datetime as dt
    >>> is_placeholder_date(dt.date(1, 1, 1)), is_placeholder_date("31/12/9999")
    (True, True)
    """
    if isinstance(value, dt.datetime | dt.date):
        return value.year in (1, 9999)
    if not isinstance(value, str):
        return False
    text = value.strip()[:10]
    if text in PLACEHOLDER_DATES:
        return True
    parts = text.replace(".", "/").split("/")
    return len(parts) == 3 and parts[2] in ("9999", "0001") and len(parts[0]) <= 2


_PLACEHOLDER = object()


def date_cell(value: Any, parse: Any, seen: list[Any]) -> Any:
    """Parse one date cell: placeholders become a marker (and are remembered in ``seen``),
    dates pandas cannot hold raise ValueError with the fix."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return parse(value)
    if is_placeholder_date(value):
        seen.append(value)
        return _PLACEHOLDER
    msg = f"Got {value!r}, a date outside the years 1678-2261 that can be computed with."
    msg += " Fix it, or leave the cell empty if there is no date."
    if isinstance(value, dt.datetime | dt.date):
        d = value.date() if isinstance(value, dt.datetime) else value
        if not _MIN < d < _MAX:
            raise ValueError(msg)
    try:
        out = parse(value)
    except (OverflowError, pd.errors.OutOfBoundsDatetime):
        raise ValueError(msg) from None
    if out is not None and not pd.isna(out) and not _MIN < out.date() < _MAX:
        raise ValueError(msg)
    return out


def note_placeholders(
    source: Any, column: str, table: Any, seen: list[Any], values: list[Any]
) -> None:
    """Replace placeholder markers by None (in place) and note their rows."""
    rows = []
    for i, v in enumerate(values):
        if v is _PLACEHOLDER:
            values[i] = None
            rows.append(str(table.where(table.frame.index[i])))
    if rows:
        warnings.warn(
            f"{source!r}, column {column!r}: the placeholder date(s) "
            f"{', '.join(sorted({str(s) for s in seen}))} at {', '.join(rows[:10])}"
            f"{' ...' if len(rows) > 10 else ''} are read as no date (ERP systems write them "
            "for an open or unknown date).",
            TrackRecordWarning,
            stacklevel=4,
        )


def screen_records(
    records: pd.DataFrame,
    as_of: Any,
    *,
    future: str = "exclude",
    source: str | None = None,
) -> pd.DataFrame:
    """The records the metrics may use; notes (warnings) for every decision.

    Parameters
    ----------
    records : pandas.DataFrame
        Track records as read (not modified).
    as_of : date-like or None
        The tender's reference date; projects dated after it are future projects. None:
        no project is in the future.
    future : {"exclude", "error"}
        Future projects are left out with a note, or a DataError names the first.
    source : str, optional
        The file, for messages (default: ``records.attrs["source"]``).

    Returns
    -------
    pandas.DataFrame
        ``records`` without the future projects (same index labels).

    Examples
    --------
    >>> import pandas as pd, warnings
    >>> recs = pd.DataFrame({"partner_id": ["P1", "P1"], "project_id": ["A", "B"],
    ...                      "start_date": pd.to_datetime(["2024-01-01", "2030-01-01"]),
    ...                      "status": ["completed", "ongoing"]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     kept = screen_records(recs, "2026-11-01")
    >>> kept["project_id"].tolist(), len(w)
    (['A'], 1)
    """
    if future not in FUTURE_POLICIES:
        msg = f"The 'future' policy must be one of {list(FUTURE_POLICIES)}. Got {future!r}."
        raise ParameterError(msg, value=future)
    src = source or records.attrs.get("source") or "track records"
    _note_blank_costs(records, src)
    if as_of is None or records.empty:
        return records
    ref = pd.Timestamp(as_of)
    late = np.zeros(len(records), dtype=bool)
    why: list[str] = [""] * len(records)
    for col in ("start_date", "actual_end"):
        if col not in records:
            continue
        values = pd.to_datetime(records[col], errors="coerce")
        after = (values > ref).fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(after & ~late):
            why[i] = f"{col} {values.iloc[i].date()}"
        late |= after
    if not late.any():
        return records
    for i in np.flatnonzero(late):
        label = records.index[int(i)]
        row = int(label) + 2 if isinstance(label, int | np.integer) else label
        pid = records["partner_id"].iloc[i] if "partner_id" in records else "?"
        proj = records["project_id"].iloc[i] if "project_id" in records else "?"
        what = (
            f"{src!r}, row {row}: project {proj!r} of partner {pid!r} has {why[i]}, after the "
            f"tender's as_of {ref.date()}"
        )
        if future == "error":
            msg = (
                f'{what}. Fix the date, or set [track_record] future = "exclude" to leave '
                "such projects out."
            )
            raise DataError(msg, source=src, row=row, column=why[i].split()[0], partner=str(pid))
        warnings.warn(
            f"{what}; it is left out of every track-record metric (a future project is not "
            "evidence yet).",
            TrackRecordWarning,
            stacklevel=2,
        )
    return records[~late]


def _note_blank_costs(records: pd.DataFrame, src: str) -> None:
    if "status" not in records or not {"actual_cost_eur", "budget_eur"} & set(records.columns):
        return
    col = "actual_cost_eur" if "actual_cost_eur" in records else "actual_cost"
    if col not in records:
        return
    status = records["status"].astype(str).str.strip().str.lower()
    blank = (status == "completed").to_numpy() & records[col].isna().to_numpy()
    if not blank.any():
        return
    items = []
    for i in np.flatnonzero(blank)[:20]:
        label = records.index[int(i)]
        row = int(label) + 2 if isinstance(label, int | np.integer) else label
        pid = records["partner_id"].iloc[i] if "partner_id" in records else "?"
        proj = records["project_id"].iloc[i] if "project_id" in records else "?"
        items.append(f"{proj} of {pid} (row {row})")
    more = "" if blank.sum() <= 20 else f" and {int(blank.sum()) - 20} more"
    warnings.warn(
        f"{src!r}: completed project(s) with a blank {col}: {', '.join(items)}{more}. "
        "Cost metrics (budget_overrun) leave them out; fill the cost to count them.",
        TrackRecordWarning,
        stacklevel=3,
    )
