"""Effective weights: identity for the additive model, flat criteria, properties, warnings."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.effective import (
    EffectiveWeightSettings,
    _swing_generic,
    _swing_separable,
    _swing_topsis,
    effective_weight_table,
    effective_weights,
)
from partnerselect.errors import ConstantCriterionWarning, EffectiveWeightWarning, ParameterError
from partnerselect.testing import problems


def _problem(x, objectives, weights, names=None):
    x = np.asarray(x, dtype=float)
    crits = names or [f"c{j}" for j in range(x.shape[1])]
    df = pd.DataFrame(x, index=[f"p{i}" for i in range(x.shape[0])], columns=crits)
    return ps.Problem.from_frame(
        df, objectives=dict(zip(crits, objectives, strict=True)), weights=list(weights)
    )


# --------------------------------------------------------------------------- identities
def test_additive_minmax_equals_stated_weights():
    rng = np.random.default_rng(3)
    x = rng.uniform(1, 100, size=(9, 5))
    pb = _problem(x, ["max", "min", "max", "min", "max"], [5, 1, 3, 0.5, 2])
    eff = effective_weights(pb, "wsm", normalization="minmax")
    np.testing.assert_allclose(eff.to_numpy(), pb.weight_vector, atol=1e-12)
    assert list(eff.index) == list(pb.criteria)


def test_flat_criterion_gets_zero_and_the_others_keep_their_ratios():
    x = [[1.0, 7.0, 3.0], [2.0, 7.0, 9.0], [5.0, 7.0, 4.0]]
    with pytest.warns(ConstantCriterionWarning):
        pb = _problem(x, ["max", "max", "min"], [0.2, 0.5, 0.3])
    eff = effective_weights(pb, "wsm")
    # Independent: the flat criterion cannot move a score; the other two share 0.2 : 0.3.
    np.testing.assert_allclose(eff.to_numpy(), [0.4, 0.0, 0.6], atol=1e-12)
    for method in ("topsis", "vikor", "promethee2"):
        assert effective_weights(pb, method)["c1"] == 0.0
    assert effective_weights(pb, "topsis", kind="rank")["c1"] == 0.0
    row = effective_weight_table(pb, "wsm").table.loc["c1"]
    assert row["flag"] == ""  # the ConstantCriterionWarning already says so
    assert row["ratio"] == 0.0
    assert "same value" in row["reason"]


def test_everything_flat_gives_zeros():
    with pytest.warns(ConstantCriterionWarning):
        pb = _problem([[1.0, 2.0], [1.0, 2.0]], ["max", "min"], [1, 1])
    assert effective_weights(pb, "wsm").tolist() == [0.0, 0.0]


def _topsis_vector(x, signs, w):
    """Plain TOPSIS (Hwang & Yoon 1981) written out independently of the package."""
    r = x / np.sqrt((x**2).sum(axis=0))
    v = r * w
    best = np.where(signs > 0, v.max(axis=0), v.min(axis=0))
    worst = np.where(signs > 0, v.min(axis=0), v.max(axis=0))
    dp = np.sqrt(((v - best) ** 2).sum(axis=1))
    dm = np.sqrt(((v - worst) ** 2).sum(axis=1))
    return dm / (dp + dm)


def test_topsis_swing_matches_an_independent_computation():
    x = np.array([[900.0, 3.0, 12.0], [1100.0, 4.5, 8.0], [1000.0, 4.2, 20.0], [950.0, 3.9, 15.0]])
    signs = np.array([-1.0, 1.0, 1.0])
    w = np.array([0.5, 0.3, 0.2])
    raw = np.zeros(3)
    for j in range(3):
        best = x[:, j].max() if signs[j] > 0 else x[:, j].min()
        worst = x[:, j].min() if signs[j] > 0 else x[:, j].max()
        for i in range(4):
            hi, lo = x.copy(), x.copy()
            hi[i, j], lo[i, j] = best, worst
            raw[j] += abs(_topsis_vector(hi, signs, w)[i] - _topsis_vector(lo, signs, w)[i]) / 4
    expected = raw / raw.sum()
    pb = _problem(x, ["min", "max", "max"], w)
    got = effective_weights(pb, "topsis", normalization="vector")
    np.testing.assert_allclose(got.to_numpy(), expected, rtol=1e-10)


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("wsm", {"normalization": "minmax"}),
        ("wsm", {"normalization": "linear_max"}),
        ("wsm", {"normalization": "linear_sum"}),
        ("moora", {}),
        ("mabac", {}),
    ],
)
def test_batched_additive_path_equals_the_generic_one(method, params):
    rng = np.random.default_rng(11)
    x = rng.uniform(1, 50, size=(7, 4))
    pb = _problem(x, ["max", "min", "min", "max"], [1, 2, 3, 4])
    obj = ps.get_method(method, **params)
    kw = obj.validate(pb)
    idx = np.arange(pb.shape[0])
    a = _swing_separable(obj, pb.values, pb.signs, pb.weight_vector, kw, idx)
    b = _swing_generic(obj, pb.values, pb.signs, pb.weight_vector, kw, idx)
    np.testing.assert_allclose(a, b, atol=1e-12)
    sub = idx[::2]  # a subset of partners gives their rows
    np.testing.assert_allclose(
        _swing_separable(obj, pb.values, pb.signs, pb.weight_vector, kw, sub), a[sub], atol=1e-12
    )
    np.testing.assert_allclose(a, b, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    normalization=st.sampled_from(["vector", "minmax", "max", "sum", "linear_max", "none"]),
)
def test_topsis_column_path_equals_scoring_every_swung_matrix(data, normalization):
    # TOPSIS swings from one normalised column each == one kernel call per swung matrix,
    # for every normalisation TOPSIS offers, with ties and repeated values (small integers)
    m = data.draw(st.integers(2, 12))
    n = data.draw(st.integers(1, 4))
    cells = st.integers(1, 5) if data.draw(st.booleans()) else st.floats(0.5, 100.0)
    x = np.array(data.draw(st.lists(st.lists(cells, min_size=n, max_size=n), min_size=m,
                                    max_size=m)), dtype=float)  # fmt: skip
    signs = np.array(data.draw(st.lists(st.sampled_from([-1, 1]), min_size=n, max_size=n)))
    w = np.array(data.draw(st.lists(st.floats(0.01, 1.0), min_size=n, max_size=n)))
    w = w / w.sum()
    obj = ps.get_method("topsis", normalization=normalization)
    kw = {"normalization": normalization}
    idx = np.array(sorted(data.draw(st.sets(st.integers(0, m - 1), min_size=1))))
    a = _swing_topsis(x, signs, w, kw, idx)
    with np.errstate(all="ignore"):
        b = _swing_generic(obj, x, signs, w, kw, idx)
    np.testing.assert_allclose(a, b, atol=1e-12)


def test_rank_variant_finds_the_criterion_that_decides():
    # c0 decides the order; c1 moves the scores but the same way as c0.
    x = [[1.0, 1.0], [2.0, 1.1], [3.0, 1.2], [4.0, 1.3]]
    pb = _problem(x, ["max", "max"], [0.5, 0.5])
    by_rank = effective_weights(pb, "wsm", kind="rank")
    # Constant c0: c1 alone gives the same order, footrule 0; constant c1: same, 0 too.
    assert by_rank.tolist() == [0.0, 0.0]
    x2 = [[1.0, 4.0], [2.0, 3.0], [3.0, 2.0], [4.0, 1.0]]
    pb2 = _problem(x2, ["max", "max"], [0.7, 0.3])
    # With c0 constant the order reverses (footrule 8); with c1 constant it stays (0).
    assert effective_weights(pb2, "wsm", kind="rank").tolist() == [1.0, 0.0]


def test_bad_kind_and_bad_problem_are_refused():
    pb = _problem([[1.0], [2.0]], ["max"], [1])
    with pytest.raises(ParameterError, match="'swing' or 'rank'"):
        effective_weights(pb, "wsm", kind="shapley")
    with pytest.raises(ParameterError, match="Problem"):
        effective_weights(pd.DataFrame({"a": [1]}), "wsm")


# --------------------------------------------------------------------------- properties
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pb=problems(min_partners=3, max_partners=6, min_criteria=2, max_criteria=4),
    method=st.sampled_from(["wsm", "topsis", "vikor"]),
    factor=st.floats(0.01, 100.0),
    col=st.integers(0, 3),
)
def test_properties_sum_to_one_scale_invariance_constant_zero(pb, method, factor, col):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eff = effective_weights(pb, method)
        assert (eff >= 0).all()
        if eff.sum() > 0:
            assert eff.sum() == pytest.approx(1.0)
        j = col % pb.shape[1]
        x = pb.values.copy()
        x[:, j] *= factor
        scaled = pb.replace(matrix=pd.DataFrame(x, index=pb.partners, columns=pb.criteria))
        np.testing.assert_allclose(effective_weights(scaled, method), eff, atol=1e-9)
        x[:, j] = x[0, j]
        flat = pb.replace(matrix=pd.DataFrame(x, index=pb.partners, columns=pb.criteria))
        assert effective_weights(flat, method).iloc[j] == 0.0


# --------------------------------------------------------------------------- table, warning
def test_table_flags_and_names_the_reason():
    # Quality spreads over a tiny part of its scale: vector normalisation hides it.
    x = [[900.0, 4.0], [1100.0, 4.1], [1000.0, 4.05], [1200.0, 4.08], [800.0, 3.95]]
    pb = _problem(x, ["min", "max"], [0.3, 0.7], names=["price", "quality"])
    ew = effective_weight_table(pb, "topsis", normalization="vector")
    t = ew.table
    assert list(t.columns) == ["stated", "effective", "ratio", "effective_rank", "flag", "reason"]
    assert t["effective"].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(t["ratio"], t["effective"] / t["stated"])
    assert ew.distance == pytest.approx(0.5 * (t["effective"] - t["stated"]).abs().sum())
    assert effective_weight_table(pb, "wsm").distance == pytest.approx(0.0, abs=1e-12)
    msgs = ew.messages()
    flagged = set(ew.flagged.index)
    assert flagged
    for crit, msg in zip(flagged, msgs, strict=True):
        assert crit in msg
        assert f"{t.loc[crit, 'stated']:.3f}" in msg
    with pytest.warns(EffectiveWeightWarning, match="TOPSIS scores by relative distance"):
        ew.warn()


def test_settings_read_tolerantly_and_validate():
    s = EffectiveWeightSettings.from_model({"effective_weight_low": 0.5})
    assert (s.min_stated, s.low, s.high) == (0.05, 0.5, 3.0)

    class Typed:
        effective_weight_high = 2.0

    assert EffectiveWeightSettings.from_model(Typed()).high == 2.0
    with pytest.raises(ParameterError, match="effective_weight_low"):
        EffectiveWeightSettings(low=4.0, high=3.0)
    with pytest.raises(ParameterError, match="non-negative"):
        EffectiveWeightSettings(min_stated="0.05")  # type: ignore[arg-type]


def _tender():
    partners = pd.DataFrame(
        {
            "partner_id": ["A", "B", "C", "D", "E"],
            "name": ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"],
            "day_rate_eur": [800.0, 950.0, 700.0, 1000.0, 880.0],
            "quality": [4.0, 4.08, 3.95, 4.1, 4.05],
        }
    )
    model = {
        "method": {"name": "topsis", "params": {"normalization": "vector"}},
        "criteria": [
            {"name": "day_rate_eur", "objective": "min", "weight": 3},
            {"name": "quality", "objective": "max", "weight": 7},
        ],
        "sensitivity": {
            "smaa_samples": 200,
            "rank_reversal": False,
            "critical": False,
            "sweep": False,
        },
    }
    return partners, model


def test_evaluate_warns_and_the_verdict_counts_it():
    partners, model = _tender()
    with pytest.warns(EffectiveWeightWarning, match=r"'quality' has a stated weight of 0\.700"):
        ev = ps.evaluate(partners, None, model)
    t = ev.effective_weights
    assert t.loc["quality", "flag"] == "low"
    assert any("EffectiveWeightWarning" in n for n in ev.notes)
    row = ev.verdict.reasons.set_index("check").loc["effective_weights"]
    assert not row["passed"]
    assert row["value"] == 1.0


def test_thresholds_come_from_the_model():
    partners, model = _tender()
    model = {**model, "sensitivity": {**model["sensitivity"], "effective_weight_low": 0.0}}
    with warnings.catch_warnings():
        warnings.simplefilter("error", EffectiveWeightWarning)
        ev = ps.evaluate(partners, None, model, analyses=False)
    assert (ev.effective_weights["flag"] == "").all()


def test_plot_draws_paired_bars():
    partners, model = _tender()
    with pytest.warns(EffectiveWeightWarning):
        ev = ps.evaluate(partners, None, model, analyses=False)
    ew = effective_weight_table(ev, "topsis", normalization="vector")
    ax = ew.plot()
    stated, eff = ax.containers[0], ax.containers[1]
    assert [b.get_width() for b in stated] == pytest.approx(ew.table["stated"].tolist())
    assert [b.get_width() for b in eff] == pytest.approx(ew.table["effective"].tolist())
    import matplotlib.pyplot as plt

    plt.close(ax.figure)


def test_many_partners_identity_still_holds_and_cost_stays_linear():
    rng = np.random.default_rng(4)
    x = rng.uniform(1, 100, size=(400, 6))
    pb = _problem(x, ["max", "min"] * 3, [1, 2, 3, 4, 5, 6])
    np.testing.assert_allclose(effective_weights(pb, "wsm"), pb.weight_vector, atol=1e-12)
    eff = effective_weights(pb, "topsis")
    assert eff.sum() == pytest.approx(1.0)
