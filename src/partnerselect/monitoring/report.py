"""Scorecard reports of a :class:`Monitoring`: HTML, Markdown, Excel and CSV.

Built from the result's frames only. Partner ids, KPI names and comments come from vendors
and contract managers: HTML is autoescaped, Markdown escaped, spreadsheet cells neutralised,
control characters removed; every file is written to a temporary file and moved into place.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from partnerselect.errors import FileFormatError

if TYPE_CHECKING:
    from partnerselect.monitoring.result import Monitoring

__all__ = ["write_monitoring_report"]


def _clean(value: Any) -> Any:
    """Text as one line with no control character (the reports' one policy); else as is."""
    from partnerselect.report.sanitize import clean_text

    return clean_text(value) if isinstance(value, str) else value


def _clean_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(_clean)
    return out


def _atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, moved into place when complete."""
    from partnerselect.report.files import atomic_path

    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        write(tmp)
    return path


def _figures(m: Monitoring) -> list[tuple[str, bytes]]:
    """Every chart as PNG bytes, drawn once per result and shared by the formats."""
    cached = m._figure_cache.get("png")
    if cached is not None:
        return list(cached)
    import matplotlib.pyplot as plt

    figs: list[tuple[str, Any]] = [("Latest status", m.plot.heatmap().get_figure(root=True))]
    for pid, kpi in m.limits[["partner_id", "kpi"]].itertuples(index=False):
        figs.append((_clean(f"{pid}: {kpi}"), m.plot.control_chart(pid, kpi).get_figure(root=True)))
    out = []
    for title, fig in figs:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=96)
        plt.close(fig)
        out.append((title, buf.getvalue()))
    m._figure_cache["png"] = tuple(out)
    return out


_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Partner monitoring scorecard</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
th{background:#f3f3f3}td{white-space:nowrap}td:last-child{white-space:normal}.green{background:#d6f0e6}.amber{background:#fbe6bf}.red{background:#f6d0bd}
img{max-width:100%;page-break-inside:avoid}figure{margin:0 0 1.5rem}
</style></head><body>
<h1>Partner monitoring scorecard</h1>
<p>{{ summary }}</p>
<h2>Latest status</h2>
<table><tr>{% for c in latest.columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in latest.itertuples(index=False) %}<tr>{% for v in row %}
<td{% if v in ("green", "amber", "red") %} class="{{ v }}"{% endif %}>{{ fmt(v) }}</td>{% endfor %}</tr>
{% endfor %}</table>
<h2>Alerts</h2>
{% if alerts.empty %}<p>None.</p>{% else %}
<table><tr><th>partner</th><th>KPI</th><th>period</th><th>kind</th><th>message</th></tr>
{% for a in alerts.itertuples(index=False) %}<tr><td>{{ a.partner_id }}</td><td>{{ a.kpi }}</td>
<td>{{ a.period }}</td><td>{{ a.kind }}</td><td>{{ a.message }}</td></tr>{% endfor %}</table>{% endif %}
<h2>KPIs and detection</h2>
<table><tr><th>KPI</th><th>direction</th><th>target</th><th>amber edge</th><th>unit</th><th>why</th></tr>
{% for k in config.kpis %}<tr><td>{{ k.name }}</td><td>{{ k.direction }}</td><td>{{ k.target }}</td>
<td>{{ k.warning if k.warning is not none else "" }}</td><td>{{ k.unit }}</td><td>{{ k.why }}</td></tr>{% endfor %}</table>
<p>Drift: one-sided {{ config.drift.method | upper }} on each partner's own baseline (first
{{ config.baseline_periods }} periods), threshold set for an in-control average run length of
{{ arl0 }} periods (false-alarm rate {{ config.drift.false_alarm_rate }} per period).</p>
{% if notes %}<h2>Notes</h2><ul>{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul>{% endif %}
<h2>Charts</h2>
{% for title, uri in figures %}<figure><img alt="{{ title }}" src="{{ uri }}"><figcaption>{{ title }}</figcaption></figure>
{% endfor %}
</body></html>
"""


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "" if pd.isna(v) else f"{v:.4g}"
    return str(v)


def _summary(m: Monitoring) -> str:
    counts = m.alerts["kind"].value_counts()
    return (
        f"{m.scorecard['partner_id'].nunique()} partners, {len(m.config.kpis)} KPIs, periods "
        f"{m.periods[0]} to {m.periods[-1]}. Alerts: {counts.get('breach', 0)} breach, "
        f"{counts.get('drift', 0)} drift, {counts.get('missing', 0)} missing."
    )


def _html(m: Monitoring, path: Path) -> None:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    figures = [
        (title, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
        for title, png in _figures(m)
    ]
    text = env.from_string(_HTML).render(
        summary=_summary(m),
        latest=_clean_frame(m.latest()),
        alerts=_clean_frame(m.alerts),
        config=m.config,
        notes=[_clean(n) for n in m.notes],
        figures=[(_clean(t), u) for t, u in figures],
        fmt=_fmt,
        arl0=round(1 / m.config.drift.false_alarm_rate),
    )
    path.write_text(text, encoding="utf-8")


def _markdown(m: Monitoring, path: Path, final: Path) -> None:
    from partnerselect.report.files import atomic_write_bytes
    from partnerselect.report.markdown import md_escape, md_table

    folder = final.parent / f"{final.stem}_files"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Partner monitoring scorecard",
        "",
        md_escape(_summary(m)),
        "",
        "## Latest status",
        "",
    ]
    lines.append(md_table(_clean_frame(m.latest())))
    lines += ["## Alerts", ""]
    lines.append(md_table(_clean_frame(m.alerts.drop(columns=["value"]))))
    if m.notes:
        lines += ["## Notes", ""] + [f"- {md_escape(_clean(n))}" for n in m.notes] + [""]
    lines += ["## Charts", ""]
    for i, (title, png) in enumerate(_figures(m), start=1):
        name = f"chart-{i:02d}.png"
        atomic_write_bytes(folder / name, png)
        lines += [f"![{md_escape(title)}]({folder.name}/{name})", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _excel(m: Monitoring, path: Path) -> None:
    from partnerselect.report.tables import neutralize

    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for name, df in (
            ("latest", m.latest()),
            ("scorecard", m.scorecard),
            ("alerts", m.alerts),
            ("limits", m.limits),
        ):
            neutralize(_clean_frame(df)).to_excel(xl, sheet_name=name, index=False)


def _csv(m: Monitoring, path: Path) -> None:
    from partnerselect.report.tables import neutralize

    neutralize(_clean_frame(m.scorecard)).to_csv(path, index=False, lineterminator="\n")


def write_monitoring_report(m: Monitoring, path: Path, **_: Any) -> Path:
    """Write ``m`` to ``path`` in the format its suffix names (.html, .md, .xlsx, .csv)."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return _atomic(path, lambda tmp: _html(m, tmp))
    if suffix in (".md", ".markdown"):
        return _atomic(path, lambda tmp: _markdown(m, tmp, path))
    if suffix == ".xlsx":
        return _atomic(path, lambda tmp: _excel(m, tmp))
    if suffix == ".csv":
        return _atomic(path, lambda tmp: _csv(m, tmp))
    msg = f"Cannot write a monitoring report as {suffix or '(no suffix)'!r}. Use .html, .md, .xlsx or .csv."
    raise FileFormatError(msg, source=str(path), value=suffix)
