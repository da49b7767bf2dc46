"""SMAA-2 with joint draws of the criteria values you supply (``data_samples``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError


def _problem() -> ps.Problem:
    df = pd.DataFrame({"q": [0.5, 0.4, 0.1], "c": [0.2, 0.5, 0.9]}, index=["a", "b", "c"])
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})


def test_draws_paired_in_order_with_the_weights() -> None:
    rng = np.random.default_rng(3)
    V = rng.uniform(size=(500, 3, 2))
    W = rng.dirichlet(np.ones(2), size=500)
    res = ps.sensitivity.smaa(
        _problem(), "wsm", normalization="none", weights=W, data_samples=V, progress=False
    )
    # independent count: draw k scored with weight row k
    best = np.argmax(np.einsum("kij,kj->ki", V, W), axis=1)
    np.testing.assert_allclose(
        res.acceptability[1].to_numpy(), np.bincount(best, minlength=3) / 500
    )
    for i in range(3):
        if (best == i).any():
            np.testing.assert_allclose(res.central_weights.iloc[i], W[best == i].mean(axis=0))
    # confidence factors: the same 500 draws, in order, at each central weight vector
    for i in range(3):
        if (best == i).any():
            cw = W[best == i].mean(axis=0)
            expected = np.mean(np.argmax(V @ cw, axis=1) == i)
            assert res.confidence.iloc[i] == pytest.approx(expected)
    assert res.sample_data


def test_fewer_draws_are_resampled_and_noted() -> None:
    V = np.stack([np.array([[1.0, 0.0], [0.0, 1.0], [0.2, 0.2]])] * 4)
    res = ps.sensitivity.smaa(
        _problem(), "wsm", normalization="none", n_samples=2_000, data_samples=V,
        random_state=0, progress=False,
    )  # fmt: skip
    assert res.acceptability.loc["c", 1] == 0.0
    assert any("resampled" in note for note in res.notes)


@pytest.mark.parametrize(
    ("draws", "match"),
    [
        (np.zeros((5, 2, 2)), "shape"),
        (np.zeros((0, 3, 2)), "shape"),
        (np.zeros((3, 2)), "shape"),
        (np.array([[[0.1, np.nan], [0.2, 0.3], [0.4, 0.5]]]), "draw 0, partner position 0"),
        ([[["x", 1], [1, 1], [1, 1]]], "array of numbers"),
    ],
)
def test_bad_draws_are_refused(draws, match) -> None:
    with pytest.raises(ParameterError, match=match):
        ps.sensitivity.smaa(_problem(), "wsm", n_samples=10, data_samples=draws, progress=False)
