"""Stated and ranked weights: direct, equal, swing, combine, ROC, rank-sum, reciprocal."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import ParameterError, WeightError

W = ps.weights


def test_direct_points_and_percent() -> None:
    ws = W.direct({"q": 3, "p": 1})
    assert ws.weights.tolist() == [0.75, 0.25]
    assert ws.raw.tolist() == [3.0, 1.0]
    assert ws.method == "direct"
    assert ws.provenance["points"] == {"q": 3.0, "p": 1.0}
    assert W.direct(pd.Series({"a": 50, "b": 50}), percent=True).weights.tolist() == [0.5, 0.5]
    with pytest.raises(WeightError, match="add up to 95, not 100"):
        W.direct({"a": 50, "b": 45}, percent=True)


@pytest.mark.parametrize(
    ("points", "match"),
    [
        ({"a": -1, "b": 2}, "'a' .* negative"),
        ({"a": 0, "b": 0}, "All points are zero"),
        ({"a": "x"}, "'a' .* not a number"),
        ({"a": float("nan")}, "finite"),
        ({}, "No points"),
        ({"a": True}, "boolean"),
    ],
)
def test_direct_rejects_bad_points(points: dict, match: str) -> None:
    with pytest.raises(WeightError, match=match):
        W.direct(points)


def test_equal() -> None:
    assert W.equal(["a", "b", "c"]).weights.tolist() == pytest.approx([1 / 3] * 3)
    with pytest.raises(WeightError, match="'a' is listed twice"):
        W.equal(["a", "a"])
    with pytest.raises(WeightError, match="at least one"):
        W.equal([])


def test_swing() -> None:
    ws = W.swing({"q": 100, "p": 50, "r": 50})
    assert ws.weights.tolist() == [0.5, 0.25, 0.25]
    with pytest.raises(WeightError, match=r"No swing is rated 100.*'q' with 80"):
        W.swing({"q": 80, "p": 50})
    with pytest.raises(WeightError, match="'p' is rated 120"):
        W.swing({"q": 100, "p": 120})


def test_combine_by_hand() -> None:
    s, o = {"a": 0.5, "b": 0.3, "c": 0.2}, {"a": 0.2, "b": 0.3, "c": 0.5}
    prod = np.array([0.10, 0.09, 0.10])
    np.testing.assert_allclose(W.combine(s, o).weights, prod / prod.sum())
    np.testing.assert_allclose(W.combine(s, o, "additive", alpha=0.25).weights, [0.275, 0.3, 0.425])
    ws = W.combine(W.roc(["a", "b", "c"]), pd.Series(o))
    assert ws.provenance["subjective"]["method"] == "roc"
    assert list(ws.raw.columns) == ["subjective", "objective"]


def test_combine_errors() -> None:
    with pytest.raises(WeightError, match="'c' has no objective weight"):
        W.combine({"a": 1, "c": 1}, {"a": 1, "b": 1})
    with pytest.raises(WeightError, match="rule='additive'"):
        W.combine({"a": 1, "b": 0}, {"a": 0, "b": 1})
    with pytest.raises(ParameterError, match="'alpha' parameter"):
        W.combine({"a": 1}, {"a": 1}, "additive", alpha=2)
    with pytest.raises(ParameterError, match="'rule' parameter of combine"):
        W.combine({"a": 1}, {"a": 1}, "mean")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- ordinal


def test_roc_n3_by_hand() -> None:
    ws = W.roc(["q", "p", "r"])
    np.testing.assert_allclose(ws.weights, [11 / 18, 5 / 18, 2 / 18])
    assert ws.raw.tolist() == [1.0, 2.0, 3.0]


def test_rank_sum_and_reciprocal_n4_by_hand() -> None:
    np.testing.assert_allclose(W.rank_sum(list("abcd")).weights, [0.4, 0.3, 0.2, 0.1])
    h = 1 + 1 / 2 + 1 / 3 + 1 / 4
    np.testing.assert_allclose(
        W.reciprocal(list("abcd")).weights, [1 / h, 1 / (2 * h), 1 / (3 * h), 1 / (4 * h)]
    )


def test_ties_share_the_mean_of_their_positions() -> None:
    ws = W.roc(["q", ("p", "r"), "c"])
    full = [
        (1 + 1 / 2 + 1 / 3 + 1 / 4) / 4,
        (1 / 2 + 1 / 3 + 1 / 4) / 4,
        (1 / 3 + 1 / 4) / 4,
        (1 / 4) / 4,
    ]
    np.testing.assert_allclose(
        ws.weights, [full[0], (full[1] + full[2]) / 2, (full[1] + full[2]) / 2, full[3]]
    )
    assert ws.raw.tolist() == [1.0, 2.5, 2.5, 4.0]
    np.testing.assert_allclose(W.rank_sum([["a", "b"]]).weights, [0.5, 0.5])
    assert ws.provenance["order"] == ["q", ["p", "r"], "c"]


@pytest.mark.parametrize(
    ("order", "match"),
    [
        ([], "empty"),
        (["a", "a"], "'a' appears twice"),
        (["a", ("b", "a")], "'a' appears twice"),
        ("abc", "list of criteria"),
        (["a", 3], "not a criterion name"),
        (["a", [["b"]]], "one level of nesting"),
    ],
)
def test_bad_orders(order: object, match: str) -> None:
    with pytest.raises(WeightError, match=match):
        W.roc(order)  # type: ignore[arg-type]


@settings(max_examples=50, deadline=None)
@given(n=st.integers(1, 30), rule=st.sampled_from(["roc", "rank_sum", "reciprocal"]))
def test_rank_weights_sum_to_one_and_follow_the_order(n: int, rule: str) -> None:
    names = [f"c{k}" for k in range(n)]
    w = getattr(W, rule)(names).weights.to_numpy()
    assert w.sum() == pytest.approx(1.0)
    assert np.all(np.diff(w) < 0) or n == 1


# ----------------------------------------------------------------------------- WeightSet


def test_weightset_is_a_mapping_usable_as_problem_weights() -> None:
    ws = W.roc(["quality", "price"])
    df = pd.DataFrame({"price": [900, 1100], "quality": [3.5, 4.6]}, index=["x", "y"])
    pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"}, weights=ws)
    assert pb.weights.to_dict() == pytest.approx({"price": 0.25, "quality": 0.75})
    assert len(ws) == 2
    assert "quality" in ws
    assert ws.criteria == ["quality", "price"]
    assert repr(ws) == "<WeightSet (roc): quality=0.750, price=0.250>"
    frame = ws.to_frame()
    assert list(frame.columns) == ["raw", "weight"]
    assert frame.index.name == "criterion"
    html = W.direct({"<b>": 1})._repr_html_()
    assert "&lt;b&gt;" in html
    assert "<b><b>" not in html


def test_weightset_copies_its_inputs() -> None:
    points = pd.Series({"a": 1.0, "b": 3.0})
    ws = W.direct(points)
    points["a"] = 100.0
    assert ws.raw["a"] == 1.0


def test_combine_rule_keyword_and_deprecated_method():
    a = W.combine({"a": 0.5, "b": 0.5}, {"a": 0.8, "b": 0.2}, rule="additive")
    with pytest.warns(DeprecationWarning, match="rule="):
        b = W.combine({"a": 0.5, "b": 0.5}, {"a": 0.8, "b": 0.2}, method="additive")
    assert a.weights.tolist() == b.weights.tolist() == [0.65, 0.35]
