"""One consistent, colour-blind-safe look for every partnerselect plot.

Colours come from the Okabe-Ito palette (Okabe & Ito 2008), which stays distinguishable
under the common colour-vision deficiencies; heatmaps use ``cividis`` (sequential,
perceptually uniform and colour-blind safe; Nuñez et al. 2018) or ``PuOr`` (diverging).
The style is applied through :func:`plot_style`, a context manager around
``matplotlib.rc_context``: global ``rcParams`` are never changed permanently.

Matplotlib is imported inside the functions, so importing this module (and
``partnerselect``) stays cheap.

References
----------
Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and
presentations that are friendly to colorblind people. https://jfly.uni-koeln.de/color/

Nuñez, J. R., Anderton, C. R. & Renslow, R. S. (2018). Optimizing colormaps with
consideration for color vision deficiency to enable accurate interpretation of scientific
data. PLOS ONE 13(7), e0199239.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import numpy as np

from partnerselect.errors import ParameterError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "BAD",
    "DIVERGING",
    "GOOD",
    "HIGHLIGHT",
    "LINE_COLOURS",
    "MAX_LABEL",
    "NEUTRAL",
    "OKABE_ITO",
    "SEQUENTIAL",
    "label_fontsize",
    "new_axes",
    "plot_style",
    "styled",
    "titled",
    "truncate",
]

#: Okabe-Ito colours, ordered so that neighbouring series contrast well on white
#: (blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#000000",
    "#F0E442",
)
#: Colours for lines and small markers: Okabe-Ito without its yellow (too pale on white),
#: a dark grey as the eighth.
LINE_COLOURS: tuple[str, ...] = (*OKABE_ITO[:7], "#5A5A5A")
GOOD = "#0072B2"  # favourable (blue)
BAD = "#D55E00"  # unfavourable (vermillion)
HIGHLIGHT = "#E69F00"  # the thing to look at (orange)
NEUTRAL = "#9A9A9A"  # context (grey)
SEQUENTIAL = "cividis"
PROBABILITY = "Blues"  # single-hue sequential: light = unlikely, dark = likely
DIVERGING = "PuOr"

#: Partner and criterion names longer than this are truncated with an ellipsis.
MAX_LABEL = 28

_RC: dict[str, Any] = {
    "axes.prop_cycle": None,  # filled lazily (needs matplotlib's cycler)
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.titlesize": 11,
    # Titles sit at the top of the Axes (no tick labels go there): a fixed position spares
    # measuring every tick label on each draw to decide whether to lift the title.
    "axes.titley": 1.0,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "font.size": 9.5,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "image.cmap": SEQUENTIAL,
    "text.usetex": False,
}

P = ParamSpec("P")
R = TypeVar("R")


@contextlib.contextmanager
def plot_style() -> Iterator[None]:
    """Apply the partnerselect style inside a ``with`` block, restoring rcParams after.

    Examples
    --------
    >>> import matplotlib
    >>> before = matplotlib.rcParams["axes.spines.top"]
    >>> with plot_style():
    ...     matplotlib.rcParams["axes.spines.top"]
    False
    >>> matplotlib.rcParams["axes.spines.top"] == before
    True
    """
    import matplotlib as mpl
    from cycler import cycler

    rc: Any = dict(_RC)
    rc["axes.prop_cycle"] = cycler(color=list(OKABE_ITO))
    with mpl.rc_context(rc):
        yield


def styled(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run a plotting function inside :func:`plot_style`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with plot_style():
            return func(*args, **kwargs)

    return wrapper


def truncate(label: object, width: int = MAX_LABEL) -> str:
    """Shorten ``label`` to ``width`` characters with an ellipsis; escape mathtext ``$``.

    Control characters (an ANSI escape in a vendor name) become spaces: no font draws them.

    Examples
    --------
    >>> truncate("Müller & Söhne <Data> Engineering Consultants GmbH")
    'Müller & Söhne <Data> Engin…'
    >>> truncate("Cash $ Co")
    'Cash \\\\$ Co'
    >>> truncate("Evil\\x1b[2J Ltd")
    'Evil [2J Ltd'
    """
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(label)).split())
    if len(text) > width:
        text = text[: width - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def names_for(problem: Any, ids: Iterable[Any]) -> list[str]:
    """Display names (truncated) of partner ``ids``, from ``problem.names`` when known."""
    names = getattr(problem, "names", None)
    out = []
    for pid in ids:
        name = pid
        if names is not None and pid in names.index:
            name = names.loc[pid]
        out.append(truncate(name))
    return out


def row_height_figure(
    n_rows: int, *, width: float = 7.5, per_row: float = 0.27
) -> tuple[float, float]:
    """Figure size for a chart with ``n_rows`` labelled rows (grows with the rows)."""
    return (width, float(np.clip(1.3 + per_row * n_rows, 2.6, 24.0)))


def new_axes(
    ax: Axes | None,
    *,
    figsize: tuple[float, float] = (7.5, 4.5),
    polar: bool = False,
) -> Axes:
    """``ax`` itself, or the Axes of a new constrained-layout figure of ``figsize``."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            msg = f"The 'ax' parameter must be a matplotlib Axes or None. Got {type(ax).__name__} instead."
            raise ParameterError(msg, value=type(ax).__name__)
        if polar and getattr(ax, "name", "") != "polar":
            msg = (
                "This plot needs a polar Axes: create it with "
                "fig.add_subplot(projection='polar') or pass ax=None."
            )
            raise ParameterError(msg, value=getattr(ax, "name", ""))
        return ax
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=figsize, layout="constrained")
    return fig.add_subplot(projection="polar" if polar else None)


def label_fontsize(ax: Axes, n_labels: int, *, axis: str = "y") -> float:
    """A tick-label font size (points) that lets ``n_labels`` fit along ``axis`` of ``ax``."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    pos = ax.get_position()
    length_in = pos.height * fig.get_figheight() if axis == "y" else pos.width * fig.get_figwidth()
    if n_labels <= 0:
        return 9.0
    return float(np.clip(0.75 * length_in * 72.0 / n_labels, 5.0, 9.0))


def titled(ax: Axes, title: str, note: str | None = None, *, pad: float = 0.0) -> None:
    """A left-aligned bold title with an optional small grey note under it, both wrapped
    to the width of the Axes.

    Both are shown as given: names in them must already pass through :func:`truncate`.
    """
    import textwrap

    fig = ax.get_figure(root=True)
    assert fig is not None
    # The layout engine may still shrink the Axes for tick labels: keep a safety margin.
    width_pt = max(0.8 * ax.get_position().width * fig.get_figwidth() * 72.0, 200.0)
    title_lines = textwrap.wrap(title, width=int(width_pt / (11 * 0.62))) or [""]
    lines = textwrap.wrap(note, width=int(width_pt / (8 * 0.52))) if note else []
    ax.set_title("\n".join(title_lines), loc="left", pad=pad + 6 + 11 * len(lines))
    if lines:
        ax.annotate(
            "\n".join(lines),
            xy=(0.0, 1.0),
            xycoords="axes fraction",
            xytext=(0, 4 + pad),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=8,
            color="#555555",
            annotation_clip=False,
        )


def decimals_for(values: np.ndarray) -> int:
    """Decimals to print scores of this magnitude with three significant figures."""
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 1.0
    if top == 0:
        return 3
    return int(np.clip(3 - np.ceil(np.log10(top)), 0, 6))
