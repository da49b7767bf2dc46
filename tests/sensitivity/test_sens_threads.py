"""Monte Carlo runs on several threads give the same result, bit for bit, as on one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError
from partnerselect.sensitivity import _parallel
from partnerselect.sensitivity._parallel import get_threads, run_parallel, set_threads


def _problem() -> ps.Problem:
    rng = np.random.default_rng(3)
    m, n = 12, 4
    x = rng.uniform(1.0, 10.0, (m, n))
    x[1] = x[0]  # identical partners share their rank in every sample
    df = pd.DataFrame(x, index=[f"p{i}" for i in range(m)], columns=list("abcd"))
    cells = [(p, c) for p in df.index for c in df.columns]
    unc = pd.DataFrame(
        {"dist": "normal", "a": [df.loc[p, c] for p, c in cells], "b": 0.5},
        index=pd.MultiIndex.from_tuples(cells),
    )
    unc.loc[("p0", "a"), "dist"] = "fixed"  # a fixed cell among sampled ones
    return ps.Problem.from_frame(df, objectives=["max", "min", "max", "min"], uncertainty=unc)


@pytest.fixture
def restore_threads():
    previous = set_threads(None)
    yield
    set_threads(previous)


def _run(threads: int, **kw) -> ps.sensitivity.SMAAResult:
    set_threads(threads)
    return ps.sensitivity.smaa(
        _problem(), "topsis", n_samples=1_500, random_state=4, chunk_size=100, **kw
    )


@pytest.mark.parametrize("sample_data", [False, True])
def test_smaa_does_not_depend_on_the_thread_count(restore_threads, sample_data):
    one, two, three = (_run(t, sample_data=sample_data, confidence_samples=700) for t in (1, 2, 3))
    for other in (two, three):
        pd.testing.assert_frame_equal(one.acceptability, other.acceptability, check_exact=True)
        pd.testing.assert_frame_equal(one.central_weights, other.central_weights, check_exact=True)
        pd.testing.assert_series_equal(one.confidence, other.confidence, check_exact=True)


def test_same_seed_same_result(restore_threads):
    a, b = (
        _run(2, sample_data=True, confidence_samples=1),
        _run(2, sample_data=True, confidence_samples=1),
    )
    pd.testing.assert_frame_equal(a.acceptability, b.acceptability, check_exact=True)
    np.testing.assert_allclose(a.acceptability.sum(axis=0), 1.0)  # every rank counted once


def test_run_parallel_combines_in_chunk_order(restore_threads):
    for threads in (1, 2, 4):
        seen: list[tuple[int, int, int]] = []
        run_parallel(
            1_000,
            64,
            lambda i, start, size: (i, start, size),
            lambda p: p,
            seen.append,
            desc="test",
            threads=threads,
        )
        assert [r[0] for r in seen] == list(range(16))
        assert sum(r[2] for r in seen) == 1_000


def test_thread_settings(restore_threads, monkeypatch):
    monkeypatch.setenv("PARTNERSELECT_THREADS", "1")
    assert get_threads() == 1
    assert set_threads(3) is None
    assert get_threads() == 3
    assert set_threads(None) == 3
    monkeypatch.setenv("PARTNERSELECT_THREADS", "many")
    with pytest.raises(ParameterError, match="PARTNERSELECT_THREADS"):
        get_threads()
    monkeypatch.delenv("PARTNERSELECT_THREADS")
    assert 1 <= get_threads() <= _parallel.MAX_DEFAULT_THREADS
    with pytest.raises(ParameterError, match="positive int"):
        set_threads(0)


def _child_run(queue) -> None:  # pragma: no cover - runs in a forked child
    res = ps.sensitivity.smaa(
        _problem(), "topsis", n_samples=600, random_state=4, chunk_size=100, sample_data=True
    )
    queue.put(res.acceptability.to_numpy().tolist())


@pytest.mark.skipif(
    "fork" not in __import__("multiprocessing").get_all_start_methods(), reason="no fork"
)
def test_a_forked_child_gets_its_own_threads(restore_threads):
    import multiprocessing

    set_threads(2)
    parent = ps.sensitivity.smaa(
        _problem(), "topsis", n_samples=600, random_state=4, chunk_size=100, sample_data=True
    )  # the parent's pool exists now
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child_run, args=(queue,), daemon=True)
    child.start()
    try:
        got = queue.get(timeout=60)  # a child reusing the parent's pool would hang here
    finally:
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()
    np.testing.assert_array_equal(np.array(got), parent.acceptability.to_numpy())


def test_a_threaded_run_over_the_time_limit_is_refused(restore_threads):
    set_threads(2)
    with pytest.raises(ParameterError, match="estimated to take"):
        ps.sensitivity.smaa(_problem(), "wsm", n_samples=200_000, chunk_size=10, max_seconds=1e-6)


def test_released_threads_are_gone_and_come_back(restore_threads) -> None:
    import threading

    before = _run(2)
    assert [t for t in threading.enumerate() if t.name.startswith("partnerselect")]
    _parallel.release_threads()
    assert not [t for t in threading.enumerate() if t.name.startswith("partnerselect")]
    after = _run(2)  # a new pool, the same numbers
    pd.testing.assert_frame_equal(before.acceptability, after.acceptability)


def test_release_leaves_a_run_under_way_alone(restore_threads) -> None:
    import threading

    set_threads(2)
    started, go = threading.Event(), threading.Event()
    out: list[int] = []
    errors: list[BaseException] = []

    def work(n: int) -> int:
        started.set()
        go.wait(5)
        return n

    def run() -> None:
        try:
            run_parallel(8, 1, lambda i, s, n: i, work, out.append, desc="demo")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=run)
    t.start()
    assert started.wait(5)
    _parallel.release_threads()  # a report forking now: the run keeps its threads
    go.set()
    t.join(10)
    assert not errors
    assert out == list(range(8))
