"""Rank acceptability, rank-probability heatmap and central weights."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.plot import acceptability, central_weights, rank_probability
from partnerselect.plot._style import truncate

from ._plot_helpers import no_warnings, tick_texts


@pytest.fixture
def smaa(big_problem: ps.Problem) -> object:
    return ps.sensitivity.smaa(big_problem, "wsm", n_samples=1000, random_state=3, progress=False)


def test_acceptability_hand_table_sorted_by_expected_rank() -> None:
    # Expected ranks: a 1*0.2 + 2*0.8 = 1.8, b 1.2: b comes first.
    probs = pd.DataFrame([[0.2, 0.8], [0.8, 0.2]], index=["a", "b"], columns=[1, 2])
    with no_warnings():
        ax = acceptability(probs)
    assert tick_texts(ax) == ["b", "a"]
    assert len(ax.patches) == 4
    np.testing.assert_allclose([p.get_width() for p in ax.patches], [0.8, 0.2, 0.2, 0.8])


def test_acceptability_one_partner() -> None:
    ax = acceptability(pd.DataFrame([[1.0]], index=["solo"], columns=[1]))
    assert len(ax.patches) == 1


def test_acceptability_lumps_ranks_beyond_five(smaa: object, big_problem: ps.Problem) -> None:
    with no_warnings():
        ax = acceptability(smaa)
    m = big_problem.shape[0]
    assert len(ax.patches) == m * 6
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["rank 1", "rank 2", "rank 3", "rank 4", "rank 5", f"rank 6-{m}"]
    # each partner's segments add up to 1
    widths = np.array([p.get_width() for p in ax.patches]).reshape(6, m)
    np.testing.assert_allclose(widths.sum(axis=0), 1.0)
    expected_first = smaa.expected_rank.sort_values(kind="stable").index[0]
    assert tick_texts(ax)[0] == truncate(big_problem.names[expected_first])
    top = acceptability(smaa, top=10)
    assert len(top.patches) == 60


def test_rank_probability_heatmap(smaa: object, big_problem: ps.Problem) -> None:
    with no_warnings():
        ax = rank_probability(smaa)
    m = big_problem.shape[0]
    assert ax.images[0].get_array().shape == (m, m)
    assert len(tick_texts(ax)) == m
    assert len(ax.texts) - 1 == (m * m if m <= 15 else 0)  # minus the title note


def test_rank_probability_small_grid_is_annotated() -> None:
    probs = pd.DataFrame([[0.25, 0.75], [0.75, 0.25]], index=["a", "b"], columns=[1, 2])
    ax = rank_probability(probs)
    assert sorted(t.get_text() for t in ax.texts if "%" in t.get_text()) == [
        "25%",
        "25%",
        "75%",
        "75%",
    ]
    _, own = plt.subplots()
    assert rank_probability(probs, ax=own) is own


def test_central_weights_heatmap_and_bars(smaa: object) -> None:
    firsts = smaa.central_weights.dropna(how="all")
    with no_warnings():
        ax = central_weights(smaa)
    n = smaa.central_weights.shape[1]
    assert ax.images[0].get_array().shape == (len(firsts) + 1, n)
    assert tick_texts(ax)[0] == "(given weights)"
    with no_warnings():
        bars = central_weights(smaa, kind="bars")
    shown = min(len(firsts), 6)
    assert len(bars.patches) == shown * n
    with pytest.raises(ParameterError, match="'kind' parameter"):
        central_weights(smaa, kind="pie")


def test_acceptability_title_says_what_was_sampled() -> None:
    values = pd.DataFrame({"q": [1.0, 2.0, 3.0], "c": [3.0, 1.0, 2.0]}, index=["a", "b", "c"])
    cells = [(p, "q") for p in values.index]
    unc = pd.DataFrame(
        {"dist": "normal", "a": values["q"].to_list(), "b": 0.5},
        index=pd.MultiIndex.from_tuples(cells),
    )
    pb = ps.Problem.from_frame(values, objectives={"q": "max", "c": "max"}, uncertainty=unc)
    texts = {}
    for sample_data in (False, True):
        res = ps.sensitivity.smaa(
            pb, "wsm", n_samples=200, random_state=1, progress=False, sample_data=sample_data
        )
        ax = acceptability(res)
        texts[sample_data] = " ".join(
            " ".join(t.get_text().split())
            for t in ax.figure.findobj(lambda a: hasattr(a, "get_text") and a.get_visible())
        )
        plt.close(ax.figure)
    assert "Rank acceptability (SMAA-2)" in texts[False]
    assert re.search(r"200 samples of the weights(?! and)", texts[False])
    assert "200 samples of the weights and data" in texts[True]
