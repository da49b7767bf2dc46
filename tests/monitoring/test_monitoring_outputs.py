"""Monitoring plots, reports and the ``partnerselect monitor`` command."""

from __future__ import annotations

import csv

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import openpyxl
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.cli import main
from partnerselect.errors import ParameterError

HOSTILE = "=cmd|' /C calc'!A0 \x1b[2J<script>alert(1)</script>\r\nEvil Ltd"
MODEL = {
    "monitoring": {
        "baseline_periods": 3,
        "kpis": [{"name": "csat", "direction": "max", "target": 4.0, "warning": 3.5}],
    }
}


def _table(partner: str = "P1") -> pd.DataFrame:
    months = pd.period_range("2026-01", periods=6, freq="M").astype(str)
    return pd.DataFrame(
        {
            "partner_id": partner,
            "period": months,
            "kpi": "csat",
            "value": [4.3, 4.4, 4.2, 3.8, 3.4, 3.3],
            "comment": ["", "", "", "", "slipped", HOSTILE],
        }
    )


@pytest.fixture(scope="module")
def sample() -> ps.Monitoring:
    s = ps.load_sample()
    return ps.monitor(s.data_dir / "kpis.csv", s.data_dir / "monitoring.toml")


def test_control_chart_draws_values_target_edge_and_alert_marks(sample: ps.Monitoring) -> None:
    ax = sample.plot.control_chart("P05", "on_time_rate")
    try:
        sc = sample.scorecard
        rows = sc[(sc["partner_id"] == "P05") & (sc["kpi"] == "on_time_rate")]
        value_line = ax.get_lines()[0]
        np.testing.assert_allclose(value_line.get_ydata(), rows["value"])
        flat = {round(float(line.get_ydata()[0]), 6) for line in ax.get_lines()[1:]}
        assert {0.85, 0.8} <= flat  # target and amber edge
        labels = ax.get_legend_handles_labels()[1]
        assert "breach" in labels
        breaches = sample.alerts[
            (sample.alerts["partner_id"] == "P05")
            & (sample.alerts["kpi"] == "on_time_rate")
            & (sample.alerts["kind"] == "breach")
        ]
        marks = next(c for c in ax.collections if c.get_label() == "breach")
        assert len(marks.get_offsets()) == len(breaches)
        assert "P05" in ax.get_title()
    finally:
        plt.close(ax.get_figure(root=True))


def test_heatmap_shows_latest_status_of_every_partner_and_kpi(sample: ps.Monitoring) -> None:
    ax = sample.plot()
    try:
        texts = [t.get_text() for t in ax.texts]
        assert len(texts) == 9
        latest = sample.latest()
        for r in latest.itertuples(index=False):
            assert any(r.status in t and r.period in t for t in texts)
        assert [t.get_text() for t in ax.get_yticklabels()] == ["P05", "P08", "P09"]
    finally:
        plt.close(ax.get_figure(root=True))


def test_unknown_series_is_a_parameter_error(sample: ps.Monitoring) -> None:
    with pytest.raises(ParameterError, match="No observations for partner 'P01'"):
        sample.plot.control_chart("P01", "csat")


def test_reports_escape_and_neutralise_vendor_text(tmp_path) -> None:
    m = ps.monitor(pd.concat([_table(), _table(HOSTILE)], ignore_index=True), MODEL)
    html = m.report(tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "\x1b" not in html
    md = m.report(tmp_path / "r.md").read_text(encoding="utf-8")
    assert "\x1b" not in md
    assert "\r" not in md
    alert_rows = [line for line in md.splitlines() if "breach" in line and line.startswith("|")]
    assert len(alert_rows) == len(m.alerts[m.alerts["kind"] == "breach"])
    with m.report(tmp_path / "r.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 1 + len(m.scorecard)  # a CR/LF in a comment never splits a record
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    wb = openpyxl.load_workbook(m.report(tmp_path / "r.xlsx"))
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for cell in row:
                if isinstance(cell, str):
                    assert not cell.startswith(("=", "+", "@")), cell
                    assert "\x1b" not in cell
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_report_embeds_every_chart_once(tmp_path, sample: ps.Monitoring) -> None:
    html = sample.report(tmp_path / "m.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 1 + len(sample.limits)
    assert "Partner monitoring scorecard" in html
    with pytest.raises(ps.errors.FileFormatError, match=r"Use .html, .md, .xlsx or .csv"):
        sample.report(tmp_path / "m.pdf")


def test_cli_monitor_prints_scorecard_and_alerts(tmp_path, capsys) -> None:
    s = ps.load_sample()
    code = main(
        [
            "monitor",
            "--kpis", str(s.data_dir / "kpis.csv"),
            "--model", str(s.data_dir / "monitoring.toml"),
            "--out", str(tmp_path),
            "--format", "csv",
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "P05  on_time_rate" in out
    assert "RED" in out
    assert "[drift] P08 quality_score 2026-07" in out
    assert "[missing] P08 csat 2026-07" in out
    assert (tmp_path / "partnerselect-monitoring.csv").is_file()


def test_cli_monitor_user_errors_are_one_line(tmp_path, capsys) -> None:
    bad = tmp_path / "kpis.csv"
    bad.write_text("partner_id,period,kpi,value\nP1,someday,csat,4\n", encoding="utf-8")
    s = ps.load_sample()
    code = main(["monitor", "--kpis", str(bad), "--model", str(s.data_dir / "monitoring.toml")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "'someday' is not a period" in err
