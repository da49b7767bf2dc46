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
measurements of a criterion are strongly correlated. ``Problem.uncertainty`` draws every
cell independently and cannot express that, so ``ps.sensitivity.smaa(sample_data=True)``
cannot be run on this model. What is checked instead:

- the default run: an independent plain-numpy SMAA-2 (the same definitions as
  ``smaa``: ranks by value, central weight = mean weight vector among the samples where
  the alternative is first, confidence factor = probability of being first at that
  weight vector under the data) on measurements drawn from the transcribed model
  reproduces every published number, which validates the transcription and the
  definitions our implementation follows;
- ``@slow``: the public ``ps.sensitivity.smaa`` reproduces them, fed with the drawn
  measurements through an exact equivalence. With an additive value model, pairing
  weight vector ``k`` with its own data sample ``k`` is the same as fixed-data SMAA on a
  "stacked" problem whose criteria are the (sample, criterion) pairs, with weight row
  ``k`` equal to ``w_k`` on sample ``k``'s block and 0 elsewhere; the confidence factor of
  an alternative is then its first-rank acceptability under weight rows that carry its
  central weight vector on every block.

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


# ------------------------------------------------------------------ public API (slow)
def _stacked_problem(V: np.ndarray) -> ps.Problem:
    b, m, n = V.shape
    cols = [f"s{k}_c{j}" for k in range(b) for j in range(n)]
    df = pd.DataFrame(V.transpose(1, 0, 2).reshape(m, b * n), index=ALTS, columns=cols)
    return ps.Problem.from_frame(df, objectives=dict.fromkeys(cols, "max"))


def _block_rows(W: np.ndarray) -> np.ndarray:
    b, n = W.shape
    out = np.zeros((b, b * n))
    for k in range(b):
        out[k, k * n : (k + 1) * n] = W[k]
    return out


def test_block_stacking_is_smaa_with_paired_data():
    # the equivalence the slow test rests on, on a few samples checked by hand
    rng = np.random.default_rng(0)
    V = sample_values(40, rng)
    W = rng.dirichlet(np.ones(len(CRITERIA)), size=40)
    res = ps.sensitivity.smaa(
        _stacked_problem(V), "wsm", weights=_block_rows(W), normalization="none", progress=False
    )
    best = np.argmax(np.einsum("kij,kj->ki", V, W), axis=1)
    expected = np.bincount(best, minlength=len(ALTS)) / 40
    np.testing.assert_allclose(res.acceptability[1].to_numpy(), expected)


@pytest.mark.slow
def test_public_smaa_reproduces_the_published_results():
    rng = np.random.default_rng(2012)
    batches, size = 8, 500
    n = batches * size
    m, k = len(ALTS), len(CRITERIA)
    ra = np.zeros((m, m))
    wsum, wsq, count = np.zeros((m, k)), np.zeros((m, k)), np.zeros(m)
    for _ in range(batches):
        V = sample_values(size, rng)
        W = rng.dirichlet(np.ones(k), size=size)
        res = ps.sensitivity.smaa(
            _stacked_problem(V), "wsm", weights=_block_rows(W), normalization="none",
            progress=False,
        )  # fmt: skip
        acc = res.acceptability.to_numpy()
        ra += acc * size
        first = acc[:, 0] * size
        cw_blocks = res.central_weights.to_numpy().reshape(m, size, k)
        cw_batch = np.nan_to_num(cw_blocks.sum(axis=1))  # fold the sample blocks
        wsum += cw_batch * first[:, None]
        count += first
        # second moments from this batch's samples where each alternative is first
        best = np.argmax(np.einsum("kij,kj->ki", V, W), axis=1)
        for i in range(m):
            wsq[i] += (W[best == i] ** 2).sum(axis=0)
    cw = wsum / count[:, None]
    sd = np.sqrt(np.maximum(wsq / count[:, None] - cw**2, 0.0))
    cf = np.zeros(m)
    for _ in range(batches):
        V = sample_values(size, rng)
        pb = _stacked_problem(V)
        for i in range(m):
            rows = _block_rows(np.broadcast_to(cw[i], (size, k)))
            res = ps.sensitivity.smaa(pb, "wsm", weights=rows, normalization="none", progress=False)
            cf[i] += res.acceptability.iloc[i, 0] * size
    _check(ra / n, cw, sd, count, cf / n, n)
