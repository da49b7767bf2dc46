"""The pandas and DuckDB engines give the same metrics, checks and messages."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from partnerselect.errors import DataError, ParameterError, PartnerSelectWarning
from partnerselect.trackrecord import compute_metric

from ._tr_helpers import frame, project

duckdb = pytest.importorskip("duckdb")

NUMERIC = ["value", "raw", "lower", "upper", "n", "n_eff", "a", "b", "df"]
CASES = [
    ("on_time_rate", {"tolerance_days": 14}),
    ("schedule_slip", {}),
    ("budget_overrun", {}),
    ("budget_overrun", {"statistic": "winsorized_mean"}),
    ("quality", {}),
    ("csat", {"prior_strength": 3}),
    ("defect_rate", {"per": "budget"}),
    ("escalation_rate", {}),
    ("completion_rate", {"domain": ["ml", "data"]}),
    ("experience", {}),
    ("custom", {"column": "quality_score", "agg": "median"}),
]
WEIGHTING = {"half_life_months": 18, "as_of": "2026-01-01", "size_weight": "budget"}


def generated(m: int = 40, n: int = 600, seed: int = 11) -> pd.DataFrame:
    gen = np.random.default_rng(seed)
    who = gen.integers(0, m, n)
    start = pd.Timestamp("2020-01-01") + pd.to_timedelta(gen.integers(0, 1800, n), "D")
    planned = start + pd.to_timedelta(gen.integers(30, 400, n), "D")
    actual = planned + pd.to_timedelta(gen.integers(-20, 90, n), "D")
    budget = gen.integers(20_000, 900_000, n).astype(float)
    status = gen.choice(["completed", "completed", "cancelled", "ongoing"], n)
    return pd.DataFrame(
        {
            "partner_id": np.char.add("P", who.astype(str)),
            "project_id": np.char.add("X", np.arange(n).astype(str)),
            "domain": gen.choice(["ml", "data", "web"], n),
            "start_date": start,
            "planned_end": planned,
            "actual_end": pd.Series(actual).where(status != "ongoing"),
            "budget_eur": budget,
            "actual_cost_eur": (budget * gen.uniform(0.8, 1.5, n)).round(0),
            "quality_score": gen.integers(1, 6, n).astype(float),
            "csat": np.where(gen.random(n) < 0.1, np.nan, gen.uniform(1, 5, n).round(1)),
            "defects": gen.integers(0, 9, n),
            "escalations": gen.integers(0, 3, n),
            "status": status,
        }
    )


def both(records: object, metric: str, ids: list[str], **kw: object) -> tuple[object, object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        frame_in = records if isinstance(records, pd.DataFrame) else None
        a = compute_metric(frame_in if frame_in is not None else pd.read_parquet(records),  # type: ignore[arg-type]
                           metric, partners=ids, **kw)  # fmt: skip
        b = compute_metric(records, metric, partners=ids, engine="duckdb", **kw)  # type: ignore[arg-type]
    return a, b


def assert_same(a: object, b: object) -> None:
    ta, tb = a.table, b.table  # type: ignore[attr-defined]
    np.testing.assert_allclose(
        ta[NUMERIC].astype(float).to_numpy(), tb[NUMERIC].astype(float).to_numpy(),
        rtol=1e-9, atol=1e-12,
    )  # fmt: skip
    assert (ta["dist"] == tb["dist"]).all()
    assert (ta["insufficient"] == tb["insufficient"]).all()
    assert (ta["missing"] == tb["missing"]).all()
    assert a.prior["method"] == b.prior["method"]  # type: ignore[attr-defined]
    assert len(a.skipped) == len(b.skipped)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("metric", "kw"), CASES, ids=[f"{m}{len(k)}" for m, k in CASES])
def test_same_metrics_on_generated_parquet(
    tmp_path_factory: pytest.TempPathFactory, metric: str, kw: dict
) -> None:
    path = tmp_path_factory.getbasetemp() / "generated.parquet"
    if not path.exists():
        generated().to_parquet(path)
    ids = [f"P{i}" for i in range(42)]  # two partners without records
    a, b = both(path, metric, ids, **kw, **WEIGHTING)
    assert_same(a, b)


def test_same_metrics_on_the_sample() -> None:
    from partnerselect.datasets import load_sample

    sample = load_sample()
    ids = [str(p) for p in sample.partners["partner_id"]]
    for metric, kw in CASES[:6]:
        a, b = both(sample.track_records, metric, ids, half_life_months=24, **kw)
        assert_same(a, b)
        assert len(a.unknown_partners) == len(b.unknown_partners)


def test_reads_csv_out_of_core(tmp_path: pytest.TempPathFactory) -> None:
    df = generated(10, 120)
    path = tmp_path / "records.csv"  # type: ignore[operator]
    df.to_csv(path, index=False)
    ids = [f"P{i}" for i in range(10)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        a = compute_metric(df, "on_time_rate", partners=ids)
        b = compute_metric(path, "on_time_rate", partners=ids, engine="duckdb")
    assert_same(a, b)


@pytest.mark.parametrize(
    ("change", "metric", "match"),
    [
        ({"defects": -1}, "defect_rate", "is negative"),
        ({"budget_eur": 0.0}, "budget_overrun", "a budget must be > 0"),
        ({"quality_score": "good"}, "quality", "not a finite number"),
        ({"status": "done"}, "on_time_rate", "a status must be one of"),
        ({"actual_end": "soon"}, "on_time_rate", "which is not a date"),
    ],
)
def test_same_refusals_with_the_row(change: dict, metric: str, match: str) -> None:
    rows = [project("A", "a0"), project("A", "a1", **change), project("B", "b0")]
    df = frame(rows) if "actual_end" not in change else pd.DataFrame(rows)
    df = df.astype(dict.fromkeys(change, object))
    errors = []
    for engine in ("pandas", "duckdb"):
        with pytest.raises(DataError, match=match) as info:
            compute_metric(df, metric, partners=["A", "B"], engine=engine, min_projects=0)
        errors.append(info.value)
    assert "project 'a1' of partner 'A' (row 3)" in str(errors[1])
    assert errors[0].row == errors[1].row == 3


def test_condition_needs_pandas_and_unknown_engine() -> None:
    df = frame([project("A", "a0")])
    with pytest.raises(ParameterError, match="engine='pandas'"):
        compute_metric(df, "custom", partners=["A"], engine="duckdb", agg="share",
                       condition="escalations > 0")  # fmt: skip
    with pytest.raises(ParameterError, match="'engine' parameter"):
        compute_metric(df, "quality", partners=["A"], engine="spark")


def test_missing_duckdb_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(ParameterError, match=r"partnerselect\[duckdb\]"):
        compute_metric(frame([project("A", "a0")]), "quality", partners=["A"], engine="duckdb")


def test_shared_preparation_gives_the_same_metrics() -> None:
    # One pandas engine reused across the metrics of one table (as evaluate() does) equals
    # a fresh computation per metric, with unknown partners and records set aside.
    from partnerselect.trackrecord.engines import PandasEngine

    recs = generated()
    ids = [f"P{i}" for i in range(35)]  # P35..P39 are unknown partners
    shared = PandasEngine(reuse=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        for metric, kw in CASES * 2:  # the second round reads everything from the share
            fresh = compute_metric(recs, metric, partners=ids, **WEIGHTING, **kw)
            reused = compute_metric(recs, metric, partners=ids, engine=shared, **WEIGHTING, **kw)
            assert_same(fresh, reused)
            assert len(fresh.unknown_partners) == len(reused.unknown_partners) > 0
            assert reused.params["engine"] == "pandas"
