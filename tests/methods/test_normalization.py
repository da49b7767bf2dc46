"""Normalisations, checked on small matrices by hand."""

from __future__ import annotations

import numpy as np
import pytest

from partnerselect.methods import normalization as nz

X = np.array([[1.0, 10.0], [3.0, 20.0], [4.0, 40.0]])
SIGNS = np.array([1, -1])


def test_vector():
    # column 1: sqrt(1 + 9 + 16) = sqrt(26); direction kept for the cost column
    np.testing.assert_allclose(nz.vector(X)[:, 0], np.array([1, 3, 4]) / np.sqrt(26))
    np.testing.assert_allclose(nz.vector(X)[:, 1], np.array([10, 20, 40]) / np.sqrt(2100))


def test_minmax_orients_cost():
    np.testing.assert_allclose(nz.minmax(X, SIGNS), [[0, 1], [2 / 3, 2 / 3], [1, 0]])


def test_sum_and_max_keep_direction():
    np.testing.assert_allclose(nz.sum_(X)[:, 1], [10 / 70, 20 / 70, 40 / 70])
    np.testing.assert_allclose(nz.max_abs(X)[:, 0], [0.25, 0.75, 1.0])


def test_linear_max_cost_is_min_over_x():
    np.testing.assert_allclose(nz.linear_max(X, SIGNS), [[0.25, 1.0], [0.75, 0.5], [1.0, 0.25]])


def test_linear_sum_cost_is_inverse_share():
    inv = np.array([1 / 10, 1 / 20, 1 / 40])
    np.testing.assert_allclose(nz.linear_sum(X, SIGNS)[:, 1], inv / inv.sum())
    np.testing.assert_allclose(nz.linear_sum(X, SIGNS)[:, 0], [1 / 8, 3 / 8, 4 / 8])


def test_zero_columns_never_nan():
    z = np.zeros((3, 1))
    for name, fn in nz.NORMALIZATIONS.items():
        out = fn(z, np.array([1]))
        assert np.all(np.isfinite(out)), name
    assert nz.minmax(np.full((2, 1), 5.0), np.array([-1])).ravel().tolist() == [1.0, 1.0]


@pytest.mark.parametrize("name", sorted(nz.NORMALIZATIONS))
def test_input_untouched(name):
    x = X.copy()
    nz.normalize(x, SIGNS, name)
    np.testing.assert_array_equal(x, X)
