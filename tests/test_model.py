"""The evaluation model: parsing and precise errors."""

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerselect.errors import ModelError, PartnerSelectError
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


# --------------------------------------------------------------------------- typed schema
def crit(**extra):
    return {"criteria": [{"name": "price", "objective": "min", **extra}, {"name": "quality"}]}


def tr_crit(**params):
    return {
        "criteria": [
            {"name": "on_time_rate", "source": "track_record", "params": params},
            {"name": "quality"},
        ]
    }


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        # a misspelt key must not silently switch SMAA off
        (minimal(sensitivity={"smaa_sample": 5000}), r"\[sensitivity\] has unknown key 'smaa_sample'\. Did you mean 'smaa_samples'\?"),
        (minimal(sensitivity={"smaa_samples": "many"}), r"\[sensitivity\] smaa_samples must be a non-negative integer, got the text 'many'"),
        (minimal(sensitivity={"smaa_samples": 1.5}), r"smaa_samples must be a non-negative integer, got 1\.5"),
        (minimal(sensitivity={"smaa_samples": -5}), r"smaa_samples must be a non-negative integer, got -5"),
        (minimal(evaluators={"spread_tolerance": "wide"}), r"\[evaluators\] spread_tolerance must be a number >= 0, got the text 'wide'"),
        (tr_crit(tolerance_days="two weeks"), r"Criterion 'on_time_rate': params tolerance_days must be a number, got the text 'two weeks'"),
        (tr_crit(tolerence_days=14), r"unknown key 'tolerence_days' for metric 'on_time_rate'\. Did you mean 'tolerance_days'\?"),
        (minimal(track_record={"level": 1.5}), r"\[track_record\] level must be a number > 0 and < 1, got 1\.5"),
        (minimal(track_record={"future": "ignore"}), r"\[track_record\] future must be 'exclude' or 'error', got 'ignore'"),
        (minimal(track_record={"prior_strength": "strong"}), r"prior_strength must be \"auto\" or number >= 0"),
        (minimal(sensitivity={"verdict": {"min_marign": 0.1}}), r"\[sensitivity\] verdict has unknown key 'min_marign'\. Did you mean 'min_margin'\?"),
        (minimal(sensitivity={"verdict": {"min_p_best": 2}}), r"verdict min_p_best must be a number >= 0 and <= 1"),
        (minimal(sensitivity={"compare": ["wsm", "topsys"]}), r"compare names 'topsys', which is not a method\. Did you mean 'topsis'\?"),
        (minimal(method={"name": "topsis", "params": {"normalisation": "vector"}}), r"\[method\] params has unknown key 'normalisation': TOPSIS .*Did you mean 'normalization'\?"),
        (minimal(method={"name": "topsiss"}), r"\[method\] name: Unknown method 'topsiss'\. Did you mean 'topsis'\?"),
        (minimal(method={"ties": "first"}), r"\[method\] ties: The 'ties' parameter must be one of \['min', 'dense', 'order'\]"),
        (minimal(weighting={"method": "ahp", "judgments": {"price/quality": float("nan")}}), r"\[weighting\] judgments\.price/quality is NaN"),
        (minimal(weighting={"method": "ahp", "matrix": [[1, float("nan")], [1, 1]]}), r"\[weighting\] matrix\[0\]\[1\] is NaN"),
        (minimal(weighting={"method": "direct", "valeus": {"price": 1}}), r"Unknown key 'valeus' in the 'direct' weighting in \[weighting\]\. Did you mean 'values'\?"),
        (crit(price_scoring={"formula": "cheapest"}), r"price_scoring formula must be 'lowest_ratio' or 'linear'"),
        (crit(params={"x": 1}), r"params applies only to track-record criteria"),
        (crit(why=3), r"why must be text, got the number 3\. Put it in quotes"),
        (minimal(report={"signatories": [3]}), r"\[report\] signatories\[0\] must be text or table"),
        (minimal(evaluators={"layout": "tall"}), r"\[evaluators\] layout must be one of \['long', 'wide', 'auto'\]"),
        (minimal(columns={"partners": {"day_rate_eur": 7}}), r"\[columns\] partners\.day_rate_eur must be text"),
        (minimal(columns={"sheet": {}}), r"\[columns\] has unknown key 'sheet'\. Did you mean 'sheets'\?"),
        (minimal(scenarios=[{"weights": {"price": 1}}]), r"\[\[scenarios\]\] #1 needs the key 'name'"),
        (minimal(scenarios=[{"name": "a"}, {"name": "a"}]), r"Scenario 'a' is declared twice"),
        (minimal(scenarios=[{"name": "a", "weights": {"prise": 2}}]), r"Scenario 'a' weights 'prise', which is neither a criterion nor a group\. Did you mean 'price'\?"),
        (minimal(scenarios=[{"name": "a", "method": {"name": "wsm", "params": {"p": 1}}}]), r"\[\[scenarios\]\] #1 method params has unknown key 'p': WSM"),
        (minimal(monitoring={"drift": {"method": "cusm"}}), r"\[monitoring\] drift method must be 'cusum' or 'ewma', got 'cusm'\. Did you mean 'cusum'\?"),
        (minimal(monitoring={"kpis": [{"name": "uptime", "direction": "up"}]}), r"kpis #1 direction must be 'max' or 'min'"),
        (minimal(monitoring={"baseline_periods": 0}), r"baseline_periods must be a whole number >= 2"),
        (minimal(sensitivity={"effective_weight_low": 4.0}), r"effective_weight_low must be below effective_weight_high"),
        (minimal(sensitivity={"sample_data": "sometimes"}), r"sample_data must be \"auto\" or true or false"),
        (minimal(gates=["iso27001 = true"]), r"Gate #1 rule 'iso27001 = true' does not parse: .*use '==' to compare"),
        (minimal(sensitivty={}), r"Unknown section \[sensitivty\] in model\.toml\. Did you mean 'sensitivity'\?"),
        ({"criteria": [{"name": False}]}, r"Criterion #1 has no `name` \(got the boolean false; YAML 1\.1 reads an unquoted NO"),
        ({"criteria": [{"name": "a", "column": None}]}, r"column must be text, got null"),
    ],
)  # fmt: skip
def test_schema_refuses_with_section_and_key(raw, match):
    with pytest.raises(PartnerSelectError, match=match) as info:
        parse_model(raw, source="model.toml")
    assert "model.toml" in str(info.value)
    assert info.value.source == "model.toml"


def test_a_single_compare_name_is_a_list_of_one_not_letters():
    m = parse_model(minimal(sensitivity={"compare": "wsm"}))
    assert m.sensitivity.compare == ("wsm",)


def test_whole_floats_are_accepted_as_counts():
    assert parse_model(minimal(sensitivity={"smaa_samples": 1e4})).sensitivity.smaa_samples == 10000


def test_sections_are_typed_and_frozen_and_read_as_mappings_of_given_keys():
    import dataclasses

    m = parse_model(minimal(sensitivity={"smaa_samples": 500, "verdict": {"min_margin": 0.1}}))
    s = m.sensitivity
    assert s.smaa_samples == 500
    assert s.data_samples == 0
    assert s.critical is True
    assert dict(s) == {"smaa_samples": 500, "verdict": s.verdict}  # only what the file gave
    assert s.get("data_samples", 7) == 7
    assert "critical" not in s
    assert dict(s.verdict) == {"min_margin": 0.1}
    assert s.verdict.min_p_best == 0.7
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.smaa_samples = 1  # type: ignore[misc]
    assert not parse_model(minimal()).sensitivity  # an absent section is empty


def test_new_sections_of_the_shared_contract():
    m = parse_model(
        minimal(
            columns={
                "partners": {"day_rate_eur": "Day rate (EUR)"},
                "sheets": {"partners": "Vendors"},
            },
            evaluators={"layout": "wide"},
            scenarios=[
                {
                    "name": "price heavy",
                    "weights": {"price": 3, "quality": 1},
                    "gates": [{"rule": "price < 900", "reason": "cap"}],
                    "method": {"name": "wsm"},
                }
            ],
            monitoring={
                "baseline_periods": 6,
                "drift": {"method": "ewma", "false_alarm_rate": 0.005},
                "kpis": [{"name": "uptime", "direction": "max", "target": 99.9, "unit": "%"}],
            },
            sensitivity={"effective_weight_min_stated": 0.1, "sample_data": False},
            track_record={"prior_strength": "auto", "future": "error"},
        )
    )
    assert m.columns.partners == {"day_rate_eur": "Day rate (EUR)"}
    assert m.columns.sheets.partners == "Vendors"
    assert m.columns.sheets.track_records is None
    assert m.evaluators.layout == "wide"
    (sc,) = m.scenarios
    assert sc.name == "price heavy"
    assert sc.weights == {"price": 3.0, "quality": 1.0}
    assert sc.gates[0].rule == "price < 900"
    assert sc.method is not None
    assert sc.method.name == "wsm"
    assert m.monitoring is not None
    assert m.monitoring.drift.method == "ewma"
    assert m.monitoring.kpis[0].target == 99.9
    assert m.monitoring.kpis[0].direction == "max"
    assert m.sensitivity.sample_data is False
    assert m.sensitivity.effective_weight_high == 3.0
    assert m.track_record.future == "error"
    assert m.track_record.prior_strength == "auto"
    assert m.track_record.metric_params() == {"prior_strength": "auto"}  # future is not one


def test_defaults_of_the_new_keys():
    m = parse_model(minimal())
    assert m.evaluators.layout == "auto"
    assert m.track_record.prior_strength == "auto"
    assert m.track_record.future == "exclude"
    assert m.sensitivity.sample_data == "auto"
    assert (m.sensitivity.effective_weight_low, m.sensitivity.effective_weight_high) == (
        0.3333,
        3.0,
    )
    assert m.scenarios == ()
    assert m.monitoring is None
    assert not m.columns


def test_sample_model_and_template_parse_with_the_strict_schema():
    from partnerselect.template import TEMPLATE

    parse_model(tomllib.loads(TEMPLATE), source="template")
    parse_model(tomllib.loads(SAMPLE.read_text(encoding="utf-8")), source="model.toml")


def test_read_model_none_is_a_model_error_with_the_fix():
    from partnerselect.model import read_model

    with pytest.raises(ModelError, match=r"A model is needed.*partnerselect init"):
        read_model(None)  # type: ignore[arg-type]


def test_reference_page_matches_the_schema():
    """docs/model-file.md is generated from the typed sections, so it cannot drift."""
    from partnerselect.model import SECTIONS, model_reference

    page = Path(__file__).resolve().parents[1] / "docs" / "model-file.md"
    expected = model_reference()
    assert page.read_text(encoding="utf-8") == expected, (
        "docs/model-file.md is stale: run `python -m partnerselect.model > docs/model-file.md`"
    )
    for name, cls in SECTIONS.items():
        assert f"## `{cls.title}`" in expected, name
        for key in cls.keys_allowed():
            assert f"| `{key}` |" in expected, (name, key)


# --------------------------------------------------------------------------- collect mode
def test_model_problems_lists_every_problem_at_once():
    from partnerselect.model import model_problems

    raw = {
        "sensitivity": {"smaa_sample": 1},
        "method": {"name": "topsiss"},
        "gates": ["a = 1", "b == 2"],
        "criteria": [{"name": "a", "objective": "up"}, {"name": "b", "wieght": 2}],
    }
    text = "\n".join(str(p) for p in model_problems(raw, source="m.toml"))
    for part in ("smaa_sample", "topsiss", "Gate #1", "objective must be", "wieght"):
        assert part in text
    assert "Gate #2" not in text


PARTS = {
    "sensitivity": [{"smaa_samples": 10}, {"smaa_sample": 10}, {"compare": "wsm"}, {"verdict": {"x": 1}}],
    "method": [{"name": "wsm"}, {"name": "wsn"}, {"ties": "dense"}, {"params": {"p": 1}}],
    "gates": [["a == 1"], ["a = 1"], [{"rule": "a == 1", "on_missing": "skip"}]],
    "tender": [{"seed": 3}, {"seed": -3}, {"as_of": "2026-01-01"}, {"as_of": "soon"}],
    "groups": [{"g": {}}, {"g": {"label": 3}}],
    "criteria": [
        [{"name": "a"}, {"name": "b", "objective": "min"}],
        [{"name": "a", "group": "g"}, {"name": "b", "group": "g"}],
        [{"name": "a"}, {"name": "a"}],
        [{"name": "a", "objective": "up"}],
        [],
    ],
}  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({}, optional={k: st.sampled_from(v) for k, v in PARTS.items()}))
def test_model_problems_is_empty_exactly_when_parse_model_succeeds(raw):
    from partnerselect.model import model_problems

    problems = model_problems(raw, source="m.toml")
    error = None
    try:
        parse_model(raw, source="m.toml")
    except PartnerSelectError as exc:
        error = str(exc)
    if error is None:
        assert problems == []
    else:
        assert error in [str(p) for p in problems]
