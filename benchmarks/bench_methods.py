"""Method benchmarks: TOPSIS through the public API and the batched kernel at scale.

A: ``ps.rank(problem, "topsis")`` on 50 partners x 10 criteria (validation, kernel and the
   Ranking object; explanations are lazy) against a plain-numpy TOPSIS and
   scikit-criteria's ``VectorScaler + TOPSIS`` pipeline. Target: 5x the numpy baseline.
B: TOPSIS scores of 100,000 partners x 20 criteria through the partnerselect kernel
   (``get_method("topsis").scorer(problem)``, parameters validated once outside the
   timing) against plain numpy and scikit-criteria. Target: 1.5x. Peak memory of the
   kernel call is measured in a fresh process.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from _harness import Case

import partnerselect as ps


def _data(m: int, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 100.0, size=(m, n))
    signs = np.where(np.arange(n) % 3 == 0, -1, 1)
    w = rng.dirichlet(np.ones(n))
    return x, signs, w


def numpy_topsis(x: np.ndarray, signs: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Textbook TOPSIS (vector normalisation), no validation: the baseline."""
    v = x / np.sqrt((x * x).sum(axis=0)) * w
    ideal = np.where(signs > 0, v.max(axis=0), v.min(axis=0))
    anti = np.where(signs > 0, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    return d_minus / (d_plus + d_minus)


def _problem(x: np.ndarray, signs: np.ndarray, w: np.ndarray) -> ps.Problem:
    cols = [f"c{j}" for j in range(x.shape[1])]
    df = pd.DataFrame(x, index=[f"P{i}" for i in range(x.shape[0])], columns=cols)
    return ps.Problem.from_frame(
        df,
        objectives=["max" if s > 0 else "min" for s in signs],
        weights=dict(zip(cols, w, strict=True)),
    )


def _skcriteria(x: np.ndarray, signs: np.ndarray, w: np.ndarray):
    import skcriteria as skc
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import VectorScaler

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pipe = mkpipe(VectorScaler(target="matrix"), TOPSIS())
        dm = skc.mkdm(x, [max if s > 0 else min for s in signs], weights=w)

    def run() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pipe.evaluate(dm)

    return run


def cases(quick: bool) -> list[Case]:
    repeats = 3 if quick else 7
    xa, sa, wa = _data(50, 10)
    pa = _problem(xa, sa, wa)
    assert np.allclose(ps.rank(pa, "topsis").scores.to_numpy(), numpy_topsis(xa, sa, wa))
    case_a = Case(
        name="A",
        description="rank() TOPSIS, 50 partners x 10 criteria, public validated API",
        contenders={
            "numpy TOPSIS (baseline)": lambda: numpy_topsis(xa, sa, wa),
            "partnerselect ps.rank(problem, 'topsis')": lambda: ps.rank(pa, "topsis"),
            "scikit-criteria VectorScaler+TOPSIS": _skcriteria(xa, sa, wa),
        },
        baseline="numpy TOPSIS (baseline)",
        subject="partnerselect ps.rank(problem, 'topsis')",
        target_ratio=5.0,
        repeats=repeats,
    )
    m_b = 20_000 if quick else 100_000
    xb, sb, wb = _data(m_b, 20, seed=1)
    pb = _problem(xb, sb, wb)
    score_b = ps.get_method("topsis").scorer(pb)
    W_b = wb[None, :]  # equality with numpy_topsis is covered by the test suite and case A
    case_b = Case(
        name="B",
        description=f"TOPSIS kernel via get_method('topsis').scorer(problem), {m_b:,} partners x 20 criteria",
        contenders={
            "numpy TOPSIS (baseline)": lambda: numpy_topsis(xb, sb, wb),
            "partnerselect scorer(problem)(w)": lambda: score_b(W_b),
            "scikit-criteria VectorScaler+TOPSIS": _skcriteria(xb, sb, wb),
        },
        baseline="numpy TOPSIS (baseline)",
        subject="partnerselect scorer(problem)(w)",
        target_ratio=1.5,
        repeats=repeats,
        memory=lambda: score_b(W_b),
        memory_limit_mib=200.0,
    )
    return [case_a, case_b]
