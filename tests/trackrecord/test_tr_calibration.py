"""Calibration of the default intervals and the decision value of shrinkage, by simulation.

Small fixed-seed versions of the study in docs/evidence.md (``benchmarks/bench_evidence.py``
runs the large one): portfolios of 30 partners with 1-30 projects each (many with 1-3),
whose true values follow a known population; the default (``prior_strength="auto"``) 90 %
intervals must cover the truth 87-95 % of the time overall and at least 85 % for partners
with one or two projects, and picking the highest estimate must not lose to the naive
average.
"""

from __future__ import annotations

import pytest

from partnerselect.trackrecord.calibration import SCENARIOS, Scenario, simulate

FAST_REPLICATES = {"rate": 50, "mean": 120, "median": 80}


@pytest.fixture(scope="module")
def study() -> dict[str, dict[str, float]]:
    return {
        sc.name: simulate(sc, replicates=FAST_REPLICATES[sc.kind], seed=20261130)
        for sc in SCENARIOS
    }


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name.split(" (")[0])
def test_default_intervals_cover_at_their_level(
    study: dict[str, dict[str, float]], scenario: Scenario
) -> None:
    out = study[scenario.name]
    assert 0.87 <= out["coverage"] <= 0.95, out
    assert out["coverage_1_2"] >= 0.85, out


def test_default_picks_better_than_the_naive_average(study: dict[str, dict[str, float]]) -> None:
    ratios = [out["regret_auto"] / out["regret_naive"] for out in study.values()]
    # Clearly better on average; never clearly worse in any portfolio (where partners are
    # so different that shrinkage changes little, the two are equal up to simulation noise).
    assert sum(ratios) / len(ratios) < 0.85, ratios
    assert max(ratios) < 1.2, ratios
    for out in study.values():
        assert out["best_auto"] >= out["best_naive"] - 0.03, out


def test_fixed_strength_miscalibrated_where_partners_differ_a_lot(
    study: dict[str, dict[str, float]],
) -> None:
    # The problem the learnt prior solves: a fixed strength of 5 over-shrinks.
    out = study[SCENARIOS[0].name]
    assert out["coverage_fixed_1_2"] < 0.8 < out["coverage_1_2"]


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name.split(" (")[0])
def test_coverage_large_run(scenario: Scenario) -> None:
    out = simulate(scenario, replicates=600, seed=7)
    assert 0.87 <= out["coverage"] <= 0.95, out
    assert out["coverage_1_2"] >= 0.85, out
