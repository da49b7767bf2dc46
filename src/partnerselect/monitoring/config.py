"""The ``[monitoring]`` section of a model file, as typed frozen objects.

.. code-block:: toml

    [monitoring]
    baseline_periods = 6                   # the partner's own level is learnt from these
    drift = { method = "cusum", false_alarm_rate = 0.0027, shift = 2.0 }
    noise_z = 1.645                        # "beyond noise" for breaches (one-sided 95 %)

    [[monitoring.kpis]]
    name = "on_time_rate"
    direction = "max"                      # "max": higher is better; "min": lower is better
    target = 0.90                          # the contractual level
    warning = 0.85                         # optional amber band edge (worse side of target)
    unit = "share of milestones"
    why = "Milestones met on the agreed date."
    record_column = "on_time_rate"         # optional: track-record column it feeds

A model file holding only a ``[monitoring]`` section is valid for monitoring.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partnerselect.errors import ModelError

__all__ = ["KPI", "DriftSettings", "MonitoringConfig", "monitoring_config"]

_DRIFT_METHODS = ("cusum", "ewma")


def _hint(name: str, options: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def _check_keys(table: Mapping[str, Any], known: Sequence[str], where: str) -> None:
    for key in table:
        if key not in known:
            msg = (
                f"Unknown key {key!r} in {where}.{_hint(str(key), known)} "
                f"Known keys: {', '.join(known)}."
            )
            raise ModelError(msg, value=key)


def _number(
    value: Any,
    key: str,
    where: str,
    *,
    low: float | None = None,
    high: float | None = None,
    open_low: bool = False,
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        msg = f"{where}: {key!r} must be a finite number. Got {value!r} instead."
        raise ModelError(msg, value=value)
    x = float(value)
    if low is not None and (x < low or (open_low and x == low)):
        side = ">" if open_low else ">="
        msg = f"{where}: {key!r} must be {side} {low:g}. Got {value!r} instead."
        raise ModelError(msg, value=value)
    if high is not None and x > high:
        msg = f"{where}: {key!r} must be <= {high:g}. Got {value!r} instead."
        raise ModelError(msg, value=value)
    return x


def _text(value: Any, key: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        msg = f"{where}: {key!r} must be non-empty text. Got {value!r} instead."
        raise ModelError(msg, value=value)
    return value.strip()


@dataclass(frozen=True)
class KPI:
    """One monitored key performance indicator and its target.

    Parameters
    ----------
    name : str
        The KPI name, as in the ``kpi`` column of the observations.
    direction : {"max", "min"}
        ``"max"`` when higher is better.
    target : float
        The agreed level: a value on the wrong side of it misses the target.
    warning : float, optional
        Edge of the amber band, on the worse side of ``target``: values between the two are
        amber, beyond it red. Without it, the band is the period's noise.
    unit, why : str
        For the reports.
    record_column : str, optional
        The track-record column this KPI updates (:meth:`Monitoring.update_track_records`).
    """

    name: str
    direction: str
    target: float
    warning: float | None = None
    unit: str = ""
    why: str = ""
    record_column: str | None = None

    @property
    def sign(self) -> int:
        """+1 when higher is better, -1 when lower is better."""
        return 1 if self.direction == "max" else -1


@dataclass(frozen=True)
class DriftSettings:
    """The drift detector: a one-sided CUSUM (or EWMA) on the partner's own baseline.

    Parameters
    ----------
    method : {"cusum", "ewma"}
    false_alarm_rate : float
        In-control probability of an alarm per period; the in-control average run length is
        its inverse (0.0027 gives 370 periods, the Shewhart 3-sigma convention).
    shift : float
        The shift to detect fastest, in noise standard deviations (CUSUM reference value
        ``k = shift / 2``; EWMA smoothing ``lambda = min(1, 0.2 * shift)``).
    """

    method: str = "cusum"
    false_alarm_rate: float = 0.0027
    shift: float = 2.0


@dataclass(frozen=True)
class MonitoringConfig:
    """The whole ``[monitoring]`` section.

    Parameters
    ----------
    kpis : tuple of KPI
        The KPIs watched (``[[monitoring.kpis]]``).
    baseline_periods : int, default 6
        Periods that set each KPI's baseline for drift detection.
    drift : DriftSettings
        Drift detector (``cusum`` or ``ewma``) and its false-alarm rate.
    noise_z : float, default 1.645
        z value of the noise band around the target.
    """

    kpis: tuple[KPI, ...]
    baseline_periods: int = 6
    drift: DriftSettings = field(default_factory=DriftSettings)
    noise_z: float = 1.645

    def kpi(self, name: str) -> KPI:
        """The KPI called ``name``.

        Parameters
        ----------
        name : str
            KPI name.
        """
        for k in self.kpis:
            if k.name == name:
                return k
        msg = f"Unknown KPI {name!r}.{_hint(name, [k.name for k in self.kpis])}"
        raise ModelError(msg, value=name)

    @classmethod
    def from_mapping(
        cls, section: Mapping[str, Any], where: str = "[monitoring]"
    ) -> MonitoringConfig:
        """Parse and check a ``[monitoring]`` table.

        Parameters
        ----------
        section : mapping
            The ``[monitoring]`` table as read from the file.
        where : str, default "[monitoring]"
            Where the table came from, named in error messages.

        Examples
        --------
        >>> cfg = MonitoringConfig.from_mapping(
        ...     {"kpis": [{"name": "csat", "direction": "max", "target": 4.0}]})
        >>> cfg.kpis[0].target, cfg.drift.method
        (4.0, 'cusum')
        """
        if not isinstance(section, Mapping):
            msg = f"{where} must be a table. Got {type(section).__name__} instead."
            raise ModelError(msg)
        _check_keys(section, ("kpis", "baseline_periods", "drift", "noise_z"), where)
        raw_kpis = section.get("kpis")
        if not isinstance(raw_kpis, list) or not raw_kpis:
            msg = (
                f"{where} needs at least one KPI: add [[monitoring.kpis]] tables with name, "
                "direction and target."
            )
            raise ModelError(msg)
        kpis = tuple(_kpi(k, f"{where} kpis[{i}]") for i, k in enumerate(raw_kpis))
        names = [k.name for k in kpis]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            msg = (
                f"{where}: KPI {dup[0]!r} is declared twice. Keep one [[monitoring.kpis]] per KPI."
            )
            raise ModelError(msg, value=dup[0])
        baseline = section.get("baseline_periods", 6)
        if isinstance(baseline, bool) or not isinstance(baseline, int) or not 2 <= baseline <= 120:
            msg = f"{where}: 'baseline_periods' must be an integer in [2, 120]. Got {baseline!r} instead."
            raise ModelError(msg, value=baseline)
        drift = section.get("drift", {})
        if not isinstance(drift, Mapping):
            msg = f"{where}: 'drift' must be a table. Got {drift!r} instead."
            raise ModelError(msg, value=drift)
        _check_keys(drift, ("method", "false_alarm_rate", "shift"), f"{where} drift")
        method = drift.get("method", "cusum")
        if method not in _DRIFT_METHODS:
            msg = f"{where} drift: 'method' must be one of {', '.join(_DRIFT_METHODS)}. Got {method!r} instead."
            raise ModelError(msg, value=method)
        rate = _number(
            drift.get("false_alarm_rate", 0.0027),
            "false_alarm_rate",
            f"{where} drift",
            low=0.0,
            high=0.2,
            open_low=True,
        )
        shift = _number(
            drift.get("shift", 2.0), "shift", f"{where} drift", low=0.0, high=5.0, open_low=True
        )
        noise_z = _number(section.get("noise_z", 1.645), "noise_z", where, low=0.0, high=6.0)
        return cls(
            kpis=kpis,
            baseline_periods=baseline,
            drift=DriftSettings(method=method, false_alarm_rate=rate, shift=shift),
            noise_z=noise_z,
        )


def _kpi(raw: Any, where: str) -> KPI:
    if not isinstance(raw, Mapping):
        msg = f"{where} must be a table with name, direction and target. Got {raw!r} instead."
        raise ModelError(msg, value=raw)
    known = ("name", "direction", "target", "warning", "unit", "why", "record_column")
    _check_keys(raw, known, where)
    for key in ("name", "direction", "target"):
        if key not in raw:
            msg = f"{where} lacks {key!r}. Each KPI needs name, direction and target."
            raise ModelError(msg)
    name = _text(raw["name"], "name", where)
    where = f"{where} ({name})"
    direction = raw["direction"]
    if direction not in ("max", "min"):
        msg = f"{where}: 'direction' must be 'max' or 'min'. Got {direction!r} instead."
        raise ModelError(msg, value=direction)
    target = _number(raw["target"], "target", where)
    warning = raw.get("warning")
    if warning is not None:
        warning = _number(warning, "warning", where)
        worse = warning < target if direction == "max" else warning > target
        if not worse:
            side = "below" if direction == "max" else "above"
            msg = (
                f"{where}: 'warning' ({warning:g}) must lie {side} the target ({target:g}): it is "
                "the edge of the amber band on the worse side of the target."
            )
            raise ModelError(msg, value=warning)
    record_column = raw.get("record_column")
    if record_column is not None:
        record_column = _text(record_column, "record_column", where)
    return KPI(
        name=name,
        direction=direction,
        target=target,
        warning=warning,
        unit=str(raw.get("unit", "")),
        why=str(raw.get("why", "")),
        record_column=record_column,
    )


def monitoring_config(model: Any) -> MonitoringConfig:
    """A :class:`MonitoringConfig` from a model-file path, a mapping or a config.

    Parameters
    ----------
    model : str, Path, mapping, MonitoringConfig or an object with a ``monitoring`` section
        A mapping is shaped like the file: ``{"monitoring": {"kpis": [...]}}``.

    Raises
    ------
    ModelError
        No ``[monitoring]`` section, or a bad key, type or value in it.
    FileFormatError
        The model file cannot be read.
    """
    if isinstance(model, MonitoringConfig):
        return model
    if isinstance(model, str | Path):
        from partnerselect.io.model_file import load_model_dict

        data: Any = load_model_dict(model)
        where = f"{str(model)!r} [monitoring]"
    elif isinstance(model, Mapping):
        data, where = model, "[monitoring]"
    else:
        section = getattr(model, "monitoring", None)
        if isinstance(section, MonitoringConfig):
            return section
        if isinstance(section, Mapping):
            return MonitoringConfig.from_mapping(section)
        raw = getattr(model, "raw", None)
        data, where = (raw if isinstance(raw, Mapping) else {}), "[monitoring]"
    if "monitoring" not in data:
        msg = (
            "The model has no [monitoring] section. Add one with [[monitoring.kpis]] tables "
            "(name, direction, target); see the monitoring notebook."
        )
        raise ModelError(msg)
    return MonitoringConfig.from_mapping(data["monitoring"], where)
