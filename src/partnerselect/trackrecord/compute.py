"""The single entry point: :func:`compute_metric`."""

from __future__ import annotations

import difflib
import numbers
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import (
    DuplicateError,
    InsufficientEvidenceWarning,
    ParameterError,
    PriorFallbackWarning,
)
from partnerselect.trackrecord.engines import Engine, StatsRequest, get_engine
from partnerselect.trackrecord.estimators import count_estimate, location_estimate, rate_estimate
from partnerselect.trackrecord.metrics import METRICS, MetricSpec
from partnerselect.trackrecord.records import STATUSES
from partnerselect.trackrecord.result import TABLE_COLUMNS, MetricResult
from partnerselect.trackrecord.stats import GroupStats

__all__ = ["compute_metric"]

_PRIORS = ("pooled", "moments")
_AGGS = {"mean": "mean", "median": "median", "sum": "count", "share": "rate"}
_STATISTICS = ("median", "mean", "winsorized_mean", "winsorised_mean")
#: Within-partner spread assumed when every record of a metric has the same value (the
#: metric's scale): relative delays and overruns vary by tenths, scores by points.
REFERENCE_SD = {"schedule_slip": 0.2, "budget_overrun": 0.2}
ENGINES = ("pandas", "duckdb")


def _bad(name: str, expected: str, got: Any) -> ParameterError:
    msg = f"The {name!r} parameter of compute_metric must be {expected}. Got {got!r} instead."
    return ParameterError(msg, value=got)


def _resolve_params(spec: MetricSpec, given: Mapping[str, Any]) -> dict[str, Any]:
    unknown = [k for k in given if k not in spec.params]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(spec.params), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        msg = (
            f"Metric {spec.name!r} has no parameter {unknown[0]!r}.{hint} Its parameters: "
            f"{', '.join(spec.params)} (plus as_of, half_life_months, size_weight, "
            "prior_strength, prior, min_projects, level, interval, columns)."
        )
        raise ParameterError(msg, value=unknown[0])
    params = {k: p.default for k, p in spec.params.items()}
    params.update(given)
    statuses = params["statuses"]
    if statuses is not None:
        statuses = (statuses,) if isinstance(statuses, str) else tuple(statuses)
        wrong = [s for s in statuses if s not in STATUSES]
        if wrong:
            raise _bad("statuses", f"None or a subset of {list(STATUSES)}", wrong[0])
        params["statuses"] = statuses
    if spec.name == "budget_overrun" and params["statistic"] not in _STATISTICS:
        raise _bad("statistic", "'median', 'mean' or 'winsorized_mean'", params["statistic"])
    if spec.name == "defect_rate" and params["per"] not in ("project", "budget"):
        raise _bad("per", "'project' or 'budget'", params["per"])
    if spec.name == "custom" and params["agg"] not in _AGGS:
        raise _bad("agg", f"one of {list(_AGGS)}", params["agg"])
    return params


def _real(value: Any) -> bool:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and bool(np.isfinite(float(value)))
    )


def _check_common(
    half_life_months: Any, prior_strength: Any, min_projects: Any, level: Any, prior: Any
) -> None:
    if half_life_months is not None and not (_real(half_life_months) and half_life_months > 0):
        raise _bad("half_life_months", "a positive number of months or None", half_life_months)
    if prior_strength != "auto" and (not _real(prior_strength) or not prior_strength >= 0):
        raise _bad("prior_strength", "'auto' or a number >= 0 (pseudo-projects)", prior_strength)
    if (
        not isinstance(min_projects, numbers.Integral)
        or isinstance(min_projects, bool)
        or min_projects < 0
    ):
        raise _bad("min_projects", "an int >= 0", min_projects)
    if not _real(level) or not 0 < level < 1:
        raise _bad("level", "a float in (0, 1)", level)
    expected = "None, 'pooled', 'moments' or a pair (a, b) of positive numbers"
    if isinstance(prior, tuple | list):
        if len(prior) != 2 or not all(_real(v) and v > 0 for v in prior):
            raise _bad("prior", expected, prior)
    elif prior is not None and prior not in _PRIORS:
        raise _bad("prior", expected, prior)


def _partner_ids(partners: Sequence[Any]) -> list[str]:
    if isinstance(partners, str) or not isinstance(partners, Sequence | pd.Index | np.ndarray):
        raise _bad("partners", "a sequence of partner ids", partners)
    items = partners.tolist() if isinstance(partners, pd.Index | np.ndarray) else partners
    ids = [p if type(p) is str else str(p) for p in items]
    if len(set(ids)) == len(ids):
        return ids
    seen: set[str] = set()
    for pid in ids:  # only to name the first repeated id
        if pid in seen:
            msg = f"Partner id {pid!r} appears twice in 'partners'. Partner ids must be unique."
            raise DuplicateError(msg, partner=pid, value=pid)
        seen.add(pid)
    return ids


def compute_metric(
    records: pd.DataFrame,
    metric: str,
    *,
    partners: Sequence[Any],
    as_of: Any = None,
    half_life_months: float | None = None,
    size_weight: str | None = None,
    prior_strength: float | str = "auto",
    prior: str | tuple[float, float] | None = None,
    min_projects: int = 3,
    level: float = 0.9,
    interval: str | None = None,
    columns: Mapping[str, str] | None = None,
    engine: str | Engine = "pandas",
    **metric_params: Any,
) -> MetricResult:
    """Compute a track-record metric per partner, shrunk, with intervals and sampling info.

    Parameters
    ----------
    records : pandas.DataFrame, or a CSV/Parquet path with ``engine="duckdb"``
        One row per past project (``partner_id, project_id, domain, start_date,
        planned_end, actual_end, budget_eur, actual_cost_eur, quality_score, csat,
        defects, escalations, status``; only the columns the metric needs must exist).
        Not modified.
    metric : str
        A key of :data:`METRICS` (``"on_time_rate"``, ``"quality"``..., or ``"custom"``).
    partners : sequence of str
        The partners to report, in order; one table row each.
    as_of : date-like, optional
        Reference date of recency weighting. Defaults to the most recent project date in
        the records (so results do not depend on the day the code runs).
    half_life_months : float, optional
        Recency weight ``0.5 ** (age_months / half_life_months)``. A project's age runs
        from its actual end, or from its start when it has not ended. ``None``: no decay.
    size_weight : str, optional
        ``"budget"`` or a numeric column: weights proportional to it, scaled so that the
        average usable project weighs 1 (so ``n_eff`` stays in project units and
        ``prior_strength`` keeps its meaning).
    prior_strength : "auto" or float
        ``"auto"`` (default): how much partners differ is learnt from the portfolio
        (empirical / hierarchical Bayes, see :mod:`.estimators`; the fitted prior is in
        ``.prior``). A number fixes the pseudo-projects of portfolio evidence added to
        every partner (0 = no shrinkage).
    prior : {None, "pooled", "moments"} or (a, b)
        Rates only: how the Beta prior is fitted (``None``: by ``prior_strength``); a
        pair fixes it. Any other metric refuses it.
    min_projects : int
        Below this effective number of projects (``n_eff``, the sum of recency and size
        weights) a cell is flagged ``insufficient``.
    level : float
        Interval level (equal-tailed).
    interval : {"beta", "wilson", "t"}, optional
        Interval of rates (``"beta"`` posterior, default, or ``"wilson"``); means use
        ``"t"``.
    columns : mapping, optional
        Column names when they differ from the defaults, by role (``{"budget": "budget"}``).
    engine : {"pandas", "duckdb"} or Engine
        What computes the per-partner sufficient statistics (see :mod:`.engines`):
        pandas/numpy in memory (default), or DuckDB (optional extra
        ``partnerselect[duckdb]``), which also reads CSV/Parquet files out of core. Both
        give the same metrics.
    **metric_params
        The metric's own parameters (see ``METRICS[metric].params``), for example
        ``tolerance_days`` (on-time rate), ``statistic`` (budget overrun), ``per`` (defect
        rate), ``domain``, ``statuses``; for ``"custom"``: ``column``, ``agg`` (``"mean"``,
        ``"median"``, ``"sum"`` or ``"share"``) and ``condition`` (a gate-language rule per
        record, e.g. ``"escalations > 0"``).

    Returns
    -------
    MetricResult

    Raises
    ------
    ParameterError
        Unknown metric or parameter, or a parameter out of range.
    SchemaError
        A column the metric needs is absent.
    DataError
        Invalid record values (bad dates, non-positive budgets, unknown statuses...).
    DuplicateError
        A partner id is listed twice.

    Warns
    -----
    InsufficientEvidenceWarning
        One warning per call listing partners with ``n_eff`` below ``min_projects``.
    PriorFallbackWarning
        ``prior_strength="auto"`` but too few partners have data to learn the prior.
    UnknownPartnerWarning
        Some records belong to partners not in ``partners`` (see ``.unknown_partners``).

    References
    ----------
    Gelman, A., Carlin, J. B., Stern, H. S., Dunson, D. B., Vehtari, A., & Rubin, D. B.
    (2013). *Bayesian Data Analysis* (3rd ed.). CRC Press, sec. 2.4 and 3.3.

    Casella, G. (1985). An introduction to empirical Bayes data analysis. *The American
    Statistician*, 39(2), 83-87.

    Examples
    --------
    >>> import pandas as pd
    >>> recs = pd.DataFrame({
    ...     "partner_id": ["A"] * 4 + ["B"] * 4, "project_id": list("12345678"),
    ...     "planned_end": pd.to_datetime(["2024-01-31"] * 8),
    ...     "actual_end": pd.to_datetime(["2024-01-20"] * 3 + ["2024-03-01"]
    ...                                  + ["2024-01-31"] * 2 + ["2024-02-20"] * 2),
    ...     "status": ["completed"] * 8})
    >>> res = compute_metric(recs, "on_time_rate", partners=["A", "B"], prior=(1.0, 1.0),
    ...                      min_projects=1)
    >>> res.table["value"].tolist()  # (3 + 1) / (4 + 2) and (2 + 1) / (4 + 2)
    [0.666..., 0.5]
    """
    if metric not in METRICS:
        close = difflib.get_close_matches(str(metric), list(METRICS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        msg = f"Unknown track-record metric {metric!r}.{hint} Available: {', '.join(METRICS)}."
        raise ParameterError(msg, value=metric)
    spec = METRICS[metric]
    params = _resolve_params(spec, metric_params)
    _check_common(half_life_months, prior_strength, min_projects, level, prior)
    kind = _AGGS[params["agg"]] if metric == "custom" else spec.kind
    if metric == "budget_overrun" and params["statistic"] != "median":
        kind = "mean"
    default_interval = "beta" if kind == "rate" else "t"
    interval = interval or default_interval
    allowed = ("beta", "wilson") if kind == "rate" else ("t",)
    if interval not in allowed:
        raise _bad("interval", f"one of {list(allowed)} for metric {metric!r}", interval)
    if prior is not None and kind != "rate":
        msg = (
            f"The 'prior' parameter only applies to rates (Beta priors); metric {metric!r} "
            f"is a {kind}. Remove prior={prior!r} (use prior_strength to set its shrinkage)."
        )
        raise ParameterError(msg, value=prior)
    ids = _partner_ids(partners)
    request = StatsRequest(
        metric=metric, kind=kind, params=params, partners=tuple(ids), as_of=as_of,
        half_life_months=half_life_months, size_weight=size_weight,
        columns=dict(columns or {}),
        pooled_median=kind == "median" and prior_strength != "auto",
    )  # fmt: skip
    computed = get_engine(engine).stats(records, request)
    st, as_of = computed.stats, computed.as_of
    unknown, skipped = computed.unknown_partners, computed.skipped
    est, fitted = _estimate(st, kind, metric, prior, prior_strength, level, interval)
    table = pd.DataFrame(est, index=pd.Index(ids, name="partner_id"))
    table["n"] = table["n"].astype(int)
    if kind == "count":
        table["missing"] = False
        table["insufficient"] = False
    else:
        table["missing"] = table["n"] == 0
        table["insufficient"] = (table["n_eff"] < min_projects - 1e-9) & ~table["missing"]
    table["imputed"] = False
    table = table[list(TABLE_COLUMNS)]
    what = spec.label if metric != "custom" else "custom metric"
    thin = table.index[table["insufficient"]]
    if len(thin):
        counts = table.loc[thin, "n_eff"]
        who = ", ".join(f"{p!s} ({c:.3g})" for p, c in zip(thin, counts, strict=True))
        warnings.warn(
            f"{what} ({metric}) rests on fewer than {min_projects} projects for {who} "
            "(effective projects n_eff, weighted by recency and size); these values lean on "
            "the portfolio prior and are flagged insufficient=True.",
            InsufficientEvidenceWarning,
            stacklevel=2,
        )
    if "fallback" in fitted:
        warnings.warn(
            f"{what} ({metric}): the portfolio prior was not learnt: {fitted['fallback']}.",
            PriorFallbackWarning,
            stacklevel=2,
        )
    used = {
        **params,
        "as_of": None if as_of is None else str(pd.Timestamp(as_of).date()),
        "half_life_months": half_life_months,
        "size_weight": size_weight,
        "prior_strength": prior_strength,
        "prior": prior,
        "min_projects": min_projects,
        "level": level,
        "interval": interval,
        "columns": dict(columns or {}),
        "engine": engine
        if isinstance(engine, str)
        else getattr(engine, "name", type(engine).__name__),
    }
    label = spec.label
    if metric == "custom":
        what = params["condition"] or params["column"]
        label = f"{params['agg']} of {what}"
    return MetricResult(
        name=metric,
        label=label,
        objective=spec.objective,
        unit=spec.unit,
        params=used,
        table=table,
        prior=fitted,
        unknown_partners=unknown,
        skipped=skipped,
    )


def _estimate(
    st: GroupStats,
    kind: str,
    metric: str,
    prior: Any,
    prior_strength: Any,
    level: float,
    interval: str,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    if kind == "rate":
        return rate_estimate(
            st, prior=tuple(prior) if isinstance(prior, list) else prior,
            prior_strength=prior_strength, level=level, interval=interval,
        )  # fmt: skip
    if kind in ("mean", "median"):
        return location_estimate(
            st, prior_strength=prior_strength, level=level, center=kind,
            ref_sd=REFERENCE_SD.get(metric, 1.0),
        )  # fmt: skip
    return count_estimate(st)
