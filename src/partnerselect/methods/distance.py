"""Distance-from-a-reference methods: EDAS, MABAC, CODAS."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from partnerselect.errors import DataError
from partnerselect.methods._base import Method, register
from partnerselect.methods._batch import chunks
from partnerselect.methods._checks import check_real, require_positive
from partnerselect.methods.normalization import linear_max, minmax
from partnerselect.problem import Problem

__all__ = ["CODAS", "EDAS", "MABAC", "codas", "edas", "mabac"]


# ----------------------------------------------------------------------------- EDAS
def _edas_distances(
    matrix: np.ndarray, signs: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.asarray(matrix, dtype=float)
    av = x.mean(axis=0)
    rel = (x - av) / av * np.where(np.asarray(signs) > 0, 1.0, -1.0)
    return av, np.maximum(rel, 0.0), np.maximum(-rel, 0.0)


def _ratio_to_max(a: np.ndarray) -> np.ndarray:
    top = a.max(axis=-1, keepdims=True)
    return np.divide(a, top, out=np.zeros_like(a), where=top > 0)


def edas(matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """EDAS appraisal score ``AS = (NSP + NSN) / 2`` for a batch ``(S, n)`` -> ``(S, m)``.

    ``SP``/``SN`` are weighted sums of the positive/negative distances from the average
    solution; ``NSP = SP / max SP`` (0 when nobody is above average) and
    ``NSN = 1 - SN / max SN`` (1 when nobody is below average).

    Examples
    --------
    >>> x = np.array([[1.0], [2.0], [3.0]])
    >>> edas(x, np.array([1]), np.array([[1.0]])).round(3).tolist()
    [[0.0, 0.5, 1.0]]
    """
    _, pda, nda = _edas_distances(matrix, signs)
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    nsp = _ratio_to_max(W @ pda.T)
    nsn = 1.0 - _ratio_to_max(W @ nda.T)
    return (nsp + nsn) / 2.0


@register("edas")
class EDAS(Method):
    """Evaluation based on Distance from Average Solution, higher is better.

    Notes
    -----
    Distances are relative to the criterion's mean, so every criterion mean must be
    positive (a DataError names the criterion otherwise; with negative data shift it).
    Not additive (both sums are rescaled by their maximum), so no contributions.
    Matches pymcdm's ``EDAS`` and scikit-criteria's ``EDAS`` on raw data.

    References
    ----------
    Keshavarz Ghorabaee, M., Zavadskas, E. K., Olfat, L. & Turskis, Z. (2015). Multi-criteria
    inventory classification using a new method of evaluation based on distance from average
    solution (EDAS). Informatica 26(3), 435-451.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 2.0, 3.0]}, index=["a", "b", "c"])
    >>> ps.rank(ps.Problem.from_frame(df, objectives={"q": "max"}), "edas").ranks.tolist()
    [3, 2, 1]
    """

    label = "EDAS"
    step_axes: ClassVar[Mapping[str, str]] = {"average solution": "c"}

    def validate(self, problem: Any) -> dict[str, Any]:
        av = problem.values.mean(axis=0)
        if np.any(av <= 0):
            j = int(np.flatnonzero(av <= 0)[0])
            crit = str(problem.criteria[j])
            msg = (
                f"EDAS measures distances relative to each criterion's average, but the average "
                f"of criterion {crit!r} is {av[j]:g}. Shift that criterion to positive values "
                "or use a method such as 'topsis' or 'vikor'."
            )
            raise DataError(msg, criterion=crit, column=crit, value=float(av[j]))
        return {}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return edas(matrix, signs, weights)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        av, pda, nda = _edas_distances(matrix, signs)
        sp, sn = pda @ weights, nda @ weights
        nsp = _ratio_to_max(sp)
        nsn = 1.0 - _ratio_to_max(sn)
        return {
            "average solution": av,
            "positive distance PDA": pda,
            "negative distance NDA": nda,
            "SP": sp,
            "SN": sn,
            "NSP": nsp,
            "NSN": nsn,
            "appraisal score": (nsp + nsn) / 2.0,
        }


# ----------------------------------------------------------------------------- MABAC
def _mabac_parts(matrix: np.ndarray, signs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``n_ij + 1`` and its geometric mean per criterion (the border area at unit weight)."""
    shifted = minmax(matrix, signs) + 1.0  # in [1, 2]
    return shifted, np.exp(np.log(shifted).mean(axis=0))


def mabac(matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """MABAC ``S_i = sum_j (v_ij - g_j)`` for a batch ``(S, n)`` -> ``(S, m)``.

    ``v_ij = w_j (n_ij + 1)`` with min-max ``n``; the border approximation area
    ``g_j = (prod_i v_ij)^(1/m) = w_j * geomean_i(n_ij + 1)``. Hence
    ``S = W @ (n + 1 - geomean).T``: linear in the weights, one matrix product.

    Examples
    --------
    >>> x = np.array([[1.0], [2.0], [3.0]])
    >>> mabac(x, np.array([1]), np.array([[1.0]])).round(4).tolist()
    [[-0.4422, 0.0578, 0.5578]]
    """
    shifted, gm = _mabac_parts(matrix, signs)
    return np.atleast_2d(np.asarray(weights, dtype=float)) @ (shifted - gm).T


@register("mabac")
class MABAC(Method):
    """Multi-Attributive Border Approximation area Comparison, higher is better.

    Notes
    -----
    Additive: contributions ``w_j (n_ij + 1 - geomean_j)`` sum to ``S_i``.
    ``ranking.extra["border_approximation_area"]`` holds ``g_j`` per criterion.
    Matches pymcdm's ``MABAC`` and scikit-criteria's ``MABAC`` after ``MinMaxScaler``
    with inverted cost criteria.

    References
    ----------
    Pamučar, D. & Ćirović, G. (2015). The selection of transport and handling resources in
    logistics centers using Multi-Attributive Border Approximation area Comparison (MABAC).
    Expert Systems with Applications 42(6), 3016-3028.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 2.0, 3.0]}, index=["a", "b", "c"])
    >>> r = ps.rank(ps.Problem.from_frame(df, objectives={"q": "max"}), "mabac")
    >>> r.extra["border_approximation_area"].round(4).tolist()
    [1.4422]
    """

    label = "MABAC"
    step_axes: ClassVar[Mapping[str, str]] = {"border approximation area g": "c"}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return mabac(matrix, signs, weights)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        shifted, gm = _mabac_parts(matrix, signs)
        v = shifted * weights
        g = gm * weights
        return {
            "normalized matrix": shifted - 1.0,
            "weighted matrix v": v,
            "border approximation area g": g,
            "distance from border q": v - g,
            "S": (v - g).sum(axis=1),
        }

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        shifted, gm = _mabac_parts(matrix, signs)
        return np.asarray((shifted - gm) * weights)

    def extra(
        self, problem: Problem, scores: np.ndarray, steps: Mapping[str, Any], **params: Any
    ) -> dict[str, Any]:
        _, gm = _mabac_parts(problem.values, problem.signs)
        g = gm * problem.weight_vector
        return {"border_approximation_area": pd.Series(g, index=problem.criteria, name="g")}


# ----------------------------------------------------------------------------- CODAS
def _codas_h(E: np.ndarray, T: np.ndarray, tau: float) -> np.ndarray:
    """``H_i = sum_k [(E_i - E_k) + psi(E_i - E_k) (T_i - T_k)]`` row by row of a batch."""
    m = E.shape[1]
    H = m * E - E.sum(axis=1, keepdims=True)
    for sl in chunks(E.shape[0], m * m):
        dE = E[sl, :, None] - E[sl, None, :]
        dT = T[sl, :, None] - T[sl, None, :]
        H[sl] += np.where(np.abs(dE) >= tau, dT, 0.0).sum(axis=2)
    return H


def codas(
    matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, tau: float = 0.02
) -> np.ndarray:
    """CODAS assessment score ``H`` for a batch ``(S, n)`` -> ``(S, m)``.

    Linear-max normalisation, weighted; Euclidean ``E`` and taxicab ``T`` distances from the
    negative-ideal point, then the relative assessment with threshold ``tau``. The pairwise
    step is chunked over the batch so the ``(chunk, m, m)`` array stays within budget.

    Examples
    --------
    >>> x = np.array([[1.0], [2.0], [4.0]])
    >>> codas(x, np.array([1]), np.array([[1.0]])).round(4).tolist()
    [[-2.0, -0.5, 2.5]]
    """
    r = linear_max(matrix, signs)
    D = r - r.min(axis=0)
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    E = np.sqrt((W * W) @ (D * D).T)
    T = W @ D.T
    return _codas_h(E, T, tau)


@register("codas")
class CODAS(Method):
    """COmbinative Distance-based ASsessment, higher is better.

    Parameters
    ----------
    tau : float > 0, default 0.02
        Threshold of ``psi``: the taxicab distance only counts when the Euclidean distances
        of two partners differ by at least ``tau`` (Keshavarz Ghorabaee et al. suggest
        0.01-0.05).

    Notes
    -----
    Needs positive values on cost criteria and non-negative values on benefit criteria
    (linear max normalisation ``min/x`` and ``x/max``). Because of
    the threshold, CODAS is not guaranteed to rank a dominating partner above the one it
    dominates (a small lead in ``E`` may drop the ``T`` term), and its scores depend on the
    scale of the weights: use weights summing to 1. Matches pymcdm's ``CODAS`` (``tau``
    fixed at 0.02 there) and scikit-criteria's ``CODAS``.

    References
    ----------
    Keshavarz Ghorabaee, M., Zavadskas, E. K., Turskis, Z. & Antucheviciene, J. (2016). A new
    combinative distance-based assessment (CODAS) method for multi-criteria decision-making.
    Economic Computation and Economic Cybernetics Studies and Research 50(3), 25-44.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [1.0, 2.0, 4.0]}, index=["a", "b", "c"])
    >>> ps.rank(ps.Problem.from_frame(df, objectives={"q": "max"}), "codas").ranks.tolist()
    [3, 2, 1]
    """

    label = "CODAS"
    step_axes: ClassVar[Mapping[str, str]] = {"negative-ideal": "c", "relative assessment h": "pp"}
    tau: float = 0.02
    check_exemptions: ClassVar[Mapping[str, str]] = {
        "dominance": "the threshold function psi (|E_i - E_k| >= tau) switches the taxicab "
        "term off as a partner improves, so CODAS can rank a dominated partner higher",
    }

    def validate(self, problem: Any) -> dict[str, Any]:
        tau = check_real(self, "tau", self.params["tau"], lo=0.0, lo_open=True)
        require_positive(self, problem, columns="cost", why=" (linear max normalization min/x)")
        require_positive(self, problem, columns="benefit", strict=False, why=" (linear max x/max)")
        return {"tau": tau}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return codas(matrix, signs, weights, **params)

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        r = linear_max(matrix, signs)
        v = r * weights
        ns = v.min(axis=0)
        E = np.sqrt(((v - ns) ** 2).sum(axis=1))
        T = np.abs(v - ns).sum(axis=1)
        dE = E[:, None] - E[None, :]
        h = dE + np.where(np.abs(dE) >= params["tau"], T[:, None] - T[None, :], 0.0)
        return {
            "normalized matrix": r,
            "weighted matrix": v,
            "negative-ideal": ns,
            "Euclidean distance E": E,
            "taxicab distance T": T,
            "relative assessment h": h,
            "H": h.sum(axis=1),
        }
