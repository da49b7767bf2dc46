"""Weights declared in a model file (from_spec)."""

from __future__ import annotations

import tomllib
import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import InconsistencyWarning, JudgmentError, ModelError

W = ps.weights
CRITS = ["quality", "price", "risk"]


def test_simple_methods() -> None:
    assert W.from_spec({"method": "equal"}, CRITS).weights.tolist() == pytest.approx([1 / 3] * 3)
    ws = W.from_spec(
        {"method": "direct", "values": {"risk": 20, "price": 30, "quality": 50}}, CRITS
    )
    assert ws.weights.to_dict() == pytest.approx({"quality": 0.5, "price": 0.3, "risk": 0.2})
    assert list(ws.weights.index) == CRITS  # result follows `criteria`
    ws = W.from_spec({"method": "roc", "order": ["risk", ["quality", "price"]]}, CRITS)
    assert ws.weights["risk"] == pytest.approx(11 / 18)
    assert ws.weights["quality"] == pytest.approx(3.5 / 18)
    ws = W.from_spec(
        {"method": "swing", "points": {"quality": 100, "price": 60, "risk": 40}}, CRITS
    )
    assert ws.weights.tolist() == [0.5, 0.3, 0.2]
    assert ws.provenance == {
        "method": "swing",
        "points": {"quality": 100.0, "price": 60.0, "risk": 40.0},
    }


TOML = """
[weighting]
method = "ahp"
criteria = ["price", "quality", "risk"]
judgments = { "quality/price" = 2, "quality/risk" = 4, "price/risk" = "2" }
"""


def test_ahp_from_toml_judgments() -> None:
    spec = tomllib.loads(TOML)["weighting"]
    ws = W.from_spec(spec, CRITS)
    assert isinstance(ws, W.AHPResult)
    assert list(ws.weights.index) == CRITS
    np.testing.assert_allclose(ws.weights, [4 / 7, 2 / 7, 1 / 7])
    prov = ws.provenance
    assert prov["method"] == "ahp"
    assert prov["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)
    assert prov["judgments"]["price/risk"] == 2.0
    assert "lambda_max" in prov


def test_ahp_matrix_and_priority() -> None:
    spec = {
        "method": "ahp",
        "priority": "rgmm",
        "matrix": [[1, 2, 4], ["1/2", 1, 2], [0.25, 0.5, 1]],
    }
    ws = W.from_spec(spec, CRITS)
    np.testing.assert_allclose(ws.weights, [4 / 7, 2 / 7, 1 / 7])
    assert ws.provenance["priority"] == "rgmm"


def test_group_ahp_from_spec() -> None:
    spec = {
        "method": "ahp",
        "evaluators": {
            "alice": {"quality/price": 2, "quality/risk": 4, "price/risk": 2},
            "bob": {
                "weight": 1,
                "judgments": {"quality/price": 2, "quality/risk": 4, "price/risk": 2},
            },
        },
    }
    ws = W.from_spec(spec, CRITS)
    np.testing.assert_allclose(ws.weights, [4 / 7, 2 / 7, 1 / 7])
    evs = ws.provenance["evaluators"]
    assert set(evs) == {"alice", "bob"}
    assert evs["alice"]["consistency_ratio"] == pytest.approx(0.0, abs=1e-9)
    assert evs["bob"]["judgments"]["quality/risk"] == 4.0


def test_inconsistent_spec_warns() -> None:
    spec = {"method": "ahp", "judgments": {"quality/price": 9, "price/risk": 9, "risk/quality": 9}}
    with pytest.warns(InconsistencyWarning, match="Revisit first"):
        ws = W.from_spec(spec, CRITS)
    assert ws.provenance["consistent"] is False


def _problem() -> ps.Problem:
    df = pd.DataFrame(
        {"quality": [1, 2, 4], "price": [3, 1, 2], "risk": [1, 1, 3]}, index=list("xyz")
    )
    return ps.Problem.from_frame(df, objectives={"quality": "max", "price": "min", "risk": "min"})


def test_objective_and_combine() -> None:
    pb = _problem()
    ws = W.from_spec({"method": "critic"}, CRITS, problem=pb)
    pd.testing.assert_series_equal(ws.weights, W.critic(pb))
    ws = W.from_spec({"method": "std_dev", "normalize": False}, ["risk", "quality"], problem=pb)
    sd = np.array([np.std([1, 1, 3], ddof=1), np.std([1, 2, 4], ddof=1)])
    np.testing.assert_allclose(ws.weights, sd / sd.sum())
    spec = {
        "method": "combine",
        "combination": "additive",
        "alpha": 0.5,
        "subjective": {"method": "equal"},
        "objective": {"method": "critic"},
    }
    ws = W.from_spec(spec, CRITS, problem=pb)
    np.testing.assert_allclose(ws.weights, 0.5 / 3 + 0.5 * W.critic(pb).to_numpy())
    assert ws.provenance["objective"]["method"] == "critic"


@pytest.mark.parametrize(
    ("spec", "match"),
    [
        ({}, "no 'method' key"),
        ({"method": "entropie"}, "Did you mean 'entropy'"),
        ({"method": "roc"}, "needs a 'order' key"),
        ({"method": "roc", "order": ["quality", "price"]}, "does not cover 'risk'"),
        (
            {"method": "direct", "values": {"quality": 1, "price": 1, "risk": 1, "csat": 1}},
            "'csat'",
        ),
        ({"method": "swing", "values": {"quality": 100}}, "Did you mean 'points'"),
        ({"method": "direct", "values": {"quality": -1, "price": 1, "risk": 1}}, "negative"),
        ({"method": "entropy"}, "needs the problem"),
        ({"method": "ahp"}, "exactly one of 'judgments', 'matrix' or 'evaluators'"),
        ({"method": "ahp", "judgments": [1, 2]}, "must be a table"),
        ({"method": "combine", "subjective": {"method": "equal"}}, "'objective'"),
        ("roc", "must be a table"),
    ],
)
def test_bad_specs_raise_model_error(spec: object, match: str) -> None:
    with pytest.raises(ModelError, match=match):
        W.from_spec(spec, CRITS)  # type: ignore[arg-type]


def test_bad_judgments_raise_judgment_error() -> None:
    spec = {"method": "ahp", "judgments": {"quality/price": 12, "quality/risk": 1, "price/risk": 1}}
    with pytest.raises(JudgmentError, match="outside Saaty's 1-9 scale"):
        W.from_spec(spec, CRITS)


def test_bundled_model_weighting_spec() -> None:
    # The sample model's group weighting, as the model reader hands it over.
    spec = {
        "method": "ahp",
        "criteria": ["cost", "delivery", "capability", "collaboration", "risk"],
        "judgments": {
            "delivery/cost": 2, "delivery/capability": 2, "delivery/collaboration": 3,
            "delivery/risk": 2, "capability/cost": 1, "capability/collaboration": 2,
            "capability/risk": 1, "cost/collaboration": 2, "cost/risk": 1,
            "risk/collaboration": 2,
        },
    }  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ws = W.from_spec(spec, ["cost", "delivery", "capability", "collaboration", "risk"])
    assert ws.weights.idxmax() == "delivery"
    assert ws.weights.idxmin() == "collaboration"
