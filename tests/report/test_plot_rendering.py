"""Report figures drawn in one pass: same layout as constrained layout, nothing cut off."""

from __future__ import annotations

import io

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
