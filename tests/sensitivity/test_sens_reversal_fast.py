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
