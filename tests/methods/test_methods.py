"""Method-specific behaviour: parameters, explanations, VIKOR's compromise, PROMETHEE I/II."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError, TieWarning
from partnerselect.methods import _batch, promethee, vikor
from partnerselect.methods.promethee_partial import PartialRanking

ADDITIVE = ["wsm", "mabac", "moora", "aras", "marcos", "spotis", "promethee2"]


@pytest.mark.parametrize("name", ADDITIVE)
def test_contributions_sum_to_the_score(name, supplier_problem):
    r = ps.rank(supplier_problem, name)
    assert r.contributions is not None
    assert list(r.contributions.columns) == list(supplier_problem.criteria)
    np.testing.assert_allclose(r.contributions.sum(axis=1), r.scores, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize(
    "name", ["waspas", "wpm", "topsis", "vikor", "edas", "codas", "copras", "cocoso"]
)
def test_non_additive_methods_give_no_contributions(name, supplier_problem):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ps.rank(supplier_problem, name).contributions is None


@pytest.mark.parametrize("name", ps.list_methods())
def test_every_method_explains_itself(name, supplier_problem):
    exp = ps.rank(supplier_problem, name).explain()
    assert len(exp.keys()) >= 2
    assert f"Explanation of {name}" in repr(exp)


def test_square_problem_steps_are_labelled_by_the_right_axis():
    # 3 partners x 3 criteria: shapes alone cannot tell partners from criteria
    df = pd.DataFrame(
        {"c1": [4.0, 3, 5], "c2": [3.0, 2, 1], "c3": [2.0, 4, 3]}, index=["A1", "A2", "A3"]
    )
    pb = ps.Problem.from_frame(df, objectives=["max"] * 3, weights=[0.5, 0.3, 0.2])
    pi = ps.rank(pb, "promethee2").explain()["preference index pi(a, b)"]
    assert list(pi.columns) == ["A1", "A2", "A3"]
    ideal = ps.rank(pb, "topsis").explain()["ideal"]
    assert list(ideal.index) == ["c1", "c2", "c3"]
    # by hand, vector-normalised c1 = [4, 3, 5]/sqrt(50), ideal = 0.5 * 5/sqrt(50)
    assert ideal["c1"] == pytest.approx(0.5 * 5 / np.sqrt(50))


def test_vikor_compromise_when_advantage_fails():
    # Q = [0, 0.1, 0.2, 1.0]: DQ = 1/3, Q(A2)-Q(A1) = 0.1 < DQ -> A1..AM with Q - Q(A1) < 1/3
    S, R, Q = (
        np.array([0, 0.1, 0.2, 1.0]),
        np.array([0, 0.1, 0.2, 1.0]),
        np.array([0, 0.1, 0.2, 1.0]),
    )
    out = vikor.compromise(S, R, Q)
    assert out["acceptable_advantage"] is False
    assert out["acceptable_stability"] is True
    assert out["compromise_set"] == [0, 1, 2]


def test_vikor_compromise_when_stability_fails():
    # A1 best by Q but neither best by S nor by R -> {A1, A2}
    S, R, Q = np.array([0.2, 0.1, 0.9]), np.array([0.2, 0.3, 0.1]), np.array([0.0, 0.6, 1.0])
    out = vikor.compromise(S, R, Q)
    assert out["acceptable_advantage"] is True
    assert out["acceptable_stability"] is False
    assert out["compromise_set"] == [0, 1]


def test_vikor_extra_on_a_ranking(supplier_problem):
    r = ps.rank(supplier_problem, "vikor", v=0.7)
    extra = r.extra
    assert set(extra) >= {
        "S",
        "R",
        "Q",
        "acceptable_advantage",
        "acceptable_stability",
        "compromise_set",
    }
    assert r.best in extra["compromise_set"]
    np.testing.assert_allclose(extra["Q"], r.scores)


@pytest.mark.parametrize(
    ("kind", "kw", "expected"),
    [
        ("usual", {}, [0.0, 0.0, 1.0, 1.0, 1.0]),
        ("u-shape", {"q": 1.0}, [0.0, 0.0, 0.0, 1.0, 1.0]),
        ("v-shape", {"p": 2.0}, [0.0, 0.0, 0.25, 0.75, 1.0]),
        ("level", {"q": 0.5, "p": 2.0}, [0.0, 0.0, 0.0, 0.5, 1.0]),
        ("linear", {"q": 0.5, "p": 2.5}, [0.0, 0.0, 0.0, 0.5, 1.0]),
    ],
)
def test_preference_functions_by_hand(kind, kw, expected):
    d = np.array([-1.0, 0.0, 0.5, 1.5, 3.0])
    np.testing.assert_allclose(promethee.preference(d, kind, **kw), expected)


def test_gaussian_preference_by_hand():
    # 1 - exp(-d^2 / (2 s^2)) with s = 1, d = 1: 1 - e^-0.5
    assert promethee.preference(np.array([1.0]), "gaussian", s=1.0)[0] == pytest.approx(
        1 - np.exp(-0.5)
    )


def test_promethee_per_criterion_parameters(supplier_problem):
    by_name = ps.rank(
        supplier_problem, "promethee2",
        preference={"day_rate": "linear", "quality": "gaussian"},
        q={"day_rate": 20.0}, p={"day_rate": 100.0}, s={"quality": 0.3},
    )  # fmt: skip
    as_list = ps.rank(
        supplier_problem, "promethee2",
        preference=["linear", "gaussian", "usual", "usual", "usual"],
        q=[20.0, None, None, None, None], p=[100.0, None, None, None, None],
        s=[None, 0.3, None, None, None],
    )  # fmt: skip
    np.testing.assert_allclose(by_name.scores, as_list.scores)


@pytest.mark.parametrize(
    ("params", "pattern"),
    [
        (
            {"preference": "linear", "q": 1.0},
            "The 'p' parameter of PROMETHEE II must be a float >= 0 for criterion",
        ),
        ({"preference": "linear", "q": 2.0, "p": 1.0}, "must be greater than q=2"),
        ({"preference": "gaussian"}, "The 's' parameter"),
        ({"preference": {"nope": "usual"}}, "given per criterion among"),
        ({"preference": "usual", "q": [1, 2]}, "one per criterion: 5 values"),
    ],
)
def test_promethee_bad_parameters(params, pattern, supplier_problem):
    with pytest.raises(ParameterError, match=pattern):
        ps.rank(supplier_problem, "promethee2", **params)


def test_promethee2_batch_matches_pairwise_definition(supplier_problem):
    # naive (S, m, m) computation of the definition on a small batch
    x, s = supplier_problem.values, supplier_problem.signs
    W = np.random.default_rng(0).dirichlet(np.ones(5), size=4)
    m = x.shape[0]
    y = x * s
    P = (y[:, None, :] - y[None, :, :] > 0).astype(float)  # usual, (m, m, n)
    pi = np.einsum("abj,sj->sab", P, W)
    naive = (pi.sum(axis=2) - pi.sum(axis=1)) / (m - 1)
    np.testing.assert_allclose(promethee.promethee2(x, s, W), naive, atol=1e-14)


def test_promethee1_partial_ranking_with_incomparability():
    # usual preference, equal weights. A wins c1 by a lot, B wins c2 and c3 narrowly:
    # phi+(A) = (0.5 + 0.5)/2 = 0.5, phi-(A) = (0.5 + 0.5)/2 = 0.5 ... see assertions
    df = pd.DataFrame({"c1": [9.0, 1.0, 5.0], "c2": [1.0, 9.0, 5.0]}, index=["A", "B", "C"])
    pb = ps.Problem.from_frame(df, objectives=["max", "max"])
    r = ps.rank(pb, "promethee1")
    assert isinstance(r, PartialRanking)
    # each pair splits the criteria 1-1: every flow is 0.5 -> all indifferent, none outranks
    assert r.positive_flow.tolist() == [0.5, 0.5, 0.5]
    assert r.ranks.tolist() == [1, 1, 1]
    assert r.incomparable == []

    df2 = pd.DataFrame(
        {"c1": [3.0, 1.0, 2.0], "c2": [1.0, 3.0, 2.0], "c3": [1.0, 2.0, 3.0]}, index=["A", "B", "C"]
    )
    r2 = ps.rank(
        ps.Problem.from_frame(df2, objectives=["max"] * 3, weights=[0.5, 0.25, 0.25]), "promethee1"
    )
    # pi(A,B) = .5, pi(B,A) = .5; pi(A,C) = .5, pi(C,A) = .5; pi(B,C) = .25, pi(C,B) = .75
    # phi+ = [0.5, 0.375, 0.625], phi- = [0.5, 0.625, 0.375]
    np.testing.assert_allclose(r2.positive_flow, [0.5, 0.375, 0.625])
    np.testing.assert_allclose(r2.negative_flow, [0.5, 0.625, 0.375])
    assert r2.outranking.loc["C", "A"]
    assert r2.outranking.loc["A", "B"]
    assert r2.outranking.loc["C", "B"]
    assert r2.ranks.tolist() == [2, 3, 1]
    assert r2.ties == "partial"


def test_promethee1_incomparable_pair():
    # usual preference, w = (.5, .25, .25); A = (1, 3, 3), B = (3, 1, 1), C = (3, 1, 2)
    # pi(A,B) = .5, pi(B,A) = .5; pi(A,C) = .5, pi(C,A) = .5; pi(B,C) = 0, pi(C,B) = .25
    # phi+ = [.5, .25, .375], phi- = [.5, .375, .25]: A has the larger phi+ AND phi- than
    # B and C (incomparable); C outranks B.
    df = pd.DataFrame(
        {"c1": [1.0, 3.0, 3.0], "c2": [3.0, 1.0, 1.0], "c3": [3.0, 1.0, 2.0]}, index=["A", "B", "C"]
    )
    pb = ps.Problem.from_frame(df, objectives=["max"] * 3, weights=[0.5, 0.25, 0.25])
    r = ps.rank(pb, "promethee1")
    np.testing.assert_allclose(r.positive_flow, [0.5, 0.25, 0.375])
    np.testing.assert_allclose(r.negative_flow, [0.5, 0.375, 0.25])
    assert r.incomparable == [("A", "B"), ("A", "C")]
    assert r.outranking.loc["C", "B"]
    assert not r.outranking.to_numpy()[[0, 0, 1, 2], [1, 2, 0, 0]].any()
    assert r.ranks.tolist() == [1, 2, 1]  # 1 + number of partners outranking it
    # PROMETHEE II completes the order by net flow: A 0, B -0.125, C 0.125
    np.testing.assert_allclose(ps.rank(pb, "promethee2").scores, [0.0, -0.125, 0.125], atol=1e-15)


def test_moora_reference_point_by_hand():
    df = pd.DataFrame({"q": [3.0, 4.0], "price": [1.0, 2.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "price": "min"})
    r = ps.rank(pb, "moora", variant="reference_point")
    # r_q = [3, 4]/5, r_p = [1, 2]/sqrt(5); weighted by 0.5; reference = (0.4, 0.5/sqrt(5))
    # a: max(|0.4 - 0.3|, 0) = 0.1; b: max(0, |0.5/sqrt5 - 1/sqrt5|) = 0.5/sqrt5 = 0.2236
    np.testing.assert_allclose(r.scores, [0.1, 0.5 / np.sqrt(5)])
    assert not r.higher_is_better
    assert r.ranks.tolist() == [1, 2]


def test_wpm_raw_cost_uses_negative_exponent():
    df = pd.DataFrame({"q": [4.0, 9.0], "price": [2.0, 4.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "price": "min"})
    r = ps.rank(pb, "wpm", normalization="none")
    # a: 4^.5 * 2^-.5 = sqrt(2); b: 9^.5 * 4^-.5 = 1.5
    np.testing.assert_allclose(r.scores, [np.sqrt(2), 1.5])


def test_spotis_bounds_forms(supplier_problem):
    bounds = [(500, 800), (1, 5), (0.5, 1.0), (0, 10), (0, 100)]
    a = ps.rank(supplier_problem, "spotis", bounds=bounds).scores
    b = ps.rank(supplier_problem, "spotis", bounds=np.array(bounds)).scores
    c = ps.rank(
        supplier_problem, "spotis", bounds=dict(zip(supplier_problem.criteria, bounds, strict=True))
    ).scores
    np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(a, c)
    # P1: |620-500|/300 * .32 + |4.1-5|/4 * .23 + |.82-1|/.5 * .21 + 3/10 * .14 + |40-100|/100 * .1
    p1 = 120 / 300 * 0.32 + 0.9 / 4 * 0.23 + 0.18 / 0.5 * 0.21 + 0.3 * 0.14 + 0.6 * 0.1
    assert a["P1"] == pytest.approx(p1)
    with pytest.raises(ParameterError, match="The 'bounds' parameter of SPOTIS"):
        ps.rank(supplier_problem, "spotis", bounds={"quality": (5, 1)})


def test_chunked_batches_equal_unchunked(monkeypatch, supplier_problem):
    W = np.random.default_rng(1).dirichlet(np.ones(5), size=9)
    names = ["vikor", "codas", "cocoso", "moora"]
    full = {
        n: ps.get_method(n, **({"variant": "reference_point"} if n == "moora" else {})).scorer(
            supplier_problem
        )(W)
        for n in names
    }
    monkeypatch.setattr(_batch, "ELEMENT_BUDGET", 30)  # forces chunks of one or two samples
    for n in names:
        m = ps.get_method(n, **({"variant": "reference_point"} if n == "moora" else {}))
        np.testing.assert_allclose(m.scorer(supplier_problem)(W), full[n], rtol=1e-12)


def test_waspas_lambda_extremes(supplier_problem):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        one = ps.rank(supplier_problem, "waspas", lambda_=1.0).scores
        zero = ps.rank(supplier_problem, "waspas", lambda_=0.0).scores
    np.testing.assert_allclose(
        one, ps.rank(supplier_problem, "wsm", normalization="linear_max").scores
    )
    np.testing.assert_allclose(zero, ps.rank(supplier_problem, "wpm").scores)


@pytest.mark.parametrize(
    "params",
    [{}, {"preference": "linear", "q": 0.5, "p": 3.0}, {"preference": "gaussian", "s": 2.0}],
)
def test_promethee2_scorer_precomputes_the_same_flows_as_its_kernel(params):
    # the scorer multiplies each batch by unicriterion flows computed once; the kernel
    # rebuilds them per call: same numbers, batch after batch
    rng = np.random.default_rng(11)
    df = pd.DataFrame(rng.uniform(1, 10, (12, 4)), columns=list("abcd"))
    pb = ps.Problem.from_frame(df, objectives=["max", "min", "max", "min"])
    method = ps.get_method("promethee2", **params)
    score = method.scorer(pb)
    kwargs = method.validate(pb)
    for _ in range(3):
        W = rng.dirichlet(np.ones(4), size=50)
        np.testing.assert_allclose(
            score(W), method.kernel(pb.values, pb.signs, W, **kwargs), rtol=0, atol=1e-15
        )
