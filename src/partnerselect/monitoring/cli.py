"""``partnerselect monitor``: the latest scorecard and every alert, and the reports."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

__all__ = ["add_monitor_parser", "cmd_monitor"]

MONITOR_FORMATS = ("html", "md", "xlsx", "csv")


def _clean(text: Any) -> str:
    """Printable text: control characters (ANSI escapes included) never reach the terminal."""
    from partnerselect.report.sanitize import clean_text

    return clean_text(text)


def cmd_monitor(args: argparse.Namespace) -> int:
    """Run :func:`partnerselect.monitor` and print the latest status and the alerts."""
    from partnerselect.monitoring import monitor

    m = monitor(args.kpis, args.model, sheet=args.sheet)
    print(_clean(repr(m)))
    print("\nLatest status:")
    latest = m.latest()
    width = max(len(_clean(p)) for p in latest["partner_id"])
    kwidth = max(len(_clean(k)) for k in latest["kpi"])
    for r in latest.itertuples(index=False):
        print(
            f"  {_clean(r.partner_id):<{width}}  {_clean(r.kpi):<{kwidth}}  {r.period}  "
            f"{r.value:>8.4g}  target {r.target:<6g} {str(r.status).upper():<5}  {r.trend}"
        )
    print(f"\nAlerts ({len(m.alerts)}):")
    for a in m.alerts.itertuples(index=False):
        print(f"  [{a.kind}] {_clean(a.message)}")
    for note in m.notes:
        print(f"note: {_clean(note)}")
    out = Path(args.out)
    formats = args.format or list(MONITOR_FORMATS)
    written = [m.report(out / f"partnerselect-monitoring.{fmt}") for fmt in formats]
    print("\nReports written:")
    for path in written:
        print(f"  {path}")
    return 0


def add_monitor_parser(sub: Any) -> None:
    """Register the ``monitor`` sub-command on an argparse sub-parser collection."""
    p = sub.add_parser(
        "monitor",
        help="score awarded partners' KPIs against their targets; list breach, drift and missing alerts",
    )
    p.add_argument(
        "--kpis",
        required=True,
        help="KPI observations: partner_id, period (2026-07, 2026-Q3 or a date), kpi, value[, n, comment]",
    )
    p.add_argument(
        "--model",
        required=True,
        help="model file with a [monitoring] section (TOML, YAML or JSON)",
    )
    p.add_argument("--sheet", help="workbook sheet of the KPI table (default: the first)")
    p.add_argument(
        "--out",
        default="partnerselect-monitoring",
        help="output folder for the scorecard reports (default: %(default)s)",
    )
    p.add_argument(
        "--format",
        action="append",
        choices=MONITOR_FORMATS,
        help="report format; repeat for several (default: all)",
    )
    p.set_defaults(func=cmd_monitor)
