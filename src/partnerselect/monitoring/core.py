"""``ps.monitor``: scorecard, breach, drift and missing-data alerts for awarded partners.

For each partner and KPI the first ``baseline_periods`` observations give the partner's own
level ``mu0`` and period-to-period noise ``sigma`` (average moving range / 1.128, the usual
individuals-chart estimate, robust to a slow trend). Then:

* **status** of each observation: ``green`` on the good side of the target (or on it);
  with a ``warning`` edge, ``amber`` between target and edge and ``red`` beyond the edge;
  without one, ``amber`` when worse than target by at most ``noise_z`` noise standard
  deviations and ``red`` beyond (the noise is ``sqrt(t (1 - t) / n)`` for a share with its
  ``n`` given, else the baseline ``sigma``);
* a **breach** alert for every red observation;
* a **drift** alert when a one-sided CUSUM (or EWMA) of the standardised adverse deviation
  from ``mu0`` crosses the threshold whose in-control run length is
  ``1 / false_alarm_rate`` periods, while the value is not red (a shift of the partner's own
  level that has not yet breached); one alarm per excursion (the chart stays in alarm until
  its statistic returns to 0);
* a **missing** alert for each period, from the partner's first report to the last period
  in the data, with no value for the KPI.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, ModelError
from partnerselect.monitoring.config import KPI, MonitoringConfig, monitoring_config
from partnerselect.monitoring.detect import cusum, ewma, threshold
from partnerselect.monitoring.periods import parse_periods
from partnerselect.monitoring.result import Monitoring

__all__ = ["monitor", "read_kpis"]

_D2 = 1.128  # E[moving range of two N(0, 1)] (d2 for n = 2)


def read_kpis(
    src: str | Path | pd.DataFrame,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Read KPI observations (long format) from any table format the readers take.

    Columns: ``partner_id``, ``period`` (a date, ``2026-07`` or ``2026-Q3``), ``kpi``,
    ``value``, optional ``n`` (observations behind the value) and ``comment``.
    ``columns`` maps these names to the file's own headers (``{"partner_id": "Vendor"}``),
    as ``[columns.kpis]`` in a model file does.

    Parameters
    ----------
    src : str, pathlib.Path or pandas.DataFrame
        A CSV/XLSX/JSON/Parquet file or a frame.
    sheet : str or int, optional
        Worksheet of a workbook.
    columns : mapping, optional
        Canonical column name -> the file's header.

    Raises
    ------
    SchemaError, DataError, DuplicateError, FileFormatError
        As the other readers: naming file, row, column and value.
    """
    from partnerselect.io.tables import read_table

    return read_table(src, "kpis", sheet=sheet, columns=columns)


def _model_columns(model: Any) -> Mapping[str, str] | None:
    """``[columns.kpis]`` of a model file or mapping, if any."""
    data: Any = None
    if isinstance(model, str | Path):
        from partnerselect.io.model_file import load_model_dict

        data = load_model_dict(model)
    elif isinstance(model, Mapping):
        data = model
    section = (data or {}).get("columns", {}) if isinstance(data, Mapping) else {}
    kpis = section.get("kpis") if isinstance(section, Mapping) else None
    if kpis is not None and not (
        isinstance(kpis, Mapping) and all(isinstance(v, str) for v in kpis.values())
    ):
        msg = "[columns.kpis] must map column names to the file's headers, as text."
        raise ModelError(msg, value=kpis)
    return kpis


def _is_share(kpi: KPI, values: np.ndarray, counts: np.ndarray) -> bool:
    """A share of ``n`` events (on-time rate...): its noise is binomial."""
    seen = ~np.isnan(values)
    return bool(
        0.0 < kpi.target < 1.0
        and seen.any()
        and np.all((values[seen] >= 0) & (values[seen] <= 1))
        and np.all(np.isfinite(counts[seen]) & (counts[seen] > 0))
    )


def _noise(
    values: np.ndarray,
    counts: np.ndarray,
    bases: list[np.ndarray],
    mu0: np.ndarray,
    keys: list[tuple[str, str]],
    config: MonitoringConfig,
    notes: list[str],
) -> tuple[np.ndarray, np.ndarray]:
    """Noise sd per series and period: binomial for shares with n, else pooled per KPI.

    A KPI measured by the same process for every partner has one noise level; pooling the
    moving ranges of every partner's baseline (average moving range / 1.128, Montgomery
    2019 ch. 6) estimates it from several times more data than one partner's six months,
    which keeps the false-alarm rate near its nominal value.
    """
    n_series, n_periods = values.shape
    sigma_t = np.full((n_series, n_periods), np.nan)
    sigma = np.full(n_series, np.nan)
    by_kpi: dict[str, list[int]] = {}
    for s, (_, kname) in enumerate(keys):
        by_kpi.setdefault(kname, []).append(s)
    for kname, members in by_kpi.items():
        kpi = config.kpi(kname)
        if _is_share(kpi, values[members], counts[members]):
            for s in members:
                base = bases[s]
                if base.size == 0:
                    continue
                trials = counts[s, base].sum()
                p0 = (mu0[s] * trials + 0.5) / (trials + 1.0)  # never exactly 0 or 1
                sigma_t[s] = np.sqrt(p0 * (1 - p0) / counts[s])
                sigma[s] = float(np.sqrt(p0 * (1 - p0) / counts[s, base].mean()))
            continue
        ranges = [np.abs(np.diff(values[s, bases[s]])) for s in members if bases[s].size >= 2]
        pooled = np.concatenate(ranges) if ranges else np.array([])
        level = float(pooled.mean() / _D2) if pooled.size else float("nan")
        if not level > 0:
            notes.append(
                f"{kname}: the baseline values do not vary, so the KPI's noise is unknown: "
                "no drift detection and no noise allowance for breaches."
            )
            level = float("nan")
        for s in members:
            sigma[s] = level
            sigma_t[s] = level
    return sigma_t, sigma


def _status(value: float, kpi: KPI, noise: float, z: float) -> str:
    gap = kpi.sign * (value - kpi.target)  # > 0: better than target
    if gap >= 0:
        return "green"
    if kpi.warning is not None:
        return "red" if kpi.sign * (value - kpi.warning) < 0 else "amber"
    return "red" if -gap > z * noise else "amber"


def _trend(values: np.ndarray, sign: int, sigma: float) -> list[str]:
    out = [""]
    for i in range(1, values.size):
        window = values[max(0, i - 3) : i + 1]
        slope = np.polyfit(np.arange(window.size), window, 1)[0] if window.size > 1 else 0.0
        scale = sigma if np.isfinite(sigma) and sigma > 0 else max(abs(float(window.mean())), 1.0)
        s = sign * slope / scale
        out.append("improving" if s > 0.25 else "worsening" if s < -0.25 else "steady")
    return out


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def monitor(
    kpis: str | Path | pd.DataFrame,
    model: str | Path | Mapping[str, Any] | MonitoringConfig | Any,
    *,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
) -> Monitoring:
    """Score partners' periodic KPIs against their targets and raise breach/drift alerts.

    Parameters
    ----------
    kpis : path or DataFrame
        KPI observations in long format (see :func:`read_kpis`).
    model : path, mapping, MonitoringConfig or EvaluationModel
        A model file (a file with only a ``[monitoring]`` section is enough), or a dict
        shaped like it: ``{"monitoring": {"kpis": [{"name": ..., "direction": ...,
        "target": ...}]}}``.
    sheet : str or int, optional
        Workbook sheet of the KPI table.
    columns : mapping, optional
        Canonical column -> the file's header (default: the model's ``[columns.kpis]``).

    Returns
    -------
    Monitoring
        ``.scorecard`` (one row per observation), ``.alerts``, ``.latest()``, ``.plot``,
        ``.report(path)``, ``.update_track_records(records)``.

    Raises
    ------
    ModelError
        No ``[monitoring]`` section, a bad setting, or an observation of an undeclared KPI.
    DataError
        A bad period or value (with file, row and column).

    Examples
    --------
    >>> import pandas as pd
    >>> obs = pd.DataFrame({"partner_id": "P1", "kpi": "csat", "value": [4.3, 4.2, 3.1],
    ...                     "period": ["2026-01", "2026-02", "2026-03"]})
    >>> m = monitor(obs, {"monitoring": {"baseline_periods": 2, "kpis": [
    ...     {"name": "csat", "direction": "max", "target": 4.0, "warning": 3.5}]}})
    >>> m.scorecard["status"].tolist()
    ['green', 'green', 'red']
    >>> m.alerts[["partner_id", "kpi", "period", "kind"]].values.tolist()
    [['P1', 'csat', '2026-03', 'breach']]
    """
    config = monitoring_config(model)
    if columns is None:
        columns = _model_columns(model)
    obs = read_kpis(kpis, sheet=sheet, columns=columns)
    source = obs.attrs.get("source")
    unknown = sorted(set(obs["kpi"]) - {k.name for k in config.kpis})
    if unknown:
        rows = obs.index[obs["kpi"] == unknown[0]]
        row = int(rows[0]) + 2
        msg = (
            f"{source}, row {row}, column 'kpi': KPI {unknown[0]!r} is not declared in "
            f"[monitoring]. Declared: {', '.join(k.name for k in config.kpis)}. Add a "
            "[[monitoring.kpis]] table for it or fix the name."
        )
        raise ModelError(msg, source=source, row=row, column="kpi", value=unknown[0])
    if obs["value"].isna().any():
        label = obs.index[obs["value"].isna()][0]
        msg = (
            f"{source}, row {int(label) + 2}, column 'value': the value is empty. Give the "
            "KPI's value for the period, or delete the row (a period without data is reported "
            "as missing)."
        )
        raise DataError(msg, source=source, row=int(label) + 2, column="value")
    periods, freq = parse_periods(obs["period"], source=source)
    obs = obs.assign(period=periods)
    dup = obs.duplicated(["partner_id", "period", "kpi"], keep=False)
    if dup.any():
        label = obs.index[dup][1] if dup.sum() > 1 else obs.index[dup][0]
        row = obs.loc[label]
        msg = (
            f"{source}, row {int(label) + 2}: {row['partner_id']} {row['kpi']} has two values "
            f"for {row['period']} (written differently). Keep one row per partner, KPI and period."
        )
        raise DataError(msg, source=source, row=int(label) + 2, column="period")
    return _score(obs, config, freq)


def _score(obs: pd.DataFrame, config: MonitoringConfig, freq: str) -> Monitoring:
    notes: list[str] = []
    calendar = pd.period_range(obs["period"].min(), obs["period"].max(), freq=freq)
    pos = {p: i for i, p in enumerate(calendar)}
    first_seen = obs.groupby("partner_id")["period"].min()
    keys = obs[["partner_id", "kpi"]].drop_duplicates().sort_values(["partner_id", "kpi"])
    series_keys: list[tuple[str, str]] = [
        (str(p), str(k)) for p, k in zip(keys["partner_id"], keys["kpi"], strict=True)
    ]
    n_series, n_periods = len(series_keys), len(calendar)
    values = np.full((n_series, n_periods), np.nan)
    counts = np.full((n_series, n_periods), np.nan)
    has_n = "n" in obs
    grouped = obs.groupby(["partner_id", "kpi"])
    for s, key in enumerate(series_keys):
        g = grouped.get_group(key)
        idx = [pos[p] for p in g["period"]]
        values[s, idx] = g["value"].to_numpy(float)
        if has_n:
            counts[s, idx] = g["n"].to_numpy(float)

    method, drift = config.drift.method, config.drift
    h = threshold(method, drift.false_alarm_rate, drift.shift, config.baseline_periods)
    mu0 = np.full(n_series, np.nan)
    start = np.full(n_series, n_periods)  # first monitored calendar position
    signs = np.array([config.kpi(k).sign for _, k in series_keys])
    bases: list[np.ndarray] = []
    for s, (pid, kname) in enumerate(series_keys):
        observed = np.flatnonzero(~np.isnan(values[s]))
        base = observed[: config.baseline_periods]
        bases.append(base)
        if observed.size <= config.baseline_periods:
            notes.append(
                f"{pid} {kname}: {observed.size} period(s), not more than the "
                f"{config.baseline_periods}-period baseline: no drift detection yet."
            )
        if base.size >= 2:
            mu0[s] = values[s, base].mean()
            start[s] = int(base[-1]) + 1 if observed.size > base.size else n_periods
    sigma_t, sigma = _noise(values, counts, bases, mu0, series_keys, config, notes)
    z = signs[:, None] * (mu0[:, None] - values) / sigma_t
    monitored = np.arange(n_periods)[None, :] >= start[:, None]
    z = np.where(monitored & np.isfinite(z), z, np.nan)
    if method == "cusum":
        stat, alarm = cusum(z, h, drift.shift / 2.0)
    else:
        stat, alarm = ewma(z, h, min(1.0, 0.2 * drift.shift))

    rows: list[dict[str, Any]] = []
    alerts: list[dict[str, Any]] = []
    for s, (pid, kname) in enumerate(series_keys):
        kpi = config.kpi(kname)
        observed = np.flatnonzero(~np.isnan(values[s]))
        trend = _trend(values[s, observed], kpi.sign, sigma[s])
        comments = (
            obs.loc[(obs["partner_id"] == pid) & (obs["kpi"] == kname)]
            .set_index("period")
            .get("comment")
        )
        for j, t in enumerate(observed.tolist()):
            value = float(values[s, t])
            n = counts[s, t]
            share = 0.0 < kpi.target < 1.0 and 0.0 <= value <= 1.0
            if np.isfinite(n) and n > 0 and share:
                noise = float(np.sqrt(kpi.target * (1 - kpi.target) / n))
            else:
                noise = float(sigma[s]) if np.isfinite(sigma[s]) else 0.0
            status = _status(value, kpi, noise, config.noise_z)
            period = calendar[t]
            comment = comments.get(period) if comments is not None else None
            rows.append(
                {
                    "partner_id": pid,
                    "period": str(period),
                    "kpi": kname,
                    "value": value,
                    "target": kpi.target,
                    "warning": kpi.warning,
                    "status": status,
                    "trend": trend[j],
                    "baseline": mu0[s],
                    "noise": noise,
                    "drift_statistic": stat[s, t] if monitored[s, t] else np.nan,
                    "n": n,
                    "comment": comment if isinstance(comment, str) else "",
                }
            )
            worse = "below" if kpi.sign > 0 else "above"
            if status == "red":
                edge = (
                    f"beyond the amber edge {_fmt(kpi.warning)}"
                    if kpi.warning is not None
                    else f"by more than {config.noise_z:g} x its noise {_fmt(noise)}"
                )
                alerts.append(
                    {
                        "partner_id": pid,
                        "kpi": kname,
                        "period": str(period),
                        "kind": "breach",
                        "value": value,
                        "message": (
                            f"{pid} {kname} {period}: {_fmt(value)} is {worse} the target "
                            f"{_fmt(kpi.target)} and {edge}."
                        ),
                    }
                )
            elif alarm[s, t]:
                alerts.append(
                    {
                        "partner_id": pid,
                        "kpi": kname,
                        "period": str(period),
                        "kind": "drift",
                        "value": value,
                        "message": (
                            f"{pid} {kname} {period}: sustained shift {worse} its own baseline "
                            f"level {_fmt(mu0[s])} ({method.upper()} {stat[s, t]:.2f} > {h:.2f}); "
                            + (
                                f"still within the target {_fmt(kpi.target)}."
                                if status == "green"
                                else f"{worse} the target {_fmt(kpi.target)}, in the amber band."
                            )
                        ),
                    }
                )
        first = pos[first_seen[pid]]
        for t in range(first, n_periods):
            if np.isnan(values[s, t]):
                alerts.append(
                    {
                        "partner_id": pid,
                        "kpi": kname,
                        "period": str(calendar[t]),
                        "kind": "missing",
                        "value": np.nan,
                        "message": f"{pid} {kname} {calendar[t]}: no value reported.",
                    }
                )
    scorecard = pd.DataFrame(rows)
    alert_cols = ["partner_id", "kpi", "period", "kind", "value", "message"]
    alert_frame = pd.DataFrame(alerts, columns=alert_cols)
    if not alert_frame.empty:
        order = {str(p): i for i, p in enumerate(calendar)}
        alert_frame = (
            alert_frame.assign(_o=alert_frame["period"].map(order))
            .sort_values(["partner_id", "kpi", "_o", "kind"], kind="stable")
            .drop(columns="_o")
            .reset_index(drop=True)
        )
    limits = pd.DataFrame(
        {
            "partner_id": [p for p, _ in series_keys],
            "kpi": [k for _, k in series_keys],
            "baseline": mu0,
            "sigma": sigma,
            "threshold": h,
            "monitored_from": [str(calendar[i]) if i < n_periods else "" for i in start.tolist()],
        }
    )
    return Monitoring(
        config=config,
        observations=obs.assign(period=obs["period"].astype(str)),
        scorecard=scorecard,
        alerts=alert_frame,
        limits=limits,
        periods=tuple(str(p) for p in calendar),
        notes=tuple(notes),
    )
