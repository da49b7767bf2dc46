"""The HTML committee report: escaping, self-containment, structure, plots that fail."""

from __future__ import annotations

import base64
import dataclasses
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from importlib import resources

import matplotlib.pyplot as plt
import pytest

import partnerselect
from partnerselect.report import html as html_report
from partnerselect.report.html import PlotSpec, render_html, svg_data_uri

from ._synthetic import FORMULA, XSS

SECTIONS = (
    "scope",
    "gates",
    "criteria",
    "data",
    "method",
    "results",
    "evaluators",
    "sensitivity",
    "whatif",
    "whatif-data",
    "notes",
    "recommendation",
    "signoff",
)


class Elements(HTMLParser):
    """Collect start tags with their attributes, and the text."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(text: str) -> Elements:
    p = Elements()
    p.feed(text)
    return p


def test_templates_are_package_data():
    root = resources.files("partnerselect") / "report" / "templates"
    assert (root / "report.html.j2").is_file()
    assert (root / "_macros.html.j2").is_file()


def test_untrusted_text_is_escaped(synthetic):
    text = render_html(synthetic, plots=False)
    assert XSS not in text  # never raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    doc = parse(text)
    assert not [a for t, a in doc.tags if t == "img"]
    assert not any(k.startswith("on") for _, a in doc.tags for k in a)
    assert "<b>&</b>" not in text
    assert "Test tender &lt;b&gt;&amp;&lt;/b&gt;" in text
    # the parsed text holds the names exactly as given
    joined = "".join(doc.text)
    assert XSS in joined
    assert FORMULA in joined
    assert "Ødegård & Søn" in joined


def test_self_contained_no_scripts_or_external_assets(synthetic):
    static = parse(render_html(synthetic, plots=False, interactive=False))
    assert not {t for t, _ in static.tags} & {"script", "link", "iframe", "object", "embed"}
    text = render_html(synthetic, plots=False)
    doc = parse(text)
    tags = {t for t, _ in doc.tags}
    assert not tags & {"link", "iframe", "object", "embed"}
    # the only scripts are the what-if section's own: its JSON data and one inline script
    scripts = [a for t, a in doc.tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "whatif-data"}, {}]
    for _, attrs in doc.tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            if value is not None:
                assert value.startswith(("#", "data:image/svg+xml;base64,")), value
    assert "@import" not in text
    assert "url(" not in text


def test_structure_and_accounting(synthetic):
    text = render_html(synthetic, plots=False)
    doc = parse(text)
    ids = [a["id"] for _, a in doc.tags if "id" in a]
    assert ids == list(SECTIONS)
    joined = "".join(doc.text)
    for pid in synthetic.partners["partner_id"]:
        assert pid in joined
    assert "ISO 27001 required" in joined
    assert "no value for engineers" in joined
    assert f"partnerselect {partnerselect.__version__}" in joined
    assert "Random seed" in joined
    # sign-off block: four default roles with blank lines to sign
    for role in html_report.DEFAULT_SIGNATORIES:
        assert role in joined
    assert "@media print" in text
    assert "break-before: page" in text


def test_flags_and_recommendation_caveats(synthetic):
    cells = synthetic.criteria.cells.copy()
    cells.loc[("P1", "quality"), "insufficient"] = True
    ev = dataclasses.replace(
        synthetic, criteria=dataclasses.replace(synthetic.criteria, cells=cells)
    )
    ctx = html_report.context(ev, plots=False)
    rec = ctx["recommendation"]
    assert rec["partner_id"] == "P1"
    assert rec["name"] == XSS
    assert any("Thin evidence" in c and "quality" in c for c in rec["caveats"])
    assert any("robustness analysis" in c for c in rec["caveats"])  # no verdict was run
    matrix = ctx["matrix"]
    assert matrix["columns"] == ["partner_id", "day_rate", "quality", "engineers"]
    rows = {r[0]: r for r in matrix["rows"]}
    assert rows["P1"][2] == "4.2†"
    assert rows["P3"][2] == "4*"


def test_signatories_from_options(synthetic):
    text = render_html(
        synthetic, plots=False, signatories=[{"name": "A. <Chair>", "role": "Chair"}]
    )
    assert "A. &lt;Chair&gt;" in text


def test_svg_text_from_matplotlib_is_escaped():
    for fonttype in ("path", "none"):
        with plt.rc_context({"svg.fonttype": fonttype}):
            fig, ax = plt.subplots()
            ax.bar([XSS, "b"], [1, 2])
            ax.set_title(XSS)
            uri = svg_data_uri(fig)
            plt.close(fig)
        svg = base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")
        root = ET.fromstring(svg)  # well-formed XML
        local = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
        assert "img" not in local
        assert "script" not in local
        assert "foreignObject" not in local
        assert not any(k.startswith("on") for el in root.iter() for k in el.attrib)
        assert "<img src=x" not in svg
        if fonttype == "none":
            texts = [el.text for el in root.iter() if el.tag.endswith("text")]
            assert XSS in texts  # kept as text, escaped in the file


def test_failing_plot_is_reported_not_fatal(synthetic, monkeypatch, tmp_path):
    def broken():
        raise RuntimeError("no data <here>")

    monkeypatch.setattr(
        html_report, "plot_specs", lambda ev: [PlotSpec("results", "Broken", broken)]
    )
    path = html_report.write_html(synthetic, tmp_path / "r.html")
    text = path.read_text(encoding="utf-8")
    assert "Plot unavailable: RuntimeError: no data &lt;here&gt;" in text
    with pytest.raises(RuntimeError, match="no data"):
        render_html(synthetic, strict_plots=True)


def test_plots_are_embedded_as_png_images(synthetic, monkeypatch):
    def draw():
        _fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        return ax

    monkeypatch.setattr(
        html_report, "plot_specs", lambda ev: [PlotSpec("results", "Line", draw, "cap")]
    )
    text = render_html(synthetic, strict_plots=True)
    imgs = [a for t, a in parse(text).tags if t == "img"]
    assert len(imgs) == 1
    assert imgs[0]["alt"] == "Line"
    assert imgs[0]["src"].startswith("data:image/png;base64,")
    assert base64.b64decode(imgs[0]["src"].split(",", 1)[1]).startswith(b"\x89PNG")


@pytest.mark.slow
def test_sample_report_complete(sample_eval, sample_html):
    text = sample_html.read_text(encoding="utf-8")
    doc = parse(text)
    joined = re.sub(r"\s+", " ", "".join(doc.text))
    assert "Plot unavailable" not in joined
    imgs = [a for t, a in doc.tags if t == "img"]
    titles = {a["alt"] for a in imgs}
    assert {
        "Scores and margins",
        "SMAA rank acceptability",
        "Weight sweep",
        "Tornado",
        "Agreement between methods",
        "Evaluator ratings",
    } <= titles
    assert "Track record" in titles  # every metric, one grid
    for pid in sample_eval.partners["partner_id"]:
        assert str(pid) in joined
    for sha in (v["sha256"] for v in sample_eval.inputs.values()):
        assert sha in joined
    assert f"Verdict: {sample_eval.verdict}" in joined
    assert "SMAA rank acceptability" in joined
