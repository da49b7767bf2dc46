"""Load a raw table (cells as given) from a file or a DataFrame.

Handles the file-level problems: unknown suffix, empty file, text encoding, delimiter,
blank or title rows above the header (the header row is detected), merged header cells in
Excel, JSON orientation, and Parquet without pyarrow. Cell types are checked later
(:mod:`partnerselect.io._convert`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import importlib.util
import io
import json
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import FileFormatError, SchemaError

__all__ = ["SUPPORTED_SUFFIXES", "RawTable", "column_key", "file_sha256", "load_raw"]

#: File suffixes each format is read from.
SUPPORTED_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}
#: Encodings tried in order for text files. ``utf-8-sig`` also reads plain UTF-8 and drops
#: a byte-order mark; ``cp1252`` is what spreadsheet programs on Windows write as "CSV".
ENCODINGS = ("utf-8-sig", "cp1252")
_DELIMITERS = (",", ";", "\t", "|")
_HEADER_SEARCH_ROWS = 20


def column_key(name: object) -> str:
    """Name used to match columns: lower case without spaces, underscores or hyphens.

    Examples
    --------
    >>> column_key(" Day Rate EUR"), column_key("day_rate_eur")
    ('dayrateeur', 'dayrateeur')
    """
    return re.sub(r"[\s_\-]+", "", str(name).replace("\ufeff", "")).lower()


def file_sha256(path: str | Path) -> str:
    """SHA-256 hex digest of a file's bytes (the audit trail records it for every input).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_bytes(b"abc")
    >>> file_sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class RawTable:
    """Cells as read (object dtype), with where they came from.

    ``frame.index`` holds spreadsheet row numbers minus 2 (so label + 2 is the row a
    spreadsheet shows: header = row 1, first data row = row 2) for files; a DataFrame's own
    index is kept.
    """

    frame: pd.DataFrame
    source: str
    fmt: str
    sha256: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def row(self, label: Any) -> int | str:
        """Row number (spreadsheet style) of an index label, or the label itself."""
        if isinstance(label, int | np.integer) and not isinstance(label, bool):
            return int(label) + 2
        return str(label)

    def where(self, label: Any) -> str:
        """'row 7' (or 'index label x' for a DataFrame with a non-integer index)."""
        row = self.row(label)
        return f"row {row}" if isinstance(row, int) else f"row {row!r}"


def _fail(msg: str, source: str, **kw: Any) -> FileFormatError:
    return FileFormatError(msg, source=source, **kw)


def load_raw(
    src: str | Path | pd.DataFrame, want: Sequence[str], sheet: str | int | None = None
) -> RawTable:
    """Read ``src`` into a :class:`RawTable`; ``want`` are the known column names.

    The known names are used to find the header row (the row among the first 20 that
    matches most of them).
    """
    if isinstance(src, pd.DataFrame):
        return _from_frame(src, want)
    if not isinstance(src, str | Path):
        msg = (
            f"Cannot read a table from {type(src).__name__}. Pass a path to a CSV, XLSX, "
            "JSON or Parquet file, or a pandas DataFrame."
        )
        raise FileFormatError(msg, value=type(src).__name__)
    path = Path(src)
    source = str(path)
    suffix = path.suffix.lower()
    fmt = SUPPORTED_SUFFIXES.get(suffix)
    if fmt is None:
        hint = " Save it as .xlsx." if suffix == ".xls" else ""
        msg = (
            f"Cannot read {source!r}: unknown file type {suffix or '(no suffix)'!r}.{hint} "
            f"Supported: {', '.join(SUPPORTED_SUFFIXES)}."
        )
        raise _fail(msg, source, value=suffix)
    if not path.is_file():
        msg = f"Cannot read {source!r}: no such file. Check the path and the working directory."
        raise _fail(msg, source)
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        msg = f"{source!r} is empty. Export the table again with a header row and data rows."
        raise _fail(msg, source)
    if fmt == "csv":
        table = _csv(data, source, want)
    elif fmt == "excel":
        table = _excel(data, source, want, sheet)
    elif fmt == "json":
        table = _json(data, source)
    else:
        table = _parquet(path, source)
    table.sha256 = sha
    return table


def _from_frame(df: pd.DataFrame, want: Sequence[str]) -> RawTable:
    frame = df.copy(deep=True)
    # An id column moved into the index (df.set_index("partner_id")) comes back as a column.
    names = [n for n in frame.index.names if n is not None]
    keys = {column_key(c) for c in frame.columns}
    wanted = {column_key(w) for w in want}
    if names and all(column_key(n) in wanted and column_key(n) not in keys for n in names):
        frame = frame.reset_index()
    if not frame.index.is_unique:
        frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    frame = frame.astype(object)
    source = str(df.attrs.get("source") or "DataFrame")
    table = RawTable(frame, source, "frame", sha256=df.attrs.get("sha256"))
    table.meta.update({str(k): v for k, v in df.attrs.items() if k not in ("source", "sha256")})
    return table


def _decode(data: bytes, source: str) -> tuple[str, str]:
    # "Unicode text" exports of spreadsheet programs are UTF-16 with a byte-order mark.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    msg = (
        f"Cannot decode {source!r}: it is neither UTF-8 nor Windows-1252 text. Save it as "
        "'CSV UTF-8' from your spreadsheet program."
    )
    raise _fail(msg, source, value="encoding")


def _sniff(text: str) -> str:
    """The delimiter giving the most consistent field count over the first lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()][:50]
    sample = "\n".join(lines)
    best, best_score = ",", (False, 0.0, 0)
    for delim in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim) if r]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        score = (mode > 1, freq / len(counts), mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def _csv(data: bytes, source: str, want: Sequence[str]) -> RawTable:
    text, encoding = _decode(data, source)
    delim = _sniff(text)
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        rows: list[list[Any]] = [list(r) for r in reader]
    except csv.Error as exc:
        msg = (
            f"Cannot read {source!r} as CSV: {exc} (line {reader.line_num}). Quote values "
            "that contain line breaks or delimiters, or export the table again."
        )
        raise _fail(msg, source, row=reader.line_num) from None
    table = _grid(rows, list(range(1, len(rows) + 1)), source, "csv", want)
    table.meta.update({"encoding": encoding, "delimiter": delim})
    return table


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _grid(
    rows: list[list[Any]], numbers: list[int], source: str, fmt: str, want: Sequence[str]
) -> RawTable:
    """Header detection and row numbering shared by CSV and Excel."""
    keep = [i for i, r in enumerate(rows) if not all(_blank(v) for v in r)]
    if not keep:
        msg = f"{source!r} holds no data. Export the table again with a header row."
        raise _fail(msg, source)
    wanted = {column_key(w) for w in want}
    first_id = column_key(want[0]) if want else ""
    best, best_score = keep[0], (-1, -1)
    for i in keep[:_HEADER_SEARCH_ROWS]:
        keys = {column_key(v) for v in rows[i] if not _blank(v)}
        score = (int(first_id in keys), len(keys & wanted))
        if score > best_score:
            best, best_score = i, score
    header = ["" if _blank(v) else str(v).strip() for v in rows[best]]
    body = [i for i in keep if i > best]
    if not body:
        msg = (
            f"{source!r} has a header (row {numbers[best]}) but no data rows. Add one row per "
            "item below the header."
        )
        raise _fail(msg, source, row=numbers[best])
    width = len(header)
    records: list[list[Any]] = []
    for i in body:
        r = list(rows[i])
        if len(r) > width:
            extra = r[width:]
            if not all(_blank(v) for v in extra):
                msg = (
                    f"{source!r}, row {numbers[i]} has {len(r)} cells but the header (row "
                    f"{numbers[best]}) has {width}: a value probably contains an unquoted "
                    "delimiter. Quote that value or give the extra column a header."
                )
                raise _fail(msg, source, row=numbers[i], value=extra[0])
            r = r[:width]
        records.append(r + [None] * (width - len(r)))
    frame = pd.DataFrame(
        records, columns=header, index=pd.Index([numbers[i] - 2 for i in body]), dtype=object
    )
    frame = _drop_unnamed(frame, source, numbers[best])
    table = RawTable(frame, source, fmt)
    table.meta["header_row"] = numbers[best]
    return table


def _drop_unnamed(frame: pd.DataFrame, source: str, header_row: int) -> pd.DataFrame:
    """Drop header-less columns that hold nothing; a header-less column with data is an error."""
    drop = []
    for pos, name in enumerate(frame.columns):
        if name:
            continue
        col = frame.iloc[:, pos]
        filled = [v for v in col if not _blank(v)]
        if filled:
            letter = _column_letter(pos)
            msg = (
                f"{source!r}: column {letter} has values (e.g. {filled[0]!r}) but no header in "
                f"row {header_row}. Give it a header (merged header cells leave the cells they "
                "cover empty: unmerge them and name each column)."
            )
            raise SchemaError(msg, source=source, column=letter, row=header_row, value=filled[0])
        drop.append(pos)
    keep = [i for i in range(frame.shape[1]) if i not in drop]
    return frame.iloc[:, keep]


def _column_letter(pos: int) -> str:
    letters = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _excel(data: bytes, source: str, want: Sequence[str], sheet: str | int | None) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        msg = f"Cannot open {source!r} as an Excel workbook ({exc}). Save it again as .xlsx."
        raise _fail(msg, source) from None
    names = list(wb.sheetnames)
    if sheet is None:
        ws = wb[names[0]]
    elif isinstance(sheet, int) and 0 <= sheet < len(names):
        ws = wb[names[sheet]]
    elif isinstance(sheet, str) and sheet in names:
        ws = wb[sheet]
    else:
        msg = f"{source!r} has no sheet {sheet!r}. Sheets: {', '.join(map(repr, names))}."
        raise _fail(msg, source, value=sheet)
    grid = [list(r) for r in ws.iter_rows(values_only=True)]
    # A merged cell keeps its value in the top-left cell only; a header merged over several
    # rows (e.g. 'partner_id' over a two-row header) is copied down so the real header row
    # sees it. Horizontally merged cells stay empty and are handled as unnamed columns.
    for rng in ws.merged_cells.ranges:
        top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
        for r in range(rng.min_row, min(rng.max_row, len(grid)) + 1):
            grid[r - 1][rng.min_col - 1] = top
    table = _grid(grid, list(range(1, len(grid) + 1)), source, "excel", want)
    table.meta["sheet"] = ws.title
    return table


def _json(data: bytes, source: str) -> RawTable:
    text, _ = _decode(data, source)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{source!r} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        raise _fail(msg, source, row=exc.lineno) from None
    if isinstance(obj, list) and all(isinstance(r, dict) for r in obj):
        frame = pd.DataFrame.from_records(obj)
    elif isinstance(obj, dict) and obj and all(isinstance(v, list | dict) for v in obj.values()):
        columns = {k: (list(v.values()) if isinstance(v, dict) else v) for k, v in obj.items()}
        lengths = {len(v) for v in columns.values()}
        if len(lengths) != 1:
            msg = (
                f"{source!r}: the columns have different lengths ({sorted(lengths)}). In the "
                "'columns' layout every column must list one value per row."
            )
            raise _fail(msg, source)
        frame = pd.DataFrame(columns)
    else:
        msg = (
            f"{source!r}: expected a list of row objects ([{{'partner_id': ...}}, ...]) or an "
            "object of columns ({'partner_id': [...], ...})."
        )
        raise _fail(msg, source)
    if frame.empty:
        msg = f"{source!r} holds no rows. Add one object per row."
        raise _fail(msg, source)
    frame = frame.astype(object).where(frame.notna(), None)
    frame.columns = [str(c) for c in frame.columns]
    frame.index = pd.RangeIndex(len(frame))
    return RawTable(frame, source, "json")


def _parquet(path: Path, source: str) -> RawTable:
    if importlib.util.find_spec("pyarrow") is None:
        msg = (
            f"Reading {source!r} needs the optional package pyarrow. Install it "
            "(pip install pyarrow) or save the table as CSV or XLSX."
        )
        raise _fail(msg, source, value="pyarrow")
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types
        msg = f"Cannot read {source!r} as Parquet ({exc})."
        raise _fail(msg, source) from None
    frame = frame.reset_index(drop=True).astype(object)
    frame.columns = [str(c) for c in frame.columns]
    return RawTable(frame, source, "parquet")
