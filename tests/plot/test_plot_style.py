"""The shared style: palette, rcParams restored, labels, lazy matplotlib import."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from partnerselect.errors import ParameterError
from partnerselect.plot._style import OKABE_ITO, new_axes, plot_style, titled, truncate


def test_import_partnerselect_does_not_import_matplotlib() -> None:
    code = (
        "import sys, partnerselect, partnerselect.plot, partnerselect.plot.accessor; "
        "print('matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_plot_style_sets_okabe_ito_cycle_and_restores_rcparams() -> None:
    before = dict(matplotlib.rcParams)
    with plot_style():
        cycle = [to_hex(c["color"]).upper() for c in matplotlib.rcParams["axes.prop_cycle"]]
        assert cycle == [c.upper() for c in OKABE_ITO]
        assert matplotlib.rcParams["axes.spines.top"] is False
    after = dict(matplotlib.rcParams)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}


def test_okabe_ito_is_the_published_palette() -> None:
    # Okabe & Ito (2008): orange, sky blue, bluish green, yellow, blue, vermillion,
    # reddish purple, black.
    published = {
        "#E69F00",
        "#56B4E9",
        "#009E73",
        "#F0E442",
        "#0072B2",
        "#D55E00",
        "#CC79A7",
        "#000000",
    }
    assert set(OKABE_ITO) == published


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Short & <sweet>", "Short & <sweet>"),
        ("x" * 28, "x" * 28),
        ("x" * 29, "x" * 27 + "…"),
        ("Łódź   Analityka\nSp.", "Łódź Analityka Sp."),
        ("Cash $ Flow", r"Cash \$ Flow"),
    ],
)
def test_truncate(label: str, expected: str) -> None:
    assert truncate(label) == expected


def test_new_axes_rejects_non_axes_and_non_polar() -> None:
    with pytest.raises(ParameterError, match="matplotlib Axes"):
        new_axes("not an axes")  # type: ignore[arg-type]
    _, ax = plt.subplots()
    with pytest.raises(ParameterError, match="polar"):
        new_axes(ax, polar=True)
    assert new_axes(ax) is ax


def test_titled_wraps_long_notes_inside_the_figure() -> None:
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    titled(ax, "Title", "word " * 60)
    note = ax.texts[0] if ax.texts else None
    assert note is not None
    assert note.get_text().count("\n") >= 2
    fig.canvas.draw()
    box = note.get_window_extent()
    assert box.x1 <= fig.bbox.x1 + 1
