"""The GAIA plane (Brans & Mareschal 1994)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.plot import gaia, gaia_plane, unicriterion_flows

from ._plot_helpers import no_warnings, scatter_offsets

# Papathanasiou, J. & Ploskas, N. (2018). PROMETHEE. In: Multiple Criteria Decision Aid,
# Springer Optimization and Its Applications 136, pp. 57-89: six alternatives, four
# benefit criteria, linear preference (q = 1, p = 2), published net flows (2 dp).
PP_MATRIX = [[8, 7, 2, 1], [5, 3, 7, 5], [7, 5, 6, 4], [9, 9, 7, 3], [11, 10, 3, 7], [6, 9, 5, 4]]
PP_WEIGHTS = [0.4, 0.3, 0.1, 0.2]
PP_NET_FLOWS = [-0.26, -0.52, -0.22, 0.36, 0.7, -0.06]


def _pp_ranking() -> ps.Ranking:
    df = pd.DataFrame(
        PP_MATRIX, index=[f"A{i}" for i in range(1, 7)], columns=["C1", "C2", "C3", "C4"]
    )
    pb = ps.Problem.from_frame(df, objectives=["max"] * 4, weights=PP_WEIGHTS)
    return ps.rank(pb, "promethee2", preference="linear", q=1, p=2)


def test_unicriterion_flows_weighted_sum_is_the_published_net_flow() -> None:
    ranking = _pp_ranking()
    flows = unicriterion_flows(ranking)
    np.testing.assert_allclose(flows.to_numpy() @ PP_WEIGHTS, PP_NET_FLOWS, atol=0.005)
    # Hand check, C1 = (8, 5, 7, 9, 11, 6), linear q=1, p=2: A5 beats every other partner
    # by more than p on C1 (differences 3, 6, 4, 2, 5), so phi_1(A5) = 5/5 = 1.
    assert flows.loc["A5", "C1"] == pytest.approx(1.0)


def test_unicriterion_flows_fallback_uses_the_kernel_with_unit_weights() -> None:
    ranking = _pp_ranking()
    bare = ps.Ranking.from_scores(
        ranking.problem, ranking.scores.to_numpy(), method="promethee2", params=dict(ranking.params)
    )
    assert "unicriterion net flows" not in bare.steps
    pd.testing.assert_frame_equal(
        unicriterion_flows(bare), unicriterion_flows(ranking), check_names=False
    )


def test_unicriterion_flows_needs_promethee() -> None:
    pb = ps.Problem.from_frame(
        pd.DataFrame({"q": [1.0, 2.0]}, index=["a", "b"]), objectives={"q": "max"}
    )
    with pytest.raises(ParameterError, match="needs a PROMETHEE ranking"):
        unicriterion_flows(ps.rank(pb, "wsm"))


def test_gaia_plane_hand_example() -> None:
    # Two criteria in perfect conflict: the flows lie on one line, the plane keeps all of
    # it (delta = 1); the stick is the projection of the weights.
    flows = pd.DataFrame({"a": [-1.0, 0.0, 1.0], "b": [1.0, 0.0, -1.0]}, index=["x", "y", "z"])
    plane = gaia_plane(flows, [0.75, 0.25])
    assert plane.delta == pytest.approx(1.0)
    u = plane.axes["u"].to_numpy()
    np.testing.assert_allclose(np.abs(u), [np.sqrt(0.5)] * 2)
    # First component along (a - b)/sqrt(2); the stick points to a (weight 0.75 > 0.25).
    assert plane.stick[0] == pytest.approx(0.5 * np.sqrt(0.5))
    np.testing.assert_allclose(plane.points["u"], [-np.sqrt(2), 0.0, np.sqrt(2)])
    np.testing.assert_allclose(plane.points["v"], 0.0, atol=1e-12)


def test_gaia_plane_keeps_less_with_more_dimensions() -> None:
    rng = np.random.default_rng(0)
    flows = pd.DataFrame(rng.normal(size=(20, 5)))
    plane = gaia_plane(flows, np.full(5, 0.2))
    evals = np.sort(np.linalg.eigvalsh(np.cov(flows.to_numpy().T)))[::-1]
    assert plane.delta == pytest.approx(evals[:2].sum() / evals.sum())
    assert plane.stick[0] >= 0
    assert plane.stick[1] >= 0
    with pytest.raises(ParameterError, match="weights for 5 criteria"):
        gaia_plane(flows, [1.0])


def test_gaia_plot_counts_and_delta_in_title() -> None:
    ranking = _pp_ranking()
    with no_warnings():
        ax = gaia(ranking)
    assert scatter_offsets(ax) == 6
    assert len(ax.lines) == 4  # one axis per criterion
    plane = gaia_plane(unicriterion_flows(ranking), PP_WEIGHTS)
    assert f"{plane.delta:.0%}" in ax.get_title(loc="left")
    labels = {t.get_text() for t in ax.texts}
    assert {"A1", "A5", "C1", "C4", "π"} <= labels


def test_gaia_on_synthetic_problems(problem: ps.Problem) -> None:
    ranking = ps.rank(problem, "promethee2", preference="linear", q=0.0, p=0.5)
    _, own = plt.subplots()
    with no_warnings():
        ax = gaia(ranking, ax=own)
    assert ax is own
    assert scatter_offsets(ax) == problem.shape[0]
    assert len(ax.lines) == problem.shape[1]
