"""scikit-criteria interop: Problem conversion and decision makers as methods."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.methods.skcriteria_adapter import SKCriteriaMethod

skc = pytest.importorskip("skcriteria")


@pytest.fixture
def benefit_problem() -> ps.Problem:
    df = pd.DataFrame({"a": [1.0, 3.0, 2.0], "b": [2.0, 1.0, 2.5]}, index=["x", "y", "z"])
    return ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"}, weights=[0.4, 0.6])


def test_problem_round_trip(supplier_problem):
    dm = supplier_problem.to_skcriteria()
    assert list(dm.alternatives) == list(supplier_problem.partners)
    assert list(dm.criteria) == list(supplier_problem.criteria)
    np.testing.assert_array_equal(dm.iobjectives, supplier_problem.signs)
    back = ps.Problem.from_skcriteria(dm)
    pd.testing.assert_frame_equal(back.matrix, supplier_problem.matrix)
    pd.testing.assert_series_equal(back.weights, supplier_problem.weights)
    assert back.signs.tolist() == supplier_problem.signs.tolist()


def test_rank_with_a_decision_maker(benefit_problem):
    from skcriteria.agg.simple import WeightedSumModel

    r = ps.rank(benefit_problem, WeightedSumModel())
    # by hand: x 0.4 + 1.2 = 1.6, y 1.2 + 0.6 = 1.8, z 0.8 + 1.5 = 2.3
    assert r.scores.tolist() == pytest.approx([1.6, 1.8, 2.3])
    assert r.ranks.tolist() == [3, 2, 1]
    assert r.method == "skcriteria"
    assert "WeightedSumModel" in r.extra["decision_maker"]


def test_pipeline_and_batch_loop(supplier_problem):
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import VectorScaler

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipe = mkpipe(VectorScaler(target="matrix"), TOPSIS())
    method = SKCriteriaMethod(decision_maker=pipe)
    W = np.random.default_rng(3).dirichlet(np.ones(5), size=3)
    theirs = method.scorer(supplier_problem)(W)
    ours = ps.get_method("topsis").scorer(supplier_problem)(W)
    np.testing.assert_allclose(theirs, ours, rtol=1e-9)


def test_lower_is_better_scores_are_oriented():
    from skcriteria.agg.spotis import SPOTIS

    df = pd.DataFrame({"a": [1.0, 3.0, 2.0], "b": [9.0, 4.0, 7.0]}, index=["x", "y", "z"])
    pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "min"})
    r = ps.rank(pb, SPOTIS())
    np.testing.assert_allclose(r.scores, -ps.rank(pb, "spotis").scores, rtol=1e-12)
    assert r.ranks.tolist() == ps.rank(pb, "spotis").ranks.tolist()


def test_decision_maker_refusing_the_problem(supplier_problem):
    from skcriteria.agg.simple import WeightedSumModel

    with pytest.raises(ParameterError, match=r"cannot rank this problem: .*minimize"):
        ps.rank(supplier_problem, WeightedSumModel())


def test_missing_decision_maker(supplier_problem):
    with pytest.raises(ParameterError, match="The 'decision_maker' parameter"):
        SKCriteriaMethod().rank(supplier_problem)
