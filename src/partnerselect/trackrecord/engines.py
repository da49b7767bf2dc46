"""Engines that compute the per-partner sufficient statistics of a track-record metric.

The statistics (:class:`.stats.GroupStats`: count, sum of weights, weighted sum, weighted
sum of squares and, for medians, the weighted median) are plain ``GROUP BY`` aggregates of
per-record outcomes and weights, so any engine that can filter, compute a column and group
can produce them. The shrinkage and intervals (:mod:`.estimators`) then run on arrays of
one row per partner, whatever the engine.

``PandasEngine`` (default)
    The records as a pandas DataFrame; every cell is validated column-wise and a bad value
    is reported with its row.
``DuckDBEngine`` (optional extra ``partnerselect[duckdb]``)
    The records as a CSV or Parquet path (read out of core: the records never need to fit
    in memory) or a DataFrame; the same checks and the same statistics in SQL. The custom
    metric's gate-language ``condition`` is pandas-only.

Examples
--------
>>> get_engine("pandas").name
'pandas'
"""

# SQL is built from quoted identifiers (_q), quoted literals (_lit) and Python floats only.
# ruff: noqa: S608

from __future__ import annotations

import dataclasses
import os
import threading
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from partnerselect.errors import (
    DataError,
    MissingValueError,
    ParameterError,
    SchemaError,
    UnknownPartnerWarning,
)
from partnerselect.trackrecord.metrics import METRICS
from partnerselect.trackrecord.records import _DAYS_PER_MONTH, STATUSES, Records, recency_weights
from partnerselect.trackrecord.result import _report_unknown
from partnerselect.trackrecord.stats import GroupStats, group_stats, partner_codes, partner_keys

__all__ = ["ENGINES", "DuckDBEngine", "Engine", "PandasEngine", "StatsRequest", "get_engine"]

#: Names accepted by ``compute_metric(engine=...)``.
ENGINES = ("pandas", "duckdb")


@dataclasses.dataclass(frozen=True)
class StatsRequest:
    """What to aggregate: the metric, its resolved parameters and the weighting."""

    metric: str
    kind: str
    params: Mapping[str, Any]
    partners: tuple[str, ...]
    as_of: Any = None
    half_life_months: float | None = None
    size_weight: str | None = None
    columns: Mapping[str, str] = dataclasses.field(default_factory=dict)
    #: whether the portfolio's weighted median is needed (a fixed prior on a median)
    pooled_median: bool = True


@dataclasses.dataclass(frozen=True)
class Computed:
    """Statistics with the reference date used and the records set aside."""

    stats: GroupStats
    as_of: Any
    unknown_partners: pd.DataFrame
    skipped: pd.DataFrame


class Engine(Protocol):
    """Computes :class:`Computed` statistics of a metric from track records."""

    name: str

    def stats(self, records: Any, request: StatsRequest) -> Computed:
        """Aggregate ``records`` as ``request`` says."""
        ...


def get_engine(engine: str | Engine) -> Engine:
    """An engine instance from its name (or the instance itself)."""
    if not isinstance(engine, str):
        return engine
    if engine == "pandas":
        return PandasEngine()
    if engine == "duckdb":
        return DuckDBEngine()
    msg = f"The 'engine' parameter must be one of {list(ENGINES)}. Got {engine!r} instead."
    raise ParameterError(msg, value=engine)


# --------------------------------------------------------------------------- pandas


def _weights(
    recs: Records,
    usable: np.ndarray,
    *,
    as_of: Any,
    half_life_months: float | None,
    size_weight: str | None,
) -> tuple[np.ndarray, Any]:
    w = np.ones(len(recs))
    if half_life_months is not None and len(recs):
        end = recs.dates("actual_end") if _has(recs, "actual_end") else None
        start = recs.dates("start_date") if _has(recs, "start_date") else None
        if end is None and start is None:
            recs.name("actual_end")  # raises the SchemaError naming the column
        dates = recs.remember("recency dates", lambda: _recency_dates(end, start, len(recs)))
        undated = np.flatnonzero(usable & dates.isna().to_numpy())
        if undated.size:
            pos = int(undated[0])
            msg = (
                f"Recency weighting needs a date, but {recs.where(pos)} has neither an actual "
                "end nor a start date. Fill in a date or set half_life_months=None."
            )
            raise MissingValueError(msg, row=recs.row(pos))
        if as_of is None:
            as_of = dates[usable].max() if usable.any() else pd.Timestamp("1970-01-01")
        try:
            ref = pd.Timestamp(as_of)
        except (ValueError, TypeError):
            msg = (
                f"The 'as_of' parameter must be a date such as '2026-11-01'. Got {as_of!r} instead."
            )
            raise ParameterError(msg, value=as_of) from None
        as_of = ref
        filled = dates.fillna(ref)
        hl = float(half_life_months)
        w = recs.remember(
            f"recency weights {ref} {hl!r}",
            lambda: recency_weights(pd.DatetimeIndex(filled), ref, hl),
        )
        vanished = np.flatnonzero(usable & ~(w > 0))
        if vanished.size:
            pos = int(vanished[0])
            msg = (
                f"half_life_months={half_life_months!r} is so short that {recs.where(pos)} "
                f"(dated {filled[pos].date()}) weighs nothing at all (its recency weight "
                "underflows to 0). Use a longer half-life (in months) or None."
            )
            raise ParameterError(msg, value=half_life_months, row=recs.row(pos))
    if size_weight is not None:
        role = "budget" if size_weight in ("budget", "budget_eur") else None
        size = recs.numeric(role) if role else recs.numeric_column(str(size_weight))
        bad = np.flatnonzero(usable & ~(size > 0))
        if bad.size:
            pos = int(bad[0])
            msg = (
                f"Size weight {size_weight!r} of {recs.where(pos)} is {size[pos]!r}; size "
                "weights must be positive numbers."
            )
            raise DataError(msg, row=recs.row(pos), value=size[pos])
        if usable.any():
            w = w * size / float(np.mean(size[usable]))
    return w, as_of


def _recency_dates(end: Any, start: Any, n: int) -> pd.Series:
    """A project's date for recency: its actual end, else its start."""
    dates = pd.Series(end if end is not None else pd.NaT, index=range(n))
    if start is not None:
        dates = dates.fillna(pd.Series(start, index=range(n)))
    return dates


def _has(recs: Records, role: str) -> bool:
    try:
        recs.name(role)
    except KeyError:
        return False
    return True


class PandasEngine:
    """Sufficient statistics with pandas and numpy (``bincount``; one vectorised pass).

    Parameters
    ----------
    reuse : bool
        Share the work common to all metrics (partner ids looked up, dates, statuses and
        recency weights parsed) between calls on the same records DataFrame: several
        metrics of one table then cost one preparation, and each metric its own
        aggregation. Only while that DataFrame is not modified between the calls (as within
        one evaluation); off by default.
    """

    name = "pandas"

    def __init__(self, *, reuse: bool = False) -> None:
        self.reuse = reuse
        self._prepared: dict[tuple[int, tuple[tuple[str, str], ...], tuple[str, ...]], Any] = {}

    def _prepare(
        self, records: pd.DataFrame, columns: Mapping[str, str], ids: list[str], metric: str
    ) -> tuple[Records, np.ndarray, np.ndarray, pd.Series | None]:
        """Records of the known partners, their partner positions, the known mask and the
        partner keys (None when every record is known); shared when ``reuse`` is on."""
        key = (id(records), tuple(sorted(columns.items())), tuple(ids))
        found = self._prepared.get(key) if self.reuse else None
        if found is not None and found[0] is records:
            recs, codes, known, pid = found[1:]
            return recs.for_metric(metric), codes, known, pid
        original = records
        records = records.copy(deep=False)  # same data; without attrs, which pandas would
        records.attrs = {}  # deep-copy into every column and result derived from it
        all_recs = Records(records, columns, metric)
        pid_col = all_recs.name("partner_id")
        all_codes = partner_codes(records[pid_col], ids)
        known = all_codes >= 0
        pid = None
        recs = all_recs
        if not known.all():
            pid = partner_keys(records[pid_col])
            recs = Records(records, columns, metric, rows=np.flatnonzero(known))
        codes = all_codes[known]
        if self.reuse:
            self._prepared = {key: (original, recs, codes, known, pid)}  # the latest table only
        return recs, codes, known, pid

    def stats(self, records: Any, request: StatsRequest) -> Computed:
        """Validate the records column-wise and aggregate them per partner."""
        if not isinstance(records, pd.DataFrame):
            msg = (
                "The 'records' parameter of compute_metric must be a pandas DataFrame of "
                f"track records (or a file path with engine='duckdb'). Got "
                f"{type(records).__name__!r} instead."
            )
            raise ParameterError(msg, value=type(records).__name__)
        metric, kind, params = request.metric, request.kind, request.params
        columns, ids = request.columns, list(request.partners)
        as_of, half_life_months = request.as_of, request.half_life_months
        size_weight = request.size_weight
        spec = METRICS[metric]
        recs, codes, known, pid = self._prepare(records, columns, ids, metric)
        if pid is None:
            unknown = records.iloc[:0].copy()
        else:
            unknown = _report_unknown(records, pid, ~known, stacklevel=5)

        keep = np.ones(len(recs), dtype=bool)
        if params["statuses"] is not None:
            keep &= recs.status_in(params["statuses"])
        if params["domain"] is not None:
            wanted = [params["domain"]] if isinstance(params["domain"], str) else params["domain"]
            keep &= np.isin(recs.text("domain"), [str(d).strip().lower() for d in wanted])
        outcome = spec.extract(recs, params)
        usable = keep & outcome.usable
        x = outcome.x
        if params.get("statistic") in ("winsorized_mean", "winsorised_mean") and usable.any():
            lo, hi = params["winsor_limits"]
            bounds = np.quantile(x[usable], [float(lo), 1 - float(hi)])
            x = np.clip(x, bounds[0], bounds[1])
        w, as_of = _weights(
            recs, usable, as_of=as_of, half_life_months=half_life_months, size_weight=size_weight
        )
        if outcome.weight is not None:
            w = w * outcome.weight
        m = len(ids)
        st = group_stats(
            codes[usable], x[usable].astype(float), w[usable], m, median=kind == "median",
            pooled_median=request.pooled_median,
        )  # fmt: skip
        skipped = recs.take(keep & ~outcome.usable)
        return Computed(st, as_of, unknown, skipped)


# --------------------------------------------------------------------------- DuckDB


_LOCAL = threading.local()  # one in-memory DuckDB connection per thread, made on first use


def _q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + str(name).replace('"', '""') + '"'


def _lit(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"


class DuckDBEngine:
    """Sufficient statistics in DuckDB, from a CSV/Parquet path (out of core) or a DataFrame.

    Parameters
    ----------
    connection : duckdb.DuckDBPyConnection, optional
        Connection to use (a new in-memory database by default).
    memory_limit : str, optional
        DuckDB's memory limit (``"1GB"``); beyond it DuckDB spills to ``temp_directory``.
    temp_directory : str, optional
        Where DuckDB spills.
    max_rows : int
        At most this many records of unknown partners (and of skipped records) are fetched
        into ``.unknown_partners`` / ``.skipped``; the warning gives the full count.
    """

    name = "duckdb"

    def __init__(
        self,
        connection: Any = None,
        *,
        memory_limit: str | None = None,
        temp_directory: str | None = None,
        max_rows: int = 10_000,
    ) -> None:
        self.connection = connection
        self.max_rows = int(max_rows)
        self.memory_limit = memory_limit
        self.temp_directory = temp_directory

    def _connect(self) -> Any:
        try:
            import duckdb
        except ImportError:
            msg = "engine='duckdb' needs the duckdb package: pip install 'partnerselect[duckdb]'."
            raise ParameterError(msg, value="duckdb") from None
        con = self.connection
        if con is None:
            con = getattr(_LOCAL, "connection", None)
            if con is None:
                con = _LOCAL.connection = duckdb.connect()
        if self.memory_limit:
            con.execute(f"SET memory_limit = {_lit(self.memory_limit)}")
        if self.temp_directory:
            con.execute(f"SET temp_directory = {_lit(self.temp_directory)}")
        return con

    def _source(self, con: Any, records: Any) -> str:
        if isinstance(records, pd.DataFrame):
            con.register("_ps_frame", records)
            return "_ps_frame"
        if isinstance(records, str | os.PathLike):
            path = Path(records)
            if not path.exists():
                msg = f"Track-record file {str(path)!r} does not exist."
                raise ParameterError(msg, value=str(path))
            if path.suffix.lower() in (".parquet", ".pq"):
                return f"read_parquet({_lit(str(path))})"
            if path.suffix.lower() in (".csv", ".txt"):
                return f"read_csv({_lit(str(path))}, header = true, all_varchar = true)"
            msg = f"engine='duckdb' reads .csv and .parquet files. Got {path.name!r}."
            raise ParameterError(msg, value=str(path))
        msg = (
            "The 'records' parameter must be a DataFrame or a CSV/Parquet path with "
            f"engine='duckdb'. Got {type(records).__name__!r} instead."
        )
        raise ParameterError(msg, value=type(records).__name__)

    def stats(self, records: Any, request: StatsRequest) -> Computed:
        """Validate the records with SQL checks and aggregate them per partner."""
        con = self._connect()
        src = self._source(con, records)
        metric = request.metric
        cols = [str(r[0]) for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
        # Same column resolution and messages as the pandas engine.
        names = Records(pd.DataFrame(columns=cols), request.columns, metric)
        ids = list(request.partners)
        frame_ids = pd.DataFrame({"pid": pd.Series(ids, dtype=object), "code": range(len(ids))})
        con.register("_ps_ids_frame", frame_ids)
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _ps_ids AS SELECT CAST(pid AS VARCHAR) AS pid, "
            "CAST(code AS INTEGER) AS code FROM _ps_ids_frame"
        )
        con.unregister("_ps_ids_frame")
        pid = _q(names.name("partner_id"))
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW _ps_src AS SELECT *, CAST({pid} AS VARCHAR) AS _ps_pid "
            f"FROM {src}"
        )
        outside = "_ps_pid IS NULL OR _ps_pid NOT IN (SELECT pid FROM _ps_ids)"
        counted = con.execute(
            f"SELECT count(*), list(DISTINCT _ps_pid ORDER BY _ps_pid)[1:20] FROM _ps_src "
            f"WHERE {outside}"
        ).fetchone()
        n_unknown = int(counted[0]) if counted else 0
        columns_sql = ", ".join(_q(c) for c in cols)
        unknown = (
            con.execute(
                f"SELECT * EXCLUDE (_ps_pid) FROM _ps_src WHERE {outside} LIMIT {self.max_rows}"
            ).df()
            if n_unknown
            else con.execute(f"SELECT {columns_sql} FROM {src} LIMIT 0").df()
        )
        if n_unknown:
            who = [str(v) for v in (counted[1] if counted else [])]
            more = " and more" if n_unknown > len(unknown) else ""
            warnings.warn(
                f"{n_unknown} record(s) refer to partner id(s) not in the partner list "
                f"({', '.join(who)}{more}); they are reported, not used. Check the ids or add "
                f"the partners.{self._capped(n_unknown)}",
                UnknownPartnerWarning,
                stacklevel=5,
            )
        con.execute(
            "CREATE OR REPLACE TEMP VIEW _ps_known AS SELECT s.*, i.code AS _ps_code "
            "FROM _ps_src s JOIN _ps_ids i ON s._ps_pid = i.pid"
        )
        sql = _MetricSQL(con, names, request, self.max_rows)
        return sql.run(unknown)

    def _capped(self, n: int) -> str:
        if n <= self.max_rows:
            return ""
        return f" (The first {self.max_rows:,} of them are in .unknown_partners.)"


class _MetricSQL:
    """The SQL of one metric: typed columns, checks, outcome, weights, aggregates."""

    def __init__(self, con: Any, names: Records, request: StatsRequest, max_rows: int) -> None:
        self.con, self.names, self.request = con, names, request
        self.max_rows = max_rows
        self.params = request.params
        self.checks: list[tuple[str, Any]] = []

    # -- checks (error path only: locate the offending row for the message)
    def _fail(self, where: str, make: Any) -> None:
        """Register a check (run together by :meth:`_flush`)."""
        self.checks.append((where, make))

    def _flush(self) -> None:
        """Run every registered check in one scan; raise the first that fails, with its row."""
        checks, self.checks = self.checks, []
        if not checks:
            return
        counts = self.con.execute(
            "SELECT "
            + ", ".join(f"count_if(coalesce({w}, FALSE))" for w, _ in checks)
            + " FROM _ps_known"
        ).fetchone()
        failed = [c for c, k in zip(checks, counts or (), strict=True) if k]
        if not failed:
            return
        where, make = failed[0]
        row = self.con.execute(
            "SELECT * FROM (SELECT row_number() OVER () + 1 AS _ps_row, * FROM _ps_src) "
            f"WHERE _ps_pid IN (SELECT pid FROM _ps_ids) AND coalesce({where}, FALSE) LIMIT 1"
        ).df()
        rec = row.iloc[0]
        parts = []
        for role in ("project_id", "partner_id"):
            try:
                parts.append(str(rec[self.names.name(role)]))
            except SchemaError:
                parts.append("?")
        where_txt = f"project {parts[0]!r} of partner {parts[1]!r} (row {int(rec['_ps_row'])})"
        raise make(where_txt, int(rec["_ps_row"]), rec)

    def col(self, role: str) -> str:
        return _q(self.names.name(role))

    def number(self, column: str) -> str:
        """TRY_CAST to DOUBLE with a check: text or infinity is a DataError."""
        c = _q(column)
        expr = f"TRY_CAST({c} AS DOUBLE)"

        def make(where: str, row: int, rec: Any) -> Exception:
            msg = (
                f"Column {column!r} of {where} holds {rec[column]!r}, which is not a finite "
                "number. Fix the value or leave the cell empty."
            )
            return DataError(msg, column=column, row=row, value=rec[column])

        self._fail(f"{c} IS NOT NULL AND ({expr} IS NULL OR isinf({expr}))", make)
        return expr

    def date(self, role: str) -> str:
        column = self.names.name(role)
        c = _q(column)
        expr = f"TRY_CAST({c} AS TIMESTAMP)"

        def make(where: str, row: int, rec: Any) -> Exception:
            msg = (
                f"Column {column!r} of {where} holds {rec[column]!r}, which is not a date. "
                "Use ISO dates (2025-03-31) or leave the cell empty."
            )
            return DataError(msg, column=column, row=row, value=rec[column])

        self._fail(f"{c} IS NOT NULL AND {expr} IS NULL", make)
        return expr

    def status(self) -> str:
        column = self.names.name("status")
        expr = f"lower(trim(CAST({_q(column)} AS VARCHAR)))"
        allowed = ", ".join(_lit(s) for s in STATUSES)

        def make(where: str, row: int, rec: Any) -> Exception:
            msg = (
                f"Column {column!r} of {where} holds {rec[column]!r}; a status must be one of "
                f"{list(STATUSES)}."
            )
            return DataError(msg, column=column, row=row, value=rec[column])

        self._fail(f"({expr} IS NULL OR {expr} NOT IN ({allowed}))", make)
        return expr

    def nonneg(self, role: str) -> str:
        expr = self.number(self.names.name(role))
        column = self.names.name(role)

        def make(where: str, row: int, rec: Any) -> Exception:
            msg = f"{column!r} of {where} is negative ({rec[column]}); counts are >= 0."
            return DataError(msg, column=column, row=row, value=rec[column])

        self._fail(f"{expr} < 0", make)
        return expr

    def budget(self) -> str:
        expr = self.number(self.names.name("budget"))
        column = self.names.name("budget")

        def make(where: str, row: int, rec: Any) -> Exception:
            msg = (
                f"Budget of {where} is {rec[column]}; a budget must be > 0 to compute "
                "ratios. Fix it or leave it empty."
            )
            return DataError(msg, column=column, row=row, value=rec[column])

        self._fail(f"{expr} <= 0", make)
        return expr

    # -- the outcome of each metric: (x, usable, weight factor or None)
    def outcome(self) -> tuple[str, str, str | None]:
        metric, p = self.request.metric, self.params
        if metric == "on_time_rate":
            planned, actual = self.date("planned_end"), self.date("actual_end")
            tol = round(float(p["tolerance_days"]) * 86400)
            x = f"CASE WHEN {actual} <= {planned} + to_seconds({tol}) THEN 1.0 ELSE 0.0 END"
            return x, f"({planned} IS NOT NULL AND {actual} IS NOT NULL)", None
        if metric == "schedule_slip":
            start, planned = self.date("start_date"), self.date("planned_end")
            actual = self.date("actual_end")
            usable = f"({start} IS NOT NULL AND {planned} IS NOT NULL AND {actual} IS NOT NULL)"
            planned_s = f"(epoch({planned}) - epoch({start}))"
            column = self.names.name("planned_end")

            def make(where: str, row: int, rec: Any) -> Exception:
                msg = (
                    f"The planned end of {where} is not after its start, so its relative "
                    "delay is undefined. Fix the dates."
                )
                return DataError(msg, column=column, row=row)

            self._fail(f"{usable} AND {planned_s} <= 0", make)
            return f"(epoch({actual}) - epoch({planned})) / {planned_s}", usable, None
        if metric == "budget_overrun":
            budget, cost = self.budget(), self.number(self.names.name("actual_cost"))
            usable = f"({budget} IS NOT NULL AND {cost} IS NOT NULL)"
            return f"{cost} / {budget} - 1", usable, None
        if metric in ("quality", "csat"):
            x = self.number(self.names.name(metric))
            return x, f"({x} IS NOT NULL)", None
        if metric == "defect_rate":
            defects = self.nonneg("defects")
            if p["per"] == "project":
                return defects, f"({defects} IS NOT NULL)", None
            budget = self.budget()
            usable = f"({defects} IS NOT NULL AND {budget} IS NOT NULL)"
            mean_budget = f"(SELECT avg({budget}) FROM _ps_known WHERE {usable})"
            unit = float(p["budget_unit"])
            return f"{defects} / {budget} * {unit!r}", usable, f"{budget} / {mean_budget}"
        if metric == "escalation_rate":
            esc = self.nonneg("escalations")
            return f"CASE WHEN {esc} >= 1 THEN 1.0 ELSE 0.0 END", f"({esc} IS NOT NULL)", None
        if metric == "completion_rate":
            return f"CASE WHEN {self.status()} = 'completed' THEN 1.0 ELSE 0.0 END", "TRUE", None
        if metric == "experience":
            return "1.0", "TRUE", None
        return self._custom()

    def _custom(self) -> tuple[str, str, str | None]:
        p = self.params
        if p["condition"] is not None:
            msg = (
                "A custom metric with a condition (gate-language rule) needs engine='pandas'; "
                "with engine='duckdb' use column= and agg= on a prepared column."
            )
            raise ParameterError(msg, value=p["condition"])
        if p["column"] is None:
            msg = "A custom metric needs column='<track-record column>'."
            raise ParameterError(msg)
        column = str(p["column"])
        if column not in [str(c) for c in self.names.frame.columns]:
            self.names.column(column)  # raises the SchemaError with its hint
        x = self.number(column)
        if p["agg"] == "share":

            def make(where: str, row: int, rec: Any) -> Exception:
                msg = (
                    f"agg='share' needs a yes/no (0/1) column, but {column!r} of {where} is "
                    f"{rec[column]}. Use condition='{column} > ...' to define the share instead."
                )
                return DataError(msg, column=column, row=row, value=rec[column])

            self._fail(f"{x} IS NOT NULL AND {x} NOT IN (0.0, 1.0)", make)
        return x, f"({x} IS NOT NULL)", None

    def keep(self) -> str:
        p = self.params
        conds = ["TRUE"]
        if p["statuses"] is not None:
            conds.append(f"{self.status()} IN ({', '.join(_lit(s) for s in p['statuses'])})")
        if p["domain"] is not None:
            wanted = [p["domain"]] if isinstance(p["domain"], str) else p["domain"]
            dom = f"lower(trim(CAST({self.col('domain')} AS VARCHAR)))"
            lits = ", ".join(_lit(str(d).strip().lower()) for d in wanted)
            conds.append(f"coalesce({dom} IN ({lits}), FALSE)")
        return " AND ".join(conds)

    def weight(self, usable: str) -> tuple[str, Any]:
        req = self.request
        w = "1.0"
        as_of = req.as_of
        if req.half_life_months is not None:
            cols = [str(c) for c in self.names.frame.columns]
            end = self.date("actual_end") if _has_role(self.names, "actual_end") else None
            start = self.date("start_date") if _has_role(self.names, "start_date") else None
            if end is None and start is None:
                self.names.name("actual_end")
            dated = f"coalesce({end or 'NULL'}, {start or 'NULL'})"

            def make(where: str, row: int, rec: Any) -> Exception:
                msg = (
                    f"Recency weighting needs a date, but {where} has neither an actual end "
                    "nor a start date. Fill in a date or set half_life_months=None."
                )
                return MissingValueError(msg, row=row)

            self._fail(f"{usable} AND {dated} IS NULL", make)
            self._flush()
            if as_of is None:
                got = self.con.execute(
                    f"SELECT max({dated}) FROM _ps_known WHERE {usable}"
                ).fetchone()
                as_of = pd.Timestamp(got[0]) if got and got[0] is not None else None
                as_of = as_of if as_of is not None else pd.Timestamp("1970-01-01")
            try:
                ref = pd.Timestamp(as_of)
            except (ValueError, TypeError):
                msg = f"The 'as_of' parameter must be a date such as '2026-11-01'. Got {as_of!r}."
                raise ParameterError(msg, value=as_of) from None
            as_of = ref
            del cols
            ref_s = ref.value / 1e9
            age = (
                f"greatest(({ref_s!r} - epoch(coalesce({dated}, to_timestamp({ref_s!r})))) "
                f"/ 86400.0, 0.0) / {_DAYS_PER_MONTH!r}"
            )
            w = f"pow(0.5, {age} / {float(req.half_life_months)!r})"
            hl = req.half_life_months

            def vanish(where: str, row: int, rec: Any) -> Exception:
                msg = (
                    f"half_life_months={hl!r} is so short that {where} weighs nothing at all "
                    "(its recency weight underflows to 0). Use a longer half-life (in months) "
                    "or None."
                )
                return ParameterError(msg, value=hl, row=row)

            self._fail(f"{usable} AND NOT ({w} > 0)", vanish)
        if req.size_weight is not None:
            if req.size_weight in ("budget", "budget_eur"):
                column = self.names.name("budget")
            else:
                column = str(req.size_weight)
                if column not in [str(c) for c in self.names.frame.columns]:
                    self.names.column(column)
            size = self.number(column)
            sw = req.size_weight

            def bad(where: str, row: int, rec: Any) -> Exception:
                msg = (
                    f"Size weight {sw!r} of {where} is {rec[column]!r}; size weights must be "
                    "positive numbers."
                )
                return DataError(msg, row=row, value=rec[column])

            self._fail(f"{usable} AND NOT coalesce({size} > 0, FALSE)", bad)
            mean = f"(SELECT avg({size}) FROM _ps_known WHERE {usable})"
            w = f"({w}) * {size} / {mean}"
        return w, as_of

    def run(self, unknown: pd.DataFrame) -> Computed:
        req, p, con = self.request, self.params, self.con
        m = len(req.partners)
        keep = self.keep()
        x, usable_outcome, factor = self.outcome()
        usable = f"(({keep}) AND {usable_outcome})"
        self._flush()
        if p.get("statistic") in ("winsorized_mean", "winsorised_mean"):
            lo, hi = p["winsor_limits"]
            bounds = con.execute(
                f"SELECT quantile_cont({x}, [{float(lo)!r}, {1 - float(hi)!r}]) "
                f"FROM _ps_known WHERE {usable}"
            ).fetchone()
            if bounds and bounds[0] is not None:
                b0, b1 = (float(v) for v in bounds[0])
                x = f"least(greatest({x}, {b0!r}), {b1!r})"
        w, as_of = self.weight(usable)
        self._flush()
        if factor is not None:
            w = f"({w}) * ({factor})"
        con.execute(
            "CREATE OR REPLACE TEMP VIEW _ps_u AS SELECT _ps_code AS code, "
            f"CAST({x} AS DOUBLE) AS x, CAST({w} AS DOUBLE) AS w FROM _ps_known WHERE {usable}"
        )
        agg = con.execute(
            "SELECT code, count(*) AS n, sum(w) AS W, sum(w * x) AS S, sum(w * x * x) AS Q "
            "FROM _ps_u GROUP BY code"
        ).fetchnumpy()
        codes = np.asarray(agg["code"], dtype=np.intp)
        arrays = {}
        for key in ("n", "W", "S", "Q"):
            full = np.zeros(m)
            full[codes] = np.asarray(agg[key], dtype=float)
            arrays[key] = full
        med = None
        pooled = float("nan")
        if req.kind == "median":
            med = np.full(m, np.nan)
            got = con.execute(_MEDIAN_SQL.format(part="code", src="_ps_u")).fetchnumpy()
            med[np.asarray(got["code"], dtype=np.intp)] = np.asarray(got["med"], dtype=float)
            if req.pooled_median:
                one = con.execute(
                    _MEDIAN_SQL.format(part="0", src="(SELECT 0 AS code, x, w FROM _ps_u)")
                ).fetchone()
                pooled = float(one[1]) if one and one[1] is not None else float("nan")
        st = GroupStats(
            n=arrays["n"], W=arrays["W"], S=arrays["S"], Q=arrays["Q"], med=med,
            pooled_median=pooled,
        )  # fmt: skip
        skipped = con.execute(
            f"SELECT * EXCLUDE (_ps_pid, _ps_code) FROM _ps_known WHERE ({keep}) AND NOT "
            f"coalesce({usable_outcome}, FALSE) LIMIT {self.max_rows}"
        ).df()
        return Computed(st, as_of, unknown, skipped)


def _has_role(names: Records, role: str) -> bool:
    try:
        names.name(role)
    except KeyError:
        return False
    return True


#: Weighted median per group, same rule as :func:`.stats.weighted_medians`.
_MEDIAN_SQL = """
WITH r AS (
    SELECT code, x,
           sum(w) OVER (PARTITION BY {part} ORDER BY x, w ROWS UNBOUNDED PRECEDING) AS cw,
           sum(w) OVER (PARTITION BY {part}) AS tw,
           lead(x) OVER (PARTITION BY {part} ORDER BY x, w) AS nx
    FROM {src}
), f AS (
    SELECT code, x, cw, tw, nx,
           row_number() OVER (PARTITION BY code ORDER BY cw) AS k
    FROM r WHERE cw >= tw / 2 - 1e-12 * tw
)
SELECT code,
       CASE WHEN abs(cw - tw / 2) <= 1e-12 * tw AND nx IS NOT NULL THEN (x + nx) / 2
            ELSE x END AS med
FROM f WHERE k = 1
"""
