"""Public readers of the three input tables (thin wrappers over :func:`read_table`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, overload

import pandas as pd

from partnerselect.errors import PartnerSelectError
from partnerselect.io._source import ReadLimits
from partnerselect.io.tables import Errors, Layout, Source, read_table

__all__ = ["read_partners", "read_scores", "read_track_records"]

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
