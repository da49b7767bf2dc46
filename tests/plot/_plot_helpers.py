"""Helpers for the plot tests: synthetic problems with awkward names, a no-warnings guard,
and counters for what an Axes holds."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

import partnerselect as ps

#: Names that break naive labelling: markup characters, non-ASCII letters, mathtext "$",
#: and one far beyond the 28-character limit.
AWKWARD_NAMES = (
    "Data & <Insight> Partners Ltd",
    "Łódź Analityka Sp. z o.o.",
    "Müller & Söhne Künstliche Intelligenz Beratungsgesellschaft mbH",
    "Cash $ Flow Analytics",
    "Tallinn Data Forge OÜ",
)

OBJECTIVES = {
    "day_rate_eur": "min",
    "quality": "max",
    "on_time_rate": "max",
    "risk": "min",
    "ai_engineers": "max",
}


def make_problem(m: int, seed: int = 7) -> ps.Problem:
    """A synthetic tender with ``m`` partners (distinct values, awkward names)."""
    rng = np.random.default_rng(seed)
    ids = [f"p{i:02d}" for i in range(m)]
    names = {pid: f"{AWKWARD_NAMES[i % len(AWKWARD_NAMES)]} #{i}" for i, pid in enumerate(ids)}
    df = pd.DataFrame(
        {
            "day_rate_eur": rng.uniform(600, 1200, m).round(0) + np.arange(m) * 1e-3,
            "quality": rng.uniform(1, 5, m),
            "on_time_rate": rng.uniform(0.5, 1.0, m),
            "risk": rng.uniform(0, 10, m),
            "ai_engineers": rng.uniform(5, 80, m).round(0) + np.arange(m) * 1e-3,
        },
        index=ids,
    )
    return ps.Problem.from_frame(df, objectives=OBJECTIVES, weights=[3, 2, 2, 1, 2], names=names)


@contextlib.contextmanager
def no_warnings() -> Iterator[None]:
    """Fail on any warning at all (partnerselect's and matplotlib's: layout, glyphs...)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    messages = [f"{w.category.__name__}: {w.message}" for w in caught]
    assert not messages, messages


def tick_texts(ax: Axes, axis: str = "y") -> list[str]:
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def scatter_offsets(ax: Axes) -> int:
    """Number of scatter points on ``ax`` (PathCollections only)."""
    from matplotlib.collections import PathCollection

    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))


def all_text(ax: Axes) -> str:
    """Every text on ``ax`` (annotations, notes) joined, line breaks made spaces."""
    return " ".join(" ".join(t.get_text().split()) for t in ax.texts)
