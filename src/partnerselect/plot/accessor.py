"""``.plot`` accessors: thin objects that delegate to the plotting functions.

Like xarray's ``DataArray.plot``, calling the accessor draws the default plot and its
methods draw the others::

    ranking.plot()                  # bars with margins
    ranking.plot.contributions()    # why #1 beats #2
    problem.plot.radar(["p1", "p2"])
    smaa.plot()                     # rank acceptability
    comparison.plot.correlation("spearman")

Every method takes ``ax=None`` and returns the matplotlib Axes it drew on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnerselect.errors import ParameterError, PlotUnavailableError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ComparisonPlot", "EvidencePlot", "ProblemPlot", "RankingPlot", "SensitivityPlot"]


class _Accessor:
    _default = ""

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __repr__(self) -> str:
        names = [n for n in dir(type(self)) if not n.startswith("_")]
        return (
            f"<{type(self).__name__} of {type(self._obj).__name__}: call it for "
            f"{self._default}, or use .{', .'.join(names)}>"
        )


class ProblemPlot(_Accessor):
    """Plots of a :class:`~partnerselect.Problem`; calling it draws :meth:`radar`."""

    _default = "radar profiles"

    def __call__(self, *args: Any, **kwargs: Any) -> Axes:
        return self.radar(*args, **kwargs)

    def radar(self, partners: Any = None, *, top: int = 3, ax: Axes | None = None) -> Axes:
        """Radar profiles (see :func:`partnerselect.plot.radar`)."""
        from partnerselect.plot.profile import radar

        return radar(self._obj, partners, top=top, ax=ax)


class RankingPlot(_Accessor):
    """Plots of a :class:`~partnerselect.Ranking`; calling it draws :meth:`bars`."""

    _default = "ranking bars with margins"

    def __call__(self, **kwargs: Any) -> Axes:
        return self.bars(**kwargs)

    def bars(self, *, top: int | None = None, margins: bool = True, ax: Axes | None = None) -> Axes:
        """Score bars with the lead over the next partner (see :func:`~partnerselect.plot.ranking_bars`)."""
        from partnerselect.plot.ranking import ranking_bars

        return ranking_bars(self._obj, top=top, margins=margins, ax=ax)

    def contributions(self, a: Any = None, b: Any = None, *, ax: Axes | None = None) -> Axes:
        """Why ``a`` beats ``b`` per criterion (see :func:`~partnerselect.plot.contributions`)."""
        from partnerselect.plot.ranking import contributions

        return contributions(self._obj, a, b, ax=ax)

    def radar(self, partners: Any = None, *, top: int = 3, ax: Axes | None = None) -> Axes:
        """Radar profiles of the best ``top`` (see :func:`~partnerselect.plot.radar`)."""
        from partnerselect.plot.profile import radar

        return radar(self._obj, partners, top=top, ax=ax)

    def value_for_money(
        self, price: Any = None, *, risk: Any = None, benefit: Any = "auto", ax: Axes | None = None
    ) -> Axes:
        """Benefit vs price with the Pareto frontier (see :func:`~partnerselect.plot.value_for_money`)."""
        from partnerselect.plot.profile import value_for_money

        return value_for_money(self._obj, price, risk=risk, benefit=benefit, ax=ax)

    def gaia(self, *, labels: int | None = 10, ax: Axes | None = None) -> Axes:
        """GAIA plane of a PROMETHEE ranking (see :func:`~partnerselect.plot.gaia`)."""
        from partnerselect.plot.promethee import gaia

        return gaia(self._obj, labels=labels, ax=ax)


class ComparisonPlot(_Accessor):
    """Plots of a :class:`~partnerselect.Comparison`; calling it draws :meth:`correlation`."""

    _default = "the rank-correlation heatmap"

    def __call__(self, *args: Any, **kwargs: Any) -> Axes:
        return self.correlation(*args, **kwargs)

    def correlation(self, kind: str = "spearman", *, ax: Axes | None = None) -> Axes:
        """Method x method rank correlations (see :func:`~partnerselect.plot.rank_correlation`)."""
        from partnerselect.plot.compare import rank_correlation

        return rank_correlation(self._obj, kind, ax=ax)

    def ranks(self, *, top: int | None = 10, ax: Axes | None = None) -> Axes:
        """Rank of each partner under each method (see :func:`~partnerselect.plot.rank_lines`)."""
        from partnerselect.plot.compare import rank_lines

        return rank_lines(self._obj, top=top, ax=ax)


def _sensitivity_kind(obj: Any) -> str:
    """Which sensitivity result ``obj`` is, from its type (never from the attributes it has)."""
    from partnerselect.sensitivity.critical import CriticalWeights
    from partnerselect.sensitivity.data import DataUncertaintyResult
    from partnerselect.sensitivity.smaa import SMAAResult
    from partnerselect.sensitivity.stability import StabilityIntervals
    from partnerselect.sensitivity.sweep import Tornado, WeightSweep

    kinds: tuple[tuple[type, str], ...] = (
        (WeightSweep, "sweep"),
        (Tornado, "tornado"),
        (SMAAResult, "smaa"),
        (DataUncertaintyResult, "data"),
        (StabilityIntervals, "stability"),
        (CriticalWeights, "critical"),
    )
    for cls, kind in kinds:
        if isinstance(obj, cls):
            return kind
    return "other"


class SensitivityPlot(_Accessor):
    """Plots of a sensitivity result; calling it draws the plot that suits the result.

    ============================  =================================
    result                        default plot
    ============================  =================================
    WeightSweep                   :meth:`sweep`
    Tornado                       :meth:`tornado`
    SMAAResult                    :meth:`acceptability`
    DataUncertaintyResult         :meth:`rank_probability`
    StabilityIntervals            :meth:`stability`
    CriticalWeights               :meth:`critical`
    ============================  =================================
    """

    _default = "the plot that suits the result"

    def __init__(self, obj: Any) -> None:
        if _sensitivity_kind(obj) == "other":
            msg = (
                f"There is no plot for a {type(obj).__name__}; use its to_frame() table. "
                "Plots exist for weight sweeps, tornado, SMAA, data uncertainty, stability "
                "intervals and critical weights."
            )
            raise PlotUnavailableError(msg, value=type(obj).__name__)
        super().__init__(obj)

    def __call__(self, *args: Any, **kwargs: Any) -> Axes:
        kind = _sensitivity_kind(self._obj)
        draw = {
            "sweep": self.sweep,
            "tornado": self.tornado,
            "smaa": self.acceptability,
            "data": self.rank_probability,
            "stability": self.stability,
            "critical": self.critical,
        }.get(kind)
        if draw is None:
            msg = (
                f"There is no plot for a {type(self._obj).__name__}; use its to_frame() table. "
                "Plots exist for weight sweeps, tornado, SMAA, data uncertainty, stability "
                "intervals and critical weights."
            )
            raise ParameterError(msg, value=type(self._obj).__name__)
        return draw(*args, **kwargs)

    def _need(self, kind: str, *kinds: str) -> None:
        have = _sensitivity_kind(self._obj)
        if have not in (kind, *kinds):
            msg = (
                f"This plot needs a {' or '.join((kind, *kinds))} result; got "
                f"{type(self._obj).__name__}. Call .plot() for the plot that suits it."
            )
            raise ParameterError(msg, value=type(self._obj).__name__)

    def sweep(
        self, criterion: str | None = None, *, highlight: int = 6, ax: Axes | None = None
    ) -> Axes:
        """Score lines along a weight sweep (see :func:`~partnerselect.plot.weight_sweep`)."""
        from partnerselect.plot.sensitivity import weight_sweep

        self._need("sweep")
        return weight_sweep(self._obj, criterion, highlight=highlight, ax=ax)

    def tornado(self, *, ax: Axes | None = None) -> Axes:
        """Tornado diagram (see :func:`~partnerselect.plot.tornado`)."""
        from partnerselect.plot.sensitivity import tornado

        if _sensitivity_kind(self._obj) == "sweep":
            return tornado(self._obj.tornado(), ax=ax)
        self._need("tornado")
        return tornado(self._obj, ax=ax)

    def acceptability(self, *, top: int | None = None, ax: Axes | None = None) -> Axes:
        """Rank-acceptability stacked bars (see :func:`~partnerselect.plot.acceptability`)."""
        from partnerselect.plot.probability import acceptability

        self._need("smaa", "data")
        return acceptability(self._obj, top=top, ax=ax)

    def rank_probability(self, *, top: int | None = None, ax: Axes | None = None) -> Axes:
        """Partner x rank probability heatmap (see :func:`~partnerselect.plot.rank_probability`)."""
        from partnerselect.plot.probability import rank_probability

        self._need("smaa", "data")
        return rank_probability(self._obj, top=top, ax=ax)

    def central_weights(
        self, *, kind: Any = "heatmap", top: int | None = None, ax: Axes | None = None
    ) -> Axes:
        """SMAA central weights (see :func:`~partnerselect.plot.central_weights`)."""
        from partnerselect.plot.probability import central_weights

        self._need("smaa")
        return central_weights(self._obj, kind=kind, top=top, ax=ax)

    def stability(self, *, ax: Axes | None = None) -> Axes:
        """Weight stability intervals (see :func:`~partnerselect.plot.stability`)."""
        from partnerselect.plot.sensitivity import stability

        self._need("stability")
        return stability(self._obj, ax=ax)

    def critical(self, *, ax: Axes | None = None) -> Axes:
        """Critical weight changes (see :func:`~partnerselect.plot.critical`)."""
        from partnerselect.plot.sensitivity import critical

        self._need("critical")
        return critical(self._obj, ax=ax)


class EvidencePlot(_Accessor):
    """Plots of evidence: a track-record MetricResult (forest) or EvaluatorResult (spread)."""

    _default = "the forest plot or the evaluator spread"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from partnerselect.trackrecord.result import MetricResult

        if isinstance(self._obj, MetricResult):
            return self.forest(*args, **kwargs)
        return self.spread(*args, **kwargs)

    def forest(self, *, names: Any = None, order: str = "value", ax: Axes | None = None) -> Axes:
        """Estimate and interval per partner (see :func:`~partnerselect.plot.forest`)."""
        from partnerselect.plot.evidence import forest

        return forest(self._obj, names=names, order=order, ax=ax)

    def spread(
        self,
        criterion: str | None = None,
        *,
        names: Any = None,
        tolerance: float | None = None,
        ax: Axes | None = None,
    ) -> Any:
        """Each evaluator's rating per partner (see :func:`~partnerselect.plot.evaluator_spread`)."""
        from partnerselect.plot.evidence import evaluator_spread

        return evaluator_spread(self._obj, criterion, names=names, tolerance=tolerance, ax=ax)
