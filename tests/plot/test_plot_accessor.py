"""The .plot accessors delegate to the plotting functions."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.axes import Axes

import partnerselect as ps
from partnerselect.errors import ParameterError, PlotUnavailableError
from partnerselect.plot.accessor import (
    ComparisonPlot,
    CriticalWeightsPlot,
    DataUncertaintyPlot,
    EvaluatorPlot,
    EvidencePlot,
    MetricPlot,
    ProblemPlot,
    RankingPlot,
    SensitivityPlot,
    SMAAPlot,
    StabilityPlot,
    TornadoPlot,
    WeightSweepPlot,
)

from ._plot_helpers import make_problem, no_warnings, scatter_offsets


@pytest.fixture(scope="module")
def pb() -> ps.Problem:
    return make_problem(8)


def test_problem_and_ranking_accessors(pb: ps.Problem) -> None:
    assert isinstance(pb.plot, ProblemPlot)
    assert len(pb.plot().lines) == 3
    assert len(pb.plot.radar(["p00", "p01"]).lines) == 2
    ranking = ps.rank(pb, "wsm")
    assert isinstance(ranking.plot, RankingPlot)
    assert "contributions" in repr(ranking.plot)
    with no_warnings():
        assert len(ranking.plot().patches) == 8
        assert len(ranking.plot.bars(top=3).patches) == 3
        assert len(ranking.plot.contributions().patches) == pb.shape[1]
        assert len(ranking.plot.radar(top=2).lines) == 2
        assert scatter_offsets(ranking.plot.value_for_money()) == 8
        prom = ps.rank(pb, "promethee2", preference="linear", q=0.0, p=0.5)
        assert scatter_offsets(prom.plot.gaia()) == 8


def test_comparison_accessor(pb: ps.Problem) -> None:
    comparison = ps.compare(pb, ["wsm", "topsis"])
    assert isinstance(comparison.plot, ComparisonPlot)
    with no_warnings():
        assert comparison.plot().images[0].get_array().shape == (2, 2)
        assert len(comparison.plot.ranks().lines) == 8


def test_each_sensitivity_result_has_its_own_accessor(pb: ps.Problem) -> None:
    s = ps.sensitivity
    sweep = s.weight_sweep(pb, "wsm", grid=11)
    assert type(sweep.plot) is WeightSweepPlot
    assert isinstance(sweep.plot, SensitivityPlot)  # the shared base (0.1 name) stays
    with no_warnings():
        assert len(sweep.plot("quality").lines) == 9
        assert len(sweep.plot.tornado().patches) == 2 * pb.shape[1]
        tor = s.tornado(pb, "wsm")
        assert type(tor.plot) is TornadoPlot
        assert len(tor.plot().patches) == 2 * pb.shape[1]
        stab = s.stability_intervals(pb, "wsm")
        assert type(stab.plot) is StabilityPlot
        assert len(stab.plot().patches) == pb.shape[1]
        crit = s.critical_weights(pb, "wsm")
        assert type(crit.plot) is CriticalWeightsPlot
        assert len(crit.plot().patches) == len(crit.by_criterion())
        smaa = s.smaa(pb, "wsm", n_samples=500, random_state=1, progress=False)
        assert type(smaa.plot) is SMAAPlot
        assert len(smaa.plot().patches) == 8 * 6
        assert smaa.plot.rank_probability().images[0].get_array().shape == (8, 8)
        assert isinstance(smaa.plot.central_weights(kind="bars"), Axes)
    # an accessor offers only the plots that suit its result
    assert not hasattr(sweep.plot, "central_weights")
    assert not hasattr(smaa.plot, "sweep")
    assert not hasattr(tor.plot, "acceptability")


def test_accessors_have_no_type_dispatch() -> None:
    import inspect

    from partnerselect.plot import accessor

    source = inspect.getsource(accessor)
    assert "hasattr" not in source
    assert "_sensitivity_kind" not in source


def test_sensitivity_accessor_data_uncertainty_and_unplottable(sample: ps.Evaluation) -> None:
    s = ps.sensitivity
    data = s.data_uncertainty(sample.problem, "topsis", n_samples=60, random_state=2)
    m = sample.problem.shape[0]
    assert type(data.plot) is DataUncertaintyPlot
    with no_warnings():
        assert data.plot().images[0].get_array().shape == (m, m)
        assert len(data.plot.acceptability().patches) == m * 6
    assert not hasattr(data.plot, "central_weights")
    reversal = s.rank_reversal(sample.problem, "topsis", tests=("leave_one_out",))
    assert not hasattr(reversal, "plot")
    assert "plot" not in dir(reversal)
    with pytest.raises(PlotUnavailableError, match="no plot for a RankReversalResult"):
        _ = reversal.plot


def test_deprecated_shared_accessor_returns_the_result_accessor(pb: ps.Problem) -> None:
    smaa = ps.sensitivity.smaa(pb, "wsm", n_samples=200, random_state=1, progress=False)
    with pytest.warns(DeprecationWarning, match=r"SensitivityPlot\(result\) is deprecated"):
        acc = SensitivityPlot(smaa)
    assert type(acc) is SMAAPlot
    assert acc._obj is smaa
    with (
        pytest.warns(DeprecationWarning, match="SensitivityPlot"),
        pytest.raises(ParameterError, match="no plot"),
    ):
        SensitivityPlot(object())


def test_evidence_accessors(sample: ps.Evaluation) -> None:
    metric = sample.criteria.metrics["quality"]
    assert type(metric.plot) is MetricPlot
    with no_warnings():
        ax = metric.plot()
    assert scatter_offsets(ax) == len(metric.table)
    ratings = pd.DataFrame(
        {
            "partner_id": ["a", "b"],
            "criterion": ["c", "c"],
            "score": [3, 4],
            "evaluator": ["e", "e"],
        }
    )
    assert len(EvaluatorPlot(ratings).spread().collections[1].get_offsets()) == 2
    assert not hasattr(metric.plot, "spread")


def test_deprecated_evidence_accessor_returns_the_suitable_one(sample: ps.Evaluation) -> None:
    metric = sample.criteria.metrics["quality"]
    with pytest.warns(DeprecationWarning, match=r"EvidencePlot\(obj\) is deprecated"):
        assert type(EvidencePlot(metric)) is MetricPlot
    ratings = pd.DataFrame({"partner_id": ["a"], "criterion": ["c"], "score": [3]})
    with pytest.warns(DeprecationWarning, match="EvidencePlot"):
        assert type(EvidencePlot(ratings)) is EvaluatorPlot
