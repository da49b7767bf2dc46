"""The array path of rank_reversal gives exactly what building every variant gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.sensitivity import reversal

from ._sens_helpers import make_problem, runnable_methods


def _canon(res: ps.sensitivity.RankReversalResult) -> tuple[list, list, set]:
    table = sorted(map(tuple, res.table.astype(str).to_numpy().tolist()))
    summ = sorted(map(tuple, res.summary.astype(str).to_numpy().tolist()))
    return table, summ, set(res.notes)


def _both(pb, method, monkeypatch):
    fast = ps.sensitivity.rank_reversal(pb, method)
    with monkeypatch.context() as mp:
        mp.setattr(reversal._FastVariants, "create", classmethod(lambda cls, *a, **k: None))
        slow = ps.sensitivity.rank_reversal(pb, method)
    return fast, slow


# Random data can hit a method's documented degenerate cases (CoCoSo with a partner worst on
# every criterion); the warning says so, and both paths must still agree.
@pytest.mark.filterwarnings("ignore::partnerselect.errors.DegenerateDataWarning")
@settings(max_examples=20, deadline=None)
@given(st.sampled_from(runnable_methods()), st.integers(0, 10_000), st.integers(3, 7))
def test_fast_path_equals_building_each_variant(method, seed, m):
    pb = make_problem(m, 3, seed)
    # ties and near-copies make reversals and tie changes likely
    matrix = pb.matrix.copy()
    matrix.iloc[-1] = matrix.iloc[0].to_numpy() * np.array([1.0, 1.0, 1.01])
    pb = pb.replace(matrix=matrix)
    mp = pytest.MonkeyPatch()
    try:
        fast, slow = _both(pb, method, mp)
    finally:
        mp.undo()
    assert _canon(fast)[:2] == _canon(slow)[:2]


def test_constant_criterion_note_matches(monkeypatch):
    df = pd.DataFrame({"q": [1.0, 1.0, 2.0], "c": [3.0, 1.0, 2.0]}, index=["a", "b", "c"])
    pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"})
    fast, slow = _both(pb, "wsm", monkeypatch)
    assert _canon(fast) == _canon(slow)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=2, max_size=12))
def test_pair_counts_from_kendall_equal_brute_force(pairs):
    sb = np.array([p[0] for p in pairs])
    sa = np.array([p[1] for p in pairs])
    rev = tie = 0
    for i in range(len(pairs)):
        for j in range(i + 1, len(pairs)):
            r0, r1 = np.sign(sb[j] - sb[i]), np.sign(sa[j] - sa[i])
            if r0 != r1:
                rev += r0 != 0 and r1 != 0
                tie += r0 == 0 or r1 == 0
    assert reversal._pair_counts(sb, sa) == (rev, tie)
    # the public-kendalltau route (scipy without the compiled counter) agrees
    mp = pytest.MonkeyPatch()
    try:
        mp.setattr(reversal, "_kendall_discordant", lambda: None)
        assert reversal._pair_counts(sb, sa) == (rev, tie)
    finally:
        mp.undo()


@pytest.mark.parametrize(("method", "seed"), [("topsis", 1), ("vikor", 2), ("wsm", 3)])
def test_batched_pair_search_equals_the_per_variant_comparison(method, seed, monkeypatch):
    # 40 partners, many near-equal: leave-one-out and copies move several of them
    pb = make_problem(40, 3, seed)
    matrix = pb.matrix.copy()
    matrix.iloc[20:] = matrix.iloc[:20].to_numpy() * 1.0005
    matrix.iloc[-1] = matrix.iloc[0]
    pb = pb.replace(matrix=matrix)
    batched = ps.sensitivity.rank_reversal(pb, method)
    monkeypatch.setattr(reversal, "MAX_REACH", -1)  # every variant compared on its own
    single = ps.sensitivity.rank_reversal(pb, method)
    assert batched.table.equals(single.table)
    assert batched.summary.equals(single.summary)
    assert batched.n_reversals + int(batched.summary["ties"].sum()) > 0
    if method == "topsis":  # and both equal building every variant as a Problem
        monkeypatch.setattr(reversal._FastVariants, "create", classmethod(lambda *a, **k: None))
        slow = ps.sensitivity.rank_reversal(pb, method)
        assert _canon(batched)[:2] == _canon(slow)[:2]
