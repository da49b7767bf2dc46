"""``==`` of results and configuration objects: by value, NaN-safe, never ambiguous.

Every result is computed twice from equal inputs (two independent computations) and must
compare equal; a changed input must make it compare unequal; ``hash()`` refuses objects
that hold pandas data instead of hashing them by identity.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect._equality import fields_equal, values_equal
from partnerselect.errors import PartnerSelectWarning


def _problem(quality_p3: float = 4.2) -> ps.Problem:
    df = pd.DataFrame(
        {
            "price": [900.0, 1100.0, 1000.0, 950.0, 1200.0],
            "quality": [3.0, 4.5, quality_p3, 3.9, 4.8],
            "delivery": [10.0, 14.0, 12.0, 9.0, 20.0],
        },
        index=["p1", "p2", "p3", "p4", "p5"],
    )
    return ps.Problem.from_frame(
        df,
        objectives={"price": "min", "quality": "max", "delivery": "min"},
        weights={"price": 0.4, "quality": 0.4, "delivery": 0.2},
    )


def _results(pb: ps.Problem) -> dict[str, object]:
    sens = ps.sensitivity
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        smaa = sens.smaa(pb, "topsis", n_samples=300, random_state=3)
        return {
            "Ranking": ps.rank(pb, "topsis"),
            "PartialRanking": ps.rank(pb, "promethee1"),
            "Explanation": ps.rank(pb, "topsis").explain(),
            "Comparison": ps.compare(pb, methods=["topsis", "wsm"]),
            "SMAAResult": smaa,
            "WeightSweep": sens.weight_sweep(pb, "topsis", grid=11),
            "Tornado": sens.tornado(pb, "topsis"),
            "CriticalWeights": sens.critical_weights(pb, "topsis"),
            "StabilityIntervals": sens.stability_intervals(pb, "topsis", grid=21),
            "RankReversalResult": sens.rank_reversal(pb, "topsis"),
            "Verdict": sens.verdict(pb, "topsis", smaa=smaa, check_reversal=False),
            "EffectiveWeights": ps.effective.effective_weight_table(pb, "topsis"),
            "WeightSet": ps.weights.direct({"price": 2, "quality": 2, "delivery": 1}),
            "AHPResult": ps.weights.ahp(np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])),
            "Method": ps.get_method("vikor", v=0.4),
        }


@pytest.fixture(scope="module")
def pairs():
    return _results(_problem()), _results(_problem())


NAMES = [
    "Ranking",
    "PartialRanking",
    "Explanation",
    "Comparison",
    "SMAAResult",
    "WeightSweep",
    "Tornado",
    "CriticalWeights",
    "StabilityIntervals",
    "RankReversalResult",
    "Verdict",
    "EffectiveWeights",
    "WeightSet",
    "AHPResult",
    "Method",
]


@pytest.mark.parametrize("name", NAMES)
def test_equal_computations_compare_equal(pairs, name):
    a, b = pairs[0][name], pairs[1][name]
    assert type(a).__name__ == name or name == "Method"
    assert a is not b
    result = a == b
    assert result is True
    assert (a != b) is False


@pytest.mark.parametrize("name", [n for n in NAMES if n != "Method"])
def test_results_holding_pandas_data_are_unhashable(pairs, name):
    with pytest.raises(TypeError):
        hash(pairs[0][name])


def test_methods_stay_hashable_and_equal_by_parameters():
    a, b = ps.get_method("vikor", v=0.4), ps.get_method("vikor", v=0.4)
    assert a == b
    assert hash(a) == hash(b)
    assert a != ps.get_method("vikor", v=0.5)


@pytest.fixture(scope="module")
def changed():
    return _results(_problem(quality_p3=4.7))


@pytest.mark.parametrize(
    "name",
    [
        "Ranking",
        "PartialRanking",
        "Explanation",
        "Comparison",
        "SMAAResult",
        "WeightSweep",
        "Tornado",
        "CriticalWeights",
        "StabilityIntervals",
        "RankReversalResult",
        "Verdict",
        "EffectiveWeights",
    ],
)
def test_a_changed_input_compares_unequal(pairs, changed, name):
    assert (pairs[0][name] == changed[name]) is False


def test_comparison_with_another_type_is_not_equal(pairs):
    for name, obj in pairs[0].items():
        if name in ("WeightSet", "AHPResult"):
            continue
        assert (obj == "something else") is False, name
        assert (obj == 3) is False, name


def test_weight_sets_compare_all_fields_and_still_equal_a_plain_dict():
    a = ps.weights.direct({"a": 1, "b": 3})
    assert a == ps.weights.direct({"a": 1, "b": 3})
    # same weights from different inputs are different weight sets...
    assert a != ps.weights.direct({"a": 2, "b": 6})
    # ...but a WeightSet still equals the plain mapping of its weights (version 0.1)
    assert a == {"a": 0.25, "b": 0.75}


def test_ahp_results_differ_by_priority_method():
    m = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    eigen = ps.weights.ahp(m, method="eigen")
    assert eigen == ps.weights.ahp(m, method="eigen")
    assert eigen != ps.weights.ahp(m, method="rgmm")


def test_ahp_results_with_missing_judgments_compare_equal():
    """NaN marks a pair not compared: two equal incomplete matrices give equal results."""
    m = np.array([[1, 3, np.nan], [1 / 3, 1, 2], [np.nan, 1 / 2, 1]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        a, b = ps.weights.ahp(m), ps.weights.ahp(m.copy())
    assert a.raw.isna().any().any()
    assert a == b


def test_rankings_of_problems_with_different_names_differ():
    pb = _problem()
    renamed = pb.replace(names=pd.Series({p: f"Vendor {p}" for p in pb.partners}))
    assert ps.rank(pb, "wsm") != ps.rank(renamed, "wsm")


def test_evaluations_compare_by_value(sample_eval):
    same = dataclasses.replace(sample_eval)
    assert same is not sample_eval
    assert same == sample_eval
    assert dataclasses.replace(sample_eval, notes=(*sample_eval.notes, "x")) != sample_eval
    with pytest.raises(TypeError):
        hash(sample_eval)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (np.array([1.0, np.nan]), np.array([1.0, np.nan]), True),
        (np.array([1.0, 2.0]), np.array([1.0, 2.0, 3.0]), False),
        (pd.DataFrame({"x": [np.nan]}), pd.DataFrame({"x": [np.nan]}), True),
        (pd.Series([1.0]), np.array([1.0]), False),
        ({"q": [0.1, float("nan")]}, {"q": (0.1, float("nan"))}, True),
        (np.array(["a", None], dtype=object), np.array(["a", None], dtype=object), True),
        (float("nan"), 0.0, False),
    ],
)
def test_values_equal(a, b, expected):
    assert values_equal(a, b) is expected
    assert values_equal(b, a) is expected


def test_fields_equal_leaves_other_types_to_python():
    @dataclasses.dataclass(frozen=True, eq=False)
    class Box:
        x: np.ndarray

    assert fields_equal(Box(np.array([np.nan])), Box(np.array([np.nan]))) is True
    assert fields_equal(Box(np.array([1.0])), "box") is NotImplemented
