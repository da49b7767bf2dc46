"""Weight samplers (simplex, ordinal, intervals) and data sampling."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import partnerselect as ps
from partnerselect.errors import DataError, ParameterError, WeightError
from partnerselect.sensitivity.sampling import (
    WeightSampler,
    as_generator,
    dirichlet,
    sample_matrices,
)

from ._sens_helpers import make_problem


@pytest.mark.parametrize("n", [2, 4, 7])
def test_dirichlet_marginals_are_beta_1_n_minus_1(n):
    W = dirichlet(np.random.default_rng(42), 4000, n)
    assert np.allclose(W.sum(axis=1), 1.0)
    for j in range(n):
        assert stats.kstest(W[:, j], stats.beta(1, n - 1).cdf).pvalue > 0.001


def test_ks_check_has_power_against_uniform_then_normalise():
    rng = np.random.default_rng(42)
    U = rng.random((4000, 4))
    W = U / U.sum(axis=1, keepdims=True)  # the classic mistake: not uniform on the simplex
    assert stats.kstest(W[:, 0], stats.beta(1, 3).cdf).pvalue < 1e-6


def test_ordinal_sampler_respects_order_and_is_uniform_on_the_cone():
    pb = make_problem(3, 4)
    order = ["c2", "c0", "c3", "c1"]
    s = WeightSampler(pb, {"order": order}, np.random.default_rng(0))
    assert s.kind == "ordinal"
    W = pd.DataFrame(s.draw(20_000), columns=pb.criteria)[order].to_numpy()
    assert np.allclose(W.sum(axis=1), 1.0)
    assert (np.diff(W, axis=1) <= 0).all()
    # On the ordered cone, E[w_(r)] = (1/n) sum_{i=r}^{n} 1/i (expected Dirichlet order stats).
    n = 4
    expected = [sum(1 / i for i in range(r, n + 1)) / n for r in range(1, n + 1)]
    assert W.mean(axis=0) == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize("sampler", ["rejection", "hit-and-run"])
def test_interval_samplers_stay_inside_and_sum_to_one(sampler):
    pb = make_problem(3, 3)
    intervals = {"c0": (0.2, 0.5), "c1": (0.1, 0.3)}
    s = WeightSampler(pb, {"intervals": intervals, "sampler": sampler}, np.random.default_rng(1))
    assert s.kind == sampler
    W = s.draw(5000)
    assert np.allclose(W.sum(axis=1), 1.0)
    assert (W[:, 0] >= 0.2 - 1e-12).all()
    assert (W[:, 0] <= 0.5 + 1e-12).all()
    assert (W[:, 1] >= 0.1 - 1e-12).all()
    assert (W[:, 1] <= 0.3 + 1e-12).all()
    assert (W >= -1e-12).all()


def test_hit_and_run_matches_exact_rejection_in_distribution():
    pb = make_problem(3, 3)
    cons = {"intervals": {"c0": (0.2, 0.5), "c1": (0.1, 0.3)}}
    exact = WeightSampler(pb, {**cons, "sampler": "rejection"}, np.random.default_rng(2)).draw(4000)
    walk = WeightSampler(pb, {**cons, "sampler": "hit-and-run"}, np.random.default_rng(3))
    W = walk.draw(4000)
    for j in range(3):
        assert stats.ks_2samp(exact[:, j], W[:, j]).pvalue > 0.001


def test_automatic_choice_and_pinned_weights():
    pb = make_problem(3, 4)
    narrow = WeightSampler(pb, {"around": 0.1}, np.random.default_rng(0))
    assert narrow.kind == "hit-and-run"
    assert narrow.acceptance_rate < 0.05
    wide = WeightSampler(pb, {"intervals": {"c0": (0.0, 0.9)}}, np.random.default_rng(0))
    assert wide.kind == "rejection"
    pinned = WeightSampler(pb, {"around": 0.0}, np.random.default_rng(0))
    assert pinned.kind == "fixed"
    assert np.allclose(pinned.draw(5), pb.weight_vector)
    W = narrow.draw(500)
    assert (np.abs(W - pb.weight_vector) <= 0.1 * pb.weight_vector + 1e-12).all()


def test_constraint_errors():
    pb = make_problem(3, 3)
    rng = np.random.default_rng(0)
    with pytest.raises(ParameterError, match="Unknown weight constraint"):
        WeightSampler(pb, {"ordr": ["c0"]}, rng)
    with pytest.raises(ParameterError, match="every criterion once"):
        WeightSampler(pb, {"order": ["c0", "c1"]}, rng)
    with pytest.raises(WeightError, match="admit no weights"):
        WeightSampler(pb, {"intervals": {"c0": (0.6, 0.7), "c1": (0.5, 0.6)}}, rng)
    with pytest.raises(WeightError, match="low <= high"):
        WeightSampler(pb, {"intervals": {"c0": (0.7, 0.6)}}, rng)
    with pytest.raises(ParameterError, match="not a criterion"):
        WeightSampler(pb, {"intervals": {"zz": (0.1, 0.2)}}, rng)
    with pytest.raises(ParameterError, match="one of"):
        WeightSampler(pb, {"around": 0.1, "order": ["c0", "c1", "c2"]}, rng)
    with pytest.raises(ParameterError, match="random_state"):
        as_generator("seed")


def test_seeded_draws_repeat():
    pb = make_problem(3, 3)
    a = WeightSampler(pb, {"around": 0.3}, np.random.default_rng(9)).draw(100)
    b = WeightSampler(pb, {"around": 0.3}, np.random.default_rng(9)).draw(100)
    assert np.array_equal(a, b)
    gen, seed = as_generator(None)
    assert isinstance(seed, int)
    assert np.array_equal(np.random.default_rng(seed).random(3), gen.random(3))


def _uncertain_problem() -> ps.Problem:
    unc = pd.DataFrame(
        {
            "dist": ["uniform", "beta", "normal", "fixed"],
            "a": [1.0, 2.0, 5.0, 9.0],
            "b": [2.0, 3.0, 0.5, np.nan],
            "loc": [np.nan, 10.0, np.nan, np.nan],
            "scale": [np.nan, 5.0, np.nan, np.nan],
        },
        index=pd.MultiIndex.from_tuples(
            [("p1", "q"), ("p2", "q"), ("p1", "c"), ("p2", "c")], names=["partner_id", "criterion"]
        ),
    )
    df = pd.DataFrame({"q": [1.5, 11.0, 4.0], "c": [5.0, 7.0, 3.0]}, index=["p1", "p2", "p3"])
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"}, uncertainty=unc)


def test_sample_matrices_follows_the_table():
    pb = _uncertain_problem()
    X = sample_matrices(pb, 20_000, np.random.default_rng(0))
    assert X.shape == (20_000, 3, 2)
    assert ((X[:, 0, 0] >= 1) & (X[:, 0, 0] <= 2)).all()  # uniform(1, 2)
    beta = X[:, 1, 0]  # 10 + 5 Beta(2, 3): mean 10 + 5 * 2/5 = 12
    assert ((beta >= 10) & (beta <= 15)).all()
    assert beta.mean() == pytest.approx(12.0, abs=0.03)
    assert X[:, 0, 1].mean() == pytest.approx(5.0, abs=0.02)  # normal(5, 0.5)
    assert X[:, 0, 1].std() == pytest.approx(0.5, abs=0.01)
    assert (X[:, 1, 1] == 7.0).all()  # fixed: the matrix value, not `a`
    assert (X[:, 2] == [4.0, 3.0]).all()  # absent from the table: fixed


def test_sample_matrices_rejects_bad_parameters():
    pb = _uncertain_problem()
    unc = pb.uncertainty.copy()
    unc.loc[("p1", "q"), "b"] = 0.5  # high < low
    # refused when the Problem is built, naming the row (not at sampling time)
    with pytest.raises(DataError, match=r"row 1 \('p1', 'q'\).*a <= b"):
        pb.replace(uncertainty=unc)
