"""Hostile vendor strings through every report format, atomic writes and run ids."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerselect.report import write_report
from partnerselect.report.files import run_id
from partnerselect.report.html import render_html
from partnerselect.report.markdown import md_escape, md_table
from partnerselect.report.sanitize import clean_lines, clean_text, json_safe, safe_cell

from ._synthetic import synthetic_evaluation

ROOT = Path(__file__).resolve().parents[2]

# Every character the policy must keep out of an output (C0, DEL, C1, separators, bidi).
CONTROLS = [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
CONTROLS += ["\u2028", "\u2029", "\u202e", "\u2066", "\u2069"]


def is_control(ch: str) -> bool:
    return ch in CONTROLS


hostile = st.text(
    alphabet=st.one_of(st.sampled_from(CONTROLS), st.sampled_from("=+-@ Acme|<>&*_`'\"\\,;")),
    min_size=1,
    max_size=25,
)


def _cells_of_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _write_all(ev, folder: Path) -> dict[str, Path]:
    out = {}
    for suffix in ("csv", "md", "html", "xlsx", "json"):
        out[suffix] = write_report(ev, folder / f"r.{suffix}", plots=False)
    return out


# --------------------------------------------------------------------------- policy units
def test_clean_text_removes_every_control():
    text = "".join(CONTROLS)
    out = clean_text(text)
    assert not any(is_control(ch) for ch in out)
    assert len(out) == len(text)  # one visible character per removed one: alignment kept


def test_ansi_sequence_cannot_move_the_cursor():
    assert "\x1b" not in clean_lines("Acme\x1b[2J\x1b[1;1HEvil\rX")
    assert "\r" not in clean_lines("Acme\rEvil")


def test_formula_neutralised_on_every_line():
    assert safe_cell("Acme Ltd\r=cmd|' /C calc'!A0").startswith("Acme Ltd")
    from partnerselect.report.sanitize import neutralize_formula

    assert neutralize_formula("Acme\n=cmd\r@x\r\n+y") == "Acme\n'=cmd\r'@x\r\n'+y"


def test_json_safe_keeps_data():
    data = {"name": "".join(CONTROLS) + "ok"}
    text = json_safe(json.dumps(data, ensure_ascii=False))
    assert not any(is_control(ch) for ch in text.replace("\n", ""))
    assert json.loads(text) == data


def test_markdown_row_stays_one_row():
    import pandas as pd

    table = md_table(pd.DataFrame({"name": ["a\rb", "c\nd|e", "f\u2028g"], "x": [1.0, 2.0, 3.0]}))
    assert len(table.strip().splitlines()) == 2 + 3
    assert md_escape("x\r\n|y") == "x  \\|y"


# --------------------------------------------------------------------------- every format
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=st.lists(hostile, min_size=5, max_size=5))
def test_random_controls_through_every_format(names, tmp_path):
    ev = synthetic_evaluation(names)
    files = _write_all(ev, tmp_path)
    # CSV: one record per partner plus the header, no live formula in any cell
    text = files["csv"].read_text(encoding="utf-8-sig")
    assert not any(is_control(ch) for ch in text.replace("\n", "").replace("\r", ""))
    rows = _cells_of_csv(text)
    assert len(rows) == 1 + len(ev.partners)
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            assert not cell.startswith("-") or re.fullmatch(r"-[\d.e+-]+", cell), cell
    # Markdown: no control character; the ranking table has one line per ranked partner
    md = files["md"].read_text(encoding="utf-8")
    assert not any(is_control(ch) for ch in md.replace("\n", ""))
    ranking_rows = md.split("## Ranking\n", 1)[1].split("\n## ", 1)[0].strip().splitlines()
    assert len(ranking_rows) == 2 + len(ev.ranking.scores)
    # HTML: no control character anywhere
    page = files["html"].read_text(encoding="utf-8")
    assert not any(is_control(ch) for ch in page.replace("\n", ""))
    # Excel: every cell text, no formula, no control character
    wb = openpyxl.load_workbook(files["xlsx"])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not any(is_control(ch) for ch in cell.value)
                    assert not cell.value.startswith(("=", "+", "@")), cell.value
    # JSON: valid, exact data back, no raw control character in the text
    raw = files["json"].read_text(encoding="utf-8")
    assert not any(is_control(ch) for ch in raw.replace("\n", ""))
    record = json.loads(raw)
    assert [r["name"] for r in record["inputs"]["partners"]["table"]["records"]] == names


def test_html_keeps_visible_text():
    ev = synthetic_evaluation(["Acme\x1b[31mRed", "B\x00", "C\u202eevil", "D", "E"])
    page = render_html(ev, plots=False)
    assert "Acme\ufffd[31mRed" in page
    assert "\x1b" not in page
    assert all(unicodedata.category(ch) != "Cc" for ch in page.replace("\n", ""))


# --------------------------------------------------------------------------- run ids
def test_every_file_of_a_run_carries_one_run_id(tmp_path):
    ev = synthetic_evaluation()
    files = _write_all(ev, tmp_path)
    ids = _run_ids(files)
    assert len(set(ids.values())) == 1, ids
    # a second evaluation writing only its CSV into the same folder: the mix is visible
    other = synthetic_evaluation(["Other", "B", "C", "D", "E"])
    write_report(other, files["csv"])
    assert len(set(_run_ids(files).values())) == 2


def _run_ids(files: dict[str, Path]) -> dict[str, str]:
    ids = {}
    ids["json"] = json.loads(files["json"].read_text(encoding="utf-8"))["run_id"]
    rows = list(csv.DictReader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    ids["csv"] = {r["run_id"] for r in rows}.pop()
    ids["md"] = re.search(r"Run id: `([0-9a-f]+)`", files["md"].read_text("utf-8")).group(1)
    ids["html"] = re.search(
        r'name="partnerselect-run-id" content="([0-9a-f]+)"', files["html"].read_text("utf-8")
    ).group(1)
    summary = openpyxl.load_workbook(files["xlsx"])["Summary"]
    ids["xlsx"] = {r[0]: r[1] for r in summary.iter_rows(values_only=True)}["run id"]
    return ids


# --------------------------------------------------------------------------- atomic writes
def test_failed_write_leaves_previous_file(tmp_path, monkeypatch):
    ev = synthetic_evaluation()
    target = write_report(ev, tmp_path / "r.html", plots=False)
    before = target.read_bytes()
    from partnerselect.report import html as html_report

    def boom(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(html_report, "render_html", boom)
    with pytest.raises(RuntimeError):
        write_report(ev, target, plots=False)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]  # no temporary left


WRITER = textwrap.dedent(
    """
    import pathlib, sys, time
    sys.path.insert(0, {root!r})
    from tests.report._synthetic import synthetic_evaluation
    from partnerselect.report import write_report

    def write_half_then_wait(self, data, encoding=None, errors=None, newline=None):
        # write half the text, tell the parent, and wait there to be killed
        with open(self, "w", encoding=encoding, errors=errors, newline=newline) as fh:
            fh.write(data[: len(data) // 2])
            fh.flush()
            print("mid", flush=True)
            time.sleep(60)
            fh.write(data[len(data) // 2 :])

    ev = synthetic_evaluation(["Run " + sys.argv[2], "B", "C", "D", "E"])
    pathlib.Path.write_text = write_half_then_wait
    write_report(ev, sys.argv[1] + "/r." + sys.argv[2], plots=False)
    """
)


def _readable_set(folder: Path) -> set[str]:
    """Open every file of the set as its reader would; return the run ids seen."""
    ids = set()
    ids.add(json.loads((folder / "r.json").read_text(encoding="utf-8"))["run_id"])
    page = (folder / "r.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>")
    ids.add(re.search(r'partnerselect-run-id" content="([0-9a-f]+)"', page).group(1))
    rows = list(csv.DictReader(io.StringIO((folder / "r.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 5
    ids.add(rows[0]["run_id"])
    openpyxl.load_workbook(folder / "r.xlsx")
    md = (folder / "r.md").read_text(encoding="utf-8")
    assert "## Notes" in md
    return ids


# runs by default: the kill test is the proof that report sets are atomic
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_mid_write_leaves_the_previous_set(tmp_path):
    """A writer killed halfway through writing a report leaves the previous file whole.

    The child process writes half of the report text, says so, and waits; the parent kills
    it there (SIGKILL: no clean-up runs). Without the temporary file + rename, the report
    would be left half-written (this test fails on a plain ``write_text``).
    """
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)), encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    previous = synthetic_evaluation(["Previous", "B", "C", "D", "E"])
    for suffix in ("html", "json", "csv", "xlsx", "md"):
        write_report(previous, folder / f"r.{suffix}", plots=False)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    for suffix in ("html", "json", "md"):  # the formats written as text in one go
        proc = subprocess.Popen(
            [sys.executable, str(script), str(folder), suffix], stdout=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == b"mid"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert _readable_set(folder) == {run_id(previous)}
    after = {p.name: p.read_bytes() for p in folder.iterdir() if ".tmp" not in p.name}
    assert after == before
    leftovers = [p.name for p in folder.iterdir() if ".tmp" in p.name]
    assert len(leftovers) <= 3  # a killed run may leave its temporary file, never a torn report
