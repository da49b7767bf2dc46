"""No silent changes: inputs are never modified, and every automatic decision (imputation,
shrinkage of thin evidence, dominance) is visible in the Evaluation, the reports and a
warning."""

from __future__ import annotations

import copy
import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import (
    DominanceWarning,
    ImputationWarning,
    InsufficientEvidenceWarning,
    PartnerSelectWarning,
)


def _frozen(df: pd.DataFrame) -> pd.DataFrame:
    return df.copy(deep=True)


@pytest.fixture(scope="module")
def sample():
    return ps.load_sample()


def test_readers_do_not_modify_a_dataframe(sample):
    raw = pd.read_csv(sample.paths["partners"], dtype=str, keep_default_na=False)
    raw.attrs["source"] = "partners.csv"
    before = _frozen(raw)
    ps.read_partners(raw)
    pd.testing.assert_frame_equal(raw, before)
    assert raw.attrs == {"source": "partners.csv"}


def test_evaluate_does_not_modify_inputs(sample):
    partners, records, scores = sample.partners, sample.track_records, sample.scores
    frozen = [_frozen(x) for x in (partners, records, scores)]
    raw = dict(ps.read_model(sample.model_path).raw)
    raw["sensitivity"] = {"smaa_samples": 200}
    model_before = copy.deepcopy(raw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        ev = ps.evaluate(partners, records, raw, scores=scores)
    for before, after in zip(frozen, (partners, records, scores), strict=True):
        pd.testing.assert_frame_equal(after, before)
    assert raw == model_before
    # the Evaluation keeps its own copies
    assert ev.partners is not partners


@pytest.fixture
def problem():
    df = pd.DataFrame(
        {"price": [250.0, 200.0, 300.0, 275.0], "quality": [7.0, 6.0, 9.0, 8.0]},
        index=["A", "B", "C", "D"],
    )
    return df, ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})


def test_problem_values_are_read_only(problem):
    df, p = problem
    assert not p.values.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        p.values[0, 0] = 1.0
    df.iloc[0, 0] = 999.0  # the caller's frame is not shared with the Problem
    assert p.matrix.iloc[0, 0] == 250.0


@pytest.mark.parametrize("method", ps.list_methods())
def test_rank_does_not_modify_the_problem(problem, method):
    _, p = problem
    matrix, weights = p.matrix.copy(deep=True), p.weight_vector.copy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        ps.rank(p, method)
    pd.testing.assert_frame_equal(p.matrix, matrix)
    np.testing.assert_array_equal(p.weight_vector, weights)


def test_weights_do_not_modify_inputs(problem):
    _, p = problem
    pairwise = np.array([[1.0, 3.0, 5.0], [1 / 3, 1.0, 2.0], [1 / 5, 1 / 2, 1.0]])
    pairwise.flags.writeable = False  # any in-place write would raise
    frame = pd.DataFrame(pairwise.copy(), index=list("abc"), columns=list("abc"))
    before = _frozen(frame)
    ps.weights.ahp(pairwise)
    ps.weights.ahp(frame)
    pd.testing.assert_frame_equal(frame, before)
    matrix = p.matrix.copy(deep=True)
    ps.weights.entropy(p)
    ps.weights.critic(p)
    pd.testing.assert_frame_equal(p.matrix, matrix)


def test_sensitivity_does_not_modify_the_problem(problem):
    _, p = problem
    matrix, weights = p.matrix.copy(deep=True), p.weight_vector.copy()
    result = ps.sensitivity.smaa(p, "topsis", n_samples=300, random_state=3)
    assert np.allclose(result.acceptability.sum(axis=1), 1.0)
    pd.testing.assert_frame_equal(p.matrix, matrix)
    np.testing.assert_array_equal(p.weight_vector, weights)


# --------------------------------------------------------------------------- visible decisions
PARTNERS = pd.DataFrame(
    {
        "partner_id": ["P1", "P2", "P3", "P4"],
        "name": ["Acme", "Beta", "Gamma", "Delta"],
        "day_rate_eur": [800.0, None, 1000.0, 700.0],
        "ai_engineers": [10, 30, 20, 5],
    }
)
RECORDS = pd.DataFrame(
    {
        "partner_id": ["P1", "P1", "P1", "P1", "P2", "P3", "P3", "P3"],
        "project_id": [f"X{i}" for i in range(8)],
        "quality_score": [4.0, 4.0, 4.0, 4.0, 2.0, 3.0, 3.0, 3.0],
        "status": "completed",
    }
)
MODEL = {
    "track_record": {"min_projects": 3, "prior_strength": 2},
    "criteria": [
        {"name": "day_rate_eur", "objective": "min", "missing": "worst"},
        {"name": "ai_engineers"},
        {"name": "quality", "source": "track_record", "missing": "prior"},
    ],
}


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ev = ps.evaluate(PARTNERS, RECORDS, MODEL)
    out = tmp_path_factory.mktemp("decided")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        md = ev.report(out / "r.md").read_text(encoding="utf-8")
    return ev, caught, md


def _warned(caught, category, *needles):
    messages = [str(w.message) for w in caught if w.category is category]
    assert any(all(n in m for n in needles) for m in messages), (category.__name__, messages)


def test_imputed_partner_value_is_visible(decided):
    ev, caught, md = decided
    cell = ev.criteria.cells.loc[("P2", "day_rate_eur")]
    assert bool(cell["imputed"])
    assert np.isnan(cell["raw"])
    assert cell["value"] == 1000.0  # worst observed day rate (a cost): max(800, 1000, 700)
    assert cell["note"] == "imputed (worst)"
    assert ev.problem.matrix.loc["P2", "day_rate_eur"] == 1000.0
    _warned(caught, ImputationWarning, "day_rate_eur", "P2", "worst")
    assert any(n.startswith("ImputationWarning") for n in ev.notes)
    assert "imputed \\(worst\\)" in md  # Markdown-escaped parentheses


def test_imputed_track_record_is_visible(decided):
    ev, caught, _ = decided
    cell = ev.criteria.cells.loc[("P4", "quality")]
    assert bool(cell["imputed"])
    assert cell["n"] == 0
    _warned(caught, ImputationWarning, "quality", "P4", "prior")


def test_shrinkage_below_min_projects_is_visible(decided):
    ev, caught, _ = decided
    cells = ev.criteria.cells.xs("quality", level="criterion")
    p2 = cells.loc["P2"]
    # P2 has one project rated 2.0: flagged, and pulled towards the portfolio (mean of
    # the eight projects is 3.375), but not past it.
    assert bool(p2["insufficient"])
    assert p2["n"] == 1
    assert p2["raw"] == 2.0
    assert 2.0 < p2["value"] < 3.375
    assert not bool(cells.loc["P1", "insufficient"])
    _warned(caught, InsufficientEvidenceWarning, "quality", "P2 (1)")


def test_dominance_is_flagged_not_dropped(tmp_path):
    partners = PARTNERS.assign(day_rate_eur=[800.0, 900.0, 1000.0, 700.0])
    model = {"criteria": [{"name": "day_rate_eur", "objective": "min"}, {"name": "ai_engineers"}]}
    # P3 (1000, 20) is dominated by P2 (900, 30); nobody else is dominated.
    with pytest.warns(DominanceWarning, match=r"P3 \(by P2\)"):
        ev = ps.evaluate(partners, None, model)
    assert ev.dominated["partner_id"].tolist() == ["P3"]
    assert "P3" in ev.ranking.ranks.index
    assert ev.to_frame().loc["P3", "dominated_by"] == "P2"
