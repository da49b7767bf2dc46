"""Debrief notes: values from the input files, gates, comments, escaping, formats."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.cli import main
from partnerselect.errors import ParameterError
from partnerselect.report.debrief import Debrief, clean

from ._synthetic import XSS


@pytest.fixture(scope="module")
def ev(sample_eval):
    return sample_eval  # shared with the other report tests


@pytest.fixture(scope="module")
def csv():
    sample = ps.load_sample()
    return {
        "partners": pd.read_csv(sample.paths["partners"], dtype={"partner_id": str}),
        "scores": pd.read_csv(sample.paths["scores"]),
    }


def _second(ev):
    return str(ev.ranking.to_frame().index[1])


def test_ranked_partner_against_winner(ev, csv):
    pid = _second(ev)
    winner = str(ev.ranking.to_frame().index[0])
    note = ev.debrief(pid)
    assert isinstance(note, Debrief)
    assert (note.status, note.rank, note.against_id, note.against_label) == (
        "ranked",
        2,
        winner,
        "winner",
    )
    comp = note.comparison.set_index("criterion")
    assert list(comp.index) == ev.model.criterion_names
    rates = csv["partners"].set_index("partner_id")["day_rate_eur"]
    # the price in EUR as the bidder submitted it, not price points
    assert comp.loc["day_rate_eur", "partner"] == rates[pid]
    assert comp.loc["day_rate_eur", "winner"] == rates[winner]
    assert comp.loc["day_rate_eur", "unit"] == "EUR"
    diff = rates[pid] - rates[winner]
    expected = "level" if diff == 0 else ("ahead" if diff < 0 else "behind")  # lower is better
    assert comp.loc["day_rate_eur", "result"] == expected
    engineers = csv["partners"].set_index("partner_id")["ai_engineers"]
    assert comp.loc["ai_engineers", "difference"] == engineers[pid] - engineers[winner]
    # panel criteria: the mean of the evaluators' scores in the file
    scores = csv["scores"]
    mine = scores[(scores["partner_id"] == pid) & (scores["criterion"] == "ai_expertise")]
    assert comp.loc["ai_expertise", "partner"] == pytest.approx(mine["score"].mean())
    weights = ev.weights.set_index("criterion")["global_weight"]
    assert comp["weight"].to_dict() == pytest.approx(weights.to_dict())


def test_comments_are_the_files_comments(ev, csv):
    pid = _second(ev)
    scores = csv["scores"]
    expected = scores[(scores["partner_id"] == pid) & scores["comment"].notna()]
    got = ev.debrief(pid).comments
    assert list(got["comment"]) == list(expected["comment"])
    assert list(got["evaluator"]) == list(expected["evaluator"])


def test_winner_is_compared_with_runner_up(ev):
    winner = str(ev.ranking.to_frame().index[0])
    note = ev.debrief(winner)
    assert (note.against_label, note.against_id) == ("runner-up", _second(ev))
    assert "recommended partner" in note.headline()


def test_excluded_partner_lists_failed_gates(ev, csv):
    excluded = ev.excluded.drop_duplicates("partner_id").iloc[0]
    pid = str(excluded["partner_id"])
    note = ev.debrief(pid)
    assert note.status == "excluded"
    assert note.rank is None
    assert note.score is None
    assert list(note.gates["rule"]) == list(
        ev.excluded.loc[ev.excluded["partner_id"] == pid, "rule"]
    )
    comp = note.comparison.set_index("criterion")
    rates = csv["partners"].set_index("partner_id")["day_rate_eur"]
    assert comp.loc["day_rate_eur", "partner"] == rates[pid]
    md = note.to_markdown()
    assert "Mandatory requirements not met" in md
    assert "not scored" in md


def test_unknown_partner(ev):
    with pytest.raises(ParameterError, match=r"No partner 'P5'.*P05"):
        ev.debrief("P5")


def test_hostile_text_is_escaped(synthetic):
    pid = str(synthetic.partners.loc[synthetic.partners["name"] == XSS, "partner_id"].iloc[0])
    note = synthetic.debrief(pid)
    html = note.to_html()
    assert XSS not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html
    md = note.to_markdown()
    assert re.search(r"(?<!\\)<img", md) is None  # only the escaped form \<img remains
    assert clean("a\x1b[31mb\u202ec\r\nd") == "a[31mbc d"


def test_write_formats(ev, tmp_path):
    pid = _second(ev)
    assert ev.debrief(pid, tmp_path / "d.md").read_text(encoding="utf-8").startswith("# Debrief")
    html = ev.debrief(pid, tmp_path / "d.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert re.search(r'<td class="\s*behind">behind</td>', html)  # results are coloured
    with pytest.raises(ParameterError, match="unknown suffix"):
        ev.debrief(pid, tmp_path / "d.docx")


def test_a_failed_write_leaves_the_old_file(ev, tmp_path, monkeypatch):
    pid = _second(ev)
    target = tmp_path / "d.html"
    target.write_text("earlier note", encoding="utf-8")
    note = ev.debrief(pid)

    def broken(self: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(note), "to_html", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        note.write(target)
    assert target.read_text(encoding="utf-8") == "earlier note"
    assert [p.name for p in tmp_path.iterdir()] == ["d.html"]  # no temporary file left


@pytest.mark.browser
def test_debrief_pdf_is_one_page(ev, tmp_path, chromium):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    pdf = ev.debrief(_second(ev), tmp_path / "d.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"Pages:\s+1\b", info.stdout)


def test_cli_debrief(tmp_path, capsys):
    sample = ps.load_sample()
    out = tmp_path / "notes"
    args = [
        "debrief",
        "--partners", str(sample.paths["partners"]),
        "--records", str(sample.paths["track_records"]),
        "--scores", str(sample.paths["scores"]),
        "--model", str(sample.model_path),
        "--out", str(out),
        "--format", "md",
        "--partner", "P05",
        "--partner", "P15",
    ]  # fmt: skip
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["debrief-P05.md", "debrief-P15.md"]
    assert "2 debrief(s) written" in capsys.readouterr().out
    assert main([*args[:-4], "--partner", "NOPE"]) == 2
