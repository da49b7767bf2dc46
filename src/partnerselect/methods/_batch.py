"""Chunking of weight batches for kernels whose intermediate grows with the batch."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["ELEMENT_BUDGET", "chunks"]

#: Largest number of float64 elements (about 64 MiB) a kernel allocates per chunk.
ELEMENT_BUDGET = 8 * 2**20


def chunks(n_samples: int, per_sample: int, budget: int | None = None) -> Iterator[slice]:
    """Slices of ``range(n_samples)`` so that ``len(slice) * per_sample <= budget``.

    Examples
    --------
    >>> [(s.start, s.stop) for s in chunks(5, 4, budget=8)]
    [(0, 2), (2, 4), (4, 5)]
    """
    limit = ELEMENT_BUDGET if budget is None else budget
    size = max(1, limit // max(1, per_sample))
    for start in range(0, n_samples, size):
        yield slice(start, min(start + size, n_samples))
