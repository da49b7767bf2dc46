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
