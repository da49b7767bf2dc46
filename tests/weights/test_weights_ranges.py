"""Range-aware weighting: swing reference levels and rescaling to the observed ranges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect import weights
from partnerselect.errors import ModelError, WeightError


def test_rescale_by_hand():
    # Quality weighed for 1..5 stars, bids span 3.8..4.2 (factor 0.1); price weighed for
    # 1200..800, bids span 1100..900 (factor 0.5): raw 0.05 and 0.25 -> 1/6 and 5/6.
    ws = weights.rescale_to_ranges(
        {"quality": 1, "price": 1},
        ranges={"quality": (1, 5), "price": (1200, 800)},
        observed={"quality": (3.8, 4.2), "price": (1100, 900)},
    )
    assert ws.weights.tolist() == pytest.approx([1 / 6, 5 / 6])
    assert ws.provenance["factors"] == pytest.approx({"quality": 0.1, "price": 0.5})
    assert ws.provenance["stated"] == {"quality": 0.5, "price": 0.5}


def test_ranges_equal_to_the_observed_ones_change_nothing():
    obs = {"a": (0.0, 2.0), "b": (10.0, 5.0)}
    ws = weights.rescale_to_ranges({"a": 0.3, "b": 0.7}, ranges=obs, observed=obs)
    assert ws.weights.tolist() == pytest.approx([0.3, 0.7])
    # no range given = the observed range is the reference
    ws = weights.rescale_to_ranges({"a": 0.3, "b": 0.7}, ranges={}, observed=obs)
    assert ws.weights.tolist() == pytest.approx([0.3, 0.7])


def test_wsm_with_rescaled_weights_is_the_value_model_on_the_reference_ranges():
    rng = np.random.default_rng(5)
    df = pd.DataFrame(
        {"price": rng.uniform(800, 1100, 8), "quality": rng.uniform(3.6, 4.4, 8)},
        index=[f"p{i}" for i in range(8)],
    )
    ref = {"price": (1200.0, 700.0), "quality": (1.0, 5.0)}
    stated = {"price": 0.4, "quality": 0.6}
    # Independent: linear value functions on the reference ranges, weighted sum.
    v_price = (df["price"] - 1200.0) / (700.0 - 1200.0)
    v_quality = (df["quality"] - 1.0) / (5.0 - 1.0)
    value = 0.4 * v_price + 0.6 * v_quality
    pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})
    ws = weights.rescale_to_ranges(stated, ranges=ref, observed=pb)
    ranked = ps.rank(pb.replace(weights=ws.weights.to_dict()), "wsm")
    # Same order, and scores an increasing affine function of the reference-range value.
    assert ranked.ranks.tolist() == value.rank(ascending=False).astype(int).tolist()
    assert np.corrcoef(ranked.scores, value)[0, 1] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("ranges", "match"),
    [
        ({"quality": (3, 3)}, "same worst and best"),
        ({"quality": ("low", 5)}, "not a number"),
        ({"qualty": (1, 5)}, "Did you mean 'quality'"),
        ({"quality": (1, 2, 3)}, "two numbers"),
        ({"quality": 5}, r"\[worst, best\]"),
        ([("quality", 1, 5)], "mapping"),
    ],
)
def test_bad_ranges_are_refused_with_the_criterion(ranges, match):
    with pytest.raises(WeightError, match=match):
        weights.swing({"quality": 100, "price": 50}, ranges=ranges)


def test_swing_keeps_its_ranges_and_the_model_spec_rescales_with_data():
    ws = weights.swing({"quality": 100, "price": 50}, ranges={"quality": [1, 5]})
    assert ws.provenance["ranges"] == {"quality": (1.0, 5.0)}
    assert ws.weights.tolist() == pytest.approx([2 / 3, 1 / 3])
    df = pd.DataFrame({"quality": [3.8, 4.2, 4.0], "price": [900.0, 1100.0, 1000.0]})
    pb = ps.Problem.from_frame(df, objectives={"quality": "max", "price": "min"})
    spec = {
        "method": "swing",
        "points": {"quality": 100, "price": 50},
        "ranges": {"quality": [1, 5]},
    }
    got = weights.from_spec(spec, ["quality", "price"], problem=pb)
    # quality factor 0.4 / 4 = 0.1, price keeps its observed reference: 2/3*0.1 vs 1/3.
    assert got.weights.tolist() == pytest.approx([0.0667 / 0.4, 0.3333 / 0.4], abs=1e-3)
    assert got.provenance["observed"]["quality"] == (3.8, 4.2)
    assert weights.from_spec(spec, ["quality", "price"]).weights.tolist() == pytest.approx(
        [2 / 3, 1 / 3]
    )
    with pytest.raises(ModelError, match="not weighted here"):
        weights.from_spec({**spec, "ranges": {"risk": [0, 1]}}, ["quality", "price"], problem=pb)


def test_range_semantics_wsm_with_rescaled_weights_equals_spotis_with_bounds():
    # SPOTIS with explicit bounds scores by weighted distance to the ideal on fixed
    # reference ranges: the additive value model on those ranges (Dezert et al. 2020).
    rng = np.random.default_rng(8)
    df = pd.DataFrame(
        {
            "price": rng.uniform(800, 1100, 9),
            "quality": rng.uniform(3.6, 4.4, 9),
            "overrun": rng.uniform(-0.05, 0.2, 9),
        },
        index=[f"p{i}" for i in range(9)],
    )
    objectives = {"price": "min", "quality": "max", "overrun": "min"}
    bounds = {"price": (700.0, 1200.0), "quality": (1.0, 5.0), "overrun": (-0.1, 0.5)}
    stated = {"price": 0.5, "quality": 0.3, "overrun": 0.2}
    pb = ps.Problem.from_frame(df, objectives=objectives, weights=stated)
    spotis = ps.rank(pb, "spotis", bounds=bounds)
    ref = {c: (hi, lo) if objectives[c] == "min" else (lo, hi) for c, (lo, hi) in bounds.items()}
    ws = weights.rescale_to_ranges(stated, ranges=ref, observed=pb)
    wsm = ps.rank(pb.replace(weights=ws.weights.to_dict()), "wsm")
    assert wsm.ranks.tolist() == spotis.ranks.tolist()
    assert np.corrcoef(wsm.scores, spotis.scores)[0, 1] == pytest.approx(-1.0)
