"""Run the benchmarks: ``python benchmarks/run.py [--quick] [--case A]`` from the repo root.

Discovers ``benchmarks/bench_*.py`` modules (each exposing ``cases(quick) -> list[Case]``),
times every contender, measures peak memory where a case asks for it, and prints one
table. Exits 0 even when a target is missed (the table says FAIL).

A contender that runs only part of the work (a Python loop over 200 of 2,000,000 weight
vectors) is shown at its full-run time, extrapolated linearly (marked ``~``, with the
measured time beside it), and its ratio is computed from that full-run time.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _harness import Result, measure_memory, time_contenders  # noqa: E402


def _fmt_time(s: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if s >= scale:
            return f"{s / scale:.3g} {unit}"
    return f"{s / 1e-9:.3g} ns"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats")
    parser.add_argument("--case", action="append", help="run only these case names (repeatable)")
    args = parser.parse_args(argv)
    results: list[Result] = []
    notes: list[str] = []
    for path in sorted(HERE.glob("bench_*.py")):
        try:
            module = importlib.import_module(path.stem)
            module_cases = module.cases(args.quick)
        except Exception as exc:  # one broken module must not hide the others' results
            notes.append(f"{path.name}: could not build its cases ({type(exc).__name__}: {exc})")
            continue
        for case in module_cases:
            # "--case C" selects "C: SMAA-2 TOPSIS": a case is chosen by its full name or the
            # letter before the colon.
            if args.case and not {case.name, case.name.split(":")[0]} & set(args.case):
                continue
            print(f"[{case.name}] {case.description}", flush=True)
            measured = time_contenders(case.contenders, case.repeats)
            timings = {label: t * case.extrapolate.get(label, 1.0) for label, t in measured.items()}
            base = timings[case.baseline]
            subject = case.subject or next(k for k in case.contenders if k != case.baseline)
            mem = mem_delta = None
            if case.memory is not None:
                mem, mem_delta = measure_memory(path.stem, case.name, args.quick)
                if case.memory_limit_mib is not None and mem_delta > case.memory_limit_mib:
                    notes.append(
                        f"{case.name}: memory {mem_delta:.0f} MiB over limit {case.memory_limit_mib} MiB"
                    )
            for label, t in timings.items():
                ratio = t / base if base > 0 else float("nan")
                is_subject = label == subject
                checked = is_subject and case.target_ratio is not None
                verdicts = []
                if checked and case.target_ratio:
                    verdicts.append(ratio <= case.target_ratio)
                if is_subject and case.target_seconds is not None:
                    verdicts.append(t <= case.target_seconds)
                results.append(
                    Result(
                        case=case.name,
                        contender=label,
                        seconds=t,
                        ratio=ratio,
                        target=case.target_ratio if checked else None,
                        passed=all(verdicts) if verdicts else None,
                        memory_mib=mem if is_subject else None,
                        memory_delta_mib=mem_delta if is_subject else None,
                        measured=measured[label] if label in case.extrapolate else None,
                        target_seconds=case.target_seconds if is_subject else None,
                    )
                )
    header = (
        f"{'case':<5} {'contender':<44} {'median':>10} {'ratio':>8} {'target':>9} {'result':>6}"
        f" {'peak MiB (+call)':>18}  measured (if extrapolated)"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for r in results:
        targets = []
        if r.target is not None:
            targets.append(f"{r.target:g}x")
        if r.target_seconds is not None:
            targets.append(f"{_fmt_time(r.target_seconds)}")
        target = ", ".join(targets)
        verdict = "" if r.passed is None else ("PASS" if r.passed else "FAIL")
        mem = f"{r.memory_mib:.0f} (+{r.memory_delta_mib:.0f})" if r.memory_mib is not None else ""
        time_text = ("~" if r.measured is not None else "") + _fmt_time(r.seconds)
        measured = f"  {_fmt_time(r.measured)} measured" if r.measured is not None else ""
        print(
            f"{r.case.split(':')[0]:<5} {r.contender:<44} {time_text:>10} {r.ratio:>7.2f}x {target:>9} {verdict:>6} {mem:>18}{measured}"
        )
    for note in notes:
        print("NOTE:", note)
    missed = [r for r in results if r.passed is False]
    if missed:
        print(
            f"\n{len(missed)} target(s) missed: "
            + ", ".join(f"{r.case}/{r.contender}" for r in missed)
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
