"""The evaluation model: parsing and precise errors."""

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from partnerselect.errors import ModelError
from partnerselect.model import EvaluationModel, parse_model

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "model.toml"


def minimal(**extra):
    raw = {"criteria": [{"name": "price", "objective": "min"}, {"name": "quality"}]}
    raw.update(extra)
    return raw


def test_sample_model_parses():
    raw = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))
    m = parse_model(raw, source="model.toml")
    assert isinstance(m, EvaluationModel)
    assert m.method == "wsm"
    assert dict(m.method_params) == {"normalization": "minmax"}
    assert m.as_of == dt.date(2026, 11, 1)
    assert len(m.gates) == 3
    assert {c.source for c in m.criteria} == {"partners", "track_record", "evaluators"}
    assert m.criterion("day_rate_eur").price_scoring == {"formula": "lowest_ratio"}
    assert m.weighting is not None
    assert m.weighting["method"] == "ahp"
    assert m.to_dict()["tender"]["as_of"] == "2026-11-01"  # plain data for the audit record


def test_defaults():
    m = parse_model(minimal())
    assert m.criterion_names == ["price", "quality"]
    assert m.criterion("quality").objective == "max"
    assert m.criterion("quality").source == "partners"
    assert m.ties == "min"
    assert m.gates == ()


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ({}, "no \\[\\[criteria\\]\\]"),
        (minimal(colour={}), "Unknown section \\[colour\\]"),
        ({"criteria": [{"name": "a"}, {"name": "a"}]}, "'a' is declared twice"),
        ({"criteria": [{"name": "a", "objective": "up"}]}, "objective must be 'max' or 'min'"),
        ({"criteria": [{"name": "a", "source": "crm"}]}, "source must be one of"),
        ({"criteria": [{"name": "a", "missing": "guess"}]}, "missing must be one of"),
        ({"criteria": [{"name": "a", "weight": -2}]}, "weight must be a number >= 0"),
        ({"criteria": [{"name": "a", "wieght": 2}]}, "unknown key 'wieght'"),
        ({"criteria": [{"objective": "max"}]}, "Criterion #1 has no `name`"),
        (minimal(gates=[{"reason": "x"}]), "Gate #1 needs a `rule`"),
        (minimal(gates=[{"rule": "a == 1", "on_missing": "maybe"}]), "on_missing"),
        (minimal(tender={"as_of": "yesterday"}), "not a date"),
        (minimal(tender={"seed": -1}), "non-negative integer"),
        (
            {"criteria": [{"name": "a", "group": "g"}, {"name": "b"}]},
            "'b' has no group while others do",
        ),
        (minimal(groups={"ghost": {}}), "Group 'ghost' has no criteria"),
    ],
)
def test_bad_models_name_the_place(raw, match):
    with pytest.raises(ModelError, match=match):
        parse_model(raw, source="model.toml")


def test_error_carries_source_and_criterion():
    with pytest.raises(ModelError) as info:
        parse_model({"criteria": [{"name": "a", "objective": "up"}]}, source="m.toml")
    assert info.value.criterion == "a"
    assert info.value.source == "m.toml"


def test_gate_strings_are_accepted():
    m = parse_model(minimal(gates=["iso27001 == true"]))
    assert m.gates[0].rule == "iso27001 == true"
    assert m.gates[0].on_missing == "fail"
