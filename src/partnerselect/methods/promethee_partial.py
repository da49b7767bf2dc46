"""PROMETHEE I partial ranking and its result type."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.methods._base import label_steps, register
from partnerselect.methods.promethee import (
    PROMETHEE2,
    unicriterion_flows,
)
from partnerselect.problem import Problem
from partnerselect.ranking import Ranking, _check_ties

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


@dataclasses.dataclass(frozen=True, repr=False)
class PartialRanking(Ranking):
    """A PROMETHEE I result: a partial order, with incomparable pairs.

    ``scores`` are the net flows (as in PROMETHEE II, so weight batches and sensitivity
    analyses work unchanged) but ``ranks`` come from the partial order:
    ``rank(a) = 1 + number of partners that outrank a``. Two partners share a rank when
    they are indifferent or incomparable (or merely outranked by as many others), so
    ranks are 1..n with gaps; the tie policy does not apply (``ties`` is recorded as
    ``"partial"``).

    Attributes
    ----------
    positive_flow, negative_flow : pandas.Series
        Leaving flow ``phi+`` and entering flow ``phi-`` per partner.
    outranking : pandas.DataFrame
        Boolean partners x partners: ``outranking.loc[a, b]`` is ``a P b``.
    incomparable : list of tuple
        Pairs ``(a, b)`` (input order) that are neither preferred nor indifferent.
    """

    @property
    def positive_flow(self) -> pd.Series:
        """Leaving flow ``phi+`` per partner."""
        return self.extra["positive_flow"]

    @property
    def negative_flow(self) -> pd.Series:
        """Entering flow ``phi-`` per partner."""
        return self.extra["negative_flow"]

    @property
    def outranking(self) -> pd.DataFrame:
        """``outranking.loc[a, b]`` is True when ``a`` is preferred to ``b``."""
        return self.extra["outranking"]

    @property
    def incomparable(self) -> list[tuple[Any, Any]]:
        """Pairs of partners that PROMETHEE I leaves incomparable."""
        return list(self.extra["incomparable"])


@register("promethee1")
class PROMETHEE1(PROMETHEE2):
    """PROMETHEE I partial ranking from the positive and negative flows.

    Same parameters as :class:`~partnerselect.methods.promethee.PROMETHEE2`
    (``preference``, ``q``, ``p``, ``s``). :func:`~partnerselect.rank` returns a
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

    def rank(self, problem: Problem, *, ties: str = "min") -> PartialRanking:
        """Partial ranking of ``problem`` (the tie policy is checked but does not apply)."""
        _check_ties(ties)
        self.check_problem(problem)
        kwargs = self.prepare(problem)
        values, signs, w = problem.values, problem.signs, problem.weight_vector
        plus_j, minus_j = unicriterion_flows(values, signs, kwargs["functions"])
        plus, minus = plus_j @ w, minus_j @ w
        relation = outranking_relation(plus, minus)
        ranks = 1 + relation.sum(axis=0)
        index = problem.partners

        def details() -> tuple[dict[str, Any], None, dict[str, Any]]:
            steps = self.steps(values, signs, w, **kwargs)
            indiff = (np.abs(plus[:, None] - plus[None, :]) <= _TOL) & (
                np.abs(minus[:, None] - minus[None, :]) <= _TOL
            )
            incomparable = ~(relation | relation.T | indiff)
            pairs = [
                (index[a], index[b])
                for a, b in zip(*np.nonzero(np.triu(incomparable, k=1)), strict=True)
            ]
            extra = {
                "positive_flow": pd.Series(plus, index=index, name="phi+"),
                "negative_flow": pd.Series(minus, index=index, name="phi-"),
                "outranking": pd.DataFrame(relation, index=index, columns=index),
                "incomparable": pairs,
            }
            return label_steps(steps, problem, self.step_axes), None, extra

        return PartialRanking(
            scores=pd.Series(plus - minus, index=index, name="score"),
            ranks=pd.Series(ranks.astype(int), index=index, name="rank"),
            method=self.name,
            params=dict(self.params),
            higher_is_better=True,
            ties="partial",
            problem=problem,
            details=details,
        )
