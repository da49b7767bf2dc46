"""evaluate(): the whole flow on the bundled sample and on small hand-made tenders."""

import warnings

import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import AllExcludedError, PartnerSelectWarning, SchemaError
from partnerselect.testing import assert_all_accounted


def quiet_evaluate(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        return ps.evaluate(*args, **kwargs)


# `sample` and `sample_eval` come from tests/conftest.py (built once per session).


def test_every_sample_partner_is_ranked_or_excluded(sample, sample_eval):
    raw_ids = pd.read_csv(sample.paths["partners"], dtype=str)["partner_id"].str.strip()
    assert_all_accounted(sample_eval, list(raw_ids))
    acc = sample_eval.accounting()
    assert len(acc) == len(raw_ids)
    n_ranked = (acc["status"] == "ranked").sum()
    n_excluded = acc.loc[acc["status"] == "excluded", "partner_id"].nunique()
    assert n_ranked + n_excluded == len(raw_ids)
    assert n_excluded >= 3  # the sample has a certification, a DPA and a day-rate failure


def test_gate_reasons_come_from_the_model(sample_eval):
    reasons = set(sample_eval.excluded["reason"])
    assert any("27001" in r for r in reasons)
    assert any("data-processing agreement" in r for r in reasons)
    assert any("1,200" in r for r in reasons)


def test_uncertainty_and_weights_travel(sample_eval):
    pb = sample_eval.problem
    assert pb.uncertainty is not None
    assert pb.weights.sum() == pytest.approx(1.0)
    tree = sample_eval.weights
    prod = tree["group_weight"] * tree["local_weight"]
    assert (prod - tree["global_weight"]).abs().max() < 1e-12
    assert "consistency_ratio" in str(sample_eval.weight_provenance)


def test_unknown_partners_are_reported_not_dropped(sample_eval):
    unknown = sample_eval.unknown_partners
    assert len(unknown) >= 1
    assert set(unknown["table"]) <= {"track_records", "evaluator_scores"}
    assert any("not in the partner table" in n for n in sample_eval.notes)


def test_sample_runs_the_requested_analyses(sample_eval):
    assert {"comparison", "smaa", "verdict"} <= set(sample_eval.analyses)
    assert sample_eval.verdict.label in {"robust", "fragile"}


def test_warnings_are_raised_and_kept_as_notes(sample):
    with pytest.warns(PartnerSelectWarning):
        ev = ps.evaluate(
            sample.partners,
            sample.track_records,
            sample.model_path,
            scores=sample.scores,
            analyses=False,
        )
    assert ev.notes
    assert all(":" in n for n in ev.notes)


def test_inputs_are_never_mutated(sample):
    partners, records, scores = (
        sample.partners.copy(deep=True),
        sample.track_records.copy(deep=True),
        sample.scores.copy(deep=True),
    )
    quiet_evaluate(
        sample.partners,
        sample.track_records,
        sample.model_path,
        scores=sample.scores,
        analyses=False,
    )
    pd.testing.assert_frame_equal(sample.partners, partners)
    pd.testing.assert_frame_equal(sample.track_records, records)
    pd.testing.assert_frame_equal(sample.scores, scores)


def small_partners():
    return pd.DataFrame(
        {
            "partner_id": ["A", "B", "C"],
            "name": ["Alpha", "Beta & <Co>", "Gamma"],
            "iso27001": [True, True, False],
            "day_rate_eur": [800.0, 950.0, 700.0],
            "ai_engineers": [40, 90, 10],
        }
    )


SMALL_MODEL = {
    "gates": [{"rule": "iso27001 == true", "reason": "ISO 27001 required"}],
    "criteria": [
        {"name": "day_rate_eur", "objective": "min", "weight": 1},
        # weights 1:2 so that min-max scores cannot tie A and B (each best on one criterion)
        {"name": "ai_engineers", "objective": "max", "weight": 2},
    ],
}


def test_small_tender_without_records():
    ev = ps.evaluate(small_partners(), None, SMALL_MODEL)
    assert list(ev.ranking.ranks.sort_values().index) in (["A", "B"], ["B", "A"])
    assert ev.excluded.to_dict("records") == [
        {
            "partner_id": "C",
            "rule": "iso27001 == true",
            "reason": "ISO 27001 required",
            "value": ev.excluded.loc[0, "value"],
        }
    ]
    assert_all_accounted(ev)


def test_gates_that_exclude_everyone():
    model = {**SMALL_MODEL, "gates": [{"rule": "day_rate_eur < 100", "reason": "too expensive"}]}
    with pytest.raises(AllExcludedError, match="exclude all 3 partners"):
        ps.evaluate(small_partners(), None, model)


def test_model_criterion_absent_from_data():
    model = {"criteria": [{"name": "csat_score", "objective": "max"}]}
    with pytest.raises(SchemaError, match="'csat_score'") as info:
        ps.evaluate(small_partners(), None, model)
    assert info.value.column == "csat_score"


def test_report_formats(tmp_path, sample_eval):
    md = sample_eval.report(tmp_path / "r.md")
    text = md.read_text(encoding="utf-8")
    assert "## Exclusions" in text
    # the sample's "Data & <Insight> Partners Ltd" is escaped for Markdown, never raw HTML
    assert "Data &amp; \\<Insight\\> Partners Ltd" in text
    assert "<Insight>" not in text
    csv = pd.read_csv(sample_eval.report(tmp_path / "r.csv"), encoding="utf-8-sig")
    assert len(csv) == len(sample_eval.partners)
    assert set(csv["status"]) == {"ranked", "excluded"}


def test_expensive_rank_reversal_is_skipped_with_a_note():
    model = {
        **SMALL_MODEL,
        "sensitivity": {"critical": False, "sweep": False, "rank_reversal_max_partners": 1},
    }
    ev = ps.evaluate(small_partners(), None, model)
    assert "rank_reversal" not in ev.analyses
    assert "verdict" in ev.analyses
    assert any(n.startswith("Analysis skipped: rank_reversal: 2 partners exceed") for n in ev.notes)
