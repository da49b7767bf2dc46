"""Report pieces about weights: effective weights, the headline, method disagreements."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.report import tables as tb


def _tender() -> tuple[pd.DataFrame, dict]:
    partners = pd.DataFrame(
        {
            "partner_id": ["a", "b", "c", "d"],
            "name": ["Alpha", "Beta", "Gamma", "Delta"],
            "price": [900.0, 1000.0, 1100.0, 950.0],
            "quality": [4.0, 4.3, 4.31, 4.05],
        }
    )
    model = {
        "criteria": [
            {"name": "price", "objective": "min", "weight": 1},
            {"name": "quality", "objective": "max", "weight": 1.2},
        ],
        "sensitivity": {
            "compare": ["topsis"],
            "smaa_samples": 0,
            "critical": False,
            "sweep": False,
            "rank_reversal": False,
        },
    }
    return partners, model


@pytest.fixture(scope="module")
def ev():
    partners, model = _tender()
    return ps.evaluate(partners, None, model)


def test_default_model_method_is_the_additive_value_model(ev):
    assert ev.ranking.method == "wsm"
    assert ev.effective_weights["ratio"].tolist() == pytest.approx([1.0, 1.0])


def test_effective_table_states_the_ranges_the_weights_refer_to(ev):
    t = tb.effective_table(ev)
    assert list(t.columns[:3]) == ["criterion", "worst", "best"]
    row = t.set_index("criterion").loc["price"]
    assert (row["worst"], row["best"]) == (1100.0, 900.0)
    row = t.set_index("criterion").loc["quality"]
    assert (row["worst"], row["best"]) == (4.0, 4.31)


def test_a_method_with_another_leader_is_explained_in_the_caveats(ev):
    rec = tb.recommendation(ev)
    assert rec["partner_id"] == "b"
    why = [c for c in rec["caveats"] if c.startswith("wsm ranks b above a")]
    assert len(why) == 1
    assert "topsis ranks a above b" in why[0]
    assert "quality" in why[0]


def test_headline_says_too_close_to_call_when_smaa_disagrees(ev):
    class FakeSMAA:
        acceptability = pd.DataFrame({1: [0.34, 0.31, 0.2, 0.15]}, index=["a", "b", "c", "d"])

    fake = dataclasses.replace(ev, analyses={**ev.analyses, "smaa": FakeSMAA()})
    rec = tb.recommendation(fake)
    assert rec["headline"] == (
        "Too close to call: b by the stated weights, a first in 34 % of plausible "
        "weightings (b in 31 %)."
    )
    assert tb.recommendation(ev)["headline"] is None


def test_swing_ranges_in_the_model_are_applied_and_reported():
    partners, model = _tender()
    model = {
        "criteria": [{"name": "price", "objective": "min"}, {"name": "quality"}],
        "weighting": {
            "method": "swing",
            "points": {"price": 100, "quality": 100},
            "ranges": {"quality": [1, 5]},
        },
    }
    ev = ps.evaluate(partners, None, model)
    # Independent: quality's stated swing is 1..5 stars, the bids span 4.0..4.31, so its
    # weight shrinks by 0.31 / 4; price refers to its observed range (factor 1).
    q = 0.5 * 0.31 / 4
    assert ev.problem.weights.tolist() == pytest.approx([0.5 / (0.5 + q), q / (0.5 + q)])
    t = tb.effective_table(ev).set_index("criterion")
    assert t.loc["quality", "stated for"] == "1 to 5"
    assert t.loc["price", "stated for"] == "observed range"


def test_markdown_summary_line(ev, tmp_path):
    from partnerselect.report.markdown import write_markdown

    text = write_markdown(ev, tmp_path / "r.md", plots=False).read_text(encoding="utf-8")
    assert "**Recommended partner: Beta \\(b\\)**" in text
    assert "## Stated vs effective weights" in text

    class FakeSMAA:
        acceptability = pd.DataFrame({1: [0.34, 0.31, 0.2, 0.15]}, index=["a", "b", "c", "d"])

    fake = dataclasses.replace(ev, analyses={**ev.analyses, "smaa": FakeSMAA()})
    text = write_markdown(fake, tmp_path / "f.md", plots=False).read_text(encoding="utf-8")
    assert "**Too close to call: b by the stated weights, a first in 34 % of plausible" in text
