"""Shrinkage estimators behind the track-record metrics, vectorised over partners.

Every estimator takes the per-partner sufficient statistics of :mod:`.stats` (``n, W, S,
Q`` and, for medians, the weighted medians) and returns per-partner arrays: ``value, raw,
lower, upper, n, n_eff, dist, a, b, loc, scale, df``, plus the prior it used. Weights enter
as effective counts (``n_eff = W``, the sum of recency x size weights), so an old project
is a fraction of a project.

**One distribution per cell.** The interval reported for a cell is the equal-tailed
interval of the very distribution (``dist, a, b, loc, scale, df``) that the robustness
analyses sample (the one exception is the opt-in ``interval="wilson"`` of rates).

Rates (Beta-Binomial, empirical / hierarchical Bayes)
    Partner ``i`` has ``s_i`` weighted successes out of ``n_i = W_i``; its true rate
    ``p_i ~ Beta(mu M, (1 - mu) M)`` (portfolio mean ``mu``, strength ``M`` in
    pseudo-projects). With ``prior_strength="auto"`` (default) the hyperparameters are
    learnt from the portfolio by the Beta-Binomial marginal likelihood
    ``prod_i B(mu M + s_i, (1 - mu) M + n_i - s_i) / B(mu M, (1 - mu) M)``:

    * up to :data:`GRID_MAX_PARTNERS` partners with data, fully Bayesian over the
      hyperparameters: a 31 x 31 grid over ``(logit mu, log M)`` with the hyperprior
      ``p(mu, M) ~ M^(-3/2)`` (uniform on ``(mu, M^(-1/2))``, Gelman et al. 2013,
      sec. 5.3), ``M`` in [0.1, 10^4]. Each partner's posterior is the grid mixture of
      ``Beta(mu M + s_i, (1 - mu) M + n_i - s_i)``, and its cell is the Beta with the
      mixture's mean and variance, so the uncertainty about the prior itself widens the
      interval (most where few partners or few projects inform it);
    * above that, the maximum of the same marginal likelihood (the hyperparameter
      uncertainty is then negligible) and the conjugate posterior;
    * with fewer than :data:`MIN_PARTNERS` partners with data, nothing can be learnt: the
      reference prior ``Beta(1/2, 1/2)`` (Jeffreys) is used for each partner alone and
      ``prior["fallback"]`` says why.

    A number fixes the strength ``M = prior_strength`` around the pooled rate
    ``(S + 1/2) / (N + 1)``; ``0`` reports the raw rate with the Jeffreys posterior
    ``Beta(s + 1/2, n - s + 1/2)`` as its distribution (never a zero-width interval; the
    interval is stretched to the raw rate where that lies outside it, as with no successes
    or no failures, Brown et al. 2001).
    ``prior="moments"`` fits ``(mu, M)`` by the method of moments (Efron & Morris 1975),
    falling back when fewer than three partners have data or rates vary less than
    sampling noise explains; a pair ``(a, b)`` fixes the prior.

Means and medians (normal random effects, Normal-Inverse-Gamma)
    Partner means ``y_i = S_i / W_i`` (or weighted medians) estimate true values
    ``theta_i ~ N(mu, tau^2)`` with sampling variance ``c sigma^2 / W_i`` (``c = 1`` for
    means, ``pi / 2`` for medians). The within-partner variance ``sigma^2`` is pooled
    over partners, ``sum_i SS_i / sum_i (n_i - 1)`` with ``sum_i (n_i - 1)`` degrees of
    freedom, which make the cell a Student t. When no partner has two projects, or every
    partner's projects are all equal, a reference value with one degree of freedom is used:
    the portfolio's total variance, or (all values equal) the metric's scale (1 point on a
    score, 0.2 on a relative delay or overrun), so a single project or all-equal values
    never give a zero-width interval. With ``prior_strength="auto"`` the
    between-partner spread ``tau`` is learnt with ``mu`` integrated out under a flat prior
    and a uniform prior on ``tau`` over a grid (Gelman et al. 2013, sec. 5.4; the
    random-effects model whose moment estimator is DerSimonian & Laird 1986); each cell is
    the t with the mixture's mean and variance. The implied Normal-Inverse-Gamma prior has
    mean ``mu`` and strength ``kappa = sigma^2 / tau^2`` pseudo-projects. A number fixes
    ``tau^2 = sigma^2 / prior_strength`` around the pooled mean (median); ``0`` is no
    pooling.

Counts
    Weighted counts or sums are facts, not estimates: no shrinkage, ``dist="fixed"``.

References
----------
DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials. *Controlled
Clinical Trials*, 7(3), 177-188.

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

from partnerselect.trackrecord.stats import GroupStats, weighted_medians

__all__ = [
    "GRID_MAX_PARTNERS",
    "MIN_PARTNERS",
    "count_estimate",
    "location_estimate",
    "rate_estimate",
    "weighted_median",
]

Arrays = dict[str, np.ndarray]

#: Fewer partners with data than this: the prior is not learnt (reference prior, noted).
MIN_PARTNERS = 3
#: Up to this many partners with data the hyperparameters are integrated over a grid.
GRID_MAX_PARTNERS = 300
_M_RANGE = (0.1, 1e4)
_GRID = 31
_TAU_GRID = 81


def _special() -> Any:
    from scipy import special

    return special


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


def _softmax(logp: np.ndarray) -> np.ndarray:
    z = np.exp(logp - np.max(logp))
    return z / z.sum()


def _beta_match(mean: np.ndarray, var: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Beta shapes with the given mean and variance (variance capped below the maximum)."""
    var = np.minimum(var, mean * (1 - mean) * (1 - 1e-9))
    with np.errstate(invalid="ignore", divide="ignore"):
        total = mean * (1 - mean) / var - 1
    return mean * total, (1 - mean) * total


def _beta_interval(a: np.ndarray, b: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    from scipy.special import betaincinv

    tail = (1 - level) / 2
    ok = (a > 0) & (b > 0)
    aa, bb = np.where(ok, a, 1.0), np.where(ok, b, 1.0)
    lo, hi = betaincinv(aa, bb, tail), betaincinv(aa, bb, 1 - tail)
    return np.where(ok, lo, np.nan), np.where(ok, hi, np.nan)


def _t_quantile(df: float | np.ndarray, q: float) -> np.ndarray:
    from scipy.special import stdtrit

    arr = np.asarray(df, dtype=float)
    if arr.ndim == 0 or arr.size < 64:
        return np.asarray(stdtrit(arr, q), dtype=float)
    # cells share a handful of degrees of freedom: each distinct one is inverted once
    distinct, which = np.unique(arr, return_inverse=True)
    return np.asarray(stdtrit(distinct, q), dtype=float)[which.reshape(arr.shape)]


# --------------------------------------------------------------------------- rates


def _rate_grid(s: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Grid over (mu, M) and its posterior weights given the partners' (s, n)."""
    sp = _special()
    p0 = (s.sum() + 0.5) / (n.sum() + 1.0)
    deff = max(1.0, float(np.sum(n**2) / n.sum()))
    se = np.sqrt(deff / (n.sum() * p0 * (1 - p0)))
    h = float(np.clip(6 * se, 0.05, 8.0))
    u = np.log(p0 / (1 - p0)) + np.linspace(-h, h, _GRID)
    v = np.linspace(np.log(_M_RANGE[0]), np.log(_M_RANGE[1]), _GRID)
    mu = (1 / (1 + np.exp(-u)))[:, None] * np.ones(_GRID)[None, :]
    lm = np.ones(_GRID)[:, None] * v[None, :]
    mu, lm = mu.ravel(), lm.ravel()
    big = np.exp(lm)
    alpha, beta = mu * big, (1 - mu) * big
    gl = sp.gammaln
    loglik = (
        gl(alpha[:, None] + s[None, :]).sum(axis=1)
        + gl(beta[:, None] + (n - s)[None, :]).sum(axis=1)
        - gl(big[:, None] + n[None, :]).sum(axis=1)
        - s.size * (gl(alpha) + gl(beta) - gl(big))
    )
    logprior = np.log(mu * (1 - mu)) - 0.5 * lm
    wg = _softmax(loglik + logprior)
    keep = wg > 1e-12  # grid points without posterior mass do not change the mixture
    return mu[keep], big[keep], wg[keep] / wg[keep].sum()


def _rate_ml(s: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """Maximum (penalised by the same hyperprior) of the Beta-Binomial marginal likelihood."""
    sp = _special()
    p0 = (s.sum() + 0.5) / (n.sum() + 1.0)

    k = s.size
    f = n - s

    def nll(theta: np.ndarray) -> tuple[float, np.ndarray]:
        # value and exact gradient together (digamma), so the optimiser needs no
        # finite differences: one pass over the partners per step
        mu = 1 / (1 + np.exp(-theta[0]))
        big = np.exp(theta[1])
        a, b = mu * big, (1 - mu) * big
        ll = np.sum(sp.betaln(a + s, b + f)) - k * sp.betaln(a, b)
        psi_n = sp.digamma(big + n)
        d_a = np.sum(sp.digamma(a + s) - psi_n) - k * (sp.digamma(a) - sp.digamma(big))
        d_b = np.sum(sp.digamma(b + f) - psi_n) - k * (sp.digamma(b) - sp.digamma(big))
        g0 = big * mu * (1 - mu) * (d_a - d_b) + (1 - 2 * mu)
        g1 = a * d_a + b * d_b - 0.5
        value = -float(ll + np.log(mu * (1 - mu)) - 0.5 * theta[1])
        return value, -np.array([g0, g1])

    lo = np.array([-30.0, float(np.log(_M_RANGE[0]))])
    hi = np.array([30.0, float(np.log(_M_RANGE[1]))])
    moments = _fit_moments(s, n)  # a close start saves Newton steps (each a pass)
    logit = float(np.log(p0 / (1 - p0)))
    if isinstance(moments, str):  # spread no larger than noise: M may sit at its bound
        starts = [np.array([logit, np.log(10.0)]), np.array([logit, np.log(_M_RANGE[1]) - 0.5])]
        start = min(starts, key=lambda x: nll(x)[0])
    else:
        mu0, big0 = moments
        start = np.array([np.log(mu0 / (1 - mu0)), np.log(np.clip(big0, 0.2, 5e3))])
    x, converged = _projected_newton(nll, start, lo, hi)
    if not converged:  # never seen; the general-purpose optimiser from where Newton stopped
        from scipy import optimize

        x = optimize.minimize(
            nll, x, jac=True, method="L-BFGS-B", bounds=list(zip(lo, hi, strict=True))
        ).x
    mu = float(1 / (1 + np.exp(-x[0])))
    return mu, float(np.exp(x[1]))


def _projected_newton(
    fun: Any, x0: np.ndarray, lo: np.ndarray, hi: np.ndarray, *, max_iter: int = 100
) -> tuple[np.ndarray, bool]:
    """Minimum of a smooth function of a few parameters in a box.

    ``fun(x) -> (value, gradient)``. Newton steps with the Hessian from differences of the
    exact gradient, backtracking (Armijo) so that every step descends, and coordinates at
    a bound the gradient pushes against held there (projected Newton, Bertsekas 1982).
    Where the function is not convex the curvature is shifted up until the step descends
    (Levenberg). Converges in a handful of steps on the marginal likelihoods here, each one
    pass over the partners (a general-purpose optimiser spends more on its own
    bookkeeping). Returns the point and whether it converged within ``max_iter`` steps.
    """
    x = np.clip(np.asarray(x0, dtype=float), lo, hi)
    f, g = fun(x)
    d = x.size
    for _ in range(max_iter):
        blocked = ((x <= lo) & (g > 0)) | ((x >= hi) & (g < 0))
        free = ~blocked
        if not free.any() or np.max(np.abs(g[free])) <= 1e-9 * max(1.0, abs(f)):
            break
        eps = 1e-6 * np.maximum(1.0, np.abs(x))
        hess = np.empty((d, d))
        for j in range(d):
            e = np.zeros(d)
            e[j] = eps[j]
            hess[:, j] = (fun(x + e)[1] - g) / eps[j]
        hess = (hess + hess.T) / 2
        step = np.zeros(d)
        hf, gf = hess[np.ix_(free, free)], g[free]
        low, high = np.linalg.eigvalsh(hf)[[0, -1]]
        floor = 1e-8 * max(abs(high), 1.0)
        if low < floor:  # not convex here: shift the curvature up (Levenberg), still descends
            hf = hf + (floor - low) * np.eye(hf.shape[0])
        step[free] = -np.linalg.solve(hf, gf)
        t = 1.0
        while True:
            new = np.clip(x + t * step, lo, hi)
            fn, gn = fun(new)
            if fn <= f + 1e-4 * float(g @ (new - x)) or t < 1e-12:
                break
            t /= 2
        moved = float(np.max(np.abs(new - x)))
        if fn > f:  # no descent left at machine precision
            break
        x, f, g = new, fn, gn
        if moved <= 1e-10:
            break
    else:
        return x, False
    return x, True


def _fit_moments(s: np.ndarray, n: np.ndarray) -> tuple[float, float] | str:
    if s.size < 3:
        return "fewer than 3 partners with data"
    rates = s / n
    mean = float(rates.mean())
    noise = mean * (1 - mean) * float(np.mean(1.0 / n))
    between = float(rates.var(ddof=1)) - noise
    if not 0 < between < mean * (1 - mean):
        return "partners' rates vary no more than sampling noise explains"
    return mean, mean * (1 - mean) / between - 1


def rate_estimate(
    st: GroupStats,
    *,
    prior: Any = None,
    prior_strength: float | str = "auto",
    level: float = 0.9,
    interval: str = "beta",
) -> tuple[Arrays, dict[str, Any]]:
    """Beta-Binomial shrinkage of per-partner success rates.

    Parameters
    ----------
    st : GroupStats
        Sufficient statistics of the 0/1 (or [0, 1]) outcomes.
    prior : None, "pooled", "moments" or (a, b)
        How the prior is fitted (``None``: by ``prior_strength``).
    prior_strength : "auto" or float
        ``"auto"``: learnt from the portfolio; a number: fixed strength in pseudo-projects.
    level : float
        Interval level.
    interval : {"beta", "wilson"}
        Equal-tailed interval of the cell's Beta (default) or Wilson's score interval.

    Examples
    --------
    >>> import numpy as np
    >>> from partnerselect.trackrecord.stats import group_stats
    >>> st = group_stats(np.array([0, 0, 0, 0]), np.array([1., 1., 1., 0.]), np.ones(4), 1)
    >>> est, prior = rate_estimate(st, prior=(2.0, 1.0))
    >>> float(est["value"][0]) == (3 + 2) / (4 + 2 + 1)
    True
    """
    n_all, W, S = st.n, st.W, st.S
    m = st.m
    has = W > 0
    s, n = S[has], W[has]
    fitted: dict[str, Any] = {"family": "beta", "partners": int(has.sum())}
    mixture: tuple[np.ndarray, np.ndarray] | None = None
    raw_value = False
    p_pool = float((S.sum() + 0.5) / (W.sum() + 1.0))
    if isinstance(prior, tuple | list):
        alpha, beta = (float(v) for v in prior)
        fitted["method"] = "given"
    elif prior == "moments":
        fit = _fit_moments(s, n)
        if isinstance(fit, str):
            fitted["fallback"] = fit
            if prior_strength == "auto":
                alpha, beta = 0.5, 0.5
                fitted["method"] = "reference (Jeffreys)"
            else:
                k = float(prior_strength)
                alpha, beta = k * p_pool, k * (1 - p_pool)
                fitted["method"] = "pooled"
        else:
            alpha, beta = fit[0] * fit[1], (1 - fit[0]) * fit[1]
            fitted["method"] = "moments"
    elif prior_strength == "auto":
        if s.size < MIN_PARTNERS:
            alpha, beta = 0.5, 0.5
            fitted["method"] = "reference (Jeffreys)"
            fitted["fallback"] = (
                f"only {s.size} partner(s) with data (at least {MIN_PARTNERS} are needed to "
                "learn the portfolio prior); each partner is judged on its own record with "
                "the reference prior Beta(1/2, 1/2)"
            )
        elif s.size <= GRID_MAX_PARTNERS:
            mu_g, big_g, wg = _rate_grid(s, n)
            mixture = (mu_g, big_g)
            fitted["method"] = "marginal likelihood, integrated over the hyperparameters"
            alpha = beta = float("nan")
        else:
            mu_hat, big_hat = _rate_ml(s, n)
            alpha, beta = mu_hat * big_hat, (1 - mu_hat) * big_hat
            fitted["method"] = "marginal likelihood (maximum)"
    else:
        k = float(prior_strength)
        fitted["method"] = "pooled" if k > 0 else "none (raw rates, Jeffreys posterior)"
        alpha, beta = (k * p_pool, k * (1 - p_pool)) if k > 0 else (0.5, 0.5)
        raw_value = k == 0

    a_post = np.full(m, np.nan)
    b_post = np.full(m, np.nan)
    if mixture is not None:
        mu_g, big_g = mixture
        al, be = (mu_g * big_g)[:, None], ((1 - mu_g) * big_g)[:, None]
        A, B = al + s[None, :], be + (n - s)[None, :]
        T = A + B
        Eg = A / T
        Vg = A * B / (T**2 * (T + 1))
        mean = wg @ Eg
        var = wg @ (Vg + Eg**2) - mean**2
        a_post[has], b_post[has] = _beta_match(mean, var)
        pm = float(wg @ mu_g)
        between = float(wg @ (mu_g * (1 - mu_g) / (big_g + 1)) + wg @ mu_g**2 - pm**2)
        pa, pb = _beta_match(np.array(pm), np.array(between))
        alpha, beta = float(pa), float(pb)
        fitted["mean"] = pm
        fitted["strength"] = float(np.exp(wg @ np.log(big_g)))
        fitted["between_sd"] = float(np.sqrt(wg @ (mu_g * (1 - mu_g) / (big_g + 1))))
    else:
        a_post[has], b_post[has] = alpha + s, beta + n - s
        fitted["mean"] = alpha / (alpha + beta)
        fitted["strength"] = alpha + beta
        mu0 = fitted["mean"]
        fitted["between_sd"] = float(np.sqrt(mu0 * (1 - mu0) / (alpha + beta + 1)))
    fitted.update(a=alpha, b=beta, dist="beta", loc=0.0, scale=1.0, df=np.nan)
    if "reference" in fitted["method"] or fitted["method"].startswith("none"):
        # Nothing learnt about partners: a partner without records gets the pooled rate
        # with the weight of one pseudo-project (mean of its distribution = its value).
        fitted["mean"] = p_pool
        fitted["a"], fitted["b"] = p_pool, 1 - p_pool
        fitted["between_sd"] = float("nan")

    out = _blank(m)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(has, S / W, np.nan)
    value = raw if raw_value else a_post / (a_post + b_post)
    if interval == "wilson":
        from scipy.special import ndtri

        z = float(ndtri(1 - (1 - level) / 2))
        ps, pn = (S, W) if raw_value else (S + alpha, W + alpha + beta)
        if mixture is not None:
            ps, pn = a_post, a_post + b_post
        with np.errstate(invalid="ignore", divide="ignore"):
            p = ps / pn
            centre = (p + z**2 / (2 * pn)) / (1 + z**2 / pn)
            half = z / (1 + z**2 / pn) * np.sqrt(p * (1 - p) / pn + z**2 / (4 * pn**2))
        lower, upper = centre - half, centre + half
    else:
        lower, upper = _beta_interval(a_post, b_post, level)
        if raw_value:
            # As Brown, Cai & DasGupta (2001) start the Jeffreys interval at 0 when there
            # is no success (end it at 1 with no failure): the raw rate stays inside.
            with np.errstate(invalid="ignore"):
                lower, upper = np.fmin(lower, raw), np.fmax(upper, raw)
    out["value"] = np.where(has, value, np.nan)
    out["raw"] = raw
    out["lower"] = np.where(has, lower, np.nan)
    out["upper"] = np.where(has, upper, np.nan)
    out["dist"] = np.where(has, "beta", "fixed").astype(object)
    out["a"] = a_post
    out["b"] = b_post
    out["loc"] = np.where(has, 0.0, np.nan)
    out["scale"] = np.where(has, 1.0, np.nan)
    out["n"], out["n_eff"] = n_all, W
    return out, fitted


# --------------------------------------------------------------------------- means


def weighted_median(x: np.ndarray, w: np.ndarray) -> float:
    """Weighted median; equals :func:`numpy.median` when the weights are equal.

    The first value whose cumulative weight reaches half the total; when the cumulative
    weight equals exactly half, the midpoint with the next value.

    Parameters
    ----------
    x : numpy.ndarray
        Values.
    w : numpy.ndarray
        Non-negative weights, one per value.

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
    return float(weighted_medians(np.zeros(x.size, dtype=np.intp), x, w, 1)[0])


def location_estimate(
    st: GroupStats,
    *,
    prior_strength: float | str = "auto",
    level: float = 0.9,
    center: str = "mean",
    ref_sd: float = 1.0,
) -> tuple[Arrays, dict[str, Any]]:
    """Random-effects shrinkage of per-partner means (or medians) with a Student t cell.

    Parameters
    ----------
    st : GroupStats
        Sufficient statistics (with ``med`` for ``center="median"``).
    prior_strength : "auto" or float
        ``"auto"``: between-partner spread learnt from the portfolio; a number: fixed
        strength (pseudo-projects); ``0``: no pooling.
    level : float
        Interval level.
    center : {"mean", "median"}
    ref_sd : float
        Within-partner spread used only when the records show none at all (every value
        equal): the scale of the metric (1 point on a 1-5 score).

    Examples
    --------
    >>> import numpy as np
    >>> from partnerselect.trackrecord.stats import group_stats
    >>> st = group_stats(np.array([0, 0, 1]), np.array([4., 5., 3.]), np.ones(3), 2)
    >>> est, prior = location_estimate(st, prior_strength=2)
    >>> prior["mean"], float(est["value"][1]) == (3 + 2 * 4) / (1 + 2)
    (4.0, True)
    """
    n_all, W, S, Q = st.n, st.W, st.S, st.Q
    m = st.m
    has = W > 0
    c = np.pi / 2 if center == "median" else 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i = np.where(has, S / W, np.nan)
    y_all = st.med if center == "median" and st.med is not None else mean_i
    total = float(W.sum())
    fitted: dict[str, Any] = {"family": "normal-inverse-gamma", "partners": int(has.sum())}
    out = _blank(m)
    out["n"], out["n_eff"] = n_all, W
    out["raw"] = np.where(has, y_all, np.nan)
    if total <= 0:
        fitted.update(method="none", mean=np.nan, strength=np.nan, between_sd=np.nan)
        fitted.update(within_sd=np.nan, dist="fixed", a=np.nan, b=np.nan)
        fitted.update(loc=np.nan, scale=np.nan, df=np.nan)
        return out, fitted
    y, n, s_, q_ = y_all[has], W[has], S[has], Q[has]
    mu_all = float(S.sum() / total)
    tv = max(float(Q.sum() / total - mu_all**2), 0.0)
    s_ref2 = tv if tv > 1e-12 * max(1.0, mu_all**2) else float(ref_sd) ** 2
    ss = np.clip(q_ - 2 * y * s_ + y**2 * n, 0.0, None)
    # all-equal values leave rounding residue (1e-16 of the squares), not spread
    ss[ss <= 1e-12 * np.abs(q_)] = 0.0
    cnt = n_all[has]
    dof_w = float(np.sum(cnt - 1))
    denom = float(np.sum(n * (cnt - 1) / cnt))
    dof: float | np.ndarray
    if dof_w >= 1 and ss.sum() > 0:
        sigma2, dof = float(ss.sum()) / denom, dof_w
    else:
        sigma2, dof = s_ref2, 1.0
        fitted["within"] = "reference (no replicated projects with spread)"
    se2 = c * sigma2 / n
    dof_prior = float(dof)
    pooled_center = st.pooled_median if center == "median" else mu_all
    if not np.isfinite(pooled_center):  # median not computed: the partners' medians' median
        pooled_center = float(weighted_medians(np.zeros(y.size, dtype=np.intp), y, n, 1)[0])
    fitted["within_sd"] = float(np.sqrt(sigma2))
    if prior_strength == "auto" and y.size < MIN_PARTNERS:
        fitted["fallback"] = (
            f"only {y.size} partner(s) with data (at least {MIN_PARTNERS} are needed to learn "
            "the portfolio prior); each partner is judged on its own record, with the "
            "within-partner spread pooled"
        )
        prior_strength = 0.0
    if prior_strength == "auto":
        spread = float(np.var(y)) + float(np.mean(se2))
        tau = np.linspace(0.0, 4 * np.sqrt(spread), _TAU_GRID)
        V = se2[None, :] + tau[:, None] ** 2
        prec = 1 / V
        v_mu = 1 / prec.sum(axis=1)
        mu_hat = v_mu * (prec * y[None, :]).sum(axis=1)
        loglik = (
            0.5 * np.log(v_mu)
            - 0.5 * np.log(V).sum(axis=1)
            - 0.5 * (((y[None, :] - mu_hat[:, None]) ** 2) * prec).sum(axis=1)
        )
        wg = _softmax(loglik)
        # grid points without posterior mass do not change the mixture (as for rates):
        # with thousands of partners the posterior of tau sits on a few of the 81 points
        keep = wg > 1e-12
        wg, tau, mu_hat, v_mu, prec = (
            wg[keep] / wg[keep].sum(),
            tau[keep],
            mu_hat[keep],
            v_mu[keep],
            prec[keep],
        )
        shrink = se2[None, :] * prec
        cond_mean = (1 - shrink) * y[None, :] + shrink * mu_hat[:, None]
        cond_var = se2[None, :] * (1 - shrink) + shrink**2 * v_mu[:, None]
        mean = wg @ cond_mean
        var = wg @ (cond_var + cond_mean**2) - mean**2
        pm = float(wg @ mu_hat)
        pvar = float(wg @ (tau**2 + v_mu + mu_hat**2) - pm**2)
        between2 = float(wg @ tau**2)
        fitted["method"] = "random effects, integrated over the between-partner spread"
        fitted["mean"] = pm
        fitted["between_sd"] = float(np.sqrt(between2))
        fitted["strength"] = sigma2 / between2 if between2 > 0 else float("inf")
        prior_sd = float(np.sqrt(pvar))
    else:
        k = float(prior_strength)
        if k > 0:
            # Conjugate Normal-Inverse-Gamma prior with kappa0 = nu0 = k around the pooled
            # centre, prior scale the portfolio's total variance (between plus within).
            tot = float(W.sum())
            var0 = tv * tot / (tot - 1) if tot > 1 and tv > 0 else s_ref2
            kappa = k + n
            xbar = mean_i[has]
            ss_mean = np.clip(q_ - s_**2 / n, 0.0, None)
            s2 = (k * var0 + ss_mean + k * n / kappa * (xbar - mu_all) ** 2) / kappa
            mean = (k * pooled_center + n * y) / kappa
            var = c * s2 / kappa
            dof = kappa
            fitted["method"] = "pooled"
            fitted["between_sd"] = float(np.sqrt(var0 / k))
            prior_sd = float(np.sqrt(c * var0 / k))
            dof_prior = k
        else:
            mean, var = y, se2
            fitted["method"] = "none (no pooling)"
            fitted["between_sd"] = float("nan")
            prior_sd = float(np.sqrt(s_ref2 + sigma2 / total))
        fitted["mean"] = pooled_center
        fitted["strength"] = k
    scale = np.sqrt(np.maximum(var, 0.0))
    dof_cells = np.full(m, np.nan)
    dof_cells[has] = dof
    q = _t_quantile(np.where(has, dof_cells, 1.0), 1 - (1 - level) / 2)
    value = np.full(m, np.nan)
    value[has] = mean
    sc = np.full(m, np.nan)
    sc[has] = scale
    out["value"] = value
    out["lower"] = value - q * sc
    out["upper"] = value + q * sc
    out["dist"] = np.where(has, "t", "fixed").astype(object)
    out["a"] = value
    out["b"] = sc
    out["df"] = dof_cells
    fitted.update(dist="t", a=fitted["mean"], b=prior_sd, loc=np.nan, scale=np.nan)
    fitted["df"] = float(dof_prior)
    tot = float(W.sum())
    fitted["sd"] = float(np.sqrt(tv * tot / (tot - 1))) if tot > 1 else float("nan")
    return out, fitted


def count_estimate(st: GroupStats) -> tuple[Arrays, dict[str, Any]]:
    """Weighted sums ``sum(w * x)`` per partner (``x = 1`` counts projects); no shrinkage.

    Examples
    --------
    >>> import numpy as np
    >>> from partnerselect.trackrecord.stats import group_stats
    >>> est, _ = count_estimate(group_stats(np.array([0, 0, 1]), np.ones(3), np.ones(3), 3))
    >>> est["value"].tolist()
    [2.0, 1.0, 0.0]
    """
    m = st.m
    out = _blank(m)
    for key in ("value", "raw", "lower", "upper", "a"):
        out[key] = st.S.copy()
    out["n"], out["n_eff"] = st.n, st.W
    prior = {"family": "none", "method": "none", "mean": float(np.mean(st.S)) if m else np.nan}
    prior.update(dist="fixed", a=prior["mean"], b=np.nan, loc=np.nan, scale=np.nan, df=np.nan)
    return out, prior
