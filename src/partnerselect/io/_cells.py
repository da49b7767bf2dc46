"""Parse single cells: numbers written as text, booleans, dates, lists.

Each parser takes one value as it came from a file or a DataFrame (text, number, bool,
date, None) and returns the typed value, ``None`` for a missing cell, or raises
``ValueError`` whose message ends a sentence such as "Got '1,2,3'." — the caller adds the
place (file, row, column) and turns it into a partnerselect error.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "BOOL_FALSE",
    "BOOL_TRUE",
    "DATE_FORMATS",
    "MISSING_TOKENS",
    "decimal_convention",
    "is_missing",
    "normalise_id",
    "normalise_number_text",
    "parse_bool",
    "parse_date",
    "parse_list",
    "parse_number",
]

#: Text read as an empty cell (compared after stripping, case-insensitively).
MISSING_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "—"})
#: The 'not available' markers among them (not blank): readers list the cells holding one.
MARKERS = MISSING_TOKENS - {""}
#: Text read as true / false (case-insensitively).
BOOL_TRUE = frozenset({"true", "yes", "y", "1"})
BOOL_FALSE = frozenset({"false", "no", "n", "0"})
#: Accepted date formats, tried in this order. Month-first (US) dates are not guessed.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_COMMA_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?")
_DOT_THOUSANDS_DECIMAL_COMMA = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+,\d+")
_SPACE_THOUSANDS = re.compile(r"[+-]?[1-9]\d{0,2}( \d{3})+([.,]\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_INF = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞"})
_CURRENCY = re.compile(r"^(€|eur)\s*|\s*(€|eur)$", re.IGNORECASE)
#: Minus-sign look-alikes read as "-" in numbers (minus sign, figure dash, en dash, small and
#: full-width hyphen-minus). NFKC already maps full-width digits, dots, commas and plus.
_MINUS = str.maketrans(dict.fromkeys("\u2212\u2012\u2013\ufe63\uff0d", "-"))
#: Invisible characters removed from ids and numbers: zero-width space/joiners, word joiner,
#: byte-order mark, soft hyphen, bidirectional marks and the other format (Cf) characters.
_INVISIBLE = re.compile(r"[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def normalise_id(text: str) -> str:
    """An identifier as read: Unicode NFC, invisible characters and surrounding spaces removed.

    Two ids that look identical on screen normalise to the same text, so duplicates are
    caught (duplicate checks also ignore case and repeated spaces).

    Examples
    --------
    >>> normalise_id(" P\u200b01 ") == "P01", normalise_id("Cafe\u0301") == "Caf\u00e9"
    (True, True)
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return "".join(c for c in text if unicodedata.category(c) != "Cf").strip()


def normalise_number_text(text: str) -> str:
    """Number text with look-alike characters made plain (full-width digits, minus signs,
    non-breaking and thin spaces, invisible characters); the value is not changed.

    Examples
    --------
    >>> normalise_number_text("\u2212\uff11\uff12\u00a0500")
    '-12 500'
    """
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).translate(_MINUS)
    return _SPACES.sub(" ", text).strip()


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT, pandas NA and text in :data:`MISSING_TOKENS`.

    Examples
    --------
    >>> is_missing(" N/A "), is_missing(float("nan")), is_missing(0)
    (True, True, False)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return value.strip().lower() in MISSING_TOKENS
    if isinstance(value, float | np.floating):
        return bool(np.isnan(value))
    if isinstance(value, list | tuple | np.ndarray):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def parse_number(
    value: Any,
    *,
    percent: bool = False,
    decimal: str | None = None,
    strict: bool = False,
) -> float | None:
    """A finite float from a number or text such as ``"1,200"``, ``"€1 200"``, ``"12 %"``.

    Text rules (documented for users in :func:`partnerselect.io.read_track_records`):
    a dot is a decimal point; a comma followed by groups of exactly three digits is a
    thousands separator (``"1,200"`` is 1200), any other single comma is a decimal comma
    (``"12,5"`` is 12.5); ``"1.200,50"`` is 1200.5; spaces between groups of three digits
    are thousands separators; a leading or trailing ``€``/``EUR`` is dropped; a trailing
    ``%`` divides by 100 when ``percent`` is true and is rejected otherwise. Full-width
    digits, minus-sign look-alikes (``−``, ``–``), non-breaking and thin spaces and
    invisible characters are read as the plain characters they look like.

    ``decimal`` fixes the decimal mark for the whole column (see
    :func:`decimal_convention`): ``"comma"`` makes dots thousands separators (``"1.500"``
    is 1500), ``"dot"`` makes commas thousands separators. ``strict`` (used for
    ``;``-separated files, where both conventions are common) refuses ``"1.500"`` and
    ``"1,500"`` when the column gives no evidence of its decimal mark.

    Raises
    ------
    ValueError
        Text that is not a number, a boolean, or an infinite value.

    Examples
    --------
    >>> parse_number("1,200"), parse_number("€1 200.5"), parse_number("12 %", percent=True)
    (1200.0, 1200.5, 0.12)
    """
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        msg = f"Expected a number, got the boolean {value!r}."
        raise ValueError(msg)
    if isinstance(value, int | float | np.integer | np.floating):
        out = float(value)
        if not math.isfinite(out):
            msg = f"Got {value!r}, which is not a finite number."
            raise ValueError(msg)
        return out
    if not isinstance(value, str):
        msg = f"Expected a number, got {type(value).__name__} {value!r}."
        raise ValueError(msg)
    text = normalise_number_text(value)
    scale = 1.0
    if text.endswith("%"):
        if not percent:
            msg = f"Got {value!r}; a percentage is not allowed here. Write a plain number."
            raise ValueError(msg)
        text, scale = text[:-1].strip(), 0.01
    text = _CURRENCY.sub("", text).strip()
    if text.lower() in _INF:
        msg = f"Got {value!r}, which is not a finite number."
        raise ValueError(msg)
    if decimal is not None or strict:
        number = _number_convention(text, value, decimal)
    else:
        number = _number_text(text)
    if number is None:
        msg = (
            f"Got {value!r}, which is not a number. Write it like 1200 or 1200.50 "
            "(thousands separators ',' or ' ' are accepted)."
        )
        raise ValueError(msg)
    if not math.isfinite(number):
        msg = f"Got {value!r}, which is too large to be a finite number."
        raise ValueError(msg)
    return round(number * scale, 12) if scale != 1.0 else number


def _number_text(text: str) -> float | None:
    if _PLAIN.fullmatch(text):
        return float(text)
    if _COMMA_THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    if _DOT_THOUSANDS_DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _SPACE_THOUSANDS.fullmatch(text):
        return float(text.replace(" ", "").replace(",", "."))
    if _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    return None


_AMBIGUOUS = re.compile(r"[+-]?[1-9]\d{0,2}[.,]\d{3}")
_COMMA_EVIDENCE = re.compile(
    r"[+-]?(\d{1,3}(\.\d{3})+(,\d*)?|\d{1,3}(\.\d{3}){2,}|\d*,(\d{1,2}|\d{4,})|0,\d+|\d{4,},\d+)"
)
_DOT_EVIDENCE = re.compile(
    r"[+-]?(\d{1,3}(,\d{3})+(\.\d*)?|\d{1,3}(,\d{3}){2,}|\d*\.(\d{1,2}|\d{4,})|0\.\d+|\d{4,}\.\d+)"
    r"([eE][+-]?\d+)?"
)
_COMMA_NUMBER = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_DOT_NUMBER = re.compile(r"[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _core(text: str) -> str:
    """Number text without currency, percent sign or spaces (for evidence matching)."""
    text = normalise_number_text(text).rstrip("%").strip()
    return _CURRENCY.sub("", text).replace(" ", "")


def decimal_convention(texts: Iterable[str]) -> str | None:
    """The decimal mark a column's text cells use: ``"dot"``, ``"comma"``, ``"mixed"`` or
    None (no cell tells).

    A cell such as ``"1.234,5"`` or ``"12,5"`` shows a decimal comma; ``"1,234.5"`` or
    ``"12.5"`` a decimal point; ``"1.500"`` shows nothing. In a ``"mixed"`` column every
    cell is read by its own form and cells such as ``"1.500"`` are refused as ambiguous.

    Examples
    --------
    >>> decimal_convention(["1.500", "1.234,5"])
    'comma'
    >>> decimal_convention(["1.500", "800"]) is None, decimal_convention(["1.5", "2,5"])
    (True, 'mixed')
    """
    comma = dot = False
    for text in texts:
        core = _core(text)
        if _AMBIGUOUS.fullmatch(core):
            continue
        comma = comma or bool(_COMMA_EVIDENCE.fullmatch(core))
        dot = dot or bool(_DOT_EVIDENCE.fullmatch(core))
        if comma and dot:
            return "mixed"
    return "comma" if comma else "dot" if dot else None


def _number_convention(text: str, value: Any, decimal: str | None) -> float | None:
    compact = text.replace(" ", "")
    if decimal in (None, "mixed"):
        if _AMBIGUOUS.fullmatch(compact):
            msg = (
                f"Got {value!r}, which is ambiguous here (a ';'-separated file, or a column "
                "using both decimal marks): it may be "
                f"{float(compact.replace(',', '').replace('.', '')):g} (thousands separator) or "
                f"{float(compact.replace(',', '.')):g} (decimal mark). Write it without a "
                "thousands separator, e.g. 1500 or 1,5."
            )
            raise ValueError(msg)
        return _number_text(text)
    if decimal == "comma" and _COMMA_NUMBER.fullmatch(compact):
        return float(compact.replace(".", "").replace(",", "."))
    if decimal == "dot" and _DOT_NUMBER.fullmatch(compact):
        return float(compact.replace(",", ""))
    return None


def parse_bool(value: Any) -> bool | None:
    """True/False from a bool, 1/0, or text true/false/yes/no/y/n/1/0 (any case).

    Examples
    --------
    >>> parse_bool("Yes"), parse_bool(0), parse_bool(" ")
    (True, False, None)
    """
    if is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in BOOL_TRUE:
            return True
        if text in BOOL_FALSE:
            return False
    msg = f"Got {value!r}, which is not a yes/no value. Write true/false, yes/no, y/n or 1/0."
    raise ValueError(msg)


def parse_date(value: Any) -> pd.Timestamp | None:
    """A date from a date/datetime or from text in one of :data:`DATE_FORMATS`.

    ISO dates (``2024-03-01``, optionally with a time) are tried first, then day-first
    ``DD/MM/YYYY`` and ``DD.MM.YYYY``. Month-first US dates (``03/31/2024``) are never
    guessed: they fail, with a hint to write ISO dates.

    Examples
    --------
    >>> parse_date("01/03/2024"), parse_date("2024-03-01")
    (Timestamp('2024-03-01 00:00:00'), Timestamp('2024-03-01 00:00:00'))
    """
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, str):
        text = value.strip()
        for fmt in DATE_FORMATS:
            try:
                return pd.Timestamp(dt.datetime.strptime(text, fmt))
            except ValueError:
                continue
        try:
            return pd.Timestamp(dt.datetime.fromisoformat(text)).tz_localize(None)
        except ValueError:
            pass
    msg = (
        f"Got {value!r}, which is not a date. Write ISO dates such as 2024-03-31 "
        "(day-first 31/03/2024 and 31.03.2024 are also read; month-first US dates are not "
        "guessed)."
    )
    raise ValueError(msg)


def parse_list(value: Any, sep: str = ";") -> list[str]:
    """A list of stripped, lower-case items from ``"a; B;;c"`` or an iterable.

    Examples
    --------
    >>> parse_list(" Banking; Retail ;"), parse_list(None)
    (['banking', 'retail'], [])
    """
    if isinstance(value, str):
        items: Iterable[Any] = value.split(sep)
    elif isinstance(value, list | tuple | set | frozenset | np.ndarray | pd.Series):
        items = value
    elif is_missing(value):
        return []
    else:
        msg = f"Got {value!r}; write the items as text separated by {sep!r}."
        raise ValueError(msg)
    out = []
    for item in items:
        text = "" if is_missing(item) else str(item).strip().lower()
        if text:
            out.append(text)
    return out
