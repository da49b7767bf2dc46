"""Calibration study of the track-record evidence: ``python benchmarks/bench_evidence.py``.

For each portfolio of :data:`partnerselect.trackrecord.calibration.SCENARIOS` (30 partners
with 1-30 projects each, many with 1-3; rates spread widely, a little, near 0 and near 1;
quality differing a lot, a little and like the bundled sample; overrun medians), simulate
``--replicates`` portfolios with a fixed seed and print, as Markdown tables:

* the coverage of the default 90 % intervals (``prior_strength="auto"``) overall and for
  partners with 1-2 projects, beside a fixed ``prior_strength=5``;
* the decision value: probability of picking the truly best partner by the highest
  estimate, and the mean regret (true value of the best minus that of the pick), for the
  default, the fixed strength and the naive average.

These are the tables of ``docs/evidence.md``. It is a study, not a timing case, so
``benchmarks/run.py`` lists no case for it. A few minutes with the default 1,000
replicates on 2 cores.
"""

from __future__ import annotations

import argparse
import time

from _harness import Case

from partnerselect.trackrecord.calibration import SCENARIOS, simulate


def cases(quick: bool) -> list[Case]:
    """No timing case: the study is run as a script (see the module docstring)."""
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    rows = [(sc, simulate(sc, replicates=args.replicates, seed=args.seed)) for sc in SCENARIOS]
    print(f"{args.replicates} portfolios per row, seed {args.seed}\n")
    print(
        "| portfolio | coverage, all | coverage, 1-2 projects | fixed k=5, all | fixed k=5, 1-2 |"
    )
    print("|---|---|---|---|---|")
    for sc, r in rows:
        print(
            f"| {sc.name} | {r['coverage']:.3f} | {r['coverage_1_2']:.3f} | "
            f"{r['coverage_fixed']:.3f} | {r['coverage_fixed_1_2']:.3f} |"
        )
    print()
    print(
        "| portfolio | P(best): default | fixed k=5 | naive | regret: default | fixed k=5 "
        "| naive | regret cut vs naive |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for sc, r in rows:
        cut = 1 - r["regret_auto"] / r["regret_naive"]
        print(
            f"| {sc.name} | {r['best_auto']:.2f} | {r['best_fixed']:.2f} | {r['best_naive']:.2f} "
            f"| {r['regret_auto']:.4f} | {r['regret_fixed']:.4f} | {r['regret_naive']:.4f} "
            f"| {cut:.0%} |"
        )
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
