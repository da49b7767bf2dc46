"""Use any scikit-criteria decision maker as a partnerselect method.

:func:`partnerselect.rank` routes scikit-criteria decision makers here, so
``ps.rank(problem, skcriteria.agg.simple.WeightedSumModel())`` works and returns a normal
:class:`~partnerselect.Ranking`. Pipelines (``skcriteria.pipelines.mkpipe(...)``) are
used through ``SKCriteriaMethod(decision_maker=pipe)``.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from partnerselect.errors import ParameterError
from partnerselect.methods._base import Method
from partnerselect.problem import Problem

__all__ = ["SKCriteriaMethod"]

#: Keys of ``result.e_`` read as the decision maker's score, in order of preference.
SCORE_KEYS = ("score", "similarity")


def _oriented_score(result: Any) -> np.ndarray:
    """A higher-is-better score from a scikit-criteria ``RankResult``.

    The decision maker's own score (``e_.score`` or ``e_.similarity``) when it exists and
    agrees with ``rank_`` (negated when it runs the other way); otherwise ``-rank_``.
    """
    ranks = np.asarray(result.rank_, dtype=float)
    extra = getattr(result, "e_", None)
    for key in SCORE_KEYS:
        if extra is not None and key in extra:
            score = np.asarray(extra[key], dtype=float)
            if score.shape != ranks.shape or not np.all(np.isfinite(score)):
                break
            best = ranks == ranks.min()
            if np.all(score[best] >= score.max() - 1e-12):
                return score
            if np.all(score[best] <= score.min() + 1e-12):
                return -score
            break
    return -ranks


class SKCriteriaMethod(Method):
    """Adapter running a scikit-criteria decision maker (or pipeline) on a Problem.

    Parameters
    ----------
    decision_maker : object
        Anything with ``evaluate(DecisionMatrix) -> RankResult`` (a scikit-criteria
        aggregator such as ``WeightedSumModel()`` or a pipeline).

    Notes
    -----
    The score is oriented so that higher is better: the decision maker's ``e_.score``
    (or ``e_.similarity`` for TOPSIS) if it has one, negated if it runs the other way,
    otherwise ``-rank_``. The kernel is **not vectorised**: it builds one DecisionMatrix
    and calls ``evaluate`` per weight vector, so sensitivity analyses with thousands of
    samples are slow; prefer a registered method for those. Not registered under a name.

    References
    ----------
    Cabral, J. B., Luczywo, N. A. & Zanazzi, J. L. (2016). Scikit-Criteria: Colección de
    métodos de análisis multi-criterio integrado al stack científico de Python. XLV
    Jornadas Argentinas de Informática (JAIIO), 59-66.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> from skcriteria.agg.simple import WeightedSumModel
    >>> df = pd.DataFrame({"a": [1.0, 3.0, 2.0], "b": [2.0, 1.0, 2.5]}, index=["x", "y", "z"])
    >>> pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"})
    >>> r = ps.rank(pb, WeightedSumModel())
    >>> r.ranks.tolist(), r.scores.tolist()
    ([3, 2, 1], [1.5, 2.0, 2.25])
    """

    name = "skcriteria"
    decision_maker: Any = None

    @property
    def display_name(self) -> str:
        dm = self.params.get("decision_maker")
        return f"scikit-criteria {type(dm).__name__}" if dm is not None else "SKCriteriaMethod"

    def validate(self, problem: Any) -> dict[str, Any]:
        dm = self.params["decision_maker"]
        if dm is None or not callable(getattr(dm, "evaluate", None)):
            raise self.param_error(
                "decision_maker", "a scikit-criteria decision maker with an evaluate() method", dm
            )
        criteria = [str(c) for c in problem.criteria]
        partners = [str(p) for p in problem.partners]
        kwargs = {"decision_maker": dm, "criteria": criteria, "partners": partners}
        try:
            self.kernel(problem.values, problem.signs, problem.weight_vector[None, :], **kwargs)
        except ParameterError:
            raise
        except Exception as exc:
            msg = (
                f"{self.display_name} cannot rank this problem: {exc} "
                "Adapt the problem (for example invert cost criteria in a scikit-criteria "
                "pipeline) or use a registered partnerselect method."
            )
            raise ParameterError(msg, value=repr(dm)) from exc
        return kwargs

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        import skcriteria as skc

        dm_obj = params["decision_maker"]
        W = np.atleast_2d(np.asarray(weights, dtype=float))
        objectives = [max if s > 0 else min for s in signs]
        out = np.empty((W.shape[0], np.shape(matrix)[0]))
        for k, w in enumerate(W):  # not vectorised: one evaluate() per weight vector
            dm = skc.mkdm(
                np.array(matrix, dtype=float),
                objectives,
                weights=w.copy(),
                alternatives=params.get("partners"),
                criteria=params.get("criteria"),
            )
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                result = dm_obj.evaluate(dm)
            out[k] = _oriented_score(result)
        return out

    def extra(
        self, problem: Problem, scores: np.ndarray, steps: Mapping[str, Any], **params: Any
    ) -> dict[str, Any]:
        return {"decision_maker": repr(params["decision_maker"])}
