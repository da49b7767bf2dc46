"""Known-answer tests per metric on small histories computed by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from partnerselect.errors import (
    DataError,
    InsufficientEvidenceWarning,
    MissingValueError,
    ParameterError,
    PriorFallbackWarning,
    SchemaError,
)
from partnerselect.trackrecord import METRICS, compute_metric

from ._tr_helpers import AS_OF, frame, project


def quiet(records: pd.DataFrame, metric: str, **kw: object):  # type: ignore[no-untyped-def]
    """compute_metric without the thin-evidence and too-few-partners warnings (asserted in
    their own tests)."""
    kw.setdefault("min_projects", 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriorFallbackWarning)
        return compute_metric(records, metric, **kw)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- on-time rate
def test_on_time_rate_three_of_four_with_given_prior() -> None:
    rows = [project("A", f"a{i}", late_days=0) for i in range(3)] + [
        project("A", "a3", late_days=20)
    ]
    res = quiet(frame(rows), "on_time_rate", partners=["A"], prior=(2.0, 1.0))
    row = res.table.loc["A"]
    assert row["value"] == pytest.approx((3 + 2) / (4 + 2 + 1))
    assert row["raw"] == pytest.approx(3 / 4)
    assert (row["n"], row["n_eff"]) == (4, pytest.approx(4.0))
    # Equal-tailed 90 % interval of the posterior Beta(3 + 2, 1 + 1).
    assert row["lower"] == pytest.approx(stats.beta.ppf(0.05, 5, 2))
    assert row["upper"] == pytest.approx(stats.beta.ppf(0.95, 5, 2))
    assert (row["dist"], row["a"], row["b"]) == ("beta", 5.0, 2.0)


def test_on_time_rate_pooled_prior_by_hand() -> None:
    # A: 3 of 4 on time, B: 1 of 4. Pooled with a Jeffreys half count: (4 + .5) / (8 + 1).
    rows = [project("A", f"a{i}", late_days=0 if i < 3 else 5) for i in range(4)]
    rows += [project("B", f"b{i}", late_days=0 if i < 1 else 5) for i in range(4)]
    res = quiet(frame(rows), "on_time_rate", partners=["A", "B"], prior_strength=4)
    p0 = 4.5 / 9
    assert res.prior["a"] == pytest.approx(4 * p0)
    assert res.table.loc["A", "value"] == pytest.approx((3 + 4 * p0) / (4 + 4))
    assert res.table.loc["B", "value"] == pytest.approx((1 + 4 * p0) / (4 + 4))


def test_on_time_tolerance_days() -> None:
    rows = [project("A", "a0", late_days=10), project("A", "a1", late_days=20)]
    strict = quiet(frame(rows), "on_time_rate", partners=["A"], prior_strength=0)
    slack = quiet(frame(rows), "on_time_rate", partners=["A"], prior_strength=0, tolerance_days=14)
    assert strict.table.loc["A", "value"] == 0.0
    assert slack.table.loc["A", "value"] == 0.5


def test_on_time_counts_completed_only_and_reports_skipped() -> None:
    rows = [
        project("A", "a0"),
        project("A", "a1", status="ongoing"),
        project("A", "a2", status="cancelled"),
        project("A", "a3", actual_end=pd.NaT),  # completed without an end date
    ]
    res = quiet(frame(rows), "on_time_rate", partners=["A"], prior_strength=0)
    assert res.table.loc["A", "n"] == 1
    assert res.skipped["project_id"].tolist() == ["a3"]


def test_wilson_interval_matches_scipy_without_prior() -> None:
    rows = [project("A", f"a{i}", late_days=0 if i < 3 else 9) for i in range(4)]
    res = quiet(frame(rows), "on_time_rate", partners=["A"], prior_strength=0, interval="wilson")
    ci = stats.binomtest(3, 4).proportion_ci(confidence_level=0.9, method="wilson")
    assert res.table.loc["A", "lower"] == pytest.approx(ci.low)
    assert res.table.loc["A", "upper"] == pytest.approx(ci.high)
    assert res.table.loc["A", "value"] == 0.75


# ---------------------------------------------------------------------- schedule slip
def test_schedule_slip_median_relative_delay() -> None:
    rows = [
        project("A", "a0", late_days=10, planned_days=100),  # 0.10
        project("A", "a1", late_days=0, planned_days=50),  # 0.00
        project("A", "a2", late_days=60, planned_days=200),  # 0.30
    ]
    res = quiet(frame(rows), "schedule_slip", partners=["A"], prior_strength=0)
    assert res.table.loc["A", "value"] == pytest.approx(0.10)
    assert METRICS["schedule_slip"].objective == "min"


def test_schedule_slip_rejects_non_positive_planned_duration() -> None:
    rows = [project("A", "a0", planned_days=0)]
    with pytest.raises(DataError, match="a0"):
        quiet(frame(rows), "schedule_slip", partners=["A"])


# ---------------------------------------------------------------------- budget overrun
def overrun_rows() -> list[dict[str, object]]:
    costs = [110_000.0, 100_000.0, 150_000.0, 90_000.0]  # +10 %, 0 %, +50 %, -10 %
    return [project("A", f"a{i}", actual_cost_eur=c) for i, c in enumerate(costs)]


def test_budget_overrun_median_and_mean() -> None:
    med = quiet(frame(overrun_rows()), "budget_overrun", partners=["A"], prior_strength=0)
    mean = quiet(
        frame(overrun_rows()), "budget_overrun", partners=["A"], prior_strength=0, statistic="mean"
    )
    assert med.table.loc["A", "value"] == pytest.approx((0.0 + 0.1) / 2)
    assert mean.table.loc["A", "value"] == pytest.approx((0.1 + 0.0 + 0.5 - 0.1) / 4)


def test_budget_overrun_winsorised_mean_clips_portfolio_tails() -> None:
    res = quiet(
        frame(overrun_rows()),
        "budget_overrun",
        partners=["A"],
        prior_strength=0,
        statistic="winsorized_mean",
        winsor_limits=(0.25, 0.25),
    )
    lo, hi = np.quantile([-0.1, 0.0, 0.1, 0.5], [0.25, 0.75])  # -0.025, 0.2
    expected = np.mean(np.clip([0.1, 0.0, 0.5, -0.1], lo, hi))
    assert res.table.loc["A", "value"] == pytest.approx(expected)


def test_budget_overrun_rejects_zero_budget() -> None:
    rows = [project("A", "a0", budget_eur=0.0)]
    with pytest.raises(DataError, match="Budget of project 'a0'"):
        quiet(frame(rows), "budget_overrun", partners=["A"])


# ---------------------------------------------------------------------- means
def test_quality_bayesian_average_by_hand() -> None:
    rows = [
        project("A", "a0", quality_score=4.0),
        project("A", "a1", quality_score=5.0),
        project("B", "b0", quality_score=3.0),
    ]
    res = quiet(frame(rows), "quality", partners=["A", "B"], prior_strength=2)
    mu0 = (4 + 5 + 3) / 3
    assert res.prior["mean"] == pytest.approx(mu0)
    assert res.table.loc["A", "value"] == pytest.approx((2 * mu0 + 2 * 4.5) / (2 + 2))
    assert res.table.loc["B", "value"] == pytest.approx((2 * mu0 + 1 * 3.0) / (2 + 1))
    assert res.table.loc["A", "raw"] == pytest.approx(4.5)


def test_quality_nig_scale_by_hand() -> None:
    # Gelman et al. (2013) sec. 3.3 with kappa0 = nu0 = k, s0^2 = portfolio variance.
    rows = [
        project("A", "a0", quality_score=4.0),
        project("A", "a1", quality_score=5.0),
        project("B", "b0", quality_score=3.0),
    ]
    k = 2.0
    res = quiet(frame(rows), "quality", partners=["A", "B"], prior_strength=k)
    x = np.array([4.0, 5.0, 3.0])
    mu0, s0sq = x.mean(), x.var(ddof=1)
    n, xbar, ss = 2, 4.5, 0.5
    kn = k + n
    sn2 = (k * s0sq + ss + k * n / kn * (xbar - mu0) ** 2) / (k + n)
    row = res.table.loc["A"]
    assert row["dist"] == "t"
    assert row["df"] == pytest.approx(k + n)
    assert row["b"] == pytest.approx(np.sqrt(sn2 / kn))
    q = stats.t.ppf(0.95, k + n)
    assert row["upper"] == pytest.approx(row["value"] + q * np.sqrt(sn2 / kn))


def test_csat_classic_t_interval_without_prior() -> None:
    rows = [project("A", f"a{i}", csat=v) for i, v in enumerate([3.0, 4.0, 5.0, 4.0])]
    res = quiet(frame(rows), "csat", partners=["A"], prior_strength=0)
    x = np.array([3.0, 4.0, 5.0, 4.0])
    lo, hi = stats.t.interval(0.9, df=3, loc=x.mean(), scale=stats.sem(x))
    assert res.table.loc["A", "value"] == pytest.approx(4.0)
    assert res.table.loc["A", "lower"] == pytest.approx(lo)
    assert res.table.loc["A", "upper"] == pytest.approx(hi)


def test_defect_rate_per_project_and_per_budget() -> None:
    rows = [
        project("A", "a0", defects=2, budget_eur=1e6),
        project("A", "a1", defects=6, budget_eur=3e6),
        project("A", "a2", defects=1, status="ongoing"),  # ongoing: not counted
    ]
    per_project = quiet(frame(rows), "defect_rate", partners=["A"], prior_strength=0)
    per_budget = quiet(frame(rows), "defect_rate", partners=["A"], prior_strength=0, per="budget")
    assert per_project.table.loc["A", "value"] == pytest.approx(4.0)
    # Ratio of sums: (2 + 6) defects / 4 million EUR.
    assert per_budget.table.loc["A", "value"] == pytest.approx(2.0)


def test_escalation_and_completion_rates() -> None:
    rows = [
        project("A", "a0", escalations=0),
        project("A", "a1", escalations=2),
        project("A", "a2", escalations=1, status="cancelled"),
        project("A", "a3", escalations=3, status="ongoing"),
    ]
    esc = quiet(frame(rows), "escalation_rate", partners=["A"], prior_strength=0)
    done = quiet(frame(rows), "completion_rate", partners=["A"], prior_strength=0)
    assert esc.table.loc["A", "value"] == pytest.approx(2 / 3)
    assert done.table.loc["A", "value"] == pytest.approx(2 / 3)
    assert esc.table.loc["A", "n"] == 3


def test_experience_counts_with_domain_and_recency() -> None:
    rows = [
        project("A", "a0", domain="ml", end_months_ago=0),
        project("A", "a1", domain="NLP", end_months_ago=12),
        project("A", "a2", domain="nlp", status="cancelled"),
        project("A", "a3", domain="nlp", status="ongoing"),
    ]
    res = quiet(frame(rows), "experience", partners=["A", "B"])
    assert res.table["value"].tolist() == [3.0, 0.0]
    assert not res.table.loc["B", "missing"]
    nlp = quiet(frame(rows), "experience", partners=["A"], domain="nlp")
    assert nlp.table.loc["A", "value"] == 2.0
    decayed = quiet(frame(rows[:2]), "experience", partners=["A"], half_life_months=12, as_of=AS_OF)
    assert decayed.table.loc["A", "value"] == pytest.approx(1.0 + 0.5)


def test_custom_share_with_condition_and_sum() -> None:
    rows = [project("A", f"a{i}", escalations=e, defects=d) for i, (e, d) in
            enumerate([(0, 1), (2, 2), (1, 3), (3, 4)])]  # fmt: skip
    share = quiet(
        frame(rows), "custom", partners=["A"], agg="share", condition="escalations > 1",
        prior_strength=0,
    )  # fmt: skip
    total = quiet(frame(rows), "custom", partners=["A"], column="defects", agg="sum")
    median = quiet(
        frame(rows), "custom", partners=["A"], column="defects", agg="median", prior_strength=0
    )
    assert share.table.loc["A", "value"] == pytest.approx(0.5)
    assert total.table.loc["A", "value"] == pytest.approx(10.0)
    assert median.table.loc["A", "value"] == pytest.approx(2.5)


def test_custom_share_rejects_non_binary_column() -> None:
    rows = [project("A", "a0", defects=3)]
    with pytest.raises(DataError, match="yes/no"):
        quiet(frame(rows), "custom", partners=["A"], column="defects", agg="share")


# ---------------------------------------------------------------------- recency, size
def test_recency_weight_halves_per_half_life_from_end_or_start() -> None:
    rows = [
        project("A", "a0", end_months_ago=12),
        project("A", "a1", status="ongoing"),  # age from its start
    ]
    df = frame(rows)
    df.loc[1, "start_date"] = AS_OF - pd.Timedelta(days=2 * 365.25)
    res = quiet(df, "experience", partners=["A"], half_life_months=12, as_of=AS_OF)
    assert res.table.loc["A", "n_eff"] == pytest.approx(0.5 + 0.25)
    assert res.params["as_of"] == "2026-01-01"


def test_size_weight_keeps_project_units() -> None:
    rows = [
        project("A", "a0", budget_eur=1e5, late_days=0),
        project("A", "a1", budget_eur=3e5, late_days=9),
    ]
    res = quiet(frame(rows), "on_time_rate", partners=["A"], size_weight="budget", prior_strength=0)
    assert res.table.loc["A", "n_eff"] == pytest.approx(2.0)
    assert res.table.loc["A", "value"] == pytest.approx(0.25)


def test_recency_needs_a_date() -> None:
    df = frame([project("A", "a0")])
    df["actual_end"] = pd.NaT
    df["start_date"] = pd.NaT
    df["status"] = "cancelled"
    with pytest.raises(MissingValueError, match="neither an actual end nor a start date"):
        quiet(df, "completion_rate", partners=["A"], half_life_months=12)


# ---------------------------------------------------------------------- flags, errors
def test_insufficient_evidence_one_warning_listing_partners() -> None:
    rows = [project("A", "a0"), project("B", "b0"), project("B", "b1")]
    rows += [project("C", f"c{i}") for i in range(3)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = compute_metric(frame(rows), "quality", partners=["A", "B", "C", "D"])
    thin = [w for w in caught if issubclass(w.category, InsufficientEvidenceWarning)]
    assert len(thin) == 1
    assert "A (1)" in str(thin[0].message)
    assert "B (2)" in str(thin[0].message)
    assert res.table["insufficient"].tolist() == [True, True, False, False]
    assert res.table["missing"].tolist() == [False, False, False, True]


def test_unknown_metric_and_parameter_suggest_names() -> None:
    df = frame([project("A", "a0")])
    with pytest.raises(ParameterError, match="Did you mean 'on_time_rate'"):
        compute_metric(df, "on_time", partners=["A"])
    with pytest.raises(ParameterError, match="Did you mean 'tolerance_days'"):
        compute_metric(df, "on_time_rate", partners=["A"], tolerance_day=3)
    with pytest.raises(ParameterError, match="level"):
        compute_metric(df, "on_time_rate", partners=["A"], level=1.5)


def test_missing_column_schema_error_with_hint() -> None:
    df = frame([project("A", "a0")]).rename(columns={"quality_score": "qualty_score"})
    with pytest.raises(SchemaError, match="Did you mean 'qualty_score'"):
        compute_metric(df, "quality", partners=["A"])
    res = quiet(df, "quality", partners=["A"], columns={"quality": "qualty_score"})
    assert res.table.loc["A", "n"] == 1
    # A single project still gets a proper interval (reference spread, 1 df).
    assert res.table.loc["A", "upper"] > res.table.loc["A", "lower"]


def test_bad_status_names_the_project() -> None:
    df = frame([project("A", "a0", status="done")])
    with pytest.raises(DataError, match="project 'a0' of partner 'A'"):
        compute_metric(df, "on_time_rate", partners=["A"])


def test_input_not_modified() -> None:
    df = frame([project("A", "a0"), project("B", "b0", late_days=3)])
    before = df.copy()
    quiet(df, "on_time_rate", partners=["A", "B"], half_life_months=6, size_weight="budget")
    pd.testing.assert_frame_equal(df, before)


def test_repr_and_frame() -> None:
    res = quiet(frame([project("A", "a0")]), "on_time_rate", partners=["A"])
    assert "on_time_rate" in repr(res)
    assert "<p>" in res._repr_html_()
    assert res.to_frame()["metric"].tolist() == ["on_time_rate"]
    assert set(METRICS["on_time_rate"].params) >= {"tolerance_days", "statuses", "domain"}
