"""The :class:`Monitoring` result: scorecard, alerts, plots, reports, evidence for re-ranking."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from partnerselect.monitoring.config import MonitoringConfig

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Monitoring", "MonitoringPlot"]


class MonitoringPlot:
    """Plots of a :class:`Monitoring`; calling it draws the scorecard heat map.

    Parameters
    ----------
    obj : Monitoring
        The monitoring result to draw.
    """

    def __init__(self, obj: Monitoring) -> None:
        self._obj = obj

    def __repr__(self) -> str:
        return (
            "<MonitoringPlot: call it for the scorecard heat map, or use .control_chart, .heatmap>"
        )

    def __call__(self, *, ax: Axes | None = None) -> Axes:
        """Draw :meth:`heatmap`.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).
        """
        return self.heatmap(ax=ax)

    def heatmap(self, *, ax: Axes | None = None) -> Axes:
        """Latest status per partner and KPI (see :func:`partnerselect.plot.monitoring.scorecard_heatmap`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).
        """
        from partnerselect.plot.monitoring import scorecard_heatmap

        return scorecard_heatmap(self._obj, ax=ax)

    def control_chart(self, partner: Any, kpi: str, *, ax: Axes | None = None) -> Axes:
        """One partner's KPI over time (see :func:`partnerselect.plot.monitoring.control_chart`).

        Parameters
        ----------
        partner : partner id
            The partner.
        kpi : str
            The KPI.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).
        """
        from partnerselect.plot.monitoring import control_chart

        return control_chart(self._obj, partner, kpi, ax=ax)


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Monitoring:
    """Partners' KPIs scored against their targets, with breach, drift and missing alerts.

    Attributes
    ----------
    config : MonitoringConfig
    observations : DataFrame
        The KPI table as read.
    scorecard : DataFrame
        One row per observation: ``partner_id, period, kpi, value, target, warning, status,
        trend, baseline, noise, drift_statistic, n, comment``.
    alerts : DataFrame
        ``partner_id, kpi, period, kind ("breach" | "drift" | "missing"), value, message``.
    limits : DataFrame
        Per partner and KPI: baseline level, noise sigma, alarm threshold and the first
        monitored period.
    periods : tuple of str
        Every period from the first to the last in the data.
    notes : tuple of str
        Automatic decisions (series too short for drift detection, constant baselines).
    """

    config: MonitoringConfig
    observations: pd.DataFrame
    scorecard: pd.DataFrame
    alerts: pd.DataFrame
    limits: pd.DataFrame
    periods: tuple[str, ...]
    notes: tuple[str, ...] = ()
    _figure_cache: dict[str, Any] = dataclasses.field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    @property
    def plot(self) -> MonitoringPlot:
        """Plot accessor: ``.plot()`` heat map, ``.plot.control_chart(partner, kpi)``."""
        return MonitoringPlot(self)

    def to_frame(self) -> pd.DataFrame:
        """The scorecard (a copy)."""
        return self.scorecard.copy()

    def latest(self) -> pd.DataFrame:
        """Each partner's latest observation of each KPI, with its status."""
        order = {p: i for i, p in enumerate(self.periods)}
        sc = self.scorecard.assign(_o=self.scorecard["period"].map(order))
        idx = sc.groupby(["partner_id", "kpi"])["_o"].idxmax()
        cols = ["partner_id", "kpi", "period", "value", "target", "status", "trend"]
        return sc.loc[idx, cols].reset_index(drop=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Monitoring):
            return NotImplemented
        return (
            self.config == other.config
            and self.periods == other.periods
            and self.scorecard.equals(other.scorecard)
            and self.alerts.equals(other.alerts)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        counts = self.alerts["kind"].value_counts()
        parts = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("breach", "drift", "missing"))
        n_partners = self.scorecard["partner_id"].nunique()
        return (
            f"<Monitoring: {n_partners} partners, {len(self.config.kpis)} KPIs, "
            f"{len(self.periods)} periods ({self.periods[0]} to {self.periods[-1]}); alerts: {parts}>"
        )

    def _repr_html_(self) -> str:
        latest = self.latest()
        alerts = self.alerts.drop(columns=["value"])
        return (
            f"<p><b>{html.escape(repr(self))}</b></p><p>Latest status</p>"
            + latest.to_html(index=False, escape=True)
            + "<p>Alerts</p>"
            + alerts.to_html(index=False, escape=True)
        )

    # ---------------------------------------------------------------- outputs
    def report(self, path: str | Path, **options: Any) -> Path:
        """Write the scorecard report; the suffix picks the format.

        ``.html`` (self-contained, plots embedded), ``.md`` (PNG plots beside it),
        ``.xlsx`` (scorecard, alerts, limits sheets) or ``.csv`` (the scorecard).

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write; the suffix picks the format.
        **options
            Options of the format's writer (for example ``plots=False``).
        """
        from partnerselect.monitoring.report import write_monitoring_report

        return write_monitoring_report(self, Path(path), **options)

    def update_track_records(self, records: pd.DataFrame | None = None) -> pd.DataFrame:
        """The track records with each monitored partner-period added as evidence.

        Every KPI that declares a ``record_column`` (or is named like a track-record value
        column: ``quality_score``, ``csat``, ``defects``, ``escalations``) fills that column
        of one row per partner and period, ``project_id = "KPI-<period>"``, ``start_date`` =
        the period's first day and status ``ongoing`` (so schedule and budget metrics, which
        need finished projects, are untouched). The next :func:`partnerselect.evaluate` then
        weighs incumbents' recent performance with its usual recency weighting.

        Parameters
        ----------
        records : DataFrame, optional
            The existing track records (not modified).

        Returns
        -------
        DataFrame
            ``records`` with the new rows appended (``attrs["notes"]`` lists what was added
            and which KPIs feed no column).
        """
        from partnerselect.monitoring.evidence import kpi_records

        return kpi_records(self, records)
