"""Gates keep every reason; dominance flags, never drops."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerselect import Problem
from partnerselect.errors import (
    DominanceWarning,
    DuplicateError,
    GateMissingValueWarning,
    ParameterError,
    RuleSyntaxError,
    SchemaError,
)
from partnerselect.screening import (
    Gate,
    apply_gates,
    dominance,
    dominance_pairs,
    flag_dominated,
)


def partners() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner_id": ["p1", "p2", "p3", "p4"],
            "iso27001": [True, False, None, True],
            "gdpr_dpa": [True, False, True, True],
            "day_rate_eur": [900.0, 1300.0, 1100.0, 1250.0],
            "domains": [["ml", "nlp"], ["ml"], ["data"], ["ml"]],
        }
    )


def _warned(*args):
    """apply_gates on partners() (p3 has no iso27001 value): the blank is noted."""
    with pytest.warns(GateMissingValueWarning, match="p3 have no value in iso27001"):
        return apply_gates(*args)


GATES = [
    Gate("iso27001 == true", reason="ISO 27001 is mandatory"),
    Gate("gdpr_dpa == true", reason="GDPR DPA is mandatory"),
    Gate("day_rate_eur <= 1200"),
    Gate('"ml" in domains', reason="needs ML delivery experience"),
]


def test_every_reason_is_listed() -> None:
    res = _warned(partners(), GATES)
    assert res.eligible == ["p1"]
    p2 = res.excluded[res.excluded["partner_id"] == "p2"]
    assert p2["reason"].tolist() == [
        "ISO 27001 is mandatory",
        "GDPR DPA is mandatory",
        "fails day_rate_eur <= 1200",
    ]
    assert p2["value"].tolist() == ["iso27001=false", "gdpr_dpa=false", "day_rate_eur=1300"]
    assert list(res.excluded.columns) == ["partner_id", "rule", "reason", "value"]
    assert res.to_frame().loc["p2", "failed"] == 3
    assert res.to_frame().loc["p1", "eligible"]


def test_missing_fails_with_missing_reason() -> None:
    res = _warned(partners(), GATES)
    p3 = res.excluded[res.excluded["partner_id"] == "p3"]
    assert p3["reason"].tolist() == ["missing iso27001", "needs ML delivery experience"]
    assert p3["value"].iloc[0] == "iso27001=<missing>"


def test_on_missing_pass_passes_and_flags() -> None:
    gates = [Gate("iso27001 == true", on_missing="pass"), Gate("day_rate_eur <= 1200")]
    res = _warned(partners(), gates)
    assert res.eligible == ["p1", "p3"]
    assert res.flags.to_dict("records") == [
        {"partner_id": "p3", "rule": "iso27001 == true",
         "flag": "passed although missing iso27001"}
    ]  # fmt: skip


def test_all_excluded_still_returns_a_result() -> None:
    res = apply_gates(partners(), [Gate("day_rate_eur < 100")])
    assert res.eligible == []
    assert len(res.excluded) == 4
    assert "0 of 4" in repr(res)


def test_unknown_column_names_it_with_did_you_mean() -> None:
    with pytest.raises(SchemaError, match="Did you mean 'day_rate_eur'") as info:
        apply_gates(partners(), [Gate("dayrate_eur <= 1200")])
    assert info.value.column == "dayrate_eur"


def test_gate_validates_on_construction() -> None:
    with pytest.raises(RuleSyntaxError):
        Gate("iso27001 = true")
    with pytest.raises(ParameterError, match="on_missing"):
        Gate("iso27001 == true", on_missing="skip")


def test_strings_and_model_specs_are_accepted_as_gates() -> None:
    class Spec:
        rule = "gdpr_dpa == true"
        reason = "DPA"
        on_missing = "fail"
        name = "dpa"

    res = _warned(partners(), ["iso27001 == true", Spec()])
    assert res.eligible == ["p1", "p4"]
    assert list(res.outcomes.columns) == ["iso27001 == true", "dpa"]


def test_id_index_and_duplicates() -> None:
    df = partners().set_index("partner_id")
    assert apply_gates(df, [Gate("gdpr_dpa == true")]).eligible == ["p1", "p3", "p4"]
    dup = pd.concat([partners(), partners().iloc[:1]])
    with pytest.raises(DuplicateError, match="p1"):
        apply_gates(dup, GATES)


def test_input_not_modified() -> None:
    df = partners()
    before = df.copy()
    _warned(df, GATES)
    pd.testing.assert_frame_equal(df, before)


# ---------------------------------------------------------------------- dominance
def problem() -> Problem:
    df = pd.DataFrame(
        {"price": [900, 1000, 800, 900], "quality": [4.0, 3.0, 3.0, 4.0]},
        index=["a", "b", "c", "d"],
    )
    return Problem.from_frame(df, objectives={"price": "min", "quality": "max"})


def test_dominance_by_hand() -> None:
    # b (1000, 3) is worse than a (900, 4), c (800, 3) and d (900, 4) on both or one;
    # a and d are identical, so neither dominates the other.
    dom = dominance(problem())
    assert dom["dominated_by"].tolist() == [[], ["a", "c", "d"], [], []]


def test_flag_dominated_warns_once_and_keeps_everyone() -> None:
    with pytest.warns(DominanceWarning, match=r"b \(by a, c, d\)"):
        flags = flag_dominated(problem())
    assert flags.tolist() == [False, True, False, False]
    assert flags.name == "dominated"


def test_no_dominance_no_warning() -> None:
    pb = problem().subset(["a", "c"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert not flag_dominated(pb).any()
    assert np.all(dominance(pb)["dominated_by"].map(len) == 0)


# --------------------------------------------------------------------------- scale paths
@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 70).flatmap(
        lambda m: st.integers(1, 5).flatmap(
            lambda n: st.lists(
                st.lists(st.sampled_from([-2.0, -0.0, 0.0, 1.0, 1.5, 3.0]), min_size=n, max_size=n),
                min_size=m,
                max_size=m,
            )
        )
    )
)
def test_bitset_dominance_equals_the_pairwise_definition(rows: list[list[float]]) -> None:
    # few distinct values (and -0.0 beside 0.0): many ties and identical partners
    u = np.array(rows)
    i, j = dominance_pairs(u)
    expected = [
        (a, b)
        for a in range(len(u))
        for b in range(len(u))
        if np.all(u[b] >= u[a]) and np.any(u[b] > u[a])  # b dominates a
    ]
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == expected


def test_dominance_across_word_boundaries() -> None:
    # more than 64 partners: the dominators of one partner span several 64-bit words
    rng = np.random.default_rng(0)
    x = rng.integers(0, 4, size=(200, 3)).astype(float)
    i, j = dominance_pairs(x)
    geq = (x[None, :, :] >= x[:, None, :]).all(axis=2)  # [a, b]: b at least as good as a
    gt = (x[None, :, :] > x[:, None, :]).any(axis=2)
    a, b = np.nonzero(geq & gt)
    assert i.tolist() == a.tolist()
    assert j.tolist() == b.tolist()


def test_gates_on_a_large_table_match_row_by_row_reasons() -> None:
    rng = np.random.default_rng(1)
    n = 3000
    df = pd.DataFrame(
        {
            "partner_id": [f"p{i}" for i in range(n)],
            "iso27001": pd.array(np.where(rng.random(n) < 0.1, None, rng.random(n) < 0.7),
                                 dtype="boolean"),
            "day_rate_eur": np.where(rng.random(n) < 0.05, np.nan, rng.uniform(500, 1500, n)),
            "country": rng.choice(["DE", "fr ", "PL", None], n),
        }
    )  # fmt: skip
    gates = [
        Gate("iso27001 == true", reason="ISO"),
        Gate("day_rate_eur <= 1200", on_missing="pass"),
        Gate('country in ["DE", "FR"]'),
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", GateMissingValueWarning)
        res = apply_gates(df, gates)
    # independent row-by-row reading of the three rules (Kleene: missing is undecided)
    expected_excluded = []
    for _, row in df.iterrows():
        pid = row["partner_id"]
        iso, rate, country = row["iso27001"], row["day_rate_eur"], row["country"]
        if pd.isna(iso):
            expected_excluded.append((pid, "iso27001 == true", "missing iso27001"))
        elif not iso:
            expected_excluded.append((pid, "iso27001 == true", "ISO"))
        if not pd.isna(rate) and rate > 1200:
            expected_excluded.append((pid, "day_rate_eur <= 1200", "fails day_rate_eur <= 1200"))
        if pd.isna(country):
            expected_excluded.append((pid, 'country in ["DE", "FR"]', "missing country"))
        elif country.strip().lower() not in ("de", "fr"):
            expected_excluded.append(
                (pid, 'country in ["DE", "FR"]', 'fails country in ["DE", "FR"]')
            )
    got = list(res.excluded[["partner_id", "rule", "reason"]].itertuples(index=False, name=None))
    assert sorted(got) == sorted(expected_excluded)
    assert len(res.flags) == int(np.isnan(df["day_rate_eur"]).sum())
    failed = {p for p, _, _ in expected_excluded}
    assert res.eligible == [p for p in df["partner_id"] if p not in failed]
