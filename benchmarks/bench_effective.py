"""Effective weights: the batched swing against one ``rank()`` per swung matrix.

Case EW  ``effective_weights(problem, "wsm")`` (all swung columns normalised in one call)
against the obvious loop that builds a Problem and ranks it for every partner, criterion
and level, on 30 partners x 12 criteria.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from _harness import Case

import partnerselect as ps


def _problem(m: int, n: int, seed: int = 0) -> ps.Problem:
    rng = np.random.default_rng(seed)
    cols = [f"c{j}" for j in range(n)]
    df = pd.DataFrame(rng.uniform(1, 100, (m, n)), index=[f"P{i}" for i in range(m)], columns=cols)
    objectives = ["max" if j % 3 else "min" for j in range(n)]
    return ps.Problem.from_frame(df, objectives=objectives, weights=list(rng.dirichlet(np.ones(n))))


def naive_swing(pb: ps.Problem) -> np.ndarray:
    """One public rank() per swung matrix: the baseline a user would write."""
    x = pb.matrix
    out = np.zeros(pb.shape[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j, crit in enumerate(pb.criteria):
            col = x[crit]
            best, worst = (col.max(), col.min()) if pb.signs[j] > 0 else (col.min(), col.max())
            for pid in pb.partners:
                scores = []
                for level in (best, worst):
                    y = x.copy()
                    y.loc[pid, crit] = level
                    scores.append(ps.rank(pb.replace(matrix=y), "wsm").scores[pid])
                out[j] += abs(scores[0] - scores[1])
    return out / out.sum()


def cases(quick: bool) -> list[Case]:
    m, n = (15, 6) if quick else (30, 12)
    pb = _problem(m, n)
    return [
        Case(
            name="EW",
            description=f"effective weights (swing, WSM), {m} partners x {n} criteria",
            contenders={
                "rank() per swung matrix (baseline)": lambda: naive_swing(pb),
                "partnerselect effective_weights": lambda: ps.effective_weights(pb, "wsm"),
            },
            baseline="rank() per swung matrix (baseline)",
            subject="partnerselect effective_weights",
            target_ratio=0.05,
            repeats=1 if quick else 3,
        )
    ]
