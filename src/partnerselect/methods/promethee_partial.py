"""PROMETHEE I partial ranking and its result type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.methods._base import register
from partnerselect.methods.promethee import (
    PROMETHEE2,
    unicriterion_flows,
)
from partnerselect.problem import Problem
from partnerselect.ranking import PartialRanking

__all__ = ["PROMETHEE1", "PartialRanking", "outranking_relation"]

_TOL = 1e-12


def outranking_relation(plus: np.ndarray, minus: np.ndarray) -> np.ndarray:
    """PROMETHEE I outranking ``O[a, b]``: ``a`` is preferred to ``b``.

    ``a P b`` iff ``phi+(a) >= phi+(b)`` and ``phi-(a) <= phi-(b)`` with at least one
    strict inequality (differences below ``1e-12`` count as equal).

    Examples
    --------
    >>> outranking_relation(np.array([0.6, 0.4, 0.5]), np.array([0.2, 0.3, 0.1])).astype(int)
    array([[0, 1, 0],
           [0, 0, 0],
           [0, 1, 0]])
    """
    dp = plus[:, None] - plus[None, :]
    dm = minus[None, :] - minus[:, None]
    weak = (dp >= -_TOL) & (dm >= -_TOL)
    strict = (dp > _TOL) | (dm > _TOL)
    return weak & strict


@register("promethee1")
class PROMETHEE1(PROMETHEE2):
    """PROMETHEE I partial ranking from the positive and negative flows.

    Parameters
    ----------
    preference, q, p, s
        As for :class:`~partnerselect.methods.promethee.PROMETHEE2`.

    Notes
    -----
    :func:`~partnerselect.rank` returns a
    :class:`PartialRanking`: its scores are net flows (higher is better) and its ranks are
    ``1 + number of partners that outrank it`` under PROMETHEE I, so incomparable partners
    may share a rank. A partner that dominates another never ranks below it.

    References
    ----------
    Brans, J.-P. & Vincke, Ph. (1985). A preference ranking organisation method (The
    PROMETHEE method for multiple criteria decision-making). Management Science 31(6),
    647-656.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"C1": [4, 3, 5], "C2": [3, 2, 1], "C3": [2, 4, 3]},
    ...                   index=["A1", "A2", "A3"])
    >>> pb = ps.Problem.from_frame(df, objectives=["max"] * 3, weights=[0.5, 0.3, 0.2])
    >>> r = ps.rank(pb, "promethee1")
    >>> r.ranks.tolist(), r.incomparable
    ([2, 3, 1], [])
    """

    label = "PROMETHEE I"

    def relation(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        plus_j, minus_j = unicriterion_flows(matrix, signs, params["functions"])
        plus, minus = plus_j @ weights, minus_j @ weights
        indiff = (np.abs(plus[:, None] - plus[None, :]) <= _TOL) & (
            np.abs(minus[:, None] - minus[None, :]) <= _TOL
        )
        return outranking_relation(plus, minus), indiff

    def extra(
        self, problem: Problem, scores: np.ndarray, steps: Mapping[str, Any], **params: Any
    ) -> dict[str, Any]:
        plus_j, minus_j = unicriterion_flows(problem.values, problem.signs, params["functions"])
        w = problem.weight_vector
        index = problem.partners
        return {
            "positive_flow": pd.Series(plus_j @ w, index=index, name="phi+"),
            "negative_flow": pd.Series(minus_j @ w, index=index, name="phi-"),
        }
