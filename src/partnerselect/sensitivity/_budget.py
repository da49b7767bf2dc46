"""Run time and memory budgets of the Monte Carlo analyses, with a progress bar.

:func:`run_chunks` runs ``total`` samples chunk by chunk. It times the first chunk and
extrapolates: above ``max_seconds`` it refuses (:class:`~partnerselect.errors.ParameterError`
with the estimate and the parameter to change), above :data:`WARN_SECONDS` it warns
(:class:`~partnerselect.errors.LongRunWarning`), and above one second it shows a tqdm
progress bar on a terminal (never when stderr is not a terminal, unless forced).
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

from partnerselect.errors import LongRunWarning, ParameterError

__all__ = ["MEMORY_BYTES", "WARN_SECONDS", "check_memory", "run_chunks"]

#: Estimated run time above which a LongRunWarning is emitted.
WARN_SECONDS = 60.0
#: Largest result array (bytes) an analysis may allocate besides its bounded chunks.
MEMORY_BYTES = 2 * 2**30


def check_memory(nbytes: float, what: str, fix: str) -> None:
    """Refuse an allocation larger than :data:`MEMORY_BYTES`, saying how big and how to fix."""
    if nbytes > MEMORY_BYTES:
        msg = (
            f"{what} would need about {nbytes / 2**30:.1f} GiB of memory (limit "
            f"{MEMORY_BYTES / 2**30:.0f} GiB). {fix}"
        )
        raise ParameterError(msg, value=int(nbytes))


def _fmt(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def budget_bar(
    estimate: float,
    total: int,
    *,
    desc: str,
    progress: bool | None,
    max_seconds: float | None,
    parameter: str,
    initial: int = 0,
    stacklevel: int = 2,
) -> Any:
    """Refuse, warn about, or show a progress bar for a run estimated at ``estimate`` seconds.

    Raises :class:`ParameterError` over ``max_seconds``, warns (:class:`LongRunWarning`)
    over :data:`WARN_SECONDS`, and returns a tqdm bar at ``initial`` of ``total`` when
    ``progress`` asks for one (None: when the run takes over a second and stderr is a
    terminal), else None. ``stacklevel`` as :func:`warnings.warn`'s.
    """
    if max_seconds is not None and estimate > max_seconds:
        msg = (
            f"{desc} with {total:,} samples is estimated to take {_fmt(estimate)} "
            f"(limit max_seconds={max_seconds:g}). Lower '{parameter}' or raise max_seconds."
        )
        raise ParameterError(msg, value=total)
    if estimate > WARN_SECONDS:
        warnings.warn(
            f"{desc} with {total:,} samples is estimated to take {_fmt(estimate)}; lower "
            f"'{parameter}' for a quicker answer.",
            LongRunWarning,
            stacklevel=stacklevel,
        )
    show = (estimate > 1.0 and sys.stderr.isatty()) if progress is None else bool(progress)
    if not show:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, desc=desc, unit="sample", file=sys.stderr)


def run_chunks(
    total: int,
    chunk: int,
    step: Callable[[int, int], None],
    *,
    desc: str,
    progress: bool | None = None,
    max_seconds: float | None = None,
    parameter: str = "n_samples",
) -> float:
    """Call ``step(start, size)`` over ``range(total)`` in chunks; return the seconds taken.

    ``progress``: True forces the bar, False hides it, None shows it when the estimated
    run time is over a second and stderr is a terminal.
    """
    t0 = time.perf_counter()
    size = min(chunk, total)
    step(0, size)
    done = size
    first = time.perf_counter() - t0
    estimate = first * total / size
    if done >= total:
        if progress:
            from tqdm.auto import tqdm

            with tqdm(total=total, initial=done, desc=desc, unit="sample", file=sys.stderr):
                pass
        return first
    bar = budget_bar(
        estimate,
        total,
        desc=desc,
        progress=progress,
        max_seconds=max_seconds,
        parameter=parameter,
        initial=done,
        stacklevel=4,
    )
    try:
        while done < total:
            size = min(chunk, total - done)
            step(done, size)
            done += size
            if bar is not None:
                bar.update(size)
    finally:
        if bar is not None:
            bar.close()
    return time.perf_counter() - t0
