"""Report polish: integer CSV ranks, the Excel decision matrix in the criteria's units."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

import partnerselect as ps


@pytest.fixture
def ev(sample_eval):
    return sample_eval


def test_csv_ranks_are_integers(ev, tmp_path):
    path = ev.report(tmp_path / "r.csv")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    ranks = [row[3] for row in rows[1:]]
    assert ranks[: len(ev.ranking.ranks)] == [str(r) for r in sorted(ev.ranking.ranks)]
    assert all(r == "" for r in ranks[len(ev.ranking.ranks) :])  # excluded: blank, not NaN


def test_excel_decision_matrix_in_units(ev, tmp_path):
    sample = ps.load_sample()
    rates = pd.read_csv(sample.paths["partners"]).set_index("partner_id")["day_rate_eur"]
    wb = openpyxl.load_workbook(ev.report(tmp_path / "r.xlsx"))
    ws = wb["Decision matrix"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["partner_id", "rank", "name"]
    assert "day_rate_eur (EUR)" in header
    assert "timezone_overlap_h (h)" in header
    col = header.index("day_rate_eur (EUR)")
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(ev.ranking.ranks)
    for row in rows:
        assert row[col].value == rates[row[0].value]  # the price itself, not price points
        assert "EUR" in row[col].number_format
    assert [r[1].value for r in rows] == sorted(ev.ranking.ranks)
