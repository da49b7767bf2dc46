"""Benchmark cases and measurement (timing in-process, peak memory in a fresh process).

A benchmark module ``benchmarks/bench_<topic>.py`` exposes ``cases(quick: bool) -> list[Case]``.
Each contender is a zero-argument callable whose setup was done outside it.

Time: for each contender the call is repeated in batches long enough to be measurable
(at least ``MIN_BATCH_SECONDS``, like :mod:`timeit`'s autorange); the reported figure is
the median per-call time over ``repeats`` batches. The batches of a case's contenders are
interleaved (one batch of each per round), so a ratio compares times taken side by side.

A contender may time itself (e.g. a fresh process timing one call inside it): it returns a
:class:`Timed`, and the figure is the median of the seconds it reports over ``repeats``
calls after one warm-up call, not the wall time of the call.

Memory: ``Case.memory`` runs in a fresh interpreter started with the ``multiprocessing``
*spawn* method, so nothing of the parent's heap is counted. The child rebuilds the case
from its module (so closures need not be picklable) and reports two figures: the process
peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``, which includes the interpreter,
the imports and the case's setup data) and the peak of the memory allocated by the call
itself, from :mod:`tracemalloc` started just before the call (numpy reports its array
buffers to tracemalloc). The limit applies to the call's own peak.
"""

from __future__ import annotations

import dataclasses
import importlib
import multiprocessing as mp
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

__all__ = ["Case", "Result", "Timed", "measure_memory", "time_callable", "time_contenders"]

MIN_BATCH_SECONDS = 0.05


@dataclasses.dataclass(frozen=True)
class Timed:
    """A contender's own measurement, used instead of the wall time of the call."""

    seconds: float


@dataclasses.dataclass
class Case:
    """One benchmark: contenders timed against a plain-numpy baseline."""

    name: str
    description: str
    contenders: dict[str, Callable[[], object]]
    baseline: str
    target_ratio: float | None = None
    repeats: int = 5
    memory: Callable[[], object] | None = None
    memory_limit_mib: float | None = None
    #: label of the contender whose ratio to the baseline is checked against the target
    subject: str | None = None
    #: absolute target for the subject, in seconds (checked besides ``target_ratio``)
    target_seconds: float | None = None
    #: contender label -> factor: the contender runs a subset of the work (e.g. 200 of
    #: 2,000,000 calls); its row shows the measured time x factor, the full run
    extrapolate: dict[str, float] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Result:
    case: str
    contender: str
    seconds: float
    ratio: float
    target: float | None
    passed: bool | None
    memory_mib: float | None = None
    memory_delta_mib: float | None = None
    #: the measured time when ``seconds`` is extrapolated to the full run (else None)
    measured: float | None = None
    target_seconds: float | None = None


def _calibrate(fn: Callable[[], object]) -> tuple[int | None, float]:
    """Batch size of ``fn`` (None: a self-timed contender) and a first per-call time.

    The first call is a warm-up (imports, caches) and is not counted.
    """
    if isinstance(fn(), Timed):
        return None, _timed(fn)
    number = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - t0
        if elapsed >= MIN_BATCH_SECONDS or number >= 1_000_000:
            return number, elapsed / number
        number *= 2 if elapsed == 0 else max(2, int(MIN_BATCH_SECONDS / elapsed) + 1)


def _sample(fn: Callable[[], object], number: int | None) -> float:
    """One more per-call time of ``fn``: a batch of ``number`` calls, or its own figure."""
    if number is None:
        return _timed(fn)
    t0 = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - t0) / number


def time_callable(fn: Callable[[], object], repeats: int) -> float:
    """Median seconds per call over ``repeats`` batches (auto-sized like ``timeit``)."""
    return time_contenders({"fn": fn}, repeats)["fn"]


def time_contenders(contenders: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per call of each contender over ``repeats`` batches, interleaved.

    Each contender's batch size is set first (as :func:`time_callable` does); then the
    batches run in rounds, one batch of every contender per round, so that a machine that
    slows down or speeds up during the case (other work, frequency changes) affects every
    contender alike and the ratios between them stay fair.
    """
    plans = {label: _calibrate(fn) for label, fn in contenders.items()}
    samples = {label: [first] for label, (_, first) in plans.items()}
    for _ in range(max(0, repeats - 1)):
        for label, fn in contenders.items():
            samples[label].append(_sample(fn, plans[label][0]))
    return {label: statistics.median(times) for label, times in samples.items()}


def _timed(fn: Callable[[], object]) -> float:
    out = fn()
    assert isinstance(out, Timed)
    return out.seconds


def _rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 2**20  # KiB on Linux


def _child(module: str, case_name: str, quick: bool, path: str, queue: mp.Queue) -> None:
    sys.path.insert(0, path)
    mod = importlib.import_module(module)
    case = next(c for c in mod.cases(quick) if c.name == case_name)
    assert case.memory is not None
    tracemalloc.start()
    case.memory()
    _, call_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    queue.put((_rss_mib(), call_peak / 2**20))


def measure_memory(module: str, case_name: str, quick: bool) -> tuple[float, float]:
    """Peak RSS (MiB) of a fresh process running the case's ``memory`` callable, and the
    peak memory (MiB) allocated by the call itself (tracemalloc)."""
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()
    path = str(Path(__file__).parent)
    proc = ctx.Process(target=_child, args=(module, case_name, quick, path, queue))
    proc.start()
    out = queue.get(timeout=600)
    proc.join()
    return out
