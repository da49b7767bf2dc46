"""Benchmark of the table readers.

Case R  ``read_track_records`` on a CSV of 100,000 past projects (synthetic, generated here
        with a fixed seed; 13 columns: ids, ISO dates, amounts, scores, counts, status),
        against a plain ``pandas.read_csv`` of the same file (no checks: the baseline of
        the ratio). partnerselect parses every column with pandas, checks whole columns
        (types, ranges, dates, duplicates, date order) and goes cell by cell only where a
        column fails.

``--quick`` uses 10,000 projects.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from _harness import Case

import partnerselect as ps

SEED = 20261130


def make_records_csv(n: int, path: Path) -> Path:
    """A track-record CSV with ``n`` projects of 5,000 partners."""
    rng = np.random.default_rng(SEED)
    partners = rng.integers(0, 5000, n)
    start = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 2000, n), unit="D")
    planned = start + pd.to_timedelta(rng.integers(30, 500, n), unit="D")
    actual = planned + pd.to_timedelta(rng.integers(-20, 120, n), unit="D")
    budget = rng.integers(50, 2000, n) * 1000
    frame = pd.DataFrame(
        {
            "partner_id": [f"P{p:04d}" for p in partners],
            "project_id": [f"X{i:06d}" for i in range(n)],
            "domain": rng.choice(["banking", "retail", "energy", "health"], n),
            "start_date": start.strftime("%Y-%m-%d"),
            "planned_end": planned.strftime("%Y-%m-%d"),
            "actual_end": actual.strftime("%Y-%m-%d"),
            "budget_eur": budget,
            "actual_cost_eur": (budget * rng.uniform(0.8, 1.4, n)).round(0),
            "quality_score": rng.uniform(1, 5, n).round(1),
            "csat": rng.uniform(1, 5, n).round(1),
            "defects": rng.integers(0, 30, n),
            "escalations": rng.integers(0, 5, n),
            "status": rng.choice(["completed", "ongoing", "cancelled"], n, p=[0.8, 0.15, 0.05]),
        }
    )
    frame.to_csv(path, index=False)
    return path


def cases(quick: bool) -> list[Case]:
    n = 10_000 if quick else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-readers-"))
    path = make_records_csv(n, folder / "track_records.csv")
    return [
        Case(
            name="R: readers",
            description=f"read_track_records on {n:,} projects (CSV) vs pandas.read_csv",
            contenders={
                "pandas.read_csv (no checks)": lambda: pd.read_csv(path),
                "partnerselect read_track_records": lambda: ps.read_track_records(path),
            },
            baseline="pandas.read_csv (no checks)",
            subject="partnerselect read_track_records",
            target_ratio=10.0,
            repeats=3,
        )
    ]
