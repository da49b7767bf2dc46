"""PDF committee report: printed by headless Chromium, pages rendered back to PNG."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from partnerselect.errors import ParameterError
from partnerselect.report import pdf as pdf_mod

pytestmark = pytest.mark.browser

SECTIONS = (
    "1. Scope and candidates",
    "2. Gates and exclusions",
    "3. Criteria and weights",
    "4. Data and evidence",
    "5. Method",
    "6. Results",
    "7. Evaluators",
    "8. Sensitivity and robustness",
    "9. Automatic decisions and warnings",
    "10. Recommendation",
    "11. Sign-off",
)


def _poppler():
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftoppm, pdftotext) is not installed")


@pytest.fixture(scope="module")
def printed(tmp_path_factory, chromium):
    from ._synthetic import synthetic_evaluation

    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    return synthetic_evaluation().report(out, strict_plots=True)


def _pages(path):
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_pdf_is_a_pdf(printed):
    assert printed.suffix == ".pdf"
    assert printed.read_bytes().startswith(b"%PDF-")


def test_every_section_starts_a_page(printed):
    _poppler()
    pages = _pages(printed)
    firsts = [next((ln.strip() for ln in p.splitlines() if ln.strip()), "") for p in pages]
    for title in SECTIONS:
        assert title in firsts, f"section {title!r} does not start a page"


def test_pages_render_to_png(printed, tmp_path):
    _poppler()
    from PIL import Image, ImageStat

    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(printed), str(tmp_path / "page")], check=True
    )
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(_pages(printed)) >= len(SECTIONS)
    for png in pngs:
        with Image.open(png) as im:
            assert im.width < im.height  # A4 portrait
            # every page carries ink: not blank white
            assert ImageStat.Stat(im.convert("L")).extrema[0][0] < 128, png.name


def test_no_engine_says_how_to_get_one(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTNERSELECT_CHROMIUM", "")
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)
    with pytest.raises(ParameterError, match=r"Chromium.*partnerselect\[pdf\]"):
        pdf_mod.html_to_pdf("<p>x</p>", tmp_path / "x.pdf")
    with pytest.raises(ParameterError, match="No Chromium"):
        pdf_mod.html_to_pdf("<p>x</p>", tmp_path / "x.pdf", engine="chromium")
    with pytest.raises(ParameterError, match="'engine' parameter"):
        pdf_mod.html_to_pdf("<p>x</p>", tmp_path / "x.pdf", engine="word")


def test_failing_chromium_is_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("PARTNERSELECT_CHROMIUM", shutil.which("false") or "/bin/false")
    with pytest.raises(ParameterError, match="did not write a PDF"):
        pdf_mod.html_to_pdf("<p>x</p>", tmp_path / "x.pdf")
