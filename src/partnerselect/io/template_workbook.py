"""``partnerselect init --xlsx``: an Excel workbook template for a tender's data.

One sheet per input table (``partners``, ``track_records``, ``scores``) with the canonical
headers the readers expect, data validation built from the readers' own column schemas
(yes/no lists, numeric ranges, date cells, status lists), an ``instructions`` sheet that
explains every column, a ``weights`` sheet (direct weights of the template model's groups and
criteria) and a ``pairwise`` sheet (an AHP comparison matrix of the groups on Saaty's 1-9
scale, lower triangle filled in as reciprocals).

The data sheets read back with :func:`partnerselect.read_partners` and friends
(``sheet="partners"`` ...); the weights and pairwise sheets are worksheets for the panel,
whose results go into the model's ``[weighting]`` section.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from partnerselect.errors import ParameterError

__all__ = ["COLUMN_HELP", "SHEETS", "write_workbook_template"]

#: Sheet name by table (the defaults ``--workbook`` reads).
SHEETS = {"partners": "partners", "track_records": "track_records", "scores": "scores"}

#: Rows of each data sheet covered by the validation rules.
ROWS = {"partners": 500, "track_records": 5000, "scores": 20000}

#: One line per column, for the instructions sheet and the header notes.
COLUMN_HELP: Mapping[str, Mapping[str, str]] = {
    "partners": {
        "partner_id": "Unique short id of the bidder, e.g. P01. Used to link the other sheets.",
        "name": "Legal or trading name of the bidder.",
        "country": "Country of the delivery centre.",
        "headcount": "Total staff (whole number).",
        "day_rate_eur": "Blended day rate offered, in EUR (greater than 0).",
        "iso27001": "ISO/IEC 27001 certified? yes/no.",
        "iso9001": "ISO 9001 certified? yes/no.",
        "soc2": "SOC 2 type II report available? yes/no.",
        "gdpr_dpa": "GDPR Art. 28 data-processing agreement signed? yes/no.",
        "ethical_ai_policy": "Published responsible-AI policy? yes/no.",
        "ai_engineers": "AI/ML engineers available for the programme (whole number).",
        "domains": "Industry domains of past work, separated by ';' (energy;logistics).",
        "timezone_overlap_h": "Working hours shared with the client team each day (0-24).",
        "attrition_rate": "Annual staff attrition as a share (0.12) or percentage (12%).",
        "years_in_business": "Years the company has operated.",
        "min_contract_eur": "Smallest contract value accepted, in EUR (blank if none).",
    },
    "track_records": {
        "partner_id": "Bidder id, as on the partners sheet.",
        "project_id": "Unique id of the past project (unique per bidder).",
        "domain": "Industry domain of the project.",
        "start_date": "Project start date (a date cell, YYYY-MM-DD).",
        "planned_end": "Planned end date (not before the start date).",
        "actual_end": "Actual end date (blank while the project is ongoing).",
        "budget_eur": "Agreed budget in EUR.",
        "actual_cost_eur": "Actual cost in EUR.",
        "quality_score": "Client rating of delivery quality, 1 (poor) to 5 (excellent).",
        "csat": "Client satisfaction, 1 to 5.",
        "defects": "Defects found after acceptance (whole number).",
        "escalations": "Escalations to management during the project (whole number).",
        "status": "completed, cancelled or ongoing.",
    },
    "scores": {
        "evaluator": "Name or initials of the panel member.",
        "partner_id": "Bidder id, as on the partners sheet.",
        "criterion": "Criterion scored (one of the model's evaluator criteria).",
        "score": "The evaluator's score on the model's scale (usually 1-5).",
        "comment": "Why this score (quoted in the bidder's debrief).",
    },
}

_HEADER_FILL = "E8ECF0"
_SAATY = "1/9 ... 1/2, 1, 2 ... 9"


def _validation(spec: tuple[Any, ...], column: str) -> Any:
    """An openpyxl DataValidation for a reader column spec, or None for free text."""
    from openpyxl.worksheet.datavalidation import DataValidation

    how = spec[0]
    if how == "bool":
        dv = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
        dv.error = "Choose yes or no."
    elif how == "choice":
        dv = DataValidation(type="list", formula1='"' + ",".join(spec[1]) + '"', allow_blank=True)
        dv.error = f"Choose one of: {', '.join(spec[1])}."
    elif how == "date":
        dv = DataValidation(
            type="date", operator="greaterThan", formula1="DATE(1970,1,1)", allow_blank=True
        )
        dv.error = "Enter a date (YYYY-MM-DD) after 1970."
    elif how == "number":
        kw = spec[1]
        kind = "whole" if kw.get("integer") else "decimal"
        low, high = kw.get("low"), kw.get("high")
        if low is not None and high is not None:
            dv = DataValidation(
                type=kind, operator="between", formula1=str(low), formula2=str(high)
            )
            dv.error = f"Enter a {'whole ' if kind == 'whole' else ''}number from {low} to {high}."
        elif low is not None:
            op = "greaterThan" if kw.get("low_open") else "greaterThanOrEqual"
            dv = DataValidation(type=kind, operator=op, formula1=str(low))
            word = "greater than" if kw.get("low_open") else "at least"
            dv.error = f"Enter a {'whole ' if kind == 'whole' else ''}number {word} {low}."
        else:
            dv = DataValidation(
                type=kind, operator="between", formula1="-1E+307", formula2="1E+307"
            )
            dv.error = "Enter a number."
        dv.allow_blank = True
    else:
        return None
    dv.errorTitle = f"Invalid {column}"
    dv.showErrorMessage = True
    return dv


def _header(ws: Any, columns: Sequence[str], notes: Mapping[str, str]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        if notes.get(name):
            cell.comment = Comment(notes[name], "partnerselect")
        ws.column_dimensions[get_column_letter(j)].width = max(12, len(name) + 4)
    ws.freeze_panes = "A2"


def _data_sheet(wb: Any, table: str, schema: Any, criteria: Sequence[str]) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(SHEETS[table])
    columns = list(schema.columns)
    _header(ws, columns, COLUMN_HELP[table])
    last = ROWS[table] + 1
    for j, name in enumerate(columns, start=1):
        letter = get_column_letter(j)
        spec = schema.columns[name]
        if table == "scores" and name == "criterion" and criteria:
            spec = ("choice", tuple(criteria))
        dv = _validation(spec, name)
        if dv is not None:
            dv.prompt = COLUMN_HELP[table].get(name, "")
            dv.showInputMessage = bool(dv.prompt)
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{last}")
        if spec[0] == "date":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif spec[0] in {"id", "text", "list"}:
            ws.column_dimensions[letter].number_format = "@"


def _instructions(wb: Any, schemas: Mapping[str, Any]) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("instructions", 0)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 90
    lines = [
        ("partnerselect tender workbook", True),
        (
            "Fill in the partners, track_records and scores sheets: one row per bidder, per past "
            "project and per evaluator score. Keep the headers as they are (or map your own "
            "headers in the model's [columns] section). Cells are checked as you type; blank "
            "cells are missing values, listed in the evaluation's notes.",
            False,
        ),
        ("Then run: partnerselect rank --workbook THIS_FILE.xlsx --model model.toml", False),
        (
            "The weights and pairwise sheets are worksheets for the panel: copy the agreed group "
            "weights into [weighting] values, or the pairwise judgments into [weighting] "
            'judgments with method = "ahp".',
            False,
        ),
    ]
    row = 1
    for text, bold in lines:
        cell = ws.cell(row=row, column=1, value=text)
        cell.font = Font(bold=bold, size=14 if bold else 11)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 15 if bold else 45
        row += 1
    row += 1
    for j, head in enumerate(("sheet", "column", "required", "what to enter"), start=1):
        ws.cell(row=row, column=j, value=head).font = Font(bold=True)
    for table, schema in schemas.items():
        for name in schema.columns:
            row += 1
            ws.cell(row=row, column=1, value=SHEETS[table])
            ws.cell(row=row, column=2, value=name)
            ws.cell(row=row, column=3, value="yes" if name in schema.required else "")
            ws.cell(row=row, column=4, value=COLUMN_HELP[table].get(name, ""))


def _weights(wb: Any, model: Any) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("weights")
    _header(
        ws,
        ["group", "criterion", "objective", "source", "weight", "why"],
        {
            "weight": "Importance points; only ratios matter (they are normalised to sum 1).",
            "objective": "max: more is better; min: less is better.",
        },
    )
    ws.column_dimensions["F"].width = 70
    for i, c in enumerate(model.criteria, start=2):
        ws.cell(row=i, column=1, value=c.group or "")
        ws.cell(row=i, column=2, value=c.name)
        ws.cell(row=i, column=3, value=c.objective)
        ws.cell(row=i, column=4, value=c.source)
        ws.cell(row=i, column=5, value=c.weight if c.weight is not None else 1)
        ws.cell(row=i, column=6, value=c.why)
    groups = list(dict.fromkeys(c.group for c in model.criteria if c.group))
    values = (model.weighting or {}).get("values", {})
    if groups:
        start = len(model.criteria) + 3
        ws.cell(row=start, column=1, value="group weights").font = Font(bold=True)
        for k, g in enumerate(groups, start=start + 1):
            ws.cell(row=k, column=1, value=g)
            ws.cell(row=k, column=5, value=values.get(g, 1))


def _pairwise(wb: Any, items: Sequence[str]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet("pairwise")
    n = len(items)
    ws.cell(
        row=1,
        column=1,
        value=(
            "AHP pairwise comparison of the groups. Row item compared with column item on "
            f"Saaty's scale ({_SAATY}): 3 = row moderately more important, 1/3 = column "
            "moderately more important. Fill the upper triangle; the lower triangle is the "
            "reciprocal."
        ),
    )
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n + 1)
    ws.row_dimensions[1].height = 45
    ws.column_dimensions["A"].width = 18
    grey = PatternFill("solid", fgColor="F0F0F0")
    dv = DataValidation(
        type="decimal", operator="between", formula1="0.1111", formula2="9", allow_blank=True
    )
    dv.error = f"Use Saaty's scale: {_SAATY}."
    dv.errorTitle = "Invalid judgment"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    for j, item in enumerate(items, start=2):
        ws.cell(row=2, column=j, value=item).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(j)].width = max(12, len(item) + 2)
    for i, row_item in enumerate(items):
        r = i + 3
        ws.cell(row=r, column=1, value=row_item).font = Font(bold=True)
        for j in range(n):
            cell = ws.cell(row=r, column=j + 2)
            if i == j:
                cell.value = 1
                cell.fill = grey
            elif j < i:  # reciprocal of the mirrored upper-triangle cell
                mirror = f"{get_column_letter(i + 2)}{j + 3}"
                cell.value = f'=IF({mirror}="","",1/{mirror})'
                cell.fill = grey
                cell.number_format = "0.000"
            else:
                dv.add(cell.coordinate)


def write_workbook_template(
    path: str | Path = "tender.xlsx", *, model: Any = None, overwrite: bool = False
) -> Path:
    """Write the tender workbook template to ``path``.

    Parameters
    ----------
    path : str or Path
    model : EvaluationModel, path or mapping, optional
        The model whose criteria fill the weights and pairwise sheets and the list of
        evaluator criteria on the scores sheet (default: the ``partnerselect init`` template).
    overwrite : bool
        Replace an existing file (refused by default).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     book = write_workbook_template(Path(tmp) / "tender.xlsx")
    ...     openpyxl.load_workbook(book).sheetnames
    ['instructions', 'partners', 'track_records', 'scores', 'weights', 'pairwise']
    """
    from openpyxl import Workbook

    from partnerselect.io.tables import PARTNERS, SCORES, TRACK_RECORDS
    from partnerselect.model import parse_model, read_model

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        msg = f"The workbook template must be an .xlsx file; got {target.name!r}."
        raise ParameterError(msg, value=str(target))
    if target.exists() and not overwrite:
        msg = f"{target} already exists; choose another path or pass --force to overwrite it."
        raise ParameterError(msg, value=str(target))
    if model is None:
        import tomllib

        from partnerselect.template import TEMPLATE

        mdl = parse_model(tomllib.loads(TEMPLATE))
    else:
        mdl = read_model(model)
    schemas = {"partners": PARTNERS, "track_records": TRACK_RECORDS, "scores": SCORES}
    evaluator_criteria = [c.key for c in mdl.criteria if c.source == "evaluators"]
    wb = Workbook()
    wb.remove(wb.active)
    for table, schema in schemas.items():
        _data_sheet(wb, table, schema, evaluator_criteria)
    _instructions(wb, schemas)
    _weights(wb, mdl)
    groups = list(dict.fromkeys(c.group for c in mdl.criteria if c.group))
    _pairwise(wb, groups or [c.name for c in mdl.criteria])
    wb.properties.creator = "partnerselect"
    wb.properties.title = "Tender workbook"
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target
