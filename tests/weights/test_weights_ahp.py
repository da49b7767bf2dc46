"""AHP: priorities, consistency figures, validation, incomplete judgments."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import InconsistencyWarning, JudgmentError, ParameterError

W = ps.weights

DRINKS = [
    [1.0, 9.0, 5.0, 2.0, 1.0, 1.0, 0.5],
    [1 / 9, 1.0, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [0.2, 3.0, 1.0, 1 / 3, 0.25, 1 / 3, 1 / 9],
    [0.5, 9.0, 3.0, 1.0, 0.5, 1.0, 1 / 3],
    [1.0, 9.0, 4.0, 2.0, 1.0, 2.0, 0.5],
    [1.0, 9.0, 3.0, 1.0, 0.5, 1.0, 1 / 3],
    [2.0, 9.0, 9.0, 3.0, 2.0, 3.0, 1.0],
]


def consistent(w: np.ndarray) -> np.ndarray:
    return w[:, None] / w[None, :]


weight_vectors = st.integers(1, 8).flatmap(
    lambda n: st.lists(st.floats(1.0, 9.0), min_size=n, max_size=n).map(np.array)
)


def reciprocal_matrices(n_min: int = 3, n_max: int = 6) -> st.SearchStrategy[np.ndarray]:
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1.0, 2.0, 3.0, 5.0, 7.0, 9.0]

    def build(n: int) -> st.SearchStrategy[np.ndarray]:
        k = n * (n - 1) // 2
        return st.lists(st.sampled_from(scale), min_size=k, max_size=k).map(
            lambda vals: _from_upper(n, vals)
        )

    return st.integers(n_min, n_max).flatmap(build)


def _from_upper(n: int, vals: list[float]) -> np.ndarray:
    A = np.ones((n, n))
    iu = np.triu_indices(n, 1)
    A[iu] = vals
    A[(iu[1], iu[0])] = 1.0 / np.asarray(vals)
    return A


# --------------------------------------------------------------------------- consistent


@settings(max_examples=50, deadline=None)
@given(w=weight_vectors, method=st.sampled_from(["eigen", "rgmm"]))
def test_consistent_matrix_recovers_weights_with_cr_zero(w: np.ndarray, method: str) -> None:
    w = w / w.sum()
    res = W.ahp(consistent(w), method=method)
    np.testing.assert_allclose(res.weights.to_numpy(), w, rtol=1e-9, atol=1e-12)
    assert res.consistency_ratio == pytest.approx(0.0, abs=1e-9)
    assert res.gci == pytest.approx(0.0, abs=1e-12)
    assert res.lambda_max == pytest.approx(len(w))
    assert res.judgments_to_revisit.empty


def test_hand_example_4_2_1() -> None:
    res = W.ahp([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]], criteria=["q", "p", "r"])
    assert res.weights.to_dict() == pytest.approx({"q": 4 / 7, "p": 2 / 7, "r": 1 / 7})
    assert res.consistency_index == pytest.approx(0.0, abs=1e-12)


def test_n1_and_n2_have_zero_cr() -> None:
    one = W.ahp([[1]], criteria=["only"])
    assert one.weights.tolist() == [1.0]
    assert one.consistency_ratio == 0.0
    two = W.ahp([[1, 3], [1 / 3, 1]])
    np.testing.assert_allclose(two.weights, [0.75, 0.25])
    assert two.consistency_ratio == 0.0
    assert two.gci == 0.0


# --------------------------------------------------------------------------- inconsistent


@pytest.mark.parametrize(("a", "b", "c"), [(2.0, 2.0, 2.0), (3.0, 5.0, 9.0), (5.0, 3.0, 2.0)])
def test_three_by_three_closed_form(a: float, b: float, c: float) -> None:
    # For n = 3 the eigenvector equals the row geometric mean, lambda_max =
    # 1 + 2 cosh(t/3) with t = ln(a b / c), and GCI = t^2 / 3 (computed by hand).
    A = [[1, a, c], [1 / a, 1, b], [1 / c, 1 / b, 1]]
    g = np.array([(a * c) ** (1 / 3), (b / a) ** (1 / 3), (1 / (b * c)) ** (1 / 3)])
    t = math.log(a * b / c)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InconsistencyWarning)
        eig = W.ahp(A, method="eigen")
        rg = W.ahp(A, method="rgmm")
    np.testing.assert_allclose(eig.weights, g / g.sum(), rtol=1e-9)
    np.testing.assert_allclose(rg.weights, g / g.sum(), rtol=1e-12)
    lam = 1 + 2 * math.cosh(t / 3)
    assert eig.lambda_max == pytest.approx(lam)
    assert eig.consistency_index == pytest.approx((lam - 3) / 2)
    assert eig.consistency_ratio == pytest.approx((lam - 3) / 2 / 0.58)
    assert rg.gci == pytest.approx(t**2 / 3)
    assert rg.gci_threshold == 0.31


def _perturbed(a14: float) -> np.ndarray:
    A = consistent(np.array([8.0, 4.0, 2.0, 1.0]))
    A[0, 3], A[3, 0] = a14, 1 / a14
    return A


def test_gci_one_perturbed_judgment_by_hand() -> None:
    # Log least squares on a complete graph: perturbing one edge by d leaves a residual
    # d/2 on it, d/4 on the 4 edges sharing a vertex, 0 on the last: GCI = d^2 / 6.
    d = math.log(2 / 8)
    res = W.ahp(_perturbed(2.0), method="rgmm")
    assert res.gci == pytest.approx(d**2 / 6)
    assert res.gci_threshold == 0.35
    assert res.is_consistent  # 0.32 <= 0.35


def test_inconsistent_judgments_warn_and_name_the_judgment() -> None:
    labels = ["c1", "c2", "c3", "c4"]
    with pytest.warns(InconsistencyWarning, match=r"c4/c1 given 8"):
        res = W.ahp(pd.DataFrame(_perturbed(1 / 8), index=labels, columns=labels))
    assert res.consistency_ratio > 0.1
    assert not res.is_consistent
    top = res.most_inconsistent(1).iloc[0]
    assert (top.criterion_i, top.criterion_j, top.judgment) == ("c4", "c1", pytest.approx(8.0))
    # the value consistent with the priorities is w4 / w1, and the ratio e = a w_j / w_i
    w = res.weights
    assert top.consistent_value == pytest.approx(w["c4"] / w["c1"])
    assert top.ratio == pytest.approx(8.0 * w["c1"] / w["c4"])
    assert len(res.judgments_to_revisit) == 3
    with pytest.warns(InconsistencyWarning, match=r"GCI = .* > 0.35"):
        rg = W.ahp(_perturbed(1 / 8), method="rgmm")
    assert rg.gci == pytest.approx(math.log(1 / 64) ** 2 / 6)


def test_cr_threshold_is_configurable() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = W.ahp(_perturbed(1 / 8), cr_threshold=10.0)
    assert res.is_consistent


# --------------------------------------------------------------------------- validation


@settings(max_examples=50, deadline=None)
@given(
    n=st.integers(2, 7),
    data=st.data(),
    v=st.sampled_from([2.0, 3.0, 5.0, 9.0, 1 / 2, 1 / 3]),
)
def test_broken_reciprocal_is_rejected_naming_the_cell(
    n: int, data: st.DataObject, v: float
) -> None:
    i, j = sorted(data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True)))
    A = np.ones((n, n))
    A[i, j] = A[j, i] = v  # v * v != 1
    labels = [f"k{k}" for k in range(n)]
    with pytest.raises(JudgmentError, match="not reciprocal") as info:
        W.ahp(pd.DataFrame(A, index=labels, columns=labels))
    assert {info.value.row, info.value.column} == {labels[i], labels[j]}
    assert f"'{labels[i]}'" in str(info.value)
    assert f"'{labels[j]}'" in str(info.value)


def test_reciprocity_message_gives_both_values_and_the_fix() -> None:
    A = [[1, 3, 1], [0.5, 1, 1], [1, 1, 1]]
    with pytest.raises(JudgmentError) as info:
        W.ahp(A, criteria=["quality", "price", "risk"])
    text = str(info.value)
    assert "('quality', 'price') is 3" in text
    assert "('price', 'quality') is 0.5" in text
    assert "1/3" in text
    assert "ahp_from_upper" in text


def test_rounded_reciprocals_are_accepted() -> None:
    res = W.ahp([[1, 3], [0.333, 1]])
    a = math.sqrt(3 / 0.333)
    np.testing.assert_allclose(res.weights, [a / (1 + a), 1 / (1 + a)])


@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        ([[1, 12], [1 / 12, 1]], "outside Saaty's 1-9 scale"),
        ([[1, 0], [0, 1]], "positive"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[2, 1], [1, 1]], "diagonal"),
        ([[1, 2, 3], [0.5, 1, 2]], "square"),
        ([[1, "abc"], [1, 1]], "not a number"),
        ([[1, np.inf], [0, 1]], "positive"),
    ],
)
def test_malformed_matrices_raise_judgment_error(matrix: list, match: str) -> None:
    with pytest.raises(JudgmentError, match=match):
        W.ahp(matrix)


def test_fraction_strings_and_one_sided_pairs() -> None:
    labels = ["a", "b", "c"]
    frame = pd.DataFrame(
        [[1, "1/2", None], [None, 1, "1/2"], [4, None, 1]], index=labels, columns=labels
    )
    res = W.ahp(frame)  # b = 2a, c = 2b, c = 4a: consistent
    np.testing.assert_allclose(res.weights, np.array([1, 2, 4]) / 7)


def test_bad_parameters() -> None:
    with pytest.raises(ParameterError, match="'method' parameter of AHP"):
        W.ahp([[1]], method="power")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="random_index"):
        W.ahp([[1]], random_index="dd")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- incomplete


@pytest.mark.parametrize("method", ["eigen", "rgmm"])
def test_missing_judgment_is_completed_consistently(method: str) -> None:
    A = consistent(np.array([8.0, 4.0, 2.0, 1.0]))
    A[0, 3] = A[3, 0] = np.nan
    res = W.ahp(A, method=method)
    np.testing.assert_allclose(res.weights, np.array([8, 4, 2, 1]) / 15, rtol=1e-9)
    assert res.n_missing == 1
    assert res.matrix.iloc[0, 3] == pytest.approx(8.0)
    assert res.consistency_ratio == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("method", ["eigen", "rgmm"])
def test_spanning_tree_of_judgments(method: str) -> None:
    # a/b = 2 and b/c = 3 only: the completion is consistent, w ~ (6, 3, 1).
    res = W.from_judgments({"a/b": 2, ("b", "c"): 3}, method=method)  # type: ignore[dict-item]
    np.testing.assert_allclose(res.weights, np.array([6, 3, 1]) / 10, rtol=1e-9)


def test_disconnected_comparisons_are_rejected() -> None:
    with pytest.raises(JudgmentError, match=r"a, b are never compared .* with c, d"):
        W.from_judgments({"a/b": 2, "c/d": 3})


# --------------------------------------------------------------------------- builders


def test_ahp_from_upper_flat_and_matrix() -> None:
    flat = W.ahp_from_upper([2, 4, 2], criteria=["a", "b", "c"])
    mat = W.ahp_from_upper([[1, 2, 4], [99, 1, 2], [99, 99, 1]], criteria=["a", "b", "c"])
    np.testing.assert_allclose(flat.weights, [4 / 7, 2 / 7, 1 / 7])
    np.testing.assert_allclose(mat.weights, [4 / 7, 2 / 7, 1 / 7])
    with pytest.raises(JudgmentError, match="need 3 upper-triangle judgments"):
        W.ahp_from_upper([2, 4], criteria=["a", "b", "c"])


def test_from_judgments_errors() -> None:
    with pytest.raises(JudgmentError, match="Did you mean 'price'"):
        W.from_judgments({"quality/prise": 3}, criteria=["quality", "price"])
    with pytest.raises(JudgmentError, match="must name two criteria"):
        W.from_judgments({"quality-price": 3})
    res = W.ahp({("a", "b"): 3, ("b", "a"): 1 / 3})  # both directions, reciprocal
    np.testing.assert_allclose(res.weights, [0.75, 0.25])


# --------------------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None)
@given(A=reciprocal_matrices(), data=st.data(), method=st.sampled_from(["eigen", "rgmm"]))
def test_permuting_criteria_permutes_weights(
    A: np.ndarray, data: st.DataObject, method: str
) -> None:
    n = len(A)
    perm = np.array(data.draw(st.permutations(range(n))))
    labels = [f"c{k}" for k in range(n)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InconsistencyWarning)
        base = W.ahp(A, method=method, criteria=labels)
        other = W.ahp(A[np.ix_(perm, perm)], method=method, criteria=[labels[p] for p in perm])
    pd.testing.assert_series_equal(other.weights.reindex(labels), base.weights, rtol=1e-9)
    assert other.consistency_ratio == pytest.approx(base.consistency_ratio, abs=1e-9)
    assert other.gci == pytest.approx(base.gci, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(A=reciprocal_matrices(3, 9))
def test_matches_pymcdm_ahp(A: np.ndarray) -> None:
    # pymcdm uses the principal eigenvector too, but Tummala & Ling's random index.
    from pymcdm.weights.subjective import AHP

    ref = AHP(matrix=A.copy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InconsistencyWarning)
        res = W.ahp(A)
    np.testing.assert_allclose(res.weights.to_numpy(), ref(), rtol=1e-7, atol=1e-10)
    ri_pymcdm = AHP.RI_M[len(A) - 1]
    assert res.consistency_index == pytest.approx(ref.get_cr() * ri_pymcdm, abs=1e-9)


def test_drinks_matches_pymcdm_weights() -> None:
    from pymcdm.weights.subjective import AHP

    res = W.ahp(np.array(DRINKS))
    np.testing.assert_allclose(res.weights.to_numpy(), AHP(matrix=np.array(DRINKS))(), rtol=1e-9)


def test_result_display_and_mapping() -> None:
    res = W.ahp([[1, 2], [0.5, 1]], criteria=["a", "b"])
    assert "AHPResult (eigen" in repr(res)
    assert "a=0.667" in repr(res)
    assert "<table" in res._repr_html_()
    assert res.to_frame()["rank"].tolist() == [1, 2]
    assert dict(res) == pytest.approx({"a": 2 / 3, "b": 1 / 3})
    assert res.provenance["judgments"] == {"a/b": 2.0}
    flipped = W.ahp([[1, 1 / 3], [3, 1]], criteria=["a", "b"])
    assert flipped.provenance["judgments"] == {"b/a": 3.0}
    assert res.provenance["consistency_ratio"] == 0.0


def test_ahp_options_are_keyword_only_with_a_deprecation_path():
    A = [[1, 3], [1 / 3, 1]]
    new = W.ahp(A, "eigen", criteria=["a", "b"])
    with pytest.warns(DeprecationWarning, match="pass criteria by keyword"):
        old = W.ahp(A, "eigen", ["a", "b"])
    assert old.weights.tolist() == new.weights.tolist()
    with pytest.warns(DeprecationWarning, match="pass aggregation by keyword"):
        W.group_ahp([A, A], "eigen", "priorities")
