"""Evaluator scores: aggregation, disagreement, moderation, uncertainty."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from partnerselect.errors import (
    DataError,
    DuplicateError,
    EvaluatorDisagreementWarning,
    MissingValueError,
    SchemaError,
    UnknownPartnerWarning,
)
from partnerselect.evaluators import aggregate_scores


def scores() -> pd.DataFrame:
    rows = [
        ("ann", "p1", "communication", 4, ""),
        ("bob", "p1", "communication", 5, ""),
        ("cy", "p1", "communication", 3, "vague answers"),
        ("ann", "p1", "risk", 2, ""),
        ("bob", "p1", "risk", 5, "strong plan"),
        ("ann", "p2", "communication", 3, ""),
        ("ann", "p2", "risk", 4, ""),
        ("bob", "p2", "risk", 4, ""),
        ("cy", "p2", "risk", 4, ""),
    ]
    return pd.DataFrame(rows, columns=["evaluator", "partner_id", "criterion", "score", "comment"])


def aggregate(**kw: object):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EvaluatorDisagreementWarning)
        return aggregate_scores(scores(), spread_tolerance=2.5, **kw)  # type: ignore[arg-type]


def test_mean_and_median_by_hand() -> None:
    res = aggregate()
    assert res.values.loc["p1", "communication"] == pytest.approx(4.0)
    assert res.values.loc["p1", "risk"] == pytest.approx(3.5)
    med = aggregate(how="median")
    assert med.values.loc["p1", "risk"] == pytest.approx(3.5)
    assert list(res.values.columns) == ["communication", "risk"]
    row = res.table.set_index(["partner_id", "criterion"]).loc[("p1", "communication")]
    assert (row["min"], row["max"], row["spread"], row["k"]) == (3, 5, 2, 3)
    assert row["sd"] == pytest.approx(1.0)


def test_disagreement_one_warning_listing_cells() -> None:
    with pytest.warns(EvaluatorDisagreementWarning, match=r"p1/risk \(spread 3: 2-5\)") as rec:
        res = aggregate_scores(scores(), spread_tolerance=1.0)
    assert len([w for w in rec if w.category is EvaluatorDisagreementWarning]) == 1
    assert "p1/communication" in str(rec[0].message)
    flagged = res.disagreements[["partner_id", "criterion"]].to_numpy().tolist()
    assert flagged == [["p1", "communication"], ["p1", "risk"]]


def test_uncertainty_from_spread() -> None:
    t = aggregate().table.set_index(["partner_id", "criterion"])
    comm = t.loc[("p1", "communication")]  # k = 3: t, scale sd / sqrt(k), df = k - 1
    assert (comm["dist"], comm["a"], comm["df"]) == ("t", 4.0, 2)
    assert comm["b"] == pytest.approx(1.0 / np.sqrt(3))
    risk = t.loc[("p1", "risk")]  # k = 2: uniform over [min, max]
    assert (risk["dist"], risk["a"], risk["b"]) == ("uniform", 2.0, 5.0)
    single = t.loc[("p2", "communication")]  # k = 1: fixed
    assert (single["dist"], single["a"], single["n"]) == ("fixed", 3.0, 1)
    agree = t.loc[("p2", "risk")]  # all equal: fixed
    assert agree["dist"] == "fixed"


def test_out_of_scale_names_the_row() -> None:
    bad = scores()
    bad.loc[4, "score"] = 6
    with pytest.raises(DataError, match=r"row 6 .*bob / p1 / risk") as info:
        aggregate_scores(bad)
    assert info.value.row == 6
    assert aggregate_scores(bad, scale=(0, 10), spread_tolerance=10).values.loc["p1", "risk"] == 4


def test_missing_and_text_scores() -> None:
    bad = scores().astype({"score": object})
    bad.loc[0, "score"] = None
    with pytest.raises(MissingValueError, match="row 2"):
        aggregate_scores(bad)
    bad.loc[0, "score"] = "good"
    with pytest.raises(DataError, match="'good'"):
        aggregate_scores(bad)


def test_duplicate_rating() -> None:
    dup = pd.concat([scores(), scores().iloc[[0]]], ignore_index=True)
    with pytest.raises(DuplicateError, match="'ann' scored partner 'p1' on 'communication' twice"):
        aggregate_scores(dup)


def test_moderation_overrides_and_keeps_original() -> None:
    mods = pd.DataFrame(
        [("p1", "risk", 4.0, "Panel agreed after the reference call")],
        columns=["partner_id", "criterion", "value", "comment"],
    )
    res = aggregate(moderations=mods)
    row = res.table.set_index(["partner_id", "criterion"]).loc[("p1", "risk")]
    assert (row["value"], row["original"], row["moderated"]) == (4.0, 3.5, True)
    assert row["moderation_comment"] == "Panel agreed after the reference call"
    assert row["dist"] == "fixed"
    assert res.values.loc["p1", "risk"] == 4.0
    assert len(res.moderations) == 1


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_moderation_needs_a_comment(comment: object) -> None:
    mods = pd.DataFrame(
        [("p1", "risk", 4.0, comment)], columns=["partner_id", "criterion", "value", "comment"]
    )
    with pytest.raises(DataError, match="no comment"):
        aggregate(moderations=mods)


def test_moderation_of_unscored_cell_or_off_scale() -> None:
    cols = ["partner_id", "criterion", "value", "comment"]
    with pytest.raises(DataError, match="no evaluator scored"):
        aggregate(moderations=pd.DataFrame([("p3", "risk", 4, "x")], columns=cols))
    with pytest.raises(DataError, match="outside the scale"):
        aggregate(moderations=pd.DataFrame([("p1", "risk", 9, "x")], columns=cols))


def test_unknown_partners_are_reported() -> None:
    res = aggregate()
    with pytest.warns(UnknownPartnerWarning, match="p2"):
        out = res.unknown_partners(["p1"])
    assert sorted(set(out["partner_id"])) == ["p2"]
    assert len(out) == 4


def test_configurable_columns_and_schema_error() -> None:
    renamed = scores().rename(columns={"score": "rating"})
    with pytest.raises(SchemaError, match="score"):
        aggregate_scores(renamed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EvaluatorDisagreementWarning)
        res = aggregate_scores(renamed, columns={"score": "rating"})
    assert res.values.loc["p2", "risk"] == 4.0


def test_input_not_modified_and_reprs() -> None:
    df = scores()
    before = df.copy()
    res = aggregate_scores(df, spread_tolerance=3)
    pd.testing.assert_frame_equal(df, before)
    assert "2 partners x 2 criteria" in repr(res)
    assert "<p>" in res._repr_html_()
