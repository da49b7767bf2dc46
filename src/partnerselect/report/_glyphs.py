"""Agg text drawing with a glyph cache and remembered text sizes, for the report's figures.

matplotlib (3.11 on) draws text glyph by glyph: every glyph is loaded and rasterised by
FreeType at its exact position (to 1/64 pixel) and then composited. A report draws about
9,000 glyphs, but they are a few hundred distinct glyphs (font, size, angle) at a handful
of sub-pixel phases, and a glyph rasterised at one phase is the same bitmap at every
whole-pixel shift. :class:`GlyphCacheCanvas` keeps each glyph's bitmap by font, size,
angle and phase, with the phase rounded to a quarter pixel, and composites the kept bitmap
instead of rasterising the glyph again: about 7 % of a report's drawing time.

Only the rasterising is cached. Layout, kerning, fallback fonts, colour and alpha are
matplotlib's own, and a glyph lands at most 1/8 pixel from where matplotlib puts it.
Where this drawing path does not exist (matplotlib before 3.11) or does not apply
(non-antialiased text, mathtext rules), the stock drawing is used.

The canvas also remembers the size of every text it measures (matplotlib remembers them
per figure only): the same text in the same fonts, size, resolution and hinting is not
laid out again for the next figure, nor for the next report in the same process (partner
names and tick labels recur from chart to chart).

Both memories live in the process. A report's drawing workers are forked with the
caller's and hand back what they learn (:func:`record_learning`, :func:`learned`,
:func:`learn`), so the next report of the session starts with all of it; the first report
in a new process learns it.
"""

from __future__ import annotations

import inspect
import math
import threading
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties, fontManager
from matplotlib.ft2font import FT2Font

__all__ = ["GlyphCacheCanvas", "clear_glyph_cache", "learn", "learned", "record_learning"]

#: Sub-pixel phase step, in 1/64 pixel (16: a quarter pixel).
PHASE = 16
#: Glyph bitmaps (and text sizes) kept per process before each cache starts afresh.
MAX_GLYPHS = 20_000

_cache: dict[tuple[Any, ...], tuple[np.ndarray, int, int]] = {}
_sizes: dict[tuple[Any, ...], tuple[float, float, float]] = {}
_lock = threading.Lock()
#: What a forked process learns (("glyph" or "size", key, value)), to hand back to its
#: parent (:func:`learned`, :func:`learn`); None in a process that keeps it to itself.
_journal: list[tuple[str, Any, Any]] | None = None


def _keep(store: dict[Any, Any], kind: str, key: Any, value: Any) -> None:
    with _lock:
        if len(store) >= MAX_GLYPHS:
            store.clear()
        store[key] = value
        if _journal is not None and len(_journal) < MAX_GLYPHS:
            _journal.append((kind, key, value))


def record_learning(on: bool = True) -> None:
    """Record the glyphs and text sizes this process learns (a drawing worker), or stop.

    Examples
    --------
    >>> record_learning()
    >>> learned()
    []
    >>> record_learning(False)
    """
    global _journal
    _journal = [] if on else None


def learned() -> list[tuple[str, Any, Any]]:
    """The glyphs and text sizes learned since the last call (when recording).

    Examples
    --------
    >>> learned()
    []
    """
    global _journal
    if _journal is None:
        return []
    out, _journal = _journal, []
    return out


def learn(entries: list[tuple[str, Any, Any]]) -> None:
    """Keep glyphs and text sizes another process learned (see :func:`learned`).

    Examples
    --------
    >>> learn([])
    """
    for kind, key, value in entries:
        store = _cache if kind == "glyph" else _sizes
        if key not in store:
            _keep(store, kind, key, value)


def _supported() -> bool:
    base = getattr(RendererAgg, "_draw_text_glyphs_and_boxes", None)
    if base is None or not all(
        hasattr(FT2Font, name) for name in ("_render_glyph", "_set_transform")
    ):
        return False
    try:
        from matplotlib.ft2font import RenderMode  # noqa: F401
    except ImportError:  # pragma: no cover - matplotlib before 3.10
        return False
    params = list(inspect.signature(base).parameters)
    return params == ["self", "gc", "x", "y", "angle", "glyphs", "boxes"]


#: Whether this matplotlib draws text through the glyph path this module caches.
SUPPORTED = _supported()
#: Whether the fonts a text is measured in can be named (for the text-size memory).
SIZES_SUPPORTED = hasattr(fontManager, "_find_fonts_by_props")


def clear_glyph_cache() -> None:
    """Forget every kept glyph bitmap and text size.

    Examples
    --------
    >>> clear_glyph_cache()
    """
    with _lock:
        _cache.clear()
        _sizes.clear()


def _snap(pos: float) -> tuple[int, int]:
    """A coordinate in 1/64 pixel as (whole pixels, phase rounded to :data:`PHASE`)."""
    whole, frac = divmod(round(pos), 64)
    phase = (frac + PHASE // 2) // PHASE * PHASE
    return whole + phase // 64, phase % 64


class _GlyphCacheRenderer(RendererAgg):
    """:class:`~matplotlib.backends.backend_agg.RendererAgg` reusing glyph bitmaps and
    text sizes."""

    def get_text_width_height_descent(
        self, s: str, prop: FontProperties, ismath: Any
    ) -> tuple[float, float, float]:
        if ismath or not SIZES_SUPPORTED:
            return super().get_text_width_height_descent(s, prop, ismath)
        import matplotlib as mpl

        # everything the measurement depends on: the fonts the properties resolve to (with
        # fallbacks), the size, the resolution, the hinting and the kerning settings
        fonts = tuple(str(f) for f in fontManager._find_fonts_by_props(prop))
        rc = (mpl.rcParams["text.kerning_factor"], mpl.rcParams["text.hinting_factor"])
        key = (s, fonts, prop.get_size_in_points(), self.dpi, get_hinting_flag(), rc)
        size = _sizes.get(key)
        if size is None:
            size = super().get_text_width_height_descent(s, prop, ismath)
            _keep(_sizes, "size", key, size)
        return size

    def _draw_text_glyphs_and_boxes(
        self, gc: Any, x: float, y: float, angle: float, glyphs: Any, boxes: Any
    ) -> None:
        glyphs = list(glyphs)
        if not SUPPORTED or not gc.get_antialiased() or any(len(g) != 7 for g in glyphs):
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
            return
        from matplotlib.ft2font import RenderMode

        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        flags = get_hinting_flag()
        height = self.height
        top_edge = int(height)
        draw = self._renderer.draw_text_image
        matrices: dict[tuple[float, float], Any] = {}
        for font, size, index, slant, extend, dx, dy in glyphs:  # dy is upwards
            # the glyph's origin, as matplotlib computes it (1/64 px; FreeType's y upwards)
            ix, fx = _snap(0x40 * (x + dx * cos - dy * sin))
            iy, fy = _snap(0x40 * (height - y + dx * sin + dy * cos))
            face = (font.fname, getattr(font, "face_index", 0))
            key = (*face, size, self.dpi, index, angle, slant, extend, fx, fy, flags)
            kept = _cache.get(key)
            if kept is None:
                matrix = matrices.get((slant, extend))
                if matrix is None:
                    rotation = np.array([[cos, -sin], [sin, cos]])
                    shear = [[extend, extend * slant], [0, 1]]
                    matrix = (0x10000 * rotation @ shear).round().astype(int)
                    matrices[(slant, extend)] = matrix
                font.set_size(size, self.dpi)
                font._set_transform(matrix, [fx, fy])  # the phase only: whole pixels added below
                bitmap = font._render_glyph(index, flags, RenderMode.NORMAL)
                kept = (np.array(bitmap.buffer), bitmap.left, bitmap.top)
                _keep(_cache, "glyph", key, kept)
            buffer, left, top = kept
            if buffer.size:
                # draw_text_image's y is downwards and names the bitmap's bottom row
                draw(buffer, ix + left, top_edge - (iy + top) + buffer.shape[0], 0, gc)
        if boxes:
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, [], boxes)


class GlyphCacheCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer keeps glyph bitmaps (see the module notes).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = fig.text(0.1, 0.5, "Pune Analytics 0.25")
    >>> canvas = GlyphCacheCanvas(fig)
    >>> canvas.draw()
    >>> canvas.get_width_height()
    (200, 100)
    """

    def get_renderer(self) -> RendererAgg:
        width, height = self.get_width_height(physical=True)
        key = (width, height, self.figure.dpi)
        if getattr(self, "_lastKey", None) != key:
            self.renderer = _GlyphCacheRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer
