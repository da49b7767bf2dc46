"""Weighted sum model (WSM)."""

from __future__ import annotations

from typing import Any

import numpy as np

from partnerselect.methods._base import Method, register
from partnerselect.methods._checks import check_choice, require_positive
from partnerselect.methods._stack import as_stack, weighted_sums
from partnerselect.methods.normalization import normalize

__all__ = ["WSM", "wsm", "wsm_stack"]

_NORMS = ("minmax", "linear_max", "linear_sum", "none")


def wsm(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, normalization: str = "minmax"
) -> np.ndarray:
    """WSM scores ``sum_j w_j r_ij`` for a weight batch ``(S, n)`` -> ``(S, m)``.

    Pure kernel, no validation. ``normalization`` is ``"minmax"`` (default, each criterion
    mapped to [0, 1], 1 = best), ``"linear_max"`` (``x/max``, cost ``min/x``),
    ``"linear_sum"`` (``x/sum``, cost ``(1/x)/sum(1/x)``) or ``"none"`` (raw values).

    Examples
    --------
    >>> x = np.array([[25.0, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]])
    >>> wsm(x, np.ones(4), np.array([[0.2, 0.15, 0.4, 0.25]]), "none").round(2).tolist()
    [[21.5, 22.0, 22.0]]
    """
    r = normalize(matrix, signs, normalization)
    return np.atleast_2d(weights) @ r.T


def wsm_stack(
    matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, normalization: str = "minmax"
) -> np.ndarray:
    """:func:`wsm` of a stack: matrices ``(S, m, n)``, weights ``(S, k, n)`` -> ``(S, k, m)``.

    Each matrix is normalised on its own.

    Examples
    --------
    >>> x = np.array([[25.0, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]])
    >>> w = np.array([[[0.2, 0.15, 0.4, 0.25]]])
    >>> wsm_stack(x[None], np.ones(4), w, "none").round(2).tolist()
    [[[21.5, 22.0, 22.0]]]
    """
    X, W = as_stack(matrices, weights)
    return weighted_sums(W, normalize(X, signs, normalization))


@register("wsm")
class WSM(Method):
    """Weighted sum model: ``score_i = sum_j w_j r_ij``, higher is better.

    Parameters
    ----------
    normalization : {"minmax", "linear_max", "linear_sum", "none"}, default "minmax"
        How criteria are put on a common scale. ``"none"`` adds raw values, which the
        model's author allows only for benefit criteria in one unit (Triantaphyllou 2000);
        it is refused when there are cost criteria.

    Notes
    -----
    Conventions of the peers: pymcdm's ``WSM`` defaults to its ``sum_normalization``
    (our ``"linear_sum"``); scikit-criteria's ``WeightedSumModel`` takes raw values and
    refuses cost criteria (our ``"none"``). Contributions ``w_j r_ij`` sum to the score.

    References
    ----------
    Fishburn, P. C. (1967). Additive utilities with incomplete product sets: application to
    priorities and assignments. Operations Research Society of America.
    Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study.
    Kluwer, ch. 2.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.2]},
    ...                   index=["p1", "p2", "p3"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"},
    ...                            weights={"price": 1, "quality": 3})
    >>> ps.rank(pb, "wsm").scores.round(3).tolist()
    [0.25, 0.75, 0.725]
    """

    label = "WSM"
    normalization: str = "minmax"

    def validate(self, problem: Any) -> dict[str, Any]:
        norm = check_choice(self, "normalization", self.params["normalization"], _NORMS)
        if norm == "none" and np.any(problem.signs < 0):
            raise self.param_error(
                "normalization",
                "'minmax', 'linear_max' or 'linear_sum' when there are cost criteria "
                "(raw values can only be added for benefit criteria in one unit)",
                norm,
            )
        if norm in ("linear_max", "linear_sum"):
            require_positive(self, problem, columns="cost", why=f" with {norm} normalization")
            require_positive(self, problem, columns="benefit", strict=False)
        return {"normalization": norm}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return wsm(matrix, signs, weights, **params)

    def stacked_kernel(
        self, matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return wsm_stack(matrices, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r = normalize(matrix, signs, params["normalization"])
        return {"normalized matrix": r, "weighted matrix": r * weights}

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return np.asarray(normalize(matrix, signs, params["normalization"]) * weights)
