"""Criteria hierarchies: global = group weight x local weight."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import InconsistencyWarning, WeightError

W = ps.weights


def test_two_levels_by_hand() -> None:
    h = W.hierarchy(
        W.direct({"cost": 30, "delivery": 70}),
        {"cost": {"rate": 1}, "delivery": W.rank_sum(["on_time", "quality", "csat"])},
    )
    expected = {"rate": 0.3, "on_time": 0.7 * 3 / 6, "quality": 0.7 * 2 / 6, "csat": 0.7 / 6}
    assert h.global_weights.to_dict() == pytest.approx(expected)
    assert h.weights.sum() == pytest.approx(1.0)
    frame = h.to_frame()
    assert list(frame.columns) == [
        "group",
        "criterion",
        "group_weight",
        "local_weight",
        "global_weight",
    ]
    row = frame.set_index("criterion").loc["quality"]
    assert (row.group, row.group_weight, row.local_weight) == (
        "delivery",
        0.7,
        pytest.approx(2 / 6),
    )
    assert h.members["csat"] == "delivery"
    assert h.provenance["local"]["delivery"]["method"] == "rank_sum"
    assert "HierarchyWeights (2 groups, 4 criteria)" in repr(h)


def test_ahp_at_group_level_and_series_inside() -> None:
    groups = W.ahp([[1, 3], [1 / 3, 1]], criteria=["a", "b"])
    h = W.hierarchy(groups, {"a": pd.Series({"x": 2.0, "y": 2.0}), "b": {"z": 5}})
    np.testing.assert_allclose(h.weights, [0.375, 0.375, 0.25])
    assert h.provenance["groups"]["method"] == "ahp"


def test_three_levels() -> None:
    inner = W.hierarchy({"g1": 1, "g2": 1}, {"g1": {"x": 1, "y": 3}, "g2": {"z": 1}})
    h = W.hierarchy({"top": 4, "other": 1}, {"top": inner, "other": {"w": 1}})
    assert h.global_weights.to_dict() == pytest.approx(
        {"x": 0.8 * 0.125, "y": 0.8 * 0.375, "z": 0.8 * 0.5, "w": 0.2}
    )


def test_hierarchy_errors() -> None:
    with pytest.raises(WeightError, match="'risk' has a weight but no local weights"):
        W.hierarchy({"cost": 1, "risk": 1}, {"cost": {"a": 1}})
    with pytest.raises(WeightError, match=r"'cots'.*Did you mean 'cost'"):
        W.hierarchy({"cost": 1}, {"cost": {"a": 1}, "cots": {"b": 1}})
    with pytest.raises(WeightError, match="'a' is in both group 'g1' and group 'g2'"):
        W.hierarchy({"g1": 1, "g2": 1}, {"g1": {"a": 1}, "g2": {"a": 1}})
    with pytest.raises(WeightError, match="negative"):
        W.hierarchy({"g1": -1}, {"g1": {"a": 1}})


def test_zero_weight_group() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistencyWarning)
        h = W.hierarchy({"g1": 1, "g2": 0}, {"g1": {"a": 1}, "g2": {"b": 1}})
    assert h.weights.tolist() == [1.0, 0.0]
