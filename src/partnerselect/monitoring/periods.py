"""Reporting periods: a date, a month ``2026-07`` or a quarter ``2026-Q3``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from partnerselect.errors import DataError

__all__ = ["parse_periods"]

_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*Q([1-4])$|^Q([1-4])\s*[-/ ]?\s*(\d{4})$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")


def _one(value: Any) -> tuple[str, pd.Period] | None:
    if isinstance(value, pd.Period):
        freq = "Q" if value.freqstr.startswith("Q") else "M"
        return freq, value.asfreq(freq)
    if isinstance(value, dt.date | pd.Timestamp):
        return "D", pd.Period(pd.Timestamp(value), freq="M")
    text = str(value).strip()
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return "M", pd.Period(year=year, month=month, freq="M")
        return None
    if m := _QUARTER.match(text):
        year = int(m[1] or m[4])
        quarter = int(m[2] or m[3])
        return "Q", pd.Period(year=year, quarter=quarter, freq="Q")
    if m := _DATE.match(text):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return "D", pd.Period(pd.Timestamp(day), freq="M")
    return None


def parse_periods(values: pd.Series, *, source: str | None = None) -> tuple[pd.Series, str]:
    """Parse a period column into pandas Periods of one frequency.

    Months and dates give monthly periods; quarters give quarterly ones (dates then fall in
    their quarter). Mixing months and quarters is an error, since they cannot be compared.

    Parameters
    ----------
    values : Series
        The ``period`` column; the index gives the row (label + 2 = spreadsheet row).
    source : str, optional
        File name for messages.

    Returns
    -------
    periods : Series of Period
    freq : {"M", "Q"}

    Raises
    ------
    DataError
        A cell that is not a date, ``YYYY-MM`` or ``YYYY-Qn``, or months mixed with quarters.

    Examples
    --------
    >>> s, freq = parse_periods(pd.Series(["2026-07", "2026-08-15"]))
    >>> [str(p) for p in s], freq
    (['2026-07', '2026-08'], 'M')
    >>> [str(p) for p in parse_periods(pd.Series(["2026-Q3", "Q4 2026"]))[0]]
    ['2026Q3', '2026Q4']
    """
    parsed: list[tuple[str, pd.Period]] = []
    for label, value in values.items():
        got = _one(value)
        if got is None:
            row = label + 2 if isinstance(label, int) else str(label)
            msg = (
                f"{source or 'KPI table'}, row {row}, column 'period': {value!r} is not a period. "
                "Write a month as 2026-07, a quarter as 2026-Q3, or a date as 2026-07-31."
            )
            raise DataError(msg, source=source, row=row, column="period", value=value)
        parsed.append(got)
    kinds = {k for k, _ in parsed}
    if {"M", "Q"} <= kinds:
        first_q = next(i for i, (k, _) in enumerate(parsed) if k == "Q")
        label = values.index[first_q]
        row = label + 2 if isinstance(label, int) else str(label)
        msg = (
            f"{source or 'KPI table'}, row {row}, column 'period': {values.iloc[first_q]!r} is a "
            "quarter but other rows hold months. Report every KPI by month or every KPI by quarter."
        )
        raise DataError(msg, source=source, row=row, column="period", value=values.iloc[first_q])
    freq = "Q" if "Q" in kinds else "M"
    periods = [p.asfreq(freq) if p.freqstr[0] != freq else p for _, p in parsed]
    return pd.Series(periods, index=values.index, name="period", dtype=f"period[{freq}]"), freq
