"""Benchmarks of the sensitivity analyses (SMAA-2 over the weight simplex).

Case C  SMAA with TOPSIS, 10,000 Dirichlet weight vectors, 50 partners x 10 criteria:
        partnerselect vs a plain-numpy batched baseline vs the loops a scikit-criteria or
        pymcdm user would write (one full evaluation per weight vector).
Case D  the same with PROMETHEE II (linear preference), when ``promethee2`` is registered.
Case E  SMAA with 1,000,000 samples x 200 partners x 15 criteria (TOPSIS): peak memory
        must stay under 2 GiB (chunked accumulation), timed once.
Case K  SMAA-2 with uncertain data (``sample_data=True``), 10,000 samples x 50 partners x
        10 criteria, TOPSIS, every cell normal: within 3x of the fixed-data SMAA. Rows:
        rank acceptabilities and central weights (``confidence_samples=1``), the full run
        with confidence factors from 10,000 data draws (each draw scored with all 50
        central weight vectors), the first two again on one thread (both paths run their
        chunks on every available core by default), and, for scale, numpy drawing the
        5,000,000 normal values alone in float64.
Case L  critical weights, data uncertainty (300 draws) and rank reversal at 1,000
        partners x 8 criteria (TOPSIS), each timed once against the 2 s target.

The library loops are slow, so they run on a subset of the weight vectors (``LOOP_CALLS``
of them); the table shows the time of that subset (the contender's label says so) and the
full run costs that time multiplied by ``N_SAMPLES / LOOP_CALLS``, since the calls are
independent (the cost is linear in their number).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from _harness import Case

import partnerselect as ps
from partnerselect.sensitivity import smaa

N_SAMPLES = 10_000
LOOP_CALLS = 200
SEED = 20240611


def _data(m: int, n: int, seed: int = SEED) -> np.ndarray:
    return np.random.default_rng(seed).uniform(1.0, 10.0, (m, n))


def _problem(x: np.ndarray) -> ps.Problem:
    df = pd.DataFrame(x, index=[f"p{i}" for i in range(x.shape[0])])
    df.columns = [f"c{j}" for j in range(x.shape[1])]
    return ps.Problem.from_frame(df, objectives=["max"] * x.shape[1])


def _weights(n_samples: int, n: int, seed: int = SEED) -> np.ndarray:
    e = np.random.default_rng(seed).standard_exponential((n_samples, n))
    return e / e.sum(axis=1, keepdims=True)


def _count(utilities: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rank acceptability counts and central-weight sums, as SMAA-2 needs them."""
    S, m = utilities.shape
    order = np.argsort(-utilities, axis=1)
    counts = np.bincount((order * m + np.arange(m)).reshape(-1), minlength=m * m)
    first = order[:, 0]
    central = np.stack(
        [np.bincount(first, weights=W[:, j], minlength=m) for j in range(W.shape[1])], axis=1
    )
    return counts.reshape(m, m) / S, central


def numpy_topsis_smaa(x: np.ndarray, n_samples: int) -> tuple[np.ndarray, np.ndarray]:
    """Plain-numpy SMAA-2 with TOPSIS (vector normalisation, benefit criteria)."""
    W = _weights(n_samples, x.shape[1])
    r = x / np.sqrt((x * x).sum(axis=0))
    d_plus = (r - r.max(axis=0)) ** 2
    d_minus = (r - r.min(axis=0)) ** 2
    W2 = W * W
    s_plus = np.sqrt(W2 @ d_plus.T)
    s_minus = np.sqrt(W2 @ d_minus.T)
    return _count(s_minus / (s_plus + s_minus), W)


def numpy_promethee_smaa(
    x: np.ndarray, n_samples: int, q: float, p: float
) -> tuple[np.ndarray, np.ndarray]:
    """Plain-numpy SMAA-2 with PROMETHEE II (linear preference with q, p)."""
    W = _weights(n_samples, x.shape[1])
    m = x.shape[0]
    d = x[:, None, :] - x[None, :, :]  # (m, m, n): a - b
    pref = np.clip((d - q) / (p - q), 0.0, 1.0)
    net = (pref.sum(axis=1) - pref.sum(axis=0)) / (m - 1)  # (m, n): per-criterion net flow
    return _count(W @ net.T, W)


def skcriteria_topsis_loop(x: np.ndarray, calls: int) -> Callable[[], object]:
    import skcriteria as skc
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import SumScaler, VectorScaler

    W = _weights(calls, x.shape[1])
    objectives = [max] * x.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipe = mkpipe(SumScaler(target="weights"), VectorScaler(target="matrix"), TOPSIS())

    def run() -> object:
        winners = []
        for w in W:
            dm = skc.mkdm(x, objectives, weights=w)
            winners.append(pipe.evaluate(dm).rank_.argmin())
        return winners

    return run


def pymcdm_topsis_loop(x: np.ndarray, calls: int) -> Callable[[], object]:
    from pymcdm import normalizations
    from pymcdm.methods import TOPSIS

    W = _weights(calls, x.shape[1])
    types = np.ones(x.shape[1])
    body = TOPSIS(normalization_function=normalizations.vector_normalization)
    return lambda: [np.argmax(body(x, w, types)) for w in W]


def pymcdm_promethee_loop(x: np.ndarray, calls: int, q: float, p: float) -> Callable[[], object]:
    from pymcdm.methods import PROMETHEE_II

    W = _weights(calls, x.shape[1])
    n = x.shape[1]
    types = np.ones(n)
    p_arr, q_arr = np.full(n, p), np.full(n, q)
    # pymcdm 1.4's PROMETHEE_II object fails when called a second time (it keeps state from
    # the first call), so the loop builds one per weight vector, as a user would have to.
    return lambda: [np.argmax(PROMETHEE_II("vshape_2", p=p_arr, q=q_arr)(x, w, types)) for w in W]


def _peak_smaa(pb: ps.Problem, n_samples: int) -> Callable[[], object]:
    return lambda: smaa(pb, "topsis", n_samples=n_samples, random_state=0, progress=False)


def _uncertain_problem(m: int, n: int, sd: float = 0.3) -> ps.Problem:
    x = _data(m, n)
    df = pd.DataFrame(x, index=[f"p{i}" for i in range(m)], columns=[f"c{j}" for j in range(n)])
    cells = [(p, c) for p in df.index for c in df.columns]
    unc = pd.DataFrame(
        {"dist": "normal", "a": [df.loc[p, c] for p, c in cells], "b": sd},
        index=pd.MultiIndex.from_tuples(cells),
    )
    objectives = ["max", "min"] * (n // 2) + ["max"] * (n % 2)
    return ps.Problem.from_frame(df, objectives=objectives, uncertainty=unc)


def _once(fn: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ps.errors.PartnerSelectWarning)
            return fn()

    return run


def _draws_only(m: int, n: int, n_samples: int, sd: float = 0.3) -> Callable[[], object]:
    """numpy drawing the normal values of ``n_samples`` matrices, nothing else."""
    base = _data(m, n).reshape(-1)

    def run() -> object:
        rng = np.random.default_rng(0)
        return [rng.standard_normal((1_000, m * n)) * sd + base for _ in range(n_samples // 1_000)]

    return run


def uncertainty_cases(quick: bool) -> list[Case]:
    """Cases K and L."""
    n_samples = 2_000 if quick else N_SAMPLES
    pb = _uncertain_problem(50, 10)

    def run(**kw: object) -> Callable[[], object]:
        return lambda: smaa(pb, "topsis", n_samples=n_samples, random_state=0, progress=False, **kw)

    def one_thread(fn: Callable[[], object]) -> Callable[[], object]:
        def wrapped() -> object:
            previous = ps.sensitivity.set_threads(1)
            try:
                return fn()
            finally:
                ps.sensitivity.set_threads(previous)

        return wrapped

    out = [
        Case(
            name="K: SMAA-2 with uncertain data",
            description=(
                f"SMAA-2 with TOPSIS, {n_samples:,} samples x 50 partners x 10 criteria, every "
                "cell normal; baseline: the same SMAA with fixed data. 'sample_data' row: rank "
                "acceptabilities and central weights; '+ confidence factors' row: also the "
                f"confidence factors from {n_samples:,} data draws; '1 thread' rows: the same on "
                "one thread; 'data draws alone': numpy drawing the "
                f"{n_samples * 500:,} normal values (float64) and nothing else."
            ),
            contenders={
                "fixed data": run(sample_data=False),
                "sample_data": run(sample_data=True, confidence_samples=1),
                "sample_data + confidence factors": run(sample_data=True),
                "fixed data, 1 thread": one_thread(run(sample_data=False)),
                "sample_data, 1 thread": one_thread(run(sample_data=True, confidence_samples=1)),
                "numpy: the data draws alone": _draws_only(50, 10, n_samples),
            },
            baseline="fixed data",
            target_ratio=3.0,
            repeats=2 if quick else 3,
            subject="sample_data",
        )
    ]
    m = 200 if quick else 1_000
    big = _uncertain_problem(m, 8)
    for label, fn in (
        ("critical_weights", lambda: ps.sensitivity.critical_weights(big, "topsis")),
        (
            "data_uncertainty",
            lambda: ps.sensitivity.data_uncertainty(big, "topsis", n_samples=300, random_state=0),
        ),
        ("rank_reversal", lambda: ps.sensitivity.rank_reversal(big, "topsis")),
    ):
        out.append(
            Case(
                name=f"L: {label} at {m:,} partners",
                description=(
                    f"{label} with TOPSIS on {m:,} partners x 8 criteria, timed once "
                    "(target: <= 2 s on 2 cores)."
                ),
                contenders={label: _once(fn)},
                baseline=label,
                target_ratio=None,
                repeats=1,
                subject=label,
            )
        )
    return out


def cases(quick: bool) -> list[Case]:
    """Cases C, D, E, K and L (smaller sizes when ``quick``)."""
    m, n = 50, 10
    n_samples = 2_000 if quick else N_SAMPLES
    calls = 50 if quick else LOOP_CALLS
    factor = n_samples / calls
    x = _data(m, n)
    pb = _problem(x)
    repeats = 2 if quick else 5
    loop_note = (
        f"The library loops run {calls} of the {n_samples:,} evaluations (one per weight "
        f"vector); their rows show that time x {factor:g}, the full run (linear extrapolation)."
    )
    subset = f"(~ from {calls} calls)"
    out = [
        Case(
            name="C: SMAA-2 TOPSIS",
            description=(
                f"SMAA-2 with TOPSIS (vector normalisation), {n_samples:,} Dirichlet weight "
                f"vectors, {m} partners x {n} criteria: rank acceptability and central weights. "
                + loop_note
            ),
            contenders={
                "partnerselect": lambda: smaa(
                    pb, "topsis", n_samples=n_samples, random_state=0, progress=False
                ),
                "numpy batched": lambda: numpy_topsis_smaa(x, n_samples),
                f"scikit-criteria loop {subset}": skcriteria_topsis_loop(x, calls),
                f"pymcdm loop {subset}": pymcdm_topsis_loop(x, calls),
            },
            baseline="numpy batched",
            target_ratio=2.0,
            repeats=repeats,
            subject="partnerselect",
            extrapolate={f"scikit-criteria loop {subset}": factor, f"pymcdm loop {subset}": factor},
        )
    ]
    if "promethee2" in ps.list_methods():
        q, p = 0.5, 3.0
        out.append(
            Case(
                name="D: SMAA-2 PROMETHEE II",
                description=(
                    f"SMAA-2 with PROMETHEE II, linear preference (q={q}, p={p} on every "
                    f"criterion), {n_samples:,} Dirichlet weight vectors, {m} partners x {n} "
                    "criteria. " + loop_note
                ),
                contenders={
                    "partnerselect": lambda: smaa(
                        pb,
                        "promethee2",
                        n_samples=n_samples,
                        random_state=0,
                        progress=False,
                        preference="linear",
                        q=q,
                        p=p,
                    ),
                    "numpy batched": lambda: numpy_promethee_smaa(x, n_samples, q, p),
                    f"pymcdm loop {subset}": pymcdm_promethee_loop(x, calls, q, p),
                },
                baseline="numpy batched",
                target_ratio=2.0,
                repeats=repeats,
                subject="partnerselect",
                extrapolate={f"pymcdm loop {subset}": factor},
            )
        )
    else:
        print("bench_sensitivity: case D skipped, 'promethee2' is not registered.")
    big_m, big_n = (50, 15) if quick else (200, 15)
    big_samples = 50_000 if quick else 1_000_000
    big = _problem(_data(big_m, big_n))
    out.append(
        Case(
            name="E: SMAA-2 at scale",
            description=(
                f"SMAA-2 with TOPSIS, {big_samples:,} weight vectors x {big_m} partners x "
                f"{big_n} criteria, streamed in chunks: peak memory must stay under 2 GiB. "
                "Timed once."
            ),
            contenders={"partnerselect": _peak_smaa(big, big_samples)},
            baseline="partnerselect",
            target_ratio=None,
            repeats=1,
            memory=_peak_smaa(big, big_samples),
            memory_limit_mib=2048,
            subject="partnerselect",
        )
    )
    return out + uncertainty_cases(quick)
