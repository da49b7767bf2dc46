"""Markdown report: escaped text and PNG plots in a folder beside it."""

from __future__ import annotations

import re

from partnerselect.report.markdown import md_escape


def test_markdown_escapes_untrusted_text(synthetic, tmp_path):
    path = synthetic.report(tmp_path / "r.md", plots=False)
    text = path.read_text(encoding="utf-8")
    # every "<" is escaped, so Markdown renderers show the name as text, not an element
    assert "\\<img src=x onerror=alert" in text
    assert re.search(r"(?<!\\)<", text) is None
    assert md_escape("<b>|x") == "\\<b\\>\\|x"


def test_markdown_links_every_png_it_writes(sample_eval, tmp_path):
    path = sample_eval.report(tmp_path / "committee.md", strict_plots=True)
    text = path.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    files = sorted(
        p.relative_to(tmp_path).as_posix() for p in (tmp_path / "committee_files").glob("*.png")
    )
    assert len(links) >= 10  # ranking, evidence and sensitivity plots of the sample
    assert sorted(links) == files
    for f in files:
        assert (tmp_path / f).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
