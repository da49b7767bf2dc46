"""SMAA-2 (Lahdelma & Salminen 2001)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import ParameterError, WeightError
from partnerselect.sensitivity import smaa
from partnerselect.sensitivity.smaa import CHUNK_BYTES, MIN_CHUNK, _chunk_size

from ._sens_helpers import make_problem, runnable_methods


@pytest.fixture
def two_by_two() -> ps.Problem:
    df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})


@pytest.mark.parametrize("method", runnable_methods())
def test_acceptability_rows_and_columns_sum_to_one(method):
    res = smaa(make_problem(6, 4, seed=1), method, n_samples=3000, random_state=0)
    assert np.allclose(res.acceptability.sum(axis=1), 1.0)
    assert np.allclose(res.acceptability.sum(axis=0), 1.0)
    assert list(res.acceptability.columns) == list(range(1, 7))


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 7), st.integers(1, 5))
def test_acceptability_is_a_distribution_property(seed, m, n):
    res = smaa(make_problem(m, n, seed), "topsis", n_samples=200, random_state=seed)
    acc = res.acceptability.to_numpy()
    assert np.allclose(acc.sum(axis=1), 1.0)
    assert (acc >= 0).all()
    assert np.allclose(res.std_error.to_numpy(), np.sqrt(acc * (1 - acc) / 200))


@pytest.mark.parametrize("method", runnable_methods())
@pytest.mark.parametrize(
    "pin", ["around", "intervals", "given"], ids=["around0", "zero-width", "given"]
)
def test_pinned_weights_reproduce_the_deterministic_ranking(method, pin):
    pb = make_problem(6, 4, seed=4)
    w = pb.weight_vector
    if pin == "around":
        res = smaa(pb, method, n_samples=50, random_state=0, constraints={"around": 0.0})
    elif pin == "intervals":
        cons = {"intervals": {c: (float(x), float(x)) for c, x in zip(pb.criteria, w, strict=True)}}
        res = smaa(pb, method, n_samples=50, random_state=0, constraints=cons)
    else:
        res = smaa(pb, method, weights=np.tile(w, (50, 1)))
    ranks = ps.rank(pb, method).ranks
    expected = pd.get_dummies(ranks).astype(float)
    assert res.acceptability.to_numpy() == pytest.approx(expected.to_numpy())
    assert res.sampler in {"fixed", "given"}


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_dominated_partner_never_first(method):
    rng = np.random.default_rng(3)
    good = rng.uniform(2, 10, (4, 3))
    dominated = good[2] * np.array([0.9, 0.8, 0.95])  # worse than partner 2 on every benefit
    df = pd.DataFrame(np.vstack([dominated, good]), columns=["x", "y", "z"])
    df.index = ["dom", "g0", "g1", "g2", "g3"]  # first in input order: ties would favour it
    pb = ps.Problem.from_frame(df, objectives=["max"] * 3)
    res = smaa(pb, method, n_samples=5000, random_state=1)
    assert res.acceptability.loc["dom", 1] == 0.0
    assert res.central_weights.loc["dom"].isna().all()
    assert np.isnan(res.confidence["dom"])
    assert any("dom" in note for note in res.notes)


def test_seed_reproducibility_and_chunking_do_not_change_the_numbers():
    pb = make_problem(7, 4, seed=8)
    a = smaa(pb, "topsis", n_samples=3000, random_state=5)
    b = smaa(pb, "topsis", n_samples=3000, random_state=5, chunk_size=7)
    c = smaa(pb, "topsis", n_samples=3000, random_state=6)
    pd.testing.assert_frame_equal(a.acceptability, b.acceptability)
    pd.testing.assert_frame_equal(a.central_weights, b.central_weights)
    assert not a.acceptability.equals(c.acceptability)
    fresh = smaa(pb, "topsis", n_samples=500)
    assert isinstance(fresh.random_state, int)
    again = smaa(pb, "topsis", n_samples=500, random_state=fresh.random_state)
    pd.testing.assert_frame_equal(fresh.acceptability, again.acceptability)


def test_hand_computed_two_partners(two_by_two):
    # WSM: a wins iff w_q > 1/2; w_q ~ U(0, 1) under Dirichlet(1, 1). So b_a^1 = 1/2 and the
    # central weight of a is E[w | w_q > 1/2] = (3/4, 1/4); both are first at their own.
    n = 40_000
    res = smaa(two_by_two, "wsm", n_samples=n, random_state=0)
    se = np.sqrt(0.25 / n)
    assert res.acceptability.loc["a", 1] == pytest.approx(0.5, abs=4 * se)
    # central weight: mean of U(1/2, 1), sd 1/sqrt(48) / sqrt(n/2)
    tol = 4 * np.sqrt(1 / 48 / (n / 2))
    assert res.central_weights.loc["a"].tolist() == pytest.approx([0.75, 0.25], abs=tol)
    assert res.central_weights.loc["b"].tolist() == pytest.approx([0.25, 0.75], abs=tol)
    assert res.confidence.tolist() == [1.0, 1.0]
    # m = 2: meta-weights (1, 0), so holistic = first-rank acceptability
    assert res.holistic.tolist() == pytest.approx(res.acceptability[1].tolist())


def test_holistic_uses_linear_meta_weights_by_default():
    res = smaa(make_problem(4, 3, seed=2), "topsis", n_samples=1000, random_state=0)
    acc = res.acceptability.to_numpy()
    alpha = np.array([1.0, 2 / 3, 1 / 3, 0.0])  # (m - r) / (m - 1)
    assert res.meta_weights.tolist() == pytest.approx(alpha.tolist())
    assert res.holistic.to_numpy() == pytest.approx(acc @ alpha)
    custom = smaa(
        make_problem(4, 3, seed=2),
        "topsis",
        n_samples=1000,
        random_state=0,
        meta_weights=[1, 0, 0, 0],
    )
    assert custom.holistic.to_numpy() == pytest.approx(acc[:, 0])
    exp_rank = acc @ np.arange(1, 5)
    assert res.expected_rank.to_numpy() == pytest.approx(exp_rank)


def test_ordinal_constraint_changes_acceptability(two_by_two):
    res = smaa(two_by_two, "wsm", n_samples=500, random_state=0, constraints={"order": ["q", "c"]})
    assert res.sampler == "ordinal"
    assert res.acceptability.loc["a", 1] == 1.0  # w_q >= w_c always: a first (ties aside)


def test_user_weights_are_normalised(two_by_two):
    res = smaa(two_by_two, "wsm", weights=[[3.0, 1.0], [1.0, 3.0], [2.0, 0.0], [0.0, 5.0]])
    assert res.n_samples == 4
    assert res.acceptability.loc["a", 1] == 0.5
    assert res.central_weights.loc["a"].tolist() == pytest.approx([0.875, 0.125])


def test_input_errors(two_by_two):
    with pytest.raises(ParameterError, match="'n_samples'"):
        smaa(two_by_two, "wsm", n_samples=0)
    with pytest.raises(WeightError, match="negative"):
        smaa(two_by_two, "wsm", weights=[[1.0, -1.0]])
    with pytest.raises(WeightError, match="shape"):
        smaa(two_by_two, "wsm", weights=[1.0, 2.0])
    with pytest.raises(ParameterError, match="'meta_weights'"):
        smaa(two_by_two, "wsm", n_samples=10, meta_weights=[0.0, 1.0])
    with pytest.raises(ParameterError, match="not both"):
        smaa(two_by_two, "wsm", weights=[[1.0, 1.0]], constraints={"around": 0.1})
    with pytest.raises(ParameterError, match="'chunk_size'"):
        smaa(two_by_two, "wsm", n_samples=10, chunk_size=0)


def test_default_chunk_stays_within_the_memory_budget():
    for m, n in [(5, 3), (50, 10), (200, 15), (2000, 30)]:
        size = _chunk_size(10**7, m, n, None)
        per_sample = 8 * (10 * m + 4 * n)
        assert size >= MIN_CHUNK
        # within the cache-sized budget, or the fewest samples a chunk holds
        assert size * per_sample <= max(CHUNK_BYTES, MIN_CHUNK * per_sample)
    assert _chunk_size(100, 5, 3, None) == 100
    assert _chunk_size(10, 2000, 30, None) == 10


def test_progress_bar_can_be_forced(two_by_two, capsys):
    smaa(two_by_two, "wsm", n_samples=100, random_state=0, progress=True)
    assert "100/100" in capsys.readouterr().err
    smaa(two_by_two, "wsm", n_samples=100, random_state=0, progress=False)
    assert capsys.readouterr().err == ""


def test_identical_partners_share_ranks_and_acceptabilities():
    # twin is identical to p1: they tie for every weight vector and share the better rank
    # (competition ranking, as JSMAA and the R smaa package), never 0.5 / 0 splits.
    df = pd.DataFrame(
        {"q": [2.0, 1.0, 3.0, 2.0], "c": [2.0, 3.0, 1.0, 2.0]}, index=["p1", "p2", "p3", "twin"]
    )
    pb = ps.Problem.from_frame(df, objectives=["max", "max"])
    res = smaa(pb, "wsm", n_samples=2000, random_state=0)
    assert res.acceptability.loc["p1"].tolist() == res.acceptability.loc["twin"].tolist()
    pd.testing.assert_series_equal(
        res.central_weights.loc["p1"], res.central_weights.loc["twin"], check_names=False
    )
    assert np.allclose(res.acceptability.sum(axis=1), 1.0)
    # the twins (0.5 each after min-max) always share rank 2 and leave rank 3 empty
    assert res.acceptability[2].sum() == 2.0
    assert res.acceptability[3].sum() == 0.0
