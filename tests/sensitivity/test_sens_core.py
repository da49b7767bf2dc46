"""Helpers: weight paths, batched ranks, raw/normalised weight changes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from partnerselect.errors import ParameterError
from partnerselect.ranking import rank_batch, rank_scores
from partnerselect.sensitivity._core import (
    RankTally,
    as_problem,
    blas_one_thread,
    competition_ranks,
    criterion_indices,
    path_weights,
    rank_rows,
    ranks_in_order,
    raw_delta,
)

weights_st = arrays(float, st.integers(2, 6), elements=st.floats(0.0, 1.0)).filter(
    lambda w: w.sum() > 1e-3
)


@settings(max_examples=60, deadline=None)
@given(weights_st, st.data())
def test_path_weights_keep_ratios_and_sum_to_one(w, data):
    w = w / w.sum()
    k = data.draw(st.integers(0, w.size - 1))
    xs = np.linspace(0, 1, 7)
    W = path_weights(w, k, xs)
    assert np.allclose(W.sum(axis=1), 1.0)
    assert np.all(W >= 0)
    assert np.allclose(W[:, k], xs)
    rest = np.delete(w, k)
    if rest.sum() > 0:
        # the other weights keep their ratios: proportional to the original ones
        expected = np.outer(1 - xs, rest / rest.sum())
        assert np.allclose(np.delete(W, k, axis=1), expected)


def test_path_weights_share_equally_when_others_are_zero():
    W = path_weights(np.array([1.0, 0.0, 0.0]), 0, np.array([0.4]))
    assert np.allclose(W, [[0.4, 0.3, 0.3]])


def test_path_is_the_papers_raw_change_then_renormalise():
    # Raw weight of criterion 1 goes from 0.3 to 0.3 + 0.2, others untouched: (0.5, 0.5, 0.2)
    # normalised by 1.2. The same point on the proportional path has x = 0.5 / 1.2.
    w = np.array([0.5, 0.3, 0.2])
    x = 0.5 / 1.2
    assert path_weights(w, 1, np.array([x]))[0] == pytest.approx(np.array([0.5, 0.5, 0.2]) / 1.2)
    assert float(raw_delta(0.3, x)) == pytest.approx(0.2)
    assert float(raw_delta(0.3, 1.0)) == np.inf


@settings(max_examples=60, deadline=None)
@given(arrays(float, (4, 5), elements=st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0, -1.0])))
def test_rank_rows_matches_rank_scores_row_by_row(U):
    R = rank_rows(U)
    for row, ranks in zip(U, R, strict=True):
        assert ranks.tolist() == rank_scores(row, ties="min").tolist()


# values on a coarse grid (exact ties), plus near ties within and just beyond the tolerance
_tie_values = st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0, -1.0, 1.0 + 5e-10, 1.0 + 3e-9, 1e-300])


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6), st.integers(1, 7), st.data())
def test_ranks_in_order_is_rank_batch(S, m, data):
    U = data.draw(arrays(float, (S, m), elements=_tie_values))
    if data.draw(st.booleans()):  # rows without ties take the fast path
        U = U + data.draw(arrays(float, (S, m), elements=st.floats(0, 1), unique=True))
    order, ranks = ranks_in_order(U)
    assert sorted(order[0].tolist()) == list(range(m))
    back = np.empty_like(ranks)
    np.put_along_axis(back, order, ranks, axis=1)
    assert back.tolist() == rank_batch(U).tolist()
    with_nan = U.copy()
    with_nan[0, 0] = np.nan
    assert competition_ranks(with_nan).tolist() == rank_batch(with_nan).tolist()
    assert competition_ranks(U).tolist() == rank_batch(U).tolist()


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 6), st.integers(1, 4), st.data())
def test_rank_tally_counts_like_the_ranks_one_by_one(S, m, n, data):
    U = data.draw(arrays(float, (S, m), elements=_tie_values | st.floats(-2, 2)))
    W = data.draw(arrays(float, (S, n), elements=st.floats(0, 1)))
    tally = RankTally(m, n)
    tally.add(U[: S // 2], W[: S // 2])
    tally.add(U[S // 2 :], W[S // 2 :])
    R = rank_batch(U)
    expected = np.zeros((m, m), dtype=int)
    for s in range(S):
        for i in range(m):
            expected[i, R[s, i] - 1] += 1
    first = (R == 1).astype(float)
    assert tally.counts.reshape(m, m).tolist() == expected.tolist()
    assert tally.first_count.tolist() == first.sum(axis=0).astype(int).tolist()
    assert np.allclose(tally.first_wsum, first.T @ W)
    assert np.allclose(tally.first_wsq, first.T @ (W * W))


def test_criterion_indices_did_you_mean(unit_problem):
    assert criterion_indices(unit_problem, None) == [0, 1, 2]
    assert criterion_indices(unit_problem, ["d", "q"]) == [2, 0]
    with pytest.raises(ParameterError, match="Did you mean 'q'") as info:
        criterion_indices(unit_problem, "qq")
    assert info.value.criterion == "qq"


def test_as_problem_accepts_an_evaluation_like_object(unit_problem):
    class Evaluation:
        problem = unit_problem

    assert as_problem(Evaluation()) is unit_problem
    with pytest.raises(ParameterError, match=r"Problem\.from_frame"):
        as_problem(42)


def test_blas_runs_on_one_thread_inside_and_is_restored_after():
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads() -> list[int]:
        return [
            i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"
        ]

    before = blas_threads()
    seen = blas_one_thread(blas_threads)()
    assert all(n == 1 for n in seen)
    assert blas_threads() == before
