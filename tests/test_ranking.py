"""Ranking, tie policy, registry behaviour."""

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError, TieWarning, UnknownMethodError
from partnerselect.ranking import rank_batch, rank_scores, ranks_batch


@pytest.mark.parametrize(
    ("ties", "expected"),
    [("min", [4, 1, 2, 2]), ("dense", [3, 1, 2, 2]), ("order", [4, 1, 2, 3])],
)
def test_tie_policies(ties, expected):
    assert rank_scores(np.array([0.1, 0.9, 0.5, 0.5]), ties=ties).tolist() == expected


def test_floating_noise_is_a_tie():
    a = 0.1 + 0.2
    assert rank_scores(np.array([a, 0.3])).tolist() == [1, 1]


def test_lower_is_better():
    assert rank_scores(np.array([0.0, 1.0, 0.5]), higher_is_better=False).tolist() == [1, 3, 2]


def test_bad_tie_policy():
    with pytest.raises(ParameterError, match="The 'ties' parameter must be one of"):
        rank_scores(np.array([1.0]), ties="random")


def test_ranks_batch_is_deprecated_and_breaks_ties_by_order():
    rng = np.random.default_rng(0)
    u = rng.random((50, 7))
    with pytest.warns(DeprecationWarning, match=r"ranks_batch\(\) is deprecated.*rank_batch"):
        r = ranks_batch(u)
    np.testing.assert_array_equal(r, rank_batch(u, ties="order"))
    assert (np.sort(r, axis=1) == np.arange(1, 8)).all()
    assert (r[np.arange(50), u.argmax(axis=1)] == 1).all()


@pytest.fixture
def problem():
    df = pd.DataFrame(
        {"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.2]}, index=["p1", "p2", "p3"]
    )
    return ps.Problem.from_frame(
        df,
        objectives={"price": "min", "quality": "max"},
        weights={"price": 1, "quality": 3},
        names={"p1": "Acme & <Sons>", "p2": "B", "p3": "C"},
    )


def test_ranking_frame_sorted_and_labelled(problem):
    r = ps.rank(problem, "wsm")
    # min-max WSM by hand: price (cost) -> p1 1, p2 0, p3 .5; quality -> p1 0, p2 1, p3 .8
    # weights .25/.75: p1 = .25, p2 = .75, p3 = .125 + .6 = .725
    assert r.scores.tolist() == pytest.approx([0.25, 0.75, 0.725])
    frame = r.to_frame()
    assert list(frame.index) == ["p2", "p3", "p1"]

    assert list(frame.columns) == ["name", "score", "rank"]
    assert r.ranks.dtype.kind == "i"


def test_tie_warning_names_the_partners(problem):
    pb = problem.replace(
        matrix=problem.matrix.assign(quality=[4.0, 4.0, 3.0], price=[1000, 1000, 1100])
    )
    with pytest.warns(TieWarning, match="rank 1: p1, p2"):
        r = ps.rank(pb, "wsm")
    assert r.ranks.tolist() == [1, 1, 3]
    r2 = ps.rank(pb, "wsm", ties="order")  # no tie warning: ties broken by input order
    assert r2.ranks.tolist() == [1, 2, 3]


def test_repr_html_escapes_names(problem):
    html = ps.rank(problem, "topsis")._repr_html_()
    assert "<Sons>" not in html
    assert "&lt;Sons&gt;" in html
    assert "topsis" in repr(ps.rank(problem, "topsis"))


def test_unknown_method_lists_options_and_suggests(problem):
    with pytest.raises(UnknownMethodError, match="Did you mean 'topsis'") as info:
        ps.rank(problem, "topsys")
    assert "wsm" in str(info.value)


def test_unknown_parameter_and_bad_value(problem):
    with pytest.raises(ParameterError, match="unknown parameter"):
        ps.rank(problem, "topsis", colour="red")
    with pytest.raises(
        ParameterError,
        match=r"The 'normalization' parameter of TOPSIS must be one of .* Got 'cubic' instead\.",
    ):
        ps.rank(problem, "topsis", normalization="cubic")


def test_rank_needs_a_problem():
    with pytest.raises(ParameterError, match=r"needs a partnerselect\.Problem"):
        ps.rank(pd.DataFrame({"a": [1]}), "wsm")


def test_explain_has_labelled_steps(problem):
    exp = ps.rank(problem, "topsis").explain()
    assert "distance to ideal" in exp  # the caption still finds the step
    assert "distance_to_ideal" in list(exp)  # keys are machine keys
    assert exp.steps.caption("distance_to_ideal") == "distance to ideal"
    assert list(exp["normalized matrix"].index) == ["p1", "p2", "p3"]
    assert exp["normalized_matrix"].equals(exp["normalized matrix"])
    assert "Explanation of topsis" in repr(exp)
