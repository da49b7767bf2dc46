"""Ties in sampled ranks: identical partners share a rank everywhere ranks are sampled."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.sensitivity._core import _rank_batch

from ._sens_helpers import make_problem, runnable_methods

METHODS = runnable_methods()


def _with_twin(seed: int, m: int, n: int) -> ps.Problem:
    """A random problem whose last partner is an exact copy of the first; every other
    cell carries a normal uncertainty (the twins' cells are fixed, so they stay equal)."""
    base = make_problem(m, n, seed)
    matrix = pd.concat([base.matrix, base.matrix.iloc[[0]].rename(index=lambda _: "twin")])
    rows, idx = [], []
    for p in base.partners[1:]:
        for c in base.criteria:
            rows.append(("normal", float(base.matrix.loc[p, c]), 0.1))
            idx.append((p, c))
    unc = pd.DataFrame(rows, columns=["dist", "a", "b"], index=pd.MultiIndex.from_tuples(idx))
    objectives = {
        c: ("max" if s > 0 else "min") for c, s in zip(base.criteria, base.signs, strict=True)
    }
    return ps.Problem.from_frame(
        matrix, objectives=objectives, weights=list(base.weight_vector), uncertainty=unc
    )


# Random data can hit a method's documented degenerate cases (CoCoSo when the twins are worst
# on every criterion); the warning says so, and the twins must still be treated alike.
@pytest.mark.filterwarnings("ignore::partnerselect.errors.DegenerateDataWarning")
@settings(max_examples=15, deadline=None)
@given(
    st.sampled_from(METHODS),
    st.integers(0, 10_000),
    st.integers(2, 5),
    st.integers(2, 4),
    st.booleans(),
)
def test_identical_partners_get_identical_acceptabilities(method, seed, m, n, sample_data):
    pb = _with_twin(seed, m, n)
    res = ps.sensitivity.smaa(pb, method, n_samples=300, random_state=seed, sample_data=sample_data)
    acc = res.acceptability
    assert acc.loc[pb.partners[0]].tolist() == acc.loc["twin"].tolist()
    assert np.allclose(acc.sum(axis=1), 1.0)
    if sample_data:
        du = ps.sensitivity.data_uncertainty(pb, method, n_samples=200, random_state=seed)
        probs = du.rank_probabilities
        assert probs.loc[pb.partners[0]].tolist() == probs.loc["twin"].tolist()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 4), min_size=1, max_size=8))
def test_rank_batch_is_competition_ranking(values):
    u = np.array(values, dtype=float)
    got = _rank_batch(u[None, :])[0]
    expected = [1 + int(np.sum(u > v)) for v in u]  # 1 + number strictly better
    assert got.tolist() == expected
    assert _rank_batch(-u[None, :], higher_is_better=False)[0].tolist() == expected
