"""Project histories -> criterion values with honest uncertainty.

:func:`compute_metric` turns track records into one value per partner (on-time rate,
budget overrun, quality...), weighted by recency and size, shrunk towards the portfolio
when a partner has few projects, with an interval, the evidence count and the information
a Monte Carlo needs to sample the cell. :func:`apply_missing_policy` decides what happens
to partners without a usable record, :func:`unknown_partners` reports records nobody asked
for, and :func:`sample` / :func:`sample_uncertainty` draw from the per-cell distributions.

By default the prior is learnt from the portfolio (``prior_strength="auto"``, see
:mod:`.estimators`); :func:`prior_table` reports it. The per-partner sufficient statistics
(:class:`GroupStats`) come from an engine (:mod:`.engines`: pandas, or DuckDB for CSV/Parquet
files out of core), and :mod:`.calibration` checks the intervals' coverage by simulation.

Examples
--------
>>> from partnerselect import trackrecord
>>> sorted(trackrecord.METRICS)[:3]
['budget_overrun', 'completion_rate', 'csat']
>>> trackrecord.METRICS["on_time_rate"].objective
'max'
"""

from __future__ import annotations

from partnerselect.trackrecord.compute import compute_metric
from partnerselect.trackrecord.estimators import weighted_median
from partnerselect.trackrecord.metrics import METRICS, MetricSpec, Param
from partnerselect.trackrecord.records import ROLES, STATUSES, recency_weights
from partnerselect.trackrecord.result import (
    MISSING_POLICIES,
    PRIOR_COLUMNS,
    TABLE_COLUMNS,
    MetricResult,
    apply_missing_policy,
    prior_table,
    unknown_partners,
)
from partnerselect.trackrecord.stats import GroupStats, group_stats
from partnerselect.trackrecord.uncertainty import DISTRIBUTIONS, sample, sample_uncertainty

__all__ = [
    "DISTRIBUTIONS",
    "METRICS",
    "MISSING_POLICIES",
    "PRIOR_COLUMNS",
    "ROLES",
    "STATUSES",
    "TABLE_COLUMNS",
    "GroupStats",
    "MetricResult",
    "MetricSpec",
    "Param",
    "apply_missing_policy",
    "compute_metric",
    "group_stats",
    "prior_table",
    "recency_weights",
    "sample",
    "sample_uncertainty",
    "unknown_partners",
    "weighted_median",
]
