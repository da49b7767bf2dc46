"""Kendall's tau-b and graph components without scipy.stats: checked against scipy and
against brute-force counts over every pair."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.sparse.csgraph import connected_components
from scipy.stats import kendalltau, rankdata, spearmanr

from partnerselect._rankcorr import (
    average_ranks,
    components,
    discordant_pairs,
    kendall_tau_b,
    spearman_rho,
)

# small value ranges make ties (in x, in y, in both) common
_pairs = st.integers(0, 40).flatmap(
    lambda n: st.tuples(
        arrays(np.int64, n, elements=st.integers(0, 5)),
        arrays(np.int64, n, elements=st.integers(-3, 3)),
    )
)


def _brute_tau_b(x, y):
    """Kendall (1945): (C - D) / sqrt((T - X)(T - Y)), counted over every pair."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    i, j = np.triu_indices(x.size, k=1)
    sx, sy = np.sign(x[i] - x[j]), np.sign(y[i] - y[j])
    c, d = int(np.sum(sx * sy > 0)), int(np.sum(sx * sy < 0))
    tx, ty, t = int(np.sum(sx == 0)), int(np.sum(sy == 0)), i.size
    if tx == t or ty == t:
        return math.nan
    return (c - d) / math.sqrt((t - tx) * (t - ty))


@settings(deadline=None, max_examples=50)  # no deadline: the machine may be busy
@given(_pairs)
def test_tau_b_is_scipys_to_the_bit(pair):
    x, y = pair
    ours = kendall_tau_b(x, y)
    with warnings.catch_warnings():  # scipy warns on fewer than two values
        warnings.simplefilter("ignore")
        theirs = float(kendalltau(x, y).statistic)
    assert (math.isnan(ours) and math.isnan(theirs)) or ours == theirs
    brute = _brute_tau_b(x, y)
    assert (math.isnan(ours) and math.isnan(brute)) or ours == pytest.approx(brute, abs=1e-12)


@settings(deadline=None, max_examples=50)  # no deadline: the machine may be busy
@given(arrays(np.int64, st.integers(0, 60), elements=st.integers(0, 8)))
def test_discordant_pairs_counts_inversions(v):
    i, j = np.triu_indices(v.size, k=1)
    brute = int(np.sum(v[i] > v[j]))
    assert discordant_pairs(np.arange(v.size), v) == brute


def test_tau_b_floats_and_nan():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=500), rng.normal(size=500)
    assert kendall_tau_b(x, y) == float(kendalltau(x, y).statistic)
    assert math.isnan(kendall_tau_b([1.0, np.nan], [1.0, 2.0]))
    assert math.isnan(kendall_tau_b([], []))
    with pytest.raises(ValueError, match="equally long"):
        kendall_tau_b([1, 2], [1])


@settings(deadline=None, max_examples=50)  # no deadline: the machine may be busy
@given(arrays(bool, st.tuples(st.integers(0, 12), st.integers(0, 12)).map(lambda s: (s[0], s[0]))))
def test_components_match_scipy(adjacency):
    n, labels = components(adjacency)
    n_ref, labels_ref = connected_components(adjacency.astype(int), directed=False)
    assert n == n_ref
    assert labels.tolist() == labels_ref.tolist()


@settings(deadline=None, max_examples=50)  # no deadline: the machine may be busy
@given(_pairs)
def test_spearman_is_scipys_to_the_bit(pair):
    x, y = pair
    with warnings.catch_warnings():  # scipy warns on a constant input
        warnings.simplefilter("ignore")
        theirs = float(spearmanr(x, y).statistic)
    ours = spearman_rho(x, y)
    assert (math.isnan(ours) and math.isnan(theirs)) or ours == theirs


@settings(deadline=None, max_examples=50)  # no deadline: the machine may be busy
@given(arrays(np.float64, st.integers(0, 30), elements=st.sampled_from([0.5, 1.0, 2.0, 7.25])))
def test_average_ranks_are_scipys(v):
    assert average_ranks(v).tolist() == rankdata(v).tolist()
