"""Stated against effective weights: paired bars per criterion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.plot._style import (
    BAD,
    GOOD,
    NEUTRAL,
    label_fontsize,
    new_axes,
    row_height_figure,
    styled,
    titled,
    truncate,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["stated_vs_effective"]


def _table(obj: Any) -> tuple[pd.DataFrame, str]:
    table = getattr(obj, "table", obj)
    if not isinstance(table, pd.DataFrame) or not {"stated", "effective"} <= set(table.columns):
        msg = (
            "stated_vs_effective() needs an EffectiveWeights result or a DataFrame with "
            f"'stated' and 'effective' columns. Got {type(obj).__name__} instead."
        )
        raise ParameterError(msg, value=type(obj).__name__)
    return table, str(getattr(obj, "method", ""))


@styled
def stated_vs_effective(effective: Any, *, ax: Axes | None = None) -> Axes:
    """Paired horizontal bars per criterion: the stated weight and the effective weight.

    Effective bars far below or above the stated one (outside the flag thresholds) are
    drawn in vermillion; the ratio is printed at the end of each pair.

    Parameters
    ----------
    effective : EffectiveWeights or pandas.DataFrame
        :func:`partnerselect.effective.effective_weight_table` result (or its table).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Two bar containers: ``ax.containers[0]`` stated, ``ax.containers[1]`` effective.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"stated": [0.6, 0.4], "effective": [0.9, 0.1], "flag": ["", "low"]},
    ...                  index=["price", "quality"])
    >>> ax = stated_vs_effective(t)
    >>> [round(float(b.get_width()), 1) for b in ax.containers[1]]
    [0.9, 0.1]
    """
    table, method = _table(effective)
    n = len(table)
    ax = new_axes(ax, figsize=row_height_figure(n, per_row=0.42))
    y = np.arange(n)
    h = 0.38
    stated = table["stated"].to_numpy(dtype=float)
    eff = table["effective"].to_numpy(dtype=float)
    flags = table["flag"].astype(str).to_numpy() if "flag" in table else np.full(n, "")
    colours = [BAD if f else GOOD for f in flags]
    ax.barh(y - h / 2, stated, height=h, color=NEUTRAL, label="stated")
    ax.barh(y + h / 2, eff, height=h, color=colours, label="effective")
    top = float(np.nanmax(np.concatenate([stated, eff]))) if n else 1.0
    for yi, s, e in zip(y, stated, eff, strict=True):
        text = f"×{e / s:.2f}" if s > 0 else "n/a"
        ax.annotate(
            text,
            xy=(max(s, e), yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color="#333333",
        )
    ax.set_yticks(y, [truncate(c) for c in table.index])
    ax.tick_params(axis="y", labelsize=label_fontsize(ax, n))
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.18 if top > 0 else 1)
    ax.set_xlabel("weight (share of the total)")
    from matplotlib.patches import Patch

    handles = [
        Patch(color=NEUTRAL, label="stated"),
        Patch(color=GOOD, label="effective"),
        Patch(color=BAD, label="effective, flagged"),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    note = (
        "Effective = mean score change when a partner moves from the worst to the best "
        "observed value of the criterion, as a share of the total"
        + (f" ({method})." if method else ".")
    )
    titled(ax, "Stated vs effective weights", note)
    return ax


class EffectiveWeightsPlot:
    """Plots of an :class:`~partnerselect.effective.EffectiveWeights`; calling it draws
    :meth:`bars` (stated vs effective weights)."""

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __repr__(self) -> str:
        return f"<EffectiveWeightsPlot of {type(self._obj).__name__}: call it for paired bars, or use .bars>"

    def __call__(self, **kwargs: Any) -> Axes:
        return self.bars(**kwargs)

    def bars(self, *, ax: Axes | None = None) -> Axes:
        """Paired bars per criterion (see :func:`stated_vs_effective`)."""
        return stated_vs_effective(self._obj, ax=ax)
