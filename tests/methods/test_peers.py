"""Cross-checks against scikit-criteria and pymcdm on random problems, to 1e-9.

Random positive problems without constant criteria (``partnerselect.testing.problems``).
Convention differences are written in each method's docstring; the mapping used here:

- WSM: pymcdm ``WSM(minmax | linear | sum)`` = ours ``"minmax" | "linear_max" | "linear_sum"``;
  scikit-criteria ``WeightedSumModel`` (raw, benefit only) = ours ``"none"``.
- WPM: pymcdm ``WPM(linear_normalization)`` = ours default; scikit-criteria
  ``WeightedProductModel`` returns ``log10`` of ours ``"none"`` (benefit only).
- TOPSIS: pymcdm default is min-max (ours ``"minmax"``), its ``vector_normalization``
  (``1 - r`` for cost) gives the same distances as ours ``"vector"``; scikit-criteria
  needs ``VectorScaler`` first.
- COPRAS: pymcdm 1.4 is wrong (Q = S+ + S-), so only scikit-criteria (after
  ``SumScaler``, score in percent) is used; the published case pins the formula.
- PROMETHEE II: pymcdm ``'vshape'`` is our ``"v-shape"`` and ``'vshape_2'`` our ``"linear"``.
- SPOTIS: pymcdm needs explicit bounds; scikit-criteria derives them from the data (ours too).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import skcriteria as skc
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pymcdm import methods as pm
from pymcdm import normalizations as pn

import partnerselect as ps
from partnerselect.methods import (
    compromise,
    distance,
    promethee,
    ratio,
    spotis,
    topsis,
    vikor,
    wpm,
    wsm,
)
from partnerselect.testing import problems

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOL = 1e-9


def _arrays(pb):
    return np.array(pb.values), np.array(pb.signs, dtype=int), np.array(pb.weight_vector)


def _pymcdm(method, x, w, s):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(method(x, w, s), dtype=float)


def _skc(dm_obj, x, s, w, pre=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dm = skc.mkdm(x, [max if v > 0 else min for v in s], weights=w)
        if pre is not None:
            dm = pre.transform(dm)
        return dm_obj.evaluate(dm)


def _close(a, b, tol=TOL):
    np.testing.assert_allclose(np.ravel(a), np.ravel(b), rtol=tol, atol=tol)


any_problem = problems(min_partners=3, max_partners=8, max_criteria=5)


@st.composite
def mixed_problem(draw):
    """At least one benefit and one cost criterion."""
    pb = draw(problems(min_partners=3, max_partners=8, min_criteria=2, max_criteria=5))
    assume((pb.signs > 0).any() and (pb.signs < 0).any())
    return pb


# ------------------------------------------------------------------------------ additive
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ("minmax", pn.minmax_normalization),
        ("linear_max", pn.linear_normalization),
        ("linear_sum", pn.sum_normalization),
    ],
)
@SETTINGS
@given(pb=any_problem)
def test_wsm_pymcdm(ours, theirs, pb):
    x, s, w = _arrays(pb)
    _close(wsm.wsm(x, s, w[None], ours)[0], _pymcdm(pm.WSM(theirs), x, w, s))


@SETTINGS
@given(pb=any_problem)
def test_wsm_raw_skcriteria(pb):
    x, _, w = _arrays(pb)
    s = np.ones(x.shape[1], dtype=int)
    from skcriteria.agg.simple import WeightedSumModel

    _close(wsm.wsm(x, s, w[None], "none")[0], _skc(WeightedSumModel(), x, s, w).e_.score)


@SETTINGS
@given(pb=any_problem)
def test_wpm_pymcdm_and_skcriteria(pb):
    x, s, w = _arrays(pb)
    _close(wpm.wpm(x, s, w[None])[0], _pymcdm(pm.WPM(pn.linear_normalization), x, w, s))
    from skcriteria.agg.simple import WeightedProductModel

    ones = np.ones_like(s)
    theirs = _skc(WeightedProductModel(), x, ones, w).e_.score
    _close(np.log10(wpm.wpm(x, ones, w[None], "none")[0]), theirs)


@SETTINGS
@given(pb=any_problem, lam=st.floats(0.0, 1.0))
def test_waspas_pymcdm(pb, lam):
    x, s, w = _arrays(pb)
    _close(wpm.waspas(x, s, w[None], lam)[0], _pymcdm(pm.WASPAS(l=lam), x, w, s))


# ------------------------------------------------------------------------------ TOPSIS/VIKOR
@SETTINGS
@given(pb=any_problem)
def test_topsis_pymcdm_and_skcriteria(pb):
    x, s, w = _arrays(pb)
    _close(topsis.topsis(x, s, w[None], "minmax")[0], _pymcdm(pm.TOPSIS(), x, w, s))
    ours = topsis.topsis(x, s, w[None], "vector")[0]
    _close(ours, _pymcdm(pm.TOPSIS(pn.vector_normalization), x, w, s))
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    res = _skc(TOPSIS(), x, s, w, pre=VectorScaler(target="matrix"))
    _close(ours, res.e_.similarity)


@SETTINGS
@given(pb=any_problem, v=st.floats(0.0, 1.0))
def test_vikor_pymcdm_and_skcriteria(pb, v):
    x, s, w = _arrays(pb)
    S, R, Q = (a[0] for a in vikor.vikor_srq(x, s, w[None], v))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, _, _, pS, pR, pQ = pm.VIKOR(v=v)._method(x, w, s)
    assume(np.ptp(pS) > 1e-9 and np.ptp(pR) > 1e-9)  # pymcdm divides by these ranges
    _close(S, pS)
    _close(R, pR)
    _close(Q, pQ)
    from skcriteria.agg.vikor import VIKOR

    e = _skc(VIKOR(v=v, use_compromise_set=False), x, s, w).e_
    _close(S, e.s_k)
    _close(R, e.r_k)
    _close(Q, e.q_k)


# ------------------------------------------------------------------------------ PROMETHEE
@pytest.mark.parametrize(
    ("ours", "theirs", "needs"),
    [
        ("usual", "usual", ()),
        ("u-shape", "ushape", ("q",)),
        ("v-shape", "vshape", ("p",)),
        ("level", "level", ("q", "p")),
        ("linear", "vshape_2", ("q", "p")),
    ],
)
@SETTINGS
@given(pb=any_problem, data=st.data())
def test_promethee2_pymcdm(ours, theirs, needs, pb, data):
    x, s, w = _arrays(pb)
    n = x.shape[1]
    spread = np.ptp(x, axis=0)
    q = np.asarray(data.draw(st.lists(st.floats(0.0, 0.4), min_size=n, max_size=n))) * spread
    p = q + np.asarray(data.draw(st.lists(st.floats(0.1, 0.6), min_size=n, max_size=n))) * spread
    kw = {k: v for k, v in (("q", q), ("p", p)) if k in needs}
    fns = [
        (ours, q[j] if "q" in needs else 0.0, p[j] if "p" in needs else 0.0, 0.0) for j in range(n)
    ]
    theirs_m = pm.PROMETHEE_II(theirs, **kw)
    _close(promethee.promethee2(x, s, w[None], fns)[0], _pymcdm(theirs_m, x, w, s))


# ------------------------------------------------------------------------------ distance
@SETTINGS
@given(pb=any_problem)
def test_edas_pymcdm_and_skcriteria(pb):
    x, s, w = _arrays(pb)
    ours = distance.edas(x, s, w[None])[0]
    _close(ours, _pymcdm(pm.EDAS(), x, w, s))
    from skcriteria.agg.edas import EDAS

    _close(ours, _skc(EDAS(), x, s, w).e_.score)


@SETTINGS
@given(pb=any_problem)
def test_mabac_pymcdm(pb):
    x, s, w = _arrays(pb)
    _close(distance.mabac(x, s, w[None])[0], _pymcdm(pm.MABAC(), x, w, s))


@SETTINGS
@given(pb=any_problem)
def test_codas_pymcdm(pb):
    x, s, w = _arrays(pb)
    _close(distance.codas(x, s, w[None], 0.02)[0], _pymcdm(pm.CODAS(), x, w, s))


# ------------------------------------------------------------------------------ ratio
@SETTINGS
@given(pb=mixed_problem())
def test_copras_skcriteria(pb):
    x, s, w = _arrays(pb)
    assume(w[s < 0].sum() > 1e-6)  # scikit-criteria divides by S- (ours falls back to Q = S+)
    from skcriteria.agg.copras import COPRAS
    from skcriteria.preprocessing.scalers import SumScaler

    theirs = _skc(COPRAS(), x, s, w, pre=SumScaler(target="matrix")).e_.score / 100.0
    _close(ratio.copras(x, s, w[None])[0], theirs)


@SETTINGS
@given(pb=any_problem)
def test_aras_pymcdm(pb):
    x, s, w = _arrays(pb)
    _close(ratio.aras(x, s, w[None])[0], _pymcdm(pm.ARAS(), x, w, s))


@SETTINGS
@given(pb=mixed_problem())
def test_moora_pymcdm(pb):
    x, s, w = _arrays(pb)
    _close(ratio.moora(x, s, w[None])[0], _pymcdm(pm.MOORA(), x, w, s))


@SETTINGS
@given(pb=any_problem)
def test_marcos_pymcdm_and_skcriteria(pb):
    x, s, w = _arrays(pb)
    ours = compromise.marcos(x, s, w[None])[0]
    _close(ours, _pymcdm(pm.MARCOS(), x, w, s))
    from skcriteria.agg.marcos import MARCOS

    _close(ours, _skc(MARCOS(), x, s, w).e_.utility_scores)


@SETTINGS
@given(pb=any_problem, lam=st.floats(0.0, 1.0))
def test_cocoso_pymcdm(pb, lam):
    x, s, w = _arrays(pb)
    theirs = _pymcdm(pm.COCOSO(l=lam), x, w, s)
    assume(np.all(np.isfinite(theirs)))  # pymcdm is inf/NaN when a partner is worst everywhere
    _close(compromise.cocoso(x, s, w[None], lam)[0], theirs)


@SETTINGS
@given(pb=any_problem)
def test_spotis_pymcdm_and_skcriteria(pb):
    x, s, w = _arrays(pb)
    ours = spotis.spotis(x, s, w[None])[0]
    _close(ours, _pymcdm(pm.SPOTIS(pm.SPOTIS.make_bounds(x)), x, w, s))
    from skcriteria.agg.spotis import SPOTIS

    _close(ours, _skc(SPOTIS(), x, s, w).e_.score)


def test_public_rank_uses_the_same_kernels(supplier_problem):
    # the kernels checked above are the ones behind ps.rank()
    x, s, w = _arrays(supplier_problem)
    _close(ps.rank(supplier_problem, "mabac").scores, distance.mabac(x, s, w[None])[0])
    _close(ps.rank(supplier_problem, "vikor").scores, vikor.vikor(x, s, w[None])[0])
