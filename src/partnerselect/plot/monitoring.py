"""Monitoring plots: a control chart per partner and KPI, and the scorecard heat map.

Both take a :class:`~partnerselect.monitoring.Monitoring` result and draw from its frames
only (``scorecard``, ``alerts``, ``limits``); nothing is recomputed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from partnerselect.errors import ParameterError
from partnerselect.plot._style import BAD, GOOD, HIGHLIGHT, NEUTRAL, new_axes, styled, truncate

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from partnerselect.monitoring.result import Monitoring

__all__ = ["control_chart", "scorecard_heatmap"]


#: Status colours: Okabe-Ito bluish green, orange and vermillion (colour-blind safe), each
#: also written in the cell so colour is never the only cue.
STATUS_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}


@styled
def control_chart(m: Monitoring, partner: Any, kpi: str, *, ax: Axes | None = None) -> Axes:
    """Values of one partner's KPI over time with target, baseline limits and alerts.

    Draws the observed values, the target (solid) and amber edge (dashed), the partner's
    baseline level with its +-3 sigma individuals-chart limits (dotted, shaded baseline
    window), and marks breach (x), drift (triangle) and missing periods (grey bar).

    Parameters
    ----------
    m : Monitoring
    partner, kpi : str
        Which series.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    sc = m.scorecard
    rows = sc[(sc["partner_id"] == partner) & (sc["kpi"] == kpi)]
    if rows.empty:
        pairs = sorted({f"{p}/{k}" for p, k in zip(sc["partner_id"], sc["kpi"], strict=True)})
        msg = f"No observations for partner {partner!r} and KPI {kpi!r}. Known: {', '.join(pairs)}."
        raise ParameterError(msg, value=(partner, kpi))
    spec = m.config.kpi(kpi)
    periods = list(m.periods)
    x_of = {p: i for i, p in enumerate(periods)}
    ax = new_axes(ax, figsize=(8.0, 4.0))
    x = rows["period"].map(x_of).to_numpy()
    ax.plot(x, rows["value"], marker="o", color=GOOD, lw=1.6, label="value", zorder=3)
    ax.axhline(spec.target, color="black", lw=1.2, label=f"target {spec.target:g}")
    if spec.warning is not None:
        ax.axhline(
            spec.warning, color=HIGHLIGHT, lw=1.1, ls="--", label=f"amber edge {spec.warning:g}"
        )
    lim = m.limits[(m.limits["partner_id"] == partner) & (m.limits["kpi"] == kpi)].iloc[0]
    if np.isfinite(lim["baseline"]):
        ax.axhline(lim["baseline"], color=NEUTRAL, lw=1.0, ls=":", label="baseline level")
        if np.isfinite(lim["sigma"]):
            for side in (-3, 3):
                ax.axhline(
                    lim["baseline"] + side * lim["sigma"],
                    color=NEUTRAL,
                    lw=0.9,
                    ls="-.",
                    label="baseline +-3 sd" if side == 3 else None,
                )
        start = x_of.get(lim["monitored_from"], len(periods))
        first = x.min() if x.size else 0
        ax.axvspan(
            first - 0.4, start - 0.5, color=NEUTRAL, alpha=0.12, lw=0, label="baseline window"
        )
    al = m.alerts[(m.alerts["partner_id"] == partner) & (m.alerts["kpi"] == kpi)]
    marks = {"breach": ("X", BAD, 110), "drift": ("v", HIGHLIGHT, 95)}
    for kind, (marker, colour, size) in marks.items():
        sub = al[al["kind"] == kind]
        if not sub.empty:
            ax.scatter(
                sub["period"].map(x_of),
                sub["value"],
                marker=marker,
                s=size,
                color=colour,
                zorder=4,
                label=kind,
                edgecolor="black",
                linewidth=0.6,
            )
    missing = al[al["kind"] == "missing"]
    for p in missing["period"]:
        ax.axvspan(x_of[p] - 0.4, x_of[p] + 0.4, color=NEUTRAL, alpha=0.35, lw=0)
    if not missing.empty:
        ax.plot([], [], color=NEUTRAL, alpha=0.5, lw=6, label="missing")
    shown = [*rows["value"], spec.target] + ([spec.warning] if spec.warning is not None else [])
    low, high = float(np.nanmin(shown)), float(np.nanmax(shown))
    pad = 0.12 * (high - low or abs(high) or 1.0)
    ax.set_ylim(low - pad, high + pad)
    step = max(1, len(periods) // 12)
    ax.set_xticks(range(0, len(periods), step))
    ax.set_xticklabels(periods[::step], rotation=45, ha="right")
    ax.set_xlim(-0.6, len(periods) - 0.4)
    unit = f" ({spec.unit})" if spec.unit else ""
    ax.set_ylabel(truncate(f"{kpi}{unit}", 40))
    better = "higher" if spec.direction == "max" else "lower"
    ax.set_title(f"{truncate(partner)}: {truncate(kpi)} ({better} is better)")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
    return ax


@styled
def scorecard_heatmap(m: Monitoring, *, ax: Axes | None = None) -> Axes:
    """Latest status of each partner (rows) on each KPI (columns), value written in the cell.

    Parameters
    ----------
    m : Monitoring
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes
    """
    from matplotlib.colors import ListedColormap

    latest = m.latest()
    partners = sorted(str(p) for p in latest["partner_id"].unique())
    kpis = [k.name for k in m.config.kpis if k.name in set(latest["kpi"])]
    code = {"green": 0, "amber": 1, "red": 2}
    grid = np.full((len(partners), len(kpis)), np.nan)
    text = [["" for _ in kpis] for _ in partners]
    for r in latest.itertuples(index=False):
        i, j = partners.index(str(r.partner_id)), kpis.index(str(r.kpi))
        grid[i, j] = code[str(r.status)]
        text[i][j] = f"{r.value:.3g}\n{r.status}\n{r.period}"
    ax = new_axes(ax, figsize=(1.9 + 1.7 * len(kpis), 1.2 + 0.75 * len(partners)))
    cmap = ListedColormap([STATUS_COLOURS[s] for s in ("green", "amber", "red")])
    ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=-0.5, vmax=2.5, aspect="auto")
    for i in range(len(partners)):
        for j in range(len(kpis)):
            ax.text(
                j,
                i,
                text[i][j],
                ha="center",
                va="center",
                fontsize=8,
                color="white" if grid[i, j] == 2 else "black",
            )
    ax.set_xticks(range(len(kpis)))
    ax.set_xticklabels([truncate(k, 18) for k in kpis], rotation=20, ha="right")
    ax.set_yticks(range(len(partners)))
    ax.set_yticklabels([truncate(p) for p in partners])
    for side in ("top", "right", "left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title("Latest KPI status (value, status, period)")
    return ax
