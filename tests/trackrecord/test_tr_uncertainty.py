"""Sampling per-cell uncertainty, vectorised per family."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from partnerselect.errors import DataError, ParameterError, SchemaError
from partnerselect.problem import UNCERTAINTY_COLUMNS
from partnerselect.trackrecord import compute_metric, sample, sample_uncertainty

from ._tr_helpers import frame, project


def table() -> pd.DataFrame:
    idx = pd.MultiIndex.from_tuples(
        [("p1", "on_time"), ("p1", "quality"), ("p2", "panel"), ("p2", "price"), ("p3", "x")],
        names=["partner_id", "criterion"],
    )
    return pd.DataFrame(
        {
            "dist": ["beta", "t", "uniform", "fixed", "normal"],
            "a": [3.0, 4.0, 2.0, 0.8, 10.0],
            "b": [1.0, 0.2, 4.0, np.nan, 2.0],
            "loc": [0.0, np.nan, np.nan, np.nan, np.nan],
            "scale": [1.0, np.nan, np.nan, np.nan, np.nan],
            "df": [np.nan, 5.0, np.nan, np.nan, np.nan],
            "n": [4, 3, 2, 1, 1],
        },
        index=idx,
    )


def test_shapes_and_family_moments() -> None:
    draws = sample_uncertainty(table(), 40_000, random_state=7)
    assert draws.shape == (40_000, 5)
    assert draws[:, 0].mean() == pytest.approx(3 / 4, abs=0.01)  # Beta(3, 1) mean
    assert draws[:, 1].std() == pytest.approx(0.2 * np.sqrt(5 / 3), rel=0.05)  # t(5) sd
    assert draws[:, 2].min() >= 2.0
    assert draws[:, 2].max() <= 4.0
    assert (draws[:, 3] == 0.8).all()
    assert draws[:, 4].mean() == pytest.approx(10.0, abs=0.05)


def test_deterministic_with_seed_and_values_override() -> None:
    a = sample_uncertainty(table(), 10, random_state=3)
    b = sample_uncertainty(table(), 10, random_state=np.random.default_rng(3))
    np.testing.assert_array_equal(a, b)
    over = sample_uncertainty(table(), 5, random_state=3, values=[0, 0, 0, 9.5, 0])
    assert (over[:, 3] == 9.5).all()


def test_beta_loc_scale() -> None:
    t = table().iloc[:1].assign(loc=10.0, scale=2.0)
    draws = sample_uncertainty(t, 1000, random_state=0)
    assert draws.min() >= 10.0
    assert draws.max() <= 12.0


def test_bad_tables() -> None:
    with pytest.raises(SchemaError, match="dist"):
        sample_uncertainty(table().drop(columns="dist"), 3)
    with pytest.raises(ParameterError, match="gamma"):
        sample_uncertainty(table().assign(dist="gamma"), 3)
    bad = table()
    bad.loc[("p1", "on_time"), "a"] = -1.0
    with pytest.raises(DataError, match="p1 / on_time"):
        sample_uncertainty(bad, 3)
    with pytest.raises(ParameterError, match="n_samples"):
        sample_uncertainty(table(), 0)


def test_metric_result_samples_around_its_value() -> None:
    rows = [project("A", f"a{i}", late_days=0 if i < 6 else 9) for i in range(8)]
    rows += [project("B", "b0"), project("B", "b1")]
    df = frame(rows)
    res = compute_metric(
        df, "on_time_rate", partners=["A", "B", "C"], min_projects=0, prior_strength=4
    )
    assert set(UNCERTAINTY_COLUMNS) <= set(res.table.columns)
    draws = sample(res, 20_000, random_state=1)
    assert draws.shape == (20_000, 3)
    assert draws[:, 0].mean() == pytest.approx(res.table.loc["A", "value"], abs=0.01)
    assert np.isnan(draws[:, 2]).all()  # missing partner: no value until a policy fills it


def test_rng_keyword_is_a_deprecated_alias_of_random_state() -> None:
    with pytest.warns(DeprecationWarning, match=r"sample_uncertainty\(rng=\.\.\.\) is deprecated"):
        old = sample_uncertainty(table(), 10, rng=3)
    np.testing.assert_array_equal(old, sample_uncertainty(table(), 10, random_state=3))
