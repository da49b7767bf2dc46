"""Helpers to write small track records by hand (imported by the trackrecord tests)."""

from __future__ import annotations

from typing import Any

import pandas as pd

AS_OF = pd.Timestamp("2026-01-01")


def project(
    partner: str,
    pid: str,
    *,
    late_days: int = 0,
    planned_days: int = 100,
    end_months_ago: float = 6.0,
    status: str = "completed",
    **extra: Any,
) -> dict[str, Any]:
    """One project ending ``end_months_ago`` months before AS_OF, ``late_days`` late."""
    actual = AS_OF - pd.Timedelta(days=end_months_ago * 365.25 / 12)
    planned_end = actual - pd.Timedelta(days=late_days)
    row = {
        "partner_id": partner,
        "project_id": pid,
        "domain": "ml",
        "start_date": planned_end - pd.Timedelta(days=planned_days),
        "planned_end": planned_end,
        "actual_end": actual if status == "completed" else pd.NaT,
        "budget_eur": 100_000.0,
        "actual_cost_eur": 100_000.0,
        "quality_score": 4.0,
        "csat": 4.0,
        "defects": 0,
        "escalations": 0,
        "status": status,
    }
    row.update(extra)
    return row


def frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    for col in ("start_date", "planned_end", "actual_end"):
        df[col] = pd.to_datetime(df[col])
    return df
