"""Properties: any valid partner table survives the round trip through a file."""

import csv
import io
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.io._cells import is_missing

NAME_CHARS = "abcXYZ &<>.,;'\"-_/ąłüéŁÓ"
names = st.text(alphabet=NAME_CHARS, min_size=1, max_size=20).filter(
    lambda s: s.strip() == s and not is_missing(s)
)


@st.composite
def partner_tables(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    ids = [
        f"P{i}" for i in draw(st.lists(st.integers(0, 999), min_size=n, max_size=n, unique=True))
    ]
    return {
        "partner_id": ids,
        "name": draw(st.lists(names, min_size=n, max_size=n)),
        "day_rate_eur": draw(st.lists(st.integers(1, 5000), min_size=n, max_size=n)),
        "iso27001": draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        "attrition_rate": draw(st.lists(st.integers(0, 100), min_size=n, max_size=n)),
    }


def to_csv_bytes(table, delimiter, encoding, percent):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(list(table))
    for i in range(len(table["partner_id"])):
        rate = table["attrition_rate"][i]
        writer.writerow([
            table["partner_id"][i],
            table["name"][i],
            # In a ';' file '1,000' is ambiguous (1000 or 1.0) and refused: write 1000 there.
            f"{table['day_rate_eur'][i]}" if delimiter == ";" else f"{table['day_rate_eur'][i]:,}",
            "yes" if table["iso27001"][i] else "no",
            f"{rate} %" if percent else f"{rate / 100:.2f}",
        ])  # fmt: skip
    return buf.getvalue().encode(encoding)


@given(
    partner_tables(),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    st.booleans(),
)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_round_trip_through_csv(tmp_path, table, delimiter, encoding, percent):
    try:
        data = to_csv_bytes(table, delimiter, encoding, percent)
    except UnicodeEncodeError:
        encoding = "utf-8"
        data = to_csv_bytes(table, delimiter, encoding, percent)
    path = tmp_path / "partners.csv"
    path.write_bytes(data)
    df = ps.read_partners(path)
    assert df["partner_id"].tolist() == table["partner_id"]
    assert df["name"].tolist() == table["name"]
    assert df["day_rate_eur"].tolist() == [float(x) for x in table["day_rate_eur"]]
    assert df["iso27001"].tolist() == table["iso27001"]
    assert df["attrition_rate"].tolist() == pytest.approx(
        [r / 100 for r in table["attrition_rate"]]
    )
    assert df.attrs["delimiter"] == delimiter


@given(partner_tables())
@settings(max_examples=30, deadline=None)
def test_reading_a_dataframe_never_changes_it_and_is_idempotent(table):
    raw = pd.DataFrame(table).assign(attrition_rate=lambda d: d["attrition_rate"] / 100)
    before = raw.copy(deep=True)
    once = ps.read_partners(raw)
    pd.testing.assert_frame_equal(raw, before)
    pd.testing.assert_frame_equal(ps.read_partners(once), once)


def _european(value: float, thousands: bool) -> str:
    """A number as a ';'-file from a European spreadsheet writes it: '1.234,5'."""
    text = f"{value:,.2f}" if thousands else f"{value:.2f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**9).map(lambda c: c / 100),  # cents: exact in two decimals
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
@settings(max_examples=60, deadline=None)
def test_european_numbers_in_a_semicolon_file_read_back_exactly(values):
    """Every cell carries its decimal comma, so thousands dots are never ambiguous."""
    rows = ["partner_id;name;day_rate_eur"]
    rows += [f"P{i};N{i};{_european(v, t)}" for i, (v, t) in enumerate(values)]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    path = Path(tempfile.mkdtemp()) / "p.csv"
    path.write_bytes(data)
    expected = [v for v, _ in values]
    if any(v == 0 for v in expected):  # day rates must be > 0
        with pytest.raises(ps.errors.DataError):
            ps.read_partners(path)
        return
    assert ps.read_partners(path)["day_rate_eur"].tolist() == pytest.approx(expected, rel=0, abs=0)


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
@settings(max_examples=100, deadline=None)
def test_look_alike_minus_and_digits_read_as_the_plain_number(value):
    from partnerselect.io._cells import parse_number

    plain = repr(value)
    wide = plain.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．\u2212"))
    assert parse_number(plain) == value
    assert parse_number(wide) == value
