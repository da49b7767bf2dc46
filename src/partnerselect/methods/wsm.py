"""Weighted sum model (WSM)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from partnerselect.methods._base import Method, register
from partnerselect.methods.normalization import minmax

__all__ = ["WSM", "wsm"]

_NORMS = ("minmax", "none")


def wsm(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, normalization: str = "minmax"
) -> np.ndarray:
    """WSM scores ``sum_j w_j r_ij`` for a weight batch ``(S, n)`` -> ``(S, m)``.

    ``normalization="none"`` uses the raw values (Triantaphyllou 2000: all criteria in the
    same unit, benefit only); ``"minmax"`` (default) maps each criterion to [0, 1], 1 = best.
    """
    r = np.asarray(matrix, float) if normalization == "none" else minmax(matrix, signs)
    return np.atleast_2d(weights) @ r.T


@register("wsm")
class WSM(Method):
    """Weighted sum model.

    References
    ----------
    Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study.
    Kluwer, ch. 2.
    """

    label = "WSM"
    defaults: ClassVar[Mapping[str, Any]] = {"normalization": "minmax"}

    def validate(self, problem: Any) -> dict[str, Any]:
        norm = self.params["normalization"]
        if norm not in _NORMS:
            raise self.param_error("normalization", f"one of {list(_NORMS)}", norm)
        if norm == "none" and np.any(problem.signs < 0):
            msg = (
                "WSM with normalization='none' adds raw values, which only makes sense for "
                "benefit criteria in one unit. Use normalization='minmax' for cost criteria."
            )
            raise self.param_error(
                "normalization", "'minmax' when there are cost criteria", norm
            ) from ValueError(msg)
        return {"normalization": norm}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return wsm(matrix, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r = (
            np.asarray(matrix, float)
            if params["normalization"] == "none"
            else minmax(matrix, signs)
        )
        return {"normalized matrix": r, "weighted matrix": r * weights}

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        r = (
            np.asarray(matrix, float)
            if params["normalization"] == "none"
            else minmax(matrix, signs)
        )
        return np.asarray(r * weights)
