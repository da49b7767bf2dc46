"""Read partner profiles, track records, evaluator scores and model files.

Tables come from CSV/TSV (any of ``,``, ``;``, tab or ``|`` as delimiter; UTF-8 with or
without a byte-order mark, or Windows-1252 as a fallback — ``attrs["encoding"]`` says
which), XLSX (the header row is detected below blank or title rows), JSON (a list of row
objects or an object of columns), Parquet (needs pyarrow) or a DataFrame (copied); one
workbook can hold all three (:func:`read_workbook`). Headers of your own map to the
canonical names with ``columns=`` (the model file's ``[columns]`` section); evaluator
scores may be long or wide; :class:`ReadLimits` bounds what a file may cost to read. Every
reader checks the table against its schema and raises a specific error from
:mod:`partnerselect.errors` naming the file, row, column and value and how to fix it — or,
with ``errors="collect"``, returns every problem at once.

>>> from partnerselect import io
>>> sorted(io.KINDS)
['evaluator_scores', 'kpis', 'partners', 'records', 'scores', 'track_records']
"""

from __future__ import annotations

from partnerselect.io._source import SUPPORTED_SUFFIXES, ReadLimits, file_sha256
from partnerselect.io.model_file import MODEL_SUFFIXES, load_model_dict
from partnerselect.io.readers import (
    DEFAULT_SHEETS,
    WorkbookTables,
    read_partners,
    read_scores,
    read_track_records,
    read_workbook,
    table_options,
)
from partnerselect.io.tables import (
    KINDS,
    LAYOUTS,
    STATUSES,
    TableSchema,
    read_table,
    resolve_column,
)

__all__ = [
    "DEFAULT_SHEETS",
    "KINDS",
    "LAYOUTS",
    "MODEL_SUFFIXES",
    "STATUSES",
    "SUPPORTED_SUFFIXES",
    "ReadLimits",
    "TableSchema",
    "WorkbookTables",
    "file_sha256",
    "load_model_dict",
    "read_partners",
    "read_scores",
    "read_table",
    "read_track_records",
    "read_workbook",
    "resolve_column",
    "table_options",
]
