"""Shrinkage does its job; recency weighting moves weight to recent projects."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerselect.errors import InsufficientEvidenceWarning, PriorFallbackWarning
from partnerselect.trackrecord import compute_metric

from ._tr_helpers import AS_OF, frame, project


def history(partner: str, n: int, on_time: int) -> list[dict[str, object]]:
    return [project(partner, f"{partner}{i}", late_days=0 if i < on_time else 30) for i in range(n)]


def test_one_perfect_project_does_not_outrank_forty_at_95_percent() -> None:
    rows = history("lucky", 1, 1) + history("proven", 40, 38)
    rows += history("c", 20, 14) + history("d", 10, 8)  # the rest of the portfolio
    with pytest.warns(InsufficientEvidenceWarning, match="lucky"):
        res = compute_metric(frame(rows), "on_time_rate", partners=["lucky", "proven", "c", "d"])
    values = res.table["value"]
    assert res.table.loc["lucky", "raw"] == 1.0  # unshrunk it would win...
    assert values["lucky"] < values["proven"]  # ...shrunk it does not
    # Without shrinkage the raw rate does outrank: the test can fail.
    raw = compute_metric(
        frame(rows), "on_time_rate", partners=["lucky", "proven", "c", "d"], prior_strength=0,
        min_projects=0,
    )  # fmt: skip
    assert raw.table.loc["lucky", "value"] > raw.table.loc["proven", "value"]


@settings(max_examples=40, deadline=None)
@given(
    others=st.lists(st.tuples(st.integers(10, 30), st.floats(0.3, 0.85)), min_size=1, max_size=4)
)
def test_shrinkage_property_over_portfolios(others: list[tuple[int, float]]) -> None:
    rows = history("lucky", 1, 1) + history("proven", 40, 38)
    for j, (n, rate) in enumerate(others):
        rows += history(f"o{j}", n, round(n * rate))
    partners = ["lucky", "proven"] + [f"o{j}" for j in range(len(others))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsufficientEvidenceWarning)
        res = compute_metric(frame(rows), "on_time_rate", partners=partners)
    assert res.table.loc["lucky", "value"] < res.table.loc["proven", "value"]


def test_more_evidence_means_narrower_interval() -> None:
    rows = history("small", 4, 3) + history("big", 40, 30)
    res = compute_metric(frame(rows), "on_time_rate", partners=["small", "big"], prior_strength=5)
    width = res.table["upper"] - res.table["lower"]
    assert width["big"] < width["small"]


def test_moments_prior_falls_back_with_few_partners() -> None:
    rows = history("a", 5, 4) + history("b", 5, 2)
    with pytest.warns(PriorFallbackWarning, match="fewer than 3"):
        res = compute_metric(
            frame(rows), "on_time_rate", partners=["a", "b"], prior="moments", prior_strength=5
        )
    assert res.prior["method"] == "pooled"
    assert "fewer than 3" in res.prior["fallback"]


def test_moments_prior_by_hand() -> None:
    # Rates 0.9, 0.5, 0.1 on 10 projects each: mean 0.5, var 0.16, noise 0.25 / 10.
    rows = history("a", 10, 9) + history("b", 10, 5) + history("c", 10, 1)
    res = compute_metric(frame(rows), "on_time_rate", partners=["a", "b", "c"], prior="moments")
    between = 0.16 - 0.25 / 10
    strength = 0.25 / between - 1
    assert res.prior["method"] == "moments"
    assert res.prior["a"] == pytest.approx(0.5 * strength)
    assert res.table.loc["a", "value"] == pytest.approx((9 + 0.5 * strength) / (10 + strength))


@settings(max_examples=40, deadline=None)
@given(
    recent=st.lists(st.floats(0, 24), min_size=1, max_size=5),
    old=st.lists(st.floats(25, 120), min_size=1, max_size=5),
    h_short=st.floats(3, 30),
    factor=st.floats(1.1, 5),
)
def test_shorter_half_life_moves_weight_to_recent(
    recent: list[float], old: list[float], h_short: float, factor: float
) -> None:
    # Recent projects on time, old ones late: the weighted raw rate is the weight share of
    # recent projects, which must grow when the half-life shrinks.
    rows = [project("A", f"r{i}", end_months_ago=m) for i, m in enumerate(recent)]
    rows += [project("A", f"o{i}", end_months_ago=m, late_days=30) for i, m in enumerate(old)]
    df = frame(rows)

    def share(h: float) -> float:
        res = compute_metric(
            df, "on_time_rate", partners=["A"], half_life_months=h, as_of=AS_OF,
            prior_strength=0, min_projects=0,
        )  # fmt: skip
        return float(res.table.loc["A", "raw"])

    assert share(h_short) > share(h_short * factor) - 1e-12
    if max(recent) < min(old):
        assert share(h_short) > share(h_short * factor)


def test_recency_default_as_of_is_latest_record() -> None:
    rows = [project("A", "a0", end_months_ago=0), project("A", "a1", end_months_ago=24)]
    res = compute_metric(frame(rows), "experience", partners=["A"], half_life_months=24)
    assert res.params["as_of"] == str(AS_OF.date())
    assert res.table.loc["A", "n_eff"] == pytest.approx(1.5)


def test_prior_strength_zero_gives_raw_values() -> None:
    rows = history("a", 3, 3) + history("b", 3, 0)
    res = compute_metric(frame(rows), "on_time_rate", partners=["a", "b"], prior_strength=0)
    assert res.table["value"].tolist() == [1.0, 0.0]
    # The Jeffreys posterior still gives a proper interval.
    assert 0 < res.table.loc["a", "lower"] < 1
    assert (res.table["dist"] == "beta").all()
    assert list(res.table.index) == ["a", "b"]
