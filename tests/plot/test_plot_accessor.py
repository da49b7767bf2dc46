"""The .plot accessors delegate to the plotting functions."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.axes import Axes

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.plot.accessor import (
    ComparisonPlot,
    EvidencePlot,
    ProblemPlot,
    RankingPlot,
    SensitivityPlot,
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


def test_sensitivity_accessor_dispatches_on_the_result(pb: ps.Problem) -> None:
    s = ps.sensitivity
    sweep = s.weight_sweep(pb, "wsm", grid=11)
    assert isinstance(sweep.plot, SensitivityPlot)
    with no_warnings():
        assert len(sweep.plot("quality").lines) == 9
        assert len(sweep.plot.tornado().patches) == 2 * pb.shape[1]
        assert len(s.tornado(pb, "wsm").plot().patches) == 2 * pb.shape[1]
        assert len(s.stability_intervals(pb, "wsm").plot().patches) == pb.shape[1]
        crit = s.critical_weights(pb, "wsm")
        assert len(crit.plot().patches) == len(crit.by_criterion())
        smaa = s.smaa(pb, "wsm", n_samples=500, random_state=1, progress=False)
        assert len(smaa.plot().patches) == 8 * 6
        assert smaa.plot.rank_probability().images[0].get_array().shape == (8, 8)
        assert isinstance(smaa.plot.central_weights(kind="bars"), Axes)
    with pytest.raises(ParameterError, match="needs a smaa result"):
        sweep.plot.central_weights()
    with pytest.raises(ParameterError, match="needs a sweep result"):
        smaa.plot.sweep()


def test_sensitivity_accessor_data_uncertainty_and_unplottable(sample: ps.Evaluation) -> None:
    s = ps.sensitivity
    data = s.data_uncertainty(sample.problem, "topsis", n_samples=60, random_state=2)
    m = sample.problem.shape[0]
    with no_warnings():
        assert data.plot().images[0].get_array().shape == (m, m)
        assert len(data.plot.acceptability().patches) == m * 6
    with pytest.raises(ParameterError, match="no plot"):
        SensitivityPlot(object())()


def test_evidence_accessor(sample: ps.Evaluation) -> None:
    metric = sample.criteria.metrics["quality"]
    with no_warnings():
        ax = EvidencePlot(metric)()
    assert scatter_offsets(ax) == len(metric.table)
    ratings = pd.DataFrame(
        {
            "partner_id": ["a", "b"],
            "criterion": ["c", "c"],
            "score": [3, 4],
            "evaluator": ["e", "e"],
        }
    )
    assert len(EvidencePlot(ratings).spread().collections[1].get_offsets()) == 2
