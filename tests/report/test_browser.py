"""The HTML report in headless Chromium: it renders, logs no errors, and runs no script.

Marked ``browser``: in CI (``CI`` set) a missing Chromium fails the test; locally it skips.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from partnerselect.report.html import write_html

from ._synthetic import XSS
from .conftest import run_chromium

pytestmark = [pytest.mark.browser]

# Our page has no script, so ANY console line is a failure (Chromium logs them as
# `INFO:CONSOLE:1] "message", source: ...`), as are uncaught errors and blocked loads.
CONSOLE_ERROR = re.compile(r"Uncaught|CONSOLE[:(]\d+|Refused to|net::ERR_", re.IGNORECASE)


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def check_dom(dom: str) -> Images:
    assert "<body" in dom
    assert "Sign-off" in dom
    assert '<img src="x"' not in dom
    assert "<img src=x" not in dom
    parsed = Images()
    parsed.feed(dom)
    for img in parsed.images:
        assert img["src"].startswith("data:image/png;base64,")
        assert not any(k.startswith("on") for k in img)
    return parsed


def test_hostile_names_render_as_text(chromium, synthetic, tmp_path):
    page = write_html(synthetic, tmp_path / "report.html", plots=False)
    out = run_chromium(chromium, page, tmp_path, "--dump-dom")
    parsed = check_dom(out.stdout)
    assert parsed.images == []  # the partner name did not become an element
    assert "&lt;img src=x onerror=alert(1)&gt;" in out.stdout
    assert XSS in "".join(parsed.text)
    assert not CONSOLE_ERROR.search(out.stderr), out.stderr


def test_sample_report_renders_with_plots(chromium, sample_html, tmp_path):
    page = sample_html
    out = run_chromium(chromium, page, tmp_path, "--dump-dom")
    parsed = check_dom(out.stdout)
    assert len(parsed.images) >= 4
    assert not CONSOLE_ERROR.search(out.stderr), out.stderr
    shot = tmp_path / "sample.png"
    run_chromium(chromium, page, tmp_path, f"--screenshot={shot}", "--window-size=1280,4000")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 50_000


def test_the_checks_catch_a_hostile_page(chromium, tmp_path):
    """Negative control: an unescaped name and a throwing script ARE detected."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>Sign-off</p>"
        "<img src=x onerror=\"console.log('xss ran')\"><script>throw new Error('boom')</script>"
        "</body></html>",
        encoding="utf-8",
    )
    out = run_chromium(chromium, page, tmp_path, "--dump-dom")
    with pytest.raises(AssertionError):
        check_dom(out.stdout)
    logs = CONSOLE_ERROR.findall(out.stderr)
    assert logs  # the uncaught error and the onerror handler's console line
    assert "xss ran" in out.stderr
    assert "Uncaught" in out.stderr
