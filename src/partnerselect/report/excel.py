"""Committee report as an Excel workbook: one sheet per table, formula-safe.

Written with openpyxl. Every sheet has a bold header row frozen in place, an autofilter,
fitted column widths and number formats (weights and probabilities as percentages, scores
with four decimals). Every string cell, headers included, goes through
:func:`~partnerselect.report.tables.safe_cell` (a leading ``= + - @`` tab or carriage
return gets an apostrophe, as OWASP advises for CSV injection) AND is stored with the
string type, so that a partner named ``=HYPERLINK(...)`` is text in any spreadsheet program.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from partnerselect.report import tables as tb
from partnerselect.report.files import run_id
from partnerselect.report.sanitize import safe_cell

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["excel_sheets", "write_excel"]

PERCENT = "0.0%"
SCORE = "0.0000"
DECIMAL = "#,##0.0###"
MAX_WIDTH = 60

#: Number format by column name (anything else: integers plain, floats ``DECIMAL``).
COLUMN_FORMATS = {
    "group_weight": PERCENT,
    "local_weight": PERCENT,
    "global_weight": PERCENT,
    "score": SCORE,
    "sha256": "@",
}


def _summary(ev: Evaluation) -> pd.DataFrame:
    from partnerselect import __version__

    frame = ev.ranking.to_frame()
    best = frame.index[0]
    verdict = ev.verdict
    rows = [
        ("tender", ev.model.name),
        ("created", ev.created),
        ("run id", run_id(ev)),
        ("partnerselect version", __version__),
        ("seed", ev.model.seed),
        ("reference date", "" if ev.model.as_of is None else ev.model.as_of.isoformat()),
        ("method", ev.ranking.method),
        ("parameters", ", ".join(f"{k} = {v!r}" for k, v in ev.ranking.params.items())),
        ("ties", ev.ranking.ties),
        (
            "score direction",
            "higher is better" if ev.ranking.higher_is_better else "lower is better",
        ),
        ("candidates", len(ev.partners)),
        ("ranked", len(frame)),
        ("top partner", f"{frame.loc[best, 'name']} ({best})"),
        ("verdict", "not run" if verdict is None else str(verdict.label)),
        ("verdict summary", "" if verdict is None else str(verdict)),
    ]
    return pd.DataFrame(rows, columns=["item", "value"])


#: Currencies shown with their code in the number format (e.g. ``#,##0 "EUR"``).
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "PLN")


def _decision_matrix(ev: Evaluation) -> tuple[pd.DataFrame, Mapping[str, str]]:
    """Partners x criteria in the criteria's own units (prices in their currency), the unit
    in each header: ``day_rate_eur (EUR)``."""
    frame = tb.raw_matrix(ev)
    formats: dict[str, str] = {}
    renamed = {}
    for crit in ev.problem.criteria:
        unit = tb.unit_of(ev, crit)
        if not unit:
            continue
        header = f"{crit} ({unit})"
        renamed[crit] = header
        if unit in CURRENCIES:
            values = frame[crit].dropna().to_numpy(dtype=float)
            whole = bool((values == values.round()).all())
            formats[header] = f'#,##0{"" if whole else ".00"} "{unit}"'
    return frame.rename(columns=renamed), formats


def excel_sheets(ev: Evaluation) -> dict[str, tuple[pd.DataFrame, Mapping[str, str]]]:
    """Sheet title -> (table, extra number formats by column), in workbook order."""
    basic = tb.summary_tables(ev)
    sheets: dict[str, tuple[pd.DataFrame, Mapping[str, str]]] = {
        "Summary": (_summary(ev), {}),
        "Inputs": (tb.inputs_table(ev), {}),
        "Accounting": (ev.accounting(), {}),
        "Gates": (tb.gates_table(ev), {}),
        "Exclusions": (basic["Exclusions"], {}),
        "Weights": (tb.weights_table(ev), {}),
        "Weight provenance": (tb.provenance_table(ev), {}),
        "Decision matrix": _decision_matrix(ev),
        "Effective weights": (tb.effective_table(ev), {}),
        "Criteria data": (tb.evidence_table(ev), {}),
        "Scores": (ev.to_frame().reset_index(), {}),
    }
    contrib = tb.contributions_table(ev)
    if contrib is not None:
        sheets["Contributions"] = (
            contrib.reset_index(),
            dict.fromkeys(map(str, contrib.columns), SCORE),
        )
    scenario_tables = tb.scenario_tables(ev)
    if scenario_tables is not None:
        sheets["Scenarios"] = (scenario_tables[0], {})
        scen = ev.scenarios
        assert scen is not None
        sheets["Scenario ranks"] = (scen.to_frame().reset_index(), {})
    reasons = tb.verdict_reasons(ev)
    if reasons is not None:
        sheets["Verdict"] = (reasons, {})
    acc = tb.acceptability_table(ev)
    if acc is not None:
        acc = acc.copy()
        acc.columns = [f"rank {c}" for c in acc.columns]
        sheets["SMAA acceptability"] = (acc.reset_index(), dict.fromkeys(acc.columns, PERCENT))
    conf = tb.smaa_confidence_table(ev)
    if conf is not None:
        sheets["SMAA confidence"] = (conf.reset_index(), {})
    for key, title in (
        ("critical", "Critical weights"),
        ("comparison", "Method comparison"),
        ("rank_reversal", "Rank reversals"),
        ("data_uncertainty", "Data uncertainty"),
    ):
        frame = tb.analysis_frame(ev, key)
        if frame is not None:
            keep_index = not isinstance(frame.index, pd.RangeIndex)
            sheets[title] = (frame.reset_index() if keep_index else frame, {})
    if len(ev.unknown_partners):
        sheets["Unknown partners"] = (ev.unknown_partners, {})
    sheets["Notes"] = (pd.DataFrame({"note": list(ev.notes)}), {})
    return sheets


def _plain(value: Any) -> Any:
    """A value openpyxl can store: python scalars, datetimes, text."""
    if value is None:
        return None
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(map(str, value))
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _text(value: str) -> str:
    """One-line, control-free, formula-safe text (:func:`~partnerselect.report.sanitize.safe_cell`)."""
    return str(safe_cell(value))


def _write_sheet(ws: Any, df: pd.DataFrame, formats: Mapping[str, str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E8ECF0")
    widths: list[int] = []
    for j, name in enumerate(df.columns, start=1):
        cell = ws.cell(row=1, column=j, value=_text(str(name)))
        cell.data_type = "s"
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=False)
        widths.append(len(str(cell.value)))
    for i, values in enumerate(df.itertuples(index=False, name=None), start=2):
        for j, (name, raw) in enumerate(zip(df.columns, values, strict=True), start=1):
            value = _plain(raw)
            cell = ws.cell(row=i, column=j)
            if isinstance(value, str):
                cell.value = _text(value)
                cell.data_type = "s"  # never a formula, whatever the text
                shown = len(value)
            else:
                cell.value = value
                fmt = formats.get(str(name)) or COLUMN_FORMATS.get(str(name))
                if fmt is None and isinstance(value, float):
                    fmt = DECIMAL
                if fmt is not None and not isinstance(value, bool):
                    cell.number_format = fmt
                shown = len(f"{value:.4f}") if isinstance(value, float) else len(str(value or ""))
            widths[j - 1] = max(widths[j - 1], shown)
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, w + 2)
    ws.freeze_panes = "A2"
    if len(df.columns):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(1, len(df) + 1)}"


def write_excel(evaluation: Evaluation, path: Path, **_: Any) -> Path:
    """Write the report tables to an ``.xlsx`` workbook, one sheet per table.

    Sheets: Summary, Inputs (paths and SHA-256), Accounting (every candidate), Gates,
    Exclusions, Weights, Weight provenance, Criteria data (value, n, interval, flags), Scores,
    Contributions (additive methods), Verdict, SMAA acceptability, Critical weights, Method
    comparison, Rank reversals, Data uncertainty (each when run), Unknown partners (when
    any), Notes.

    Examples
    --------
    >>> ev.report("tender.xlsx")  # doctest: +SKIP
    PosixPath('tender.xlsx')
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, (frame, formats) in excel_sheets(evaluation).items():
        ws = wb.create_sheet(title=title[:31])
        _write_sheet(ws, frame, formats)
    wb.properties.title = _text(str(evaluation.model.name))[:255]
    wb.properties.creator = "partnerselect"
    wb.save(path)
    return Path(path)
