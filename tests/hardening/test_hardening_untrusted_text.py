"""Untrusted text through the whole pipeline and every report format.

Known injection payloads (HTML/JS, spreadsheet formulas, Markdown, path-like names, very long
strings, control characters, right-to-left override, template syntax) are used as partner
names, countries, project ids, evaluator comments, a gate reason and the tender name; the
inputs are CSV files read by the readers, and every report format is checked.
"""

from __future__ import annotations

import csv
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import PartnerSelectWarning

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=2+2",
    "[x](javascript:alert(1))",
    "a | b | c",
    "../../etc/passwd",
    "L" * 5000,
    "nul\x00ctl\x01\x07\x1b[31m",
    "\u202eexe.txt",
    "{{7*7}}",
]
# One evaluation with every report format (about 6 s) serves all the tests here.
pytestmark = pytest.mark.slow

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("html", "xlsx", "md", "json", "csv")

MODEL = """
[tender]
name = "<b>Tender</b> =1+1 {{7*7}}"
seed = 7

[[gates]]
rule = "iso27001 == true"
reason = "<i onmouseover=alert(1)>ISO</i> =cmd"

[[criteria]]
name = "day_rate_eur"
objective = "min"

[[criteria]]
name = "ai_engineers"

[[criteria]]
name = "quality"
source = "track_record"
missing = "prior"

[[criteria]]
name = "communication"
source = "evaluators"

[sensitivity]
smaa_samples = 200
"""


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """Evaluate the payload tender from CSV files and write every report format."""
    tmp = tmp_path_factory.mktemp("untrusted")
    n = len(PAYLOADS)
    ids = [f"P{i:02d}" for i in range(n)]
    partners = pd.DataFrame(
        {
            "partner_id": ids,
            "name": PAYLOADS,
            "country": PAYLOADS[::-1],
            "day_rate_eur": np.linspace(500, 1100, n).round(2),
            "ai_engineers": np.arange(n) * 3 + 1,
            # the last partner fails the gate, so the gate reason reaches the reports
            "iso27001": [True] * (n - 1) + [False],
        }
    )
    records = pd.DataFrame(
        {
            "partner_id": ids * 2,
            "project_id": PAYLOADS + [p[:50] + "#2" for p in PAYLOADS],
            "quality_score": np.tile(np.linspace(1, 5, n), 2).round(1),
            "status": "completed",
        }
    )
    scores = pd.DataFrame(
        {
            "evaluator": "E1",
            "partner_id": ids,
            "criterion": "communication",
            "score": np.arange(n) % 5 + 1,
            "comment": PAYLOADS,
        }
    )
    paths = {}
    for key, frame in (("partners", partners), ("records", records), ("scores", scores)):
        paths[key] = tmp / f"{key}.csv"
        # Quote every text cell so that carriage returns survive as data.
        frame.to_csv(paths[key], index=False, quoting=csv.QUOTE_NONNUMERIC)
    model = tmp / "model.toml"
    model.write_text(MODEL, encoding="utf-8")
    out = tmp / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        ev = ps.evaluate(paths["partners"], paths["records"], model, scores=paths["scores"])
        written = {fmt: ev.report(out / f"report.{fmt}") for fmt in FORMATS}
    return ev, written, tmp


def test_payloads_reach_the_evaluation(run):
    ev, _, _ = run
    # Names are read verbatim apart from surrounding whitespace (tab, CR) being stripped.
    assert ev.partners["name"].tolist() == [p.strip() for p in PAYLOADS]
    assert set(ev.scores["comment"]) == {p.strip() for p in PAYLOADS}
    assert len(ev.ranking.ranks) == len(PAYLOADS) - 1
    assert ev.excluded["partner_id"].tolist() == [f"P{len(PAYLOADS) - 1:02d}"]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def test_html_has_no_injected_element_or_attribute(run):
    _, written, _ = run
    source = written["html"].read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(source)
    tags = {t for t, _ in parser.tags}
    assert not tags & {"svg", "iframe", "object", "embed", "i", "b"}, tags
    # the only scripts are the report's own what-if data and inline script
    scripts = [dict(a) for t, a in parser.tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "whatif-data"}, {}], scripts
    for tag, attrs in parser.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in {"href", "src", "action", "formaction"}:
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
        if tag == "img":
            assert dict(attrs)["src"].startswith("data:image/"), attrs
    text = "".join(parser.text)
    for payload in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}"):
        assert payload in text  # shown as text, not markup (nor evaluated as a template)
    assert "&lt;script&gt;" in source
    assert "<script>alert" not in source
    assert source.count("<script>") == 1  # the what-if script; vendor payloads stay text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_xlsx_has_no_formula(run):
    _, written, _ = run
    wb = openpyxl.load_workbook(written["xlsx"])
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_START), (ws.title, cell.value)
                    seen.add(cell.value)
    assert "'" + PAYLOADS[4] in seen  # the formula is still there, as text
    assert "'@SUM(1)" in seen
    assert "nul\ufffdctl\ufffd\ufffd\ufffd[31m" in seen  # control characters replaced


def test_csv_cells_are_neutralised(run):
    _, written, _ = run
    with written["csv"].open(encoding="utf-8-sig", newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    for cell in cells:
        if cell.startswith(FORMULA_START):
            assert _is_number(cell), cell
    assert "'" + PAYLOADS[4] in cells
    assert "'-2+3" in cells


def test_markdown_has_no_raw_markup(run):
    _, written, _ = run
    text = written["md"].read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<", text)
    assert "](javascript:" not in text
    assert "\\[x\\]\\(javascript:alert\\(1\\)\\)" in text
    # every table row has as many unescaped pipes as its header
    widths: list[int] = []
    for line in text.splitlines():
        if line.startswith("|"):
            widths.append(len(re.findall(r"(?<!\\)\|", line)))
        elif widths:
            assert len(set(widths)) == 1, widths
            widths = []


def test_json_round_trips_exactly(run):
    ev, written, _ = run
    record = json.loads(written["json"].read_text(encoding="utf-8"))
    table = record["inputs"]["partners"]["table"]
    names = [r["name"] for r in table["records"]]
    assert names == ev.partners["name"].tolist()
    countries = [r["country"] for r in table["records"]]
    assert countries == ev.partners["country"].tolist()
    comments = [r["comment"] for r in record["inputs"]["evaluator_scores"]["table"]["records"]]
    assert comments == ev.scores["comment"].tolist()
    projects = [r["project_id"] for r in record["inputs"]["track_records"]["table"]["records"]]
    assert projects == ev.records["project_id"].tolist()
    ranked = {r["partner_id"]: r["name"] for r in record["results"]["ranking"]}
    assert ranked == {p: ev.partners.set_index("partner_id").loc[p, "name"] for p in ranked}
    assert record["tender"] == "<b>Tender</b> =1+1 {{7*7}}"


def test_no_file_written_outside_the_output_folder(run):
    _, written, tmp = run
    out = tmp / "out"
    assert all(Path(p).parent == out for p in written.values())
    outside = [p for p in tmp.rglob("*") if p.is_file() and out not in p.parents]
    assert sorted(p.name for p in outside) == sorted(
        ["partners.csv", "records.csv", "scores.csv", "model.toml"]
    )
    assert not any("passwd" in str(p) for p in tmp.parent.rglob("*passwd*"))
