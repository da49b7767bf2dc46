"""Helpers shared by the sensitivity tests (imported by name; no package needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

import partnerselect as ps


def make_problem(m: int = 5, n: int = 4, seed: int = 0, *, costs: bool = True) -> ps.Problem:
    """A generic problem: positive values in [1, 10], distinct, mixed objectives."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        rng.uniform(1.0, 10.0, (m, n)),
        index=[f"p{i}" for i in range(m)],
        columns=[f"c{j}" for j in range(n)],
    )
    objectives = {c: ("min" if costs and j % 3 == 1 else "max") for j, c in enumerate(df.columns)}
    weights = rng.dirichlet(np.ones(n)) * 0.8 + 0.2 / n
    return ps.Problem.from_frame(df, objectives=objectives, weights=list(weights))


def runnable_methods() -> list[str]:
    """Registered methods that run with their default parameters on a generic problem."""
    out = []
    pb = make_problem()
    for name in ps.list_methods():
        try:
            ps.rank(pb, name)
        except Exception:
            continue
        if "scores_rank" in type(ps.get_method(name)).check_exemptions:
            continue  # ranks from a partial order that the scores do not reproduce (ELECTRE)
        out.append(name)
    return out
