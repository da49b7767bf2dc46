"""SMAA-2 on the antidepressant network meta-analysis model, against its published results.

Case ``smaa2_van_valkenhoef_2012_antidepressants`` (see the JSON for the full provenance):
van Valkenhoef, Tervonen, Zhao, de Brock, Hillege & Postmus (2012), "Multicriteria
benefit-risk assessment using network meta-analysis", Journal of Clinical Epidemiology
65(4), 394-403: Fluoxetine, Paroxetine, Placebo, Sertraline and Venlafaxine on HAM-D
responders and five adverse events, no preference information. The published rank
acceptabilities, central weights and confidence factors (one JSMAA run, N = 10,000) and
the network meta-analysis behind them are transcribed in the regression test of ADDIS,
the authors' application, which checks JSMAA against them.

Each criterion is a JSMAA "relative logit" measurement: the placebo arm's log-odds is
shared by the five alternatives and the relative effects are jointly normal, so the five
measurements of a criterion are strongly correlated. A per-cell ``Problem.uncertainty``
table cannot express that, so the measurements are drawn from the transcribed model and
given to ``ps.sensitivity.smaa`` as joint draws (``data_samples``), as ADDIS gives its
measurements to JSMAA. What is checked:

- an independent plain-numpy SMAA-2 (ranks by value, central weight = mean weight vector
  among the samples where the alternative is first, confidence factor = probability of
  being first at that weight vector under the data) on the drawn measurements reproduces
  every published number, which validates the transcription and the definitions;
- the public ``ps.sensitivity.smaa`` (additive value model: ``"wsm"`` with
  ``normalization="none"`` on the partial values) reproduces them too.

Monte Carlo error bound: every comparison allows four combined standard errors, ours and
the publication's (binomial ``sqrt(p (1 - p) / N)`` with N = 10,000 for acceptabilities and
confidence factors; the sample standard deviation over the samples where the alternative
is first, divided by the square root of their number, for central weights). A
confidence factor computed at our own central weights moves with their Monte Carlo
error as well, so it gets 0.01 more; evaluated at the published central weights it gets
none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps

from ._cases import load_case

CASE = load_case("smaa2_van_valkenhoef_2012_antidepressants")
ALTS = CASE["alternatives"]
CRITERIA = CASE["criteria"]
PUBLISHED_N = CASE["expected"]["n_samples"]
RA = np.array(CASE["expected"]["rank_acceptabilities"])
CW = np.array(CASE["expected"]["central_weights"])
CF = np.array(CASE["expected"]["confidence_factors"])
N_REF = 20_000


def sample_values(n: int, rng: np.random.Generator) -> np.ndarray:
    """Partial values ``(n, alternatives, criteria)`` drawn from the transcribed model."""
    order = [CASE["model"]["relative_order"].index(a) for a in ALTS]
    out = np.empty((n, len(ALTS), len(CRITERIA)))
    for j, crit in enumerate(CRITERIA):
        spec = CASE["model"]["criteria"][crit]
        mean, sd = spec["baseline_logit"]
        mu = np.asarray(spec["relative_mean"])
        cov = np.asarray(spec["relative_cov"])
        delta = np.zeros((n, mu.size))
        delta[:, 1:] = rng.multivariate_normal(mu[1:], cov[1:, 1:], size=n)  # placebo: 0
        theta = rng.normal(mean, sd, size=(n, 1))
        incidence = 1.0 / (1.0 + np.exp(-(theta + delta)))
        value = incidence if spec["direction"] == "increasing" else 1.0 - incidence
        out[:, :, j] = value[:, order]
    return out


def _first_at(V: np.ndarray, w: np.ndarray, i: int) -> float:
    return float(np.mean(np.argmax(V @ w, axis=1) == i))


@pytest.fixture(scope="module")
def reference() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20120401)
    V = sample_values(N_REF, rng)
    W = rng.dirichlet(np.ones(len(CRITERIA)), size=N_REF)
    value = np.einsum("kij,kj->ki", V, W)
    rank = np.argsort(np.argsort(-value, axis=1), axis=1)  # 0 = best; no ties here
    ra = np.stack([np.bincount(rank[:, i], minlength=len(ALTS)) for i in range(len(ALTS))])
    first = rank == 0
    count = first.sum(axis=0)
    cw = (first.T @ W) / count[:, None]
    sd = np.sqrt(np.maximum((first.T @ (W * W)) / count[:, None] - cw**2, 0.0))
    V2 = sample_values(N_REF, rng)  # fresh data for the confidence factors
    cf = np.array([_first_at(V2, cw[i], i) for i in range(len(ALTS))])
    cf_at_published = np.array([_first_at(V2, CW[i], i) for i in range(len(ALTS))])
    return {
        "ra": ra / N_REF,
        "cw": cw,
        "cw_sd": sd,
        "count": count,
        "cf": cf,
        "cf_at_published": cf_at_published,
    }


def _binomial_se(p: np.ndarray, n: int) -> np.ndarray:
    return np.sqrt(p * (1 - p) / n)


def _check(ra, cw, cw_sd, count, cf, n):
    se = np.hypot(_binomial_se(RA, PUBLISHED_N), _binomial_se(ra, n))
    np.testing.assert_array_less(np.abs(ra - RA), 4 * se + 1e-12)
    theirs = cw_sd / np.sqrt(RA[:, [0]] * PUBLISHED_N)
    ours = cw_sd / np.sqrt(count[:, None])
    np.testing.assert_array_less(np.abs(cw - CW), 4 * np.hypot(theirs, ours))
    se_cf = np.hypot(_binomial_se(CF, PUBLISHED_N), _binomial_se(cf, n))
    np.testing.assert_array_less(np.abs(cf - CF), 4 * se_cf + 0.01)


def test_independent_smaa2_reproduces_the_published_results(reference):
    r = reference
    _check(r["ra"], r["cw"], r["cw_sd"], r["count"], r["cf"], N_REF)
    np.testing.assert_allclose(r["ra"].sum(axis=1), 1.0)


def test_confidence_factors_at_the_published_central_weights(reference):
    se = np.hypot(_binomial_se(CF, PUBLISHED_N), _binomial_se(CF, N_REF))
    np.testing.assert_array_less(np.abs(reference["cf_at_published"] - CF), 4 * se)


# ------------------------------------------------------------------ public API
def test_public_smaa_with_joint_draws_reproduces_the_published_results():
    rng = np.random.default_rng(2012)
    n = PUBLISHED_N
    V = sample_values(n, rng)
    df = pd.DataFrame(V.mean(axis=0), index=ALTS, columns=CRITERIA)
    problem = ps.Problem.from_frame(df, objectives=dict.fromkeys(CRITERIA, "max"))
    res = ps.sensitivity.smaa(
        problem, "wsm", normalization="none", n_samples=n, data_samples=V, random_state=7,
        progress=False,
    )  # fmt: skip
    assert res.sample_data
    assert res.n_samples == n
    first = res.acceptability[1].to_numpy()
    # the spread of the weight vectors that rank each alternative first, from the
    # standard errors the result reports (sd / sqrt(N b1))
    cw_sd = res.central_weights_std_error.to_numpy() * np.sqrt(first[:, None] * n)
    _check(
        res.acceptability.to_numpy(),
        res.central_weights.to_numpy(),
        cw_sd,
        first * n,
        res.confidence.to_numpy(),
        n,
    )
    assert any("given joint draws" in note for note in res.notes)
