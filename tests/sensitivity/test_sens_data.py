"""Monte Carlo over data uncertainty."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import partnerselect as ps
from partnerselect.errors import DegenerateDataWarning, ParameterError
from partnerselect.methods import Method
from partnerselect.sensitivity import data_uncertainty


def _normal_vs_fixed() -> ps.Problem:
    unc = pd.DataFrame(
        {"dist": ["normal"], "a": [2.0], "b": [1.0]},
        index=pd.MultiIndex.from_tuples([("p1", "q")], names=["partner_id", "criterion"]),
    )
    df = pd.DataFrame({"q": [2.0, 2.5, 0.0]}, index=["p1", "p2", "p3"])
    return ps.Problem.from_frame(df, objectives={"q": "max"}, uncertainty=unc)


def test_p_best_matches_the_normal_tail():
    # p1 ~ N(2, 1) beats the fixed p2 = 2.5 with probability 1 - Phi(0.5) = 0.3085 and
    # falls below p3 = 0 with probability Phi(-2) = 0.0228.
    n = 8000
    res = data_uncertainty(_normal_vs_fixed(), "wsm", n_samples=n, random_state=0)
    p_best = 1 - stats.norm.cdf(0.5)
    p_last = stats.norm.cdf(-2.0)
    se = np.sqrt(p_best * (1 - p_best) / n)
    assert res.p_best["p1"] == pytest.approx(p_best, abs=4 * se)
    assert res.rank_probabilities.loc["p1", 3] == pytest.approx(p_last, abs=0.006)
    probs = res.rank_probabilities.to_numpy()
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert np.allclose(probs.sum(axis=0), 1.0)
    assert res.expected_rank.to_numpy() == pytest.approx(probs @ np.arange(1, 4))
    assert res.rank_quantiles.loc["p2", 0.5] in (1, 2)
    assert res.rank_quantiles.loc["p3", 0.05] >= 2
    assert res.n_failed == 0


def test_evaluation_like_input_seed_and_joint_weights():
    pb = _normal_vs_fixed()

    class Evaluation:
        problem = pb

    a = data_uncertainty(Evaluation(), "topsis", n_samples=300, random_state=3)
    b = data_uncertainty(pb, "topsis", n_samples=300, random_state=3)
    pd.testing.assert_frame_equal(a.rank_probabilities, b.rank_probabilities)
    assert a.random_state == 3
    joint = data_uncertainty(pb, "topsis", n_samples=300, random_state=3, joint_weights=True)
    assert joint.joint_weights
    assert np.allclose(joint.rank_probabilities.sum(axis=1), 1.0)


def test_no_uncertainty_is_deterministic_with_a_note():
    df = pd.DataFrame({"q": [1.0, 3.0], "c": [2.0, 1.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"})
    res = data_uncertainty(pb, "topsis", n_samples=50, random_state=0)
    assert res.p_best.tolist() == [0.0, 1.0]
    assert "no uncertainty" in res.notes[0]


class _NeedsPositive(Method):
    """Geometric-mean score that cannot take values <= 0 (not registered)."""

    label = "positive-only"
    defaults: ClassVar[Mapping[str, Any]] = {}

    def kernel(self, matrix, signs, weights, **params):
        if np.any(matrix <= 0):
            msg = "values must be positive"
            raise ValueError(msg)
        return np.exp(np.atleast_2d(weights) @ np.log(matrix).T)


def test_failed_samples_are_skipped_with_a_warning():
    # p1 ~ N(2, 1) is <= 0 with probability Phi(-2) = 2.3 %: those samples fail.
    with pytest.warns(DegenerateDataWarning, match="skipped"):
        res = data_uncertainty(
            _normal_vs_fixed().subset(["p1", "p2"]),
            _NeedsPositive(),
            n_samples=2000,
            random_state=1,
        )
    assert 0 < res.n_failed < 100
    assert res.n_samples + res.n_failed == 2000


def test_errors():
    pb = _normal_vs_fixed()
    with pytest.raises(ParameterError, match="'n_samples'"):
        data_uncertainty(pb, "wsm", n_samples=0)
    with pytest.raises(ParameterError, match="'quantiles'"):
        data_uncertainty(pb, "wsm", n_samples=10, quantiles=[1.5])
