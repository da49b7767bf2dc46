"""Excel and CSV reports: one sheet per table, readable formatting, formulas neutralised."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from partnerselect.report.excel import write_excel
from partnerselect.report.tables import safe_cell, write_csv

from ._synthetic import FORMULA, XSS


@pytest.fixture
def workbook(synthetic, tmp_path):
    path = write_excel(synthetic, tmp_path / "r.xlsx")
    return openpyxl.load_workbook(path)


def all_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def test_formula_names_read_back_as_text(workbook):
    names = [c.value for c in workbook["Accounting"]["B"][1:]]
    assert names[1] == "'" + FORMULA  # neutralised...
    cell = workbook["Accounting"]["B3"]
    assert cell.data_type == "s"  # ...and typed as a string, not a formula
    assert names[0] == XSS
    assert names[2] == "Ødegård & Søn"
    assert names[3] == "'-Minus Ltd"
    for cell in all_cells(workbook):
        assert cell.data_type != "f", (cell.parent.title, cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value


def test_one_sheet_per_table_with_frozen_bold_headers(workbook, synthetic):
    assert workbook.sheetnames == [
        "Summary",
        "Inputs",
        "Accounting",
        "Gates",
        "Exclusions",
        "Weights",
        "Weight provenance",
        "Decision matrix",
        "Effective weights",
        "Criteria data",
        "Scores",
        "Contributions",
        "Notes",
    ]
    for ws in workbook.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(c.font.bold for c in ws[1] if c.value is not None)
        assert ws.column_dimensions["A"].width >= len(str(ws["A1"].value))
    acc = workbook["Accounting"]
    assert [c.value for c in acc["A"][1:]] == list(synthetic.partners["partner_id"])
    assert acc.column_dimensions["B"].width >= len(FORMULA) + 1


def test_numbers_stay_numbers_with_formats(workbook, synthetic):
    scores = workbook["Scores"]
    header = [c.value for c in scores[1]]
    col = header.index("score")
    got = {row[0].value: row[col].value for row in scores.iter_rows(min_row=2)}
    for pid, value in synthetic.ranking.scores.items():
        assert got[pid] == pytest.approx(value, rel=1e-15, abs=0)  # display rounded, not the value
    assert scores.cell(row=2, column=col + 1).number_format == "0.0000"
    weights = workbook["Weights"]
    wcol = [c.value for c in weights[1]].index("global_weight") + 1
    assert weights.cell(row=2, column=wcol).number_format == "0.0%"
    assert isinstance(weights.cell(row=2, column=wcol).value, float)


def test_exclusions_and_notes_sheets(workbook):
    rows = list(workbook["Exclusions"].iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in rows} == {"P4", "P5"}
    assert any(r[3] == "ISO 27001 required" for r in rows)
    notes = [c.value for c in workbook["Notes"]["A"][1:]]
    assert len(notes) == 1
    assert XSS in notes[0]


def test_csv_is_formula_safe(synthetic, tmp_path):
    path = write_csv(synthetic, tmp_path / "r.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_id = {r["partner_id"]: r for r in rows}
    assert by_id["P2"]["name"] == "'" + FORMULA
    assert by_id["P4"]["name"] == "'-Minus Ltd"
    assert by_id["P1"]["name"] == XSS
    for row in rows:
        for value in row.values():
            assert value == "" or not value.startswith(("=", "+", "@", "\t", "\r")), value
            if value.startswith("-"):
                float(value)  # only genuine negative numbers may start with a minus


def test_safe_cell_prefixes():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\t=cmd") == "' =cmd"  # the tab is cleaned to a space, still neutralised
    assert safe_cell("plain") == "plain"
    assert safe_cell(3.5) == 3.5


@pytest.mark.slow
def test_sample_workbook(sample_eval, tmp_path):
    wb = openpyxl.load_workbook(sample_eval.report(tmp_path / "s.xlsx"))
    for title in ("Verdict", "SMAA acceptability", "Critical weights", "Method comparison"):
        assert title in wb.sheetnames
    acc = wb["SMAA acceptability"]
    for row in acc.iter_rows(min_row=2, values_only=True):
        assert sum(v for v in row[1:] if v is not None) == pytest.approx(1.0)
    assert len(list(wb["Accounting"].iter_rows(min_row=2))) == len(sample_eval.partners)
    for cell in all_cells(wb):
        assert cell.data_type != "f"
