"""A Method base whose steps declare their axes, so square problems are labelled right.

:func:`partnerselect.methods._base._label_steps` guesses the labels of a step from its
shape; when there are as many partners as criteria (``m == n``) a partners x partners
matrix and a partners x criteria matrix look alike, and so do per-partner and
per-criterion vectors. Methods here declare, in :attr:`ExplainedMethod.step_axes`, the
steps that are not partners-first: ``"c"`` (per criterion) or ``"pp"`` (partners x
partners). Everything else keeps the shape rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.methods._base import Method, _label_steps
from partnerselect.problem import Problem
from partnerselect.ranking import Ranking, _check_ties

__all__ = ["ExplainedMethod", "label_steps"]


def label_steps(
    steps: Mapping[str, Any], problem: Problem, axes: Mapping[str, str]
) -> dict[str, Any]:
    """Label steps by partner and criterion, honouring the declared ``axes``."""
    m, n = problem.shape
    out = _label_steps(steps, problem)
    for key, kind in axes.items():
        if key not in steps or isinstance(steps[key], pd.Series | pd.DataFrame):
            continue
        arr = np.asarray(steps[key])
        if kind == "c" and arr.shape == (n,):
            out[key] = pd.Series(arr, index=problem.criteria, name=key)
        elif kind == "pp" and arr.shape == (m, m):
            out[key] = pd.DataFrame(arr, index=problem.partners, columns=problem.partners)
    return out


class ExplainedMethod(Method):
    """:class:`~partnerselect.methods.Method` with declared step axes (see module docs)."""

    #: Step label -> ``"c"`` (per criterion) or ``"pp"`` (partners x partners).
    step_axes: ClassVar[Mapping[str, str]] = {}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        raise NotImplementedError

    def rank(self, problem: Problem, *, ties: str = "min") -> Ranking:
        """Rank the partners of ``problem`` (as :meth:`Method.rank`)."""
        _check_ties(ties)
        if not isinstance(problem, Problem):
            msg = (
                f"{self.display_name}.rank() needs a partnerselect.Problem, got "
                f"{type(problem).__name__}. Build one with Problem.from_frame(...)."
            )
            raise ParameterError(msg, value=type(problem).__name__)
        kwargs = self.prepare(problem)
        values, signs, w = problem.values, problem.signs, problem.weight_vector
        scores = np.asarray(self.kernel(values, signs, w[None, :], **kwargs), dtype=float)[0]

        def details() -> tuple[dict[str, Any], Any, dict[str, Any]]:
            steps = self.steps(values, signs, w, **kwargs)
            raw = self.contributions(values, signs, w, **kwargs)
            contrib = (
                None
                if raw is None
                else pd.DataFrame(raw, index=problem.partners, columns=problem.criteria)
            )
            extra = self.extra(problem, scores, steps, **kwargs)
            return label_steps(steps, problem, self.step_axes), contrib, extra

        return Ranking.from_scores(
            problem,
            scores,
            method=self.name,
            params=self.params,
            higher_is_better=self.higher_is_better,
            ties=ties,
            details=details,
        )
