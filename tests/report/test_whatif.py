"""The report's "What if?" section: embedded data, and the page's ranking in a real browser.

The browser tests drive the system Chromium with Playwright (no browser download): they set
random slider values and check that the order on the page is ``ps.rank`` for the weights
the sliders mean (slider values divided by their sum), for several methods, on the sample
and on random problems (hypothesis, few examples).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.report.whatif import mirror_scores, payload, render_page, script_json

from .conftest import find_chromium

RECOMPUTABLE = ["wsm", "wpm", "waspas", "topsis", "vikor", "promethee2", "mabac", "moora"]
# WPM and WASPAS take ratios and the sample has a negative criterion (budget overrun): they
# are checked on the random problems of the property test instead.
SAMPLE_METHODS = ["topsis", "wsm", "vikor", "promethee2", "mabac"]


def _problem(seed: int, m: int = 7, n: int = 4, ids: list[str] | None = None) -> ps.Problem:
    rng = np.random.default_rng(seed)
    cols = [f"c{j}" for j in range(n)]
    df = pd.DataFrame(
        rng.uniform(1, 10, (m, n)), columns=cols, index=ids or [f"P{i}" for i in range(m)]
    )
    objectives = {c: ("min" if j % 2 else "max") for j, c in enumerate(cols)}
    weights = dict(zip(cols, rng.uniform(0.5, 2.0, n), strict=True))
    return ps.Problem.from_frame(df, objectives=objectives, weights=weights)


# ----------------------------------------------------------------------- embedded data
@pytest.mark.parametrize("method", RECOMPUTABLE)
def test_embedded_formulas_reproduce_the_method_scores(method: str) -> None:
    problem = _problem(1)
    data = payload(problem, method, {})
    assert data["supported"], data.get("reason")
    W = np.random.default_rng(2).dirichlet(np.ones(4), size=50)
    want = ps.get_method(method).scorer(problem)(W)
    np.testing.assert_allclose(mirror_scores(data, W), want, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("method", ["edas", "codas", "aras", "copras", "promethee1"])
def test_methods_that_cannot_be_recomputed_say_so(method: str) -> None:
    problem = _problem(1)
    data = payload(problem, method, {})
    assert not data["supported"]
    html = render_page(problem, ps.rank(problem, method))
    assert "data-criterion" not in html
    assert "<script" not in html
    assert method.upper()[:5] in html.upper()


def test_vendor_text_cannot_close_the_data_script() -> None:
    hostile = "</script><script>alert(1)</script>&amp;\u2028"
    text = script_json({"name": hostile})
    assert "</" not in text
    assert "<" not in text
    assert json.loads(text) == {"name": hostile}
    problem = _problem(3, m=4, ids=["P0", hostile, "P2", "P3"])
    html = render_page(problem, ps.rank(problem, "wsm"))
    assert html.count("<script") == 2


def test_group_sliders_follow_the_model_groups(sample_eval) -> None:
    from partnerselect.report.whatif import whatif_context

    ctx = whatif_context(sample_eval)
    assert ctx["supported"]
    assert set(ctx["groups"]) == set(sample_eval.weights["group"])
    assert sum(c["weight"] for c in ctx["criteria"]) == pytest.approx(1.0)


# ----------------------------------------------------------------------- in the browser
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def page():
    """One headless Chromium page (system browser, driven by Playwright) for the module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    exe = find_chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (Debian package 'chromium').")
        pytest.skip("no Chromium on this machine")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        pg.errors = errors  # type: ignore[attr-defined]
        yield pg
        browser.close()


def _set_sliders(pg, values: dict[str, float]) -> None:
    pg.evaluate(
        """(values) => {
            for (const [name, v] of Object.entries(values)) {
                const el = document.querySelector(`input[data-criterion="${CSS.escape(name)}"]`);
                el.value = String(v);
                el.dispatchEvent(new Event("input", {bubbles: true}));
            }
        }""",
        values,
    )


def _on_page(pg) -> tuple[list[str], list[int]]:
    items = pg.locator('[data-role="whatif-ranking"] [data-partner]')
    ids = items.evaluate_all("els => els.map(e => e.dataset.partner)")
    ranks = items.evaluate_all("els => els.map(e => Number(e.dataset.rank))")
    return ids, ranks


def _slider_values(pg) -> dict[str, float]:
    return pg.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('input[data-criterion]')]
            .map(e => [e.dataset.criterion, Number(e.value)]))"""
    )


def _expected(problem: ps.Problem, method: str, params: dict, values: dict[str, float]):
    ranking = ps.rank(problem.replace(weights=values), method, **params)
    order = ranking.to_frame().index.tolist()  # rank order, ties in input order
    return [str(p) for p in order], [int(ranking.ranks[p]) for p in order]


@pytest.fixture(scope="module")
def sample_pages(sample_eval, tmp_path_factory):
    """The sample report (no plots) ranked by each recomputable method, written once."""
    from partnerselect.report.html import write_html

    folder = tmp_path_factory.mktemp("whatif")
    out = {}
    for method in SAMPLE_METHODS:
        ev = sample_eval
        if method != ev.ranking.method:
            ranking = ps.rank(ev.problem, method)
            ev = dataclasses.replace(ev, ranking=ranking)
        out[method] = (ev, write_html(ev, folder / f"{method}.html", plots=False))
    return out


@pytest.mark.browser
@pytest.mark.parametrize("method", SAMPLE_METHODS)
def test_sample_report_sliders_rank_like_python(page, sample_pages, method: str) -> None:
    ev, path = sample_pages[method]
    page.goto(path.resolve().as_uri())
    ids, _ = _on_page(page)
    assert ids == [str(p) for p in ev.ranking.to_frame().index]  # stated weights first
    rng = np.random.default_rng(SAMPLE_METHODS.index(method))
    for _ in range(3):
        values = {
            str(c): float(v)
            for c, v in zip(
                ev.problem.criteria, rng.uniform(0, 100, len(ev.problem.criteria)), strict=True
            )
        }
        _set_sliders(page, values)
        got = _on_page(page)
        assert got == _expected(ev.problem, method, dict(ev.ranking.params), _slider_values(page))
    page.click('[data-role="whatif-reset"]')
    assert _on_page(page)[0] == ids
    assert page.errors == []


@pytest.mark.browser
def test_ties_share_a_rank_on_the_page(page, tmp_path) -> None:
    df = pd.DataFrame(
        {"a": [1.0, 2.0, 2.0, 3.0], "b": [4.0, 3.0, 3.0, 1.0]}, index=["W", "X", "Y", "Z"]
    )
    problem = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"})
    with pytest.warns(ps.errors.TieWarning):
        ranking = ps.rank(problem, "wsm")
    path = tmp_path / "ties.html"
    path.write_text(render_page(problem, ranking), encoding="utf-8")
    page.goto(path.as_uri())
    ids, ranks = _on_page(page)
    assert ranks.count(ranks[ids.index("X")]) == 2
    assert ranks[ids.index("X")] == ranks[ids.index("Y")]
    with pytest.warns(ps.errors.TieWarning):
        assert (ids, ranks) == _expected(problem, "wsm", {}, _slider_values(page))


@pytest.mark.browser
def test_group_slider_scales_its_criteria(page, sample_pages) -> None:
    ev, path = sample_pages["topsis"]
    page.goto(path.resolve().as_uri())
    before = _slider_values(page)
    page.evaluate(
        """() => { const g = document.querySelector('input[data-group="cost"]');
                   g.value = "50"; g.dispatchEvent(new Event("input", {bubbles: true})); }"""
    )
    after = _slider_values(page)
    groups = dict(zip(ev.weights["criterion"], ev.weights["group"], strict=True))
    cost = [c for c, g in groups.items() if g == "cost"]
    assert sum(after[c] for c in cost) == pytest.approx(50.0)
    assert all(after[c] == pytest.approx(before[c]) for c in groups if groups[c] != "cost")
    assert _on_page(page) == _expected(ev.problem, "topsis", dict(ev.ranking.params), after)
    text = page.locator('[data-role="whatif-weights"]').inner_text()
    assert re.search(r'method = "direct"', text)


@pytest.mark.browser
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 10_000),
    m=st.integers(2, 7),
    n=st.integers(1, 5),
    method=st.sampled_from(RECOMPUTABLE),
    sliders=st.lists(st.floats(0.5, 100.0), min_size=5, max_size=5),
)
def test_property_page_and_python_agree(
    page, tmp_path_factory, seed, m, n, method, sliders
) -> None:
    problem = _problem(seed, m=m, n=n)
    with warnings.catch_warnings():
        # equal sliders can tie two partners: the page must still agree, so the expected
        # tie is not an error here (the tie case itself is asserted above)
        warnings.simplefilter("ignore", ps.errors.TieWarning)
        ranking = ps.rank(problem, method)
        path = tmp_path_factory.mktemp("prop") / "p.html"
        path.write_text(render_page(problem, ranking), encoding="utf-8")
        page.goto(path.as_uri())
        assert _on_page(page) == _expected(problem, method, {}, _slider_values(page))
        _set_sliders(page, {str(c): v for c, v in zip(problem.criteria, sliders, strict=False)})
        assert _on_page(page) == _expected(problem, method, {}, _slider_values(page))
