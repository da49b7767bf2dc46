"""The options the peers have, each checked against the peer that has it.

- ARAS ``optimal=`` is pymcdm's ``ARAS(esp=...)``.
- SPOTIS ``ideal=`` is pymcdm's ``SPOTIS(bounds, esp=...)`` and scikit-criteria's
  ``SPOTIS().evaluate(dm, bounds=..., isp=...)``.
- CRITIC ``correlation=`` / ``scale=`` are scikit-criteria's ``CRITIC(correlation, scale)``.
- TOPSIS ``normalization="none"`` is scikit-criteria's ``TOPSIS`` without a scaler.
- AHP ``random_index="tummala-ling"`` gives pymcdm's ``AHP`` consistency ratio.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import skcriteria as skc
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pymcdm import methods as pm
from pymcdm import normalizations as pn

import partnerselect as ps
from partnerselect.errors import DataError, JudgmentError, ParameterError
from partnerselect.testing import problems

SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOL = 1e-9


def _arrays(pb):
    return np.array(pb.values), np.array(pb.signs, dtype=int), np.array(pb.weight_vector)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _dm(x, s, w):
    return skc.mkdm(x, [max if v > 0 else min for v in s], weights=w)


def _close(a, b, tol=TOL):
    np.testing.assert_allclose(np.ravel(a), np.ravel(b), rtol=tol, atol=tol)


any_problem = problems(min_partners=3, max_partners=7, min_criteria=2, max_criteria=5)


# ------------------------------------------------------------------------------- ARAS
@SETTINGS
@given(pb=any_problem, stretch=st.floats(1.0, 3.0))
def test_aras_optimal_matches_pymcdm_esp(pb, stretch):
    x, s, w = _arrays(pb)
    # an aspiration level beyond the data: larger than the best benefit, smaller cost
    esp = np.where(s > 0, x.max(axis=0) * stretch, x.min(axis=0) / stretch)
    ours = ps.rank(
        pb, "aras", optimal=dict(zip(pb.criteria, esp, strict=True)), ties="order"
    ).scores
    theirs = _quiet(pm.ARAS(pn.sum_normalization, esp=esp), x, w, s)
    _close(ours, theirs)


def test_aras_optimal_partial_mapping_keeps_the_default_elsewhere():
    df = pd.DataFrame({"q": [1.0, 2.0], "c": [2.0, 4.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"})
    given_all = ps.rank(pb, "aras", optimal={"q": 4.0, "c": 2.0}, ties="order").scores
    partial = ps.rank(pb, "aras", optimal={"q": 4.0}, ties="order").scores
    _close(given_all, partial)


@pytest.mark.parametrize("bad", ["best", {"nope": 1.0}, {"c": 0.0}, [1.0], {"q": float("nan")}])
def test_aras_optimal_refuses_bad_values(bad):
    df = pd.DataFrame({"q": [1.0, 2.0], "c": [2.0, 4.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"})
    with pytest.raises(ParameterError, match="optimal"):
        ps.rank(pb, "aras", optimal=bad)


# ------------------------------------------------------------------------------ SPOTIS
@SETTINGS
@given(pb=any_problem, where=st.floats(0.0, 1.0))
def test_spotis_ideal_matches_pymcdm_and_skcriteria(pb, where):
    x, s, w = _arrays(pb)
    bounds = np.column_stack([x.min(axis=0) - 1.0, x.max(axis=0) + 1.0])
    ideal = bounds[:, 0] + where * (bounds[:, 1] - bounds[:, 0])
    ours = ps.rank(
        pb,
        "spotis",
        bounds=dict(zip(pb.criteria, map(tuple, bounds), strict=True)),
        ideal=list(ideal),
        ties="order",
    ).scores
    _close(ours, _quiet(pm.SPOTIS(bounds, esp=ideal), x, w, s))
    from skcriteria.agg.spotis import SPOTIS as SKSPOTIS

    res = _quiet(SKSPOTIS().evaluate, _dm(x, s, w), bounds=bounds, isp=ideal)
    _close(ours, res.e_.score)


def test_spotis_ideal_outside_bounds_is_refused():
    df = pd.DataFrame({"q": [2.0, 4.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max"})
    with pytest.raises(ParameterError, match="ideal"):
        ps.rank(pb, "spotis", bounds={"q": (1, 5)}, ideal={"q": 6})


def test_spotis_ideal_in_the_middle_penalises_both_sides():
    df = pd.DataFrame({"q": [1.0, 3.0, 5.0]}, index=["low", "mid", "high"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max"})
    r = ps.rank(pb, "spotis", bounds={"q": (1, 5)}, ideal={"q": 3}, ties="order")
    # |x - 3| / 4: 0.5, 0, 0.5
    _close(r.scores, [0.5, 0.0, 0.5])
    assert r.ranks["mid"] == 1


# ------------------------------------------------------------------------------ CRITIC
@SETTINGS
@given(
    pb=problems(min_partners=4, max_partners=8, min_criteria=2, max_criteria=5),
    correlation=st.sampled_from(["pearson", "spearman"]),
    scale=st.booleans(),
)
def test_critic_options_match_skcriteria(pb, correlation, scale):
    from skcriteria.preprocessing.weighters import CRITIC

    x, s, w = _arrays(pb)
    assume(np.ptp(x, axis=0).min() > 0)
    try:
        ours = ps.weights.critic(pb, apply_types=True, correlation=correlation, scale=scale)
    except DataError:  # all perfectly correlated: undefined for both libraries
        assume(False)
    theirs = _quiet(CRITIC(correlation=correlation, scale=scale).transform, _dm(x, s, w))
    assume(np.isfinite(theirs.weights.to_numpy()).all())  # theirs is 0/0 when all agree
    _close(ours.to_numpy(), theirs.weights.to_numpy(), tol=1e-8)


def test_critic_refuses_unknown_correlation():
    df = pd.DataFrame({"a": [0.0, 1, 2], "b": [2.0, 0, 1]})
    pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"})
    with pytest.raises(ParameterError, match="correlation"):
        ps.weights.critic(pb, correlation="kendall-ish")


# ------------------------------------------------------------------------------- TOPSIS
@SETTINGS
@given(pb=any_problem)
def test_topsis_none_matches_raw_skcriteria(pb):
    from skcriteria.agg.topsis import TOPSIS as SKTOPSIS

    x, s, w = _arrays(pb)
    ours = ps.rank(pb, "topsis", normalization="none", ties="order").scores
    res = _quiet(SKTOPSIS().evaluate, _dm(x, s, w))
    _close(ours, res.e_.similarity)


# ---------------------------------------------------------------------------------- AHP
A3 = np.array([[1.0, 3.0, 5.0], [1 / 3, 1.0, 2.0], [1 / 5, 1 / 2, 1.0]])


def test_ahp_mean_is_column_normalised_row_average():
    # independent: column sums 23/15, 9/2, 8 -> normalised columns averaged by row
    cols = [[15 / 23, 6 / 9, 5 / 8], [5 / 23, 2 / 9, 2 / 8], [3 / 23, 1 / 9, 1 / 8]]
    expected = [sum(r) / 3 for r in cols]
    res = ps.weights.ahp(A3, criteria=["a", "b", "c"], method="mean")
    _close(res.weights.to_numpy(), expected, tol=1e-12)
    assert res.priority == "mean"


def test_ahp_mean_recovers_consistent_weights_exactly():
    w = np.array([0.5, 0.3, 0.2])
    A = w[:, None] / w[None, :]
    res = ps.weights.ahp(A, criteria=["a", "b", "c"], method="mean")
    _close(res.weights.to_numpy(), w, tol=1e-12)


def test_ahp_mean_needs_every_pair():
    A = A3.copy()
    A[0, 2] = A[2, 0] = np.nan
    with pytest.raises(JudgmentError, match="every pair"):
        ps.weights.ahp(A, criteria=["a", "b", "c"], method="mean")


@pytest.mark.parametrize("n", [3, 4, 5, 7])
def test_ahp_tummala_ling_cr_matches_pymcdm(n):
    from pymcdm.weights.subjective import AHP as PMAHP

    rng = np.random.default_rng(n)
    A = np.eye(n)
    for i in range(n):
        for j in range(i + 1, n):
            A[i, j] = rng.choice([1 / 5, 1 / 3, 1.0, 2.0, 3.0, 5.0, 7.0])
            A[j, i] = 1.0 / A[i, j]
    criteria = [f"c{k}" for k in range(n)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ps.weights.ahp(A, criteria=criteria, random_index="tummala-ling")
    peer = PMAHP(matrix=A)
    assert ours.consistency_ratio == pytest.approx(peer.get_cr(), rel=1e-9)


@pytest.mark.parametrize(
    ("table", "n", "ri"),
    [
        # Saaty (2000) Table; Alonso & Lamata (2006) Table 3; Tummala & Ling (1998);
        # legacy extended table
        ("saaty", 12, 1.48),
        ("alonso-lamata", 4, 0.8815),
        ("tummala-ling", 5, 1.1159),
        ("legacy", 12, 1.54),
    ],
)
def test_random_index_tables(table, n, ri):
    w = np.linspace(1.0, 2.0, n)
    A = w[:, None] / w[None, :]
    res = ps.weights.ahp(A, criteria=[f"c{k}" for k in range(n)], random_index=table)
    assert res.random_index == ri
