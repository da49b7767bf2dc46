"""Every sensitivity result: frozen, to_frame, text and escaped HTML reprs, .plot."""

from __future__ import annotations

import dataclasses
import importlib.util

import pandas as pd
import pytest

import partnerselect as ps
from partnerselect import sensitivity as sens


@pytest.fixture
def nasty() -> ps.Problem:
    df = pd.DataFrame(
        {"q": [3.0, 1.0, 2.0], "c": [1.0, 3.0, 2.5]},
        index=["<script>x</script>", "b&co", "c"],
    )
    unc = pd.DataFrame(
        {"dist": ["uniform"], "a": [1.5], "b": [2.5]},
        index=pd.MultiIndex.from_tuples([("c", "q")], names=["partner_id", "criterion"]),
    )
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"}, uncertainty=unc)


RUNNERS = {
    "sweep": lambda pb: sens.weight_sweep(pb, "topsis", grid=11),
    "tornado": lambda pb: sens.tornado(pb, "topsis"),
    "critical": lambda pb: sens.critical_weights(pb, "topsis", pairs="all"),
    "stability": lambda pb: sens.stability_intervals(pb, "topsis"),
    "smaa": lambda pb: sens.smaa(pb, "topsis", n_samples=200, random_state=0),
    "data": lambda pb: sens.data_uncertainty(pb, "topsis", n_samples=50, random_state=0),
    "reversal": lambda pb: sens.rank_reversal(pb, "topsis"),
    "verdict": lambda pb: sens.verdict(pb, "topsis", n_samples=200),
}


@pytest.mark.parametrize("kind", list(RUNNERS))
def test_result_contract(kind, nasty):
    before = nasty.matrix.copy()
    res = RUNNERS[kind](nasty)
    pd.testing.assert_frame_equal(nasty.matrix, before)  # input untouched
    assert res.method == "topsis"
    assert res.params == {"normalization": "vector"}
    assert res.problem is nasty
    frame = res.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame.columns) > 0
    frame["__probe__"] = 1  # a copy: the result does not change
    assert "__probe__" not in res.to_frame().columns
    text = repr(res)
    assert "topsis" in text
    html = res._repr_html_()
    assert "<script>" not in html
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.method = "wsm"


PLOT_ACCESSORS = {"sweep": "WeightSweepPlot", "critical": "CriticalWeightsPlot", "smaa": "SMAAPlot"}


@pytest.mark.parametrize("kind", ["sweep", "critical", "smaa"])
def test_plot_property_delegates_to_the_plot_package(kind, nasty):
    res = RUNNERS[kind](nasty)
    if importlib.util.find_spec("partnerselect.plot") is None:
        with pytest.raises(ModuleNotFoundError):
            _ = res.plot
    else:
        accessor = res.plot
        assert type(accessor).__name__ == PLOT_ACCESSORS[kind]


def test_package_is_reachable_from_the_top_level():
    assert ps.sensitivity.smaa is sens.smaa
    assert set(sens.__all__) >= {
        "weight_sweep",
        "tornado",
        "critical_weights",
        "stability_intervals",
        "smaa",
        "data_uncertainty",
        "rank_reversal",
        "verdict",
    }
