"""``partnerselect init --xlsx``: the workbook template, its validation, and a round trip."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.cli import main
from partnerselect.errors import ParameterError
from partnerselect.io.tables import PARTNERS, SCORES, TRACK_RECORDS
from partnerselect.io.template_workbook import COLUMN_HELP, write_workbook_template

SCHEMAS = {"partners": PARTNERS, "track_records": TRACK_RECORDS, "scores": SCORES}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return write_workbook_template(tmp_path_factory.mktemp("tpl") / "tender.xlsx")


def _validations(ws):
    """header -> data validation covering its column's second row."""
    out = {}
    headers = {c.column_letter: c.value for c in ws[1]}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            letter = rng.coord.split(":")[0].rstrip("0123456789")
            out[headers[letter]] = dv
    return out


def test_sheets_and_headers(book):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [
        "instructions",
        "partners",
        "track_records",
        "scores",
        "weights",
        "pairwise",
    ]
    for table, schema in SCHEMAS.items():
        assert [c.value for c in wb[table][1]] == list(schema.columns)
        assert wb[table].max_row == 1  # no data, no stray blank rows


def test_validation_rules(book):
    wb = openpyxl.load_workbook(book)
    partners = _validations(wb["partners"])
    assert partners["iso27001"].type == "list"
    assert partners["iso27001"].formula1 == '"yes,no"'
    assert partners["headcount"].type == "whole"
    assert (partners["timezone_overlap_h"].formula1, partners["timezone_overlap_h"].formula2) == (
        "0",
        "24",
    )
    assert partners["day_rate_eur"].operator == "greaterThan"
    records = _validations(wb["track_records"])
    assert records["start_date"].type == "date"
    assert records["status"].formula1 == '"completed,cancelled,ongoing"'
    assert (records["quality_score"].formula1, records["quality_score"].formula2) == ("1", "5")
    scores = _validations(wb["scores"])
    assert scores["criterion"].type == "list"  # the template model's evaluator criteria
    assert "ai_expertise" in scores["criterion"].formula1
    assert wb["track_records"].column_dimensions["D"].number_format == "yyyy-mm-dd"


def test_instructions_explain_every_column(book):
    wb = openpyxl.load_workbook(book)
    rows = {(r[0], r[1]): r for r in wb["instructions"].iter_rows(min_row=6, values_only=True)}
    for table, schema in SCHEMAS.items():
        for col in schema.columns:
            row = rows[(table, col)]
            assert row[3] == COLUMN_HELP[table][col]
            assert row[3]
            assert (row[2] == "yes") == (col in schema.required)


def test_pairwise_and_weights(book):
    wb = openpyxl.load_workbook(book)
    ws = wb["pairwise"]
    groups = [c.value for c in ws[2][1:]]
    assert groups[:2] == ["cost", "domain"]
    n = len(groups)
    for i in range(n):
        assert ws.cell(row=3 + i, column=2 + i).value == 1
    assert ws.cell(row=4, column=2).value == '=IF(C3="","",1/C3)'  # reciprocal of the mirrored cell
    weights = wb["weights"]
    assert [c.value for c in weights[1]][:5] == [
        "group",
        "criterion",
        "objective",
        "source",
        "weight",
    ]


def _pour(ws, frame: pd.DataFrame) -> None:
    """Type the frame into the sheet as an analyst would: yes/no, dates, ';' lists, numbers."""
    headers = [c.value for c in ws[1]]
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        for name, value in zip(frame.columns, row, strict=True):
            if isinstance(value, bool):
                value = "yes" if value else "no"
            elif isinstance(value, list | tuple):
                value = ";".join(value)
            elif isinstance(value, pd.Timestamp):
                value = None if pd.isna(value) else value.to_pydatetime()
            elif value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            ws.cell(row=i, column=headers.index(name) + 1, value=value)


def test_sample_round_trip(book, tmp_path):
    sample = ps.load_sample()
    originals = {
        "partners": ps.read_partners(sample.paths["partners"]),
        "track_records": ps.read_track_records(sample.paths["track_records"]),
        "scores": ps.read_scores(sample.paths["scores"]),
    }
    wb = openpyxl.load_workbook(book)
    for table, frame in originals.items():
        _pour(wb[table], frame)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    readers = {
        "partners": ps.read_partners,
        "track_records": ps.read_track_records,
        "scores": ps.read_scores,
    }
    for table, frame in originals.items():
        back = readers[table](filled, sheet=table)
        expected = frame.copy()
        back.attrs, expected.attrs = {}, {}
        pd.testing.assert_frame_equal(back, expected, check_dtype=False)


def test_refuses_overwrite_and_other_suffix(book, tmp_path):
    with pytest.raises(ParameterError, match="already exists"):
        write_workbook_template(book)
    with pytest.raises(ParameterError, match=r"\.xlsx"):
        write_workbook_template(tmp_path / "tender.csv")


def test_cli_init_xlsx(tmp_path, capsys):
    assert main(["init", "--xlsx", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "t.xlsx").exists()
    assert not (tmp_path / "model.toml").exists()
    assert main(["init", str(tmp_path / "m.toml"), "--xlsx", str(tmp_path / "t2.xlsx")]) == 0
    assert (tmp_path / "m.toml").exists()
    assert (tmp_path / "t2.xlsx").exists()
    assert "instructions sheet" in capsys.readouterr().out
    assert main(["init", "--xlsx", str(tmp_path / "t.xlsx")]) == 2
