"""Public readers of the three input tables (thin wrappers over :func:`read_table`)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

import pandas as pd

from partnerselect.errors import FileFormatError, ParameterError, PartnerSelectError
from partnerselect.io._source import ReadLimits, column_key, load_raw, workbook_sheets
from partnerselect.io.tables import Errors, Layout, Source, read_table

__all__ = [
    "DEFAULT_SHEETS",
    "WorkbookTables",
    "read_partners",
    "read_scores",
    "read_track_records",
    "read_workbook",
    "table_options",
]

Problems = list[PartnerSelectError]


@overload
def read_partners(
    src: Source,
    *,
    errors: Literal["raise"] = ...,
    problems: None = ...,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
) -> pd.DataFrame: ...
@overload
def read_partners(
    src: Source,
    *,
    errors: Literal["collect"],
    problems: None = ...,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
) -> tuple[pd.DataFrame, Problems]: ...
@overload
def read_partners(
    src: Source,
    *,
    errors: Errors = ...,
    problems: Problems,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
) -> pd.DataFrame: ...
def read_partners(
    src: Source,
    *,
    errors: Errors = "raise",
    problems: Problems | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    limits: ReadLimits | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, Problems]:
    """Read the partner table: one row per candidate partner.

    Required columns: ``partner_id`` (non-empty, unique; ids that differ only by case or
    surrounding spaces count as duplicates) and ``name`` (non-empty). Known optional columns and
    their types:

    ========================  ===============================================
    ``country``               text
    ``headcount``             whole number >= 0 (nullable ``Int64``)
    ``day_rate_eur``          number > 0
    ``iso27001``, ``iso9001``,
    ``soc2``, ``gdpr_dpa``,
    ``ethical_ai_policy``     yes/no (true/false/yes/no/y/n/1/0, any case;
                              nullable ``boolean``)
    ``ai_engineers``          whole number >= 0
    ``domains``               list of lower-case text, from ``"banking; Retail"``;
                              an empty cell is ``[]``
    ``timezone_overlap_h``    number in [0, 24]
    ``attrition_rate``        share in [0, 1]; ``"12 %"`` is read as 0.12
    ``years_in_business``     number >= 0
    ``min_contract_eur``      number >= 0
    ========================  ===============================================

    A column whose name differs from a known one only by case, spaces, hyphens or
    underscores (``"Day Rate EUR"``) is renamed to the known name (``attrs["renamed"]``
    lists the renames). Other columns are kept as attributes: numbers when every filled
    cell is a number, yes/no when every filled cell is true/false/yes/no, text otherwise.
    Empty cells in optional columns stay missing (NaN, NA or None); the evaluation
    model's missing-data policies decide what happens to them. Numbers written as text
    are read as described in :func:`read_track_records`.

    Parameters
    ----------
    src : str, Path or DataFrame
        CSV/TSV, XLSX, JSON (records or columns layout) or Parquet file, or a DataFrame.
    errors : {"raise", "collect"}
        Raise the first problem, or collect all of them (see :func:`read_table`).
    problems : list, optional
        Collect problems into this list and return only the table.
    sheet : str or int, optional
        Excel sheet to read (default: the active visible sheet; see :func:`read_table`).
    columns : mapping, optional
        Canonical column name -> your header, e.g. ``{"partner_id": "Vendor ID"}`` (the
        model file's ``[columns.partners]``).
    units : mapping, optional
        Column -> unit; ``"percent"`` lets that column hold ``"8 %"``.
    limits : ReadLimits, optional
        Resource limits (see :class:`partnerselect.io.ReadLimits`).

    Returns
    -------
    pandas.DataFrame
        A new frame; ``attrs`` hold ``source`` and ``sha256`` for the audit trail.

    Raises
    ------
    FileFormatError, SchemaError, DataError, MissingValueError, DuplicateError
        See :func:`read_table`; every message names the file, row, column and value.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"partner_id": ["P1", "P2"], "Name": ["Acme", "Beta"],
    ...                     "Attrition Rate": ["12 %", "0.2"], "domains": ["AI; Retail", ""]})
    >>> df = read_partners(raw)
    >>> df["attrition_rate"].tolist(), df["domains"].tolist()
    ([0.12, 0.2], [['ai', 'retail'], []])
    """
    return read_table(
        src,
        "partners",
        errors=errors,
        problems=problems,
        sheet=sheet,
        columns=columns,
        units=units,
        limits=limits,
    )


@overload
def read_track_records(
    src: Source,
    *,
    errors: Literal["raise"] = ...,
    problems: None = ...,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
) -> pd.DataFrame: ...
@overload
def read_track_records(
    src: Source,
    *,
    errors: Literal["collect"],
    problems: None = ...,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
) -> tuple[pd.DataFrame, Problems]: ...
@overload
def read_track_records(
    src: Source,
    *,
    errors: Errors = ...,
    problems: Problems,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
) -> pd.DataFrame: ...
def read_track_records(
    src: Source,
    *,
    errors: Errors = "raise",
    problems: Problems | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    limits: ReadLimits | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, Problems]:
    """Read the track records: one row per past project of a partner.

    Required columns: ``partner_id`` and ``project_id`` (a ``(partner_id, project_id)``
    pair must be unique, ignoring case and surrounding spaces). Known optional columns:

    ===================================  ===========================================
    ``domain``                           text
    ``start_date``, ``planned_end``,
    ``actual_end``                       dates (``datetime64``; NaT where empty)
    ``budget_eur``, ``actual_cost_eur``  number >= 0
    ``quality_score``, ``csat``          number in [1, 5]
    ``defects``, ``escalations``         whole number >= 0
    ``status``                           completed, cancelled or ongoing (any case;
                                         stored lower-case)
    ===================================  ===========================================

    ``planned_end`` or ``actual_end`` before ``start_date`` is an error naming the row.
    Records of partners absent from the partner table are kept here; the evaluation
    reports them. Unknown columns are kept (typed as in :func:`read_partners`).

    **Dates** are parsed cell by cell with explicit formats: ISO ``2024-03-31`` first (a
    time part is allowed), then day-first ``31/03/2024`` and ``31.03.2024``. Month-first
    US dates are never guessed (``03/31/2024`` is an error; ``03/04/2024`` is 3 April).
    Excel date cells are read as dates.

    **Numbers written as text** are read where unambiguous: ``"1,200"`` and ``"1 200"``
    are 1200 (a comma or space between groups of exactly three digits is a thousands
    separator), ``"12,5"`` is 12.5 (any other single comma is a decimal comma),
    ``"1.200,50"`` is 1200.5, a dot is otherwise always a decimal point, a leading or
    trailing ``€``/``EUR`` is dropped, and ``"12 %"`` is 0.12 where a share is expected.
    ``inf`` and other infinite values are errors. Empty cells and ``NA``, ``N/A``,
    ``null``, ``none``, ``-`` are missing.

    Parameters
    ----------
    src : str, Path or DataFrame
        CSV/TSV, XLSX, JSON or Parquet file, or a DataFrame.
    errors, problems, sheet, columns, units, limits
        See :func:`read_partners`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    FileFormatError, SchemaError, DataError, MissingValueError, DuplicateError
        See :func:`read_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"partner_id": ["P1"], "project_id": ["X-1"],
    ...                     "start_date": ["01/03/2024"], "budget_eur": ["€1,200"],
    ...                     "status": ["Completed"]})
    >>> df = read_track_records(raw)
    >>> df.loc[0, "start_date"].date(), df.loc[0, "budget_eur"], df.loc[0, "status"]
    (datetime.date(2024, 3, 1), np.float64(1200.0), 'completed')
    """
    return read_table(
        src,
        "track_records",
        errors=errors,
        problems=problems,
        sheet=sheet,
        columns=columns,
        units=units,
        limits=limits,
    )


@overload
def read_scores(
    src: Source,
    *,
    errors: Literal["raise"] = ...,
    problems: None = ...,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
    layout: Layout = ...,
) -> pd.DataFrame: ...
@overload
def read_scores(
    src: Source,
    *,
    errors: Literal["collect"],
    problems: None = ...,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
    layout: Layout = ...,
) -> tuple[pd.DataFrame, Problems]: ...
@overload
def read_scores(
    src: Source,
    *,
    errors: Errors = ...,
    problems: Problems,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
    layout: Layout = ...,
) -> pd.DataFrame: ...
def read_scores(
    src: Source,
    *,
    errors: Errors = "raise",
    problems: Problems | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    limits: ReadLimits | None = None,
    layout: Layout = "auto",
) -> pd.DataFrame | tuple[pd.DataFrame, Problems]:
    """Read evaluator scores: long (one row per evaluator, partner and criterion) or wide.

    In the long layout the required columns are ``evaluator``, ``partner_id``, ``criterion`` (text, stripped, case
    kept) and ``score`` (a finite number; the scale is the model's business). ``comment``
    is optional text. An (evaluator, partner_id, criterion) triple must be unique.

    In the wide layout (as evaluators fill a sheet) each row holds one evaluator's scores of
    one partner: ``evaluator``, ``partner_id``, an optional ``comment`` and one column per
    criterion (the header is the criterion, e.g. ``communication``). It is returned in the
    long layout; blank cells are missing scores, listed in ``attrs["missing_scores"]`` and
    in an :class:`~partnerselect.errors.InputWarning`.

    Parameters
    ----------
    src : str, Path or DataFrame
        CSV/TSV, XLSX, JSON or Parquet file, or a DataFrame.
    errors, problems, sheet, columns, units, limits
        See :func:`read_partners`.
    layout : {"auto", "long", "wide"}
        ``"auto"`` (default) reads a sheet without ``criterion`` and ``score`` columns as
        wide.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    FileFormatError, SchemaError, DataError, MissingValueError, DuplicateError
        See :func:`read_table`.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"evaluator": ["A"], "partner_id": ["P1"],
    ...                     "criterion": ["communication"], "score": ["4"]})
    >>> read_scores(raw)["score"].tolist()
    [4.0]
    >>> wide = pd.DataFrame({"Evaluator": ["A", "B"], "Vendor": ["P1", "P1"],
    ...                      "communication": [4, 5], "collaboration": [3, 4]})
    >>> long = read_scores(wide, columns={"partner_id": "Vendor"})
    >>> long[["evaluator", "criterion", "score"]].values.tolist()[:2]
    [['A', 'communication', 4.0], ['B', 'communication', 5.0]]
    """
    return read_table(
        src,
        "scores",
        errors=errors,
        problems=problems,
        sheet=sheet,
        columns=columns,
        units=units,
        limits=limits,
        layout=layout,
    )


#: Sheet names :func:`read_workbook` reads by default, per table.
DEFAULT_SHEETS: Mapping[str, str] = {
    "partners": "partners",
    "track_records": "track_records",
    "scores": "scores",
}
_TABLE_ALIASES = {
    "partners": "partners",
    "track_records": "track_records",
    "records": "track_records",
    "scores": "scores",
    "evaluator_scores": "scores",
}


@dataclass(frozen=True)
class WorkbookTables:
    """The tables of one tender workbook, as :func:`read_workbook` read them.

    Attributes
    ----------
    partners : pandas.DataFrame
    track_records, scores : pandas.DataFrame or None
        None when the workbook has no such sheet (and none was asked for).
    source : str
        The workbook's path.
    sheets : mapping
        Table -> the sheet (or sheets, one per evaluator) it was read from.
    """

    partners: pd.DataFrame
    track_records: pd.DataFrame | None
    scores: pd.DataFrame | None
    source: str
    sheets: Mapping[str, str | tuple[str, ...]]


def table_options(
    columns: Mapping[str, Any] | None,
) -> tuple[dict[str, dict[str, str]], dict[str, Any]]:
    """Split a ``[columns]`` section into per-table mappings and sheet names.

    Keys may be ``partners``, ``track_records`` (or ``records``), ``evaluator_scores`` (or
    ``scores``) and ``sheets``; the result is keyed ``partners``, ``track_records``,
    ``scores``. A typed section object (attributes instead of keys) is read the same way.

    Examples
    --------
    >>> table_options({"evaluator_scores": {"partner_id": "Vendor"},
    ...                "sheets": {"evaluator_scores": "Scores"}})
    ({'scores': {'partner_id': 'Vendor'}}, {'scores': 'Scores'})
    """
    maps: dict[str, dict[str, str]] = {}
    sheets: dict[str, Any] = {}
    if columns is None:
        return maps, sheets
    items = _as_mapping(columns)
    for key, value in items.items():
        if value is None:
            continue
        if key == "sheets":
            for table, name in _as_mapping(value).items():
                if name is not None:
                    sheets[_table_key(table)] = name
            continue
        maps[_table_key(key)] = {str(k): str(v) for k, v in _as_mapping(value).items()}
    return maps, sheets


def _as_mapping(obj: Any) -> dict[str, Any]:
    if isinstance(obj, Mapping):
        return {str(k): v for k, v in obj.items()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    msg = f"Expected a table of names in the [columns] section, got {type(obj).__name__}."
    raise ParameterError(msg, value=type(obj).__name__)


def _table_key(name: str) -> str:
    key = _TABLE_ALIASES.get(str(name))
    if key is None:
        msg = (
            f"Unknown table {name!r} in the [columns] section. Use partners, track_records, "
            "evaluator_scores or sheets."
        )
        raise ParameterError(msg, value=name)
    return key


def _find_sheet(names: list[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    key = column_key(wanted)
    close = [n for n in names if column_key(n) == key]
    return close[0] if len(close) == 1 else None


def read_workbook(
    path: str | Path,
    *,
    sheets: Mapping[str, str | Sequence[str]] | None = None,
    columns: Mapping[str, Any] | None = None,
    layout: Layout = "auto",
    units: Mapping[str, str] | None = None,
    limits: ReadLimits | None = None,
    problems: Problems | None = None,
) -> WorkbookTables:
    """Read partners, track records and evaluator scores from the sheets of one workbook.

    Parameters
    ----------
    path : str or Path
        An ``.xlsx``/``.xlsm`` workbook.
    sheets : mapping, optional
        Table -> sheet name (defaults: ``partners``, ``track_records``, ``scores``; sheet
        names also match ignoring case, spaces and underscores). The scores may be a list
        of sheets, one per evaluator, each a wide sheet whose evaluator is the sheet name
        (unless it has an ``evaluator`` column). Without a ``scores`` sheet, sheets named
        ``scores <evaluator>`` (or ``scores - <evaluator>``) are read that way.
    columns : mapping, optional
        The model file's ``[columns]`` section: ``partners``, ``track_records``,
        ``evaluator_scores`` (canonical name -> your header) and ``sheets`` (table ->
        sheet name, used where ``sheets`` does not say).
    layout : {"auto", "long", "wide"}
        Layout of the score sheet (see :func:`read_scores`).
    units, limits, problems
        See :func:`read_partners` (``problems`` collects instead of raising).

    Returns
    -------
    WorkbookTables

    Raises
    ------
    FileFormatError
        The workbook lacks the partners sheet, or a sheet named in ``sheets``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tender.xlsx"
    >>> with pd.ExcelWriter(path) as xl:
    ...     pd.DataFrame({"Vendor": ["P1", "P2"], "name": ["A", "B"]}).to_excel(
    ...         xl, sheet_name="Partners", index=False)
    ...     pd.DataFrame({"evaluator": ["E1", "E1"], "Vendor": ["P1", "P2"],
    ...                   "communication": [4, 3]}).to_excel(xl, sheet_name="scores", index=False)
    >>> wb = read_workbook(path, columns={"partners": {"partner_id": "Vendor"},
    ...                                   "evaluator_scores": {"partner_id": "Vendor"}})
    >>> wb.partners["partner_id"].tolist(), wb.scores["score"].tolist(), wb.track_records
    (['P1', 'P2'], [4.0, 3.0], None)
    """
    source = str(path)
    maps, model_sheets = table_options(columns)
    chosen: dict[str, Any] = {**DEFAULT_SHEETS, **model_sheets}
    explicit = set(model_sheets)
    for key, value in (sheets or {}).items():
        chosen[_table_key(key)] = value
        explicit.add(_table_key(key))
    # The partners read checks the file (suffix, size, zip limits) before anything else.
    first = chosen["partners"]
    if Path(path).suffix.lower() not in (".xlsx", ".xlsm"):
        msg = f"Cannot read {source!r} as a workbook: give an .xlsx or .xlsm file."
        raise FileFormatError(msg, source=source)
    names = workbook_sheets(path, limits)
    opts: dict[str, Any] = {"units": units, "limits": limits}
    if problems is not None:
        opts["problems"] = problems
        opts["errors"] = "collect"

    def sheet_of(table: str, wanted: Any) -> str | None:
        found = _find_sheet(names, str(wanted)) if names else str(wanted)
        if found is None and (table in explicit or table == "partners"):
            msg = (
                f"{source!r} has no sheet {str(wanted)!r} for the {table} table. Sheets: "
                f"{', '.join(map(repr, names))}. Name the sheet in the model file "
                f"([columns.sheets] {'evaluator_scores' if table == 'scores' else table} = "
                f'"<sheet>"), with --sheet {table}=<sheet> on the command line, or with '
                "sheets={...} in Python."
            )
            raise FileFormatError(msg, source=source, value=wanted)
        return found

    used: dict[str, str | tuple[str, ...]] = {}
    # every sheet is found before any is read, so a wrong name is the first error
    partner_sheet = sheet_of("partners", first)
    record_sheet = sheet_of("track_records", chosen["track_records"])
    if not isinstance(chosen["scores"], str):
        for name in chosen["scores"]:
            sheet_of("scores", name)
    elif "scores" in explicit:
        sheet_of("scores", chosen["scores"])
    used["partners"] = str(partner_sheet)
    partners = read_partners(path, sheet=partner_sheet, columns=maps.get("partners"), **opts)
    records = None
    if record_sheet is not None:
        used["track_records"] = record_sheet
        records = read_track_records(
            path, sheet=record_sheet, columns=maps.get("track_records"), **opts
        )
    scores = None
    wanted_scores = chosen["scores"]
    per_evaluator: list[str] = []
    if isinstance(wanted_scores, str):
        score_sheet = sheet_of("scores", wanted_scores)
        if score_sheet is None:
            per_evaluator = [n for n in names if _EVALUATOR_SHEET.match(n)]
        else:
            used["scores"] = score_sheet
            scores = read_scores(
                path, sheet=score_sheet, columns=maps.get("scores"), layout=layout, **opts
            )
    else:
        per_evaluator = [str(sheet_of("scores", s)) for s in wanted_scores]
    if per_evaluator:
        used["scores"] = tuple(per_evaluator)
        scores = _read_evaluator_sheets(path, per_evaluator, maps.get("scores"), opts)
    return WorkbookTables(partners, records, scores, source, used)


_EVALUATOR_SHEET = re.compile(r"^\s*scores?\s*[-:–]?\s+(?P<evaluator>\S.*)$", re.IGNORECASE)


def _read_evaluator_sheets(
    path: str | Path, names: list[str], mapping: Mapping[str, str] | None, opts: dict[str, Any]
) -> pd.DataFrame:
    """One wide sheet per evaluator; the evaluator is the sheet name (without a 'scores'
    prefix) unless the sheet has an ``evaluator`` column."""
    frames = []
    for name in names:
        match = _EVALUATOR_SHEET.match(name)
        evaluator = match.group("evaluator").strip() if match else name.strip()
        want = ["partner_id", "evaluator", *(mapping or {}).values()]
        raw = load_raw(path, want, name, opts.get("limits"))
        frame = raw.frame
        if mapping:
            frame = frame.rename(columns={v: k for k, v in mapping.items()})
        if not any(column_key(c) == "evaluator" for c in frame.columns):
            frame.insert(0, "evaluator", evaluator)
        frame.attrs["source"] = f"{raw.source} [sheet {name!r}]"
        frame.attrs["sha256"] = raw.sha256
        frames.append(
            read_scores(frame, layout="wide", **{k: v for k, v in opts.items() if k != "limits"})
        )
    out = pd.concat(frames, ignore_index=True)
    out.attrs.update(frames[0].attrs)
    out.attrs["source"] = str(path)
    out.attrs["sheets"] = list(names)
    out.attrs["missing_scores"] = [m for f in frames for m in f.attrs.get("missing_scores", [])]
    return out
