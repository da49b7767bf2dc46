"""Numerics that do not depend on units.

- Rescaling one criterion by any power of ten (1e-300 .. 1e300) never changes a ranking,
  for every registered method (normalisations divide by the column's largest magnitude
  before squaring or summing).
- The tie tolerance never ties a partner with one it dominates.
- A criterion whose values span more than 1e15 gives a PrecisionWarning naming it.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import DegenerateDataWarning, PrecisionWarning, TieWarning
from partnerselect.methods import normalization as nz
from partnerselect.ranking import rank_batch
from partnerselect.testing import problems

METHODS = ps.list_methods()


def _ranks(pb, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        warnings.simplefilter("ignore", DegenerateDataWarning)
        return ps.rank(pb, name).ranks.tolist()


def _rescaled(pb, j, factor):
    x = pb.values.copy()
    x[:, j] *= factor
    df = pd.DataFrame(x, index=pb.partners, columns=pb.criteria)
    obj = {c: ("max" if s > 0 else "min") for c, s in zip(pb.criteria, pb.signs, strict=True)}
    return ps.Problem.from_frame(df, objectives=obj, weights=dict(pb.weights))


@pytest.mark.parametrize("name", METHODS)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pb=problems(min_partners=2, max_partners=6, max_criteria=4),
    data=st.data(),
    power=st.sampled_from([-300, -200, -100, -30, -9, -1, 1, 9, 30, 100, 200, 300]),
)
def test_rescaling_a_criterion_by_a_power_of_ten_keeps_every_ranking(name, pb, data, power):
    j = data.draw(st.integers(0, pb.shape[1] - 1))
    assert _ranks(_rescaled(pb, j, 10.0**power), name) == _ranks(pb, name)


@pytest.mark.parametrize("scheme", ["vector", "sum", "linear_sum", "max", "minmax", "linear_max"])
@pytest.mark.parametrize("factor", [1e-300, 1e-160, 1e160, 1e300])
def test_normalisations_neither_overflow_nor_underflow(scheme, factor):
    x = np.array([[3.0, 1.0], [4.0, 2.0]])
    signs = np.array([1, -1])
    plain = nz.normalize(x, signs, scheme)
    scaled = nz.normalize(x * factor, signs, scheme)
    assert np.isfinite(scaled).all()
    np.testing.assert_allclose(scaled, plain, rtol=1e-12)


def test_vector_normalisation_of_huge_values_by_hand():
    # 3e200 and 4e200: the norm 5e200 cannot be reached by squaring (1e401 overflows)
    np.testing.assert_allclose(nz.vector(np.array([[3e200], [4e200]])).ravel(), [0.6, 0.8])


@pytest.mark.parametrize("name", ["wsm", "topsis", "vikor", "promethee2", "edas"])
def test_a_dominated_partner_is_never_tied_with_its_dominator(name):
    # P0 and P1 differ only on "b", whose weight is 1e-12 of "a": their scores differ by
    # far less than the tie tolerance, but P0 dominates P1, so it must rank ahead.
    df = pd.DataFrame(
        {"a": [5.0, 5.0, 1.0, 9.0], "b": [2.0, 1.0, 3.0, 1.5]}, index=["P0", "P1", "P2", "P3"]
    )
    pb = ps.Problem.from_frame(
        df, objectives={"a": "max", "b": "max"}, weights={"a": 1.0, "b": 1e-12}
    )
    r = ps.rank(pb, name, ties="order")  # no TieWarning: compare with "min" below
    assert r.ranks["P0"] < r.ranks["P1"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        r = ps.rank(pb, name)
    assert r.ranks["P0"] < r.ranks["P1"], r.ranks.to_dict()


def test_genuine_ties_still_tie():
    df = pd.DataFrame({"a": [1.0, 2.0, 2.0]}, index=["x", "y", "z"])
    pb = ps.Problem.from_frame(df, objectives={"a": "max"})
    with pytest.warns(TieWarning, match="y, z"):
        r = ps.rank(pb, "wsm")
    assert r.ranks.tolist() == [3, 1, 1]


def test_a_wide_span_warns_naming_the_criterion():
    df = pd.DataFrame(
        {"revenue_eur": [1e-3, 5e14, 2e13], "quality": [1.0, 2.0, 3.0]}, index=["a", "b", "c"]
    )
    pb = ps.Problem.from_frame(df, objectives={"revenue_eur": "max", "quality": "max"})
    with pytest.warns(PrecisionWarning, match="revenue_eur") as info:
        ps.rank(pb, "topsis")
    assert "quality" not in str(info[0].message)


def test_a_normal_span_does_not_warn():
    df = pd.DataFrame({"price": [1e6, 3e6, 2.5e6], "q": [0.0, 2.0, 3.0]}, index=["a", "b", "c"])
    pb = ps.Problem.from_frame(df, objectives={"price": "min", "q": "max"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrecisionWarning)
        ps.rank(pb, "topsis")


# -------------------------------------------------------------------------- rank_batch
@settings(max_examples=30, deadline=None)
@given(
    scores=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=8),
    power=st.integers(-200, 200),
)
def test_rank_batch_is_unit_free(scores, power):
    s = np.array(scores)
    assert rank_batch(s * 10.0**power).tolist() == rank_batch(s).tolist()


def test_rank_batch_shapes_and_policies():
    s = np.array([[[1.0, 3.0, 3.0, 2.0]], [[0.0, 0.0, np.nan, 1.0]]])
    assert rank_batch(s).shape == s.shape
    assert rank_batch(s)[0, 0].tolist() == [4, 1, 1, 3]
    assert rank_batch(s, ties="dense")[0, 0].tolist() == [3, 1, 1, 2]
    assert rank_batch(s, ties="order")[0, 0].tolist() == [4, 1, 2, 3]
    assert rank_batch(s)[1, 0].tolist() == [2, 2, 4, 1]  # NaN last
    assert rank_batch(s, higher_is_better=False)[0, 0].tolist() == [1, 3, 3, 2]


def test_rank_batch_tolerance_is_relative():
    assert rank_batch(np.array([1.0, 1.0 + 1e-12])).tolist() == [1, 1]
    assert rank_batch(np.array([1.0, 1.0 + 1e-12]), rtol=0.0).tolist() == [2, 1]
    assert rank_batch(np.array([1e-20, 2e-20])).tolist() == [2, 1]  # no absolute floor
