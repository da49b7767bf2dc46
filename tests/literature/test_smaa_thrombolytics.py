"""SMAA-2 with uncertain data: the thrombolytics example, reproduced through the public API.

Source of the model: Tervonen, T., van Valkenhoef, G., Buskens, E., Hillege, H. L. &
Postmus, D. (2011). A stochastic multicriteria model for evidence-based decision making
in drug benefit-risk analysis. Statistics in Medicine 30(12), 1419-1428: Heparin against
Enoxaparin for the prevention of deep vein thrombosis, three criteria (proximal DVT,
distal DVT, major bleeding), each an event rate with a Beta(events, n - events)
distribution (Heparin 20/136, 40/136, 1/136; Enoxaparin 8/129, 32/129, 5/129) and a
linear decreasing partial value function on [0, 0.25], [0.15, 0.4] and [0, 0.1] (as
distributed with the drugis MCDA web application's "thrombolytics" example), additive
value model, weights uniform on the simplex.

Published SMAA-2 results (N = 10,000), from the R package ``smaa`` (van Valkenhoef),
example output of ``smaa()`` and ``smaa.cf()`` on this model (the package's
``tests/Examples/smaa-Ex.Rout.save``, the output of the examples of its CRAN manual):

=========== ====== ====== ========================= ======
partner      b1     b2     central weights           p^c
=========== ====== ====== ========================= ======
Heparin     0.3504 0.6496 0.1865, 0.2772, 0.5363    0.6682
Enoxaparin  0.6496 0.3504 0.4073, 0.3641, 0.2285    0.8956
=========== ====== ====== ========================= ======

and, with the weights fixed at (0.5, 0.2, 0.3) (``smaa(meas, c(0.5, 0.2, 0.3))``):
b1(Heparin) = 0.1279.

The package's data samples (``extdata/thrombo-meas.txt.gz``) are the model above: their
raw means, recovered by inverting the partial value functions, are the Beta(events,
n - events) means (Heparin proximal DVT 0.14707 against 20/136 = 0.14706; Beta(events + 1,
n - events + 1) would give 0.152), and some partial values are negative, so the value
functions extrapolate beyond their ranges rather than clip (our ``LinearScale`` default).

Second source, with preference information: the regression tests of the drugis MCDA web
application (van Valkenhoef, Tervonen et al.; ``R/test/thrombo.R`` in
drugis/mcda-elicitation-web), which run the same model through the R ``smaa`` and
``hitandrun`` packages with N = 10,000:

- ordinal weights, proximal DVT >= bleeding >= distal DVT: b1(Heparin) = 0.1369; central
  weights Heparin (0.5240, 0.1213, 0.3547), p^c 0.1914; Enoxaparin (0.6229, 0.1103,
  0.2668), p^c 0.9174;
- exact swing weights, proximal = 2 x bleeding = 4 x distal, i.e. w = (4/7, 1/7, 2/7):
  b1(Heparin) = 0.1049.

(The same file's preference-free run gives b1(Heparin) = 0.3381, 1.8 combined standard
errors from the package's 0.3504: two Monte Carlo runs of one model.)

Monte Carlo error bound: the published numbers are themselves Monte Carlo estimates with
N = 10,000, so each is compared within four combined standard errors, ours and theirs
(binomial ``sqrt(p (1 - p) / N)`` for acceptabilities and confidence factors; for central
weights the sample standard deviation over the samples where the partner is first). Four
standard errors make a false alarm about 1 in 16,000 per comparison, so the file's ~30
comparisons fail by chance about once in 500 runs; with fixed seeds they are
deterministic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.sensitivity.scales import LinearScale

EVENTS = {
    "Heparin": [(20, 136), (40, 136), (1, 136)],
    "Enoxaparin": [(8, 129), (32, 129), (5, 129)],
}
CRITERIA = ["prox_dvt", "dist_dvt", "bleeding"]
SCALES = {
    "prox_dvt": LinearScale(0.0, 0.25, direction="decreasing"),
    "dist_dvt": LinearScale(0.15, 0.4, direction="decreasing"),
    "bleeding": LinearScale(0.0, 0.1, direction="decreasing"),
}
PUBLISHED_N = 10_000
B1 = {"Heparin": 0.3504, "Enoxaparin": 0.6496}
CENTRAL = {
    "Heparin": [0.1865097, 0.2772205, 0.5362698],
    "Enoxaparin": [0.4073100, 0.3641477, 0.2285423],
}
CF = {"Heparin": 0.6682, "Enoxaparin": 0.8956}
N = 20_000


def _problem() -> ps.Problem:
    values = pd.DataFrame(
        {c: [EVENTS[p][j][0] / EVENTS[p][j][1] for p in EVENTS] for j, c in enumerate(CRITERIA)},
        index=list(EVENTS),
    )
    rows, idx = [], []
    for p, cells in EVENTS.items():
        for c, (events, n) in zip(CRITERIA, cells, strict=True):
            rows.append(("beta", float(events), float(n - events)))
            idx.append((p, c))
    unc = pd.DataFrame(rows, columns=["dist", "a", "b"], index=pd.MultiIndex.from_tuples(idx))
    return ps.Problem.from_frame(values, objectives=dict.fromkeys(CRITERIA, "min"), uncertainty=unc)


@pytest.fixture(scope="module")
def result() -> ps.sensitivity.SMAAResult:
    return ps.sensitivity.smaa(
        _problem(),
        "wsm",
        n_samples=N,
        random_state=20110419,
        sample_data=True,
        scales=SCALES,
        normalization="none",
    )


def test_rank_acceptabilities_match_the_published_ones(result):
    for partner, b1 in B1.items():
        se = np.hypot(np.sqrt(b1 * (1 - b1) / PUBLISHED_N), result.std_error.loc[partner, 1])
        assert result.acceptability.loc[partner, 1] == pytest.approx(b1, abs=4 * se)
        assert result.acceptability.loc[partner, 2] == pytest.approx(1 - b1, abs=4 * se)


def test_central_weights_match_the_published_ones(result):
    for partner, cw in CENTRAL.items():
        ours = result.central_weights.loc[partner].to_numpy()
        se_ours = result.central_weights_std_error.loc[partner].to_numpy()
        # their standard error: same spread, N * b1 samples instead of ours
        se_theirs = se_ours * np.sqrt(
            result.acceptability.loc[partner, 1] * N / (B1[partner] * PUBLISHED_N)
        )
        assert np.all(np.abs(ours - cw) <= 4 * np.hypot(se_ours, se_theirs))
        assert ours.sum() == pytest.approx(1.0)


def test_confidence_factors_match_the_published_ones(result):
    # p^c depends on the central weights it is evaluated at, which carry their own Monte
    # Carlo error; the published factors used the published central weights.
    for partner, cf in CF.items():
        se = np.hypot(np.sqrt(cf * (1 - cf) / PUBLISHED_N), result.confidence_std_error[partner])
        assert result.confidence[partner] == pytest.approx(cf, abs=4 * se + 0.01)
    assert result.confidence_samples == N


@pytest.mark.parametrize("partner", list(CF))
def test_confidence_factor_at_the_published_central_weights(partner):
    # Independent route: the confidence factor is P(first) under the data distribution at
    # a fixed weight vector, which is what data_uncertainty computes.
    pb = _problem().replace(weights=dict(zip(CRITERIA, CENTRAL[partner], strict=True)))
    res = ps.sensitivity.data_uncertainty(
        pb, "wsm", n_samples=N, random_state=1, scales=SCALES, normalization="none"
    )
    cf = CF[partner]
    se = np.sqrt(cf * (1 - cf) / PUBLISHED_N + cf * (1 - cf) / N)
    assert res.p_best[partner] == pytest.approx(cf, abs=4 * se)


def test_fixed_data_confidence_factors_are_zero_or_one():
    res = ps.sensitivity.smaa(
        _problem(), "wsm", n_samples=2_000, random_state=0, scales=SCALES, normalization="none"
    )
    assert not res.sample_data
    assert set(res.confidence.dropna().tolist()) <= {0.0, 1.0}


def _binomial_se(p: float, n: int) -> float:
    return float(np.sqrt(p * (1 - p) / n))


def test_fixed_weights_acceptability_matches_the_published_one():
    # smaa(meas, c(0.5, 0.2, 0.3)): the data alone, weights fixed
    pb = _problem().replace(weights=dict(zip(CRITERIA, [0.5, 0.2, 0.3], strict=True)))
    res = ps.sensitivity.data_uncertainty(
        pb, "wsm", n_samples=N, random_state=5, scales=SCALES, normalization="none"
    )
    se = np.hypot(_binomial_se(0.1279, PUBLISHED_N), _binomial_se(0.1279, N))
    assert res.p_best["Heparin"] == pytest.approx(0.1279, abs=4 * se)
    assert res.p_best["Enoxaparin"] == pytest.approx(1 - 0.1279, abs=4 * se)


#: drugis/mcda-elicitation-web R/test/thrombo.R ("Interval SWING": two ordinal statements)
ORDINAL_B1 = {"Heparin": 0.1369, "Enoxaparin": 0.8631}
ORDINAL_CENTRAL = {
    "Heparin": [0.52397265721202, 0.121295521278019, 0.354731821509961],
    "Enoxaparin": [0.622923619837217, 0.110251595486162, 0.266824784676621],
}
ORDINAL_CF = {"Heparin": 0.1914, "Enoxaparin": 0.9174}


@pytest.fixture(scope="module")
def ordinal() -> ps.sensitivity.SMAAResult:
    return ps.sensitivity.smaa(
        _problem(),
        "wsm",
        n_samples=N,
        random_state=2014,
        sample_data=True,
        scales=SCALES,
        normalization="none",
        constraints={"order": ["prox_dvt", "bleeding", "dist_dvt"]},
    )


def test_ordinal_weights_match_the_published_results(ordinal):
    assert ordinal.sampler == "ordinal"
    for partner, b1 in ORDINAL_B1.items():
        se = np.hypot(_binomial_se(b1, PUBLISHED_N), ordinal.std_error.loc[partner, 1])
        assert ordinal.acceptability.loc[partner, 1] == pytest.approx(b1, abs=4 * se)
    for partner, cw in ORDINAL_CENTRAL.items():
        ours = ordinal.central_weights.loc[partner].to_numpy()
        se_ours = ordinal.central_weights_std_error.loc[partner].to_numpy()
        se_theirs = se_ours * np.sqrt(
            ordinal.acceptability.loc[partner, 1] * N / (ORDINAL_B1[partner] * PUBLISHED_N)
        )
        assert np.all(np.abs(ours - cw) <= 4 * np.hypot(se_ours, se_theirs))
        assert ours[0] >= ours[2] >= ours[1]  # the stated order holds for every sample


def test_ordinal_confidence_factors_at_the_published_central_weights():
    # p^c is P(first) under the data at the partner's central weights; evaluated at the
    # published central weights, only the data's Monte Carlo error remains
    for partner, cf in ORDINAL_CF.items():
        w = dict(zip(CRITERIA, ORDINAL_CENTRAL[partner], strict=True))
        res = ps.sensitivity.data_uncertainty(
            _problem().replace(weights=w),
            "wsm",
            n_samples=N,
            random_state=3,
            scales=SCALES,
            normalization="none",
        )
        se = np.hypot(_binomial_se(cf, PUBLISHED_N), _binomial_se(cf, N))
        assert res.p_best[partner] == pytest.approx(cf, abs=4 * se)


def test_ordinal_confidence_factors_match_the_published_ones(ordinal):
    # as for the preference-free run: our p^c is evaluated at our own central weights
    for partner, cf in ORDINAL_CF.items():
        se = np.hypot(_binomial_se(cf, PUBLISHED_N), ordinal.confidence_std_error[partner])
        assert ordinal.confidence[partner] == pytest.approx(cf, abs=4 * se + 0.01)


def test_exact_swing_weights_match_the_published_result():
    # proximal = 2 x bleeding = 4 x distal: w = (4/7, 1/7, 2/7), Heparin first 0.1049
    w = dict(zip(CRITERIA, [4 / 7, 1 / 7, 2 / 7], strict=True))
    res = ps.sensitivity.data_uncertainty(
        _problem().replace(weights=w),
        "wsm",
        n_samples=N,
        random_state=9,
        scales=SCALES,
        normalization="none",
    )
    se = np.hypot(_binomial_se(0.1049, PUBLISHED_N), _binomial_se(0.1049, N))
    assert res.p_best["Heparin"] == pytest.approx(0.1049, abs=4 * se)
