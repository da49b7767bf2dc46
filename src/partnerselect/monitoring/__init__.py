"""After the award: monitor partners' KPIs against their targets.

``ps.monitor(kpis, model)`` scores each periodic KPI observation green/amber/red against
its target, raises breach alerts (worse than target beyond noise), drift alerts (a
sustained shift of the partner's own level, found by a CUSUM or EWMA chart with a stated
in-control run length) and missing-data alerts, draws control charts and a scorecard heat
map, and writes scorecard reports. ``ps.reevaluate(evaluation, monitoring)`` answers
"would we still choose them today?" by feeding the monitoring periods back into the track
records and re-ranking the original candidates.
"""

from partnerselect.monitoring.config import KPI, DriftSettings, MonitoringConfig, monitoring_config
from partnerselect.monitoring.core import monitor, read_kpis
from partnerselect.monitoring.evidence import Reevaluation, reevaluate
from partnerselect.monitoring.result import Monitoring, MonitoringPlot

__all__ = [
    "KPI",
    "DriftSettings",
    "Monitoring",
    "MonitoringConfig",
    "MonitoringPlot",
    "Reevaluation",
    "monitor",
    "monitoring_config",
    "read_kpis",
    "reevaluate",
]
