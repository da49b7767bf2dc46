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

Published SMAA-2 results (N = 10,000), from the R package ``smaa`` (Tervonen & van
Valkenhoef), example output of ``smaa()`` and ``smaa.cf()`` on this model:

=========== ====== ====== ========================= ======
partner      b1     b2     central weights           p^c
=========== ====== ====== ========================= ======
Heparin     0.3504 0.6496 0.1865, 0.2772, 0.5363    0.6682
Enoxaparin  0.6496 0.3504 0.4073, 0.3641, 0.2285    0.8956
=========== ====== ====== ========================= ======

The published numbers are themselves Monte Carlo estimates with N = 10,000, so each is
compared within four combined standard errors (ours and theirs, theirs estimated from
the same binomial / sample formulas).
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
