"""Stacked kernels (many matrices, each with its own weights) against the one-matrix kernel.

Every method that provides :meth:`Method.stacked_kernel` must give, for each matrix of the
stack and each of its weight vectors, the scores of its plain kernel (to rounding), in
either memory layout of the stack (the samplers put the sample axis innermost).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.methods import Method, get_method
from partnerselect.methods.topsis import TOPSIS

CASES = (
    [
        ("topsis", {"normalization": norm})
        for norm in ("vector", "minmax", "max", "sum", "linear_max", "none")
    ]
    + [("wsm", {"normalization": norm}) for norm in ("minmax", "linear_max", "linear_sum", "none")]
    + [
        ("wpm", {"normalization": "linear_max"}),
        ("wpm", {"normalization": "none"}),
        ("waspas", {"lambda_": 0.3}),
        ("vikor", {"v": 0.5}),
        ("vikor", {"v": 0.2}),
        ("moora", {"variant": "ratio"}),
        ("moora", {"variant": "reference_point"}),
    ]
)


def _stack(seed: int, S: int, m: int, n: int, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.5, 20.0, (S, m, n))
    X[0, 1] = X[0, 0]  # identical partners in one matrix
    X[1, :, 0] = 3.0  # a constant column in another
    W = rng.dirichlet(np.ones(n), (S, k))
    W[0, 0, 0] = 0.0  # a zero weight
    signs = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    return X, signs, W


def _reference(method: Method, X: np.ndarray, signs: np.ndarray, W: np.ndarray) -> np.ndarray:
    kwargs = method.params
    return np.stack([method.kernel(X[s], signs, W[s], **kwargs) for s in range(X.shape[0])])


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v))
@pytest.mark.parametrize("layout", ["C", "samples innermost"])
@pytest.mark.parametrize("k", [1, 3, "3 shared"])
def test_stacked_kernel_equals_kernel(name, params, layout, k):
    method = get_method(name, **params)
    assert method.has_stacked_kernel
    X, signs, W = _stack(7, 6, 5, 4, 3 if k == "3 shared" else k)
    if k == "3 shared":  # the same weight vectors for every matrix (confidence factors)
        W = np.broadcast_to(W[:1], W.shape)
        k = 3
    if layout != "C":
        X = np.asfortranarray(X)
    got = method.stacked_kernel(X, signs, W, **params)
    assert got.shape == (6, k, 5)
    np.testing.assert_allclose(got, _reference(method, X, signs, W), rtol=1e-12, atol=1e-14)
    # identical partners get identical scores (the ties rule shares their rank)
    assert np.array_equal(got[0, :, 0], got[0, :, 1])


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.tuples(st.integers(1, 5), st.integers(1, 6), st.integers(1, 4), st.integers(1, 3)),
    case=st.sampled_from(CASES),
)
def test_stacked_kernel_property(seed, shape, case):
    S, m, n, k = shape
    name, params = case
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.1, 1e3, (S, m, n)) * 10.0 ** rng.integers(-3, 4, n)
    W = rng.dirichlet(np.ones(n), (S, k))
    signs = rng.choice([-1.0, 1.0], n)
    method = get_method(name, **params)
    got = method.stacked_kernel(np.asfortranarray(X), signs, W, **params)
    np.testing.assert_allclose(got, _reference(method, X, signs, W), rtol=1e-10, atol=1e-13)


def test_normalizations_of_a_stack_are_per_matrix():
    from partnerselect.methods.normalization import NORMALIZATIONS

    X, signs, _ = _stack(3, 4, 5, 4, 1)
    for name, fn in NORMALIZATIONS.items():
        got = fn(X, signs)
        for s in range(X.shape[0]):
            np.testing.assert_array_equal(got[s], fn(X[s], signs), err_msg=name)


def test_subclass_with_its_own_kernel_does_not_inherit_the_stacked_one():
    class Shifted(TOPSIS):
        def kernel(self, matrix, signs, weights, **params):
            return super().kernel(matrix, signs, weights, **params) + 1.0

    class Plain(Method):
        def kernel(self, matrix, signs, weights, **params):
            return np.atleast_2d(weights) @ matrix.T

    assert not Shifted().has_stacked_kernel
    assert not Plain().has_stacked_kernel
    assert TOPSIS().has_stacked_kernel
    with pytest.raises(NotImplementedError):
        Plain().stacked_kernel(np.ones((1, 2, 2)), np.ones(2), np.ones((1, 1, 2)))


def test_paired_scorer_uses_the_stacked_kernel():
    from partnerselect.sensitivity._core import PairedScorer, bind

    X, _, W = _stack(5, 8, 5, 4, 2)
    df = pd.DataFrame(X[0], columns=list("abcd"))
    pb = ps.Problem.from_frame(df, objectives=["max", "min", "max", "min"])
    scorer = PairedScorer(bind(pb, "topsis", {}))
    got = scorer.utility(X, W)
    assert scorer.stacked
    assert scorer.note is None
    np.testing.assert_allclose(got, _reference(get_method("topsis"), X, pb.signs, W), rtol=1e-12)
