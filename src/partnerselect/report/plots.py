"""The plots a report shows, drawn through the results' ``.plot`` accessors.

Shared by the HTML report (PNG data URIs) and the Markdown report (PNG files): the list of
plots, their sections and captions live here once, and each figure is drawn ONCE per
evaluation (:func:`rendered_plots` keeps the PNG bytes for as long as the evaluation
lives), so writing the HTML and the Markdown report costs one rendering, not two.

Speed: the figures use matplotlib's constrained layout, so they are saved without
``bbox_inches="tight"`` (which draws every figure a second time to measure it), as PNG at
:data:`DPI` (one raster pass; SVG text layout costs as much again). On a machine with
several cores the figures are drawn in forked worker processes (:data:`MAX_WORKERS`).

To add a plot to the reports, add a :class:`PlotSpec` to :func:`plot_specs` (or to
:data:`EXTRA_PLOTS`, a list of ``callable(evaluation) -> list[PlotSpec]`` hooks).
"""

from __future__ import annotations

import base64
import dataclasses
import io
import logging
import os
import sys
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

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
]

#: Resolution of report figures (PNG): sharp on screen and on paper at the page width.
DPI = 110

#: Most worker processes used to draw a report's figures (1 draws in this process).
MAX_WORKERS = 4

#: Hooks adding plots to every report: ``callable(evaluation) -> list[PlotSpec]``.
EXTRA_PLOTS: list[Callable[[Evaluation], list[PlotSpec]]] = []

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
    from partnerselect.plot.accessor import EvaluatorPlot, MetricPlot

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
        return lambda: MetricPlot(metric).forest(names=names)

    for name, metric in ev.criteria.metrics.items():
        specs.append(
            PlotSpec(
                "data",
                f"Track record: {name}",
                forest(metric),
                "Estimate and interval per partner; open markers: too few projects.",
            )
        )
    for hook in EXTRA_PLOTS:
        specs.extend(hook(ev))
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
    """``fig`` as PNG bytes, drawn once (constrained layout; tight bbox only as fallback)."""
    buf = io.BytesIO()
    tight = fig.get_layout_engine() is None
    fig.savefig(
        buf,
        format="png",
        dpi=dpi,
        bbox_inches="tight" if tight else None,
        metadata={"Software": None},
    )
    return buf.getvalue()


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


#: The specs a forked worker draws (set in the parent just before the fork).
_FORK_SPECS: list[PlotSpec] = []


def _render_index(i: int) -> tuple[int, bytes, str]:
    import matplotlib.pyplot as plt

    if plt.get_backend().lower() != "agg":  # a forked worker never opens a GUI window
        plt.switch_backend("agg")
    done = _render_one(_FORK_SPECS[i], strict=False)
    return i, done.png, done.error


def _workers(n_specs: int) -> int:
    if sys.platform != "linux" or n_specs < 4:  # fork is safe and cheap on Linux only
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores, n_specs // 2))


def _render_all(
    specs: list[PlotSpec], *, strict: bool, progress: Callable[[], None] | None = None
) -> list[RenderedPlot]:
    n = _workers(len(specs))
    tick = progress or (lambda: None)
    if n > 1:
        try:
            return _render_forked(specs, n, strict=strict, tick=tick)
        except Exception as exc:  # a pool that cannot start: draw here instead
            logger.info("Drawing plots in this process (workers unavailable: %s)", exc)
    out = []
    for spec in specs:
        out.append(_render_one(spec, strict=strict))
        tick()
    return out


def _render_forked(
    specs: list[PlotSpec], n: int, *, strict: bool, tick: Callable[[], None]
) -> list[RenderedPlot]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    import matplotlib.pyplot  # noqa: F401  - imported once here, inherited by every worker

    global _FORK_SPECS
    _FORK_SPECS = specs
    results = []
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            for future in as_completed([pool.submit(_render_index, i) for i in range(len(specs))]):
                results.append(future.result())
                tick()
    finally:
        _FORK_SPECS = []
    out: list[RenderedPlot | None] = [None] * len(specs)
    for i, png, error in results:
        spec = specs[i]
        if error and strict:
            out[i] = _render_one(spec, strict=True)  # raises the real exception here
        else:
            out[i] = RenderedPlot(spec.section, spec.title, spec.caption, png=png, error=error)
    return [r for r in out if r is not None]


_CACHE: dict[int, tuple[list[PlotSpec], list[RenderedPlot]]] = {}


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
    specs = plot_specs(ev) if specs is None else list(specs)
    key = id(ev)
    cached = _CACHE.get(key)
    if cached is not None and [s.title for s in cached[0]] == [s.title for s in specs]:
        done = cached[1]
        if not any(r.error for r in done):
            return list(done)
    done = _render_all(specs, strict=strict, progress=progress)
    if key not in _CACHE:
        weakref.finalize(ev, _CACHE.pop, key, None)
    _CACHE[key] = (specs, done)
    return list(done)


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
