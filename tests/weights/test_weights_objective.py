"""Objective weights: entropy, CRITIC, standard deviation, MEREC."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import partnerselect as ps
from partnerselect.errors import (
    ConstantCriterionWarning,
    DataError,
    DegenerateDataWarning,
    ParameterError,
)

W = ps.weights
FUNCS = {"entropy": W.entropy, "critic": W.critic, "std_dev": W.std_dev, "merec": W.merec}


def problem(data: dict[str, list[float]], objectives: dict[str, str] | None = None) -> ps.Problem:
    df = pd.DataFrame(data, index=[f"p{k}" for k in range(len(next(iter(data.values()))))])
    objectives = objectives or dict.fromkeys(data, "max")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConstantCriterionWarning)
        return ps.Problem.from_frame(df, objectives=objectives)


positive_matrices = st.tuples(st.integers(3, 7), st.integers(2, 5)).flatmap(
    lambda s: arrays(float, s, elements=st.floats(1.0, 100.0)).filter(
        # varying columns, not all perfectly correlated (CRITIC is undefined otherwise)
        lambda a: (
            bool(np.all(np.ptp(a, axis=0) > 1e-3))
            and (1 - np.corrcoef(a, rowvar=False)).sum() > 1e-6
        )
    )
)


@settings(max_examples=40, deadline=None)
@given(X=positive_matrices, data=st.data(), name=st.sampled_from(sorted(FUNCS)))
def test_permuting_criteria_permutes_weights(X: np.ndarray, data: st.DataObject, name: str) -> None:
    n = X.shape[1]
    signs = data.draw(st.lists(st.sampled_from(["max", "min"]), min_size=n, max_size=n))
    perm = data.draw(st.permutations(range(n)))
    cols = [f"c{k}" for k in range(n)]
    base = problem(dict(zip(cols, X.T.tolist(), strict=True)), dict(zip(cols, signs, strict=True)))
    other = problem({cols[p]: X[:, p].tolist() for p in perm}, {cols[p]: signs[p] for p in perm})
    w1, w2 = FUNCS[name](base), FUNCS[name](other)
    assert list(w2.index) == [cols[p] for p in perm]
    pd.testing.assert_series_equal(w2.reindex(cols), w1, rtol=1e-9)
    assert w1.sum() == pytest.approx(1.0)
    assert (w1 >= 0).all()


@settings(max_examples=30, deadline=None)
@given(X=positive_matrices, data=st.data())
def test_matches_pymcdm(X: np.ndarray, data: st.DataObject) -> None:
    from pymcdm import weights as pw

    n = X.shape[1]
    types = np.array(data.draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    cols = [f"c{k}" for k in range(n)]
    pb = problem(
        dict(zip(cols, X.T.tolist(), strict=True)), dict(zip(cols, types.tolist(), strict=True))
    )
    # positive data has no zeros, so entropy conventions agree
    np.testing.assert_allclose(W.entropy(pb), pw.entropy_weights(X), rtol=1e-9)
    np.testing.assert_allclose(W.critic(pb), pw.critic_weights(X), rtol=1e-9)
    np.testing.assert_allclose(W.merec(pb), pw.merec_weights(X, types), rtol=1e-9)
    # pymcdm's std weights use the raw columns (units matter): our normalize=False
    np.testing.assert_allclose(
        W.std_dev(pb, normalize=False), pw.standard_deviation_weights(X), rtol=1e-9
    )
    lo, hi = X.min(axis=0), X.max(axis=0)
    np.testing.assert_allclose(
        W.std_dev(pb), pw.standard_deviation_weights((X - lo) / (hi - lo)), rtol=1e-9
    )


def test_critic_apply_types_matches_scikit_criteria() -> None:
    from skcriteria.preprocessing.weighters import critic_weights

    X = np.array([[3.0, 1, 7], [1, 5, 2], [4, 2, 6], [2, 2, 9]])
    pb = problem({"a": X[:, 0].tolist(), "b": X[:, 1].tolist(), "c": X[:, 2].tolist()},
                 {"a": "max", "b": "min", "c": "max"})  # fmt: skip
    ref = critic_weights(X, objectives=np.array([1, -1, 1]))
    np.testing.assert_allclose(W.critic(pb, apply_types=True), ref, rtol=1e-9)
    assert not np.allclose(W.critic(pb), ref)


def test_entropy_by_hand_and_zeros_warn() -> None:
    pb = problem({"a": [1, 1, 2], "b": [0, 1, 1]})
    # a: p = (1/4, 1/4, 1/2); b: p = (0, 1/2, 1/2) with 0 ln 0 = 0
    Ea = -(2 * 0.25 * math.log(0.25) + 0.5 * math.log(0.5)) / math.log(3)
    Eb = -(2 * 0.5 * math.log(0.5)) / math.log(3)
    d = np.array([1 - Ea, 1 - Eb])
    with pytest.warns(DegenerateDataWarning, match="'b' contain zeros"):
        w = W.entropy(pb)
    np.testing.assert_allclose(w, d / d.sum())


def test_constant_criterion_gets_zero_weight() -> None:
    pb = problem({"a": [1, 2, 4], "b": [3, 3, 3], "c": [5, 1, 2]})
    for name, f in FUNCS.items():
        w = f(pb)
        assert w["b"] == 0.0, name
        assert w.sum() == pytest.approx(1.0)
    # CRITIC leaves the constant column out: same as CRITIC on (a, c) alone
    np.testing.assert_allclose(
        W.critic(pb)[["a", "c"]], W.critic(problem({"a": [1, 2, 4], "c": [5, 1, 2]}))
    )


def test_single_informative_criterion_and_single_criterion() -> None:
    pb = problem({"a": [1, 2, 4], "b": [3, 3, 3]})
    assert W.critic(pb).tolist() == [1.0, 0.0]
    one = problem({"a": [2, 2, 2]})
    for f in FUNCS.values():
        assert f(one).tolist() == [1.0]


def test_degenerate_data_errors_name_the_criterion() -> None:
    flat = problem({"a": [1, 1], "b": [2, 2]})
    for _name, f in FUNCS.items():
        with pytest.raises(DataError, match="undefined"):
            f(flat)
    neg = problem({"a": [1, -2, 3], "b": [1, 2, 3]})
    with pytest.raises(DataError, match="'a' has negative values") as info:
        W.entropy(neg)
    assert info.value.criterion == "a"
    with pytest.raises(DataError, match=r"'a' has a value <= 0 \(-2, row 2\)"):
        W.merec(neg)
    correlated = problem({"a": [1, 2, 3], "b": [2, 4, 6]})
    with pytest.raises(DataError, match="perfectly positively correlated"):
        W.critic(correlated)
    with pytest.raises(DataError, match="at least 2 partners"):
        W.entropy(problem({"a": [1.0], "b": [2.0]}))


def test_bad_arguments() -> None:
    with pytest.raises(ParameterError, match="takes a partnerselect Problem"):
        W.entropy(pd.DataFrame({"a": [1, 2]}))  # type: ignore[arg-type]
    pb = problem({"a": [1, 2, 4], "b": [3, 1, 2]})
    with pytest.raises(ParameterError, match="apply_types"):
        W.critic(pb, apply_types="yes")  # type: ignore[arg-type]


def test_merec_by_hand() -> None:
    # a benefit: n = min/x = (1, 1/2); b cost: n = x/max = (1/4, 1)
    pb = problem({"a": [1, 2], "b": [1, 4]}, {"a": "max", "b": "min"})
    L = np.abs(np.log(np.array([[1, 0.25], [0.5, 1]])))
    S = np.log(1 + L.mean(axis=1))
    E = np.array([np.abs(np.log(1 + L[:, 1 - j] / 2) - S).sum() for j in range(2)])
    np.testing.assert_allclose(W.merec(pb), E / E.sum())
