"""Group AHP: aggregation of judgments (AIJ) and of priorities (AIP), disagreement."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import (
    EvaluatorDisagreementWarning,
    InconsistencyWarning,
    JudgmentError,
    ParameterError,
    WeightError,
)

W = ps.weights
SCALE = [1 / 9, 1 / 5, 1 / 3, 1 / 2, 1.0, 2.0, 3.0, 5.0, 9.0]


def _matrix(n: int, vals: list[float]) -> np.ndarray:
    A = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    A[iu] = vals
    A[(iu[1], iu[0])] = 1.0 / np.asarray(vals)
    return A


matrices = st.integers(2, 6).flatmap(
    lambda n: st.lists(
        st.sampled_from(SCALE), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2
    ).map(lambda v: _matrix(n, v))
)


@settings(max_examples=30, deadline=None)
@given(
    A=matrices,
    k=st.integers(1, 4),
    aggregation=st.sampled_from(["judgments", "priorities"]),
    method=st.sampled_from(["eigen", "rgmm"]),
)
def test_identical_matrices_give_the_single_result(
    A: np.ndarray, k: int, aggregation: str, method: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InconsistencyWarning)
        single = W.ahp(A, method=method)  # type: ignore[arg-type]
        group = W.group_ahp([A] * k, method=method, aggregation=aggregation)  # type: ignore[arg-type]
    np.testing.assert_allclose(group.weights.to_numpy(), single.weights.to_numpy(), rtol=1e-9)
    np.testing.assert_allclose(group.compatibility.to_numpy(), 1.0)
    np.testing.assert_allclose(group.dispersion.to_numpy(), 1.0)
    if aggregation == "judgments":
        assert group.consistency_ratio == pytest.approx(single.consistency_ratio, abs=1e-9)
    else:
        assert group.consistency_ratio is None


def test_aij_two_evaluators_by_hand() -> None:
    # Evaluator weights 3:1 -> group judgment 4^0.75 * 1^0.25 = 2.828 (weighted geo mean).
    with pytest.warns(EvaluatorDisagreementWarning, match=r"bob \(S = 1\.\d+\)"):
        res = W.group_ahp(
            {"alice": {"q/p": 4}, "bob": {"q/p": 1}}, evaluator_weights={"alice": 3, "bob": 1}
        )
    g = 4**0.75
    np.testing.assert_allclose(res.weights, [g / (1 + g), 1 / (1 + g)])
    assert res.group is not None
    assert res.group.raw.loc["q", "p"] == pytest.approx(g)
    assert res.evaluator_weights.tolist() == [0.75, 0.25]
    # weighted sd of ln(4), ln(1) around 0.75 ln 4: sqrt(.75 .25) ln 4
    assert res.dispersion.loc["q", "p"] == pytest.approx(
        math.exp(math.sqrt(0.75 * 0.25) * math.log(4))
    )


def test_aip_geometric_mean_of_priorities_by_hand() -> None:
    A = [[1, 3], [1 / 3, 1]]  # (0.75, 0.25)
    B = [[1, 1], [1, 1]]  # (0.5, 0.5)
    res = W.group_ahp([A, B], aggregation="priorities")
    g = np.array([math.sqrt(0.75 * 0.5), math.sqrt(0.25 * 0.5)])
    np.testing.assert_allclose(res.weights, g / g.sum())
    assert res.individual_cr.tolist() == [0.0, 0.0]
    assert list(res.raw.columns) == ["evaluator_1", "evaluator_2"]
    # Saaty's compatibility of u = (0.75, 0.25) with w: (sum u/w)(sum w/u) / n^2
    u, w = np.array([0.75, 0.25]), res.weights.to_numpy()
    assert res.compatibility["evaluator_1"] == pytest.approx((u / w).sum() * (w / u).sum() / 4)


def test_disagreement_warning_names_evaluator_and_pair() -> None:
    agree = {"a/b": 2, "a/c": 2, "b/c": 1}
    with pytest.warns(EvaluatorDisagreementWarning, match=r"carol \(S = .*a/c|carol \(S"):
        res = W.group_ahp(
            {"alice": agree, "bob": agree, "carol": {"a/b": 1 / 5, "a/c": 1 / 5, "b/c": 1}}
        )
    assert res.compatibility["carol"] > 1.1
    assert res.compatibility["alice"] < res.compatibility["carol"]
    top = res.most_dispersed(1).iloc[0]
    assert {top.criterion_i, top.criterion_j} in ({"a", "b"}, {"a", "c"})


def test_inconsistent_evaluator_is_named() -> None:
    bad = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = W.group_ahp(
            {"eve": bad, "ok": [[1, 1, 1], [1, 1, 1], [1, 1, 1]]}, criteria=["a", "b", "c"]
        )
    texts = [str(w.message) for w in caught if issubclass(w.category, InconsistencyWarning)]
    assert any("evaluator 'eve'" in t for t in texts)
    assert not any("evaluator 'ok'" in t for t in texts)
    assert any("of the group (aggregated)" in t for t in texts)  # 3, 3, 3 around a cycle
    assert res.individual["eve"].consistency_ratio > 0.1
    assert res.individual_cr["ok"] == 0.0


def test_errors_name_the_evaluator() -> None:
    with pytest.raises(JudgmentError, match=r"Evaluator 'bob'.*not reciprocal") as info:
        W.group_ahp({"alice": [[1, 2], [0.5, 1]], "bob": [[1, 2], [2, 1]]})
    assert info.value.source == "bob"
    with pytest.raises(JudgmentError, match=r"Evaluator 'bob'.*'z'"):
        W.group_ahp({"alice": {"x/y": 2}, "bob": {"x/z": 2}})
    with pytest.raises(WeightError, match="No weight given for evaluator 'bob'"):
        W.group_ahp({"alice": {"x/y": 2}, "bob": {"x/y": 2}}, evaluator_weights={"alice": 1})
    with pytest.raises(ParameterError, match="aggregation"):
        W.group_ahp([[[1]]], aggregation="mean")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="at least one"):
        W.group_ahp([])


def test_missing_judgments_aggregate_over_those_who_gave_them() -> None:
    res = W.group_ahp(
        {"alice": {"a/b": 2, "b/c": 2}, "bob": {"a/b": 2, "b/c": 2, "a/c": 4}},
        criteria=["a", "b", "c"],
    )
    assert res.group is not None
    assert res.group.raw.loc["a", "c"] == pytest.approx(4.0)  # only bob gave it
    np.testing.assert_allclose(res.weights, np.array([4, 2, 1]) / 7)
    assert res.provenance["evaluators"]["alice"]["judgments"] == {"a/b": 2.0, "b/c": 2.0}
    assert "GroupAHPResult (judgments" in repr(res)
    assert "<table" in res._repr_html_()
    assert list(res.to_frame().columns) == ["weight", "alice", "bob"]
