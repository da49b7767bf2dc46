"""SMAA-2 with uncertain data: JSMAA's antidepressant benefit-risk model, reproduced through
the public API and checked against an independent plain-numpy Monte Carlo.

Model (as distributed with JSMAA 1.0.3, ``models/smaa2-benefitrisk.jsmaa``, "Benefit-Risk
model of second generation antidepressants", added in 2010; its drugs and criteria are
those the working paper "A state-of-the-art multi-criteria model for drug benefit-risk
analysis", SOM Research Reports 10001, University of Groningen, 2010, describes; data
from Hansen et al. 2005): Fluoxetine,
Paroxetine, Sertraline and Venlafaxine on efficacy (log-normal odds ratio against
fluoxetine, log-mean / log-sd) and five adverse events in percent (normal, mean / sd), no
preference information. As in JSMAA, each criterion has a linear partial value function
on the range covered by the 95 % intervals of the four measurements (mean +/- 1.96 sd, on
the log scale for the log-normal ones), extrapolated beyond it (JSMAA's
``UtilityFunction`` continues the end segments; it does not clip).

The journal version (Tervonen, van Valkenhoef, Buskens, Hillege & Postmus 2011, Statistics
in Medicine 30(12), 1419-1428) analyses a different model (fluoxetine, venlafaxine and
placebo on treatment response, nausea, insomnia and anxiety, Beta-distributed; JSMAA's
``models/smaa2-br-betas.jsmaa``). No published acceptabilities of either bundled model
could be retrieved, so the reference here is an independent computation: one sample at a
time in plain numpy (weights as uniform spacings of sorted uniforms, a different simplex
sampler; ranks by sorting), which our batched implementation must match within Monte
Carlo error. The published results of the network meta-analysis version of this model
(van Valkenhoef et al. 2012) are checked in ``test_smaa_network_antidepressants.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.sensitivity import LinearScale

DRUGS = ["Fluoxetine", "Paroxetine", "Sertraline", "Venlafaxine"]
CRITERIA = ["Efficacy", "Diarrhea", "Dizziness", "Headache", "Insomnia", "Nausea"]
# (family, a, b) per drug, per criterion: lognormal (log-mean, log-sd), normal (mean, sd)
CELLS = {
    "Efficacy": [("lognormal", 0.0, 0.0), ("lognormal", 0.086, 0.056),
                 ("lognormal", 0.095, 0.044), ("lognormal", 0.113, 0.048)],
    "Diarrhea": [("normal", 11.7, 2.5), ("normal", 9.2, 1.86),
                 ("normal", 15.4, 2.65), ("normal", 5.5, 2.32)],
    "Dizziness": [("normal", 7.2, 1.45), ("normal", 10.6, 1.58),
                  ("normal", 7.5, 1.48), ("normal", 15.7, 4.44)],
    "Headache": [("normal", 16.6, 3.27), ("normal", 21.2, 5.15),
                 ("normal", 20.2, 3.78), ("normal", 12.8, 2.45)],
    "Insomnia": [("normal", 13.7, 1.89), ("normal", 14.3, 2.93),
                 ("normal", 15.0, 3.21), ("normal", 11.2, 3.98)],
    "Nausea": [("normal", 18.6, 1.79), ("normal", 18.3, 3.7),
               ("normal", 19.5, 2.6), ("normal", 31.0, 1.68)],
}  # fmt: skip
ASCENDING = {"Efficacy": True}  # the adverse events are costs
N = 20_000


def _ranges() -> dict[str, tuple[float, float]]:
    out = {}
    for c, cells in CELLS.items():
        lo = min(a - 1.96 * b for _, a, b in cells)
        hi = max(a + 1.96 * b for _, a, b in cells)
        out[c] = (float(np.exp(lo)), float(np.exp(hi))) if cells[0][0] == "lognormal" else (lo, hi)
    return out


def _problem() -> ps.Problem:
    values = pd.DataFrame(
        {c: [np.exp(a) if f == "lognormal" else a for f, a, _ in CELLS[c]] for c in CRITERIA},
        index=DRUGS,
    )
    rows = [(f, a, b) for c in CRITERIA for f, a, b in CELLS[c]]
    idx = [(d, c) for c in CRITERIA for d in DRUGS]
    unc = pd.DataFrame(rows, columns=["dist", "a", "b"], index=pd.MultiIndex.from_tuples(idx))
    objectives = {c: ("max" if ASCENDING.get(c) else "min") for c in CRITERIA}
    return ps.Problem.from_frame(values, objectives=objectives, uncertainty=unc)


def _scales() -> dict[str, LinearScale]:
    return {
        c: LinearScale(lo, hi, "increasing" if ASCENDING.get(c) else "decreasing")
        for c, (lo, hi) in _ranges().items()
    }


def _reference(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Rank acceptabilities and central weights, one sample at a time."""
    rng = np.random.default_rng(seed)
    ranges = _ranges()
    m, k = len(DRUGS), len(CRITERIA)
    counts = np.zeros((m, m))
    wsum = np.zeros((m, k))
    for _ in range(n):
        u = np.sort(rng.random(k - 1))
        w = np.diff(np.concatenate([[0.0], u, [1.0]]))  # uniform spacings: uniform simplex
        v = np.empty((m, k))
        for j, c in enumerate(CRITERIA):
            lo, hi = ranges[c]
            for i, (f, a, b) in enumerate(CELLS[c]):
                x = a + b * rng.standard_normal()
                x = np.exp(x) if f == "lognormal" else x
                t = (x - lo) / (hi - lo)  # extrapolated, as JSMAA does
                v[i, j] = t if ASCENDING.get(c) else 1.0 - t
        score = v @ w
        order = np.argsort(-score)
        counts[order, np.arange(m)] += 1
        wsum[order[0]] += w
    return counts / n, wsum / np.maximum(counts[:, :1], 1)


@pytest.fixture(scope="module")
def ours() -> ps.sensitivity.SMAAResult:
    return ps.sensitivity.smaa(
        _problem(), "wsm", n_samples=N, random_state=7, sample_data=True,
        scales=_scales(), normalization="none", confidence_samples=5_000,
    )  # fmt: skip


@pytest.fixture(scope="module")
def reference() -> tuple[np.ndarray, np.ndarray]:
    return _reference(6_000, seed=11)


def test_rank_acceptabilities_match_an_independent_computation(ours, reference):
    ref_acc, _ = reference
    acc = ours.acceptability.to_numpy()
    se = np.sqrt(acc * (1 - acc) / N + ref_acc * (1 - ref_acc) / 6_000)
    assert np.all(np.abs(acc - ref_acc) <= 4 * se + 1e-3)
    assert np.allclose(acc.sum(axis=1), 1.0)


def test_central_weights_match_an_independent_computation(ours, reference):
    ref_acc, ref_cw = reference
    cw = ours.central_weights.to_numpy()
    se = ours.central_weights_std_error.to_numpy()
    ok = ref_acc[:, 0] > 0.05  # partners first often enough for a stable mean
    # the reference's error: same spread, fewer samples
    se_ref = (
        se
        * np.sqrt(ours.acceptability[1].to_numpy() * N / np.maximum(ref_acc[:, 0] * 6_000, 1))[
            :, None
        ]
    )
    assert np.all(np.abs(cw - ref_cw)[ok] <= 4 * np.hypot(se, se_ref)[ok] + 1e-3)


def test_confidence_factors_are_probabilities_with_standard_errors(ours):
    cf = ours.confidence.dropna()
    assert ((cf >= 0) & (cf <= 1)).all()
    assert (ours.confidence_std_error[cf.index] <= 0.5 / np.sqrt(5_000) + 1e-12).all()
    # independent route: P(first) under the data at the fixed central weight vector
    top = ours.acceptability[1].idxmax()
    pb = _problem().replace(weights=ours.central_weights.loc[top].to_dict())
    du = ps.sensitivity.data_uncertainty(
        pb, "wsm", n_samples=5_000, random_state=3, scales=_scales(), normalization="none"
    )
    se = np.hypot(
        ours.confidence_std_error[top], np.sqrt(du.p_best[top] * (1 - du.p_best[top]) / 5_000)
    )
    assert ours.confidence[top] == pytest.approx(du.p_best[top], abs=4 * se + 1e-3)
