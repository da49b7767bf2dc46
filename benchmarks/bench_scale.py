"""Benchmark of the whole evaluation at tender scale.

Case F  ``evaluate()`` on 5,000 partners x 100,000 past projects (synthetic, generated here
        with a fixed seed): read and check both tables, gate, compute five track-record
        metrics with recency weighting, shrinkage and intervals, weight, rank with TOPSIS.
        Contenders: partnerselect with the robustness analyses off, and a plain pandas
        ``groupby`` computing the same raw per-partner metrics (no validation, recency
        weighting, shrinkage or intervals) as the baseline of the ratio. Peak memory is
        measured for the partnerselect run. Each contender is timed once after a warm-up.

        The analyses of the sample model (SMAA-2, data uncertainty, method comparison,
        critical weights, weight sweep, rank reversal, verdict) do not finish at this
        size: the weight sweep needs memory quadratic in the number of partners (about
        1 GiB at 800 partners) and the rank-reversal test time cubic in it. They are timed
        as a third contender in ``--quick`` mode only.

        A fourth contender computes only the five track-record metrics from the same
        DataFrame (``trackrecord.compute_metric``, pandas engine): the share of the run that
        is track-record statistics, apart from reading and checking the input tables.

Case G  Track-record statistics out of core: 20 million project records of 5,000 partners in
        a Parquet file (written once, in chunks, to the system temp directory), the five
        metrics of case F through the DuckDB engine (``engine="duckdb"``, memory limit
        1 GB); beside it the pandas engine on the largest table pandas holds comfortably
        here (2 million records in memory) and the DuckDB engine on the same 2 million.
        Peak memory is the resident set of a fresh process (the Parquet file is not loaded).
        Takes minutes, so it runs only in the full run (not ``--quick``); set
        ``PARTNERSELECT_BENCH_G_ROWS`` to change the size, e.g.
        ``PARTNERSELECT_BENCH_G_ROWS=20000000 python benchmarks/run.py --case G``.

``--quick`` uses 500 partners x 10,000 projects (and skips G).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from _harness import Case

import partnerselect as ps
from partnerselect.errors import PartnerSelectWarning

SEED = 20240611
AS_OF = pd.Timestamp("2026-11-01")

MODEL: dict[str, Any] = {
    "tender": {"name": "Scale benchmark", "as_of": "2026-11-01", "seed": SEED},
    "method": {"name": "topsis"},
    "gates": [{"rule": "iso27001 == true", "reason": "ISO 27001 is mandatory"}],
    "track_record": {"half_life_months": 24, "prior_strength": "auto", "min_projects": 3},
    "criteria": [
        {"name": "day_rate_eur", "objective": "min"},
        {"name": "ai_engineers"},
        {
            "name": "on_time_rate",
            "source": "track_record",
            "missing": "prior",
            "params": {"tolerance_days": 14},
        },
        {"name": "quality", "source": "track_record", "missing": "prior"},
        {
            "name": "budget_overrun",
            "source": "track_record",
            "objective": "min",
            "missing": "prior",
            "params": {"statistic": "median"},
        },
        {"name": "csat", "source": "track_record", "missing": "prior"},
        {
            "name": "escalation_rate",
            "source": "track_record",
            "objective": "min",
            "missing": "prior",
        },
    ],
}
#: The analyses of the bundled sample model.
ANALYSES: dict[str, Any] = {
    "smaa_samples": 10_000,
    "data_samples": 300,
    "compare": ["wsm", "topsis", "vikor", "promethee2", "edas"],
    "verdict": {"min_margin": 0.05, "min_critical_change": 0.1, "min_p_best": 0.6},
}


def synthetic_tender(
    m: int, n_projects: int, seed: int = SEED
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Partners and track records drawn with numpy (vectorised, fixed seed)."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("P", np.char.zfill(np.arange(m).astype(str), 5))
    partners = pd.DataFrame(
        {
            "partner_id": ids,
            "name": np.char.add("Partner ", np.arange(m).astype(str)),
            "country": rng.choice(["DE", "PL", "PT", "IN", "UA", "VN"], m),
            "day_rate_eur": rng.uniform(400, 1400, m).round(0),
            "ai_engineers": rng.integers(0, 400, m),
            "iso27001": rng.random(m) < 0.8,
            "years_in_business": rng.integers(1, 40, m),
        }
    )
    who = rng.integers(0, m, n_projects)
    start = pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 2000, n_projects), "D")
    planned = start + pd.to_timedelta(rng.integers(30, 400, n_projects), "D")
    actual = planned + pd.to_timedelta(rng.integers(-20, 120, n_projects), "D")
    budget = rng.integers(20_000, 2_000_000, n_projects).astype(float)
    records = pd.DataFrame(
        {
            "partner_id": ids[who],
            "project_id": np.char.add("X", np.arange(n_projects).astype(str)),
            "start_date": start,
            "planned_end": planned,
            "actual_end": actual,
            "budget_eur": budget,
            "actual_cost_eur": (budget * rng.uniform(0.8, 1.6, n_projects)).round(0),
            "quality_score": rng.uniform(1, 5, n_projects).round(1),
            "csat": rng.uniform(1, 5, n_projects).round(1),
            "escalations": rng.integers(0, 4, n_projects),
            "status": rng.choice(["completed", "completed", "completed", "cancelled"], n_projects),
        }
    )
    return partners, records


def pandas_raw_metrics(partners: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """The same per-partner metrics, raw: plain means and shares (no recency weighting, no
    shrinkage, no intervals, no input checks), for the eligible partners."""
    eligible = partners[partners["iso27001"]].set_index("partner_id")
    r = records[records["partner_id"].isin(eligible.index)]
    done = r[r["status"] == "completed"]
    late = (done["actual_end"] - done["planned_end"]).dt.days
    g = done.assign(
        on_time=late <= 14,
        overrun=done["actual_cost_eur"] / done["budget_eur"] - 1.0,
        escalated=done["escalations"] > 0,
    ).groupby("partner_id")
    metrics = pd.DataFrame(
        {
            "on_time_rate": g["on_time"].mean(),
            "quality": g["quality_score"].mean(),
            "budget_overrun": g["overrun"].median(),
            "csat": g["csat"].mean(),
            "escalation_rate": g["escalated"].mean(),
        }
    )
    out = eligible[["day_rate_eur", "ai_engineers"]].join(metrics)
    return out.fillna(out.mean())


def _evaluate(
    partners: pd.DataFrame, records: pd.DataFrame, model: dict[str, Any], analyses: bool
) -> Callable[[], object]:
    def run() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PartnerSelectWarning)
            return ps.evaluate(partners, records, model, analyses=analyses)

    return run


TRACK_RECORD_PARAMS: dict[str, Any] = {
    "half_life_months": 24,
    "prior_strength": "auto",
    "min_projects": 3,
    "as_of": "2026-11-01",
}


def track_record_only(
    partners: pd.DataFrame, records: Any, engine: Any = "pandas", *, eligible: bool = True
) -> Callable[[], object]:
    """The five track-record metrics of the model for the (eligible) partners, nothing else."""
    from partnerselect.trackrecord import compute_metric

    keep = partners["iso27001"] if eligible else np.ones(len(partners), dtype=bool)
    ids = [str(p) for p in partners.loc[keep, "partner_id"]]
    metrics = [c for c in MODEL["criteria"] if c.get("source") == "track_record"]

    def run() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PartnerSelectWarning)
            return [
                compute_metric(records, c["name"], partners=ids, engine=engine,
                               **TRACK_RECORD_PARAMS, **c.get("params", {}))
                for c in metrics
            ]  # fmt: skip

    return run


def parquet_records(n_rows: int, m: int = 5_000, chunk: int = 1_000_000) -> Path:
    """A Parquet file of ``n_rows`` synthetic records, written chunk by chunk (cached)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(tempfile.gettempdir()) / f"partnerselect-bench-g-{m}-{n_rows}.parquet"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    writer = None
    for i, start in enumerate(range(0, n_rows, chunk)):
        size = min(chunk, n_rows - start)
        _, recs = synthetic_tender(m, size, seed=SEED + 1 + i)
        recs["project_id"] = np.char.add("X", np.arange(start, start + size).astype(str))
        table = pa.Table.from_pandas(recs, preserve_index=False)
        writer = writer or pq.ParquetWriter(tmp, table.schema)
        writer.write_table(table)
    assert writer is not None
    writer.close()
    tmp.rename(path)
    return path


def _case_g() -> Case:
    from partnerselect.trackrecord.engines import DuckDBEngine

    n_big = int(os.environ.get("PARTNERSELECT_BENCH_G_ROWS", 20_000_000))
    n_small = min(2_000_000, n_big)
    partners, _ = synthetic_tender(5_000, 10)
    big, small = parquet_records(n_big), parquet_records(n_small)
    engine = DuckDBEngine(memory_limit="1GB", temp_directory=tempfile.gettempdir())
    small_frame: list[pd.DataFrame] = []

    def pandas_small() -> object:
        if not small_frame:  # read once (the warm-up call), then time the metrics only
            small_frame.append(pd.read_parquet(small))
        return track_record_only(partners, small_frame[0], eligible=False)()

    duck_big = f"DuckDB engine, {n_big:,} records (Parquet)"
    duck_small = f"DuckDB engine, {n_small:,} records (Parquet)"
    return Case(
        name="G",
        description=(
            f"track-record statistics out of core: {n_big:,} records x 5 metrics with the "
            f"DuckDB engine from Parquet, vs pandas on {n_small:,} records in memory. Timed "
            "once after a warm-up; ratios are to DuckDB on the pandas-sized file."
        ),
        contenders={
            duck_big: track_record_only(partners, big, engine, eligible=False),
            duck_small: track_record_only(partners, small, engine, eligible=False),
            f"pandas engine, {n_small:,} records (DataFrame)": pandas_small,
        },
        baseline=duck_small,
        subject=duck_big,
        repeats=1,
        memory=track_record_only(partners, big, engine, eligible=False),
    )


def cases(quick: bool) -> list[Case]:
    m, n_projects = (500, 10_000) if quick else (5_000, 100_000)
    partners, records = synthetic_tender(m, n_projects)
    with_analyses = {**MODEL, "sensitivity": ANALYSES}
    off = "partnerselect evaluate (analyses off)"
    contenders: dict[str, Callable[[], object]] = {
        off: _evaluate(partners, records, MODEL, analyses=False),
        "pandas groupby (raw metrics)": lambda: pandas_raw_metrics(partners, records),
    }
    contenders["track-record metrics only (DataFrame in)"] = track_record_only(partners, records)
    if quick:
        contenders["partnerselect evaluate (model's analyses)"] = _evaluate(
            partners, records, with_analyses, analyses=True
        )
    extra = [] if quick else [_case_g()]
    return [
        Case(
            name="F",
            description=(
                f"evaluate() at scale: {m:,} partners x {n_projects:,} projects, 7 criteria "
                "(5 track-record metrics with recency weighting, shrinkage and intervals), "
                "1 gate, TOPSIS; vs a plain pandas groupby of the raw metrics. Timed once"
                + (" (with the model's analyses)." if quick else ".")
            ),
            contenders=contenders,
            baseline="pandas groupby (raw metrics)",
            subject=off,
            target_ratio=10.0,
            repeats=1,
            memory=_evaluate(partners, records, MODEL, analyses=False),
        ),
        *extra,
    ]
