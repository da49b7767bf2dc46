"""Compromise-utility methods: MARCOS and CoCoSo."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from partnerselect.methods._base import Method, register
from partnerselect.methods._batch import chunks
from partnerselect.methods._checks import check_real, require_positive, warn_degenerate
from partnerselect.methods.normalization import linear_max, minmax

__all__ = ["COCOSO", "MARCOS", "cocoso", "marcos"]


# ----------------------------------------------------------------------------- MARCOS
def _marcos_parts(matrix: np.ndarray, signs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Normalised alternatives ``(m, n)`` and the normalised anti-ideal row ``(n,)``.

    With ideal ``AI`` (max benefit, min cost) and anti-ideal ``AAI`` (the opposite), the
    MARCOS normalisation is ``x/x_AI`` (benefit) and ``x_AI/x`` (cost): the alternatives
    get the linear max scheme, ``AI`` gets 1 everywhere and ``AAI`` gets ``min/max``.
    """
    x = np.asarray(matrix, dtype=float)
    anti = x.min(axis=0) / x.max(axis=0)
    return linear_max(x, signs), anti


def marcos(matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """MARCOS utility ``f(K_i)`` for a batch ``(S, n)`` -> ``(S, m)``.

    ``K-_i = S_i/S_AAI``, ``K+_i = S_i/S_AI``, ``f(K+) = K-/(K+ + K-)``,
    ``f(K-) = K+/(K+ + K-)`` and
    ``f(K_i) = (K+_i + K-_i) / (1 + (1 - f(K+))/f(K+) + (1 - f(K-))/f(K-))``.

    Examples
    --------
    >>> x = np.array([[1.0], [2.0]])
    >>> marcos(x, np.array([1]), np.array([[1.0]])).round(4).tolist()
    [[0.4286, 0.8571]]
    """
    r, anti = _marcos_parts(matrix, signs)
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    S = W @ r.T
    s_ai = W.sum(axis=1, keepdims=True)
    s_aai = W @ anti[:, None]
    k_minus = S / s_aai
    k_plus = S / s_ai
    total = k_plus + k_minus
    f_plus = k_minus / total
    f_minus = k_plus / total
    return total / (1.0 + (1.0 - f_plus) / f_plus + (1.0 - f_minus) / f_minus)


@register("marcos")
class MARCOS(Method):
    """Measurement of Alternatives and Ranking according to COmpromise Solution.

    Higher is better. All values must be positive (the method takes ratios to the ideal and
    anti-ideal). The utility is proportional to the weighted sum of linear-max ratios
    (``f(K+)`` and ``f(K-)`` are the same for every partner), so contributions
    ``w_j r_ij * f(K_i)/S_i`` sum to the score and weights need not sum to 1. Matches
    pymcdm's ``MARCOS`` and scikit-criteria's ``MARCOS``.

    References
    ----------
    Stević, Ž., Pamučar, D., Puška, A. & Chatterjee, P. (2020). Sustainable supplier
    selection in healthcare industries using a new MCDM method: Measurement of Alternatives
    and Ranking according to COmpromise Solution (MARCOS). Computers & Industrial
    Engineering 140, 106231.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 2.0]}, index=["a", "b"])
    >>> ps.rank(ps.Problem.from_frame(df, objectives={"q": "max"}), "marcos").scores.round(4).tolist()
    [0.4286, 0.8571]
    """

    label = "MARCOS"
    step_axes: ClassVar[Mapping[str, str]] = {"anti-ideal AAI (normalized)": "c"}

    def validate(self, problem: Any) -> dict[str, Any]:
        require_positive(self, problem, columns="all", why=" (ratios to ideal and anti-ideal)")
        return {}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return marcos(matrix, signs, weights)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r, anti = _marcos_parts(matrix, signs)
        S = r @ weights
        s_ai, s_aai = float(weights.sum()), float(anti @ weights)
        k_minus, k_plus = S / s_aai, S / s_ai
        return {
            "normalized matrix": r,
            "anti-ideal AAI (normalized)": anti,
            "weighted matrix": r * weights,
            "S": S,
            "S of AI": s_ai,
            "S of AAI": s_aai,
            "K- (to anti-ideal)": k_minus,
            "K+ (to ideal)": k_plus,
            "f(K)": marcos(matrix, signs, weights[None, :])[0],
        }

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        r, _ = _marcos_parts(matrix, signs)
        v = r * weights
        S = v.sum(axis=1)
        f = marcos(matrix, signs, weights[None, :])[0]
        return np.asarray(v * np.divide(f, S, out=np.zeros_like(f), where=S > 0)[:, None])


# ----------------------------------------------------------------------------- CoCoSo
def _ratio_to_min(a: np.ndarray) -> np.ndarray:
    """``a / min a`` per row, the minimum taken over positive entries (0 stays 0)."""
    pos = np.where(a > 0, a, np.inf).min(axis=-1, keepdims=True)
    return np.divide(a, pos, out=np.zeros_like(a), where=np.isfinite(pos))


def _cocoso_sp(r: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    S = W @ r.T
    P = np.empty_like(S)
    m, n = r.shape
    for sl in chunks(W.shape[0], m * n):
        P[sl] = (r[None, :, :] ** W[sl, None, :]).sum(axis=2)
    return S, P


def cocoso(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, lambda_: float = 0.5
) -> np.ndarray:
    """CoCoSo ``k_i`` for a batch ``(S, n)`` -> ``(S, m)`` on min-max normalised values.

    ``S_i = sum w r``, ``P_i = sum r^w`` (chunked over the batch),
    ``k_a = (P + S)/sum(P + S)``, ``k_b = S/min S + P/min P``,
    ``k_c = (lambda S + (1 - lambda) P)/(lambda max S + (1 - lambda) max P)`` (the two
    maxima taken separately, as in the paper) and
    ``k = (k_a k_b k_c)^(1/3) + (k_a + k_b + k_c)/3``. When a partner is worst on every
    weighted criterion (``S = 0``), ``min S`` is taken over the positive values and that
    partner's ratio is 0 (see :class:`COCOSO`).

    Examples
    --------
    >>> x = np.array([[1.0], [2.0], [3.0]])
    >>> cocoso(x, np.array([1]), np.array([[1.0]])).round(4).tolist()
    [[0.0, 1.6378, 3.2756]]
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    S, P = _cocoso_sp(minmax(matrix, signs), W)
    total = P + S
    k_a = total / total.sum(axis=1, keepdims=True)
    k_b = _ratio_to_min(S) + _ratio_to_min(P)
    k_c = (lambda_ * S + (1.0 - lambda_) * P) / (
        lambda_ * S.max(axis=1, keepdims=True) + (1.0 - lambda_) * P.max(axis=1, keepdims=True)
    )
    return np.cbrt(k_a * k_b * k_c) + (k_a + k_b + k_c) / 3.0


@register("cocoso")
class COCOSO(Method):
    """Combined Compromise Solution, higher is better.

    Parameters
    ----------
    lambda_ : float in [0, 1], default 0.5
        Balance of the weighted sum and the power-weighted sum in ``k_c``.

    Notes
    -----
    Min-max normalisation (cost reversed), as Yazdani et al. A partner that is worst on
    every criterion with positive weight has ``S = P = 0`` and makes the paper's
    ``S/min S`` infinite: we then take the minimum over the positive values (that partner
    gets ratio 0, others stay finite) and warn with
    :class:`~partnerselect.errors.DegenerateDataWarning` naming it; pymcdm and
    scikit-criteria return inf/NaN there. Exponents ``r^w`` make the scores depend on the
    scale of the weights: use weights summing to 1.

    References
    ----------
    Yazdani, M., Zarate, P., Zavadskas, E. K. & Turskis, Z. (2019). A combined compromise
    solution (CoCoSo) method for multi-criteria decision-making problems. Management
    Decision 57(9), 2501-2519.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 2.0, 3.0], "c": [2.0, 1.0, 3.0]}, index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"})
    >>> ps.rank(pb, "cocoso").ranks.tolist()
    [3, 1, 2]
    """

    label = "CoCoSo"
    lambda_: float = 0.5

    def validate(self, problem: Any) -> dict[str, Any]:
        lam = check_real(self, "lambda_", self.params["lambda_"], lo=0.0, hi=1.0)
        r = minmax(problem.values, problem.signs)
        active = problem.weight_vector > 0
        worst = np.flatnonzero(np.all(r[:, active] == 0, axis=1))
        if problem.shape[0] > 1 and worst.size:
            names = ", ".join(repr(str(problem.partners[i])) for i in worst)
            warn_degenerate(
                f"CoCoSo: partner(s) {names} are worst on every weighted criterion, so "
                "S = P = 0 and the paper's S/min S is undefined; the minimum is taken over "
                "the other partners and these get ratio 0."
            )
        return {"lambda_": lam}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return cocoso(matrix, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r = minmax(matrix, signs)
        W = weights[None, :]
        S, P = _cocoso_sp(r, W)
        lam = params["lambda_"]
        total = P + S
        k_c = (lam * S + (1.0 - lam) * P) / (lam * S.max() + (1.0 - lam) * P.max())
        return {
            "normalized matrix": r,
            "weighted sum S": S[0],
            "power-weighted sum P": P[0],
            "k_a": (total / total.sum())[0],
            "k_b": (_ratio_to_min(S) + _ratio_to_min(P))[0],
            "k_c": k_c[0],
            "k": cocoso(matrix, signs, W, lam)[0],
        }
