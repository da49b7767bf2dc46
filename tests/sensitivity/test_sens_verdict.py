"""Robust-or-fragile verdict."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.sensitivity import smaa, verdict


@pytest.fixture
def clear_winner() -> ps.Problem:
    df = pd.DataFrame({"q": [9.0, 2.0, 1.0], "c": [9.0, 1.0, 2.0]}, index=["a", "b", "c"])
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})


@pytest.fixture
def near_tie() -> ps.Problem:
    # WSM (min-max, equal weights): c spans [0, 0.98], so b's 0.98 maps to 1 and
    # a = 0.5 * 1 + 0.5 * 0 = 0.5 ties b = 0.5 * 0 + 0.5 * 1 = 0.5; c = 0.
    df = pd.DataFrame({"q": [1.0, 0.0, 0.0], "c": [0.0, 0.98, 0.0]}, index=["a", "b", "c"])
    return ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})


def test_clear_winner_is_robust(clear_winner):
    v = verdict(clear_winner, "wsm", n_samples=1000)
    assert v.robust
    assert v.label == "robust"
    assert v.top == "a"
    assert v.reasons["check"].tolist() == ["margin", "critical_weight", "p_best", "rank_reversal"]
    assert v.reasons["passed"].all()
    assert str(v).startswith("Robust: wsm ranks a first")


def test_near_tie_is_fragile_on_margin(near_tie):
    v = verdict(near_tie, "wsm", n_samples=500, check_reversal=False)
    margin = v.reasons.set_index("check").loc["margin"]
    # a = 0.5, b = 0.5 * 1 = 0.5 -> gap 0 -> margin 0 < 0.05
    assert margin["value"] == pytest.approx(0.0)
    assert not margin["passed"]
    assert not v.robust
    assert "fragile" in repr(v)


def test_margin_value_hand_computed(unit_problem):
    # WSM scores A 0.6, C 0.57, B 0.3: margin = (0.6 - 0.57) / (0.6 - 0.3) = 0.1.
    v = verdict(unit_problem, "wsm", n_samples=200, min_margin=0.2, check_reversal=False)
    margin = v.reasons.set_index("check").loc["margin"]
    assert margin["value"] == pytest.approx(0.1)
    assert not margin["passed"]
    assert "10.0% of the score range (< 20%)" in margin["explanation"]
    # The smallest relative change that lets C overtake A is on q: -0.06 / 0.5 = -12 %.
    crit = v.reasons.set_index("check").loc["critical_weight"]
    assert crit["value"] == pytest.approx(0.12)
    assert crit["passed"]  # >= 10 %


def test_given_analyses_are_used(clear_winner):
    sm = smaa(clear_winner, "wsm", n_samples=300, random_state=4)
    v = verdict(clear_winner, "wsm", smaa=sm, check_reversal=False, min_p_best=1.0)
    row = v.reasons.set_index("check").loc["p_best"]
    assert row["value"] == sm.acceptability.loc["a", 1]
    assert "rank_reversal" not in v.reasons["check"].tolist()


def test_comparison_checks_hand_computed(clear_winner):
    class Comparison:
        ranks = pd.DataFrame({"wsm": [1, 2, 3], "other": [2, 1, 3]}, index=["a", "b", "c"])

    # wsm ranks with ties: a 1, b 2, c 2 (b and c tie at 1/14). Kendall tau-b between
    # (1, 2, 2) and (2, 1, 3): pairs (a,b) discordant, (a,c) concordant, (b,c) tied in x;
    # tau_b = (1 - 1) / sqrt(2 * 3) = 0.
    with pytest.warns(ps.errors.TieWarning):
        ps.rank(clear_winner, "wsm")
    v = verdict(clear_winner, "wsm", comparison=Comparison(), n_samples=200, check_reversal=False)
    rows = v.reasons.set_index("check")
    assert rows.loc["top_agreement", "value"] == pytest.approx(0.5)
    assert not rows.loc["top_agreement", "passed"]
    assert rows.loc["kendall_tau", "value"] == pytest.approx(0.0)
    assert "other: b" in rows.loc["top_agreement", "explanation"]
    assert not v.robust


def test_threshold_errors(clear_winner):
    with pytest.raises(ParameterError, match="'min_margin'"):
        verdict(clear_winner, "wsm", min_margin=2.0)
    with pytest.raises(ParameterError, match="'min_p_best'"):
        verdict(clear_winner, "wsm", min_p_best="high")
    with pytest.raises(ParameterError, match=r"\.ranks"):
        verdict(clear_winner, "wsm", comparison=object(), n_samples=50)


def test_single_partner_has_no_checks_and_is_robust():
    pb = ps.Problem.from_frame(pd.DataFrame({"q": [1.0]}, index=["solo"]), objectives=["max"])
    v = verdict(pb, "wsm")
    assert v.robust
    assert v.reasons.empty
    assert np.isscalar(v.robust)
