"""The catalogue of track-record metrics: what each measures and how a record counts.

Each metric turns one project record into an outcome ``x`` (a 0/1 success for rates, a
number for means and medians, 1 for counts) and says which records are usable. The
shrinkage and intervals are applied afterwards by :mod:`.estimators`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import numpy as np

from partnerselect.errors import DataError, ParameterError
from partnerselect.trackrecord.records import Records

__all__ = ["METRICS", "MetricSpec", "Param"]


class Param(NamedTuple):
    """A metric parameter: its default and a one-line description.

    Parameters
    ----------
    default : object
        The parameter's default value.
    doc : str
        One-line description.
    """

    default: Any
    doc: str


Extract = Callable[[Records, Mapping[str, Any]], "Outcome"]


class Outcome(NamedTuple):
    """Per-record outcome, usability mask and optional weight factor (size of the record)."""

    x: np.ndarray
    usable: np.ndarray
    weight: np.ndarray | None = None


@dataclasses.dataclass(frozen=True)
class MetricSpec:
    """Description of one metric in :data:`METRICS`.

    Attributes
    ----------
    name, label : str
        Identifier and human label ("on-time rate").
    objective : str or None
        Default direction, ``"max"`` or ``"min"`` (``None`` for custom metrics).
    unit : str
        Unit of the value.
    description : str
        One line.
    kind : str
        ``"rate"`` (Beta-Binomial), ``"mean"``, ``"median"`` (Bayesian average) or
        ``"count"`` (no shrinkage).
    params : mapping
        Metric-specific parameters: name -> :class:`Param` (default, description).
    extract : callable
        ``extract(records, params) -> Outcome``: the per-record outcome the metric
        aggregates.
    """

    name: str
    label: str
    objective: str | None
    unit: str
    description: str
    kind: str
    params: Mapping[str, Param]
    extract: Extract = dataclasses.field(repr=False, compare=False)


_STATUSES_DOC = "project statuses counted (None = all)"
_DOMAIN = Param(None, "only projects in this domain (or list of domains); None = all")


def _nonneg(recs: Records, role: str) -> np.ndarray:
    arr = recs.numeric(role)
    bad = np.flatnonzero(arr < 0)
    if bad.size:
        pos = int(bad[0])
        msg = (
            f"{recs.name(role)!r} of {recs.where(pos)} is negative ({arr[pos]:g}); counts are >= 0."
        )
        raise DataError(msg, column=recs.name(role), row=recs.row(pos), value=arr[pos])
    return arr


def _budget(recs: Records) -> np.ndarray:
    budget = recs.numeric("budget")
    bad = np.flatnonzero(budget <= 0)
    if bad.size:
        pos = int(bad[0])
        msg = (
            f"Budget of {recs.where(pos)} is {budget[pos]:g}; a budget must be > 0 to compute "
            "ratios. Fix it or leave it empty."
        )
        raise DataError(msg, column=recs.name("budget"), row=recs.row(pos), value=budget[pos])
    return budget


def _on_time(recs: Records, p: Mapping[str, Any]) -> Outcome:
    planned, actual = recs.dates("planned_end"), recs.dates("actual_end")
    usable = np.asarray(planned.notna()) & np.asarray(actual.notna())
    tol = np.timedelta64(round(float(p["tolerance_days"]) * 86400), "s")
    x = np.asarray(actual.to_numpy() <= planned.to_numpy() + tol, dtype=float)
    return Outcome(np.where(usable, x, np.nan), usable)


def _slip(recs: Records, p: Mapping[str, Any]) -> Outcome:
    start, planned = recs.dates("start_date"), recs.dates("planned_end")
    actual = recs.dates("actual_end")
    usable = np.asarray(start.notna()) & np.asarray(planned.notna()) & np.asarray(actual.notna())
    planned_days = np.asarray((planned - start) / np.timedelta64(1, "D"), dtype=float)
    bad = np.flatnonzero(usable & (planned_days <= 0))
    if bad.size:
        pos = int(bad[0])
        msg = (
            f"The planned end of {recs.where(pos)} is not after its start, so its relative "
            "delay is undefined. Fix the dates."
        )
        raise DataError(msg, column=recs.name("planned_end"), row=recs.row(pos))
    delay = np.asarray((actual - planned) / np.timedelta64(1, "D"), dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.where(usable, delay / planned_days, np.nan)
    return Outcome(x, usable)


def _overrun(recs: Records, p: Mapping[str, Any]) -> Outcome:
    budget, cost = _budget(recs), recs.numeric("actual_cost")
    usable = ~np.isnan(budget) & ~np.isnan(cost)
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.where(usable, cost / budget - 1, np.nan)
    return Outcome(x, usable)


def _column_mean(role: str) -> Extract:
    def extract(recs: Records, p: Mapping[str, Any]) -> Outcome:
        x = recs.numeric(role)
        return Outcome(x, ~np.isnan(x))

    return extract


def _defects(recs: Records, p: Mapping[str, Any]) -> Outcome:
    defects = _nonneg(recs, "defects")
    if p["per"] == "project":
        return Outcome(defects, ~np.isnan(defects))
    budget = _budget(recs)
    usable = ~np.isnan(defects) & ~np.isnan(budget)
    unit = float(p["budget_unit"])
    with np.errstate(invalid="ignore", divide="ignore"):
        x = np.where(usable, defects / budget * unit, np.nan)
        size = budget / np.nanmean(np.where(usable, budget, np.nan)) if usable.any() else budget
    return Outcome(x, usable, np.where(usable, size, np.nan))


def _escalations(recs: Records, p: Mapping[str, Any]) -> Outcome:
    esc = _nonneg(recs, "escalations")
    usable = ~np.isnan(esc)
    return Outcome(np.where(usable, (esc >= 1).astype(float), np.nan), usable)


def _completion(recs: Records, p: Mapping[str, Any]) -> Outcome:
    status = recs.status()
    return Outcome((status == "completed").astype(float), np.ones(len(status), dtype=bool))


def _experience(recs: Records, p: Mapping[str, Any]) -> Outcome:
    return Outcome(np.ones(len(recs)), np.ones(len(recs), dtype=bool))


def _custom(recs: Records, p: Mapping[str, Any]) -> Outcome:
    agg, column, condition = p["agg"], p["column"], p["condition"]
    if condition is not None:
        from partnerselect.rules import parse_rule

        if agg != "share":
            msg = f"A custom metric with a condition must use agg='share'. Got agg={agg!r} instead."
            raise ParameterError(msg, value=agg)
        result = parse_rule(str(condition)).evaluate(recs.frame).result
        usable = result.notna().to_numpy()
        x = result.astype(float).to_numpy(dtype=float, na_value=np.nan)
        return Outcome(x, usable)
    if column is None:
        msg = (
            "A custom metric needs column='<track-record column>' (or, for agg='share', a "
            "condition such as 'escalations > 0')."
        )
        raise ParameterError(msg)
    x = recs.numeric_column(str(column))
    usable = ~np.isnan(x)
    if agg == "share":
        bad = np.flatnonzero(usable & ~np.isin(x, (0.0, 1.0)))
        if bad.size:
            pos = int(bad[0])
            msg = (
                f"agg='share' needs a yes/no (0/1) column, but {column!r} of {recs.where(pos)} "
                f"is {x[pos]:g}. Use condition='{column} > ...' to define the share instead."
            )
            raise DataError(msg, column=str(column), row=recs.row(pos), value=x[pos])
    return Outcome(x, usable)


def _spec(
    name: str,
    label: str,
    objective: str | None,
    unit: str,
    kind: str,
    description: str,
    extract: Extract,
    statuses: tuple[str, ...] | None,
    **params: Param,
) -> MetricSpec:
    allp = {"statuses": Param(statuses, _STATUSES_DOC), "domain": _DOMAIN, **params}
    return MetricSpec(name, label, objective, unit, description, kind, allp, extract)


_DONE = ("completed",)
_FINISHED = ("completed", "cancelled")

#: Every built-in metric, by name.
METRICS: Mapping[str, MetricSpec] = {
    s.name: s
    for s in (
        _spec(
            "on_time_rate", "on-time rate", "max", "share of projects", "rate",
            "Share of completed projects with actual_end <= planned_end + tolerance_days.",
            _on_time, _DONE,
            tolerance_days=Param(0, "days of slack before a project counts as late"),
        ),
        _spec(
            "schedule_slip", "schedule slip", "min", "relative delay", "median",
            "Median relative delay (actual - planned duration) / planned duration.",
            _slip, _DONE,
        ),
        _spec(
            "budget_overrun", "budget overrun", "min", "relative overrun", "median",
            "Median (or mean, winsorised mean) of actual_cost / budget - 1.",
            _overrun, _DONE,
            statistic=Param("median", "'median', 'mean' or 'winsorized_mean'"),
            winsor_limits=Param((0.05, 0.05), "tail fractions clipped by 'winsorized_mean'"),
        ),
        _spec(
            "quality", "quality", "max", "score (1-5)", "mean",
            "Mean client quality score, shrunk towards the portfolio mean.",
            _column_mean("quality"), None,
        ),
        _spec(
            "csat", "client satisfaction", "max", "score (1-5)", "mean",
            "Mean client satisfaction, shrunk towards the portfolio mean.",
            _column_mean("csat"), None,
        ),
        _spec(
            "defect_rate", "defect rate", "min", "defects per project", "mean",
            "Defects per completed project, or per budget_unit of budget (per='budget').",
            _defects, _DONE,
            per=Param("project", "'project' or 'budget'"),
            budget_unit=Param(1e6, "budget unit of per='budget' (defects per million)"),
        ),
        _spec(
            "escalation_rate", "escalation rate", "min", "share of projects", "rate",
            "Share of finished projects with at least one escalation.",
            _escalations, _FINISHED,
        ),
        _spec(
            "completion_rate", "completion rate", "max", "share of projects", "rate",
            "Completed projects / (completed + cancelled); ongoing ones do not count.",
            _completion, _FINISHED,
        ),
        _spec(
            "experience", "experience", "max", "projects", "count",
            "Number of (recency- or size-weighted) completed and ongoing projects.",
            _experience, ("completed", "ongoing"),
        ),
        _spec(
            "custom", "custom metric", None, "", "mean",
            "Any column aggregated by agg; agg='share' may use a rule condition per record.",
            _custom, None,
            column=Param(None, "track-record column to aggregate"),
            agg=Param("mean", "'mean', 'median', 'sum' or 'share'"),
            condition=Param(None, "rule in the gate language, e.g. 'escalations > 0'"),
        ),
    )
}  # fmt: skip
