"""Uncertainty tables, distributions, value scales, holistic preferences and run budgets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import DataError, DuplicateError, ParameterError, SchemaError
from partnerselect.sensitivity.scales import LinearScale, PiecewiseLinearScale
from partnerselect.trackrecord.uncertainty import sample_uncertainty


def _table(rows, index):
    return pd.DataFrame(rows, columns=["dist", "a", "b"], index=pd.MultiIndex.from_tuples(index))


DF = pd.DataFrame({"q": [1.0, 2.0], "c": [3.0, 1.0]}, index=["p1", "p2"])
OBJ = {"q": "max", "c": "min"}


@pytest.mark.parametrize(
    ("rows", "index", "error", "pattern"),
    [
        ([("normal", 1.0, 0.1)], [("px", "q")], DataError, r"row 1 \('px', 'q'\).*partner 'px'"),
        ([("normal", 1.0, 0.1)], [("p1", "qq")], DataError, r"criterion 'qq'.*Did you mean 'q'"),
        (
            [("normal", 1.0, 0.1), ("uniform", 0.0, 2.0)],
            [("p1", "q"), ("p1", "q")],
            DuplicateError,
            r"rows 1 and 2 both describe partner 'p1', criterion 'q'",
        ),
        ([("gamma", 1.0, 1.0)], [("p1", "q")], ParameterError, r"dist='gamma'"),
        ([("beta", 0.0, 1.0)], [("p1", "q")], DataError, r"row 1 .*beta.*a > 0"),
        ([("normal", 1.0, -1.0)], [("p2", "c")], DataError, r"row 1 \('p2', 'c'\).*sd b >= 0"),
        ([("lognormal", 0.0, -0.5)], [("p2", "c")], DataError, r"log-sd b >= 0"),
        ([("normal", "high", 1.0)], [("p2", "c")], DataError, r"a = 'high' is not a number"),
    ],
)
def test_bad_uncertainty_rows_are_refused_naming_the_row(rows, index, error, pattern):
    with pytest.raises(error, match=pattern):
        ps.Problem.from_frame(DF, objectives=OBJ, uncertainty=_table(rows, index))


def test_uncertainty_table_needs_a_two_level_index_and_a_dist_column():
    flat = pd.DataFrame({"dist": ["normal"], "a": [1.0], "b": [0.1]})
    with pytest.raises(SchemaError, match="indexed by"):
        ps.Problem.from_frame(DF, objectives=OBJ, uncertainty=flat)
    nodist = _table([("normal", 1.0, 0.1)], [("p1", "q")]).drop(columns="dist")
    with pytest.raises(SchemaError, match="'dist'"):
        ps.Problem.from_frame(DF, objectives=OBJ, uncertainty=nodist)


def test_lognormal_matches_its_moments():
    unc = pd.DataFrame({"dist": ["lognormal"], "a": [0.5], "b": [0.25]})
    draws = sample_uncertainty(unc, 200_000, random_state=0)[:, 0]
    assert draws.mean() == pytest.approx(np.exp(0.5 + 0.25**2 / 2), rel=5e-3)
    assert np.median(draws) == pytest.approx(np.exp(0.5), rel=5e-3)
    assert draws.min() > 0


def test_scales_linear_piecewise_and_outside_policies():
    x = np.array([-0.1, 0.0, 0.5, 1.0, 1.2])
    assert LinearScale(0, 1)(x).tolist() == pytest.approx([-0.1, 0.0, 0.5, 1.0, 1.2])
    assert LinearScale(0, 1, outside="clip")(x).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    with pytest.raises(DataError, match="outside the range"):
        LinearScale(0, 1, outside="error")(x)
    with pytest.raises(ParameterError, match="low < high"):
        LinearScale(1, 1)
    pw = PiecewiseLinearScale((0, 1, 2), (0, 0.8, 1))
    assert pw(np.array([0.5, 1.5, 3.0])).tolist() == pytest.approx([0.4, 0.9, 1.2])


def test_scales_make_a_cost_a_value():
    # a decreasing scale on a 'min' criterion: a lower rate is a higher partial value
    pb = ps.Problem.from_frame(DF, objectives=OBJ)
    res = ps.sensitivity.smaa(
        pb,
        "wsm",
        n_samples=500,
        random_state=0,
        normalization="none",
        scales={"q": LinearScale(0, 2), "c": LinearScale(0, 4, direction="decreasing")},
    )
    # p1: (0.5, 0.25), p2: (1.0, 0.75): p2 dominates on the value scale
    assert res.p_best["p2"] == 1.0
    with pytest.raises(ParameterError, match="not a criterion"):
        ps.sensitivity.smaa(pb, "wsm", n_samples=10, scales={"x": LinearScale(0, 1)})


def test_holistic_preferences_restrict_the_weights():
    df = pd.DataFrame({"q": [1.0, 0.0], "c": [0.0, 1.0]}, index=["a", "b"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})
    free = ps.sensitivity.smaa(pb, "wsm", n_samples=4000, random_state=0)
    assert free.p_best["a"] == pytest.approx(0.5, abs=0.03)
    held = ps.sensitivity.smaa(pb, "wsm", n_samples=4000, random_state=0, preferences=[("a", "b")])
    # WSM: a >= b exactly when w_q >= w_c, so every kept vector ranks a first
    assert held.p_best["a"] == 1.0
    assert held.central_weights.loc["a", "q"] >= 0.5
    assert any("Holistic preferences kept" in n for n in held.notes)
    with pytest.raises(ParameterError, match="not a partner"):
        ps.sensitivity.smaa(pb, "wsm", n_samples=10, preferences=[("a", "zz")])


def test_sample_data_auto_follows_the_uncertainty_table():
    unc = _table([("normal", 1.0, 0.5)], [("p1", "q")])
    pb = ps.Problem.from_frame(DF, objectives=OBJ, uncertainty=unc)
    assert ps.sensitivity.smaa(
        pb, "wsm", n_samples=200, random_state=0, sample_data="auto"
    ).sample_data
    plain = ps.Problem.from_frame(DF, objectives=OBJ)
    assert not ps.sensitivity.smaa(plain, "wsm", n_samples=200, sample_data="auto").sample_data
    with pytest.raises(ParameterError, match="'sample_data'"):
        ps.sensitivity.smaa(pb, "wsm", n_samples=10, sample_data="yes")


def test_joint_sampling_equals_a_hand_monte_carlo():
    # One uncertain cell: p1's quality ~ U(0, 4) against p2's fixed 2; with WSM on raw
    # values (normalization none) and a single criterion, P(p1 first) = P(U > 2) = 1/2.
    df = pd.DataFrame({"q": [1.0, 2.0]}, index=["p1", "p2"])
    unc = pd.DataFrame(
        {"dist": ["uniform"], "a": [0.0], "b": [4.0]},
        index=pd.MultiIndex.from_tuples([("p1", "q")]),
    )
    pb = ps.Problem.from_frame(df, objectives={"q": "max"}, uncertainty=unc)
    res = ps.sensitivity.smaa(
        pb, "wsm", n_samples=20_000, random_state=3, sample_data=True, normalization="none"
    )
    assert res.p_best["p1"] == pytest.approx(0.5, abs=4 * res.std_error.loc["p1", 1])
    # with the central weight (1,) the confidence factor is the same probability
    assert res.confidence["p1"] == pytest.approx(0.5, abs=4 * res.confidence_std_error["p1"])


def test_a_run_over_the_time_limit_is_refused_with_the_estimate():
    pb = ps.Problem.from_frame(DF, objectives=OBJ)
    with pytest.raises(ParameterError, match="estimated to take"):
        ps.sensitivity.smaa(pb, "wsm", n_samples=200_000, chunk_size=10, max_seconds=1e-6)
