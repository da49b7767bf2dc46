"""Scenarios: named overrides of weights, gates or method, ranked beside the base model."""

from __future__ import annotations

import tomllib
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import ModelError, PartnerSelectWarning
from partnerselect.scenarios import Scenarios, ScenarioSpec, override_weights, parse_scenarios

SCENARIOS = [
    {"name": "Price first", "weights": {"cost": 40}, "why": "Finance view"},
    {
        "name": "SOC 2 required",
        "gates": [
            {"rule": "iso27001 == true", "reason": "ISO 27001"},
            {"rule": "gdpr_dpa == true", "reason": "GDPR"},
            {"rule": "day_rate_eur <= 1200", "reason": "cap"},
            {"rule": "soc2 == true", "reason": "SOC 2 type II report required"},
        ],
    },
    {"name": "PROMETHEE II", "method": {"name": "promethee2"}},
    {"name": "Panel heavy", "weights": {"ai_expertise": 0.3, "risk_management": 0.2}},
]


@pytest.fixture(scope="module")
def sample():
    return ps.load_sample()


@pytest.fixture(scope="module")
def model_dict(sample):
    with open(sample.model_path, "rb") as fh:
        raw = tomllib.load(fh)
    raw.pop("sensitivity", None)  # analyses are not needed here
    raw["scenarios"] = SCENARIOS
    return raw


@pytest.fixture(scope="module")
def ev(sample, model_dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        return ps.evaluate(
            sample.paths["partners"],
            sample.paths["track_records"],
            model_dict,
            scores=sample.paths["scores"],
        )


def _tree(groups, weights):
    g = pd.Series(weights).groupby(groups).transform("sum")
    return pd.DataFrame(
        {
            "group": groups,
            "criterion": [f"c{i}" for i in range(len(groups))],
            "group_weight": g.to_numpy(),
            "local_weight": (np.asarray(weights) / g.to_numpy()),
            "global_weight": weights,
        }
    )


# ------------------------------------------------------------------ weight overrides
def test_override_group_share_by_hand():
    # groups g = {c0, c1} (0.2 + 0.2), h = {c2} (0.6): g gets 50 %, h the rest (50 %);
    # inside g the 1:1 split is kept.
    tree = _tree(["g", "g", "h"], [0.2, 0.2, 0.6])
    out = override_weights(tree, {"g": 50})
    np.testing.assert_allclose(out.to_numpy(), [0.25, 0.25, 0.5])


def test_override_criterion_share_by_hand():
    # c0 gets 0.4; c1 and c2 (0.3 : 0.3 before) share the remaining 0.6 equally.
    tree = _tree(["g", "h", "h"], [0.4 / 4, 0.3, 0.3])
    out = override_weights(tree, {"c0": 0.4})
    np.testing.assert_allclose(out.to_numpy(), [0.4, 0.3, 0.3])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.01, 10), min_size=2, max_size=6),
    st.floats(0.0, 1.0),
    st.integers(0, 5),
)
def test_override_properties(raw, share, pick):
    weights = np.asarray(raw) / np.sum(raw)
    tree = _tree([f"g{i}" for i in range(len(raw))], list(weights))
    key = f"c{pick % len(raw)}"
    out = override_weights(tree, {key: share})
    assert out.sum() == pytest.approx(1.0)
    assert (out >= 0).all()
    assert out[key] == pytest.approx(share) or len(raw) == 1
    rest = out.drop(key)
    before = pd.Series(weights, index=out.index).drop(key)
    if share < 1:  # the unlisted criteria keep their ratios
        np.testing.assert_allclose(rest / rest.sum(), before / before.sum())


@pytest.mark.parametrize(
    ("shares", "match"),
    [
        ({"nope": 10}, "neither a criterion nor a group"),
        ({"g": 0.5, "c0": 0.2}, "not both"),
        ({"g": 70, "h": 40}, "more than the whole"),
    ],
)
def test_override_refuses(shares, match):
    tree = _tree(["g", "g", "h"], [0.2, 0.2, 0.6])
    with pytest.raises(ModelError, match=match):
        override_weights(tree, shares)


# ------------------------------------------------------------------ parsing
def test_parse_rejects_bad_entries():
    base = {"criteria": [{"name": "price", "objective": "min"}]}
    # the typed model schema refuses most of these when the model is read; the scenario
    # parser refuses the rest (both say which scenario and key)
    for bad, match in (
        ([{"weights": {"a": 1}}], r"no `name`|needs the key 'name'"),
        ([{"name": "x", "colour": "red"}], "unknown key 'colour'"),
        ([{"name": "x"}, {"name": "x"}], "used twice|declared twice"),
        ([{"name": "x", "weights": {"price": -1}}], ">= 0"),
        ([{"name": "x", "method": {"params": {}}}], r"needs a `name`|needs the key 'name'"),
    ):
        with pytest.raises(ModelError, match=match):
            parse_scenarios(ps.read_model({**base, "scenarios": bad}))


def test_describe():
    spec = ScenarioSpec("s", gates=(("soc2 == true", ""),), method="vikor", params={"v": 0.3})
    assert spec.describe() == "gates: soc2 == true; method: vikor (v = 0.3)"


# ------------------------------------------------------------------ evaluation
def test_evaluation_has_scenarios(ev):
    assert isinstance(ev.scenarios, Scenarios)
    frame = ev.scenarios.to_frame()
    assert list(frame.columns) == ["name", "base", *(s["name"] for s in SCENARIOS)]
    assert set(frame.index) == set(ev.partners["partner_id"].astype(str))
    base = frame["base"].dropna().astype(int)
    pd.testing.assert_series_equal(
        base.sort_index(), ev.ranking.ranks.sort_index().astype(int), check_names=False
    )


def test_method_scenario_matches_direct_ranking(ev):
    direct = ps.rank(ev.problem, "promethee2", ties=ev.model.ties)
    got = ev.scenarios["PROMETHEE II"].ranks.astype(int)
    pd.testing.assert_series_equal(got.sort_index(), direct.ranks.sort_index(), check_names=False)


def test_weight_scenario_matches_hand_weights(ev):
    # cost = 40 %: the only cost criterion gets 0.4, every other criterion keeps its share
    # of the remaining 60 %.
    w = ev.weights.set_index("criterion")["global_weight"]
    hand = w * 0.6 / (1 - w["day_rate_eur"])
    hand["day_rate_eur"] = 0.4
    direct = ps.rank(
        ev.problem.replace(weights=hand.to_dict()),
        ev.model.method,
        ties=ev.model.ties,
        **ev.model.method_params,
    )
    result = ev.scenarios["Price first"]
    np.testing.assert_allclose(result.weights.reindex(hand.index), hand)
    pd.testing.assert_series_equal(
        result.ranks.astype(int).sort_index(), direct.ranks.sort_index(), check_names=False
    )


def test_gate_scenario_excludes_by_its_own_gates(sample, ev):
    partners = pd.read_csv(sample.paths["partners"])
    no_soc2 = set(partners.loc[~partners["soc2"].astype(bool), "partner_id"])
    ranks = ev.scenarios["SOC 2 required"].ranks
    assert no_soc2.isdisjoint(ranks.index)
    assert set(ranks.index) <= set(ev.ranking.ranks.index)
    assert sorted(ranks.astype(int)) == list(range(1, len(ranks) + 1))


def test_summary_and_unknown_name(ev):
    summary = ev.scenarios.summary()
    assert list(summary["scenario"]) == [s["name"] for s in SCENARIOS]
    assert summary.loc[0, "why"] == "Finance view"
    with pytest.raises(KeyError, match="No scenario"):
        ev.scenarios["nope"]


def test_scenario_warning_is_prefixed(sample, model_dict):
    nobody = [{"name": "Nobody", "gates": [{"rule": "headcount > 1000000"}]}]
    raw = dict(model_dict, scenarios=nobody)
    with pytest.warns(PartnerSelectWarning) as record:
        ev = ps.evaluate(
            sample.paths["partners"],
            sample.paths["track_records"],
            raw,
            scores=sample.paths["scores"],
        )
    assert any("Scenario 'Nobody' leaves no partner" in str(w.message) for w in record)
    assert any("Scenario 'Nobody' leaves no partner" in n for n in ev.notes)
    assert ev.scenarios["Nobody"].ranking is None
    assert ev.scenarios.to_frame()["Nobody"].isna().all()


# ------------------------------------------------------------------ reports
def test_reports_show_scenarios(ev, tmp_path):
    html = ev.report(tmp_path / "r.html", plots=False).read_text(encoding="utf-8")
    assert 'id="scenarios"' in html
    for s in SCENARIOS:
        assert s["name"] in html
    md = ev.report(tmp_path / "r.md", plots=False).read_text(encoding="utf-8")
    assert "## Scenarios" in md
    import openpyxl

    wb = openpyxl.load_workbook(ev.report(tmp_path / "r.xlsx"))
    assert {"Scenarios", "Scenario ranks"} <= set(wb.sheetnames)
    header = [c.value for c in wb["Scenario ranks"][1]]
    assert header[:3] == ["partner_id", "name", "base"]


def test_validate_lists_every_scenario_problem(sample, model_dict):
    from partnerselect.validate import validate

    raw = dict(
        model_dict,
        scenarios=[
            {"name": "a", "weights": {"cots": 40}},
            {"name": "b", "gates": [{"rule": "soc3 == true"}], "method": {"name": "topsys"}},
            {"name": "c", "weights": {"cost": 80, "risk": 30}},
        ],
    )
    problems = validate(
        sample.paths["partners"], sample.paths["track_records"], raw, scores=sample.paths["scores"]
    )
    text = "\n".join(problems)
    # the model schema names the scenario keys that cannot be right...
    assert "Unknown method 'topsys'" in text
    raw = dict(model_dict, scenarios=[{"name": "a", "weights": {"cots": 40}}])
    problems = validate(
        sample.paths["partners"], sample.paths["track_records"], raw, scores=sample.paths["scores"]
    )
    assert "'cots'" in "\n".join(problems)
    # ...and once the model reads, the scenario checks run on the data
    raw = dict(
        model_dict,
        scenarios=[{"name": "b", "gates": [{"rule": "soc3 == true"}]}],
    )
    problems = validate(
        sample.paths["partners"], sample.paths["track_records"], raw, scores=sample.paths["scores"]
    )
    assert "soc3" in "\n".join(problems)
    raw = dict(model_dict, scenarios=[{"name": "c", "weights": {"cost": 80, "risk": 30}}])
    problems = validate(
        sample.paths["partners"], sample.paths["track_records"], raw, scores=sample.paths["scores"]
    )
    assert "110%" in "\n".join(problems)
