"""Shrinkage estimators behind the track-record metrics, vectorised over partners.

Every estimator takes the usable records as three aligned arrays, ``codes`` (the partner's
position, 0..m-1), ``x`` (the record's outcome) and ``w`` (its recency x size weight), and
returns per-partner arrays: ``value, raw, lower, upper, n, n_eff, dist, a, b, loc, scale,
df``. Weights enter as effective counts (``n_eff`` = sum of weights), so recency weighting
and shrinkage compose: an old project is a fraction of a project.

Rates (Beta-Binomial)
    With ``s`` weighted successes out of ``n_eff`` and a prior ``Beta(alpha, beta)``, the
    posterior is ``Beta(alpha + s, beta + n_eff - s)`` and the value is its mean
    ``(s + alpha) / (n_eff + alpha + beta)`` (Gelman et al. 2013, sec. 2.4). The prior is
    fitted on the portfolio (empirical Bayes, Casella 1985):

    * ``"pooled"`` (default): mean ``p0 = (S + 1/2) / (N + 1)``, the pooled portfolio rate
      with a Jeffreys half-count so the prior stays proper when every project succeeded,
      and strength ``prior_strength`` pseudo-projects: ``alpha = k p0``,
      ``beta = k (1 - p0)``;
    * ``"moments"``: method of moments on the partners' raw rates, subtracting the average
      binomial sampling variance (Efron & Morris 1975); when fewer than three partners have
      data or the rates vary less than sampling noise explains, it falls back to
      ``"pooled"`` and records why in ``prior["fallback"]``;
    * a pair ``(alpha, beta)`` given explicitly.

    With ``prior_strength = 0`` the value is the raw rate and the interval comes from the
    Jeffreys posterior ``Beta(s + 1/2, n_eff - s + 1/2)`` (Brown, Cai & DasGupta 2001).
    The interval is the equal-tailed posterior interval, or (``interval="wilson"``) the
    Wilson score interval on the pseudo-data ``s + alpha`` out of ``n_eff + alpha + beta``.

Means (Bayesian average, Normal-Inverse-Gamma)
    Prior mean ``mu0`` = the portfolio's weighted mean, prior variance ``s0^2`` = the
    portfolio's weighted variance (between plus within partners, so intervals err on the
    wide side), ``kappa0 = nu0 = prior_strength``. The value is the Bayesian average
    ``(k mu0 + n_eff xbar) / (k + n_eff)`` and the cell is a Student t with
    ``df = k + n_eff`` and scale ``sqrt(sn^2 / (k + n_eff))`` (Gelman et al. 2013,
    sec. 3.3). With ``k = 0`` it is the classic t interval (``df = n_eff - 1``).

Medians
    The weighted median is shrunk the same way towards the portfolio median; its scale is
    the normal-theory standard error of a median, ``sqrt(pi / 2)`` times that of a mean.

Counts
    Weighted counts or sums are facts, not estimates: no shrinkage, ``dist="fixed"``.

References
----------
Casella, G. (1985). An introduction to empirical Bayes data analysis. *The American
Statistician*, 39(2), 83-87.

Efron, B., & Morris, C. (1975). Data analysis using Stein's estimator and its
generalizations. *Journal of the American Statistical Association*, 70(350), 311-319.

Gelman, A., Carlin, J. B., Stern, H. S., Dunson, D. B., Vehtari, A., & Rubin, D. B. (2013).
*Bayesian Data Analysis* (3rd ed.). CRC Press.

Brown, L. D., Cai, T. T., & DasGupta, A. (2001). Interval estimation for a binomial
proportion. *Statistical Science*, 16(2), 101-133.

Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
*Journal of the American Statistical Association*, 22(158), 209-212.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import stats

__all__ = ["count_estimate", "location_estimate", "rate_estimate", "weighted_median"]

Arrays = dict[str, np.ndarray]


def _blank(m: int) -> Arrays:
    nan = np.full(m, np.nan)
    return {
        "value": nan.copy(),
        "raw": nan.copy(),
        "lower": nan.copy(),
        "upper": nan.copy(),
        "dist": np.full(m, "fixed", dtype=object),
        "a": nan.copy(),
        "b": nan.copy(),
        "loc": nan.copy(),
        "scale": nan.copy(),
        "df": nan.copy(),
    }


def _sums(codes: np.ndarray, x: np.ndarray, w: np.ndarray, m: int) -> tuple[np.ndarray, ...]:
    n = np.bincount(codes, minlength=m).astype(float)
    W = np.bincount(codes, weights=w, minlength=m)
    S = np.bincount(codes, weights=w * x, minlength=m)
    return n, W, S


def _fit_beta_prior(
    n: np.ndarray, W: np.ndarray, S: np.ndarray, prior: Any, k: float
) -> dict[str, Any]:
    if isinstance(prior, tuple):
        alpha, beta = (float(v) for v in prior)
        return {"family": "beta", "method": "given", "a": alpha, "b": beta}
    p0 = float((S.sum() + 0.5) / (W.sum() + 1.0))
    out: dict[str, Any] = {"family": "beta", "method": "pooled", "a": k * p0, "b": k * (1 - p0)}
    if prior == "moments":
        has = W > 0
        if has.sum() < 3:
            out["fallback"] = "fewer than 3 partners with data"
            return out
        rates = S[has] / W[has]
        mean = float(rates.mean())
        noise = mean * (1 - mean) * float(np.mean(1.0 / W[has]))
        between = float(rates.var(ddof=1)) - noise
        if not 0 < between < mean * (1 - mean):
            out["fallback"] = "partners' rates vary no more than sampling noise explains"
            return out
        strength = mean * (1 - mean) / between - 1
        out = {"family": "beta", "method": "moments", "a": mean * strength}
        out["b"] = (1 - mean) * strength
    return out


def rate_estimate(
    codes: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
    m: int,
    *,
    prior: Any = "pooled",
    prior_strength: float = 5.0,
    level: float = 0.9,
    interval: str = "beta",
) -> tuple[Arrays, dict[str, Any]]:
    """Beta-Binomial shrinkage of per-partner success rates (``x`` in {0, 1} or [0, 1]).

    Examples
    --------
    >>> import numpy as np
    >>> est, prior = rate_estimate(np.array([0, 0, 0, 0]), np.array([1., 1., 1., 0.]),
    ...                            np.ones(4), 1, prior=(2.0, 1.0))
    >>> float(est["value"][0]) == (3 + 2) / (4 + 2 + 1)
    True
    """
    n, W, S = _sums(codes, x, w, m)
    k = float(prior_strength)
    fitted = _fit_beta_prior(n, W, S, prior, k)
    alpha, beta = fitted["a"], fitted["b"]
    fitted["mean"] = (
        alpha / (alpha + beta) if alpha + beta > 0 else float((S.sum() + 0.5) / (W.sum() + 1))
    )
    fitted["strength"] = alpha + beta
    fitted.update(dist="beta", loc=0.0, scale=1.0, df=np.nan)
    if alpha + beta <= 0:
        fitted["dist"] = "fixed"
    out = _blank(m)
    has = W > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(has, S / W, np.nan)
    if alpha + beta > 0:
        a_post, b_post = alpha + S, beta + W - S
        value = a_post / (a_post + b_post)
        pseudo_s, pseudo_n = S + alpha, W + alpha + beta
    else:
        a_post, b_post = S + 0.5, W - S + 0.5
        value = raw
        pseudo_s, pseudo_n = S, W
    tail = (1 - level) / 2
    if interval == "wilson":
        z = stats.norm.ppf(1 - tail)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = pseudo_s / pseudo_n
            centre = (p + z**2 / (2 * pseudo_n)) / (1 + z**2 / pseudo_n)
            half = (
                z
                / (1 + z**2 / pseudo_n)
                * np.sqrt(p * (1 - p) / pseudo_n + z**2 / (4 * pseudo_n**2))
            )
        lower, upper = centre - half, centre + half
    else:
        lower = stats.beta.ppf(tail, np.where(has, a_post, 1), np.where(has, b_post, 1))
        upper = stats.beta.ppf(1 - tail, np.where(has, a_post, 1), np.where(has, b_post, 1))
    out["value"] = np.where(has, value, np.nan)
    out["raw"] = raw
    out["lower"] = np.where(has, lower, np.nan)
    out["upper"] = np.where(has, upper, np.nan)
    out["dist"] = np.where(has, "beta", "fixed").astype(object)
    out["a"] = np.where(has, a_post, np.nan)
    out["b"] = np.where(has, b_post, np.nan)
    out["loc"] = np.where(has, 0.0, np.nan)
    out["scale"] = np.where(has, 1.0, np.nan)
    out["n"], out["n_eff"] = n, W
    return out, fitted


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted median; equals :func:`numpy.median` when the weights are equal.

    The first value whose cumulative weight reaches half the total; when the cumulative
    weight equals exactly half, the midpoint with the next value.

    Examples
    --------
    >>> import numpy as np
    >>> weighted_median(np.array([1., 2., 3., 4.]), np.ones(4))
    2.5
    >>> weighted_median(np.array([1., 2., 10.]), np.array([1., 1., 5.]))
    10.0
    """
    if x.size == 0:
        return float("nan")
    order = np.argsort(x, kind="stable")
    xs, cw = x[order], np.cumsum(w[order])
    half = cw[-1] / 2
    i = int(np.searchsorted(cw, half - 1e-12 * cw[-1]))
    if np.isclose(cw[i], half, rtol=1e-12, atol=0) and i + 1 < xs.size:
        return float((xs[i] + xs[i + 1]) / 2)
    return float(xs[i])


def location_estimate(
    codes: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
    m: int,
    *,
    prior_strength: float = 5.0,
    level: float = 0.9,
    center: str = "mean",
) -> tuple[Arrays, dict[str, Any]]:
    """Bayesian average of per-partner means (or medians) with a Student t cell.

    Examples
    --------
    >>> import numpy as np
    >>> est, prior = location_estimate(np.array([0, 0, 1]), np.array([4., 5., 3.]),
    ...                                np.ones(3), 2, prior_strength=2)
    >>> prior["mean"], float(est["value"][1]) == (3 + 2 * 4) / (1 + 2)
    (4.0, True)
    """
    n, W, S = _sums(codes, x, w, m)
    k = float(prior_strength)
    total = W.sum()
    mu0 = float(S.sum() / total) if total > 0 else float("nan")
    var0 = float(np.sum(w * (x - mu0) ** 2) / (total - 1)) if total > 1 else 0.0
    has = W > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        xbar = np.where(has, S / W, np.nan)
    dev = x - xbar[codes] if x.size else x
    SS = np.bincount(codes, weights=w * dev**2, minlength=m)
    kappa = k + W
    if k > 0:
        mean_post = (k * mu0 + W * xbar) / kappa
        dof = k + W
        with np.errstate(invalid="ignore", divide="ignore"):
            s2 = (k * var0 + SS + k * W / kappa * (xbar - mu0) ** 2) / dof
    else:
        mean_post, dof = xbar, W - 1
        with np.errstate(invalid="ignore", divide="ignore"):
            s2 = np.where(dof > 0, SS / dof, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.sqrt(s2 / kappa)
    prior: dict[str, Any] = {"family": "normal-inverse-gamma", "method": "pooled"}
    if center == "median":
        med0 = weighted_median(x, w)
        meds = np.array([weighted_median(x[codes == j], w[codes == j]) for j in range(m)])
        value = (k * med0 + W * meds) / kappa if k > 0 else meds
        raw = meds
        scale = scale * np.sqrt(np.pi / 2)
        prior_center = med0
    else:
        value, raw, prior_center = mean_post, xbar, mu0
    prior["mean"], prior["sd"], prior["strength"] = prior_center, float(np.sqrt(var0)), k
    prior_scale = float(np.sqrt(var0 / k)) if k > 0 else np.nan
    if center == "median":
        prior_scale *= float(np.sqrt(np.pi / 2))
    if k > 0 and prior_scale > 0:
        prior.update(dist="t", a=prior_center, b=prior_scale, loc=np.nan, scale=np.nan, df=k)
    else:
        prior.update(dist="fixed", a=prior_center, b=np.nan, loc=np.nan, scale=np.nan, df=np.nan)
    usable = has & np.isfinite(scale) & (scale > 0)
    tail = (1 - level) / 2
    q = stats.t.ppf(1 - tail, np.where(usable, dof, 1.0))
    out = _blank(m)
    out["value"] = np.where(has, value, np.nan)
    out["raw"] = raw
    out["lower"] = np.where(usable, value - q * scale, np.where(has, value, np.nan))
    out["upper"] = np.where(usable, value + q * scale, np.where(has, value, np.nan))
    out["dist"] = np.where(usable, "t", "fixed").astype(object)
    out["a"] = np.where(has, value, np.nan)
    out["b"] = np.where(usable, scale, np.nan)
    out["df"] = np.where(usable, dof, np.nan)
    out["n"], out["n_eff"] = n, W
    return out, prior


def count_estimate(
    codes: np.ndarray, x: np.ndarray, w: np.ndarray, m: int
) -> tuple[Arrays, dict[str, Any]]:
    """Weighted sums ``sum(w * x)`` per partner (``x = 1`` counts projects); no shrinkage.

    Examples
    --------
    >>> import numpy as np
    >>> est, _ = count_estimate(np.array([0, 0, 1]), np.ones(3), np.ones(3), 3)
    >>> est["value"].tolist()
    [2.0, 1.0, 0.0]
    """
    n, W, S = _sums(codes, x, w, m)
    out = _blank(m)
    for key in ("value", "raw", "lower", "upper", "a"):
        out[key] = S.copy()
    out["n"], out["n_eff"] = n, W
    prior = {"family": "none", "method": "none", "mean": float(np.mean(S)) if m else np.nan}
    prior.update(dist="fixed", a=prior["mean"], b=np.nan, loc=np.nan, scale=np.nan, df=np.nan)
    return out, prior
