"""The plots a report shows, drawn through the results' ``.plot`` accessors.

Shared by the HTML report (SVG data URIs) and the Markdown report (PNG files): the list of
plots, their sections and captions live here once.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from partnerselect.pipeline import Evaluation

__all__ = ["PlotSpec", "plot_specs", "render_plots"]

logger = logging.getLogger("partnerselect.report")


@dataclasses.dataclass(frozen=True)
class PlotSpec:
    """One plot of the report: where it goes, its title, and how to draw it."""

    section: str
    title: str
    draw: Callable[[], Axes]
    caption: str = ""


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


def plot_specs(ev: Evaluation) -> list[PlotSpec]:
    """The plots each section shows, drawn through the results' ``.plot`` accessors."""
    from partnerselect.plot.accessor import EvidencePlot

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
            lambda: EvidencePlot(ev.criteria.evaluators).spread(names=names),
            "Each evaluator's rating (dots) and the panel value; flagged rows exceed the tolerance.",
        ),
        (
            "smaa" in an,
            "sensitivity",
            "SMAA rank acceptability",
            lambda: an["smaa"].plot(),
            "Share of random weight vectors (uniform over all weightings) giving each rank.",
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
    specs = [PlotSpec(sec, title, draw, cap) for ok, sec, title, draw, cap in wanted if ok]

    def forest(metric: Any) -> Callable[[], Axes]:
        return lambda: EvidencePlot(metric).forest(names=names)

    for name, metric in ev.criteria.metrics.items():
        specs.append(
            PlotSpec(
                "data",
                f"Track record: {name}",
                forest(metric),
                "Estimate and interval per partner; open markers: too few projects.",
            )
        )
    return specs


def _first_figure(drawn: Any) -> Figure:
    import numpy as np

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
