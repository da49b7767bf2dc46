"""Which default method makes the stated weights mean what they say?

Measures, for each candidate method, how far the effective weights
(:mod:`partnerselect.effective`) are from the stated weights on the bundled sample and on
generated tenders, and prints a Markdown table (the one in ``docs/weights.md``).

Run from the repository root::

    python benchmarks/effective_weights_default.py [--tenders 200] [--seed 7]

This is an evidence script, not a timed benchmark (``run.py`` only collects ``bench_*.py``).

Columns
-------
swing TV
    Total variation distance ``0.5 * sum |effective - stated|`` with the swing definition
    (0 = the weights act exactly as stated; 1 = completely different). Mean over tenders.
rank TV
    The same distance for the rank-based effective weights (share of the ranking changes
    when a criterion is made constant). Not 0 even for the additive model: it measures what
    decides the order, which also depends on how the partners' values are spread.
flagged
    Share of tenders with at least one criterion flagged (stated >= 0.05 and effective
    below a third or above three times the stated weight).
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

import partnerselect as ps
from partnerselect.effective import effective_weight_table

CANDIDATES: list[tuple[str, str, dict[str, object]]] = [
    ("WSM, min-max", "wsm", {"normalization": "minmax"}),
    ("WSM, linear (x/max, min/x)", "wsm", {"normalization": "linear_max"}),
    ("TOPSIS, vector", "topsis", {"normalization": "vector"}),
    ("TOPSIS, min-max", "topsis", {"normalization": "minmax"}),
    ("VIKOR (v = 0.5)", "vikor", {}),
    ("PROMETHEE II (defaults)", "promethee2", {}),
    ("EDAS", "edas", {}),
]


def generated_tender(rng: np.random.Generator) -> ps.Problem:
    """A tender shaped like the real ones: prices, 1-5 panel ratings, rates, counts."""
    m = int(rng.integers(8, 31))
    cols: dict[str, tuple[np.ndarray, str]] = {
        # price points by the lowest-ratio formula (a benefit in (0, 1])
        "price_points": (lambda p: (p.min() / p, "max"))(rng.normal(950, 110, m).clip(500)),
        "on_time_rate": (rng.beta(8, 2, m), "max"),
        "quality": (rng.normal(4.0, 0.15, m).clip(1, 5), "max"),
        "csat": (rng.normal(4.1, 0.12, m).clip(1, 5), "max"),
        "budget_overrun": (rng.normal(0.08, 0.06, m), "min"),
        "escalation_rate": (rng.beta(2, 10, m), "min"),
        "ai_engineers": (np.round(rng.lognormal(3.5, 0.8, m)) + 1, "max"),
        "ai_expertise": (np.round(rng.normal(3.6, 0.6, m).clip(1, 5) * 3) / 3, "max"),
        "years_in_business": (np.round(rng.lognormal(2.5, 0.6, m)) + 1, "max"),
        "communication": (np.round(rng.normal(3.8, 0.5, m).clip(1, 5) * 3) / 3, "max"),
        "timezone_overlap_h": (rng.integers(0, 9, m).astype(float), "max"),
        "attrition_rate": (rng.beta(3, 15, m), "min"),
    }
    n_keep = int(rng.integers(6, len(cols) + 1))
    keep = sorted(rng.choice(len(cols), size=n_keep, replace=False))
    names = [list(cols)[k] for k in keep]
    df = pd.DataFrame({c: cols[c][0] for c in names}, index=[f"P{i:02d}" for i in range(m)])
    objectives = {c: cols[c][1] for c in names}
    weights = rng.dirichlet(np.full(len(names), 2.0))
    return ps.Problem.from_frame(df, objectives=objectives, weights=list(weights))


def measure(
    problem: ps.Problem, method: str, params: dict[str, object]
) -> tuple[float, float, float]:
    """Swing TV, rank TV and 1.0 if a criterion is flagged; NaN where the method refuses the data."""
    try:
        ew = effective_weight_table(problem, method, **params)
    except ps.errors.PartnerSelectError:
        return (np.nan, np.nan, np.nan)
    t = ew.table
    rank_tv = 0.5 * float((t["effective_rank"] - t["stated"]).abs().sum())
    return ew.distance, rank_tv, float(len(ew.flagged) > 0)


def sample_problem() -> ps.Problem:
    s = ps.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ev = ps.evaluate(s.partners, s.track_records, s.model_path, scores=s.scores, analyses=False)
    return ev.problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenders", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tenders = [generated_tender(rng) for _ in range(args.tenders)]
        sample = sample_problem()
        rows = []
        for label, method, params in CANDIDATES:
            s_tv, s_rank, s_flag = measure(sample, method, params)
            sample_txt = (
                "n/a (refuses the data) | n/a | n/a"
                if np.isnan(s_tv)
                else f"{s_tv:.3f} | {s_rank:.3f} | {'yes' if s_flag else 'no'}"
            )
            res = np.array([measure(pb, method, params) for pb in tenders], dtype=float)
            ok = ~np.isnan(res[:, 0])
            cover = "" if ok.all() else f" ({ok.sum()} of {len(ok)} tenders; refuses the rest)"
            rows.append(
                f"| {label} | {sample_txt} | {np.nanmean(res[:, 0]):.3f}{cover} "
                f"| {np.nanmean(res[:, 1]):.3f} | {np.nanmean(res[:, 2]):.0%} |"
            )
    print(
        f"Sample ({sample.shape[0]} partners x {sample.shape[1]} criteria) and "
        f"{args.tenders} generated tenders (seed {args.seed}).\n"
    )
    print(
        "| method | sample swing TV | sample rank TV | sample flagged | tenders swing TV "
        "| tenders rank TV | tenders flagged |"
    )
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
