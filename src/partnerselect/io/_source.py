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
import warnings
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import FileFormatError, SchemaError

__all__ = [
    "SUPPORTED_SUFFIXES",
    "RawTable",
    "ReadLimits",
    "column_key",
    "file_sha256",
    "load_raw",
]

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
_MIB = 1 << 20


@dataclass(frozen=True)
class ReadLimits:
    """Resource limits of the table readers: a file beyond one is refused before parsing.

    Real tender tables are far below every default; the limits stop decompression bombs,
    workbooks that claim millions of cells, and deeply nested JSON from exhausting memory
    or time. Raise one by passing ``limits=ReadLimits(max_cells=50_000_000)`` to a reader.

    Attributes
    ----------
    max_file_bytes : int
        Size of the file on disk (default 512 MiB).
    max_uncompressed_bytes : int
        Total uncompressed size of a workbook's parts, from the zip directory (1 GiB).
    max_compression_ratio : float
        Uncompressed / compressed size of any workbook part over 1 MiB (500).
    max_shared_strings : int
        Distinct texts a workbook may declare (2,000,000).
    max_cells : int
        Cells a workbook sheet may hold, and the area of its used range (5,000,000).
    max_json_depth : int
        Nesting depth of a JSON table (a table needs 3; default 32).

    Examples
    --------
    >>> ReadLimits().max_json_depth, ReadLimits(max_cells=10).max_cells
    (32, 10)
    """

    max_file_bytes: int = 512 * _MIB
    max_uncompressed_bytes: int = 1024 * _MIB
    max_compression_ratio: float = 500.0
    max_shared_strings: int = 2_000_000
    max_cells: int = 5_000_000
    max_json_depth: int = 32


DEFAULT_LIMITS = ReadLimits()


def _too_big(source: str, what: str, found: str, name: str, limit: float) -> FileFormatError:
    msg = (
        f"Cannot read {source!r}: {what} ({found}) is beyond the reader's limit "
        f"{name}={limit:,g}. If the file is genuine, raise the limit: "
        f"limits=ReadLimits({name}=...) in Python."
    )
    return FileFormatError(msg, source=source, value=name)


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
    src: str | Path | pd.DataFrame,
    want: Sequence[str],
    sheet: str | int | None = None,
    limits: ReadLimits | None = None,
    text: Sequence[str] = (),
) -> RawTable:
    """Read ``src`` into a :class:`RawTable`; ``want`` are the known column names.

    The known names are used to find the header row (the row among the first 20 that
    matches most of them). ``text`` names columns kept as written (ids, text, dates) when
    a CSV file is parsed by pandas; other columns may come back typed as numbers.
    """
    limits = limits or DEFAULT_LIMITS
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
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise _too_big(
            source, "the file size", f"{size:,} bytes", "max_file_bytes", limits.max_file_bytes
        )
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if not data[:4096].strip() and not data.strip():
        msg = f"{source!r} is empty. Export the table again with a header row and data rows."
        raise _fail(msg, source)
    if fmt == "csv":
        table = _csv(data, source, want, frozenset(column_key(t) for t in text))
    elif fmt == "excel":
        table = _excel(data, source, want, sheet, limits)
    elif fmt == "json":
        table = _json(data, source, limits)
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
    # Typed columns (numbers, booleans, dates, text) are checked as whole columns; anything
    # else is looked at cell by cell as Python objects.
    frame = pd.DataFrame(
        {
            i: col if _typed(col.dtype) else col.astype(object)
            for i, (_, col) in enumerate(frame.items())
        },
        index=frame.index,
    ).set_axis(list(frame.columns), axis=1)
    source = str(df.attrs.get("source") or "DataFrame")
    table = RawTable(frame, source, "frame", sha256=df.attrs.get("sha256"))
    table.meta.update({str(k): v for k, v in df.attrs.items() if k not in ("source", "sha256")})
    return table


def _is_text(dtype: Any) -> bool:
    return isinstance(dtype, pd.StringDtype) or pd.api.types.is_object_dtype(dtype)


def _typed(dtype: Any) -> bool:
    return (
        (pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_complex_dtype(dtype))
        or pd.api.types.is_bool_dtype(dtype)
        or (pd.api.types.is_datetime64_dtype(dtype) and not hasattr(dtype, "tz"))
        or isinstance(dtype, pd.StringDtype)
    )


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
    lines = [ln for ln in text[: 1 << 16].splitlines() if ln.strip()][:50]
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


def _csv(
    data: bytes, source: str, want: Sequence[str], text_keys: frozenset[str] = frozenset()
) -> RawTable:
    text, encoding = _decode(data, source)
    delim = _sniff(text)
    table = _csv_fast(text, delim, source, want, text_keys)
    if table is None:
        table = _csv_rows(text, delim, source, want)
    table.meta.update({"encoding": encoding, "delimiter": delim})
    return table


def _csv_fast(
    text: str, delim: str, source: str, want: Sequence[str], text_keys: frozenset[str]
) -> RawTable | None:
    """The body parsed by pandas' C parser: known text columns (``text_keys``) as text,
    every other column typed by pandas (numbers as float/int) so that clean numeric columns
    need no per-cell work. Returns None for files the row-by-row reader explains better
    (rows wider than the header, non-finite numbers, title rows spanning quoted line
    breaks) and for ';'-separated files, whose numbers are checked for ambiguous thousands
    separators from their text.
    """
    if delim == ";":
        return None
    start = text[: 1 << 16]
    reader = csv.reader(io.StringIO(start), delimiter=delim)
    head: list[list[str]] = []
    try:
        for row in reader:
            head.append(row)
            if len(head) > _HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        return None
    keep = [i for i, r in enumerate(head) if not all(_blank(v) for v in r)]
    if not keep:
        return None
    h = keep[_header_row([head[i] for i in keep[:_HEADER_SEARCH_ROWS]], want)]
    probe = csv.reader(io.StringIO(start), delimiter=delim)
    try:
        for _ in range(h + 1):
            next(probe)
    except (StopIteration, csv.Error):
        return None
    if probe.line_num != h + 1:  # a quoted line break above the body: numbering differs
        return None
    header = ["" if _blank(v) else str(v).strip() for v in head[h]]
    named = [j for j, name in enumerate(header) if name]
    if not named:
        return None
    width = len(header)
    text_cols = [j for j, name in enumerate(header) if column_key(name) in text_keys]
    body = text.encode("utf-8")
    options: dict[str, Any] = {
        "sep": delim,
        "header": None,
        "names": list(range(width)),
        "index_col": False,
        "skiprows": h + 1,
        "keep_default_na": False,
        "na_values": [""],
        "skip_blank_lines": False,
        "engine": "c",
        "encoding": "utf-8",
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            grid = pd.read_csv(io.BytesIO(body), **options)
            # Text columns pandas typed as numbers or booleans (ids such as 101 or 1.10)
            # are read again as written; columns pandas inferred as text already are.
            retype = [j for j in text_cols if not _is_text(grid.iloc[:, j].dtype)]
            if retype:
                again = pd.read_csv(
                    io.BytesIO(body),
                    **{**options, "usecols": retype, "dtype": dict.fromkeys(retype, "str")},
                )
                for j in retype:
                    grid[j] = again[j]
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, OverflowError):
        return None
    if grid.empty:
        return None
    blank = np.zeros(grid.shape, bool)
    for j in range(width):
        col = grid.iloc[:, j]
        if pd.api.types.is_float_dtype(col.dtype):
            values = col.to_numpy(dtype=float)
            if np.isinf(values).any():
                return None  # the row-by-row reader names the cell as written ('1e309')
            blank[:, j] = np.isnan(values)
        elif pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
            continue
        else:
            text_col = col.astype("str")
            blank[:, j] = (text_col.isna() | text_col.str.strip().eq("")).to_numpy(dtype=bool)
    rows = np.flatnonzero(~blank.all(axis=1))
    if not len(rows):
        return None
    last = max(named)
    if last + 1 < width and not blank[rows][:, last + 1 :].all():
        return None
    if len(rows) == len(grid):  # no blank row: no copy, and a range index
        frame = grid.iloc[:, : last + 1]
        frame.index = pd.RangeIndex(h, h + len(rows))  # label = spreadsheet row number - 2
    else:
        frame = grid.iloc[rows, : last + 1]
        frame.index = pd.Index((rows + h).tolist())
    frame.columns = header[: last + 1]
    frame = _drop_unnamed(frame, source, h + 1)
    table = RawTable(frame, source, "csv")
    table.meta["header_row"] = h + 1
    # cells as written, re-read row by row only if a typed cell has to be quoted in an error
    table.meta["text_loader"] = lambda: _csv_rows(text, delim, source, want).frame
    return table


def _header_row(rows: list[list[Any]], want: Sequence[str]) -> int:
    """Position (in ``rows``) of the row that looks most like the header."""
    wanted = {column_key(w) for w in want}
    first_id = column_key(want[0]) if want else ""
    best, best_score = 0, (-1, -1)
    for i, row in enumerate(rows):
        keys = {column_key(v) for v in row if not _blank(v)}
        score = (int(first_id in keys), len(keys & wanted))
        if score > best_score:
            best, best_score = i, score
    return best


def _header_score(rows: list[list[Any]], want: Sequence[str]) -> int:
    """How many known column names the best header candidate holds."""
    wanted = {column_key(w) for w in want}
    return max(
        (len({column_key(v) for v in row if not _blank(v)} & wanted) for row in rows),
        default=0,
    )


def _csv_rows(text: str, delim: str, source: str, want: Sequence[str]) -> RawTable:
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    try:
        rows: list[list[Any]] = [list(r) for r in reader]
    except csv.Error as exc:
        msg = (
            f"Cannot read {source!r} as CSV: {exc} (line {reader.line_num}). Quote values "
            "that contain line breaks or delimiters, or export the table again."
        )
        raise _fail(msg, source, row=reader.line_num) from None
    return _grid(rows, list(range(1, len(rows) + 1)), source, "csv", want)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _grid(
    rows: list[list[Any]],
    numbers: list[int],
    source: str,
    fmt: str,
    want: Sequence[str],
    letters: list[str] | None = None,
) -> RawTable:
    """Header detection and row numbering shared by CSV and Excel."""
    keep = [i for i, r in enumerate(rows) if not all(_blank(v) for v in r)]
    if not keep:
        msg = f"{source!r} holds no data. Export the table again with a header row."
        raise _fail(msg, source)
    best = keep[_header_row([rows[i] for i in keep[:_HEADER_SEARCH_ROWS]], want)]
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
    frame = _drop_unnamed(frame, source, numbers[best], letters)
    table = RawTable(frame, source, fmt)
    table.meta["header_row"] = numbers[best]
    return table


def _drop_unnamed(
    frame: pd.DataFrame, source: str, header_row: int, letters: list[str] | None = None
) -> pd.DataFrame:
    """Drop header-less columns that hold nothing; a header-less column with data is an error."""
    drop = []
    for pos, name in enumerate(frame.columns):
        if name:
            continue
        col = frame.iloc[:, pos]
        filled = [v for v in col if not _blank(v)]
        if filled:
            letter = letters[pos] if letters else _column_letter(pos)
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


_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_SST_COUNT = re.compile(rb"uniqueCount=\"(\d+)\"|count=\"(\d+)\"")


def _check_zip(data: bytes, source: str, limits: ReadLimits) -> bool:
    """Refuse a workbook whose zip directory announces far more than a table holds.

    Only the directory and, where needed, streamed parts are inspected, before openpyxl
    parses anything. Returns whether any sheet holds formulas.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        msg = f"Cannot open {source!r} as an Excel workbook ({exc}). Save it again as .xlsx."
        raise _fail(msg, source) from None
    with zf:
        infos = zf.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.max_uncompressed_bytes:
            raise _too_big(
                source,
                "its uncompressed size",
                f"{total:,} bytes",
                "max_uncompressed_bytes",
                limits.max_uncompressed_bytes,
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _MIB and ratio > limits.max_compression_ratio:
                raise _too_big(
                    source,
                    f"part {info.filename!r} compresses {ratio:,.0f}:1, a decompression bomb "
                    "pattern",
                    f"{info.file_size:,} bytes",
                    "max_compression_ratio",
                    limits.max_compression_ratio,
                )
        names = {i.filename: i for i in infos}
        sst = names.get("xl/sharedStrings.xml")
        if sst is not None:
            with zf.open(sst) as fh:
                head = fh.read(4096)
            match = _SST_COUNT.search(head)
            count = int(match.group(1) or match.group(2)) if match else None
            if count is None and sst.file_size > limits.max_shared_strings * 7:
                count = _count_in(zf, sst, b"<si")
            if count is not None and count > limits.max_shared_strings:
                raise _too_big(
                    source,
                    "its shared-string table",
                    f"{count:,} strings",
                    "max_shared_strings",
                    limits.max_shared_strings,
                )
        formulas = False
        for info in infos:
            if not info.filename.startswith("xl/worksheets/") or info.is_dir():
                continue
            # A cell element takes at least 7 bytes ('<c r="A1"/>' is 11): small parts
            # cannot exceed the limit and are not scanned.
            if info.file_size > limits.max_cells * 7:
                cells = _count_in(zf, info, b"<c ")
                if cells > limits.max_cells:
                    raise _too_big(
                        source,
                        f"sheet part {info.filename!r}",
                        f"{cells:,} cells",
                        "max_cells",
                        limits.max_cells,
                    )
            if not formulas:
                formulas = _count_in(zf, info, b"<f", stop_at=1) > 0
    return formulas


_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def workbook_sheets(path: str | Path, limits: ReadLimits | None = None) -> list[str]:
    """Sheet names of a workbook, after the file-size and zip-directory checks (nothing
    is parsed but ``xl/workbook.xml``)."""
    import html

    limits = limits or DEFAULT_LIMITS
    source = str(path)
    file = Path(path)
    if not file.is_file():
        msg = f"Cannot read {source!r}: no such file. Check the path and the working directory."
        raise _fail(msg, source)
    size = file.stat().st_size
    if size > limits.max_file_bytes:
        raise _too_big(
            source, "the file size", f"{size:,} bytes", "max_file_bytes", limits.max_file_bytes
        )
    data = file.read_bytes()
    _check_zip(data, source, limits)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        try:
            xml = zf.read("xl/workbook.xml")
        except KeyError:
            msg = f"Cannot open {source!r} as an Excel workbook (no workbook part). Save it again as .xlsx."
            raise _fail(msg, source) from None
    return [html.unescape(m.decode("utf-8")) for m in _SHEET_NAME.findall(xml)]


def _count_in(zf: zipfile.ZipFile, info: zipfile.ZipInfo, token: bytes, stop_at: int = 0) -> int:
    """Occurrences of ``token`` in a zip member, streamed in 1 MiB blocks."""
    count, tail = 0, b""
    with zf.open(info) as fh:
        for block in iter(lambda: fh.read(_MIB), b""):
            chunk = tail + block
            count += chunk.count(token)
            tail = chunk[-(len(token) - 1) :] if len(token) > 1 else b""
            # a token split over two blocks is counted once: it lies in 'tail' + next block,
            # and the tail alone is shorter than the token
            if stop_at and count >= stop_at:
                break
    return count


def _used_grid(
    ws: Any, source: str, limits: ReadLimits
) -> tuple[list[list[Any]], list[int], list[int]]:
    """Cells holding a value, as a grid over the rows and columns that hold any.

    Only stored cells are visited (never the declared dimension: a stray formatted cell at
    XFD1048576 costs nothing). Returns the grid, its sheet row numbers and column numbers.
    """
    stored = getattr(ws, "_cells", None)
    if stored is None:  # pragma: no cover - openpyxl always has it in normal mode
        stored = {(c.row, c.column): c for row in ws.iter_rows() for c in row}
    if len(stored) > limits.max_cells:
        raise _too_big(
            source, f"sheet {ws.title!r}", f"{len(stored):,} cells", "max_cells", limits.max_cells
        )
    valued = {key: cell.value for key, cell in stored.items() if cell.value is not None}
    rows = sorted({r for r, _ in valued})
    cols = sorted({c for _, c in valued})
    # merged header cells: keep the rows/columns they cover so the copy-down below works
    for rng in ws.merged_cells.ranges:
        if (rng.min_row, rng.min_col) in valued and rng.max_row - rng.min_row < 10:
            rows = sorted(set(rows) | set(range(rng.min_row, rng.max_row + 1)))
    if len(rows) * len(cols) > limits.max_cells:
        far = max(valued, key=lambda k: k[0] * 20000 + k[1])
        raise _too_big(
            source,
            f"the used range of sheet {ws.title!r} (it reaches {_column_letter(far[1] - 1)}"
            f"{far[0]}: delete stray cells far from the table)",
            f"{len(rows):,} rows x {len(cols):,} columns",
            "max_cells",
            limits.max_cells,
        )
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: j for j, c in enumerate(cols)}
    grid: list[list[Any]] = [[None] * len(cols) for _ in rows]
    for (r, c), value in valued.items():
        grid[row_at[r]][col_at[c]] = value
    for rng in ws.merged_cells.ranges:
        top = valued.get((rng.min_row, rng.min_col))
        if top is None or rng.min_col not in col_at:
            continue
        for r in range(rng.min_row, rng.max_row + 1):
            if r in row_at:
                grid[row_at[r]][col_at[rng.min_col]] = top
    return grid, rows, cols


def _excel(
    data: bytes,
    source: str,
    want: Sequence[str],
    sheet: str | int | None,
    limits: ReadLimits | None = None,
) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    limits = limits or DEFAULT_LIMITS
    formulas = _check_zip(data, source, limits)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        msg = f"Cannot open {source!r} as an Excel workbook ({exc}). Save it again as .xlsx."
        raise _fail(msg, source) from None
    names = list(wb.sheetnames)
    notes: list[str] = []
    visible = [n for n in names if wb[n].sheet_state == "visible"]
    if sheet is None:
        if not visible:
            msg = f"{source!r} has no visible sheet. Unhide the sheet that holds the table."
            raise _fail(msg, source)
        active = wb.active
        title = active.title if active is not None and active.title in visible else visible[0]
        ws = wb[title]
        if title != names[0]:
            why = "hidden" if names[0] not in visible else "not the active sheet"
            notes.append(
                f"{source!r}: read sheet {title!r} (the active visible sheet); the first sheet "
                f"{names[0]!r} is {why}. Choose another with sheet= (--sheet on the command "
                "line)."
            )
    elif isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(names):
        ws = wb[names[sheet]]
    elif isinstance(sheet, str) and sheet in names:
        ws = wb[sheet]
    else:
        msg = f"{source!r} has no sheet {sheet!r}. Sheets: {', '.join(map(repr, names))}."
        raise _fail(msg, source, value=sheet)
    grid, rows, cols = _used_grid(ws, source, limits)
    if sheet is None and len(visible) > 1 and want:
        _check_sheet_holds_table(wb, ws, grid, visible, source, want, limits)
    if formulas:
        _check_cached_values(data, ws.title, grid, rows, cols, source)
    table = _grid(grid, rows, source, "excel", want, letters=[_column_letter(c - 1) for c in cols])
    table.meta["sheet"] = ws.title
    table.meta["sheets"] = names
    if notes:
        table.meta.setdefault("notes", []).extend(notes)
    return table


def _check_sheet_holds_table(
    wb: Any,
    ws: Any,
    grid: list[list[Any]],
    visible: list[str],
    source: str,
    want: Sequence[str],
    limits: ReadLimits,
) -> None:
    """A sheet chosen by default that holds none of the table's columns is an error that
    lists the sheets (and which of them look like the table) and how to choose one."""
    if _header_score(grid[:_HEADER_SEARCH_ROWS], want) > 0:
        return
    shown = []
    for name in visible:
        if name == ws.title:
            shown.append(f"{name!r} (read by default: none of the expected columns)")
            continue
        other, _, _ = _used_grid(wb[name], source, limits)
        hits = _header_score(other[:_HEADER_SEARCH_ROWS], want)
        shown.append(f"{name!r}" + (f" ({hits} expected columns)" if hits else ""))
    msg = (
        f"{source!r}: sheet {ws.title!r} does not hold the table (none of the columns "
        f"{', '.join(map(repr, list(want)[:4]))}... is in its first rows). Sheets: "
        f"{', '.join(shown)}. Choose one with sheet='<name>' in Python or --sheet <name> on "
        "the command line."
    )
    raise SchemaError(msg, source=source, value=ws.title)


def _check_cached_values(
    data: bytes, title: str, grid: list[list[Any]], rows: list[int], cols: list[int], source: str
) -> None:
    """A formula cell whose result was never saved (files written by scripts, not by a
    spreadsheet program) would read as empty: refuse it, naming the cell."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    ws = wb[title]
    for (r, c), cell in getattr(ws, "_cells", {}).items():
        if cell.data_type != "f":
            continue
        if r in rows and c in cols and grid[rows.index(r)][cols.index(c)] is not None:
            continue
        ref = f"{_column_letter(c - 1)}{r}"
        msg = (
            f"{source!r}, sheet {title!r}, cell {ref} (row {r}) holds the formula "
            f"{str(cell.value)[:60]!r} without a saved result, so its value is unknown. Open "
            "the file in a spreadsheet program and save it (which stores the results), or "
            "replace the formula by its value."
        )
        raise FileFormatError(msg, source=source, row=r, column=ref, value=cell.value)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """Deepest nesting of ``[`` and ``{`` in JSON text, without parsing it (strings skipped).

    Examples
    --------
    >>> json_depth('[{"a": [1, "]]"]}]'), json_depth("3")
    (3, 0)
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets:
        return 0
    steps = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    depth = np.cumsum(np.where((steps == ord("[")) | (steps == ord("{")), 1, -1))
    return int(depth.max())


def _json(data: bytes, source: str, limits: ReadLimits | None = None) -> RawTable:
    limits = limits or DEFAULT_LIMITS
    text, _ = _decode(data, source)
    depth = json_depth(text)
    if depth > limits.max_json_depth:
        raise _too_big(
            source, "its nesting depth", f"{depth} levels", "max_json_depth", limits.max_json_depth
        )
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{source!r} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."
        raise _fail(msg, source, row=exc.lineno) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise _too_big(
            source, "its nesting depth", "too deep", "max_json_depth", limits.max_json_depth
        ) from None
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
    frame = frame.reset_index(drop=True)
    frame = pd.DataFrame(
        {
            i: col if _typed(col.dtype) else col.astype(object)
            for i, (_, col) in enumerate(frame.items())
        },
        index=frame.index,
    ).set_axis([str(c) for c in frame.columns], axis=1)
    return RawTable(frame, source, "parquet")
