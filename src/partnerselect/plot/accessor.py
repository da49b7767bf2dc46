"""``.plot`` accessors: thin objects that delegate to the plotting functions.

Like xarray's ``DataArray.plot``, calling the accessor draws the default plot and its
methods draw the others::

    ranking.plot()                  # bars with margins
    ranking.plot.contributions()    # why #1 beats #2
    problem.plot.radar(["p1", "p2"])
    smaa.plot()                     # rank acceptability
    comparison.plot.correlation("spearman")

Each result type has its own accessor class offering only the plots that suit it
(``ProblemPlot``, ``RankingPlot``, ``ComparisonPlot``, ``WeightSweepPlot``,
``TornadoPlot``, ``SMAAPlot``, ``DataUncertaintyPlot``, ``StabilityPlot``,
``CriticalWeightsPlot``, ``MetricPlot``, ``EvaluatorPlot``); the accessor is chosen by the
result's class, never by probing the attributes a result has. Results that cannot plot
(rank-reversal results, verdicts) have no ``.plot``.

Every method takes ``ax=None`` and returns the matplotlib Axes it drew on.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from partnerselect.errors import PlotUnavailableError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "ComparisonPlot",
    "CriticalWeightsPlot",
    "DataUncertaintyPlot",
    "EvaluatorPlot",
    "EvidencePlot",
    "MetricPlot",
    "ProblemPlot",
    "RankingPlot",
    "SMAAPlot",
    "SensitivityPlot",
    "StabilityPlot",
    "TornadoPlot",
    "WeightSweepPlot",
]


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
    """Plots of a :class:`~partnerselect.Problem`; calling it draws :meth:`radar`.

    Parameters
    ----------
    obj : Problem
        The problem to draw.
    """

    _default = "radar profiles"

    def radar(self, partners: Any = None, *, top: int = 3, ax: Axes | None = None) -> Axes:
        """Radar profiles (see :func:`partnerselect.plot.radar`).

        Parameters
        ----------
        partners : sequence of partner ids or names, optional
            Default: the ``top`` best ranked (a Ranking) or the first ``top`` (a Problem);
            at most eight are drawn.
        top : int, default 3
            How many partners when ``partners`` is not given.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.profile import radar

        return radar(self._obj, partners, top=top, ax=ax)

    __call__ = radar


class RankingPlot(_Accessor):
    """Plots of a :class:`~partnerselect.Ranking`; calling it draws :meth:`bars`.

    Parameters
    ----------
    obj : Ranking
        The ranking to draw.
    """

    _default = "ranking bars with margins"

    def bars(self, *, top: int | None = None, margins: bool = True, ax: Axes | None = None) -> Axes:
        """Score bars with the lead over the next partner (see :func:`~partnerselect.plot.ranking_bars`).

        Parameters
        ----------
        top : int, optional
            Show only the best ``top`` partners (default: all).
        margins : bool, default True
            Annotate each bar with its lead over the partner ranked next.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.ranking import ranking_bars

        return ranking_bars(self._obj, top=top, margins=margins, ax=ax)

    def contributions(self, a: Any = None, b: Any = None, *, ax: Axes | None = None) -> Axes:
        """Why ``a`` beats ``b`` per criterion (see :func:`~partnerselect.plot.contributions`).

        Parameters
        ----------
        a, b : partner id or name, optional
            Default: the partners ranked 1 and 2.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.ranking import contributions

        return contributions(self._obj, a, b, ax=ax)

    def radar(self, partners: Any = None, *, top: int = 3, ax: Axes | None = None) -> Axes:
        """Radar profiles of the best ``top`` (see :func:`~partnerselect.plot.radar`).

        Parameters
        ----------
        partners : sequence of partner ids or names, optional
            Default: the ``top`` best ranked (a Ranking) or the first ``top`` (a Problem);
            at most eight are drawn.
        top : int, default 3
            How many partners when ``partners`` is not given.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.profile import radar

        return radar(self._obj, partners, top=top, ax=ax)

    def value_for_money(
        self, price: Any = None, *, risk: Any = None, benefit: Any = "auto", ax: Axes | None = None
    ) -> Axes:
        """Benefit vs price with the Pareto frontier (see :func:`~partnerselect.plot.value_for_money`).

        Parameters
        ----------
        price : str or pandas.Series, optional
            A criterion, or prices by partner id (default: the cost criterion named like a
            price).
        risk : str or pandas.Series, optional
            Bubble area proportional to this measure.
        benefit : {"auto", "score"}, default "auto"
            ``"auto"`` leaves the price's own contribution out of the score (additive
            methods) so that price is not counted twice.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.profile import value_for_money

        return value_for_money(self._obj, price, risk=risk, benefit=benefit, ax=ax)

    def gaia(self, *, labels: int | None = 10, ax: Axes | None = None) -> Axes:
        """GAIA plane of a PROMETHEE ranking (see :func:`~partnerselect.plot.gaia`).

        Parameters
        ----------
        labels : int or None, default 10
            Label the partners when there are at most this many (else the best five);
            ``None`` labels all.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.promethee import gaia

        return gaia(self._obj, labels=labels, ax=ax)

    __call__ = bars


class ComparisonPlot(_Accessor):
    """Plots of a :class:`~partnerselect.Comparison`; calling it draws :meth:`correlation`.

    Parameters
    ----------
    obj : Comparison
        The comparison to draw.
    """

    _default = "the rank-correlation heatmap"

    def correlation(self, kind: str = "spearman", *, ax: Axes | None = None) -> Axes:
        """Method x method rank correlations (see :func:`~partnerselect.plot.rank_correlation`).

        Parameters
        ----------
        kind : {"spearman", "kendall", "weighted_spearman", "ws"}, default "spearman"
            The rank correlation (see :meth:`partnerselect.Comparison.correlation`).
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.compare import rank_correlation

        return rank_correlation(self._obj, kind, ax=ax)

    def ranks(self, *, top: int | None = 10, ax: Axes | None = None) -> Axes:
        """Rank of each partner under each method (see :func:`~partnerselect.plot.rank_lines`).

        Parameters
        ----------
        top : int or None, default 10
            Colour the partners ranked in the first ``top`` by the first method (at most
            seven); others are grey.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.compare import rank_lines

        return rank_lines(self._obj, top=top, ax=ax)

    __call__ = correlation


def _no_plot(obj: Any) -> PlotUnavailableError:
    msg = (
        f"There is no plot for a {type(obj).__name__}; use its to_frame() table. "
        "Plots exist for weight sweeps, tornado, SMAA, data uncertainty, stability "
        "intervals and critical weights."
    )
    return PlotUnavailableError(msg, value=type(obj).__name__)


class SensitivityPlot(_Accessor):
    """Base class of the sensitivity results' accessors.

    Each result type has its own accessor with only the plots that suit it:

    ============================  ============================  ===========================
    result                        accessor                      calling it draws
    ============================  ============================  ===========================
    WeightSweep                   :class:`WeightSweepPlot`      :meth:`~WeightSweepPlot.sweep`
    Tornado                       :class:`TornadoPlot`          :meth:`~TornadoPlot.tornado`
    SMAAResult                    :class:`SMAAPlot`             :meth:`~SMAAPlot.acceptability`
    DataUncertaintyResult         :class:`DataUncertaintyPlot`  :meth:`~DataUncertaintyPlot.rank_probability`
    StabilityIntervals            :class:`StabilityPlot`        :meth:`~StabilityPlot.stability`
    CriticalWeights               :class:`CriticalWeightsPlot`  :meth:`~CriticalWeightsPlot.critical`
    ============================  ============================  ===========================

    Rank-reversal results and verdicts have no plot (no ``.plot`` attribute).

    .. deprecated:: 0.2
       Calling ``SensitivityPlot(result)`` directly warns and returns ``result.plot``; it
       will be removed in 0.4. ``isinstance(result.plot, SensitivityPlot)`` stays true.

    Parameters
    ----------
    obj : sensitivity result
        The result to draw.
    """

    _default = "the plot that suits the result"

    def __new__(cls, obj: Any) -> Any:
        if cls is not SensitivityPlot:
            return super().__new__(cls)
        warnings.warn(
            "SensitivityPlot(result) is deprecated and will be removed in 0.4; use "
            "result.plot (each result type has its own accessor, such as SMAAPlot).",
            DeprecationWarning,
            stacklevel=2,
        )
        accessor = getattr(obj, "plot", None)
        if not isinstance(accessor, SensitivityPlot):
            raise _no_plot(obj)
        return accessor


class WeightSweepPlot(SensitivityPlot):
    """Plots of a :class:`~partnerselect.sensitivity.WeightSweep`; calling it draws
    :meth:`sweep`.

    Parameters
    ----------
    obj : WeightSweep
        The sweep to draw.
    """

    _default = "score lines along the sweep"

    def sweep(
        self, criterion: str | None = None, *, highlight: int = 6, ax: Axes | None = None
    ) -> Axes:
        """Score lines along a weight sweep (see :func:`~partnerselect.plot.weight_sweep`).

        Parameters
        ----------
        criterion : str, optional
            The swept criterion to draw (default: the first).
        highlight : int, default 6
            How many partners get a colour and a label.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.sensitivity import weight_sweep

        return weight_sweep(self._obj, criterion, highlight=highlight, ax=ax)

    def tornado(self, *, ax: Axes | None = None) -> Axes:
        """Tornado diagram of the sweep's ends (see :func:`~partnerselect.plot.tornado`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.sensitivity import tornado

        return tornado(self._obj.tornado(), ax=ax)

    __call__ = sweep


class TornadoPlot(SensitivityPlot):
    """Plots of a :class:`~partnerselect.sensitivity.Tornado`; calling it draws
    :meth:`tornado`.

    Parameters
    ----------
    obj : Tornado
        The tornado result to draw.
    """

    _default = "the tornado diagram"

    def tornado(self, *, ax: Axes | None = None) -> Axes:
        """Tornado diagram (see :func:`~partnerselect.plot.tornado`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.sensitivity import tornado

        return tornado(self._obj, ax=ax)

    __call__ = tornado


class _RankDistributionPlot(SensitivityPlot):
    """Rank-acceptability plots shared by SMAA and data uncertainty."""

    def acceptability(self, *, top: int | None = None, ax: Axes | None = None) -> Axes:
        """Rank-acceptability stacked bars (see :func:`~partnerselect.plot.acceptability`).

        Parameters
        ----------
        top : int, optional
            Draw only the ``top`` partners (by first-rank acceptability).
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.probability import acceptability

        return acceptability(self._obj, top=top, ax=ax)

    def rank_probability(self, *, top: int | None = None, ax: Axes | None = None) -> Axes:
        """Partner x rank probability heatmap (see :func:`~partnerselect.plot.rank_probability`).

        Parameters
        ----------
        top : int, optional
            Draw only the ``top`` partners.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.probability import rank_probability

        return rank_probability(self._obj, top=top, ax=ax)


class SMAAPlot(_RankDistributionPlot):
    """Plots of a :class:`~partnerselect.sensitivity.SMAAResult`; calling it draws
    :meth:`acceptability`.

    Parameters
    ----------
    obj : SMAAResult
        The SMAA result to draw.
    """

    _default = "rank-acceptability bars"

    def central_weights(
        self, *, kind: Any = "heatmap", top: int | None = None, ax: Axes | None = None
    ) -> Axes:
        """SMAA central weights (see :func:`~partnerselect.plot.central_weights`).

        Parameters
        ----------
        kind : {"heatmap", "bars"}, default "heatmap"
            Partners x criteria heatmap, or grouped bars.
        top : int, optional
            Draw only the ``top`` partners.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.probability import central_weights

        return central_weights(self._obj, kind=kind, top=top, ax=ax)

    __call__ = _RankDistributionPlot.acceptability


class DataUncertaintyPlot(_RankDistributionPlot):
    """Plots of a :class:`~partnerselect.sensitivity.DataUncertaintyResult`; calling it
    draws :meth:`rank_probability`.

    Parameters
    ----------
    obj : DataUncertaintyResult
        The result to draw.
    """

    _default = "the rank-probability heatmap"

    __call__ = _RankDistributionPlot.rank_probability


class StabilityPlot(SensitivityPlot):
    """Plots of :class:`~partnerselect.sensitivity.StabilityIntervals`; calling it draws
    :meth:`stability`.

    Parameters
    ----------
    obj : StabilityIntervals
        The intervals to draw.
    """

    _default = "the weight stability intervals"

    def stability(self, *, ax: Axes | None = None) -> Axes:
        """Weight stability intervals (see :func:`~partnerselect.plot.stability`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.sensitivity import stability

        return stability(self._obj, ax=ax)

    __call__ = stability


class CriticalWeightsPlot(SensitivityPlot):
    """Plots of :class:`~partnerselect.sensitivity.CriticalWeights`; calling it draws
    :meth:`critical`.

    Parameters
    ----------
    obj : CriticalWeights
        The result to draw.
    """

    _default = "the critical weight changes"

    def critical(self, *, ax: Axes | None = None) -> Axes:
        """Critical weight changes (see :func:`~partnerselect.plot.critical`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.sensitivity import critical

        return critical(self._obj, ax=ax)

    __call__ = critical


class EvidencePlot(_Accessor):
    """Base class of the evidence accessors: :class:`MetricPlot` (a track-record
    :class:`~partnerselect.trackrecord.MetricResult`) and :class:`EvaluatorPlot` (an
    :class:`~partnerselect.evaluators.EvaluatorResult` or a ratings table).

    .. deprecated:: 0.2
       Calling ``EvidencePlot(obj)`` directly warns and returns the accessor that suits
       ``obj``; it will be removed in 0.4. Use ``result.plot``.

    Parameters
    ----------
    obj : MetricResult, EvaluatorResult or pandas.DataFrame
        The evidence to draw.
    """

    _default = "the evidence plot"

    def __new__(cls, obj: Any) -> Any:
        if cls is not EvidencePlot:
            return super().__new__(cls)
        warnings.warn(
            "EvidencePlot(obj) is deprecated and will be removed in 0.4; use result.plot "
            "(MetricPlot for a track-record metric, EvaluatorPlot for evaluator ratings).",
            DeprecationWarning,
            stacklevel=2,
        )
        from partnerselect.trackrecord.result import MetricResult

        return MetricPlot(obj) if isinstance(obj, MetricResult) else EvaluatorPlot(obj)


class MetricPlot(EvidencePlot):
    """Plots of a track-record :class:`~partnerselect.trackrecord.MetricResult`; calling it
    draws :meth:`forest`.

    Parameters
    ----------
    obj : MetricResult
        The metric to draw.
    """

    _default = "the forest plot"

    def forest(self, *, names: Any = None, order: str = "value", ax: Axes | None = None) -> Axes:
        """Estimate and interval per partner (see :func:`~partnerselect.plot.forest`).

        Parameters
        ----------
        names : mapping or pandas.Series, optional
            Display name per partner id.
        order : {"value", "input"}, default "value"
            Sort partners by estimate, or keep the input order.
        ax : matplotlib.axes.Axes, optional
            Where to draw (default: a new figure).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from partnerselect.plot.evidence import forest

        return forest(self._obj, names=names, order=order, ax=ax)

    __call__ = forest


class EvaluatorPlot(EvidencePlot):
    """Plots of evaluator ratings (an :class:`~partnerselect.evaluators.EvaluatorResult`
    or a long ratings table); calling it draws :meth:`spread`.

    Parameters
    ----------
    obj : EvaluatorResult or pandas.DataFrame
        The ratings to draw.
    """

    _default = "the evaluator spread"

    def spread(
        self,
        criterion: str | None = None,
        *,
        names: Any = None,
        tolerance: float | None = None,
        ax: Axes | None = None,
    ) -> Any:
        """Each evaluator's rating per partner (see :func:`~partnerselect.plot.evaluator_spread`).

        Parameters
        ----------
        criterion : str, optional
            One criterion (default: every rated criterion, one panel each).
        names : mapping or pandas.Series, optional
            Display name per partner id.
        tolerance : float, optional
            Spread above which a partner is flagged.
        ax : matplotlib.axes.Axes, optional
            Where to draw (one criterion only).

        Returns
        -------
        matplotlib.axes.Axes or numpy.ndarray of Axes
        """
        from partnerselect.plot.evidence import evaluator_spread

        return evaluator_spread(self._obj, criterion, names=names, tolerance=tolerance, ax=ax)

    __call__ = spread
