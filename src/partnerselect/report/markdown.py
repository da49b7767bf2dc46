"""Markdown report (with PNG plots in a folder beside it when plotting is available)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from partnerselect.report import tables as tb
from partnerselect.report.files import atomic_write_bytes, run_id
from partnerselect.report.sanitize import clean_text
from partnerselect.report.tables import summary_tables

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["write_markdown"]

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+!|"})


def md_escape(value: Any) -> str:
    """Escape Markdown (and inline HTML) control characters in untrusted text.

    The text is first made one line without control characters
    (:func:`~partnerselect.report.sanitize.clean_text`), so a table row stays one row.

    Examples
    --------
    >>> md_escape("Data & <Insight> | Partners")
    'Data &amp; \\\\<Insight\\\\> \\\\| Partners'
    """
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    return clean_text(text).replace("&", "&amp;").translate(_MD_SPECIAL)


def md_table(df: pd.DataFrame, floatfmt: str = ".4g") -> str:
    """A pipe table with every cell escaped."""
    if df.empty:
        return "_none_\n"
    cols = [md_escape(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, float):
                cells.append("" if pd.isna(v) else format(v, floatfmt))
            elif isinstance(v, list | tuple):
                cells.append(md_escape(", ".join(map(str, v))))
            else:
                cells.append(md_escape(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _png_plots(ev: Evaluation, path: Path, *, strict: bool) -> dict[str, list[dict[str, str]]]:
    """Draw the report's plots as PNG files in ``<stem>_files/`` beside the report (``path``
    is where the report will be; each PNG is written atomically)."""
    from partnerselect.report.plots import by_section, rendered_plots

    folder = path.parent / f"{path.stem}_files"
    folder.mkdir(parents=True, exist_ok=True)
    drawn = rendered_plots(ev, strict=strict)
    names: dict[int, str] = {}
    for i, plot in enumerate(drawn, start=1):
        if plot.png:
            slug = "".join(ch if ch.isalnum() else "-" for ch in plot.title.lower()).strip("-")
            name = f"{i:02d}-{slug[:40]}.png"
            atomic_write_bytes(folder / name, plot.png)
            names[id(plot)] = f"{folder.name}/{name}"
    return by_section(drawn, lambda p: names[id(p)])


def _summary_line(ev: Evaluation) -> str:
    """The summary box: "too close to call" when SMAA disagrees, else the recommendation."""
    from partnerselect.report.tables import recommendation

    rec = recommendation(ev)
    lead = f"{rec['name']} ({rec['partner_id']})"
    if rec.get("headline"):
        return (
            f"**{md_escape(rec['headline'])}** Leading by the stated weights: {md_escape(lead)}.\n"
        )
    return f"**Recommended partner: {md_escape(lead)}**, score {rec['score']}.\n"


def write_markdown(
    ev: Evaluation,
    path: Path,
    *,
    plots: bool = True,
    strict_plots: bool = False,
    final_path: Path | None = None,
    **_: Any,
) -> Path:
    """Write the committee report as Markdown, with PNG plots in ``<stem>_files/``.

    ``final_path``: where the report ends up when ``path`` is a temporary file (the plot
    folder is named after it).
    """
    from partnerselect.report.plots import start_plots

    # the plots are drawn by worker processes while the tables below are built
    pending = start_plots(ev, strict=strict_plots) if plots else None
    try:
        parts = _text_parts(ev)
    except BaseException:
        if pending is not None:
            pending.cancel()  # type: ignore[attr-defined]
        raise
    drawn = _png_plots(ev, Path(final_path or path), strict=strict_plots) if plots else {}
    if drawn:
        parts.append("## Plots\n")
        for items in drawn.values():
            for item in items:
                if item["uri"]:
                    parts.append(f"### {md_escape(item['title'])}\n")
                    parts.append(f"![{md_escape(item['title'])}]({item['uri']})\n")
                    parts.append(f"_{md_escape(item['caption'])}_\n")
                else:
                    parts.append(
                        f"- Plot unavailable: {md_escape(item['title'])} ({md_escape(item['error'])})\n"
                    )
    if ev.notes:
        parts.append("## Notes (automatic decisions and warnings)\n")
        parts.extend(f"- {md_escape(n)}\n" for n in ev.notes)
    Path(path).write_text("\n".join(parts), encoding="utf-8")
    return Path(path)


def _text_parts(ev: Evaluation) -> list[str]:
    """The report up to its plots: header, summary, tables, scenarios, verdict."""
    tables = summary_tables(ev)
    parts = [
        f"# {md_escape(ev.model.name)}: partner ranking report\n",
        f"Generated {ev.created} by partnerselect; method **{ev.ranking.method}**"
        f" ({md_escape(dict(ev.ranking.params))}), ties: {ev.ranking.ties}. Run id: `{run_id(ev)}`.\n",
        _summary_line(ev),
        "## Inputs\n",
        md_table(pd.DataFrame([{"input": k, **v} for k, v in ev.inputs.items()])),
    ]
    for title, df in tables.items():
        parts.append(f"## {title}\n")
        parts.append(md_table(df))
    scenario_tables = tb.scenario_tables(ev)
    if scenario_tables is not None:
        parts.append("## Scenarios\n")
        parts.append(md_table(scenario_tables[0]))
        parts.append("Rank under the base model and each scenario (– : not ranked).\n")
        parts.append(md_table(scenario_tables[1]))
    if ev.verdict is not None:
        parts.append("## Robustness verdict\n")
        parts.append(md_escape(str(ev.verdict)) + "\n")
    confidence = tb.condensed_confidence(ev)
    if confidence is not None:
        parts.append("## SMAA-2 confidence factors\n")
        parts.append(
            "For each partner that some weighting ranks first: how often it stays first at "
            "its central weights when the track-record data vary (standard error beside; central weights in the Excel report).\n"
        )
        parts.append(md_table(confidence))
    return parts
