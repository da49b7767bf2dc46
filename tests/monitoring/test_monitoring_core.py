"""ps.monitor: configuration, periods, scorecard statuses, alerts, evidence, re-evaluation."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import DataError, DuplicateError, ModelError, SchemaError
from partnerselect.monitoring import MonitoringConfig, monitoring_config
from partnerselect.monitoring.periods import parse_periods

KPI = {"name": "csat", "direction": "max", "target": 4.0, "warning": 3.5}
MODEL = {"monitoring": {"baseline_periods": 3, "kpis": [KPI]}}


def obs(values: list[float], *, partner: str = "P1", kpi: str = "csat", start: str = "2026-01"):
    months = pd.period_range(start, periods=len(values), freq="M").astype(str)
    return pd.DataFrame({"partner_id": partner, "period": months, "kpi": kpi, "value": values})


# ------------------------------------------------------------------ configuration
@pytest.mark.parametrize(
    ("section", "match"),
    [
        (
            {"kpis": [KPI], "baseline_period": 3},
            r"Unknown key 'baseline_period'.*'baseline_periods'",
        ),
        ({"kpis": [{**KPI, "direction": "up"}]}, r"'direction' must be 'max' or 'min'"),
        ({"kpis": [{**KPI, "warning": 4.5}]}, r"'warning' \(4.5\) must lie below the target"),
        ({"kpis": [{**KPI, "target": "high"}]}, r"'target' must be a finite number"),
        ({"kpis": [{**KPI, "target": math.nan}]}, r"'target' must be a finite number"),
        ({"kpis": [KPI, KPI]}, r"KPI 'csat' is declared twice"),
        ({"kpis": []}, r"needs at least one KPI"),
        ({"kpis": [KPI], "drift": {"method": "shewhart"}}, r"'method' must be one of cusum, ewma"),
        ({"kpis": [KPI], "drift": {"false_alarm_rate": 0}}, r"'false_alarm_rate' must be > 0"),
        (
            {"kpis": [KPI], "baseline_periods": 1},
            r"'baseline_periods' must be an integer in \[2, 120\]",
        ),
        ({"kpis": [KPI], "baseline_periods": True}, r"'baseline_periods' must be an integer"),
        ({"kpis": [{"name": "csat", "target": 4}]}, r"lacks 'direction'"),
    ],
)
def test_bad_monitoring_sections_are_model_errors(section: dict, match: str) -> None:
    with pytest.raises(ModelError, match=match):
        MonitoringConfig.from_mapping(section)


def test_model_without_monitoring_section_says_how_to_add_one() -> None:
    with pytest.raises(ModelError, match=r"no \[monitoring\] section.*\[\[monitoring.kpis\]\]"):
        monitoring_config({"method": {"name": "wsm"}})


def test_monitoring_only_file_is_a_valid_model(tmp_path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        '[monitoring]\n[[monitoring.kpis]]\nname = "csat"\ndirection = "max"\ntarget = 4\n',
        encoding="utf-8",
    )
    cfg = monitoring_config(path)
    assert cfg.kpis[0].target == 4.0
    assert cfg.drift.method == "cusum"


# ------------------------------------------------------------------ periods
def test_periods_months_dates_and_quarters() -> None:
    months, freq = parse_periods(pd.Series(["2026-07", "2026-08-31", pd.Timestamp("2026-09-15")]))
    assert freq == "M"
    assert [str(p) for p in months] == ["2026-07", "2026-08", "2026-09"]
    quarters, freq = parse_periods(pd.Series(["2026-Q3", "q4 2026", "2027-01-10"]))
    assert freq == "Q"
    assert [str(p) for p in quarters] == ["2026Q3", "2026Q4", "2027Q1"]


@pytest.mark.parametrize(
    ("values", "match"),
    [
        (["2026-07", "July 2026"], r"row 3, column 'period': 'July 2026' is not a period"),
        (["2026-07", "2026-13"], r"row 3.*'2026-13' is not a period"),
        (["2026-07", "2026-Q3"], r"row 3.*is a quarter but other rows hold months"),
    ],
)
def test_bad_periods_name_the_row(values: list[str], match: str) -> None:
    with pytest.raises(DataError, match=match):
        parse_periods(pd.Series(values))


def test_same_period_written_twice_is_an_error() -> None:
    df = obs([4.2, 4.1])
    df.loc[1, "period"] = "2026-01-15"  # the same month as row 2, written as a date
    with pytest.raises(DataError, match=r"row 3: P1 csat has two values for 2026-01"):
        ps.monitor(df, MODEL)


def test_kpi_table_errors_name_file_row_and_column(tmp_path) -> None:
    path = tmp_path / "kpis.csv"
    path.write_text("partner_id,period,kpi,value\nP1,2026-01,csat,4.1\nP1,2026-02,csat,4.1 pts\n")
    with pytest.raises(DataError, match=r"row 3.*value") as info:
        ps.monitor(path, MODEL)
    assert info.value.row == 3
    path.write_text("partner_id,period,kpi\nP1,2026-01,csat\n")
    with pytest.raises(SchemaError, match="value"):
        ps.monitor(path, MODEL)


def test_undeclared_kpi_is_refused_with_the_declared_ones() -> None:
    with pytest.raises(ModelError, match=r"row 2.*KPI 'nps' is not declared.*Declared: csat"):
        ps.monitor(obs([4.2], kpi="nps"), MODEL)


# ------------------------------------------------------------------ statuses and alerts
def test_status_bands_with_a_warning_edge() -> None:
    m = ps.monitor(obs([4.2, 4.0, 3.9, 3.5, 3.4]), MODEL)
    assert m.scorecard["status"].tolist() == ["green", "green", "amber", "amber", "red"]
    breaches = m.alerts[m.alerts["kind"] == "breach"]
    assert breaches["period"].tolist() == ["2026-05"]
    assert "below the target 4 and beyond the amber edge 3.5" in breaches["message"].iloc[0]


def test_without_a_warning_edge_the_band_is_the_noise() -> None:
    # baseline 4.3, 4.5, 4.4: moving ranges 0.2, 0.1 -> sigma = 0.15 / 1.128
    model = {"monitoring": {"baseline_periods": 3, "kpis": [{**KPI, "warning": None}]}}
    model["monitoring"]["kpis"][0].pop("warning")
    sigma = 0.15 / 1.128
    edge = 4.0 - 1.645 * sigma
    m = ps.monitor(obs([4.3, 4.5, 4.4, edge + 0.01, edge - 0.01]), model)
    assert m.limits["sigma"].iloc[0] == pytest.approx(sigma)
    assert m.scorecard["status"].tolist()[3:] == ["amber", "red"]


def test_lower_is_better_kpi() -> None:
    kpi = {"name": "defects", "direction": "min", "target": 5.0, "warning": 8.0}
    m = ps.monitor(obs([3.0, 4.0, 6.0, 9.0], kpi="defects"), {"monitoring": {"kpis": [kpi]}})
    assert m.scorecard["status"].tolist() == ["green", "green", "amber", "red"]


def test_share_with_counts_uses_binomial_noise() -> None:
    kpi = {"name": "on_time", "direction": "max", "target": 0.9}
    df = obs([0.95, 0.9, 0.95, 0.86], kpi="on_time").assign(n=[40, 40, 40, 100])
    m = ps.monitor(df, {"monitoring": {"baseline_periods": 3, "kpis": [kpi]}})
    noise = math.sqrt(0.9 * 0.1 / 100)  # at the target, for the period's own n
    last = m.scorecard.iloc[-1]
    assert last["noise"] == pytest.approx(noise)
    assert last["status"] == ("red" if 1.645 * noise < 0.9 - 0.86 else "amber")


def test_drift_within_target_is_a_drift_alert_not_a_breach() -> None:
    rng = np.random.default_rng(0)
    values = list(4.6 + 0.05 * rng.standard_normal(6)) + [4.3] * 6  # 6 sd down, above 4.0
    m = ps.monitor(obs(values), {"monitoring": {"kpis": [KPI]}})
    kinds = m.alerts["kind"].tolist()
    assert kinds == ["drift"]
    assert m.alerts["period"].iloc[0] == "2026-07"  # the first shifted period
    assert "still within the target 4" in m.alerts["message"].iloc[0]
    assert set(m.scorecard["status"]) == {"green"}


def test_missing_periods_are_alerts_from_the_partners_first_report() -> None:
    a = obs([4.2, 4.2, 4.2, 4.2])
    b = obs([4.3, 4.3], partner="P2", start="2026-02").drop(index=[1])  # only 2026-02 left
    b = pd.concat([b, obs([4.3], partner="P2", start="2026-04")])
    m = ps.monitor(pd.concat([a, b], ignore_index=True), MODEL)
    missing = m.alerts[m.alerts["kind"] == "missing"]
    assert missing[["partner_id", "period"]].values.tolist() == [["P2", "2026-03"]]


def test_short_series_are_noted_not_dropped() -> None:
    m = ps.monitor(obs([4.2, 4.1]), MODEL)
    assert len(m.scorecard) == 2
    assert any("no drift detection yet" in n for n in m.notes)


def test_latest_and_scorecard_columns() -> None:
    m = ps.monitor(obs([4.2, 4.1, 3.4]), MODEL)
    assert list(m.scorecard.columns[:7]) == [
        "partner_id",
        "period",
        "kpi",
        "value",
        "target",
        "warning",
        "status",
    ]
    assert m.latest()[["period", "status"]].values.tolist() == [["2026-03", "red"]]
    assert m == ps.monitor(obs([4.2, 4.1, 3.4]), MODEL)
    assert "1 breach" in repr(m)
    assert "<table" in m._repr_html_()


# ------------------------------------------------------------------ evidence loop
@pytest.fixture(scope="module")
def sample_monitoring() -> ps.Monitoring:
    s = ps.load_sample()
    return ps.monitor(s.data_dir / "kpis.csv", s.data_dir / "monitoring.toml")


def test_sample_tells_its_story(sample_monitoring: ps.Monitoring) -> None:
    a = sample_monitoring.alerts
    assert not (a["partner_id"] == "P09").any()  # stable
    p05 = a[a["partner_id"] == "P05"]
    assert set(p05.loc[p05["kind"] == "breach", "kpi"]) == {"on_time_rate", "quality_score", "csat"}
    p08 = a[a["partner_id"] == "P08"]
    assert set(zip(p08["kpi"], p08["kind"], strict=True)) == {
        ("quality_score", "drift"),
        ("csat", "missing"),
    }


def test_update_track_records_adds_one_row_per_partner_period(sample_monitoring) -> None:
    s = ps.load_sample()
    before = s.track_records.copy()
    out = sample_monitoring.update_track_records(s.track_records)
    pd.testing.assert_frame_equal(s.track_records, before)  # input untouched
    added = out.iloc[len(before) :]
    assert len(added) == 3 * 12
    assert set(added["status"]) == {"ongoing"}
    row = added[(added["partner_id"] == "P05") & (added["project_id"] == "KPI-2026-10")].iloc[0]
    kp = sample_monitoring.scorecard
    want = kp[(kp["partner_id"] == "P05") & (kp["period"] == "2026-10") & (kp["kpi"] == "csat")]
    assert row["csat"] == pytest.approx(want["value"].iloc[0])
    assert row["start_date"] == pd.Timestamp("2026-10-01")
    assert any("on_time_rate feed no track-record column" in n for n in out.attrs["notes"])
    with pytest.raises(DuplicateError, match="added before"):
        sample_monitoring.update_track_records(out)


def test_reevaluate_reports_rank_then_and_now(sample_monitoring) -> None:
    s = ps.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ps.errors.PartnerSelectWarning)  # the sample's oddities
        ev = ps.evaluate(s.partners, s.track_records, s.model_path, scores=s.scores, analyses=False)
    r = ps.reevaluate(ev, sample_monitoring)
    t = r.table.set_index("partner_id")
    assert set(t.index) == {"P05", "P08", "P09"}
    for pid in t.index:
        assert t.loc[pid, "rank_then"] == ev.ranking.ranks[pid]
        assert t.loc[pid, "rank_now"] == r.evaluation.ranking.ranks[pid]
    # P05's declining quality and CSAT lower its score; P09's steady months barely move it
    assert t.loc["P05", "score_now"] < t.loc["P05", "score_then"]
    leader = r.evaluation.ranking.ranks.idxmin()
    assert (t["margin"] > 0).sum() == (1 if leader in t.index else 0)


def test_columns_mapping_reads_the_users_headers() -> None:
    df = obs([4.2, 4.1, 3.4]).rename(columns={"partner_id": "Vendor ID", "value": "Score"})
    model = {**MODEL, "columns": {"kpis": {"partner_id": "Vendor ID", "value": "Score"}}}
    m = ps.monitor(df, model)
    assert m.scorecard["status"].tolist() == ["green", "green", "red"]
    assert ps.monitor(df, MODEL, columns={"partner_id": "Vendor ID", "value": "Score"}) == m
