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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, overload

import pandas as pd

from partnerselect.errors import DataError, FileFormatError, ParameterError, PartnerSelectError
from partnerselect.io._convert import Checker
from partnerselect.io._source import load_raw

__all__ = ["KINDS", "STATUSES", "TableSchema", "read_table"]

Source = str | Path | pd.DataFrame
Errors = Literal["raise", "collect"]

#: Record statuses a track record may hold.
STATUSES = ("completed", "cancelled", "ongoing")


@dataclass(frozen=True)
class TableSchema:
    """Required and known columns of a table kind, and how each known column is typed.

    ``columns`` maps a known column to a converter spec: ``("text",)``, ``("id",)``,
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
        "name": ("id",),
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

#: Table kinds :func:`read_table` knows, with accepted aliases.
KINDS: Mapping[str, TableSchema] = {
    "partners": PARTNERS,
    "track_records": TRACK_RECORDS,
    "records": TRACK_RECORDS,
    "scores": SCORES,
    "evaluator_scores": SCORES,
}


def _convert_column(checker: Checker, column: str, spec: tuple[Any, ...]) -> pd.Series:
    how = spec[0]
    if how == "id":
        return checker.identifier(column)
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


def _read(
    src: Source,
    schema: TableSchema,
    problems: list[PartnerSelectError] | None,
    sheet: str | int | None,
) -> pd.DataFrame:
    table = load_raw(src, [*schema.required, *schema.columns], sheet)
    if table.frame.empty:
        msg = f"{table.source!r}: the {schema.label} table has no rows. Add one row per item."
        raise FileFormatError(msg, source=table.source)
    checker = Checker(table, problems)
    renamed = checker.normalise_columns(list(schema.columns))
    checker.require(schema.required, schema.label)
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
    result.attrs.update(table.meta)
    result.attrs.update(
        {
            "source": table.source,
            "sha256": table.sha256,
            "kind": schema.kind,
            "format": table.fmt,
            "renamed": {**table.meta.get("renamed", {}), **renamed},
            "not_numeric": checker.not_numeric,
            "normalised_ids": checker.normalised_ids,
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
) -> pd.DataFrame: ...
@overload
def read_table(
    src: Source,
    kind: str,
    *,
    errors: Literal["collect"],
    problems: None = ...,
    sheet: str | int | None = ...,
) -> tuple[pd.DataFrame, list[PartnerSelectError]]: ...
@overload
def read_table(
    src: Source,
    kind: str,
    *,
    errors: Errors = ...,
    problems: list[PartnerSelectError],
    sheet: str | int | None = ...,
) -> pd.DataFrame: ...
def read_table(
    src: Source,
    kind: str,
    *,
    errors: Errors = "raise",
    problems: list[PartnerSelectError] | None = None,
    sheet: str | int | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, list[PartnerSelectError]]:
    """Read and check a table of the given ``kind``.

    Parameters
    ----------
    src : str, Path or DataFrame
        A ``.csv``/``.tsv``/``.txt``, ``.xlsx``/``.xlsm``, ``.json`` or ``.parquet`` file,
        or a DataFrame (copied, never modified).
    kind : {"partners", "track_records", "scores"}
        Which schema to check (aliases: ``"records"``, ``"evaluator_scores"``).
    errors : {"raise", "collect"}
        ``"raise"`` raises the first problem. ``"collect"`` checks everything, leaves
        each bad cell empty and returns ``(table, problems)``.
    problems : list, optional
        Collect problems into this list (implies ``errors="collect"``) and return only the
        table. File-level problems (unreadable file, no rows) are raised in every mode,
        since there is no table to go on with.
    sheet : str or int, optional
        Excel sheet (default: the first).

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
    if problems is not None:
        return _read(src, KINDS[kind], problems, sheet)
    if errors == "collect":
        found: list[PartnerSelectError] = []
        return _read(src, KINDS[kind], found, sheet), found
    return _read(src, KINDS[kind], None, sheet)
