"""Unknown partners are reported; partners without records follow the declared policy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from partnerselect.errors import (
    ImputationWarning,
    MissingValueError,
    ParameterError,
    PriorFallbackWarning,
    UnknownPartnerWarning,
)
from partnerselect.trackrecord import apply_missing_policy, compute_metric, unknown_partners

from ._tr_helpers import frame, project


def records() -> pd.DataFrame:
    rows = [project("A", f"a{i}", quality_score=q) for i, q in enumerate([4.0, 5.0, 4.5])]
    rows += [project("B", f"b{i}", quality_score=q) for i, q in enumerate([2.0, 3.0, 2.5])]
    rows += [project("Z", "z0", quality_score=1.0)]  # not a partner
    return frame(rows)


def result():  # type: ignore[no-untyped-def]
    with pytest.warns(UnknownPartnerWarning, match="Z"):
        return compute_metric(records(), "quality", partners=["A", "B", "C"], prior_strength=3)


def test_unknown_partner_records_are_reported_not_dropped() -> None:
    res = result()
    assert res.unknown_partners["project_id"].tolist() == ["z0"]
    # Z's project is not in the portfolio prior either.
    assert res.prior["mean"] == pytest.approx((4 + 5 + 4.5 + 2 + 3 + 2.5) / 6)
    with pytest.warns(UnknownPartnerWarning, match=r"1 record\(s\).*Z"):
        out = unknown_partners(records(), ["A", "B"])
    assert out["partner_id"].tolist() == ["Z"]


def test_partner_without_records_is_missing() -> None:
    table = result().table
    assert bool(table.loc["C", "missing"])
    assert np.isnan(table.loc["C", "value"])
    assert table.loc["C", "n"] == 0


def test_policy_exclude() -> None:
    out = apply_missing_policy(result(), "exclude")
    assert list(out.table.index) == ["A", "B"]
    assert out.excluded.to_dict("records") == [
        {"partner_id": "C", "rule": "missing:quality", "reason": "no track record for quality",
         "value": ""}
    ]  # fmt: skip


def test_policy_exclude_reason_uses_metric_label() -> None:
    df = frame([project("A", f"a{i}") for i in range(3)])
    with pytest.warns(PriorFallbackWarning, match="only 1 partner"):
        res = compute_metric(df, "on_time_rate", partners=["A", "B"])
    out = apply_missing_policy(res, "exclude")
    assert out.excluded["reason"].tolist() == ["no track record for on-time rate"]


def test_policy_prior() -> None:
    res = result()
    with pytest.warns(ImputationWarning, match="C"):
        out = apply_missing_policy(res, "prior")
    row = out.table.loc["C"]
    assert row["value"] == pytest.approx(res.prior["mean"])
    assert bool(row["imputed"])
    # The imputed cell samples from the prior: t(mu0, s0 / sqrt(k), df = k).
    assert (row["dist"], row["df"]) == ("t", 3)
    assert row["b"] == pytest.approx(res.prior["sd"] / np.sqrt(3))
    assert row["upper"] == pytest.approx(row["value"] + row["b"] * stats.t.ppf(0.95, 3))
    assert not res.table.loc["C", "imputed"]  # input untouched


def test_policy_worst_respects_objective() -> None:
    res = result()
    with pytest.warns(ImputationWarning):
        worst_max = apply_missing_policy(res, "worst")  # quality: max -> lowest value
    with pytest.warns(ImputationWarning):
        worst_min = apply_missing_policy(res, "worst", objective="min")
    assert worst_max.table.loc["C", "value"] == pytest.approx(res.table["value"].min())
    assert worst_min.table.loc["C", "value"] == pytest.approx(res.table["value"].max())
    assert worst_max.table.loc["C", "dist"] == "fixed"


def test_policy_error_names_partner_and_metric() -> None:
    with pytest.raises(MissingValueError, match=r"quality.*C") as info:
        apply_missing_policy(result(), "error")
    assert info.value.partner == "C"


def test_unknown_policy() -> None:
    with pytest.raises(ParameterError, match="Did you mean 'prior'"):
        apply_missing_policy(result(), "prio")


def test_worst_with_nothing_observed() -> None:
    df = records()[records()["partner_id"] == "A"]
    with pytest.warns(PriorFallbackWarning):
        res = compute_metric(df, "quality", partners=["A", "C"])
    res_none = compute_metric(df.iloc[0:0], "quality", partners=["C"])
    with pytest.raises(MissingValueError, match="nothing to fill"):
        apply_missing_policy(res_none, "worst")
    with pytest.raises(MissingValueError, match="no portfolio value"):
        apply_missing_policy(res_none, "prior")
    assert res.table.loc["C", "missing"]
