"""The learnt prior, its fallback, one distribution per cell, and the edge cases."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special, stats

from partnerselect.errors import (
    ImputationWarning,
    InsufficientEvidenceWarning,
    ParameterError,
    PriorFallbackWarning,
)
from partnerselect.trackrecord import compute_metric, sample
from partnerselect.trackrecord.estimators import location_estimate, rate_estimate
from partnerselect.trackrecord.stats import GroupStats, group_stats, weighted_medians

from ._tr_helpers import AS_OF, frame, project


def portfolio(rates: list[tuple[int, int]], **extra: object) -> pd.DataFrame:
    """Partners P0, P1... with (projects, on time) each; quality 3 + on-time share."""
    rows = []
    for i, (n, k) in enumerate(rates):
        for j in range(n):
            rows.append(
                project(f"P{i}", f"p{i}_{j}", late_days=0 if j < k else 30,
                        quality_score=3.0 + (j < k) + 0.1 * (i % 3), **extra)
            )  # fmt: skip
    return frame(rows)


RATES = [(1, 1), (2, 0), (5, 4), (8, 2), (12, 11), (3, 3), (20, 10), (6, 1)]


def quiet(df: pd.DataFrame, metric: str, **kw: object):  # type: ignore[no-untyped-def]
    kw.setdefault("min_projects", 0)
    return compute_metric(df, metric, partners=[f"P{i}" for i in range(len(RATES))], **kw)  # type: ignore[arg-type]


def test_auto_is_the_default_and_reports_the_fitted_prior() -> None:
    res = quiet(portfolio(RATES), "on_time_rate")
    assert res.params["prior_strength"] == "auto"
    prior = res.prior
    assert prior["method"].startswith("marginal likelihood")
    assert 0 < prior["mean"] < 1
    assert prior["strength"] > 0
    assert prior["between_sd"] > 0
    assert prior["partners"] == len(RATES)


def test_rate_grid_matches_brute_force_integration() -> None:
    # Independent computation: the hierarchical posterior mean of each partner's rate by a
    # 400 x 400 rectangle rule over (logit mu, log M) on the same hyperprior, written out
    # from the Beta-Binomial likelihood (Gelman et al. 2013, eq. 5.8).
    s = np.array([1.0, 0.0, 4.0, 2.0, 11.0])
    n = np.array([1.0, 2.0, 5.0, 8.0, 12.0])
    est, _ = rate_estimate(GroupStats(n=n, W=n, S=s, Q=s), level=0.9)
    p0 = (s.sum() + 0.5) / (n.sum() + 1)
    se = np.sqrt(max(1.0, (n**2).sum() / n.sum()) / (n.sum() * p0 * (1 - p0)))
    h = float(np.clip(6 * se, 0.05, 8))
    u = np.log(p0 / (1 - p0)) + np.linspace(-h, h, 400)
    v = np.linspace(np.log(0.1), np.log(1e4), 400)
    uu, vv = np.meshgrid(u, v, indexing="ij")
    mu, big = special.expit(uu), np.exp(vv)
    a, b = mu * big, (1 - mu) * big
    logpost = np.log(mu * (1 - mu)) - 0.5 * vv
    for si, ni in zip(s, n, strict=True):
        logpost = logpost + special.betaln(a + si, b + ni - si) - special.betaln(a, b)
    w = np.exp(logpost - logpost.max())
    w /= w.sum()
    expected = [float((w * (a + si) / (a + b + ni)).sum()) for si, ni in zip(s, n, strict=True)]
    assert est["value"] == pytest.approx(expected, abs=2e-3)


def test_many_partners_use_the_maximum_marginal_likelihood() -> None:
    gen = np.random.default_rng(3)
    m = 2000
    p = gen.beta(2.0, 5.0, m)
    n = gen.integers(5, 40, m).astype(float)
    s = gen.binomial(n.astype(int), p).astype(float)
    _, prior = rate_estimate(GroupStats(n=n, W=n, S=s, Q=s))
    assert prior["method"] == "marginal likelihood (maximum)"
    assert prior["mean"] == pytest.approx(2 / 7, abs=0.02)
    assert prior["strength"] == pytest.approx(7.0, rel=0.25)


def test_fallback_with_too_few_partners_is_noted() -> None:
    df = portfolio(RATES[:2])
    with pytest.warns(PriorFallbackWarning, match="only 2 partner"):
        res = compute_metric(df, "on_time_rate", partners=["P0", "P1"], min_projects=0)
    assert res.prior["method"] == "reference (Jeffreys)"
    # Beta(1/2, 1/2) updated by P0's single on-time project.
    assert res.table.loc["P0", "value"] == pytest.approx(1.5 / 2)


@pytest.mark.parametrize("metric", ["on_time_rate", "quality"])
@pytest.mark.parametrize("strength", ["auto", 0, 4])
def test_reported_interval_is_the_sampled_distribution(metric: str, strength: object) -> None:
    res = quiet(portfolio(RATES), metric, prior_strength=strength)
    draws = sample(res, 200_000, random_state=5)
    lo, hi = np.quantile(draws, [0.05, 0.95], axis=0)
    assert lo == pytest.approx(res.table["lower"].to_numpy(), abs=0.01)
    assert hi == pytest.approx(res.table["upper"].to_numpy(), abs=0.01)


@pytest.mark.parametrize("metric", ["on_time_rate", "quality", "budget_overrun"])
def test_single_project_and_no_shrinkage_never_give_zero_width(metric: str) -> None:
    df = portfolio([(1, 1), (1, 0), (1, 1)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriorFallbackWarning)
        res = compute_metric(df, metric, partners=["P0", "P1", "P2"], prior_strength=0,
                             min_projects=0)  # fmt: skip
    width = res.table["upper"] - res.table["lower"]
    assert (width > 0).all()


@pytest.mark.parametrize("strength", ["auto", 0, 3])
def test_all_equal_values_give_an_interval_from_the_prior(strength: object) -> None:
    rows = [project(f"P{i}", f"p{i}_{j}", quality_score=4.0) for i in range(4) for j in range(3)]
    res = compute_metric(frame(rows), "quality", partners=[f"P{i}" for i in range(4)],
                         prior_strength=strength, min_projects=0)  # fmt: skip
    assert res.table["value"].to_numpy() == pytest.approx(4.0)
    assert ((res.table["upper"] - res.table["lower"]) > 0.1).all()


def test_half_life_so_short_that_weights_vanish_is_an_error() -> None:
    rows = [project("A", "a0", end_months_ago=1.0), project("A", "a1", end_months_ago=120.0)]
    with pytest.raises(ParameterError, match="so short"):
        compute_metric(frame(rows), "quality", partners=["A"], half_life_months=0.01)


def test_tiny_total_recency_weight_keeps_a_positive_prior_variance() -> None:
    rows = [project(f"P{i}", f"p{i}", end_months_ago=60.0, quality_score=3.0 + i)
            for i in range(3)]  # fmt: skip
    res = compute_metric(frame(rows), "quality", partners=["P0", "P1", "P2"],
                         half_life_months=6, prior_strength=2, min_projects=0, as_of=AS_OF)  # fmt: skip
    assert res.table["n_eff"].sum() < 1
    assert (res.table["upper"] - res.table["lower"] > 0).all()
    assert res.table["value"].notna().all()


def test_insufficient_is_decided_on_effective_sample_size() -> None:
    rows = [project("old", f"o{j}", end_months_ago=48.0) for j in range(4)]
    rows += [project(f"new{i}", f"n{i}{j}", end_months_ago=1.0) for i in range(3) for j in range(4)]
    ids = ["old", "new0", "new1", "new2"]
    with pytest.warns(InsufficientEvidenceWarning, match=r"old \(0\."):
        res = compute_metric(frame(rows), "quality", partners=ids, half_life_months=12)
    assert res.table.loc["old", "n"] == 4
    assert bool(res.table.loc["old", "insufficient"])
    assert not res.table.loc[["new0", "new1", "new2"], "insufficient"].any()


def test_prior_option_on_a_metric_without_beta_prior_is_an_error() -> None:
    with pytest.raises(ParameterError, match="only applies to rates"):
        quiet(portfolio(RATES), "quality", prior="moments")


def test_prior_strength_must_be_auto_or_a_number() -> None:
    with pytest.raises(ParameterError, match="'auto' or a number"):
        quiet(portfolio(RATES), "quality", prior_strength="learn")


def test_location_fixed_strength_is_the_conjugate_average() -> None:
    st_ = group_stats(np.array([0, 0, 1, 2]), np.array([4.0, 5.0, 3.0, 4.0]), np.ones(4), 3)
    est, prior = location_estimate(st_, prior_strength=3.0)
    assert est["value"][0] == pytest.approx((3 * 4.0 + 2 * 4.5) / 5)
    assert prior["df"] == 3.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.floats(-50, 50), st.sampled_from([1.0, 1.0, 2.5])),
                min_size=1, max_size=40))  # fmt: skip
def test_vectorised_weighted_medians_match_the_definition(
    rows: list[tuple[int, float, float]],
) -> None:
    codes = np.array([r[0] for r in rows])
    x = np.array([r[1] for r in rows])
    w = np.array([r[2] for r in rows])
    got = weighted_medians(codes, x, w, 5)
    for g in range(5):
        sel = codes == g
        if not sel.any():
            assert np.isnan(got[g])
            continue
        xs, ws = x[sel], w[sel]
        if (ws == 1.0).all():
            assert got[g] == pytest.approx(float(np.median(xs)))
        # the definition: at least half the weight at or below, at least half at or above
        total = ws.sum()
        assert ws[xs <= got[g]].sum() >= total / 2 - 1e-9
        assert ws[xs >= got[g]].sum() >= total / 2 - 1e-9


def test_t_interval_uses_the_reported_degrees_of_freedom() -> None:
    res = quiet(portfolio(RATES), "quality")
    row = res.table.iloc[0]
    q = stats.t.ppf(0.95, row["df"])
    assert row["upper"] == pytest.approx(row["a"] + q * row["b"])


@pytest.mark.parametrize("strength", ["auto", 0, 4])
def test_imputed_cell_value_is_the_mean_of_its_distribution(strength: object) -> None:
    from partnerselect.trackrecord import apply_missing_policy

    ids = [f"P{i}" for i in range(len(RATES))] + ["NEW"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PriorFallbackWarning)
        res = compute_metric(portfolio(RATES), "on_time_rate", partners=ids,
                             prior_strength=strength, min_projects=0)  # fmt: skip
    with pytest.warns(ImputationWarning):
        filled = apply_missing_policy(res, "prior")
    row = filled.table.loc["NEW"]
    assert row["a"] / (row["a"] + row["b"]) == pytest.approx(row["value"])


@settings(max_examples=20, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.integers(0, 1), st.sampled_from([1.0, 2.5, 4.0, 5.0]),
                  st.floats(0.0, 80.0)),
        min_size=1, max_size=40,
    ),
    st.sampled_from([None, 3.0, 24.0]),
    st.sampled_from(["auto", 0, 2.0]),
)  # fmt: skip
def test_any_portfolio_gives_proper_cells(
    rows: list[tuple[int, int, float, float]], half_life: float | None, strength: object
) -> None:
    recs = frame(
        [project(f"P{p}", f"x{i}", late_days=30 * late, quality_score=q, end_months_ago=age)
         for i, (p, late, q, age) in enumerate(rows)]
    )  # fmt: skip
    ids = [f"P{i}" for i in range(7)]
    for metric in ("on_time_rate", "quality", "budget_overrun"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", InsufficientEvidenceWarning)
            res = compute_metric(recs, metric, partners=ids, half_life_months=half_life,
                                 prior_strength=strength, as_of=AS_OF)  # fmt: skip
        t = res.table[~res.table["missing"]]
        assert t["value"].notna().all()
        assert (t["lower"] <= t["value"] + 1e-9).all()
        assert (t["value"] <= t["upper"] + 1e-9).all()
        assert (t["upper"] - t["lower"] > 0).all()
        assert set(t["dist"]) <= {"beta", "t"}


@pytest.mark.parametrize("spread", [True, False])
def test_maximum_marginal_likelihood_is_the_optimum(spread: bool) -> None:
    # The fitted (mu, M) against an independent maximiser of the same penalised Beta-Binomial
    # marginal likelihood (Nelder-Mead run to tight tolerances); without between-partner
    # spread the strength runs to its upper bound 10^4.
    from scipy import optimize

    gen = np.random.default_rng(7)
    m = 1500
    n = gen.uniform(0.5, 15.0, m)  # recency-weighted counts are not integers
    p = gen.beta(3.0, 6.0, m) if spread else np.full(m, 0.4)
    s = np.minimum(n, gen.binomial(np.ceil(n).astype(int), p) * n / np.ceil(n))

    def nll(t: np.ndarray) -> float:
        mu, big = special.expit(t[0]), np.exp(t[1])
        a, b = mu * big, (1 - mu) * big
        ll = np.sum(special.betaln(a + s, b + n - s)) - m * special.betaln(a, b)
        return -float(ll + np.log(mu * (1 - mu)) - 0.5 * t[1])

    p0 = (s.sum() + 0.5) / (n.sum() + 1)
    ref = optimize.minimize(
        nll, [np.log(p0 / (1 - p0)), np.log(10.0)], method="Nelder-Mead",
        bounds=[(-30, 30), (np.log(0.1), np.log(1e4))],
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20_000},
    )  # fmt: skip
    _, prior = rate_estimate(GroupStats(n=np.ceil(n), W=n, S=s, Q=s))
    assert prior["method"] == "marginal likelihood (maximum)"
    assert prior["mean"] == pytest.approx(special.expit(ref.x[0]), abs=1e-6)
    assert np.log(prior["strength"]) == pytest.approx(ref.x[1], abs=1e-4)


def test_all_equal_values_leave_no_zero_width_interval() -> None:
    # Two projects with the same score leave a rounding residue (1e-16) as their sum of
    # squares: it is no spread, so the reference spread applies (found by hypothesis).
    rows = [(0, 2.5, 0.0), (0, 2.5, 73.0), (1, 1.0, 0.0), (2, 1.0, 0.0)]
    recs = frame([project(f"P{p}", f"x{i}", quality_score=q, end_months_ago=age)
                  for i, (p, q, age) in enumerate(rows)])  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsufficientEvidenceWarning)
        res = compute_metric(recs, "quality", partners=["P0", "P1", "P2"],
                             half_life_months=24.0, as_of=AS_OF)  # fmt: skip
    t = res.table
    assert (t["upper"] - t["lower"] > 0).all()


@pytest.mark.parametrize("start", [(0.0, np.log(5000.0)), (0.0, np.log(0.2)), (-3.0, 9.0)])
def test_rate_prior_newton_reaches_the_optimum_from_far_starts(start: tuple[float, float]) -> None:
    # Far from the optimum the marginal likelihood is not convex; the search must still
    # end where it ends from a close start (same objective value), and say it converged.
    from partnerselect.trackrecord.estimators import _projected_newton

    gen = np.random.default_rng(9)
    m = 800
    n = gen.uniform(0.5, 15.0, m)
    s = np.minimum(n, gen.binomial(np.ceil(n).astype(int), gen.beta(20, 25, m)) * n / np.ceil(n))
    f = n - s

    def nll(t: np.ndarray) -> tuple[float, np.ndarray]:
        mu, big = special.expit(t[0]), np.exp(t[1])
        a, b = mu * big, (1 - mu) * big
        ll = np.sum(special.betaln(a + s, b + f)) - m * special.betaln(a, b)
        psi = special.digamma(big + n)
        da = np.sum(special.digamma(a + s) - psi) - m * (special.digamma(a) - special.digamma(big))
        db = np.sum(special.digamma(b + f) - psi) - m * (special.digamma(b) - special.digamma(big))
        grad = [big * mu * (1 - mu) * (da - db) + (1 - 2 * mu), a * da + b * db - 0.5]
        return -float(ll + np.log(mu * (1 - mu)) - 0.5 * t[1]), -np.array(grad)

    lo, hi = np.array([-30.0, np.log(0.1)]), np.array([30.0, np.log(1e4)])
    near, ok_near = _projected_newton(nll, np.array([0.0, np.log(10.0)]), lo, hi)
    far, ok_far = _projected_newton(nll, np.array(start), lo, hi)
    assert ok_near
    assert ok_far
    assert nll(far)[0] == pytest.approx(nll(near)[0], abs=1e-6)
