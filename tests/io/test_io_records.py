"""read_track_records and read_scores: schema, dates, numbers as text, bad input."""

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import DataError, DuplicateError, SchemaError

from ._io_data import write_csv

HEADER = [
    "partner_id", "project_id", "domain", "start_date", "planned_end", "actual_end",
    "budget_eur", "actual_cost_eur", "quality_score", "csat", "defects", "escalations", "status",
]  # fmt: skip
GOOD = ["P1", "X-1", "Banking", "2024-03-01", "2024-09-30", "2024-10-10",
        "100000", "110000", "4.2", "4", "3", "1", "completed"]  # fmt: skip


def read(tmp_path, *rows):
    return ps.read_track_records(write_csv(tmp_path / "records.csv", [HEADER, *rows]))


def with_(**changes):
    row = list(GOOD)
    for key, value in changes.items():
        row[HEADER.index(key)] = value
    return row


def test_types(tmp_path):
    df = read(tmp_path, GOOD, with_(project_id="X-2", status="Ongoing", actual_end="",
                                    actual_cost_eur="", quality_score="", csat=""))  # fmt: skip
    assert df["start_date"].dtype == "datetime64[ns]"
    assert df.loc[0, "planned_end"] == pd.Timestamp("2024-09-30")
    assert pd.isna(df.loc[1, "actual_end"])
    assert np.isnan(df.loc[1, "actual_cost_eur"])
    assert df["status"].tolist() == ["completed", "ongoing"]
    assert str(df["defects"].dtype) == "Int64"
    assert df.loc[0, "domain"] == "Banking"


def test_mixed_date_formats_are_read_cell_by_cell(tmp_path):
    df = read(
        tmp_path,
        with_(start_date="01/03/2024", planned_end="30.09.2024", actual_end="2024-10-10"),
        with_(project_id="X-2", start_date="2024-03-01T00:00:00"),
    )
    assert df["start_date"].tolist() == [pd.Timestamp("2024-03-01")] * 2
    assert df.loc[0, "planned_end"] == pd.Timestamp("2024-09-30")


def test_unparseable_date_names_row_and_column(tmp_path):
    with pytest.raises(DataError, match=r"row 3, column 'planned_end'.*'09/31/2024'.*ISO") as e:
        read(tmp_path, GOOD, with_(project_id="X-2", planned_end="09/31/2024"))
    assert (e.value.row, e.value.column, e.value.value) == (3, "planned_end", "09/31/2024")


@pytest.mark.parametrize("column", ["planned_end", "actual_end"])
def test_end_before_start_names_the_row(tmp_path, column):
    bad = with_(project_id="X-2", **{column: "2024-02-01"})
    with pytest.raises(DataError, match=rf"row 3, column '{column}'.*2024-02-01 is before") as e:
        read(tmp_path, GOOD, bad)
    assert e.value.row == 3


def test_numbers_written_as_text(tmp_path):
    df = read(tmp_path, with_(budget_eur='"1,200"', actual_cost_eur="€1 300"))
    assert df.loc[0, "budget_eur"] == 1200.0
    assert df.loc[0, "actual_cost_eur"] == 1300.0


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("budget_eur", "-5", r">= 0"),
        ("actual_cost_eur", "-0.01", r">= 0"),
        ("quality_score", "6", r"\[1, 5\]"),
        ("csat", "0.5", r"\[1, 5\]"),
        ("defects", "-1", r">= 0"),
        ("escalations", "1.5", r"whole number"),
        ("budget_eur", "inf", r"not a finite number"),
        ("status", "Done", r"'Done'; allowed values are completed, cancelled, ongoing"),
    ],
)
def test_bad_values(tmp_path, column, value, match):
    with pytest.raises(DataError, match=match) as e:
        read(tmp_path, GOOD, with_(project_id="X-2", **{column: value}))
    assert (e.value.row, e.value.column, e.value.value) == (3, column, value)
    assert f"records.csv', row 3, column '{column}'" in str(e.value)


def test_status_any_case(tmp_path):
    df = read(tmp_path, with_(status=" CANCELLED "))
    assert df.loc[0, "status"] == "cancelled"


def test_duplicate_project_of_one_partner(tmp_path):
    with pytest.raises(DuplicateError, match=r"partner_id='P1', project_id='x-1'.*row 2.*row 3"):
        read(tmp_path, GOOD, with_(project_id="x-1"))


def test_same_project_id_for_two_partners_is_fine(tmp_path):
    df = read(tmp_path, GOOD, with_(partner_id="P2"))
    assert len(df) == 2


def test_required_columns(tmp_path):
    path = write_csv(tmp_path / "r.csv", [["partner_id", "project"], ["P1", "X"]])
    with pytest.raises(SchemaError, match=r"needs a column 'project_id'.*Did you mean 'project'"):
        ps.read_track_records(path)


def test_unknown_columns_kept(tmp_path):
    path = write_csv(
        tmp_path / "r.csv", [["partner_id", "project_id", "team_size"], ["P1", "X", "7"]]
    )
    assert ps.read_track_records(path).loc[0, "team_size"] == 7.0


def test_input_frame_untouched():
    raw = pd.DataFrame([GOOD], columns=HEADER)
    before = raw.copy()
    ps.read_track_records(raw)
    pd.testing.assert_frame_equal(raw, before)


# ---------------------------------------------------------------- evaluator scores

SCORE_ROWS = [
    ["evaluator", "partner_id", "criterion", "score", "comment"],
    ["A. Novak", "P1", "communication", "4", "clear"],
    ["B. Okafor", "P1", "communication", "2", ""],
]


def test_scores(tmp_path):
    df = ps.read_scores(write_csv(tmp_path / "s.csv", SCORE_ROWS))
    assert df["score"].tolist() == [4.0, 2.0]
    assert df["comment"].tolist()[0] == "clear"
    assert pd.isna(df["comment"].tolist()[1])


def test_scores_comment_is_optional(tmp_path):
    rows = [r[:4] for r in SCORE_ROWS]
    assert "comment" not in ps.read_scores(write_csv(tmp_path / "s.csv", rows)).columns


def test_scores_missing_column(tmp_path):
    rows = [r[:3] for r in SCORE_ROWS]
    with pytest.raises(SchemaError, match="needs a column 'score'"):
        ps.read_scores(write_csv(tmp_path / "s.csv", rows))


def test_scores_bad_score(tmp_path):
    rows = [*SCORE_ROWS, ["C", "P1", "communication", "four", ""]]
    with pytest.raises(DataError, match=r"row 4, column 'score'.*'four'"):
        ps.read_scores(write_csv(tmp_path / "s.csv", rows))


def test_scores_duplicate_triple(tmp_path):
    rows = [*SCORE_ROWS, ["a. novak", "P1", "Communication", "5", ""]]
    with pytest.raises(DuplicateError, match=r"row 2 .*row 4"):
        ps.read_scores(write_csv(tmp_path / "s.csv", rows))
