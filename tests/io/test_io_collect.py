"""Collect mode: every problem in a table, not only the first."""

import pytest

import partnerselect as ps
from partnerselect.errors import (
    DataError,
    DuplicateError,
    FileFormatError,
    MissingValueError,
    SchemaError,
)

from ._io_data import write_csv

ROWS = [
    ["partner_id", "Day Rate EUR", "iso27001", "attrition_rate"],  # no 'name'
    ["P1", "800", "maybe", "0.1"],  # row 2: bad yes/no
    ["", "700", "yes", "0.2"],  # row 3: empty id
    ["P3", "-1", "no", "1.5"],  # row 4: two bad numbers
    ["p1", "900", "yes", "0.1"],  # row 5: duplicate of row 2
]


def test_collect_returns_the_table_and_every_problem(tmp_path):
    path = write_csv(tmp_path / "p.csv", ROWS)
    df, problems = ps.read_partners(path, errors="collect")
    kinds = [(type(p), p.row, p.column) for p in problems]
    assert kinds == [
        (SchemaError, None, "name"),
        (MissingValueError, 3, "partner_id"),
        (DataError, 4, "day_rate_eur"),
        (DataError, 2, "iso27001"),
        (DataError, 4, "attrition_rate"),
        (DuplicateError, 5, "partner_id"),
    ]
    assert all(p.source == str(path) for p in problems)
    # bad cells are left empty so the table stays usable
    assert df["day_rate_eur"].isna().tolist() == [False, False, True, False]
    assert df["iso27001"].isna().tolist() == [True, False, False, False]


def test_collect_into_a_given_list(tmp_path):
    path = write_csv(tmp_path / "p.csv", ROWS)
    problems = []
    df = ps.read_partners(path, problems=problems)
    assert len(df) == 4
    assert len(problems) == 6


def test_raise_mode_raises_the_first_problem(tmp_path):
    with pytest.raises(SchemaError, match="needs a column 'name'"):
        ps.read_partners(write_csv(tmp_path / "p.csv", ROWS))


def test_clean_table_collects_nothing(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["partner_id", "name"], ["P1", "A"]])
    df, problems = ps.read_partners(path, errors="collect")
    assert problems == []
    assert df["partner_id"].tolist() == ["P1"]


def test_file_level_problems_raise_even_when_collecting(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"")
    with pytest.raises(FileFormatError, match="empty"):
        ps.read_partners(path, errors="collect")


def test_collect_on_records_and_scores(tmp_path):
    rec = write_csv(
        tmp_path / "r.csv",
        [["partner_id", "project_id", "start_date", "planned_end", "status"],
         ["P1", "X", "2024-05-01", "2024-01-01", "done"]],
    )  # fmt: skip
    _, problems = ps.read_track_records(rec, errors="collect")
    assert sorted(p.column for p in problems) == ["planned_end", "status"]
    sc = write_csv(tmp_path / "s.csv", [["evaluator", "partner_id", "criterion", "score"],
                                        ["A", "P1", "c", "x"], ["A", "P1", "c", "y"]])  # fmt: skip
    _, problems = ps.read_scores(sc, errors="collect")
    assert [type(p) for p in problems] == [DataError, DataError, DuplicateError]
