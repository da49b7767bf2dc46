"""read_partners: schema, types, and every bad-input case with a message that helps."""

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import DataError, DuplicateError, MissingValueError, SchemaError

from ._io_data import write_csv


def read(tmp_path, rows):
    return ps.read_partners(write_csv(tmp_path / "partners.csv", rows))


def one(column, value):
    """A two-row partner table with ``column`` = ``value`` on the second data row (row 3)."""
    return [["partner_id", "name", column], ["P1", "A", ""], ["P2", "B", value]]


def test_types_of_known_columns(tmp_path):
    rows = [
        ["partner_id", "name", "country", "headcount", "day_rate_eur", "iso27001", "iso9001",
         "soc2", "gdpr_dpa", "ethical_ai_policy", "ai_engineers", "domains",
         "timezone_overlap_h", "attrition_rate", "years_in_business"],
        ["P1", "A", "Spain", "10", "800", "yes", "no", "Y", "n", "1", "4", "nlp", "8", "0.1", "3"],
    ]  # fmt: skip
    df = read(tmp_path, rows)
    assert str(df["headcount"].dtype) == "Int64"
    assert str(df["ai_engineers"].dtype) == "Int64"
    for col in ("iso27001", "iso9001", "soc2", "gdpr_dpa", "ethical_ai_policy"):
        assert str(df[col].dtype) == "boolean"
    assert df.loc[0, ["iso27001", "iso9001", "soc2", "gdpr_dpa", "ethical_ai_policy"]].tolist() == [
        True, False, True, False, True,
    ]  # fmt: skip
    for col in ("day_rate_eur", "timezone_overlap_h", "attrition_rate", "years_in_business"):
        assert df[col].dtype == np.float64
    assert df.loc[0, "domains"] == ["nlp"]


def test_missing_optional_values_stay_missing(tmp_path):
    rows = [
        ["partner_id", "name", "headcount", "iso27001", "attrition_rate", "timezone_overlap_h"],
        ["P1", "A", "", "", "", ""],
        ["P2", "B", "5", "true", "0.2", "7"],
    ]
    df = read(tmp_path, rows)
    assert df["headcount"].isna().tolist() == [True, False]
    assert df["iso27001"].isna().tolist() == [True, False]
    assert np.isnan(df.loc[0, "attrition_rate"])
    assert np.isnan(df.loc[0, "timezone_overlap_h"])


def test_column_names_are_normalised_and_unknown_columns_kept(tmp_path):
    rows = [
        ["Partner ID", " Name ", "Day Rate EUR", "ISO27001", "preferred_supplier", "Tier",
         "framework_ref"],
        ["P1", "A", "800", "yes", "yes", "1", "FW-1"],
        ["P2", "B", "\"1,100\"", "no", "no", "2.5", "FW-2"],
    ]  # fmt: skip
    df = read(tmp_path, rows)
    assert list(df.columns) == [
        "partner_id", "name", "day_rate_eur", "iso27001", "preferred_supplier", "Tier",
        "framework_ref",
    ]  # fmt: skip
    assert df.attrs["renamed"]["Day Rate EUR"] == "day_rate_eur"
    assert df["day_rate_eur"].tolist() == [800.0, 1100.0]
    assert df["preferred_supplier"].tolist() == [True, False]  # inferred yes/no
    assert df["Tier"].tolist() == [1.0, 2.5]  # inferred number
    assert df["framework_ref"].tolist() == ["FW-1", "FW-2"]  # text


def test_two_columns_for_one_known_name(tmp_path):
    rows = [["partner_id", "name", "day_rate_eur", "Day Rate EUR"], ["P1", "A", "1", "2"]]
    with pytest.raises(SchemaError, match=r"'day_rate_eur' and 'Day Rate EUR' both hold"):
        read(tmp_path, rows)


def test_missing_required_column_suggests_the_near_name(tmp_path):
    rows = [["partner_id", "nme", "country"], ["P1", "A", "Spain"]]
    with pytest.raises(SchemaError, match=r"needs a column 'name'.*Did you mean 'nme'") as e:
        read(tmp_path, rows)
    assert e.value.column == "name"
    assert isinstance(e.value, KeyError)


def test_duplicate_ids_differing_by_case_and_spaces_name_both_rows(tmp_path):
    rows = [["partner_id", "name"], ["P1", "A"], ["P2", "B"], [" p1 ", "C"]]
    with pytest.raises(DuplicateError, match=r"row 2 \(as \['P1'\].*row 4.*must be unique") as e:
        read(tmp_path, rows)
    assert e.value.row == 4
    assert e.value.column == "partner_id"


def test_exact_duplicate_ids(tmp_path):
    rows = [["partner_id", "name"], ["P1", "A"], ["P1", "B"]]
    with pytest.raises(
        DuplicateError, match=r"partner_id='P1' appears in row 2 and again in row 3"
    ):
        read(tmp_path, rows)


def test_empty_partner_id(tmp_path):
    rows = [["partner_id", "name"], ["P1", "A"], ["  ", "B"]]
    with pytest.raises(MissingValueError, match=r"row 3, column 'partner_id'.*fill it in") as e:
        read(tmp_path, rows)
    assert e.value.row == 3


def test_ids_are_stripped(tmp_path):
    df = read(tmp_path, [["partner_id", "name"], ["  P1 ", " Acme "]])
    assert df.loc[0, "partner_id"] == "P1"
    assert df.loc[0, "name"] == "Acme"


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("iso27001", "maybe", r"'maybe'.*true/false, yes/no, y/n or 1/0"),
        ("gdpr_dpa", "2", r"'2'.*true/false"),
        ("headcount", "-3", r"'-3', outside the allowed range >= 0"),
        ("headcount", "12.5", r"'12.5'; expected a whole number"),
        ("ai_engineers", "many", r"'many', which is not a number"),
        ("day_rate_eur", "0", r"'0', outside the allowed range > 0"),
        ("day_rate_eur", "inf", r"'inf', which is not a finite number"),
        ("timezone_overlap_h", "25", r"'25', outside the allowed range \[0, 24\]"),
        ("attrition_rate", "12", r"'12', outside.*\[0, 1\].*0\.12 or.*'12 %'"),
        ("attrition_rate", "120 %", r"'120 %', outside.*\[0, 1\]"),
        ("years_in_business", "-1", r">= 0"),
        ("domains", "x", None),  # any text is a valid list
    ],
)
def test_bad_cell_names_file_row_column_value(tmp_path, column, value, match):
    rows = one(column, value)
    if match is None:
        assert read(tmp_path, rows).loc[1, column] == [value]
        return
    with pytest.raises(DataError, match=match) as e:
        read(tmp_path, rows)
    err = e.value
    assert err.row == 3
    assert err.column == column
    assert err.value == value
    assert err.source.endswith("partners.csv")
    assert f"row 3, column '{column}'" in str(err)
    assert "partners.csv" in str(err)


def test_percent_attrition(tmp_path):
    df = read(tmp_path, one("attrition_rate", "12 %"))
    assert df.loc[1, "attrition_rate"] == pytest.approx(0.12)


def test_numbers_as_python_values_in_a_dataframe():
    df = ps.read_partners(
        pd.DataFrame({"partner_id": ["P1"], "name": ["A"], "headcount": [np.int64(4)],
                      "iso27001": [np.True_], "domains": [["AI", "Retail"]]})
    )  # fmt: skip
    assert df.loc[0, "headcount"] == 4
    assert bool(df.loc[0, "iso27001"]) is True
    assert df.loc[0, "domains"] == ["ai", "retail"]


def test_dataframe_with_nan_for_missing():
    raw = pd.DataFrame({"partner_id": ["P1", "P2"], "name": ["A", "B"], "headcount": [3, np.nan]})
    df = ps.read_partners(raw)
    assert df["headcount"].tolist()[0] == 3
    assert pd.isna(df["headcount"].tolist()[1])


def test_dataframe_bad_value_names_the_row():
    raw = pd.DataFrame({"partner_id": ["P1", "P2"], "name": ["A", "B"], "soc2": [True, "perhaps"]})
    with pytest.raises(DataError, match=r"'DataFrame', row 3, column 'soc2'"):
        ps.read_partners(raw)


def test_empty_name(tmp_path):
    with pytest.raises(MissingValueError, match=r"row 2, column 'name'.*Every row needs a name"):
        read(tmp_path, [["partner_id", "name"], ["P1", ""]])


def test_two_empty_ids_are_missing_not_duplicates(tmp_path):
    rows = [["partner_id", "name"], ["", "A"], ["", "B"]]
    _, problems = ps.read_partners(write_csv(tmp_path / "p.csv", rows), errors="collect")
    assert [type(p) for p in problems] == [MissingValueError, MissingValueError]
