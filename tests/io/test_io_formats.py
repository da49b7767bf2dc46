"""Every reader on every format, and malformed files."""

import hashlib
import json

import openpyxl
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import FileFormatError, SchemaError
from partnerselect.io import _source, file_sha256, read_table

from ._io_data import PARTNER_ROWS, check_partners, partner_frame, write_csv


def write_xlsx(path, rows, *, top_blank=0, title=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "partners"
    for _ in range(top_blank):
        ws.append([])
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


# ---------------------------------------------------------------- each format


def test_csv(tmp_path):
    path = write_csv(tmp_path / "p.csv", PARTNER_ROWS)
    df = ps.read_partners(path)
    check_partners(df)
    assert df.attrs["source"] == str(path)
    assert df.attrs["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert df.attrs["sha256"] == file_sha256(path)
    assert df.attrs["delimiter"] == ","


def test_tsv_and_txt(tmp_path):
    check_partners(ps.read_partners(write_csv(tmp_path / "p.tsv", PARTNER_ROWS, "\t")))
    check_partners(ps.read_partners(write_csv(tmp_path / "p.txt", PARTNER_ROWS, "|")))


def test_xlsx(tmp_path):
    df = ps.read_partners(write_xlsx(tmp_path / "p.xlsx", PARTNER_ROWS))
    check_partners(df)
    assert df.attrs["sheet"] == "partners"


def test_xlsx_native_cell_types(tmp_path):
    """Excel numbers, booleans and dates arrive typed; the readers accept them."""
    import datetime as dt

    rows = [
        ["partner_id", "project_id", "start_date", "planned_end", "budget_eur", "defects"],
        [101, "X1", dt.datetime(2024, 3, 1), dt.datetime(2024, 6, 30), 150000, 3],
    ]
    df = ps.read_track_records(write_xlsx(tmp_path / "r.xlsx", rows))
    assert df.loc[0, "partner_id"] == "101"  # numeric ids become text
    assert df.loc[0, "start_date"] == pd.Timestamp("2024-03-01")
    assert df.loc[0, "budget_eur"] == 150000.0
    assert df.loc[0, "defects"] == 3


def test_json_records(tmp_path):
    records = [dict(zip(PARTNER_ROWS[0], r, strict=True)) for r in PARTNER_ROWS[1:]]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    check_partners(ps.read_partners(path))


def test_json_columns(tmp_path):
    cols = {c: [r[i] for r in PARTNER_ROWS[1:]] for i, c in enumerate(PARTNER_ROWS[0])}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(cols), encoding="utf-8")
    check_partners(ps.read_partners(path))
    as_dicts = {c: dict(enumerate(v)) for c, v in cols.items()}  # pandas' to_json default
    path.write_text(json.dumps(as_dicts), encoding="utf-8")
    check_partners(ps.read_partners(path))


def test_json_native_types(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(
        json.dumps([{"partner_id": "P1", "name": "A", "iso27001": True, "headcount": 10}]),
        encoding="utf-8",
    )
    df = ps.read_partners(path)
    assert bool(df.loc[0, "iso27001"]) is True
    assert df.loc[0, "headcount"] == 10


def test_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "p.parquet"
    partner_frame().to_parquet(path)
    check_partners(ps.read_partners(path))


def test_parquet_without_pyarrow_says_to_install_it(tmp_path, monkeypatch):
    path = tmp_path / "p.parquet"
    path.write_bytes(b"PAR1 not really")
    real = _source.importlib.util.find_spec
    monkeypatch.setattr(
        _source.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "pyarrow" else real(name, *a),
    )
    with pytest.raises(FileFormatError, match=r"pip install pyarrow") as info:
        ps.read_partners(path)
    assert info.value.source == str(path)


def test_dataframe_is_copied_never_mutated():
    raw = partner_frame()
    raw.attrs["note"] = "mine"
    before = raw.copy(deep=True)
    df = ps.read_partners(raw)
    check_partners(df)
    pd.testing.assert_frame_equal(raw, before)
    assert raw.attrs == {"note": "mine"}
    assert df.attrs["source"] == "DataFrame"
    assert df.attrs["sha256"] is None
    df.loc[0, "name"] = "changed"
    assert raw.loc[0, "name"] == "Acme Analytics"


def test_reading_a_read_frame_again_is_stable_and_keeps_the_audit_attrs(tmp_path):
    path = write_csv(tmp_path / "p.csv", PARTNER_ROWS)
    once = ps.read_partners(path)
    twice = ps.read_partners(once)
    pd.testing.assert_frame_equal(once, twice)
    assert twice.attrs["source"] == str(path)
    assert twice.attrs["sha256"] == once.attrs["sha256"]


def test_partner_id_in_the_index_comes_back_as_a_column():
    df = ps.read_partners(partner_frame().set_index("partner_id"))
    check_partners(df)


# ---------------------------------------------------------------- delimiters and encodings


def test_semicolon_delimiter_is_detected(tmp_path):
    rows = [r[:] for r in PARTNER_ROWS]
    rows[1][4] = "700,5"  # decimal comma, common in ';' files
    rows[1][6] = '"banking;retail"'  # a list cell must be quoted in a ';' file
    rows[3][6] = '"Health Care ; energy"'
    df = ps.read_partners(write_csv(tmp_path / "p.csv", rows, ";"))
    assert df.attrs["delimiter"] == ";"
    assert df["day_rate_eur"].tolist() == [700.5, 650.5, 900.0]
    rows[1][4] = "700"
    check_partners(ps.read_partners(write_csv(tmp_path / "q.csv", rows, ";")))


def test_utf8_bom_is_transparent(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"\xef\xbb\xbf" + write_csv(tmp_path / "x.csv", PARTNER_ROWS).read_bytes())
    df = ps.read_partners(path)
    assert next(iter(df.columns)) == "partner_id"
    check_partners(df)


def test_cp1252_falls_back_and_is_recorded(tmp_path):
    rows = [["partner_id", "name"], ["P1", "Müller & Söhne – Daten"]]
    df = ps.read_partners(write_csv(tmp_path / "p.csv", rows, encoding="cp1252"))
    assert df.loc[0, "name"] == "Müller & Söhne – Daten"
    assert df.attrs["encoding"] == "cp1252"


def test_undecodable_bytes_name_the_file_and_the_fix(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"partner_id,name\nP1,\x81\x8d\x90\n")  # undefined in cp1252 too
    with pytest.raises(FileFormatError, match=r"p\.csv.*UTF-8.*Windows-1252.*CSV UTF-8"):
        ps.read_partners(path)


def test_quoted_delimiters_inside_values(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('partner_id,name\nP1,"Acme, Inc."\n', encoding="utf-8")
    assert ps.read_partners(path).loc[0, "name"] == "Acme, Inc."


def test_unquoted_delimiter_in_a_value_names_the_row(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("partner_id,name\nP1,Acme\nP2,Acme, Inc.\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"row 3 has 3 cells but the header.*Quote") as e:
        ps.read_partners(path)
    assert e.value.row == 3


def test_short_rows_are_padded(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("partner_id,name,country\nP1,Acme\n", encoding="utf-8")
    df = ps.read_partners(path)
    assert pd.isna(df.loc[0, "country"])


# ---------------------------------------------------------------- malformed files


@pytest.mark.parametrize("suffix", [".xls", ".docx", ""])
def test_unknown_suffix_lists_supported_formats(tmp_path, suffix):
    path = tmp_path / f"p{suffix}"
    path.write_text("partner_id,name\nP1,A\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"unknown file type.*Supported: \.csv.*\.xlsx"):
        ps.read_partners(path)


def test_xls_gets_a_save_as_hint(tmp_path):
    path = tmp_path / "p.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(FileFormatError, match=r"Save it as \.xlsx"):
        ps.read_partners(path)


def test_missing_file(tmp_path):
    with pytest.raises(FileFormatError, match="no such file"):
        ps.read_partners(tmp_path / "absent.csv")


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    with pytest.raises(FileFormatError, match=r"p\.csv' is empty"):
        ps.read_partners(path)


def test_only_a_header(tmp_path):
    path = write_csv(tmp_path / "p.csv", [["partner_id", "name"]])
    with pytest.raises(FileFormatError, match=r"header \(row 1\) but no data rows"):
        ps.read_partners(path)


def test_only_a_header_in_excel(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [["partner_id", "name"]], top_blank=2)
    with pytest.raises(FileFormatError, match=r"header \(row 3\) but no data rows"):
        ps.read_partners(path)


def test_empty_dataframe():
    with pytest.raises(FileFormatError, match="no rows"):
        ps.read_partners(pd.DataFrame({"partner_id": [], "name": []}))


def test_not_a_table():
    with pytest.raises(FileFormatError, match="Cannot read a table from list"):
        ps.read_partners([{"partner_id": "P1"}])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('[{"partner_id": "P1",}]', r"not valid JSON.*line 1"),
        ('"just text"', "expected a list of row objects"),
        ("[]", "holds no rows"),
        ('{"partner_id": ["P1", "P2"], "name": ["A"]}', "different lengths"),
    ],
)
def test_bad_json(tmp_path, text, match):
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError, match=match):
        ps.read_partners(path)


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"this is not a zip file")
    with pytest.raises(FileFormatError, match=r"Cannot open .* as an Excel workbook"):
        ps.read_partners(path)


# ---------------------------------------------------------------- header detection


def test_excel_blank_and_title_rows_above_the_header(tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", PARTNER_ROWS, top_blank=2, title="Tender 2027")
    df = ps.read_partners(path)
    check_partners(df)
    assert df.attrs["header_row"] == 4
    assert (df.index + 2).tolist() == [5, 6, 7]  # index + 2 = the row Excel shows


def test_excel_bad_value_names_the_real_sheet_row(tmp_path):
    rows = [r[:] for r in PARTNER_ROWS]
    rows[2][3] = "many"
    path = write_xlsx(tmp_path / "p.xlsx", rows, top_blank=2)
    with pytest.raises(ps.errors.DataError, match=r"row 5, column 'headcount'") as e:
        ps.read_partners(path)
    assert e.value.row == 5


def test_csv_title_row_and_blank_lines(tmp_path):
    rows = [["Partner list", "", ""], [""], *PARTNER_ROWS[:2], [""], *PARTNER_ROWS[2:]]
    df = ps.read_partners(write_csv(tmp_path / "p.csv", rows))
    check_partners(df)
    assert (df.index + 2).tolist() == [4, 6, 7]


def test_excel_merged_header_cells(tmp_path):
    """A group row merged across columns above the header, and 'partner_id'/'name' merged
    vertically over both header rows (a common 'pretty' tender sheet)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["partner_id", "name", "Certifications", None, "Commercial"])
    ws.append([None, None, "iso27001", "gdpr_dpa", "day_rate_eur"])
    ws.append(["P1", "Acme", "yes", "no", 800])
    ws.append(["P2", "Beta", "no", "yes", 900])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.merge_cells("C1:D1")
    path = tmp_path / "p.xlsx"
    wb.save(path)
    df = ps.read_partners(path)
    assert list(df.columns) == ["partner_id", "name", "iso27001", "gdpr_dpa", "day_rate_eur"]
    assert df["iso27001"].tolist() == [True, False]
    assert df.attrs["header_row"] == 2


def test_excel_header_merged_across_columns_with_data_below(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["partner_id", "name", None])
    ws.append(["P1", "Acme", "Warsaw"])
    ws.merge_cells("B1:C1")
    path = tmp_path / "p.xlsx"
    wb.save(path)
    with pytest.raises(SchemaError, match=r"column C has values.*no header.*unmerge") as e:
        ps.read_partners(path)
    assert e.value.column == "C"


def test_excel_sheet_selection(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "notes"
    wb.active.append(["nothing here"])
    ws = wb.create_sheet("scores")
    ws.append(["evaluator", "partner_id", "criterion", "score"])
    ws.append(["A", "P1", "communication", 4])
    path = tmp_path / "s.xlsx"
    wb.save(path)
    assert ps.read_scores(path, sheet="scores")["score"].tolist() == [4.0]
    assert ps.read_scores(path, sheet=1)["score"].tolist() == [4.0]
    with pytest.raises(FileFormatError, match=r"no sheet 'x'.*'notes', 'scores'"):
        ps.read_scores(path, sheet="x")


def test_read_table_kinds_and_bad_kind(tmp_path):
    path = write_csv(tmp_path / "p.csv", PARTNER_ROWS)
    assert read_table(path, "partners").attrs["kind"] == "partners"
    with pytest.raises(ps.errors.ParameterError, match="Unknown table kind 'partner'"):
        read_table(path, "partner")
    with pytest.raises(ps.errors.ParameterError, match="'errors' parameter"):
        read_table(path, "partners", errors="ignore")
