"""Cells are read as written or refused; ids are normalised before duplicate checks."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import (
    DataError,
    DuplicateError,
    FileFormatError,
    InputWarning,
    SchemaError,
    TrackRecordWarning,
)
from partnerselect.io import read_table, resolve_column
from partnerselect.io._cells import decimal_convention, normalise_id, parse_number

from ._io_data import write_csv

HEAD = ["partner_id", "name", "day_rate_eur", "score_x"]


def partners_csv(tmp_path, values, *, column="day_rate_eur", delimiter=",", name="p.csv"):
    rows = [["partner_id", "name", column]]
    rows += [[f"P{i}", f"Name {i}", v] for i, v in enumerate(values, start=1)]
    return write_csv(tmp_path / name, rows, delimiter)


# ---------------------------------------------------------------- refused cells


@pytest.mark.parametrize("bad", ["9.5 pts", "8%", "1+1j", "1e309", "-1e400", "inf", "12 EUR/day"])
def test_unreadable_numbers_are_refused_with_file_row_column_value(tmp_path, bad):
    path = partners_csv(tmp_path, ["700", bad])
    with pytest.raises(DataError) as info:
        ps.read_partners(path)
    err = info.value
    assert (err.source, err.row, err.column, err.value) == (str(path), 3, "day_rate_eur", bad)
    assert "p.csv" in str(err)
    assert "row 3" in str(err)
    assert repr(bad) in str(err)


def test_unreadable_numbers_in_an_unknown_column_are_refused_when_collecting(tmp_path):
    # Collect mode leaves the bad cell empty *and* reports it: never a silent NaN.
    path = partners_csv(tmp_path, ["700", "1e309", "8%"])
    df, problems = ps.read_partners(path, errors="collect")
    assert [(p.row, p.value) for p in problems] == [(3, "1e309"), (4, "8%")]
    assert np.isnan(df["day_rate_eur"].iloc[1])


@pytest.mark.parametrize("bad", [[1, 2], {"a": 1}, True])
def test_json_lists_objects_and_booleans_in_number_columns_are_refused(tmp_path, bad):
    path = tmp_path / "p.json"
    rows = [{"partner_id": "P1", "name": "A", "day_rate_eur": 700},
            {"partner_id": "P2", "name": "B", "day_rate_eur": bad}]  # fmt: skip
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3, column 'day_rate_eur'") as info:
        ps.read_partners(path)
    assert info.value.value == bad


def test_a_dataframe_with_inf_is_refused():
    df = pd.DataFrame(
        {"partner_id": ["P1", "P2"], "name": ["A", "B"], "day_rate_eur": [1.0, np.inf]}
    )
    with pytest.raises(DataError, match="finite"):
        ps.read_partners(df)


def test_percent_needs_a_declared_unit(tmp_path):
    path = partners_csv(tmp_path, ["8%", "12 %", "0.5"], column="margin")
    # undeclared: the column is text, and says why it is not numeric
    df = ps.read_partners(path)
    assert df["margin"].tolist() == ["8%", "12 %", "0.5"]
    assert df.attrs["not_numeric"]["margin"]["row"] == 2
    assert "percentage" in df.attrs["not_numeric"]["margin"]["why"]
    # declared percent: read as shares
    df = ps.read_partners(path, units={"margin": "percent"})
    assert df["margin"].tolist() == pytest.approx([0.08, 0.12, 0.5])


def test_a_text_column_is_reported_as_not_numeric(tmp_path):
    df = ps.read_partners(partners_csv(tmp_path, ["fast", "slow"], column="speed"))
    assert df.attrs["not_numeric"]["speed"] == {
        "row": 2,
        "value": "fast",
        "why": df.attrs["not_numeric"]["speed"]["why"],
    }


# ---------------------------------------------------------------- read as meant


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("€1,200", 1200.0),
        ("  1 200  ", 1200.0),
        ("1\u202f200,5", 1200.5),  # narrow no-break space, decimal comma
        ("\uff11\uff12\uff10\uff10", 1200.0),  # full-width digits
        ("\u22125", -5.0),  # minus sign
        ("\u20135", -5.0),  # en dash used as minus
        ("12\u200b00", 1200.0),  # zero-width space
        ("1.234,5", 1234.5),
    ],
)
def test_look_alike_characters_are_read_as_meant(text, value):
    assert parse_number(text) == value


def test_semicolon_file_reads_a_mixed_thousands_column_consistently(tmp_path):
    path = partners_csv(tmp_path, ["1.500", "1.234,5", "800"], delimiter=";")
    assert ps.read_partners(path)["day_rate_eur"].tolist() == [1500.0, 1234.5, 800.0]


def test_semicolon_file_refuses_an_ambiguous_thousands_value(tmp_path):
    path = partners_csv(tmp_path, ["1.500", "800"], delimiter=";")
    with pytest.raises(DataError, match=r"row 2, column 'day_rate_eur'.*'1\.500'.*ambiguous"):
        ps.read_partners(path)


def test_a_column_using_both_decimal_marks_refuses_the_ambiguous_cell(tmp_path):
    path = partners_csv(tmp_path, ["1.5", "2,5", "1.500"], delimiter=";")
    with pytest.raises(DataError, match=r"row 4.*'1\.500'.*ambiguous"):
        ps.read_partners(path)


def test_decimal_convention():
    assert decimal_convention(["1.500", "1.234,5"]) == "comma"
    assert decimal_convention(["1,500", "1,234.5"]) == "dot"
    assert decimal_convention(["1.500", "2.000"]) is None
    assert decimal_convention(["1.5", "2,5"]) == "mixed"


def test_only_empty_cells_are_missing(tmp_path):
    path = partners_csv(tmp_path, ["", "   ", "0"], column="years_in_business")
    assert ps.read_partners(path)["years_in_business"].isna().tolist() == [True, True, False]


# ---------------------------------------------------------------- identifiers


@pytest.mark.parametrize(
    "twin",
    ["P1\u200b", " P1 ", "\ufeffP1", "P\u00ad1", "p1"],
)
def test_ids_that_look_identical_are_duplicates(tmp_path, twin):
    path = write_csv(tmp_path / "p.csv", [["partner_id", "name"], ["P1", "A"], [twin, "B"]])
    with pytest.raises(DuplicateError, match=r"row 2.*row 3"):
        ps.read_partners(path)


def test_nfc_and_nfd_forms_of_an_id_are_duplicates():
    df = pd.DataFrame({"partner_id": ["Caf\u00e9", "Cafe\u0301"], "name": ["A", "B"]})
    with pytest.raises(DuplicateError):
        ps.read_partners(df)


def test_ids_are_normalised_with_a_note():
    df = pd.DataFrame({"partner_id": ["P\u200b1", "P2"], "name": ["A", "B"]})
    with pytest.warns(InputWarning, match="normalised.*'P1'"):
        out = ps.read_partners(df)
    assert out["partner_id"].tolist() == ["P1", "P2"]
    assert normalise_id(" Cafe\u0301\u2060 ") == "Caf\u00e9"


# ---------------------------------------------------------------- column mapping


def test_columns_mapping_and_the_fix_in_the_error(tmp_path):
    rows = [["Vendor ID", "Vendor name", "Day rate (€)"], ["P1", "A", "€700"], ["P2", "B", "650"]]
    path = write_csv(tmp_path / "p.csv", rows)
    df = ps.read_partners(
        path,
        columns={"partner_id": "Vendor ID", "name": "vendor name", "day_rate_eur": "Day rate (€)"},
    )
    assert df["day_rate_eur"].tolist() == [700.0, 650.0]
    assert resolve_column(df, "Day rate (€)") == "day_rate_eur"
    with pytest.raises(SchemaError) as info:
        ps.read_partners(path)
    msg = str(info.value)
    assert "'Vendor ID', 'Vendor name', 'Day rate (€)'" in msg
    assert '[columns.partners]\n  partner_id = "Vendor ID"' in msg
    with pytest.raises(SchemaError, match=r"maps 'name' to the header 'Supplier'.*Headers found"):
        ps.read_partners(path, columns={"partner_id": "Vendor ID", "name": "Supplier"})


def test_a_forgivingly_matched_header_keeps_the_name_the_user_typed():
    df = ps.read_partners(
        pd.DataFrame({"partner_id": ["P1"], "name": ["A"], "Attrition Rate": ["10 %"]})
    )
    assert "attrition_rate" in df
    assert resolve_column(df, "Attrition Rate") == "attrition_rate"
    assert resolve_column(df, "attrition rate") == "attrition_rate"


# ---------------------------------------------------------------- wide score sheets


def test_wide_scores_blank_cells_are_missing_scores_in_the_notes():
    wide = pd.DataFrame(
        {
            "Evaluator": ["A", "B"],
            "Vendor": ["P1", "P1"],
            "communication": [4, None],
            "collaboration": ["3", "5"],
        }
    )
    with pytest.warns(InputWarning, match=r"1 blank score cell.*B / P1 / communication \(row 3\)"):
        long = ps.read_scores(wide, columns={"partner_id": "Vendor"})
    assert sorted(zip(long["evaluator"], long["criterion"], long["score"], strict=True)) == [
        ("A", "collaboration", 3.0),
        ("A", "communication", 4.0),
        ("B", "collaboration", 5.0),
    ]
    assert long.attrs["missing_scores"] == [
        {"evaluator": "B", "partner_id": "P1", "criterion": "communication", "row": 3}
    ]


def test_wide_score_errors_name_the_criterion_column():
    wide = pd.DataFrame({"evaluator": ["A"], "partner_id": ["P1"], "communication": ["good"]})
    with pytest.raises(DataError, match=r"row 2, column 'communication'.*'good'"):
        ps.read_scores(wide)


def test_long_layout_forced_needs_criterion_and_score():
    wide = pd.DataFrame({"evaluator": ["A"], "partner_id": ["P1"], "communication": [4]})
    with pytest.raises(SchemaError, match="needs a column 'criterion'"):
        ps.read_scores(wide, layout="long")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ps.read_scores(wide, layout="wide")["score"].tolist() == [4.0]


def test_read_table_rejects_an_unknown_layout():
    with pytest.raises(ps.errors.ParameterError, match="layout"):
        read_table(pd.DataFrame({"a": [1]}), "scores", layout="tall")  # type: ignore[arg-type]


def test_erp_placeholder_dates_are_read_as_no_date_with_a_note(tmp_path):
    rows = [
        ["partner_id", "project_id", "start_date", "actual_end"],
        ["P1", "X1", "2024-01-01", "9999-12-31"],
    ]
    with pytest.warns(TrackRecordWarning, match=r"'actual_end'.*9999-12-31 at row 2.*no date"):
        df = ps.read_track_records(write_csv(tmp_path / "r.csv", rows))
    assert df["actual_end"].isna().all()
    # any other date outside what can be computed with is refused with row and column
    rows[1][3] = "3024-07-01"
    with pytest.raises(DataError, match=r"row 2, column 'actual_end'.*3024-07-01"):
        ps.read_track_records(write_csv(tmp_path / "r.csv", rows))
    assert FileFormatError  # imported for symmetry with the other reader tests


def test_impossible_iso_dates_are_refused_not_rolled_over(tmp_path):
    rows = [["partner_id", "project_id", "start_date"], ["P1", "X1", "2024-02-30"]]
    with pytest.raises(DataError, match=r"row 2, column 'start_date'.*'2024-02-30'"):
        ps.read_track_records(write_csv(tmp_path / "r.csv", rows))


def _model(column):
    return {"criteria": [{"name": "speed", "column": column, "weight": 1},
                         {"name": "day_rate_eur", "objective": "min", "weight": 1}]}  # fmt: skip


def test_a_criterion_on_a_text_column_says_it_is_not_numeric():
    partners = pd.DataFrame(
        {"partner_id": ["P1", "P2"], "name": ["A", "B"], "speed": ["fast", "9.5 pts"],
         "day_rate_eur": [700, 650]}
    )  # fmt: skip
    with pytest.raises(DataError, match=r"'speed', which is not numeric: row 2 holds 'fast'"):
        ps.evaluate(partners, model=_model("speed"), analyses=False)


def test_a_criterion_finds_a_renamed_header_under_the_name_the_user_typed():
    partners = pd.DataFrame(
        {"partner_id": ["P1", "P2"], "name": ["A", "B"], "Attrition Rate": ["10 %", "20 %"],
         "day_rate_eur": [700, 650]}
    )  # fmt: skip
    model = {"criteria": [{"name": "attrition", "column": "Attrition Rate", "objective": "min",
                           "weight": 1},
                          {"name": "day_rate_eur", "objective": "min", "weight": 1}]}  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ps.errors.PartnerSelectWarning)
        ev = ps.evaluate(partners, model=model, analyses=False)
    assert ev.problem.matrix.loc["P1", "attrition"] == pytest.approx(0.1)


def test_a_criterion_unit_percent_reaches_the_partner_reader():
    from types import SimpleNamespace

    from partnerselect.pipeline import _model_units

    spec = SimpleNamespace(source="partners", key="margin", unit="percent", params={})
    other = SimpleNamespace(source="track_record", key="quality", unit=None, params={})
    model = SimpleNamespace(criteria=(spec, other))
    assert _model_units(model) == {"margin": "percent"}
    frame = pd.DataFrame({"partner_id": ["P1"], "name": ["A"], "margin": ["8 %"]})
    assert ps.read_partners(frame, units=_model_units(model))["margin"].tolist() == [0.08]


def test_placeholder_dates_in_typed_frames_are_read_as_no_date():
    dates = np.array(["2024-01-01", "9999-12-31"], dtype="datetime64[s]")
    frame = pd.DataFrame(
        {"partner_id": ["P1", "P1"], "project_id": ["A", "B"], "actual_end": dates}
    )
    with pytest.warns(TrackRecordWarning, match=r"9999-12-31 at row 3"):
        df = ps.read_track_records(frame)
    assert df["actual_end"].isna().tolist() == [False, True]


def test_not_available_markers_are_read_as_empty_and_listed(tmp_path):
    path = partners_csv(tmp_path, ["N/A", "", "3", "-"], column="years_in_business")
    with pytest.warns(InputWarning, match=r"2 cell\(s\) hold a 'not available' marker") as rec:
        df = ps.read_partners(path)
    assert "row 2 ('N/A')" in str(rec[0].message)
    assert df["years_in_business"].isna().tolist() == [True, True, False, True]
    assert df.attrs["missing_markers"] == {"years_in_business": {"2": "N/A", "5": "-"}}
