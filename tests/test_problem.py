"""Problem: construction, validation messages, immutability."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import (
    ConstantCriterionWarning,
    DataError,
    DuplicateError,
    MissingValueError,
    ParameterError,
    SchemaError,
    WeightError,
)


@pytest.fixture
def frame():
    return pd.DataFrame(
        {"price": [900.0, 1100.0, 1000.0], "quality": [3.0, 4.5, 4.0], "note": ["a", "b", "c"]},
        index=["p1", "p2", "p3"],
    )


OBJ = {"price": "min", "quality": "max"}


def test_weights_are_normalised_and_raw_kept(frame):
    pb = ps.Problem.from_frame(frame, objectives=OBJ, weights={"price": 2, "quality": 6})
    assert pb.weights.tolist() == [0.25, 0.75]
    assert pb.raw_weights.tolist() == [2.0, 6.0]
    assert list(pb.criteria) == ["price", "quality"]


def test_equal_weights_when_none(frame):
    pb = ps.Problem.from_frame(frame, objectives=OBJ)
    assert pb.weights.tolist() == [0.5, 0.5]


def test_sequence_objectives_need_one_per_column():
    df = pd.DataFrame({"a": [1, 2], "b": [2, 1]})
    pb = ps.Problem.from_frame(df, objectives=["max", "min"])
    assert pb.signs.tolist() == [1, -1]
    with pytest.raises(SchemaError, match="2 columns"):
        ps.Problem.from_frame(df, objectives=["max"])


def test_nan_names_partner_and_criterion(frame):
    df = frame.copy()
    df.loc["p2", "quality"] = np.nan
    with pytest.raises(MissingValueError) as info:
        ps.Problem.from_frame(df, objectives=OBJ, source="partners.csv")
    err = info.value
    assert (err.partner, err.criterion, err.row) == ("p2", "quality", 2)
    assert "partners.csv" in str(err)
    assert "missing-data policy" in str(err)


def test_duplicate_partner_ids(frame):
    df = frame.rename(index={"p3": "p1"})
    with pytest.raises(DuplicateError, match="'p1' appears more than once"):
        ps.Problem.from_frame(df, objectives=OBJ)


def test_unknown_criterion_suggests_close_name(frame):
    with pytest.raises(SchemaError, match="Did you mean 'quality'") as info:
        ps.Problem.from_frame(frame, objectives={"price": "min", "qualty": "max"})
    assert info.value.column == "qualty"
    assert isinstance(info.value, KeyError)
    assert str(info.value).startswith("Criterion 'qualty'")  # no KeyError quoting


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        ({"price": -1, "quality": 1}, "negative"),
        ({"price": 0, "quality": 0}, "All weights are zero"),
        ({"price": float("inf"), "quality": 1}, "finite"),
        ({"price": "heavy", "quality": 1}, "not a number"),
        ({"price": 1}, "No weight given for criterion 'quality'"),
        ({"price": 1, "quality": 1, "speed": 1}, "'speed', which is not a criterion"),
        ([1.0], "1 weights for 2 criteria"),
    ],
)
def test_bad_weights(frame, weights, match):
    with pytest.raises(WeightError, match=match):
        ps.Problem.from_frame(frame, objectives=OBJ, weights=weights)


def test_non_numeric_and_infinite_values(frame):
    df = frame.astype({"quality": object})
    df.loc["p3", "quality"] = "good"
    with pytest.raises(DataError, match=r"'good' for partner 'p3'.*not a number"):
        ps.Problem.from_frame(df, objectives=OBJ)
    df2 = frame.copy()
    df2.loc["p1", "price"] = np.inf
    with pytest.raises(DataError, match="not finite") as info:
        ps.Problem.from_frame(df2, objectives=OBJ)
    assert info.value.partner == "p1"


def test_empty_table_and_no_criteria(frame):
    with pytest.raises(DataError, match="no rows"):
        ps.Problem.from_frame(frame.iloc[:0], objectives=OBJ)
    with pytest.raises(SchemaError, match="No criteria"):
        ps.Problem.from_frame(frame, objectives={})


def test_bad_objective(frame):
    with pytest.raises(ParameterError, match="Unknown objective 'up' for criterion 'price'"):
        ps.Problem.from_frame(frame, objectives={"price": "up", "quality": "max"})


def test_input_never_mutated_and_problem_frozen(frame):
    before = frame.copy(deep=True)
    pb = ps.Problem.from_frame(frame, objectives=OBJ, weights={"price": 1, "quality": 3})
    pd.testing.assert_frame_equal(frame, before)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pb.weights = None  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        pb.values[0, 0] = 0.0
    frame.loc["p1", "price"] = 1.0  # later edits of the input do not leak into the problem
    assert pb.matrix.loc["p1", "price"] == 900.0


def test_constant_criterion_warns(frame):
    df = frame.assign(flat=5.0)
    with pytest.warns(ConstantCriterionWarning, match="'flat' has the same value"):
        ps.Problem.from_frame(df, objectives={**OBJ, "flat": "max"})


def test_single_partner_does_not_warn():
    pb = ps.Problem.from_frame(pd.DataFrame({"a": [1.0]}, index=["only"]), objectives={"a": "max"})
    assert pb.shape == (1, 1)


def test_replace_and_subset(frame):
    pb = ps.Problem.from_frame(frame, objectives=OBJ, names={"p1": "Acme"})
    pb2 = pb.replace(weights={"price": 3, "quality": 1})
    assert pb2.weights.tolist() == [0.75, 0.25]
    assert pb2.names["p1"] == "Acme"
    sub = pb.subset(["p3", "p1"])
    assert list(sub.partners) == ["p3", "p1"]
    with pytest.raises(ParameterError, match="unknown field"):
        pb.replace(colour="red")


def test_skcriteria_roundtrip(frame):
    pb = ps.Problem.from_frame(frame, objectives=OBJ, weights={"price": 1, "quality": 3})
    dm = pb.to_skcriteria()
    assert list(dm.iobjectives) == [-1, 1]
    back = ps.Problem.from_skcriteria(dm)
    np.testing.assert_allclose(back.values, pb.values)
    np.testing.assert_allclose(back.weight_vector, [0.25, 0.75])
    assert list(back.partners) == ["p1", "p2", "p3"]


def test_repr_and_html_escape():
    df = pd.DataFrame({"a": [1.0, 2.0]}, index=["<b>x</b>", "y"])
    pb = ps.Problem.from_frame(df, objectives={"a": "max"})
    assert "2 partners x 1 criteria" in repr(pb)
    assert "<b>x</b>" not in pb._repr_html_()
    assert "&lt;b&gt;x&lt;/b&gt;" in pb._repr_html_()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("max", 1), ("Benefit", 1), ("cost", -1), ("min", -1), (-1, -1), (1, 1), (max, 1), (min, -1)],
)
def test_objective_parse(text, expected):
    assert int(ps.Objective.parse(text)) == expected


@pytest.mark.parametrize("bad", [True, 0, 2, "best", None])
def test_objective_parse_rejects(bad):
    with pytest.raises(ParameterError):
        ps.Objective.parse(bad)


# --------------------------------------------------------------------------- API edges
def test_duplicate_column_names_are_a_duplicate_error_with_the_fix():
    from partnerselect.errors import DuplicateError

    df = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], columns=["a", "a"], index=["x", "y"])
    with pytest.raises(DuplicateError, match=r"Column 'a' appears 2 times.*duplicated\(\)"):
        ps.Problem.from_frame(df, objectives={"a": "max"})
    with pytest.raises(DuplicateError, match="Column 'a' appears 2 times"):
        ps.Problem.from_frame(df, objectives=["max", "min"])


def test_weights_whose_sum_overflows_are_normalised_exactly():
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [4.0, 3.0]}, index=["x", "y"])
    pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"}, weights=[1e308, 1e308])
    assert pb.weights.tolist() == [0.5, 0.5]
    pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"}, weights=[1e308, 1e307])
    assert pb.weights.tolist() == pytest.approx([10 / 11, 1 / 11], rel=1e-12)


def test_negative_random_state_is_a_parameter_error():
    from partnerselect.errors import ParameterError

    df = pd.DataFrame({"a": [1.0, 2.0], "b": [4.0, 3.0]}, index=["x", "y"])
    pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"})
    with pytest.raises(ParameterError, match=r"seed must be an integer >= 0\. Got -1"):
        ps.sensitivity.smaa(pb, "wsm", n_samples=10, random_state=-1)


def test_evaluate_without_a_model_is_a_partnerselect_error_with_the_fix():
    from partnerselect.errors import ParameterError

    df = pd.DataFrame({"partner_id": ["P1"], "name": ["A"], "x": [1.0]})
    with pytest.raises(ParameterError, match=r"needs a model.*partnerselect init"):
        ps.evaluate(df, None, None)
