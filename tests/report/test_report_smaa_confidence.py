"""SMAA-2 confidence factors reach the report tables (with the data drawn from evidence)."""

from __future__ import annotations

import numpy as np

from partnerselect.report import tables as tb


def test_confidence_table_follows_the_ranking(sample_eval):
    smaa = sample_eval.analyses["smaa"]
    # the sample's criteria carry track-record uncertainty, so "auto" samples the data
    assert smaa.sample_data
    table = tb.smaa_confidence_table(sample_eval)
    assert list(table.index) == list(sample_eval.ranking.to_frame().index)
    assert np.allclose(table["p_best"], smaa.acceptability[1].reindex(table.index))
    ok = table["confidence"].notna()
    assert ((table.loc[ok, "confidence"] >= 0) & (table.loc[ok, "confidence"] <= 1)).all()
    assert (table.loc[ok, "confidence_se"] < 0.05).all()
    assert any(c.startswith("central weight: ") for c in table.columns)
    assert "confidence" in set(tb.verdict_reasons(sample_eval)["check"])


def test_html_and_markdown_show_the_confidence_factors(sample_eval, tmp_path):
    condensed = tb.condensed_confidence(sample_eval)
    smaa = sample_eval.analyses["smaa"]
    ever_first = smaa.acceptability.index[smaa.acceptability[1] > 0]
    assert set(condensed["partner_id"]) == set(ever_first)
    assert list(condensed.columns) == ["partner_id", "p_best", "confidence", "confidence_se"]
    html = sample_eval.report(tmp_path / "r.html", plots=False).read_text(encoding="utf-8")
    md = sample_eval.report(tmp_path / "r.md", plots=False).read_text(encoding="utf-8")
    assert "SMAA-2 confidence factors" in html
    assert "## SMAA-2 confidence factors" in md
    top = condensed.iloc[0]
    assert f"| {top['partner_id']} |" in md
    assert f"{100 * top['confidence']:.1f} %" in html
