"""Evaluation.analyses: a typed object that still reads as the mapping it used to be."""

from __future__ import annotations

import dataclasses

import pytest

from partnerselect.analyses import Analyses


def test_attributes_and_mapping_view_agree():
    a = Analyses(smaa="S", verdict="V", skipped={"rank_reversal": "too many partners"})
    assert a.smaa == "S"
    assert a.verdict == "V"
    assert a.critical is None
    assert list(a) == ["smaa", "verdict"]
    assert len(a) == 2
    assert a["smaa"] == "S"
    assert a.get("critical") is None
    assert "critical" not in a
    assert "skipped" not in a
    assert a.skipped == {"rank_reversal": "too many partners"}
    with pytest.raises(KeyError):
        a["critical"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.smaa = None  # type: ignore[misc]
    assert not Analyses()
    assert repr(a) == "<Analyses: smaa, verdict>"
