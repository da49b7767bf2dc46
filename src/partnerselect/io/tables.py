"""Read and check the three input tables: partners, track records, evaluator scores.

Every reader takes a path (CSV, XLSX, JSON in records or columns layout, Parquet) or a
DataFrame (copied, never modified) and returns a new DataFrame with typed columns. The
returned frame's ``attrs`` hold ``source`` (the file path, or ``"DataFrame"``), ``sha256``
(of the file's bytes; a DataFrame's own ``attrs["sha256"]`` is passed through, else None)
and ``kind``, plus how the file was read (``encoding``, ``delimiter``, ``header_row``,
``sheet``, ``renamed`` columns).

Row numbers in messages are those a spreadsheet shows (header = row 1, first data row =
row 2, blank rows and rows above a detected header counted); the returned frame's index
label + 2 is that row number. JSON and Parquet rows are numbered the same way (first record
= row 2).
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

import numpy as np
import pandas as pd

from partnerselect.errors import (
    DataError,
    FileFormatError,
    InputWarning,
    ParameterError,
    PartnerSelectError,
    SchemaError,
)
from partnerselect.io._convert import Checker
from partnerselect.io._source import ReadLimits, column_key, load_raw

__all__ = ["KINDS", "LAYOUTS", "STATUSES", "TableSchema", "read_table", "resolve_column"]

Source = str | Path | pd.DataFrame
Errors = Literal["raise", "collect"]
Layout = Literal["long", "wide", "auto"]
#: Score-sheet layouts :func:`read_table` reads for evaluator scores.
LAYOUTS = ("long", "wide", "auto")
#: The ``[columns.<table>]`` section of the model file that maps each table kind's columns.
SECTIONS = {
    "partners": "partners",
    "track_records": "track_records",
    "scores": "evaluator_scores",
}

#: Record statuses a track record may hold.
STATUSES = ("completed", "cancelled", "ongoing")


@dataclass(frozen=True)
class TableSchema:
    """Required and known columns of a table kind, and how each known column is typed.

    ``columns`` maps a known column to a converter spec: ``("text",)``, ``("id",)`` (or
    ``("id", False)``: required text kept as written apart from surrounding spaces),
    ``("bool",)``, ``("list",)``, ``("date",)``, ``("choice", allowed)`` or
    ``("number", {keyword arguments of Checker.number})``.
    """

    kind: str
    label: str
    required: tuple[str, ...]
    columns: Mapping[str, tuple[Any, ...]]
    unique: tuple[str, ...]
    unique_label: str
    checks: tuple[Callable[[Checker, pd.DataFrame], None], ...] = field(default=())


def _num(**kw: Any) -> tuple[Any, ...]:
    return ("number", kw)


def _date_order(checker: Checker, out: pd.DataFrame) -> None:
    """planned_end or actual_end before start_date is a DataError naming the row."""
    if "start_date" not in out:
        return
    for col in ("planned_end", "actual_end"):
        if col not in out:
            continue
        bad = (out[col] < out["start_date"]).to_numpy()
        ends, starts = out[col].to_numpy(), out["start_date"].to_numpy()
        for pos in bad.nonzero()[0].tolist():
            label = out.index[pos]
            end, start = str(ends[pos])[:10], str(starts[pos])[:10]
            checker.cell_error(
                DataError,
                label,
                col,
                checker.table.frame[col].iloc[pos],
                f"{col} {end} is before start_date {start}.",
                "Check both dates (day-first DD/MM/YYYY is assumed for dates with slashes).",
            )


PARTNERS = TableSchema(
    kind="partners",
    label="partner",
    required=("partner_id", "name"),
    columns={
        "partner_id": ("id",),
        "name": ("id", False),
        "country": ("text",),
        "headcount": _num(integer=True, low=0),
        "day_rate_eur": _num(low=0, low_open=True),
        "iso27001": ("bool",),
        "iso9001": ("bool",),
        "soc2": ("bool",),
        "gdpr_dpa": ("bool",),
        "ethical_ai_policy": ("bool",),
        "ai_engineers": _num(integer=True, low=0),
        "domains": ("list",),
        "timezone_overlap_h": _num(low=0, high=24),
        "attrition_rate": _num(low=0, high=1, percent=True),
        "years_in_business": _num(low=0),
        "min_contract_eur": _num(low=0),
    },
    unique=("partner_id",),
    unique_label="partner_id",
)

TRACK_RECORDS = TableSchema(
    kind="track_records",
    label="track-record",
    required=("partner_id", "project_id"),
    columns={
        "partner_id": ("id",),
        "project_id": ("id",),
        "domain": ("text",),
        "start_date": ("date",),
        "planned_end": ("date",),
        "actual_end": ("date",),
        "budget_eur": _num(low=0),
        "actual_cost_eur": _num(low=0),
        "quality_score": _num(low=1, high=5),
        "csat": _num(low=1, high=5),
        "defects": _num(integer=True, low=0),
        "escalations": _num(integer=True, low=0),
        "status": ("choice", STATUSES),
    },
    unique=("partner_id", "project_id"),
    unique_label="project",
    checks=(_date_order,),
)

SCORES = TableSchema(
    kind="scores",
    label="evaluator-score",
    required=("evaluator", "partner_id", "criterion", "score"),
    columns={
        "evaluator": ("id",),
        "partner_id": ("id",),
        "criterion": ("id",),
        "score": _num(),
        "comment": ("text",),
    },
    unique=("evaluator", "partner_id", "criterion"),
    unique_label="score",
)

KPIS = TableSchema(
    kind="kpis",
    label="KPI observation",
    required=("partner_id", "period", "kpi", "value"),
    columns={
        "partner_id": ("id",),
        "period": ("id",),
        "kpi": ("id",),
        "value": _num(),
        "n": _num(integer=True, low=0),
        "comment": ("text",),
    },
    unique=("partner_id", "period", "kpi"),
    unique_label="KPI observation",
)

#: Table kinds :func:`read_table` knows, with accepted aliases.
KINDS: Mapping[str, TableSchema] = {
    "partners": PARTNERS,
    "track_records": TRACK_RECORDS,
    "records": TRACK_RECORDS,
    "scores": SCORES,
    "evaluator_scores": SCORES,
    "kpis": KPIS,
}


def _convert_column(checker: Checker, column: str, spec: tuple[Any, ...]) -> pd.Series:
    how = spec[0]
    if how == "id":
        return checker.identifier(column, normalise=spec[1] if len(spec) > 1 else True)
    if how == "text":
        return checker.text(column)
    if how == "bool":
        return checker.boolean(column)
    if how == "list":
        return checker.lists(column)
    if how == "date":
        return checker.date(column)
    if how == "choice":
        return checker.choice(column, spec[1])
    return checker.number(column, **spec[1])


def resolve_column(frame: pd.DataFrame, name: str) -> str | None:
    """The column of a table read by partnerselect that holds ``name`` as the user wrote it.

    A column renamed on reading (by a ``columns=`` mapping, or because ``"Attrition
    rate"`` matched the known ``attrition_rate``) is found under either name; otherwise
    names are matched ignoring case, spaces, hyphens and underscores.

    Examples
    --------
    >>> df = read_table(pd.DataFrame({"partner_id": ["P1"], "Name": ["A"],
    ...                               "Attrition Rate": ["10 %"]}), "partners")
    >>> resolve_column(df, "Attrition Rate"), resolve_column(df, "attrition rate")
    ('attrition_rate', 'attrition_rate')
    >>> resolve_column(df, "headcount") is None
    True
    """
    if name in frame.columns:
        return name
    aliases = {**frame.attrs.get("renamed", {}), **frame.attrs.get("aliases", {})}
    if name in aliases and aliases[name] in frame.columns:
        return str(aliases[name])
    key = column_key(name)
    for alias, column in aliases.items():
        if column_key(alias) == key and column in frame.columns:
            return str(column)
    matches = [str(c) for c in frame.columns if column_key(c) == key]
    return matches[0] if len(matches) == 1 else None


def _apply_mapping(
    checker: Checker, mapping: Mapping[str, str], schema: TableSchema
) -> dict[str, str]:
    """Rename the user's headers to canonical names (``columns=`` / ``[columns.<table>]``).

    A header is found exactly (after trimming spaces) or ignoring case, spaces, hyphens
    and underscores. Returns ``{user header: canonical name}``.
    """
    frame = checker.table.frame
    headers = [str(c) for c in frame.columns]
    exact = {h.replace("\ufeff", "").strip(): h for h in headers}
    loose: dict[str, list[str]] = {}
    for h in headers:
        loose.setdefault(column_key(h), []).append(h)
    renames: dict[str, str] = {}
    section = SECTIONS.get(schema.kind, schema.kind)
    for canonical, user in mapping.items():
        if not isinstance(user, str) or not isinstance(canonical, str):
            msg = (
                f"[columns.{section}]: {canonical!r} = {user!r} must map a column name to the "
                "header text in your file."
            )
            raise ParameterError(msg, value=user)
        found = exact.get(user.strip())
        if found is None and len(loose.get(column_key(user), [])) == 1:
            found = loose[column_key(user)][0]
        if found is None:
            close = difflib.get_close_matches(user, headers, n=1, cutoff=0.5)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            msg = (
                f"{checker.source!r}: [columns.{section}] maps {canonical!r} to the header "
                f"{user!r}, which the file does not have.{hint} Headers found: "
                f"{', '.join(map(repr, headers))}."
            )
            checker.fail(SchemaError(msg, source=checker.source, column=user))
            continue
        renames[found] = canonical
    if renames:
        frame.columns = [renames.get(str(c), str(c)) for c in frame.columns]
    return {str(k).strip(): v for k, v in renames.items()}


#: Words analysts use for the parts of a canonical column name.
_SYNONYMS = {
    "partner": {"partner", "vendor", "supplier", "bidder", "company", "firm", "provider"},
    "project": {"project", "engagement", "contract", "job"},
    "evaluator": {"evaluator", "assessor", "reviewer", "rater", "scorer", "panelist"},
    "criterion": {"criterion", "criteria", "question", "aspect", "dimension"},
    "score": {"score", "rating", "mark", "points", "grade"},
    "id": {"id", "no", "number", "code", "ref", "reference", "nr", "key"},
}


def _guess_header(name: str, headers: list[str]) -> list[str]:
    """The one header whose words cover every part of ``name`` (``partner_id`` is
    ``Vendor ID``, ``project_id`` is ``Project no.``), else nothing."""
    parts = [p for p in name.lower().split("_") if p]
    hits = []
    for header in headers:
        words = set(re.findall(r"[a-z]+", header.lower()))
        if all(words & _SYNONYMS.get(part, {part}) for part in parts):
            hits.append(header)
    return hits if len(hits) == 1 else []


def _require(checker: Checker, schema: TableSchema, required: tuple[str, ...]) -> None:
    """SchemaError for each missing required column, listing the file's headers and the
    ``[columns.<table>]`` line that maps a header of the user's to it."""
    cols = [str(c) for c in checker.table.frame.columns]
    written = checker.table.meta.get("headers", cols)  # as in the file, before any rename
    section = SECTIONS.get(schema.kind, schema.kind)
    spare = [c for c in cols if c not in required and c not in schema.columns]
    for name in required:
        if name in cols:
            continue
        close = _guess_header(name, spare) or difflib.get_close_matches(
            name, spare, n=1, cutoff=0.6
        )
        header = close[0] if close else "<your header>"
        guess = (
            f" Did you mean {header!r}? Rename it, or map it"
            if close
            else " Add the column, or if one of the headers holds it, map it"
        )
        msg = (
            f"{checker.source!r}: the {schema.label} table needs a column {name!r}, which is "
            f"missing.{guess} in the model file:\n  [columns.{section}]\n  {name} = "
            f'"{header}"\n(columns={{{name!r}: {header!r}}} in Python). Columns found: '
            f"{', '.join(map(repr, written))}."
        )
        checker.fail(SchemaError(msg, source=checker.source, column=name))


def _wide_to_long(checker: Checker, schema: TableSchema) -> list[dict[str, Any]]:
    """Melt a wide score sheet (one row per evaluator and partner, one column per
    criterion) into the long layout, in place. Returns the blank (missing) scores."""
    frame = checker.table.frame
    keys = [c for c in ("evaluator", "partner_id") if c in frame.columns]
    extra = [c for c in frame.columns if c not in (*keys, "comment", "criterion", "score")]
    if not extra:
        msg = (
            f"{checker.source!r}: a wide score sheet needs one column per criterion next to "
            f"'evaluator' and 'partner_id'. Headers found: "
            f"{', '.join(map(repr, map(str, frame.columns)))}."
        )
        raise SchemaError(msg, source=checker.source)
    n = len(frame)
    labels = np.tile(frame.index.to_numpy(), len(extra))
    # Scores are checked in their own columns, so an error names the criterion's column.
    raw_blank = np.concatenate([checker._cells(str(c))[1] for c in extra])
    parsed = np.concatenate([checker.number(str(c)).to_numpy(dtype=float) for c in extra])
    long = pd.DataFrame(
        {
            **{k: np.tile(frame[k].to_numpy(dtype=object), len(extra)) for k in keys},
            "criterion": np.repeat(np.array([str(c).strip() for c in extra], dtype=object), n),
            "score": parsed,
        },
        index=pd.Index(labels),
    )
    if "comment" in frame.columns:
        # a row's comment is kept once, on its first criterion
        comments = np.full(len(long), None, dtype=object)
        comments[:n] = frame["comment"].to_numpy(dtype=object)
        long["comment"] = comments
    blank = pd.Series(raw_blank, index=long.index)
    missing = [
        {
            "evaluator": row.get("evaluator"),
            "partner_id": row.get("partner_id"),
            "criterion": row["criterion"],
            "row": checker.table.row(label),
        }
        for label, row in zip(
            long.index[blank.to_numpy()], long[blank.to_numpy()].to_dict("records"), strict=True
        )
    ]
    long = long[~np.isnan(parsed)]

    # the original sheet row numbers stay the labels; a label repeats once per criterion
    checker.table.frame = long.reset_index().rename(columns={"index": "_row"}).set_index("_row")
    checker.table.frame.index.name = None
    checker.table.meta["layout"] = "wide"
    return missing


def _is_wide(frame: pd.DataFrame) -> bool:
    cols = {str(c) for c in frame.columns}
    return not ({"criterion", "score"} & cols) and {"evaluator", "partner_id"} <= cols


def _read(
    src: Source,
    schema: TableSchema,
    problems: list[PartnerSelectError] | None,
    sheet: str | int | None,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    limits: ReadLimits | None = None,
    layout: str = "auto",
) -> pd.DataFrame:
    mapping = dict(columns or {})
    want = [*schema.required, *schema.columns, *mapping.values()]
    text = [c for c, spec in schema.columns.items() if spec[0] != "number"]
    text += [mapping[c] for c in text if c in mapping]
    if schema.kind == "scores":
        text += [mapping.get(c, c) for c in ("evaluator", "partner_id", "criterion", "comment")]
    table = load_raw(src, want, sheet, limits, text)
    if table.frame.empty:
        msg = f"{table.source!r}: the {schema.label} table has no rows. Add one row per item."
        raise FileFormatError(msg, source=table.source)
    checker = Checker(table, problems, units)
    table.meta["headers"] = [str(c) for c in table.frame.columns]
    aliases = _apply_mapping(checker, mapping, schema) if mapping else {}
    renamed = checker.normalise_columns(list(schema.columns))
    missing_scores: list[dict[str, Any]] = []
    required = schema.required
    if schema.kind == "scores":
        wide = layout == "wide" or (layout == "auto" and _is_wide(table.frame))
        if wide:
            required = ("evaluator", "partner_id")
            _require(checker, schema, required)
            if all(c in table.frame.columns for c in required):
                missing_scores = _wide_to_long(checker, schema)
        else:
            _require(checker, schema, required)
    else:
        _require(checker, schema, required)
    frame = table.frame
    out: dict[str, pd.Series] = {}
    for column in frame.columns:
        spec = schema.columns.get(column)
        out[column] = _convert_column(checker, column, spec) if spec else checker.infer(column)
    result = pd.DataFrame(out, index=frame.index)
    if all(c in result for c in schema.unique):
        checker.unique(schema.unique, schema.unique_label, result)
    for check in schema.checks:
        check(checker, result)
    notes = list(table.meta.pop("notes", []))
    table.meta.pop("text_loader", None)
    table.meta.pop("_text", None)
    for column, changed in checker.normalised_ids.items():
        shown = ", ".join(f"{a!r} -> {b!r}" for a, b in list(changed.items())[:5])
        notes.append(
            f"{table.source!r}: {len(changed)} {column} value(s) held invisible characters, "
            f"extra spaces or another Unicode form and were normalised ({shown})."
        )
    if checker.markers:
        cells = [
            f"column {column!r} {table.where(label)} ({text!r})"
            for column, found in checker.markers.items()
            for label, text in found.items()
        ]
        more = f" and {len(cells) - 10} more" if len(cells) > 10 else ""
        notes.append(
            f"{table.source!r}: {len(cells)} cell(s) hold a 'not available' marker and are "
            f"read as empty, so the model's missing-data policy applies to them: "
            f"{'; '.join(cells[:10])}{more}."
        )
    if missing_scores:
        shown = "; ".join(
            f"{m['evaluator']} / {m['partner_id']} / {m['criterion']} (row {m['row']})"
            for m in missing_scores[:10]
        )
        more = f" and {len(missing_scores) - 10} more" if len(missing_scores) > 10 else ""
        notes.append(
            f"{table.source!r}: {len(missing_scores)} blank score cell(s) in the wide score "
            f"sheet are missing scores (evaluator / partner / criterion): {shown}{more}."
        )
    for note in notes:
        warnings.warn(note, InputWarning, stacklevel=4)
    result.attrs.update(table.meta)
    result.attrs.update(
        {
            "source": table.source,
            "sha256": table.sha256,
            "kind": schema.kind,
            "format": table.fmt,
            "renamed": {**table.meta.get("renamed", {}), **renamed},
            "aliases": aliases,
            "not_numeric": checker.not_numeric,
            "normalised_ids": checker.normalised_ids,
            "missing_scores": missing_scores,
            "missing_markers": {
                column: {str(table.row(label)): text for label, text in found.items()}
                for column, found in checker.markers.items()
            },
            "notes": notes,
        }
    )
    return result


@overload
def read_table(
    src: Source,
    kind: str,
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
def read_table(
    src: Source,
    kind: str,
    *,
    errors: Literal["collect"],
    problems: None = ...,
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
    layout: Layout = ...,
) -> tuple[pd.DataFrame, list[PartnerSelectError]]: ...
@overload
def read_table(
    src: Source,
    kind: str,
    *,
    errors: Errors = ...,
    problems: list[PartnerSelectError],
    sheet: str | int | None = ...,
    columns: Mapping[str, str] | None = ...,
    units: Mapping[str, str] | None = ...,
    limits: ReadLimits | None = ...,
    layout: Layout = ...,
) -> pd.DataFrame: ...
def read_table(
    src: Source,
    kind: str,
    *,
    errors: Errors = "raise",
    problems: list[PartnerSelectError] | None = None,
    sheet: str | int | None = None,
    columns: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
    limits: ReadLimits | None = None,
    layout: Layout = "auto",
) -> pd.DataFrame | tuple[pd.DataFrame, list[PartnerSelectError]]:
    """Read and check a table of the given ``kind``.

    Parameters
    ----------
    src : str, Path or DataFrame
        A ``.csv``/``.tsv``/``.txt``, ``.xlsx``/``.xlsm``, ``.json`` or ``.parquet`` file,
        or a DataFrame (copied, never modified).
    kind : {"partners", "track_records", "scores", "kpis"}
        Which schema to check (aliases: ``"records"``, ``"evaluator_scores"``).
    errors : {"raise", "collect"}
        ``"raise"`` raises the first problem. ``"collect"`` checks everything, leaves
        each bad cell empty and returns ``(table, problems)``.
    problems : list, optional
        Collect problems into this list (implies ``errors="collect"``) and return only the
        table. File-level problems (unreadable file, no rows) are raised in every mode,
        since there is no table to go on with.
    sheet : str or int, optional
        Excel sheet. Default: the active visible sheet (a hidden or inactive first sheet is
        skipped with an :class:`~partnerselect.errors.InputWarning` naming the choice); a
        sheet without the table's columns is an error listing the sheets.
    columns : mapping, optional
        Canonical column name -> the header in your file, e.g. ``{"partner_id": "Vendor
        ID"}`` (the model file's ``[columns.<table>]`` section). Headers are found exactly
        or ignoring case, spaces, hyphens and underscores; ``attrs["aliases"]`` records the
        mapping and :func:`resolve_column` finds a column under either name.
    units : mapping, optional
        Column -> unit. ``"percent"`` accepts ``"8 %"`` (read as 0.08) in that column;
        elsewhere a ``%`` sign is an error.
    limits : ReadLimits, optional
        Resource limits (file size, workbook size, cells, JSON depth); see
        :class:`ReadLimits`.
    layout : {"auto", "long", "wide"}
        Evaluator scores only. ``"long"``: one row per evaluator, partner and criterion
        (``criterion`` and ``score`` columns). ``"wide"``: one row per evaluator and
        partner, one column per criterion; blank cells are missing scores, listed in
        ``attrs["missing_scores"]`` and an :class:`~partnerselect.errors.InputWarning`.
        ``"auto"`` (default): wide when there is no ``criterion``/``score`` column.

    Returns
    -------
    DataFrame, or (DataFrame, list of PartnerSelectError) when collecting without a list.

    Raises
    ------
    FileFormatError
        Unknown suffix, empty file, header without rows, undecodable text, bad JSON,
        Parquet without pyarrow.
    SchemaError
        A required column is missing, or two columns hold the same known column.
    DataError, MissingValueError, DuplicateError
        A bad cell, an empty id, a repeated id.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"partner_id": ["P1"], "name": ["Acme"], "iso27001": ["yes"]})
    >>> read_table(df, "partners")["iso27001"].tolist()
    [True]
    """
    if kind not in KINDS:
        msg = f"Unknown table kind {kind!r}. Use one of: {', '.join(KINDS)}."
        raise ParameterError(msg, value=kind)
    if errors not in ("raise", "collect"):
        msg = f"The 'errors' parameter must be 'raise' or 'collect'. Got {errors!r} instead."
        raise ParameterError(msg, value=errors)
    if layout not in LAYOUTS:
        msg = f"The 'layout' parameter must be one of {', '.join(LAYOUTS)}. Got {layout!r}."
        raise ParameterError(msg, value=layout)
    opts: dict[str, Any] = {"columns": columns, "units": units, "limits": limits, "layout": layout}
    if problems is not None:
        return _read(src, KINDS[kind], problems, sheet, **opts)
    if errors == "collect":
        found: list[PartnerSelectError] = []
        return _read(src, KINDS[kind], found, sheet, **opts), found
    return _read(src, KINDS[kind], None, sheet, **opts)
