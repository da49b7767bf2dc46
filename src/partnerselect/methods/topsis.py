"""TOPSIS (Hwang & Yoon 1981)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from partnerselect.methods._base import Method, register
from partnerselect.methods.normalization import minmax, vector

__all__ = ["TOPSIS", "topsis"]

_NORMS = ("vector", "minmax")


def _normalized(matrix: np.ndarray, signs: np.ndarray, normalization: str) -> np.ndarray:
    return vector(matrix) if normalization == "vector" else minmax(matrix, signs)


def topsis(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, normalization: str = "vector"
) -> np.ndarray:
    """Relative closeness ``S- / (S+ + S-)`` for a weight batch ``(S, n)`` -> ``(S, m)``."""
    r = _normalized(matrix, signs, normalization)
    sg = signs if normalization == "vector" else np.ones_like(signs)
    W = np.atleast_2d(weights)
    # Ideal and anti-ideal per weight vector: w_j * best_j with w >= 0, so best of r_j scaled.
    best = np.where(sg > 0, r.max(axis=0), r.min(axis=0))
    worst = np.where(sg > 0, r.min(axis=0), r.max(axis=0))
    d_best = r - best  # (m, n)
    d_worst = r - worst
    s_plus = np.sqrt((W * W) @ (d_best * d_best).T)
    s_minus = np.sqrt((W * W) @ (d_worst * d_worst).T)
    total = s_plus + s_minus
    return np.divide(s_minus, total, out=np.full_like(total, 0.5), where=total > 0)


@register("topsis")
class TOPSIS(Method):
    """Technique for Order Preference by Similarity to Ideal Solution.

    References
    ----------
    Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making. Springer.
    """

    label = "TOPSIS"
    defaults: ClassVar[Mapping[str, Any]] = {"normalization": "vector"}

    def validate(self, problem: Any) -> dict[str, Any]:
        norm = self.params["normalization"]
        if norm not in _NORMS:
            raise self.param_error("normalization", f"one of {list(_NORMS)}", norm)
        return {"normalization": norm}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return topsis(matrix, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        norm = params["normalization"]
        r = _normalized(matrix, signs, norm)
        v = r * weights
        sg = signs if norm == "vector" else np.ones_like(signs)
        ideal = np.where(sg > 0, v.max(axis=0), v.min(axis=0))
        anti = np.where(sg > 0, v.min(axis=0), v.max(axis=0))
        s_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
        s_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
        return {
            "normalized matrix": r,
            "weighted matrix": v,
            "ideal": ideal,
            "anti-ideal": anti,
            "distance to ideal": s_plus,
            "distance to anti-ideal": s_minus,
        }
