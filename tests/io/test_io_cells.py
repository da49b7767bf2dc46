"""Cell parsers: numbers written as text, yes/no values, dates, lists."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerselect.io._cells import (
    is_missing,
    parse_bool,
    parse_date,
    parse_list,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200", 1200.0),
        (" 7 ", 7.0),
        ("1,200", 1200.0),
        ("1,234,567.5", 1234567.5),
        ("1 200", 1200.0),
        ("1\u00a0200", 1200.0),  # no-break space, as spreadsheets export it
        ("€1,200", 1200.0),
        ("1200 EUR", 1200.0),
        ("€ 1 200.50", 1200.5),
        ("12,5", 12.5),  # a single comma not followed by 3 digits: decimal comma
        ("0,125", 0.125),  # leading zero: cannot be a thousands group
        ("1.200,50", 1200.5),
        ("1.5", 1.5),  # a dot is a decimal point
        ("-3", -3.0),
        ("2e3", 2000.0),
        (42, 42.0),
        (np.int64(5), 5.0),
        (2.5, 2.5),
    ],
)
def test_parse_number_accepts_unambiguous_text(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"), [("12 %", 0.12), ("12%", 0.12), ("0.5 %", 0.005), ("0.3", 0.3)]
)
def test_parse_number_percent(text, expected):
    assert parse_number(text, percent=True) == pytest.approx(expected)


@pytest.mark.parametrize(
    "bad", ["inf", "-Infinity", "∞", float("inf"), np.float64("-inf"), "abc", "1,2,3", "$100"]
)
def test_parse_number_rejects(bad):
    with pytest.raises(ValueError, match="not a"):
        parse_number(bad)


def test_parse_number_rejects_percent_where_no_share_is_expected():
    with pytest.raises(ValueError, match="percentage is not allowed"):
        parse_number("12 %")


def test_parse_number_rejects_booleans():
    with pytest.raises(ValueError, match="boolean"):
        parse_number(True)


@pytest.mark.parametrize("missing", ["", "  ", "NA", "n/a", "null", "None", "-", None, np.nan])
def test_missing_tokens(missing):
    assert is_missing(missing)
    assert parse_number(missing) is None
    assert parse_bool(missing) is None
    assert parse_date(missing) is None


def test_zero_and_text_are_not_missing():
    assert not is_missing(0)
    assert not is_missing("0")
    assert not is_missing([])


@given(st.integers(min_value=1000, max_value=10**12))
@settings(max_examples=50)
def test_thousands_separators_round_trip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(f"{n:,}".replace(",", " ")) == n
    assert parse_number(f"{n:,}.25".replace(",", " ")) == n + 0.25


@given(st.decimals(min_value=-1e6, max_value=1e6, places=2, allow_nan=False))
@settings(max_examples=50)
def test_plain_decimals_round_trip(d):
    assert parse_number(str(d)) == pytest.approx(float(d))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True), ("TRUE", True), ("Yes", True), ("y", True), ("1", True), (1, True),
        (True, True), (np.True_, True), ("false", False), ("No", False), ("N", False),
        ("0", False), (0.0, False), (False, False),
    ],
)  # fmt: skip
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


@pytest.mark.parametrize("bad", ["maybe", "2", 2, "t", "oui"])
def test_parse_bool_rejects_and_lists_accepted_values(bad):
    with pytest.raises(ValueError, match="true/false, yes/no, y/n or 1/0"):
        parse_bool(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("01/03/2024", dt.date(2024, 3, 1)),  # day first
        ("31.12.2023", dt.date(2023, 12, 31)),
        ("03/04/2024", dt.date(2024, 4, 3)),  # never month-first
        ("2024-03-01T10:30:00", dt.date(2024, 3, 1)),
        (dt.date(2022, 1, 5), dt.date(2022, 1, 5)),
        (dt.datetime(2022, 1, 5, 8), dt.date(2022, 1, 5)),
        (pd.Timestamp("2021-12-01"), dt.date(2021, 12, 1)),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value).date() == expected


@pytest.mark.parametrize("bad", ["03/31/2024", "2024-13-01", "yesterday", "2024/03/01", 45000])
def test_parse_date_rejects_with_iso_hint(bad):
    with pytest.raises(ValueError, match="2024-03-31"):
        parse_date(bad)


def test_us_dates_are_not_guessed():
    with pytest.raises(ValueError, match="month-first US dates are not guessed"):
        parse_date("12/31/2024")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("banking;retail", ["banking", "retail"]),
        (" Banking ; RETAIL ;; ", ["banking", "retail"]),
        ("", []),
        (None, []),
        (["NLP", " vision "], ["nlp", "vision"]),
    ],
)
def test_parse_list(value, expected):
    assert parse_list(value) == expected


def test_parse_list_rejects_numbers():
    with pytest.raises(ValueError, match="separated by ';'"):
        parse_list(3)
