"""Track-record dates and blanks: placeholders, future projects, blank costs."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import DataError, TrackRecordWarning
from partnerselect.trackrecord.dates import is_placeholder_date, screen_records

HEAD = (
    "partner_id,project_id,start_date,planned_end,actual_end,budget_eur,actual_cost_eur,"
    "quality_score,csat,status\n"
)
OK = "P1,X1,2024-01-01,2024-06-30,2024-07-10,100000,110000,4,4.5,completed\n"


def _records(tmp_path, *rows):
    path = tmp_path / "records.csv"
    path.write_text(HEAD + OK + "".join(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("P1,X2,2024-01-01,2024-06-30,9999-12-31,1,1,4,4,ongoing\n", "actual_end"),
        ("P1,X2,0001-01-01,2024-06-30,2024-07-01,1,1,4,4,completed\n", "start_date"),
        ("P1,X2,2024-01-01,31/12/9999,,1,1,4,4,ongoing\n", "planned_end"),
    ],
)
def test_erp_placeholder_dates_are_read_as_no_date_with_a_note(tmp_path, row, column):
    with pytest.warns(TrackRecordWarning, match=rf"column '{column}'.*placeholder.*row 3"):
        df = ps.read_track_records(_records(tmp_path, row))
    assert pd.isna(df[column].iloc[1])
    assert df[column].dtype.kind == "M"


def test_other_unrepresentable_dates_are_refused_with_row_and_column(tmp_path):
    path = _records(tmp_path, "P1,X2,2024-01-01,2024-06-30,3024-07-01,1,1,4,4,completed\n")
    with pytest.raises(DataError, match=r"row 3, column 'actual_end'.*3024-07-01") as info:
        ps.read_track_records(path)
    assert info.value.row == 3


def test_projects_after_as_of_are_excluded_with_a_note_per_project():
    recs = pd.DataFrame(
        {
            "partner_id": ["P1", "P1", "P2"],
            "project_id": ["A", "B", "C"],
            "start_date": pd.to_datetime(["2024-01-01", "2030-01-01", "2024-01-01"]),
            "actual_end": pd.to_datetime(["2024-06-01", None, "2099-01-01"]),
            "status": ["completed", "ongoing", "completed"],
        }
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", TrackRecordWarning)
        kept = screen_records(recs, "2026-11-01")
    assert kept["project_id"].tolist() == ["A"]
    msgs = [str(w.message) for w in caught]
    assert len(msgs) == 2
    assert "project 'B' of partner 'P1' has start_date 2030-01-01" in msgs[0]
    assert "project 'C' of partner 'P2' has actual_end 2099-01-01" in msgs[1]
    with pytest.raises(DataError, match=r"row 3: project 'B'.*future = \"exclude\""):
        screen_records(recs, "2026-11-01", future="error")
    assert screen_records(recs, None) is recs  # no as_of: nothing is in the future


def test_completed_project_with_blank_cost_is_noted():
    recs = pd.DataFrame(
        {
            "partner_id": ["P1", "P2"],
            "project_id": ["A", "B"],
            "budget_eur": [1.0, 2.0],
            "actual_cost_eur": [1.0, None],
            "status": ["completed", "completed"],
        }
    )
    with pytest.warns(TrackRecordWarning, match=r"blank actual_cost_eur: B of P2 \(row 3\)"):
        screen_records(recs, None)


def test_the_pipeline_applies_the_future_policy(tmp_path):
    partners = tmp_path / "p.csv"
    partners.write_text("partner_id,name,day_rate_eur\nP1,A,800\nP2,B,900\n", encoding="utf-8")
    records = _records(tmp_path, "P2,X9,2030-02-01,2030-08-31,,1,1,4,4,ongoing\n")
    model = {
        "tender": {"as_of": "2026-11-01"},
        "criteria": [
            {"name": "day_rate_eur", "objective": "min"},
            {"name": "quality", "source": "track_record", "missing": "prior"},
        ],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = ps.evaluate(partners, records, model, analyses=False)
    assert any("project 'X9' of partner 'P2'" in n for n in ev.notes)
    model["track_record"] = {"future": "error"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(DataError, match="X9"):
            ps.evaluate(partners, records, model, analyses=False)


def test_placeholder_detection():
    assert is_placeholder_date("9999-12-31")
    assert is_placeholder_date("0001-01-01")
    assert not is_placeholder_date("2024-12-31")
    assert not is_placeholder_date(None)


def test_records_given_as_a_frame_read_placeholders_and_refuse_far_dates():
    from partnerselect.trackrecord.records import Records

    frame = pd.DataFrame(
        {
            "partner_id": ["P1", "P1", "P1"],
            "project_id": ["a", "b", "c"],
            "actual_end": ["2024-01-01", "9999-12-31", None],
        }
    )
    with pytest.warns(TrackRecordWarning, match=r"placeholder dates .* row\(s\) 3"):
        dates = Records(frame, None, "m").dates("actual_end")
    assert dates.isna().tolist() == [False, True, True]
    assert dates.dtype == "datetime64[ns]"
    far = frame.assign(actual_end=["2024-01-01", "3024-01-01", None])
    with pytest.raises(DataError, match=r"row 3\) holds '3024-01-01', a date outside"):
        Records(far, None, "m").dates("actual_end")
