"""Re-type the sample tender the way an analyst keeps it: one workbook, own headers.

``tender.xlsx`` holds the same data as ``data/partners.csv``, ``data/track_records.csv`` and
``data/evaluator_scores.csv``, laid out as a procurement analyst would type it by hand:

- sheet ``Vendors``: headers such as ``Vendor ID``, ``Day rate (€)``, ``Attrition rate``,
  yes/no as ``Yes``/``No``, prices and percentages as formatted number cells, a title row
  above the header;
- sheet ``Projects``: ``Quality (1-5)``, ``Start``/``Planned end``/``Actual end`` as date
  cells, ``Status`` capitalised;
- sheet ``Panel scores``: the evaluators' wide score sheet, one row per evaluator and
  vendor, one column per scored criterion, and a ``Comments`` column.

``model.toml`` is ``data/model.toml`` with only a ``[columns]`` section added, mapping these
headers and sheets to partnerselect's names. Rank it with::

    partnerselect rank --workbook data/examples/tender.xlsx --model data/examples/model.toml

Usage::

    python data/examples/make_examples.py   # rewrite tender.xlsx and model.toml here
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
DATA = HERE.parent

PARTNER_HEADERS = {
    "partner_id": "Vendor ID",
    "name": "Vendor name",
    "country": "Country",
    "headcount": "Headcount",
    "day_rate_eur": "Day rate (€)",
    "iso27001": "ISO 27001",
    "iso9001": "ISO 9001",
    "soc2": "SOC 2",
    "gdpr_dpa": "GDPR DPA signed",
    "ethical_ai_policy": "Ethical AI policy",
    "ai_engineers": "AI engineers",
    "domains": "Domains",
    "timezone_overlap_h": "Time-zone overlap (h)",
    "attrition_rate": "Attrition rate",
    "years_in_business": "Years in business",
    "min_contract_eur": "Minimum contract (€)",
}
RECORD_HEADERS = {
    "partner_id": "Vendor ID",
    "project_id": "Project",
    "domain": "Domain",
    "start_date": "Start",
    "planned_end": "Planned end",
    "actual_end": "Actual end",
    "budget_eur": "Budget (€)",
    "actual_cost_eur": "Actual cost (€)",
    "quality_score": "Quality (1-5)",
    "csat": "Client satisfaction (1-5)",
    "defects": "Defects",
    "escalations": "Escalations",
    "status": "Status",
}
SCORE_HEADERS = {
    "evaluator": "Evaluator",
    "partner_id": "Vendor ID",
    "communication": "Communication (1-5)",
    "collaboration": "Collaboration (1-5)",
    "ai_expertise": "AI expertise (1-5)",
    "risk_management": "Risk management (1-5)",
    "comment": "Comments",
}
SHEETS = {"partners": "Vendors", "track_records": "Projects", "evaluator_scores": "Panel scores"}
# Headers the forgiving matcher reads without a mapping ("Attrition rate" is
# attrition_rate, "Country" is country...) are left out of the [columns] section.
_AUTOMATIC = {"country", "headcount", "domains", "attrition_rate", "years_in_business"}
_AUTOMATIC |= {"domain", "defects", "escalations", "status", "ai_engineers"}
_AUTOMATIC |= {"evaluator"}
EURO = '#,##0 "€"'
_FIXED_TIME = dt.datetime(2026, 11, 1, 9, 0, 0)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _number(text: str) -> float | int | None:
    if text == "":
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def _date(text: str) -> dt.datetime | None:
    return dt.datetime.strptime(text, "%Y-%m-%d") if text else None


def _yes(text: str) -> str | None:
    return {"true": "Yes", "false": "No"}.get(text.lower()) if text else None


def _header(ws, headers: list[str], row: int) -> None:
    for j, text in enumerate(headers, start=1):
        ws.cell(row=row, column=j, value=text).font = Font(bold=True)


def _vendors(ws) -> None:
    ws.cell(row=1, column=1, value="AI platform engineering partner 2027: vendor long list")
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    _header(ws, list(PARTNER_HEADERS.values()), 3)
    for i, rec in enumerate(_rows("partners.csv"), start=4):
        for j, key in enumerate(PARTNER_HEADERS, start=1):
            text = rec[key]
            cell = ws.cell(row=i, column=j)
            if key in ("iso27001", "iso9001", "soc2", "gdpr_dpa", "ethical_ai_policy"):
                cell.value = _yes(text)
            elif key == "domains":
                cell.value = "; ".join(d.capitalize() for d in text.split(";") if d) or None
            elif key in ("partner_id", "name", "country"):
                cell.value = text or None
            else:
                cell.value = _number(text)
                if key.endswith("_eur"):
                    cell.number_format = EURO
                elif key == "attrition_rate":
                    cell.number_format = "0%"


def _projects(ws) -> None:
    _header(ws, list(RECORD_HEADERS.values()), 1)
    for i, rec in enumerate(_rows("track_records.csv"), start=2):
        for j, key in enumerate(RECORD_HEADERS, start=1):
            text = rec[key]
            cell = ws.cell(row=i, column=j)
            if key in ("start_date", "planned_end", "actual_end"):
                cell.value = _date(text)
                cell.number_format = "DD/MM/YYYY"
            elif key in ("partner_id", "project_id", "domain"):
                cell.value = text or None
            elif key == "status":
                cell.value = text.capitalize() or None
            else:
                cell.value = _number(text)
                if key.endswith("_eur"):
                    cell.number_format = EURO


def _panel(ws) -> None:
    criteria = [k for k in SCORE_HEADERS if k not in ("evaluator", "partner_id", "comment")]
    wide: dict[tuple[str, str], dict[str, str]] = {}
    for rec in _rows("evaluator_scores.csv"):
        row = wide.setdefault((rec["evaluator"], rec["partner_id"]), {})
        row[rec["criterion"]] = rec["score"]
        if rec["comment"]:
            row.setdefault("comments", [])  # type: ignore[arg-type]
            row["comments"].append(f"{rec['criterion'].replace('_', ' ')}: {rec['comment']}")  # type: ignore[attr-defined]
    _header(ws, list(SCORE_HEADERS.values()), 1)
    for i, ((evaluator, partner), row) in enumerate(wide.items(), start=2):
        ws.cell(row=i, column=1, value=evaluator)
        ws.cell(row=i, column=2, value=partner)
        for j, crit in enumerate(criteria, start=3):
            ws.cell(row=i, column=j, value=_number(row.get(crit, "")))
        comments = row.get("comments")
        ws.cell(row=i, column=len(criteria) + 3, value="; ".join(comments) if comments else None)


def _model_text() -> str:
    base = (DATA / "model.toml").read_text(encoding="utf-8")
    lines = [
        "",
        "# ---------------------------------------------------------------- column mapping",
        "# The only addition to data/model.toml: where the analyst's workbook keeps each",
        '# table and what its headers are called (partnerselect name = "header in the file").',
        "# Headers that differ only by case, spaces or underscores need no line.",
        "[columns.sheets]",
        *(f'{k} = "{v}"' for k, v in SHEETS.items()),
    ]
    for section, headers in (
        ("partners", PARTNER_HEADERS),
        ("track_records", RECORD_HEADERS),
        ("evaluator_scores", SCORE_HEADERS),
    ):
        lines += ["", f"[columns.{section}]"]
        lines += [f'{k} = "{v}"' for k, v in headers.items() if k not in _AUTOMATIC]
    return base.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


def _fix_zip_times(path: Path) -> None:
    """Give every part of the workbook the same timestamp (and the same 'modified' date,
    which openpyxl sets when saving), so reruns are byte-identical."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    parts = [
        (name, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data))
        if name == "docProps/core.xml"
        else (name, data)
        for name, data in parts
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def main() -> None:
    wb = Workbook()
    _vendors(wb.active)
    wb.active.title = SHEETS["partners"]
    _projects(wb.create_sheet(SHEETS["track_records"]))
    _panel(wb.create_sheet(SHEETS["evaluator_scores"]))
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    path = HERE / "tender.xlsx"
    wb.save(path)
    _fix_zip_times(path)
    (HERE / "model.toml").write_text(_model_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
