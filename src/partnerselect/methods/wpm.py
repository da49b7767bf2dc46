"""Weighted product model (WPM) and WASPAS (its combination with the weighted sum)."""

from __future__ import annotations

from typing import Any

import numpy as np

from partnerselect.methods._base import Method, register
from partnerselect.methods._checks import check_choice, check_real, require_positive
from partnerselect.methods._stack import as_stack, weighted_sums
from partnerselect.methods.normalization import linear_max

__all__ = ["WASPAS", "WPM", "waspas", "waspas_stack", "wpm", "wpm_stack"]

_NORMS = ("linear_max", "none")


def _ratios(
    matrix: np.ndarray, signs: np.ndarray, normalization: str
) -> tuple[np.ndarray, np.ndarray]:
    """Normalised ratios ``r`` (m, n) and the exponent sign per criterion (n,)."""
    if normalization == "none":
        return np.asarray(matrix, dtype=float), np.where(np.asarray(signs) > 0, 1.0, -1.0)
    return linear_max(matrix, signs), np.ones(np.shape(signs))


def _weighted_product(r: np.ndarray, exponent_sign: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``prod_j r_ij ** (e_j w_sj)`` for a batch ``W (S, n)`` -> ``(S, m)``, with ``0**0 = 1``.

    Computed in logs (one matrix product, no ``(S, m, n)`` array); a zero ratio with a
    positive weight makes the product 0.
    """
    positive = r > 0
    logr = np.log(np.where(positive, r, 1.0)) * exponent_sign
    zero_hit = W @ (~positive).astype(float).T > 0
    out = np.exp(W @ logr.T)
    out[zero_hit] = 0.0
    return out


def _weighted_product_stack(r: np.ndarray, exponent_sign: np.ndarray, W: np.ndarray) -> np.ndarray:
    """:func:`_weighted_product` of a stack: ``r (S, m, n)``, ``W (S, k, n)`` -> ``(S, k, m)``."""
    positive = r > 0
    logr = np.log(np.where(positive, r, 1.0))
    logr *= exponent_sign
    zero_hit = weighted_sums(W, (~positive).astype(float)) > 0
    out = np.exp(weighted_sums(W, logr))
    out[zero_hit] = 0.0
    return out


def wpm(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, normalization: str = "linear_max"
) -> np.ndarray:
    """WPM scores ``prod_j r_ij ** w_j`` for a weight batch ``(S, n)`` -> ``(S, m)``.

    With ``"linear_max"`` ``r`` is ``x/max`` (benefit) or ``min/x`` (cost); with
    ``"none"`` it is the raw value and cost criteria enter with exponent ``-w_j``. Both
    give the same score ratios ``P(A_K/A_L) = prod_j (a_Kj/a_Lj) ** (+-w_j)``.

    Examples
    --------
    >>> x = np.array([[25.0, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]])
    >>> s = wpm(x, np.ones(4), np.array([[0.2, 0.15, 0.4, 0.25]]), "none")[0]
    >>> [round(float(s[k] / s[j]), 3) for k, j in ((0, 1), (0, 2), (1, 2))]
    [1.007, 1.067, 1.059]
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    r, e = _ratios(matrix, signs, normalization)
    return _weighted_product(r, e, W)


def waspas(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, lambda_: float = 0.5
) -> np.ndarray:
    """WASPAS joint criterion ``Q = lambda WSM + (1 - lambda) WPM`` on linear-max ratios.

    Examples
    --------
    >>> x = np.array([[2.0, 10.0], [4.0, 20.0]])
    >>> waspas(x, np.array([1, -1]), np.array([[0.5, 0.5]]), 0.5).round(4).tolist()
    [[0.7286, 0.7286]]
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    r = linear_max(matrix, signs)
    q_sum = W @ r.T
    q_prod = _weighted_product(r, np.ones(r.shape[1]), W)
    return lambda_ * q_sum + (1.0 - lambda_) * q_prod


def wpm_stack(
    matrices: np.ndarray,
    signs: np.ndarray,
    weights: np.ndarray,
    normalization: str = "linear_max",
) -> np.ndarray:
    """:func:`wpm` of a stack: matrices ``(S, m, n)``, weights ``(S, k, n)`` -> ``(S, k, m)``.

    Examples
    --------
    >>> x = np.array([[2.0, 10.0], [4.0, 20.0]])
    >>> wpm_stack(x[None], np.array([1, -1]), np.array([[[0.5, 0.5]]])).round(4).tolist()
    [[[0.7071, 0.7071]]]
    """
    X, W = as_stack(matrices, weights)
    r, e = _ratios(X, signs, normalization)
    return _weighted_product_stack(r, e, W)


def waspas_stack(
    matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, lambda_: float = 0.5
) -> np.ndarray:
    """:func:`waspas` of a stack: matrices ``(S, m, n)``, weights ``(S, k, n)`` -> ``(S, k, m)``.

    Examples
    --------
    >>> x = np.array([[2.0, 10.0], [4.0, 20.0]])
    >>> waspas_stack(x[None], np.array([1, -1]), np.array([[[0.5, 0.5]]])).round(4).tolist()
    [[[0.7286, 0.7286]]]
    """
    X, W = as_stack(matrices, weights)
    r = linear_max(X, signs)
    q_sum = weighted_sums(W, r)
    q_prod = _weighted_product_stack(r, np.ones(r.shape[-1]), W)
    return lambda_ * q_sum + (1.0 - lambda_) * q_prod


@register("wpm")
class WPM(Method):
    """Weighted product model: ``score_i = prod_j r_ij ** w_j``, higher is better.

    Parameters
    ----------
    normalization : {"linear_max", "none"}, default "linear_max"
        ``"linear_max"`` scores ``prod (x/max)**w`` (benefit) and ``prod (min/x)**w``
        (cost), in (0, 1]. ``"none"`` scores raw values, ``prod a**w`` for benefit and
        ``a**-w`` for cost criteria (Bridgman's dimensionless form). Both choices give the
        same pairwise ratios ``P(A_K/A_L) = prod_j (a_Kj/a_Lj)**(+-w_j)`` that
        Triantaphyllou (2000) publishes, so ratios of our scores reproduce them.

    Notes
    -----
    Needs positive values on cost criteria and non-negative values on benefit criteria
    (a zero benefit value makes the product 0); otherwise a DataError names the cell.
    pymcdm's ``WPM`` defaults to sum normalisation (a rescaling of each column, so its
    score ratios equal ours); scikit-criteria's ``WeightedProductModel`` returns
    ``log10`` of the product of raw values.

    References
    ----------
    Bridgman, P. W. (1922). Dimensional Analysis. Yale University Press.
    Miller, D. W. & Starr, M. K. (1969). Executive Decisions and Operations Research.
    Prentice-Hall.
    Triantaphyllou, E. (2000). Multi-Criteria Decision Making Methods: A Comparative Study.
    Kluwer, ch. 2.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900, 1100], "quality": [3.0, 4.5]}, index=["p1", "p2"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})
    >>> ps.rank(pb, "wpm").scores.round(4).tolist()
    [0.8165, 0.9045]
    """

    label = "WPM"
    normalization: str = "linear_max"

    def validate(self, problem: Any) -> dict[str, Any]:
        norm = check_choice(self, "normalization", self.params["normalization"], _NORMS)
        require_positive(self, problem, columns="cost", why=" (it takes ratios)")
        require_positive(self, problem, columns="benefit", strict=False, why=" (it takes powers)")
        return {"normalization": norm}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return wpm(matrix, signs, weights, **params)

    def stacked_kernel(
        self, matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return wpm_stack(matrices, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r, e = _ratios(matrix, signs, params["normalization"])
        with np.errstate(divide="ignore"):
            powered = np.where(r > 0, r, 0.0) ** (e * weights)
        return {"normalized matrix": r, "weighted ratios r**w": powered}


@register("waspas")
class WASPAS(Method):
    """Weighted Aggregated Sum Product ASsessment, higher is better.

    ``Q_i = lambda_ * sum_j w_j r_ij + (1 - lambda_) * prod_j r_ij ** w_j`` with the linear
    max normalisation (``x/max`` for benefit, ``min/x`` for cost).

    Parameters
    ----------
    lambda_ : float in [0, 1], default 0.5
        Share of the weighted sum (1 = WSM, 0 = WPM on linear-max ratios).

    Notes
    -----
    Same positivity requirements as :class:`WPM`. WASPAS is defined for weights summing
    to 1: scaling the weight vector changes the balance of its two parts, so a weight
    batch should be normalised (ranks from :func:`~partnerselect.rank` always are).
    No per-criterion contributions: the product part is not additive. Matches
    pymcdm's ``WASPAS`` (default normalisation) and scikit-criteria's ``WASPAS`` after
    ``InvertMinimize`` + ``MaxAbsScaler``.

    References
    ----------
    Zavadskas, E. K., Turskis, Z., Antucheviciene, J. & Zakarevicius, A. (2012).
    Optimization of weighted aggregated sum product assessment. Elektronika ir
    Elektrotechnika 122(6), 3-6.
    Chakraborty, S., Zavadskas, E. K. & Antucheviciene, J. (2015). Applications of WASPAS
    method as a multi-criteria decision-making tool. Economic Computation and Economic
    Cybernetics Studies and Research 49(1), 5-22.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900, 1100], "quality": [3.0, 4.5]}, index=["p1", "p2"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})
    >>> ps.rank(pb, "waspas", lambda_=1.0).scores.round(4).tolist()
    [0.8333, 0.9091]
    """

    label = "WASPAS"
    lambda_: float = 0.5

    def validate(self, problem: Any) -> dict[str, Any]:
        lam = check_real(self, "lambda_", self.params["lambda_"], lo=0.0, hi=1.0)
        require_positive(self, problem, columns="cost", why=" (it takes ratios)")
        require_positive(self, problem, columns="benefit", strict=False, why=" (it takes powers)")
        return {"lambda_": lam}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return waspas(matrix, signs, weights, **params)

    def stacked_kernel(
        self, matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return waspas_stack(matrices, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r = linear_max(matrix, signs)
        W = weights[None, :]
        return {
            "normalized matrix": r,
            "weighted sum (WSM part)": (W @ r.T)[0],
            "weighted product (WPM part)": _weighted_product(r, np.ones(r.shape[1]), W)[0],
        }
