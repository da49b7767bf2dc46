"""Workbooks: which sheet is read, formulas without results, bounded resources, one-workbook
tenders (``read_workbook``) and the analyst's example workbook ranked like the sample."""

import io
import json
import time
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.styles import Font

import partnerselect as ps
from partnerselect.cli import main
from partnerselect.errors import FileFormatError, InputWarning, SchemaError
from partnerselect.io import ReadLimits, read_workbook
from partnerselect.io._source import json_depth

ROOT = Path(__file__).resolve().parents[2]

ROWS = [["partner_id", "name", "day_rate_eur"], ["P1", "Acme", 700], ["P2", "Beta", 650]]


def book(path, sheets, *, active=None, hidden=()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    if active is not None:
        wb.active = list(sheets).index(active)
    wb.save(path)
    return path


def refusal_time(path, **kw):
    """Seconds until read_partners refuses ``path`` with a FileFormatError."""
    start = time.perf_counter()
    with pytest.raises(FileFormatError):
        ps.read_partners(path, **kw)
    return time.perf_counter() - start


# ---------------------------------------------------------------- sheet choice


def test_a_hidden_first_sheet_is_never_read_silently(tmp_path):
    path = book(
        tmp_path / "p.xlsx",
        {"old": [["partner_id", "name"], ["X9", "Stale"]], "partners": ROWS},
        active="partners",
        hidden=("old",),
    )
    with pytest.warns(InputWarning, match=r"read sheet 'partners'.*first sheet 'old' is hidden"):
        df = ps.read_partners(path)
    assert df["partner_id"].tolist() == ["P1", "P2"]
    assert df.attrs["sheet"] == "partners"


def test_a_first_sheet_that_is_not_the_table_lists_the_sheets(tmp_path):
    path = book(
        tmp_path / "p.xlsx",
        {"Instructions": [["Fill in one row per vendor."]], "Vendors": ROWS},
        active="Instructions",
    )
    with pytest.raises(SchemaError) as info:
        ps.read_partners(path)
    msg = str(info.value)
    assert "'Instructions'" in msg
    assert "'Vendors' (3 expected columns)" in msg
    assert "sheet='<name>'" in msg
    assert "--sheet <name>" in msg
    assert ps.read_partners(path, sheet="Vendors")["partner_id"].tolist() == ["P1", "P2"]


def test_a_formula_without_a_saved_result_is_refused(tmp_path):
    path = tmp_path / "p.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in ROWS:
        ws.append(r)
    ws["C3"] = "=C2*0.9"  # openpyxl saves formulas without their results
    wb.save(path)
    with pytest.raises(FileFormatError, match=r"cell C3 \(row 3\).*'=C2\*0\.9'.*without a saved"):
        ps.read_partners(path)


# ---------------------------------------------------------------- bounded resources


def test_a_stray_formatted_cell_at_the_sheet_end_costs_nothing(tmp_path):
    path = tmp_path / "p.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in ROWS:
        ws.append(r)
    ws.cell(row=1_048_576, column=16_384).font = Font(bold=True)  # XFD1048576, no value
    wb.save(path)
    assert ws.max_row == 1_048_576
    start = time.perf_counter()
    df = ps.read_partners(path)
    assert time.perf_counter() - start < 1.0
    assert df["partner_id"].tolist() == ["P1", "P2"]


def _bomb(path, *, part="xl/media/pad.bin", size=64 << 20):
    """A valid workbook plus one highly compressible part (zeros compress ~1000:1)."""
    book(path, {"partners": ROWS})
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open(part, "w", force_zip64=True) as fh,
    ):
        block = bytes(1 << 20)
        for _ in range(size >> 20):
            fh.write(block)
    return path


def test_a_decompression_bomb_is_refused_quickly(tmp_path):
    path = _bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1 << 20
    with pytest.raises(FileFormatError, match=r"compresses.*max_compression_ratio") as info:
        ps.read_partners(path)
    assert "limits=ReadLimits(max_compression_ratio=...)" in str(info.value)
    assert refusal_time(path) < 1.0
    # raising the limit is the documented way through (the padding part is then ignored)
    df = ps.read_partners(path, limits=ReadLimits(max_compression_ratio=1e9))
    assert len(df) == 2


def test_uncompressed_size_limit(tmp_path):
    path = book(tmp_path / "p.xlsx", {"partners": ROWS})
    with pytest.raises(FileFormatError, match="max_uncompressed_bytes"):
        ps.read_partners(path, limits=ReadLimits(max_uncompressed_bytes=1000))


def test_a_huge_shared_string_count_is_refused_before_parsing(tmp_path):
    path = book(tmp_path / "p.xlsx", {"partners": ROWS})
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="99999999" uniqueCount="99999999"><si><t>x</t></si></sst>'
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", sst)
    assert refusal_time(path) < 1.0
    with pytest.raises(FileFormatError, match=r"shared-string table.*max_shared_strings"):
        ps.read_partners(path)


def test_cell_count_limit(tmp_path):
    path = book(tmp_path / "p.xlsx", {"partners": ROWS})
    with pytest.raises(FileFormatError, match="max_cells"):
        ps.read_partners(path, limits=ReadLimits(max_cells=5))


def test_file_size_limit(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("partner_id,name\nP1,A\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"file size.*max_file_bytes=10"):
        ps.read_partners(path, limits=ReadLimits(max_file_bytes=10))


def test_deep_json_is_a_file_format_error_never_a_recursion_error(tmp_path):
    path = tmp_path / "p.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(FileFormatError, match=r"nesting depth.*max_json_depth"):
        ps.read_partners(path)
    assert time.perf_counter() - start < 1.0
    assert json_depth('{"a": "[[[[", "b": [1]}') == 2
    rows = [{"partner_id": "P1", "name": "A", "extra": {"a": {"b": [1]}}}]
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(FileFormatError):
        ps.read_partners(path, limits=ReadLimits(max_json_depth=3))


# ---------------------------------------------------------------- one workbook


def test_read_workbook_named_sheets_and_one_sheet_per_evaluator(tmp_path):
    path = book(
        tmp_path / "t.xlsx",
        {
            "Partners": [["Vendor", "name"], ["P1", "Acme"], ["P2", "Beta"]],
            "Scores - A. Novak": [["Vendor", "communication"], ["P1", 4], ["P2", None]],
            "Scores - B. Ortiz": [["Vendor", "communication"], ["P1", 3], ["P2", 5]],
        },
    )
    with pytest.warns(InputWarning, match="A. Novak / P2 / communication"):
        wb = read_workbook(
            path,
            columns={
                "partners": {"partner_id": "Vendor"},
                "evaluator_scores": {"partner_id": "Vendor"},
            },
        )
    assert wb.track_records is None
    assert wb.sheets["scores"] == ("Scores - A. Novak", "Scores - B. Ortiz")
    got = sorted(
        zip(wb.scores["evaluator"], wb.scores["partner_id"], wb.scores["score"], strict=True)
    )
    assert got == [("A. Novak", "P1", 4.0), ("B. Ortiz", "P1", 3.0), ("B. Ortiz", "P2", 5.0)]
    with pytest.raises(FileFormatError, match=r"no sheet 'Projects'.*Sheets: 'Partners'"):
        read_workbook(path, sheets={"track_records": "Projects"})


EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture(scope="module")
def canonical_ranking():
    from partnerselect.datasets import load_sample

    s = load_sample()
    with pytest.warns(ps.errors.PartnerSelectWarning):
        ev = ps.evaluate(
            s.paths["partners"],
            s.paths["track_records"],
            s.model_path,
            scores=s.paths["scores"],
            analyses=False,
        )
    return ev.to_frame()


def test_the_analysts_workbook_ranks_like_the_sample(canonical_ranking):
    with pytest.warns(ps.errors.PartnerSelectWarning):
        ev = ps.evaluate(
            workbook=EXAMPLES / "tender.xlsx", model=EXAMPLES / "model.toml", analyses=False
        )
    got = ev.to_frame()
    assert got.index.tolist() == canonical_ranking.index.tolist()
    assert got["rank"].tolist() == canonical_ranking["rank"].tolist()
    assert got["score"].tolist() == pytest.approx(canonical_ranking["score"].tolist(), abs=1e-12)
    # the example model differs from the sample model only by its [columns] section
    sample = (ROOT / "data" / "model.toml").read_text(encoding="utf-8")
    example = (EXAMPLES / "model.toml").read_text(encoding="utf-8")
    assert example.startswith(sample.rstrip("\n"))
    added = [ln for ln in example[len(sample.rstrip("\n")) :].splitlines() if ln.startswith("[")]
    assert all(ln.startswith("[columns.") for ln in added)


def test_partnerselect_rank_workbook_cli(tmp_path, capsys, canonical_ranking):
    code = main(
        [
            "rank",
            "--workbook",
            str(EXAMPLES / "tender.xlsx"),
            "--model",
            str(EXAMPLES / "model.toml"),
            "--format",
            "csv",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    report = pd.read_csv(tmp_path / "partnerselect-report.csv", dtype={"partner_id": str})
    ranked = report[report["status"] == "ranked"].sort_values("rank", kind="stable")
    assert ranked["partner_id"].tolist() == canonical_ranking.index.tolist()
    capsys.readouterr()


def test_cli_sheet_option_and_missing_partners(tmp_path, capsys):
    path = book(tmp_path / "p.xlsx", {"notes": [["x"]], "Vendors": ROWS})
    model = tmp_path / "m.toml"
    model.write_text('[[criteria]]\nname = "day_rate_eur"\nobjective = "min"\nweight = 1\n')
    assert main(["validate", "--model", str(model)]) == 2
    assert "--workbook" in capsys.readouterr().err
    code = main(
        ["rank", "--partners", str(path), "--sheet", "Vendors", "--model", str(model),
         "--format", "csv", "--out", str(tmp_path / "out")]
    )  # fmt: skip
    assert code == 0
    assert "P1" in capsys.readouterr().out


def test_workbook_bytes_are_checked_before_openpyxl(tmp_path):
    # not a zip at all: one clear error
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"PK\x03\x04 broken" + bytes(100))
    with pytest.raises(FileFormatError, match="Excel workbook"):
        ps.read_partners(path)
    assert io  # keep the import used by readers of this file


def test_sheet_option_forms():
    from partnerselect.cli import _sheet_option

    assert _sheet_option(None) is None
    assert _sheet_option(["Vendors"]) == "Vendors"
    assert _sheet_option(["partners=Vendors", "scores=Panel"]) == {
        "partners": "Vendors",
        "scores": "Panel",
    }
    assert _sheet_option(["Data", "scores=Panel"]) == {
        "partners": "Data",
        "track_records": "Data",
        "scores": "Panel",
    }


def test_blank_wide_scores_reach_the_evaluation_notes(tmp_path):
    partners = pd.DataFrame(
        {"partner_id": ["P1", "P2"], "name": ["A", "B"], "day_rate_eur": [700, 650]}
    )
    scores = pd.DataFrame(
        {"evaluator": ["E1", "E1", "E2", "E2"], "partner_id": ["P1", "P2", "P1", "P2"],
         "communication": [4, 3, None, 5]}
    )  # fmt: skip
    model = {
        "criteria": [
            {"name": "day_rate_eur", "objective": "min", "weight": 1},
            {"name": "communication", "source": "evaluators", "weight": 1},
        ]
    }
    with pytest.warns(ps.errors.PartnerSelectWarning):
        ev = ps.evaluate(partners, model=model, scores=scores, analyses=False)
    assert any("E2 / P1 / communication" in note for note in ev.notes)


def test_the_example_workbook_is_what_its_script_writes(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "HERE", tmp_path)
    module.main()
    assert (tmp_path / "tender.xlsx").read_bytes() == (EXAMPLES / "tender.xlsx").read_bytes()
    assert (tmp_path / "model.toml").read_text("utf-8") == (EXAMPLES / "model.toml").read_text(
        "utf-8"
    )


def test_score_criteria_written_differently_match_the_model():
    partners = pd.DataFrame(
        {"partner_id": ["P1", "P2"], "name": ["A", "B"], "day_rate_eur": [700, 650]}
    )
    scores = pd.DataFrame(
        {"evaluator": ["E1", "E1"], "partner_id": ["P1", "P2"], "Communication ": [4, 3]}
    )
    model = {
        "criteria": [
            {"name": "day_rate_eur", "objective": "min", "weight": 1},
            {"name": "communication", "source": "evaluators", "weight": 1},
        ]
    }
    with pytest.warns(ps.errors.PartnerSelectWarning):
        ev = ps.evaluate(partners, model=model, scores=scores, analyses=False)
    assert any("'Communication' -> 'communication'" in note for note in ev.notes)
    assert ev.problem.matrix.loc["P1", "communication"] == 4.0
