"""Simulation checks of the track-record estimators: interval coverage and decision value.

:func:`simulate` draws portfolios of partners whose true values follow a known population,
runs the estimator of a metric kind on their simulated project histories and reports how
often the intervals cover the truth (overall and for partners with 1-2 projects) and how
well picking the highest estimate picks the truly best partner, against the naive average.
The documented figures of ``docs/evidence.md`` come from it; the test suite runs a small
version with fixed seeds.

Examples
--------
>>> sc = Scenario("rates spread widely", "rate", population=("beta", 1.0, 1.0))
>>> out = simulate(sc, replicates=20, seed=1)
>>> sorted(out)[:3]
['best_auto', 'best_fixed', 'best_naive']
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from partnerselect.trackrecord.estimators import location_estimate, rate_estimate
from partnerselect.trackrecord.stats import group_stats

__all__ = ["SCENARIOS", "Scenario", "simulate"]


@dataclasses.dataclass(frozen=True)
class Scenario:
    """A population of partners and how their projects are drawn.

    Attributes
    ----------
    name : str
    kind : {"rate", "mean", "median"}
    population : tuple
        ``("beta", a, b)`` for rates (true rate of each partner), ``("normal", mu, tau)``
        for means and medians (true value of each partner), ``("gamma", shape, mean)`` for
        counts per project (each partner's true mean; projects are Poisson around it).
    within_sd : float
        Spread of one project around its partner's true value (means and medians).
    partners : int
    max_projects : int
        Projects per partner are ``round(exp(U(0, log max_projects)))``: many partners
        with 1-3 projects, a few with long histories.
    """

    name: str
    kind: str
    population: tuple[Any, ...]
    within_sd: float = 0.0
    partners: int = 30
    max_projects: int = 30


#: The portfolios of the calibration study (docs/evidence.md).
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("rates differ a lot (p ~ Beta(1, 1))", "rate", ("beta", 1.0, 1.0)),
    Scenario("rates differ a little (p ~ Beta(40, 10))", "rate", ("beta", 40.0, 10.0)),
    Scenario("rates near 0 (p ~ Beta(0.5, 15))", "rate", ("beta", 0.5, 15.0)),
    Scenario("rates near 1 (p ~ Beta(20, 0.7))", "rate", ("beta", 20.0, 0.7)),
    Scenario("quality differs a lot (sd 0.6, within 0.3)", "mean", ("normal", 3.8, 0.6), 0.3),
    Scenario("quality differs a little (sd 0.1, within 0.5)", "mean", ("normal", 3.8, 0.1), 0.5),
    Scenario("quality, sample's spread (0.52, within 0.46)", "mean", ("normal", 3.8, 0.52), 0.46),
    Scenario("overrun median (sd 0.1, within 0.15)", "median", ("normal", 0.1, 0.1), 0.15),
    Scenario(
        "defects per project (Poisson, means ~ Gamma(2, mean 3))", "mean", ("gamma", 2.0, 3.0)
    ),
    Scenario("rare defects (Poisson, means ~ Gamma(1, mean 0.5))", "mean", ("gamma", 1.0, 0.5)),
)


def _draw(sc: Scenario, gen: np.random.Generator) -> tuple[np.ndarray, ...]:
    m = sc.partners
    n = np.rint(np.exp(gen.uniform(0, np.log(sc.max_projects), m))).astype(int)
    n = np.maximum(n, 1)
    codes = np.repeat(np.arange(m), n)
    if sc.kind == "rate":
        _, a, b = sc.population
        truth = gen.beta(a, b, m)
        x = (gen.random(codes.size) < truth[codes]).astype(float)
    elif sc.population[0] == "gamma":
        _, shape, mean = sc.population
        truth = gen.gamma(shape, mean / shape, m)
        x = gen.poisson(truth[codes]).astype(float)
    else:
        _, mu, tau = sc.population
        truth = gen.normal(mu, tau, m)
        x = truth[codes] + gen.normal(0.0, sc.within_sd, codes.size)
    return truth, n, codes, x


def _estimate(sc: Scenario, st: Any, strength: Any, level: float) -> dict[str, np.ndarray]:
    if sc.kind == "rate":
        return rate_estimate(st, prior_strength=strength, level=level)[0]
    return location_estimate(st, prior_strength=strength, level=level, center=sc.kind)[0]


def simulate(
    scenario: Scenario,
    *,
    replicates: int = 200,
    seed: int = 0,
    level: float = 0.9,
    fixed_strength: float = 5.0,
) -> dict[str, float]:
    """Coverage and decision value of the default estimator on simulated portfolios.

    Parameters
    ----------
    scenario : Scenario
    replicates : int
        Number of simulated portfolios.
    seed : int
    level : float
        Interval level.
    fixed_strength : float
        The fixed ``prior_strength`` compared with the default ``"auto"``.

    Returns
    -------
    dict
        ``coverage`` and ``coverage_1_2`` (share of intervals covering the true value,
        all partners and partners with 1-2 projects), ``coverage_fixed`` and
        ``coverage_fixed_1_2`` (with ``fixed_strength``), ``best_auto``, ``best_fixed``,
        ``best_naive`` (probability of picking the truly best partner by the highest
        estimate; naive = plain average per partner) and ``regret_auto``,
        ``regret_fixed``, ``regret_naive`` (mean shortfall of the pick's true value from
        the best true value). Higher is better for every direction here.
    """
    gen = np.random.default_rng(seed)
    hits = hits12 = total = total12 = 0
    fhits = fhits12 = 0
    best = {"auto": 0, "fixed": 0, "naive": 0}
    regret = {"auto": 0.0, "fixed": 0.0, "naive": 0.0}
    for _ in range(replicates):
        truth, n, codes, x = _draw(scenario, gen)
        st = group_stats(
            codes, x, np.ones(x.size), scenario.partners, median=scenario.kind == "median"
        )
        auto = _estimate(scenario, st, "auto", level)
        fixed = _estimate(scenario, st, fixed_strength, level)
        cover = (auto["lower"] <= truth) & (truth <= auto["upper"])
        fcover = (fixed["lower"] <= truth) & (truth <= fixed["upper"])
        few = n <= 2
        hits += int(cover.sum())
        hits12 += int(cover[few].sum())
        fhits += int(fcover.sum())
        fhits12 += int(fcover[few].sum())
        total += truth.size
        total12 += int(few.sum())
        top = int(np.argmax(truth))
        for name, values in (("auto", auto["value"]), ("fixed", fixed["value"]),
                             ("naive", auto["raw"])):  # fmt: skip
            pick = int(np.argmax(values))
            best[name] += int(pick == top)
            regret[name] += float(truth[top] - truth[pick])
    out = {
        "coverage": hits / total,
        "coverage_1_2": hits12 / max(total12, 1),
        "coverage_fixed": fhits / total,
        "coverage_fixed_1_2": fhits12 / max(total12, 1),
    }
    for name in best:
        out[f"best_{name}"] = best[name] / replicates
        out[f"regret_{name}"] = regret[name] / replicates
    return out
