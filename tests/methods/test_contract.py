"""Contract every registered method honours (parametrised over ``list_methods()``).

A new method registered anywhere is covered automatically; add an invalid parameter value
to ``BAD_PARAMS`` when it has parameters.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import (
    DegenerateDataWarning,
    MissingValueError,
    ParameterError,
    TieWarning,
)
from partnerselect.testing import problems

from ._method_data import OBJECTIVES, WEIGHTS

METHODS = ps.list_methods()

#: One invalid value per parameter-taking method (the contract checks the message shape).
BAD_PARAMS = {
    "wsm": {"normalization": "zscore"},
    "aras": {"optimal": "best"},
    "electre1": {"c_threshold": 1.5},
    "electre3": {"p": -1.0},
    "wpm": {"normalization": "vector"},
    "waspas": {"lambda_": 1.5},
    "topsis": {"normalization": "l3"},
    "vikor": {"v": -0.1},
    "promethee1": {"preference": "triangle"},
    "promethee2": {"preference": "v-shape"},  # v-shape needs p
    "codas": {"tau": 0},
    "moora": {"variant": "multimoora"},
    "cocoso": {"lambda_": "half"},
    "spotis": {"bounds": [(0, 1)]},  # one pair for five criteria
}

#: Methods whose ranks may change when the whole weight vector is multiplied by c > 0
#: (through ``scorer``; ``rank()`` normalises weights first so it is always invariant):
#: WASPAS and CoCoSo raise values to the weights, CODAS compares distances with an
#: absolute threshold tau.
NOT_SCALE_INVARIANT = {"waspas", "cocoso", "codas"}

#: Methods that may rank a dominating partner below the dominated one: CODAS's threshold
#: psi can drop the taxicab term for the dominating partner only.
NOT_DOMINANCE_MONOTONE = {"codas"}

MESSAGE = re.compile(r"^The '\w+' parameter of .+ must be .+\. Got .+ instead\.$", re.S)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _quiet_rank(problem, name, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        warnings.simplefilter("ignore", DegenerateDataWarning)
        return ps.rank(problem, name, **kw)


def test_registry_has_the_suite():
    expected = {
        "wsm", "wpm", "waspas", "topsis", "vikor", "promethee1", "promethee2", "edas",
        "mabac", "codas", "copras", "aras", "moora", "marcos", "cocoso", "spotis",
    }  # fmt: skip
    assert expected <= set(METHODS)


@pytest.mark.parametrize("name", METHODS)
def test_ranks_are_one_to_n_and_labels_kept(name, supplier_problem):
    r = _quiet_rank(supplier_problem, name)
    assert list(r.ranks.index) == list(supplier_problem.partners)
    assert list(r.scores.index) == list(supplier_problem.partners)
    assert r.ranks.dtype.kind == "i"
    assert r.ranks.min() == 1
    assert r.ranks.max() <= len(supplier_problem.partners)
    assert np.all(np.isfinite(r.scores.to_numpy()))
    assert r.method == name


@pytest.mark.parametrize("name", METHODS)
def test_inputs_not_mutated(name, supplier_frame):
    frozen = supplier_frame.copy(deep=True)
    weights = dict(WEIGHTS)
    pb = ps.Problem.from_frame(supplier_frame, objectives=OBJECTIVES, weights=weights)
    values = pb.values.copy()
    params = {"q": [0.0] * 5, "p": [1.0] * 5} if name.startswith("promethee") else {}
    params_copy = {k: list(v) for k, v in params.items()}
    if params:
        params["preference"] = "linear"
    _quiet_rank(pb, name, **params)
    pd.testing.assert_frame_equal(supplier_frame, frozen)
    assert weights == WEIGHTS
    np.testing.assert_array_equal(pb.values, values)
    assert {k: params[k] for k in params_copy} == params_copy


@pytest.mark.parametrize("name", METHODS)
def test_deterministic(name, supplier_problem):
    a = _quiet_rank(supplier_problem, name)
    b = _quiet_rank(supplier_problem, name)
    np.testing.assert_array_equal(a.scores.to_numpy(), b.scores.to_numpy())
    assert a.ranks.tolist() == b.ranks.tolist()


@pytest.mark.parametrize("name", METHODS)
def test_criterion_order_is_irrelevant(name, supplier_frame):
    pb = ps.Problem.from_frame(supplier_frame, objectives=OBJECTIVES, weights=WEIGHTS)
    order = ["ai_engineers", "escalations", "quality", "day_rate", "on_time"]
    permuted = ps.Problem.from_frame(
        supplier_frame[order], objectives={c: OBJECTIVES[c] for c in order}, weights=WEIGHTS
    )
    a, b = _quiet_rank(pb, name), _quiet_rank(permuted, name)
    np.testing.assert_allclose(a.scores.to_numpy(), b.scores.to_numpy(), rtol=1e-12, atol=1e-14)
    assert a.ranks.tolist() == b.ranks.tolist()


@pytest.mark.parametrize("name", METHODS)
def test_weight_batch_equals_single_calls(name, supplier_problem):
    rng = np.random.default_rng(7)
    W = rng.dirichlet(np.ones(5), size=6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        batch = ps.get_method(name).scorer(supplier_problem)(W)
    assert batch.shape == (6, 5)
    for k, w in enumerate(W):
        single = _quiet_rank(supplier_problem.replace(weights=list(w)), name).scores.to_numpy()
        np.testing.assert_allclose(batch[k], single, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", METHODS)
def test_nan_rejected_the_same_way(name, supplier_frame):
    df = supplier_frame.copy()
    df.loc["P3", "quality"] = np.nan
    with pytest.raises(MissingValueError, match="partner 'P3', criterion 'quality'"):
        ps.rank(ps.Problem.from_frame(df, objectives=OBJECTIVES), name)


@pytest.mark.parametrize("name", METHODS)
def test_unknown_parameter(name, supplier_problem):
    with pytest.raises(ParameterError, match="unknown parameter"):
        ps.rank(supplier_problem, name, no_such_parameter=1)


@pytest.mark.parametrize("name", METHODS)
def test_bad_parameter_value_message_shape(name, supplier_problem):
    if not ps.get_method(name).defaults:
        assert name not in BAD_PARAMS
        return
    assert name in BAD_PARAMS, f"add an invalid value for {name} to BAD_PARAMS"
    with pytest.raises(ParameterError) as info:
        ps.rank(supplier_problem, name, **BAD_PARAMS[name])
    assert MESSAGE.match(str(info.value)), str(info.value)


# ------------------------------------------------------------------ hypothesis properties
@pytest.mark.parametrize("name", METHODS)
@SETTINGS
@given(pb=problems(min_partners=2, max_partners=7, max_criteria=5), data=st.data())
def test_permuting_partners_permutes_ranks(name, pb, data):
    perm = data.draw(st.permutations(list(pb.partners)))
    a = _quiet_rank(pb, name)
    b = _quiet_rank(pb.subset(perm), name)
    np.testing.assert_allclose(
        b.scores.to_numpy(), a.scores[perm].to_numpy(), rtol=1e-9, atol=1e-12
    )
    assert b.ranks.tolist() == a.ranks[perm].tolist()


@pytest.mark.parametrize("name", sorted(set(METHODS) - NOT_DOMINANCE_MONOTONE))
@SETTINGS
@given(pb=problems(min_partners=2, max_partners=7, max_criteria=5), data=st.data())
def test_dominating_partner_never_ranks_below(name, pb, data):
    n = pb.shape[1]
    b = data.draw(st.sampled_from(list(pb.partners)))
    gain = np.asarray(data.draw(st.lists(st.floats(0.0, 0.5), min_size=n, max_size=n)))
    gain[data.draw(st.integers(0, n - 1))] += 0.05  # strictly better somewhere
    row = pb.matrix.loc[b].to_numpy()
    better = np.where(pb.signs > 0, row * (1 + gain), row / (1 + gain))
    df = pd.concat([pb.matrix, pd.DataFrame([better], index=["DOM"], columns=pb.criteria)])
    objectives = dict(zip(pb.criteria, ["max" if s > 0 else "min" for s in pb.signs], strict=True))
    bigger = ps.Problem.from_frame(df, objectives=objectives, weights=list(pb.weight_vector))
    r = _quiet_rank(bigger, name)
    assert r.ranks["DOM"] <= r.ranks[b]


@pytest.mark.parametrize("name", sorted(set(METHODS) - NOT_SCALE_INVARIANT))
@SETTINGS
@given(pb=problems(min_partners=2, max_partners=7, max_criteria=5), c=st.floats(0.05, 20.0))
def test_scaling_weights_keeps_ranks(name, pb, c):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateDataWarning)
        method = ps.get_method(name)
        score = method.scorer(pb)
    w = pb.weight_vector[None, :]
    s1, sc = score(w)[0], score(c * w)[0]
    d1, dc = s1[:, None] - s1[None, :], sc[:, None] - sc[None, :]
    t1, tc = 1e-9 * np.abs(s1).max() + 1e-15, 1e-9 * np.abs(sc).max() + 1e-15
    # no pair clearly ordered one way at weight w and clearly the other way at c * w
    assert not np.any((d1 > t1) & (dc < -tc))
    assert not np.any((d1 < -t1) & (dc > tc))


@pytest.mark.parametrize("name", METHODS)
def test_rank_is_invariant_to_weight_scale(name, supplier_frame):
    # rank() normalises weights, so even WASPAS/CoCoSo/CODAS are invariant here
    a = _quiet_rank(
        ps.Problem.from_frame(supplier_frame, objectives=OBJECTIVES, weights=WEIGHTS), name
    )
    scaled = {k: 7 * v for k, v in WEIGHTS.items()}
    b = _quiet_rank(
        ps.Problem.from_frame(supplier_frame, objectives=OBJECTIVES, weights=scaled), name
    )
    np.testing.assert_allclose(a.scores.to_numpy(), b.scores.to_numpy(), rtol=1e-12)
