"""The plots a report shows, drawn through the results' ``.plot`` accessors.

Shared by the HTML report (PNG data URIs) and the Markdown report (PNG files): the list of
plots, their sections and captions live here once, and each figure is drawn ONCE per
evaluation (:func:`rendered_plots` keeps the PNG bytes for as long as the evaluation
lives), so writing the HTML and the Markdown report costs one rendering, not two.

Speed: each figure is drawn once, as PNG at :data:`DPI` (:func:`figure_png`): no
``bbox_inches="tight"`` and no separate layout pass (a one-Axes figure is laid out from one
measurement), unhinted glyphs rasterised once and reused (:mod:`._glyphs`), and a light PNG
encoding. On a machine with several cores forked worker processes (:data:`MAX_WORKERS`)
draw the figures, costliest first, while the report writer builds its tables
(:func:`start_plots`); the writer then draws those no worker has started.

To add a plot to the reports, add a :class:`PlotSpec` to :func:`plot_specs` (or to
:data:`EXTRA_PLOTS`, a list of ``callable(evaluation) -> list[PlotSpec]`` hooks).
"""

from __future__ import annotations

import base64
import dataclasses
import gc
import io
import logging
import os
import sys
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from partnerselect.pipeline import Evaluation

__all__ = [
    "DPI",
    "EXTRA_PLOTS",
    "PlotSpec",
    "RenderedPlot",
    "plot_specs",
    "render_plots",
    "rendered_plots",
    "start_plots",
]

#: Resolution of report figures (PNG). The widest figures (about 10.5 in) then fit the HTML
#: report's 1,136-pixel column at their natural size, one image pixel per screen pixel (at
#: 110 dpi the browser scaled them down, blurring them slightly), and print at about 150 dpi
#: on the width of an A4 page.
DPI = 100

#: Most worker processes forked to draw a report's figures (the caller draws too).
MAX_WORKERS = 4

#: Hooks adding plots to every report: ``callable(evaluation) -> list[PlotSpec]``.
EXTRA_PLOTS: list[Callable[[Evaluation], list[PlotSpec]]] = []

logger = logging.getLogger("partnerselect.report")

#: Rendering settings of report figures: unhinted glyphs (as browsers and PDF viewers draw
#: text; FreeType's hinter is the largest single cost of matplotlib's text drawing).
_RASTER_RC: dict[Any, Any] = {"text.hinting": "no_hinting"}


@dataclasses.dataclass(frozen=True)
class PlotSpec:
    """One plot of the report: where it goes, its title, and how to draw it."""

    section: str
    title: str
    draw: Callable[[], Axes]
    caption: str = ""
    #: Rough drawing cost (1: one ordinary chart); the costliest plots are drawn first.
    cost: float = 1.0


def _price_series(ev: Evaluation) -> pd.Series | None:
    """Prices of the ranked partners, from the criterion the model price-scores (if any)."""
    spec = next((c for c in ev.model.criteria if c.price_scoring is not None), None)
    if spec is None or spec.key not in ev.partners:
        return None
    prices = ev.partners.set_index(ev.partners["partner_id"].astype(str))[spec.key]
    return pd.to_numeric(prices, errors="coerce").reindex(ev.problem.partners).rename(spec.key)


def _effective_plot(ev: Evaluation) -> Axes:
    from partnerselect.plot.weights import stated_vs_effective

    return stated_vs_effective(ev.analyses.get("effective_weights") or ev.effective_weights)


def _smaa_caption(result: Any) -> str:
    """What the SMAA rank acceptability counts: which weights, and whether data were drawn."""
    weights = {
        "dirichlet": "random weight vectors (uniform over all weightings)",
        "ordinal": "random weight vectors respecting the stated order of the criteria",
        "given": "the given weight vectors",
    }.get(
        str(getattr(result, "sampler", "")), "random weight vectors within the weight constraints"
    )
    if getattr(result, "sample_data", False):
        return (
            f"Share of joint draws of {weights} and of the criteria values (from their "
            "uncertainty) giving each rank."
        )
    return f"Share of {weights} giving each rank."


def plot_specs(ev: Evaluation) -> list[PlotSpec]:
    """The plots each section shows, drawn through the results' ``.plot`` accessors."""
    from partnerselect.plot.accessor import EvaluatorPlot

    rk, an, names = ev.ranking, ev.analyses, ev.problem.names
    price = _price_series(ev)
    wanted: list[tuple[bool, str, str, Callable[[], Any], str]] = [
        (
            True,
            "results",
            "Scores and margins",
            lambda: rk.plot(),
            "Score of each ranked partner; the lead over the next partner is annotated.",
        ),
        (
            True,
            "results",
            "Why the leader leads",
            lambda: rk.plot.contributions(),
            "Per-criterion difference between the top two partners.",
        ),
        (
            True,
            "results",
            "Profiles of the top three",
            lambda: rk.plot.radar(),
            "Each criterion scaled to [0, 1] across the ranked partners, outward is better.",
        ),
        (
            price is not None,
            "results",
            "Value for money",
            lambda: rk.plot.value_for_money(price),
            "Score against price; the line joins the partners no other beats on both.",
        ),
        (
            True,
            "criteria",
            "Stated vs effective weights",
            lambda: _effective_plot(ev),
            "Grey: the weight stated in the model; colour: the influence the method and the "
            "observed ranges really give the criterion (vermillion: flagged).",
        ),
        (
            ev.criteria.evaluators is not None,
            "evaluators",
            "Evaluator ratings",
            lambda: EvaluatorPlot(ev.criteria.evaluators).spread(names=names),
            "Each evaluator's rating (dots) and the panel value; flagged rows exceed the tolerance.",
        ),
        (
            "smaa" in an,
            "sensitivity",
            "SMAA rank acceptability",
            lambda: an["smaa"].plot(),
            _smaa_caption(an.get("smaa")),
        ),
        (
            "smaa" in an,
            "sensitivity",
            "SMAA central weights",
            lambda: an["smaa"].plot.central_weights(),
            "The typical weights that make each partner first (blank: never first).",
        ),
        (
            "data_uncertainty" in an,
            "sensitivity",
            "Rank probabilities under data uncertainty",
            lambda: an["data_uncertainty"].plot(),
            "Probability of each rank when criterion values are drawn from their evidence.",
        ),
        (
            "sweep" in an,
            "sensitivity",
            "Weight sweep",
            lambda: an["sweep"].plot(),
            "Scores as one criterion's weight moves from 0 to 1, the others rescaled.",
        ),
        (
            "sweep" in an,
            "sensitivity",
            "Tornado",
            lambda: an["sweep"].plot.tornado(),
            "How far the leader's score moves when each weight changes.",
        ),
        (
            "critical" in an,
            "sensitivity",
            "Critical weight changes",
            lambda: an["critical"].plot(),
            "Smallest change of each weight that swaps two of the top partners.",
        ),
        (
            "comparison" in an,
            "sensitivity",
            "Agreement between methods",
            lambda: an["comparison"].plot(),
            "Rank correlation between the methods compared.",
        ),
    ]
    # measured: the track-record grid and the annotated SMAA bars take one and a half
    # times an ordinary chart, the evaluator grid a little more than one
    cost = {"Track record": 1.5, "SMAA rank acceptability": 1.5, "Evaluator ratings": 1.2}
    if ev.criteria.metrics:
        from partnerselect.plot.evidence import forest_grid

        wanted.append(
            (
                True,
                "data",
                "Track record",
                lambda: forest_grid(ev),
                "Estimate and interval of every track-record metric, one row per partner in "
                "rank order; open markers: too few projects or an imputed value.",
            )
        )
    specs = [
        PlotSpec(sec, title, draw, cap, cost.get(title, 1.0))
        for ok, sec, title, draw, cap in wanted
        if ok
    ]
    for hook in EXTRA_PLOTS:
        specs.extend(hook(ev))
    return specs


def _first_figure(drawn: Any) -> Figure:
    if hasattr(drawn, "savefig"):
        return drawn
    first = np.ravel(np.asarray(drawn, dtype=object))[0] if not hasattr(drawn, "figure") else drawn
    return first.figure


def render_plots(
    specs: Iterable[PlotSpec], save: Callable[[Figure, PlotSpec], str], *, strict: bool
) -> dict[str, list[dict[str, str]]]:
    """Draw every plot and hand its figure to ``save`` (returns where it went: a URI or path).

    A plot that fails is recorded with its error (the report is still written) unless
    ``strict``; only the figures a plot opened are closed, never the user's.
    """
    import matplotlib.pyplot as plt

    out: dict[str, list[dict[str, str]]] = {}
    for spec in specs:
        item = {"title": spec.title, "caption": spec.caption, "uri": "", "error": ""}
        before = set(plt.get_fignums())
        try:
            item["uri"] = save(_first_figure(spec.draw()), spec)
        except Exception as exc:
            if strict:
                raise
            logger.warning("Plot %r unavailable: %s", spec.title, exc)
            item["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            for num in set(plt.get_fignums()) - before:
                plt.close(num)
        out.setdefault(spec.section, []).append(item)
    return out


# --------------------------------------------------------------------------- shared rendering
@dataclasses.dataclass(frozen=True)
class RenderedPlot:
    """One drawn plot of a report: PNG bytes, or the error that stopped it."""

    section: str
    title: str
    caption: str
    png: bytes = b""
    error: str = ""

    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI for an ``<img>`` element (an image cannot run script)."""
        if not self.png:
            return ""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def figure_png(fig: Figure, dpi: int = DPI) -> bytes:
    """``fig`` as PNG bytes, drawn in ONE pass.

    ``savefig`` would lay a constrained-layout figure out in a first, invisible draw and
    then draw it again; drawing the canvas directly lays it out and rasterises it in one
    go. Axis labels left empty get fixed coordinates (nothing to place, so matplotlib need
    not measure every tick label to place them). Glyphs are rasterised once per process
    and reused (:class:`~partnerselect.report._glyphs.GlyphCacheCanvas`). The picture is
    stored as RGB (report figures are opaque) with fast zlib settings: a third of the
    encoding time, and smaller. A figure without a layout engine keeps the tight-bbox save
    (measured, then drawn).
    """
    if fig.get_layout_engine() is None:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
        return buf.getvalue()
    import matplotlib
    from PIL import Image

    from partnerselect.report._glyphs import GlyphCacheCanvas

    for ax in fig.axes:
        for axis, coords in ((ax.xaxis, (0.5, 0.0)), (ax.yaxis, (0.0, 0.5))):
            if not axis.label.get_text():
                axis.set_label_coords(*coords)
    fig.set_dpi(dpi)
    # an Agg canvas of our own (a GUI backend's may also repaint a window), which keeps the
    # glyphs it rasterises for the next figures
    canvas = GlyphCacheCanvas(fig)
    with matplotlib.rc_context(_RASTER_RC):
        if _single_axes(fig):
            _fit_single_axes(fig, canvas.get_renderer())
        elif (cells := _grid_cells(fig)) is not None:
            _fit_grid(fig, cells, canvas.get_renderer())
        canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    if _opaque(fig):  # every pixel drawn over an opaque background: drop the alpha channel
        picture = image.convert("RGB")
    else:  # composite a (partly) transparent figure onto white
        picture = Image.new("RGB", image.size, "white")
        picture.paste(image, mask=image.getchannel("A"))
    buf = io.BytesIO()
    picture.save(buf, format="png", compress_level=1, dpi=(dpi, dpi))
    return buf.getvalue()


def _opaque(fig: Figure) -> bool:
    """The figure's background covers the whole canvas with an opaque colour."""
    from matplotlib.colors import to_rgba

    patch = fig.patch
    alpha = patch.get_alpha()
    return (
        patch.get_visible()
        and to_rgba(patch.get_facecolor())[3] >= 1.0
        and (alpha is None or alpha >= 1.0)
    )


def _single_axes(fig: Figure) -> bool:
    """A constrained-layout figure of one Axes and nothing drawn outside it."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    return (
        isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
        and len(fig.axes) == 1
        and not fig.legends
        and not fig.texts
        and not fig.images
        and not fig.patches
        and not fig.lines
        and not fig.subfigs
        and getattr(fig, "_suptitle", None) is None
        and getattr(fig, "_supxlabel", None) is None
        and getattr(fig, "_supylabel", None) is None
    )


def _grid_cells(fig: Figure) -> dict[Any, tuple[int, int]] | None:
    """``{Axes: (row, column)}`` of a constrained-layout grid of equal cells, else None.

    The figure qualifies when its visible Axes each fill one cell of one GridSpec without
    width or height ratios, and nothing but a suptitle is drawn outside them.
    """
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if (
        not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
        or fig.legends
        or any(t is not getattr(fig, "_suptitle", None) for t in fig.texts)
        or fig.images
        or fig.patches
        or fig.lines
        or fig.subfigs
        or getattr(fig, "_supxlabel", None) is not None
        or getattr(fig, "_supylabel", None) is not None
    ):
        return None
    cells: dict[Any, tuple[int, int]] = {}
    grid = None
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is None:
            return None
        gs = spec.get_gridspec()
        if grid is None:
            grid = gs
        if gs is not grid or spec.num1 != spec.num2:
            return None
        if ax.get_visible():
            cells[ax] = divmod(spec.num1, gs.ncols)
    if grid is None or len(cells) < 2:
        return None
    for ratios in (grid.get_width_ratios(), grid.get_height_ratios()):
        if ratios is not None and np.ptp(np.asarray(ratios, dtype=float)) > 0:
            return None
    return cells


def _fit_grid(fig: Figure, cells: dict[Any, tuple[int, int]], renderer: Any) -> None:
    """Constrained layout of a grid of equal cells, in one measurement instead of two passes.

    As :func:`_fit_single_axes`: what each Axes draws around itself (tick labels, titles,
    axis labels, notes placed in axes coordinates) moves with it, so measure it once; then
    give every column the same width and every row the same height in what is left, with
    the layout engine's padding. A suptitle keeps the top. The engine is then switched off.
    """
    engine = fig.get_layout_engine()
    assert engine is not None
    pads = engine.get()
    width, height = fig.bbox.width, fig.bbox.height
    w_pad, h_pad = pads["w_pad"] * fig.dpi, pads["h_pad"] * fig.dpi
    n_rows = max(r for r, _ in cells.values()) + 1
    n_cols = max(c for _, c in cells.values()) + 1
    left, right = [0.0] * n_cols, [0.0] * n_cols
    below, above = [0.0] * n_rows, [0.0] * n_rows
    for ax, (r, c) in cells.items():
        pos = ax.get_position(original=True)
        tight = ax.get_tightbbox(renderer)
        if tight is None:
            continue
        left[c] = max(left[c], pos.x0 * width - tight.x0)
        right[c] = max(right[c], tight.x1 - pos.x1 * width)
        below[r] = max(below[r], pos.y0 * height - tight.y0)
        above[r] = max(above[r], tight.y1 - pos.y1 * height)
    top = 0.0
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_visible() and suptitle.get_text():
        box = suptitle.get_window_extent(renderer)
        top = max(height - box.y0, 0.0) + h_pad
    cell_w = (width - sum(left) - sum(right) - (n_cols + 1) * w_pad) / n_cols
    cell_h = (height - top - sum(below) - sum(above) - (n_rows + 1) * h_pad) / n_rows
    if cell_w < 0.1 * width / n_cols or cell_h < 0.1 * height / n_rows:
        return  # too crowded to place in one go: the engine lays it out
    x0 = []
    x = w_pad
    for c in range(n_cols):
        x0.append(x + left[c])
        x = x0[-1] + cell_w + right[c] + w_pad
    y1 = []
    y = height - top - h_pad
    for r in range(n_rows):
        y1.append(y - above[r])
        y = y1[-1] - cell_h - below[r] - h_pad
    fig.set_layout_engine("none")
    for ax, (r, c) in cells.items():
        ax.set_position((x0[c] / width, (y1[r] - cell_h) / height, cell_w / width, cell_h / height))


def _fit_single_axes(fig: Figure, renderer: Any) -> None:
    """Constrained layout of a one-Axes figure, in one measurement instead of two passes.

    Everything around the Axes (tick labels, axis labels, title, notes, outside legends,
    annotations) is placed relative to it, so how far it reaches past the Axes does not
    change when the Axes moves: measure that once, then give the Axes the rest of the
    figure, with the layout engine's own padding. The layout engine is then switched off.
    """
    engine = fig.get_layout_engine()
    assert engine is not None
    pads = engine.get()
    ax = fig.axes[0]
    width, height = fig.bbox.width, fig.bbox.height
    pos = ax.get_position(original=True)
    tight = ax.get_tightbbox(renderer)
    fig.set_layout_engine("none")
    if tight is None or not (width > 0 and height > 0):
        return
    w_pad = pads["w_pad"] * fig.dpi / width  # figure fraction, as the engine pads
    h_pad = pads["h_pad"] * fig.dpi / height
    left = max(pos.x0 - tight.x0 / width, 0.0) + w_pad
    right = max(tight.x1 / width - pos.x1, 0.0) + w_pad
    bottom = max(pos.y0 - tight.y0 / height, 0.0) + h_pad
    top = max(tight.y1 / height - pos.y1, 0.0) + h_pad
    if left + right >= 0.9 or bottom + top >= 0.9:
        return
    ax.set_position((left, bottom, 1 - left - right, 1 - bottom - top))
    # Text anchored to the data (a label at the end of a bar) moves by less than the Axes
    # edge: shrink the Axes again, a few times at most, until no such text leaves the figure.
    for _ in range(4):
        boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_visible()]
        if not boxes:
            return
        over_r = max(b.x1 for b in boxes) - (width - w_pad * width)
        over_l = w_pad * width - min(b.x0 for b in boxes)
        over_t = max(b.y1 for b in boxes) - (height - h_pad * height)
        over_b = h_pad * height - min(b.y0 for b in boxes)
        if max(over_r, over_l, over_t, over_b) <= 0.5:
            return
        right += max(over_r, 0.0) / width
        left += max(over_l, 0.0) / width
        top += max(over_t, 0.0) / height
        bottom += max(over_b, 0.0) / height
        if left + right >= 0.9 or bottom + top >= 0.9:
            return
        ax.set_position((left, bottom, 1 - left - right, 1 - bottom - top))


def _render_one(spec: PlotSpec, *, strict: bool) -> RenderedPlot:
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    try:
        png = figure_png(_first_figure(spec.draw()))
        return RenderedPlot(spec.section, spec.title, spec.caption, png=png)
    except Exception as exc:
        if strict:
            raise
        logger.warning("Plot %r unavailable: %s", spec.title, exc)
        return RenderedPlot(
            spec.section, spec.title, spec.caption, error=f"{type(exc).__name__}: {exc}"
        )
    finally:
        for num in set(plt.get_fignums()) - before:
            plt.close(num)


#: The specs forked workers draw, by drawing (set in the parent before the fork), and who
#: has claimed each one (shared memory: 0 nobody yet, 1 a worker, 2 the caller).
_FORK_SPECS: dict[int, tuple[list[PlotSpec], Any]] = {}


def _render_index(token: int, i: int) -> tuple[int, bytes, str, list[Any]] | None:
    """Draw plot ``i`` in a worker, unless the caller has claimed it (then None); with the
    picture, the glyphs and text sizes the worker learned drawing it (for the caller)."""
    import matplotlib.pyplot as plt

    from partnerselect.report import _glyphs

    specs, claims = _FORK_SPECS[token]
    with claims.get_lock():
        if claims[i]:
            return None
        claims[i] = 1
    if plt.get_backend().lower() != "agg":  # a forked worker never opens a GUI window
        plt.switch_backend("agg")
    done = _render_one(specs[i], strict=False)
    return i, done.png, done.error, _glyphs.learned()


def _workers(n_specs: int) -> int:
    """Worker processes to fork (0: draw in this process only); the caller draws too."""
    if sys.platform != "linux" or n_specs < 4:  # fork is safe and cheap on Linux only
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover
        cores = os.cpu_count() or 1
    return max(0, min(MAX_WORKERS, cores - 1, n_specs // 2))


def _worker_start() -> None:
    """Start of a drawing worker: no cyclic garbage collection (matplotlib's artists make
    many small cycles; collecting them is a tenth of the drawing time, and the process's
    end frees them all), and the glyphs and text sizes it learns are recorded."""
    from partnerselect.report import _glyphs

    gc.disable()
    _glyphs.record_learning()


class _Drawing:
    """The plots of one report being drawn.

    With several cores, one worker per core but the caller's is forked at once and draws
    while the caller goes on (building the report's tables). The costliest plots are
    handed out first, so no worker is left with a long plot at the end. In :meth:`result`
    the caller then draws too: it takes the plots no worker has started yet, cheapest
    first, and collects the rest in the specs' order. Drawing here costs no fork, no copy
    of this process's memory and no transfer of the picture. Without workers every plot
    is drawn here.
    """

    def __init__(
        self, specs: list[PlotSpec], *, strict: bool, progress: Callable[[], None] | None
    ) -> None:
        self.specs = specs
        self.strict = strict
        self.tick = progress or (lambda: None)
        self._pool: Any = None
        self._futures: list[Any] = []
        self._order: list[int] = []
        self._done: list[RenderedPlot] | None = None
        n = _workers(len(specs))
        if n >= 1:
            try:
                self._start(n)
            except Exception as exc:  # a pool that cannot start: draw here instead
                logger.info("Drawing plots in this process (workers unavailable: %s)", exc)
                self._stop()

    def _start(self, n: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # imported once here and inherited by every worker, not imported by each of them
        import matplotlib.backends.backend_agg
        import matplotlib.pyplot  # noqa: F401
        from PIL import Image, PngImagePlugin  # noqa: F401

        import partnerselect.report._glyphs  # noqa: F401

        Image.preinit()

        ctx = multiprocessing.get_context("fork")
        _FORK_SPECS[id(self)] = (self.specs, ctx.Array("b", len(self.specs)))
        parallel = sys.modules.get("partnerselect.sensitivity._parallel")
        if parallel is not None:  # fork with no other thread of ours alive
            parallel.release_threads()
        order = sorted(range(len(self.specs)), key=lambda i: -self.specs[i].cost)
        # The workers are forked at the first submit. Objects that exist then are left out
        # of the workers' garbage collections (gc.freeze): they need not be scanned, nor
        # their memory copied, by every collection of every worker.
        gc.freeze()
        try:
            self._pool = ProcessPoolExecutor(
                max_workers=n, mp_context=ctx, initializer=_worker_start
            )
            self._futures = [self._pool.submit(_render_index, id(self), i) for i in order]
            self._order = order
        finally:
            gc.unfreeze()

    def _stop(self) -> None:
        if self._pool is not None:
            # the workers exit on their own (about 10 ms): the report need not wait for it
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        _FORK_SPECS.pop(id(self), None)

    def cancel(self) -> None:
        """Stop drawing (the caller failed); :meth:`result` would then draw here."""
        self._stop()
        self._futures = []

    def result(self) -> list[RenderedPlot]:
        """Every plot, drawn (waits for the workers)."""
        if self._done is None:
            try:
                self._done = self._collect() if self._pool is not None else self._here()
            finally:
                self._stop()
        return list(self._done)

    def _here(self) -> list[RenderedPlot]:
        out = []
        enabled = gc.isenabled()
        gc.disable()  # no collection every few hundred artists; the next one after takes it all
        try:
            for spec in self.specs:
                out.append(_render_one(spec, strict=self.strict))
                self.tick()
        finally:
            if enabled:
                gc.enable()
        return out

    def _collect(self) -> list[RenderedPlot]:
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        from partnerselect.report import _glyphs

        out: list[RenderedPlot | None] = [None] * len(self.specs)
        claims = _FORK_SPECS[id(self)][1]
        enabled = gc.isenabled()
        gc.disable()  # as in _here
        try:
            # Draw here the plots no worker has started, cheapest first. The workers start
            # them in order, costliest first: once one is taken, those before it are too.
            for i in reversed(self._order):
                with claims.get_lock():
                    if claims[i]:
                        break
                    claims[i] = 2
                out[i] = _render_one(self.specs[i], strict=self.strict)
                self.tick()
            for future in as_completed(self._futures):
                try:
                    result = future.result()
                except BrokenProcessPool:  # a worker died: its plots are drawn below
                    continue
                if result is None:  # drawn here
                    continue
                i, png, error, learned = result
                _glyphs.learn(learned)  # the next report starts with what the worker learned
                spec = self.specs[i]
                if error and self.strict:
                    out[i] = _render_one(spec, strict=True)  # raises the real exception here
                else:
                    out[i] = RenderedPlot(
                        spec.section, spec.title, spec.caption, png=png, error=error
                    )
                self.tick()
            for i, done in enumerate(out):
                if done is None:
                    out[i] = _render_one(self.specs[i], strict=self.strict)
                    self.tick()
        finally:
            if enabled:
                gc.enable()
        return [r for r in out if r is not None]


_CACHE: dict[int, tuple[list[PlotSpec], list[RenderedPlot]]] = {}
_PENDING: dict[int, tuple[list[PlotSpec], _Drawing]] = {}


def _titles(specs: Iterable[PlotSpec]) -> list[str]:
    return [s.title for s in specs]


def start_plots(
    ev: Evaluation,
    *,
    strict: bool = False,
    specs: list[PlotSpec] | None = None,
    progress: Callable[[], None] | None = None,
) -> Callable[[], list[RenderedPlot]]:
    """Start drawing every report plot of ``ev``; call the result to collect the PNGs.

    The report writers start the drawing first and build their tables meanwhile (the
    workers draw on the other cores); :func:`rendered_plots` called in between waits for
    the same drawing instead of starting another. Arguments as :func:`rendered_plots`.
    """
    specs = plot_specs(ev) if specs is None else list(specs)
    key = id(ev)
    cached = _CACHE.get(key)
    if cached is not None and _titles(cached[0]) == _titles(specs):
        done = cached[1]
        if not any(r.error for r in done):
            return lambda: list(done)
    pending = _PENDING.get(key)
    if pending is not None and _titles(pending[0]) == _titles(specs):
        drawing = pending[1]
    else:
        if pending is not None:  # other plots asked for: stop the workers of the old ones
            pending[1].cancel()
        drawing = _Drawing(specs, strict=strict, progress=progress)
        _PENDING[key] = (specs, drawing)

    def finish() -> list[RenderedPlot]:
        try:
            done = drawing.result()
        finally:
            if _PENDING.get(key, (None, None))[1] is drawing:
                del _PENDING[key]
        if key not in _CACHE:
            weakref.finalize(ev, _CACHE.pop, key, None)
        _CACHE[key] = (specs, done)
        return list(done)

    def cancel() -> None:
        drawing.cancel()
        if _PENDING.get(key, (None, None))[1] is drawing:
            del _PENDING[key]

    finish.cancel = cancel  # type: ignore[attr-defined]
    return finish


def rendered_plots(
    ev: Evaluation,
    *,
    strict: bool = False,
    specs: list[PlotSpec] | None = None,
    progress: Callable[[], None] | None = None,
) -> list[RenderedPlot]:
    """Every report plot of ``ev`` drawn as PNG, once per evaluation (then reused).

    ``specs`` defaults to :func:`plot_specs`. A plot that fails is kept with its error (the
    report says it is unavailable) unless ``strict``; a failed plot is retried next time.
    ``progress`` is called once per plot drawn (e.g. a progress bar's ``update``).
    """
    return start_plots(ev, strict=strict, specs=specs, progress=progress)()


def by_section(
    plots: Iterable[RenderedPlot], uri: Callable[[RenderedPlot], str]
) -> dict[str, list[dict[str, str]]]:
    """Plots grouped by section as the template items ``{title, caption, uri, error}``."""
    out: dict[str, list[dict[str, str]]] = {}
    for p in plots:
        item = {
            "title": p.title,
            "caption": p.caption,
            "uri": uri(p) if p.png else "",
            "error": p.error,
        }
        out.setdefault(p.section, []).append(item)
    return out
