"""Report figures drawn in one pass: same layout as constrained layout, nothing cut off."""

from __future__ import annotations

import io
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from partnerselect.report import plots


def _labelled_figure():
    fig = plt.figure(figsize=(6, 4), layout="constrained")
    ax = fig.add_subplot()
    ax.barh(np.arange(5), [1, 2, 3, 4, 5])
    ax.set_yticks(np.arange(5), [f"A rather long partner name {i}" for i in range(5)])
    ax.set_xlabel("score")
    ax.set_title("Title", loc="left")
    return fig


def test_single_axes_layout_matches_constrained_layout():
    reference = _labelled_figure()
    reference.set_dpi(plots.DPI)
    with matplotlib.rc_context(plots._RASTER_RC):
        reference.canvas.draw()
    expected = np.array(reference.axes[0].get_position().bounds)
    fig = _labelled_figure()
    png = plots.figure_png(fig)
    got = np.array(fig.axes[0].get_position().bounds)
    pixels = np.array([fig.bbox.width, fig.bbox.height] * 2)
    assert np.abs((got - expected) * pixels).max() <= 2.0  # within two pixels
    image = Image.open(io.BytesIO(png))
    assert image.mode == "RGB"
    assert image.size == (round(6 * plots.DPI), round(4 * plots.DPI))
    plt.close("all")


def _grid_figure(rows: int, cols: int):
    fig, axes = plt.subplots(rows, cols, figsize=(8, 3 * rows), layout="constrained")
    for k, ax in enumerate(axes.ravel()):
        ax.barh(np.arange(4), [1, 2, 3, 4])
        if k % cols == 0:
            ax.set_yticks(np.arange(4), [f"A long partner name {i}" for i in range(4)])
        else:
            ax.set_yticks([])
        ax.set_xlabel("share, higher is better")
        ax.set_title(f"metric {k}", loc="left")
        ax.text(1.01, 1, "n=12", transform=ax.get_yaxis_transform())
    fig.suptitle("Small multiples with a title", x=0.01, ha="left")
    return fig


@pytest.mark.parametrize(("rows", "cols"), [(1, 3), (2, 2)])
def test_grid_layout_in_one_pass_fits_like_constrained_layout(rows, cols):
    reference = _grid_figure(rows, cols)
    reference.set_dpi(plots.DPI)
    with matplotlib.rc_context(plots._RASTER_RC):
        reference.canvas.draw()
    fig = _grid_figure(rows, cols)
    assert plots._grid_cells(fig) is not None
    plots.figure_png(fig)
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    assert not isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)  # placed once
    renderer = fig.canvas.get_renderer()
    pixels = np.array([fig.bbox.width, fig.bbox.height] * 2)
    got = np.array([a.get_position().bounds for a in fig.axes]) * pixels
    expected = np.array([a.get_position().bounds for a in reference.axes]) * pixels
    # every panel the same size, nothing outside the figure, no two panels' drawings
    # overlapping, and each panel within a few pixels of the engine's size
    assert np.ptp(got[:, 2]) < 1.0
    assert np.ptp(got[:, 3]) < 1.0
    assert np.abs(got[:, 2:] - expected[:, 2:]).max() <= 12.0
    boxes = [a.get_tightbbox(renderer) for a in fig.axes]
    for box in [*boxes, fig._suptitle.get_window_extent(renderer)]:
        assert box.x0 >= -0.5
        assert box.y0 >= -0.5
        assert box.x1 <= fig.bbox.width + 0.5
        assert box.y1 <= fig.bbox.height + 0.5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)
    assert not any(b.overlaps(fig._suptitle.get_window_extent(renderer)) for b in boxes)
    plt.close("all")


def test_grids_with_ratios_keep_the_layout_engine():
    fig, _ = plt.subplots(2, 1, height_ratios=[1, 3], layout="constrained")
    assert plots._grid_cells(fig) is None
    fig, _ = plt.subplots(1, 1, layout="constrained")
    assert plots._grid_cells(fig) is None  # one Axes: the single-Axes fit
    plt.close("all")


def test_text_at_the_end_of_a_bar_stays_inside_the_figure():
    fig = plt.figure(figsize=(6, 3), layout="constrained")
    ax = fig.add_subplot()
    ax.barh([0, 1], [10, 90])
    ax.set_xlim(0, 100)
    for y, v in enumerate([10, 90]):
        ax.annotate("a label far longer than the room left", (v, y), xytext=(4, 0),
                    textcoords="offset points", va="center")  # fmt: skip
    plots.figure_png(fig)
    renderer = fig.canvas.get_renderer()
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0
        assert box.x1 <= fig.bbox.width
    plt.close("all")


def test_a_started_drawing_is_collected_once(monkeypatch):
    from tests.report._synthetic import synthetic_evaluation

    ev = synthetic_evaluation()
    calls = []
    real = plots._Drawing

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(plots, "_Drawing", counting)
    finish = plots.start_plots(ev)
    assert id(ev) in plots._PENDING
    drawn = plots.rendered_plots(ev)  # waits for the drawing already under way
    assert finish() == drawn
    assert len(calls) == 1
    assert id(ev) not in plots._PENDING
    assert all(p.png.startswith(b"\x89PNG") for p in drawn if not p.error)


@pytest.mark.parametrize("n", [1, 8])
def test_cancelled_drawing_leaves_nothing_pending(n):
    from tests.report._synthetic import synthetic_evaluation

    ev = synthetic_evaluation()
    specs = plots.plot_specs(ev)[:n]
    finish = plots.start_plots(ev, specs=specs)
    finish.cancel()  # type: ignore[attr-defined]
    assert not plots._FORK_SPECS
    assert id(ev) not in plots._PENDING
    if n == 1:  # collecting after all draws the plots here
        assert [p.title for p in finish()] == [s.title for s in specs]


def test_opaque_figures_skip_compositing_with_the_same_pixels(monkeypatch):
    def draw(alpha: float | None = None):
        fig = _labelled_figure()
        if alpha is not None:
            fig.patch.set_alpha(alpha)
        return np.asarray(Image.open(io.BytesIO(plots.figure_png(fig))))

    assert plots._opaque(_labelled_figure())
    fast = draw()
    monkeypatch.setattr(plots, "_opaque", lambda fig: False)
    np.testing.assert_array_equal(fast, draw())  # composited onto white: the same picture
    monkeypatch.undo()
    clear = _labelled_figure()
    clear.patch.set_alpha(0.0)
    assert not plots._opaque(clear)
    corner = draw(0.0)[0, -1]  # a transparent figure's empty corner comes out white
    np.testing.assert_array_equal(corner, [255, 255, 255])
    plt.close("all")


def _bar_spec(k: int) -> plots.PlotSpec:
    def draw():
        fig = plt.figure(figsize=(4, 3), layout="constrained")
        ax = fig.add_subplot()
        ax.barh(np.arange(4), np.arange(1, 5) * (k + 1))
        ax.set_yticks(np.arange(4), [f"partner {k}-{i}" for i in range(4)])
        ax.set_title(f"chart {k}", loc="left")
        return ax

    return plots.PlotSpec("results", f"chart {k}", draw, cost=float(10 - k))


@pytest.mark.skipif(sys.platform != "linux", reason="forked drawing workers are Linux-only")
def test_the_caller_draws_the_plots_no_worker_has_started(monkeypatch):
    specs = [_bar_spec(k) for k in range(8)]
    alone = [plots._render_one(spec, strict=True).png for spec in specs]  # one by one, here
    monkeypatch.setattr(plots, "_workers", lambda n: 1)  # one worker besides the caller
    here = []
    real = plots._render_one

    def counted(spec, *, strict):
        here.append(spec.title)  # (counts the caller's plots only: a worker has its own copy)
        return real(spec, strict=strict)

    monkeypatch.setattr(plots, "_render_one", counted)
    drawing = plots._Drawing(specs, strict=True, progress=None)
    assert drawing._pool is not None
    done = drawing.result()
    assert [p.title for p in done] == [s.title for s in specs]  # in the specs' order
    assert [p.png for p in done] == alone  # the same pictures, wherever drawn
    # the caller took the cheapest plots (the last of the cost order) and the worker the rest
    assert 0 < len(here) < 8
    assert set(here) == {f"chart {k}" for k in range(8 - len(here), 8)}
    assert not plots._FORK_SPECS


@pytest.mark.skipif(sys.platform != "linux", reason="forked drawing workers are Linux-only")
def test_a_failing_plot_drawn_by_the_caller_raises_when_strict(monkeypatch):
    def broken():
        raise RuntimeError("broken chart")

    specs = [_bar_spec(k) for k in range(7)] + [plots.PlotSpec("results", "x", broken, cost=0.1)]
    monkeypatch.setattr(plots, "_workers", lambda n: 1)
    drawing = plots._Drawing(specs, strict=True, progress=None)
    with pytest.raises(RuntimeError, match="broken chart"):
        drawing.result()
    assert drawing._pool is None
    assert not plots._FORK_SPECS
    lenient = plots._Drawing(specs, strict=False, progress=None).result()
    assert lenient[-1].error.startswith("RuntimeError")
    assert not lenient[-1].png
    assert all(p.png.startswith(b"\x89PNG") for p in lenient[:-1])


@pytest.mark.skipif(sys.platform != "linux", reason="forked drawing workers are Linux-only")
def test_plots_of_a_worker_that_dies_are_drawn_by_the_caller(monkeypatch, recwarn):
    import os

    parent = os.getpid()
    specs = [_bar_spec(k) for k in range(8)]
    plain = specs[0].draw

    def dies_in_a_worker():
        if os.getpid() != parent:
            os._exit(1)  # the worker is killed (out of memory, say) mid-plot
        return plain()

    specs[0] = plots.PlotSpec("results", "chart 0", dies_in_a_worker, cost=10.0)
    monkeypatch.setattr(plots, "_workers", lambda n: 1)
    done = plots._Drawing(specs, strict=True, progress=None).result()
    assert [p.title for p in done] == [s.title for s in specs]
    assert all(p.png.startswith(b"\x89PNG") for p in done)
    assert not plots._FORK_SPECS


@pytest.mark.skipif(sys.platform != "linux", reason="forked drawing workers are Linux-only")
def test_the_caller_keeps_what_its_workers_learned(monkeypatch):
    from partnerselect.report import _glyphs

    if not (_glyphs.SUPPORTED and _glyphs.SIZES_SUPPORTED):
        pytest.skip("this matplotlib draws text without the glyph path")
    _glyphs.clear_glyph_cache()
    specs = [_bar_spec(k) for k in range(8)]
    monkeypatch.setattr(plots, "_workers", lambda n: 1)
    here = []
    real = plots._render_one

    def counted(spec, *, strict):
        here.append(spec.title)
        return real(spec, strict=strict)

    monkeypatch.setattr(plots, "_render_one", counted)
    plots._Drawing(specs, strict=True, progress=None).result()
    by_worker = {f"chart {k}" for k in range(8)} - set(here)
    assert by_worker
    measured = {key[0] for key in _glyphs._sizes}
    for title in by_worker:  # texts only the worker drew are now known here too
        assert title in measured
        assert f"partner {title.split()[1]}-0" in measured
    assert _glyphs._cache
    assert _glyphs.learned() == []  # the caller itself records nothing


def test_smaa_caption_says_what_was_drawn():
    from types import SimpleNamespace

    caption = plots._smaa_caption
    fixed = caption(SimpleNamespace(sampler="dirichlet", sample_data=False))
    assert fixed == (
        "Share of random weight vectors (uniform over all weightings) giving each rank."
    )
    joint = caption(SimpleNamespace(sampler="dirichlet", sample_data=True))
    assert "joint draws" in joint
    assert "criteria values" in joint
    assert "stated order" in caption(SimpleNamespace(sampler="ordinal", sample_data=False))
    assert "weight constraints" in caption(SimpleNamespace(sampler="hit-and-run"))
