"""The report canvas's glyph cache: the same text as matplotlib's own drawing, rasterised once."""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from partnerselect.report import _glyphs
from partnerselect.report._glyphs import GlyphCacheCanvas, clear_glyph_cache

pytestmark = pytest.mark.skipif(
    not _glyphs.SUPPORTED, reason="this matplotlib draws text without the glyph path"
)

TEXTS = [
    # (x, y, text, size, rotation, colour, alpha)
    (0.02, 0.90, "1. Pune Analytics Services Pvt…", 9, 0, "black", 1.0),
    (0.02, 0.75, "Tallinn Data Forge OÜ  +0.0213", 11, 0, "#0072B2", 1.0),
    (0.02, 0.60, "Kraków Vision Labs Sp. z o.o.", 8, 0, "#D55E00", 0.6),
    (0.55, 0.55, "rotated 45°", 9, 45, "black", 1.0),
    (0.93, 0.20, "vertical label", 9, 90, "#009E73", 1.0),
    (0.02, 0.10, "0.0 0.2 0.4 0.6 0.8 1.0 ×1.00 14%", 9, 0, "black", 1.0),
]


def _figure() -> Figure:
    fig = Figure(figsize=(4.0, 2.5), dpi=100)
    for x, y, text, size, rotation, colour, alpha in TEXTS:
        fig.text(x, y, text, size=size, rotation=rotation, color=colour, alpha=alpha)
    return fig


def _pixels(canvas_class: type, **rc: object) -> np.ndarray:
    with matplotlib.rc_context({"text.hinting": "no_hinting", **rc}):
        fig = _figure()  # (a text takes its antialiasing from the settings when made)
        canvas = canvas_class(fig)
        canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)


def _ink(image: np.ndarray) -> np.ndarray:
    """How dark each pixel is (0 = white), summed over the colour channels."""
    return (255 * 3 - image.sum(axis=-1)).astype(float)


def test_text_is_drawn_where_matplotlib_draws_it():
    clear_glyph_cache()
    stock = _pixels(FigureCanvasAgg)
    cached = _pixels(GlyphCacheCanvas)
    assert cached.shape == stock.shape
    ink_stock, ink_cached = _ink(stock), _ink(cached)
    # the same amount of ink (antialiasing spreads it differently at a shifted phase) ...
    assert ink_cached.sum() == pytest.approx(ink_stock.sum(), rel=0.01)
    # ... in the same places: centres of mass within 1/8 pixel, rows and columns alike
    for axis in (0, 1):
        idx = np.arange(stock.shape[axis])
        centre = [(p.sum(axis=1 - axis) * idx).sum() / p.sum() for p in (ink_stock, ink_cached)]
        assert abs(centre[0] - centre[1]) <= 0.125
    # and no pixel far off: a glyph moves by at most 1/8 px, so edges differ, shapes do not
    assert np.abs(cached - stock).mean() < 1.0
    assert (np.abs(cached - stock).max(axis=-1) > 0).mean() < 0.1


def test_each_glyph_is_rasterised_once():
    clear_glyph_cache()
    first = _pixels(GlyphCacheCanvas)
    kept = len(_glyphs._cache)
    assert 0 < kept <= sum(len(t[2]) for t in TEXTS)
    again = _pixels(GlyphCacheCanvas)
    assert len(_glyphs._cache) == kept  # nothing new to rasterise
    assert np.array_equal(first, again)  # and the kept bitmaps give the same picture


def test_cache_is_bounded(monkeypatch):
    clear_glyph_cache()
    monkeypatch.setattr(_glyphs, "MAX_GLYPHS", 5)
    _pixels(GlyphCacheCanvas)
    assert len(_glyphs._cache) <= 5


def test_non_antialiased_text_is_drawn_by_matplotlib():
    clear_glyph_cache()
    stock = _pixels(FigureCanvasAgg, **{"text.antialiased": False})
    cached = _pixels(GlyphCacheCanvas, **{"text.antialiased": False})
    assert np.array_equal(stock, cached)
    assert not _glyphs._cache


def test_unsupported_matplotlib_falls_back_to_its_own_drawing(monkeypatch):
    monkeypatch.setattr(_glyphs, "SUPPORTED", False)
    clear_glyph_cache()
    assert np.array_equal(_pixels(FigureCanvasAgg), _pixels(GlyphCacheCanvas))
    assert not _glyphs._cache


def test_mathtext_is_drawn_like_matplotlib():
    def draw(canvas_class: type) -> np.ndarray:
        fig = Figure(figsize=(2.0, 1.0), dpi=100)
        fig.text(0.1, 0.4, r"$\frac{a}{b} + \sqrt{x}$", size=12)
        canvas = canvas_class(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)

    stock, cached = draw(FigureCanvasAgg), draw(GlyphCacheCanvas)
    assert _ink(cached).sum() == pytest.approx(_ink(stock).sum(), rel=0.02)
    assert np.abs(cached - stock).mean() < 2.0


def test_combining_marks_missing_glyphs_and_right_to_left_text():
    # a combining accent (placed above its letter), Greek, a script DejaVu Sans lacks (drawn
    # as the missing-glyph box) and Hebrew (laid out right to left), rotated
    def draw(canvas_class: type) -> np.ndarray:
        fig = Figure(figsize=(3.0, 2.0), dpi=100)
        fig.text(0.05, 0.7, "Cafe\u0301 Ωμέγα Ltd", size=10)
        fig.text(0.05, 0.4, "株式会社 עברית", size=10, rotation=30)
        canvas = canvas_class(fig)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # matplotlib warns about the missing glyphs
            with matplotlib.rc_context({"text.hinting": "no_hinting"}):
                canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., :3].astype(int)

    clear_glyph_cache()
    stock, cached = draw(FigureCanvasAgg), draw(GlyphCacheCanvas)
    assert _ink(cached).sum() == pytest.approx(_ink(stock).sum(), rel=0.01)
    assert np.abs(cached - stock).mean() < 1.0


@pytest.mark.skipif(not _glyphs.SIZES_SUPPORTED, reason="fonts cannot be named here")
def test_text_sizes_are_matplotlibs_and_measured_once():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    clear_glyph_cache()
    ours = GlyphCacheCanvas(Figure(figsize=(2, 1), dpi=100)).get_renderer()
    stock = RendererAgg(200, 100, 100)
    cases = [
        (text, FontProperties(family=family, size=size))
        for text in ["Kraków Vision Labs Sp. z o.o.", "0.25", "×1.00", "", " "]
        for family in ("sans-serif", "monospace")
        for size in (8, 11)
    ]
    for text, prop in cases:
        assert ours.get_text_width_height_descent(text, prop, False) == (
            stock.get_text_width_height_descent(text, prop, False)
        )
    kept = len(_glyphs._sizes)
    assert kept == len(cases)  # the fonts (sans-serif vs monospace) are part of the key
    for text, prop in cases:  # measured again: from memory, the same figures
        assert ours.get_text_width_height_descent(text, prop, False) == (
            stock.get_text_width_height_descent(text, prop, False)
        )
    assert len(_glyphs._sizes) == kept
    # at another resolution or with mathtext, measured anew (mathtext is never kept)
    other = GlyphCacheCanvas(Figure(figsize=(2, 1), dpi=200)).get_renderer()
    prop = cases[0][1]
    assert other.get_text_width_height_descent(cases[0][0], prop, False) != (
        ours.get_text_width_height_descent(cases[0][0], prop, False)
    )
    ours.get_text_width_height_descent(r"$x^2$", prop, True)
    assert len(_glyphs._sizes) == kept + 1
