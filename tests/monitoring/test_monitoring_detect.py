"""Drift detectors: run lengths against published tables, simulation, and the study.

The simulation study (the numbers quoted in ``docs/monitoring.md``): stable partners raise
drift alarms at about the nominal false-alarm rate, also when each partner's level is
estimated from six baseline periods; a sustained shift of three noise standard deviations is
caught within a few periods.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.monitoring.detect import arl, cusum, ewma, threshold

# Montgomery (2019), Introduction to Statistical Quality Control, 8th ed., table 9.3:
# tabular CUSUM with k = 1/2, h = 4 (two-sided ARL0 = 168; shifts in sigma units).
MONTGOMERY_9_3 = {1.0: 8.38, 1.5: 4.75, 2.0: 3.34, 2.5: 2.62, 3.0: 2.19, 4.0: 1.71}


@pytest.mark.parametrize(("delta", "published"), sorted(MONTGOMERY_9_3.items()))
def test_cusum_arl_matches_montgomery_table(delta: float, published: float) -> None:
    # for shifts of 1 sd and more the other side of a two-sided chart never signals first
    assert arl("cusum", 4.0, shift=1.0, delta=delta) == pytest.approx(published, abs=0.01)


def test_cusum_in_control_arl_is_twice_the_two_sided_table_value() -> None:
    one_sided = arl("cusum", 4.0, shift=1.0)
    two_sided = 1.0 / (2.0 / one_sided)  # two symmetric one-sided charts
    assert two_sided == pytest.approx(168, rel=0.01)


@pytest.mark.parametrize("method", ["cusum", "ewma"])
def test_threshold_gives_the_target_in_control_arl(method: str) -> None:
    h = threshold(method, 1 / 50.0, 2.0)
    assert arl(method, h, shift=2.0) == pytest.approx(50.0, rel=1e-3)


@pytest.mark.parametrize("method", ["cusum", "ewma"])
def test_markov_chain_arl_agrees_with_simulation(method: str) -> None:
    # an independent check of the Markov-chain approximation: simulate run lengths
    h = threshold(method, 1 / 40.0, 2.0)
    rng = np.random.default_rng(3)
    z = rng.standard_normal((4000, 600))
    kernel = cusum if method == "cusum" else ewma
    _, alarm = kernel(z, h, 1.0 if method == "cusum" else 0.4)
    first = alarm.argmax(axis=1) + 1.0
    assert alarm.any(axis=1).mean() > 0.999
    assert first.mean() == pytest.approx(40.0, rel=0.06)


def test_cusum_alarms_once_per_excursion() -> None:
    z = np.array([[0.0, 3.0, 3.0, 3.0, 3.0, -20.0, 5.0]])
    stat, alarm = cusum(z, h=4.0, k=0.5)
    assert alarm.sum() == 2  # once while the shift lasts, again after it came back
    assert np.all(stat >= 0)


def test_missing_periods_hold_the_statistic() -> None:
    stat, _ = cusum(np.array([[2.0, np.nan, 2.0]]), h=10.0, k=0.5)
    assert stat.tolist() == [[1.5, 1.5, 3.0]]


def test_estimated_baseline_raises_the_threshold() -> None:
    known = threshold("cusum", 0.0027, 2.0)
    assert threshold("cusum", 0.0027, 2.0, 6) > threshold("cusum", 0.0027, 2.0, 24) > known


# ------------------------------------------------------------------------ the study
BASELINE = 6
RATE = 0.0027  # the default false-alarm rate (ARL0 370 periods)


def _simulate(n: int, periods: int, shift: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Kernel-level study: baseline mean estimated from 6 periods, noise sd known."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((n, BASELINE))
    later = rng.standard_normal((n, periods)) - shift  # adverse shift: values fall
    mu0 = base.mean(axis=1, keepdims=True)
    z = mu0 - later  # sign +1 ("max" KPI), sigma 1
    h = threshold("cusum", RATE, 2.0, BASELINE)
    return cusum(z, h, 1.0)


def test_study_stable_partners_false_alarm_rate() -> None:
    _, alarm = _simulate(20_000, 24, shift=0.0, seed=11)
    first = np.where(alarm.any(axis=1), alarm.argmax(axis=1), 24)
    exposure = np.minimum(first + 1, 24).sum()  # periods watched until the first alarm
    rate = alarm.any(axis=1).sum() / exposure
    assert rate == pytest.approx(RATE, rel=0.35)
    # a year after the baseline, almost every stable partner is alarm-free
    assert (alarm[:, :6].any(axis=1)).mean() < 0.03


def test_study_three_sd_shift_is_caught_within_a_few_periods() -> None:
    _, alarm = _simulate(20_000, 24, shift=3.0, seed=12)
    delay = alarm.argmax(axis=1) + 1.0
    assert alarm.any(axis=1).all()
    assert np.median(delay) <= 2
    assert np.quantile(delay, 0.95) <= 4


def _stable_table(n_partners: int, periods: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    months = pd.period_range("2024-01", periods=periods, freq="M").astype(str)
    return pd.DataFrame(
        {
            "partner_id": np.repeat([f"P{i:03d}" for i in range(n_partners)], periods),
            "period": np.tile(months, n_partners),
            "kpi": "quality",
            "value": 4.0 + 0.1 * rng.standard_normal(n_partners * periods),
        }
    )


MODEL = {"monitoring": {"kpis": [{"name": "quality", "direction": "max", "target": 3.0}]}}


def test_study_end_to_end_stable_portfolio_has_few_drift_alerts() -> None:
    # through the public API: noise pooled over partners, levels estimated per partner
    m = ps.monitor(_stable_table(150, 18, seed=5), MODEL)
    drift = m.alerts[m.alerts["kind"] == "drift"]
    assert len(drift) <= 0.02 * 150 * 12 + 3  # nominal 0.0027 x 1,800 periods = 4.9
    assert (m.alerts["kind"] == "breach").sum() == 0


def test_study_end_to_end_shift_is_caught() -> None:
    df = _stable_table(40, 18, seed=6)
    late = df["period"] >= "2024-10"
    df.loc[late, "value"] -= 0.3  # three noise sd, still far above the 3.0 target
    m = ps.monitor(df, MODEL)
    drift = m.alerts[m.alerts["kind"] == "drift"]
    assert drift["partner_id"].nunique() >= 38
    delay = (
        drift.groupby("partner_id")["period"]
        .min()
        .map(lambda p: (pd.Period(p) - pd.Period("2024-10")).n + 1)
    )
    assert delay.median() <= 3
