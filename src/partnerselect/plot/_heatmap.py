"""A labelled, annotated heatmap shared by the probability, weight and correlation plots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from partnerselect.plot._style import label_fontsize

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_heatmap", "heatmap_figsize"]


def heatmap_figsize(n_rows: int, n_cols: int) -> tuple[float, float]:
    """A figure size that gives every cell room (and the row labels a column)."""
    # at most 10.3 in: the width of a report page at the report's resolution (wider
    # figures are scaled down there, their text with them)
    width = float(np.clip(3.6 + 0.42 * n_cols, 5.5, 10.3))
    height = float(np.clip(1.6 + 0.3 * n_rows, 2.8, 22.0))
    return width, height


def draw_heatmap(
    ax: Axes,
    values: np.ndarray,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    *,
    cmap: str,
    vmin: float,
    vmax: float,
    fmt: str = "{:.0%}",
    annotate: bool | None = None,
    cbar_label: str = "",
) -> None:
    """Draw ``values`` (rows x cols, NaN shown blank) on ``ax`` with labels and a colour bar.

    Cells are annotated with ``fmt`` when ``annotate`` is True (default: when the grid is
    small enough to read, at most 15 x 15); text is white on dark cells, black on light.
    """
    import matplotlib as mpl

    data = np.asarray(values, dtype=float)
    n_rows, n_cols = data.shape
    masked = np.ma.masked_invalid(data)
    colormap = mpl.colormaps[cmap].with_extremes(bad="#F2F2F2")
    im = ax.imshow(
        masked, cmap=colormap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest"
    )
    ax.set_xticks(np.arange(n_cols))
    ax.set_yticks(np.arange(n_rows))
    ax.set_xticklabels(list(col_labels), fontsize=label_fontsize(ax, n_cols, axis="x"))
    ax.set_yticklabels(list(row_labels), fontsize=label_fontsize(ax, n_rows))
    longest = max((len(c) for c in col_labels), default=0)
    if (n_cols > 6 and longest > 3) or (n_cols > 3 and longest > 8):
        ax.tick_params(axis="x", labelrotation=45)
        for lab in ax.get_xticklabels():
            lab.set_horizontalalignment("right")
            lab.set_rotation_mode("anchor")
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    if annotate is None:
        annotate = n_rows <= 15 and n_cols <= 15
    if annotate:
        fs = float(np.clip(9.5 - 0.25 * max(n_rows, n_cols), 6.5, 9.0))
        for i in range(n_rows):
            for j in range(n_cols):
                v = data[i, j]
                if not np.isfinite(v):
                    continue
                rgba = colormap((v - vmin) / (vmax - vmin) if vmax > vmin else 0.5)
                lum = 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]
                ax.text(
                    j,
                    i,
                    fmt.format(v),
                    ha="center",
                    va="center",
                    fontsize=fs,
                    color="black" if lum > 0.5 else "white",
                )
    fig = ax.get_figure(root=True)
    assert fig is not None
    # The colour bar is an inset of the heatmap's Axes (not a second Axes of the figure):
    # it moves with the heatmap, and a figure of one Axes is laid out in one measurement.
    shrink = 0.9 if n_rows > 4 else 1.0
    cax = ax.inset_axes((1.02, (1 - shrink) / 2, 0.035, shrink))
    cbar = fig.colorbar(im, cax=cax)
    cbar.set_label(cbar_label)
    cbar.outline.set_visible(False)
