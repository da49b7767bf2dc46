"""Ratio-analysis methods: COPRAS, ARAS, MOORA."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

from partnerselect.methods._base import Method, register
from partnerselect.methods._batch import chunks
from partnerselect.methods._checks import check_choice, per_criterion, require_positive
from partnerselect.methods._stack import as_stack, weighted_sums
from partnerselect.methods.normalization import linear_sum, sum_, vector
from partnerselect.problem import Problem

__all__ = ["ARAS", "COPRAS", "MOORA", "aras", "copras", "moora", "moora_stack"]


# ----------------------------------------------------------------------------- COPRAS
def _copras_parts(
    matrix: np.ndarray, signs: np.ndarray, W: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = sum_(matrix)
    benefit = (np.asarray(signs) > 0).astype(float)
    s_plus = W @ (r * benefit).T
    s_minus = W @ (r * (1.0 - benefit)).T
    has_cost = s_minus.min(axis=1, keepdims=True) > 0
    safe = np.where(has_cost, s_minus, 1.0)
    term = s_minus.sum(axis=1, keepdims=True) / (safe * (1.0 / safe).sum(axis=1, keepdims=True))
    Q = s_plus + np.where(has_cost, term, 0.0)
    return s_plus, s_minus, Q


def copras(matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """COPRAS utility degree ``N_i = Q_i / max Q`` for a batch ``(S, n)`` -> ``(S, m)``.

    ``Q_i = S+_i + sum_k S-_k / (S-_i * sum_k 1/S-_k)`` on sum-normalised values. When no
    weight falls on a cost criterion (``S- = 0`` for everyone), ``Q = S+``.

    Examples
    --------
    >>> x = np.array([[1.0, 1.0], [2.0, 3.0]])
    >>> copras(x, np.array([-1, 1]), np.array([[0.5, 0.5]])).round(4).tolist()
    [[0.8462, 1.0]]
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    _, _, Q = _copras_parts(matrix, signs, W)
    top = Q.max(axis=1, keepdims=True)
    return np.divide(Q, top, out=np.ones_like(Q), where=top > 0)


@register("copras")
class COPRAS(Method):
    """COmplex PRoportional ASsessment; the score is the utility degree ``N = Q/max Q``.

    Notes
    -----
    Every value is sum-normalised (``x / sum x``); benefit and cost criteria are summed
    separately (``S+``, ``S-``) and costs enter through the inverse-proportional term of
    ``Q``. Cost values must be positive. Utility is often published in percent (x100).
    pymcdm 1.4's ``COPRAS`` has a formula error (its ``Q`` reduces to ``S+ + S-``, so costs
    raise the score); we follow Zavadskas et al. and check against published values and
    scikit-criteria's ``COPRAS`` instead.

    References
    ----------
    Zavadskas, E. K., Kaklauskas, A. & Šarka, V. (1994). The new method of multicriteria
    complex proportional assessment of projects. Technological and Economic Development of
    Economy 1(3), 131-139.
    Goswami, S. S. & Mitra, S. (2020). Selecting the best mobile model by applying AHP-COPRAS
    and AHP-ARAS decision making methodology. International Journal of Data and Network
    Science 4(1), 27-42.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [1.0, 2.0], "q": [1.0, 3.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "q": "max"})
    >>> ps.rank(pb, "copras").scores.round(4).tolist()
    [0.8462, 1.0]
    """

    label = "COPRAS"

    def validate(self, problem: Any) -> dict[str, Any]:
        require_positive(self, problem, columns="cost", why=" (the cost term divides by them)")
        require_positive(self, problem, columns="benefit", strict=False)
        return {}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return copras(matrix, signs, weights)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        s_plus, s_minus, Q = _copras_parts(matrix, signs, weights[None, :])
        r = sum_(matrix)
        return {
            "normalized matrix": r,
            "weighted matrix": r * weights,
            "S+ (benefit sum)": s_plus[0],
            "S- (cost sum)": s_minus[0],
            "Q (relative significance)": Q[0],
            "utility degree N": Q[0] / Q[0].max() if Q[0].max() > 0 else np.ones_like(Q[0]),
        }


# ----------------------------------------------------------------------------- ARAS
def _aras_matrix(
    matrix: np.ndarray, signs: np.ndarray, optimal: np.ndarray | None = None
) -> np.ndarray:
    """Normalised matrix with the optimal row ``A0`` first (appended BEFORE normalising).

    ``optimal`` (n,) is the given optimal alternative; by default the best value of each
    criterion (max for benefit, min for cost).
    """
    x = np.asarray(matrix, dtype=float)
    s = np.asarray(signs)
    if optimal is None:
        optimal = np.where(s > 0, x.max(axis=0), x.min(axis=0))
    return linear_sum(np.vstack([np.asarray(optimal, dtype=float), x]), s)


def aras(
    matrix: np.ndarray,
    signs: np.ndarray,
    weights: np.ndarray,
    optimal: np.ndarray | None = None,
) -> np.ndarray:
    """ARAS utility degree ``K_i = S_i / S_0`` for a batch ``(S, n)`` -> ``(S, m)``.

    ``optimal`` (n,) is the optimal alternative ``A0`` (default: best value per criterion).

    Examples
    --------
    >>> x = np.array([[1.0], [2.0]])
    >>> aras(x, np.array([1]), np.array([[1.0]])).tolist()
    [[0.5, 1.0]]
    >>> aras(x, np.array([1]), np.array([[1.0]]), optimal=np.array([4.0])).tolist()
    [[0.25, 0.5]]
    """
    r = _aras_matrix(matrix, signs, optimal)
    S = np.atleast_2d(np.asarray(weights, dtype=float)) @ r.T
    return S[:, 1:] / S[:, :1]


@register("aras")
class ARAS(Method):
    """Additive Ratio ASsessment; the score is the utility degree ``K_i = S_i/S_0``.

    Parameters
    ----------
    optimal : mapping or sequence, optional
        The optimal alternative ``A0`` (pymcdm's ``esp``): a value per criterion, as a
        mapping by criterion name (criteria left out keep the default) or one value per
        criterion. By default ``A0`` takes the best value of every criterion. A given
        optimum beyond the data (an aspiration level) scales every utility below 1; a
        partner beyond it scores above 1.

    Notes
    -----
    The optimal alternative ``A0`` (best value of every criterion) is appended before
    normalising, as in Zavadskas & Turskis (2010); benefit criteria are sum-normalised,
    cost criteria through ``1/x`` then sum-normalised (the paper's own scheme). Values must
    be positive on cost criteria. Contributions ``w_j r_ij / S_0`` sum to ``K_i``.
    Matches pymcdm's ``ARAS``; scikit-criteria's plain pipeline derives ``A0`` after
    normalising and differs (it agrees when the optimal row is appended and passed as
    ``ideal``).

    References
    ----------
    Zavadskas, E. K. & Turskis, Z. (2010). A new additive ratio assessment (ARAS) method in
    multicriteria decision-making. Technological and Economic Development of Economy 16(2),
    159-172.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 2.0]}, index=["a", "b"])
    >>> ps.rank(ps.Problem.from_frame(df, objectives={"q": "max"}), "aras").scores.tolist()
    [0.5, 1.0]
    """

    label = "ARAS"
    step_axes: ClassVar[Mapping[str, str]] = {"optimal alternative A0 (normalized)": "c"}
    optimal: Any = None

    def validate(self, problem: Any) -> dict[str, Any]:
        require_positive(self, problem, columns="cost", why=" (it inverts them)")
        require_positive(self, problem, columns="benefit", strict=False)
        return {"optimal": self._optimal(problem)}

    def _optimal(self, problem: Problem) -> np.ndarray | None:
        raw = self.optimal
        if raw is None:
            return None
        expected = "a finite value per criterion (positive on cost criteria)"
        if not isinstance(raw, Mapping | list | tuple | np.ndarray):
            raise self.param_error("optimal", f"{expected}, or None", raw)
        x, signs = problem.values, problem.signs
        out = np.where(signs > 0, x.max(axis=0), x.min(axis=0))
        items = per_criterion(self, "optimal", raw, problem, expected=expected)
        for j, (crit, value) in enumerate(zip(problem.criteria, items, strict=True)):
            if value is None:
                continue
            ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
            v = float(value) if ok else math.nan
            if not (math.isfinite(v) and (v > 0 if signs[j] < 0 else v >= 0)):
                raise self.param_error("optimal", f"{expected} (criterion {crit!r})", value)
            out[j] = v
        return out

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return aras(matrix, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r = _aras_matrix(matrix, signs, params.get("optimal"))
        S = r @ weights
        return {
            "optimal alternative A0 (normalized)": r[0],
            "normalized matrix": r[1:],
            "weighted matrix": r[1:] * weights,
            "optimality S": S[1:],
            "optimality of A0": float(S[0]),
            "utility degree K": S[1:] / S[0],
        }

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        r = _aras_matrix(matrix, signs, params.get("optimal"))
        return np.asarray(r[1:] * weights / (r[0] @ weights))


# ----------------------------------------------------------------------------- MOORA
_VARIANTS = ("ratio", "reference_point")


def moora(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, variant: str = "ratio"
) -> np.ndarray:
    """MOORA scores for a batch ``(S, n)`` -> ``(S, m)`` on vector-normalised values.

    ``"ratio"``: ``y_i = sum_benefit w_j r_ij - sum_cost w_j r_ij`` (higher is better).
    ``"reference_point"``: ``d_i = max_j w_j |r*_j - r_ij|`` with ``r*`` the best value of
    each criterion (Tchebycheff distance; lower is better).

    Examples
    --------
    >>> x = np.array([[3.0, 1.0], [4.0, 2.0]])
    >>> moora(x, np.array([1, -1]), np.array([[0.5, 0.5]])).round(4).tolist()
    [[0.0764, -0.0472]]
    """
    r = vector(matrix)
    s = np.where(np.asarray(signs) > 0, 1.0, -1.0)
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    if variant == "ratio":
        return W @ (r * s).T
    best = np.where(s > 0, r.max(axis=0), r.min(axis=0))
    gap = np.abs(best - r)
    m, n = r.shape
    out = np.empty((W.shape[0], m))
    for sl in chunks(W.shape[0], m * n):
        out[sl] = (W[sl, None, :] * gap[None, :, :]).max(axis=2)
    return out


def moora_stack(
    matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, variant: str = "ratio"
) -> np.ndarray:
    """:func:`moora` of a stack: matrices ``(S, m, n)``, weights ``(S, k, n)`` -> ``(S, k, m)``.

    Examples
    --------
    >>> x = np.array([[3.0, 1.0], [4.0, 2.0]])
    >>> moora_stack(x[None], np.array([1, -1]), np.array([[[0.5, 0.5]]])).round(4).tolist()
    [[[0.0764, -0.0472]]]
    """
    X, W = as_stack(matrices, weights)
    r = vector(X)
    s = np.where(np.asarray(signs) > 0, 1.0, -1.0)
    if variant == "ratio":
        r *= s
        return weighted_sums(W, r)
    best = np.where(s > 0, r.max(axis=-2, keepdims=True), r.min(axis=-2, keepdims=True))
    gap = np.abs(np.subtract(best, r, out=r), out=r)
    out = np.empty((X.shape[0], W.shape[1], X.shape[1]))
    term = np.empty_like(gap)
    for j in range(W.shape[1]):
        np.multiply(gap, W[:, j : j + 1, :], out=term)
        out[:, j, :] = term.max(axis=-1)
    return out


@register("moora")
class MOORA(Method):
    """Multi-Objective Optimization on the basis of Ratio Analysis.

    Parameters
    ----------
    variant : {"ratio", "reference_point"}, default "ratio"
        ``"ratio"`` (ratio system, higher is better) or ``"reference_point"``
        (Tchebycheff distance to the best weighted normalised values; lower is better,
        and :attr:`higher_is_better` follows the variant).

    Notes
    -----
    Vector normalisation; the ratio system is additive (contributions ``+-w_j r_ij`` sum to
    the score). pymcdm's ``MOORA`` (ratio system) refuses problems without cost criteria;
    ours does not.

    References
    ----------
    Brauers, W. K. M. & Zavadskas, E. K. (2006). The MOORA method and its application to
    privatization in a transition economy. Control and Cybernetics 35(2), 445-469.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [3.0, 4.0], "price": [1.0, 2.0]}, index=["a", "b"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "price": "min"})
    >>> ps.rank(pb, "moora").ranks.tolist(), ps.rank(pb, "moora", variant="reference_point").ranks.tolist()
    ([1, 2], [1, 2])
    """

    label = "MOORA"
    step_axes: ClassVar[Mapping[str, str]] = {"reference point": "c"}
    variant: str = "ratio"

    @property
    def higher_is_better(self) -> bool:  # type: ignore[override]
        """True for the ratio system, False for the reference point distance."""
        return bool(self.params.get("variant") != "reference_point")

    def validate(self, problem: Any) -> dict[str, Any]:
        return {"variant": check_choice(self, "variant", self.params["variant"], _VARIANTS)}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return moora(matrix, signs, weights, **params)

    def stacked_kernel(
        self, matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return moora_stack(matrices, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r = vector(matrix)
        s = np.where(np.asarray(signs) > 0, 1.0, -1.0)
        v = r * weights
        out: dict[str, Any] = {"normalized matrix": r, "weighted matrix": v}
        if params["variant"] == "ratio":
            out["benefit sum"] = (v * (s > 0)).sum(axis=1)
            out["cost sum"] = (v * (s < 0)).sum(axis=1)
            out["ratio score y"] = (v * s).sum(axis=1)
        else:
            ref = np.where(s > 0, v.max(axis=0), v.min(axis=0))
            out["reference point"] = ref
            out["deviation |r* - r|"] = np.abs(ref - v)
            out["Tchebycheff distance"] = np.abs(ref - v).max(axis=1)
        return out

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray | None:
        if params["variant"] != "ratio":
            return None
        s = np.where(np.asarray(signs) > 0, 1.0, -1.0)
        return np.asarray(vector(matrix) * weights * s)
