"""ELECTRE I (choice: a kernel) and ELECTRE III (ranking: a partial pre-order).

Both build an outranking relation from concordance (the weight of the criteria on which
``a`` is at least as good as ``b``) and discordance (how strongly a single criterion
objects), then exploit it. Both return a :class:`~partnerselect.ranking.PartialRanking`:
its ``scores`` are a batched net outranking score, used by the sensitivity analyses; its
``ranks`` come from the method's own exploitation (``1 + number of partners preferred``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from partnerselect.methods._base import Method, register
from partnerselect.methods._batch import chunks
from partnerselect.methods._checks import check_choice, check_real, per_criterion
from partnerselect.methods.normalization import normalize
from partnerselect.problem import Problem

__all__ = [
    "ELECTRE1",
    "ELECTRE3",
    "credibility",
    "distillation",
    "electre1_relation",
    "final_preorder",
    "kernel_of",
    "pair_thresholds",
]

_NORMS = ("sum", "vector", "max", "minmax", "none")


# ----------------------------------------------------------------------------- ELECTRE I
def _concordance_sets(matrix: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """``geq[a, b, j]``: ``a`` is at least as good as ``b`` on criterion ``j``."""
    u = np.asarray(matrix, dtype=float) * np.asarray(signs, dtype=float)
    return u[:, None, :] >= u[None, :, :]


def concordance1(matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ELECTRE I concordance ``(S, m, m)``: share of the weight where ``a >= b``.

    Examples
    --------
    >>> concordance1(np.array([[1.0, 2.0], [2.0, 1.0]]), np.ones(2), np.array([[0.3, 0.7]]))
    array([[[1. , 0.7],
            [0.3, 1. ]]])
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    W = W / W.sum(axis=1, keepdims=True)
    geq = _concordance_sets(matrix, signs).astype(float)
    return np.einsum("sn,abn->sab", W, geq)


def discordance1(matrix: np.ndarray, signs: np.ndarray, normalization: str) -> np.ndarray:
    """ELECTRE I discordance ``(m, m)``: the largest amount by which ``b`` beats ``a`` on one
    criterion, divided by the largest range of any criterion (Roy's common scale), on the
    normalised matrix.

    Examples
    --------
    >>> discordance1(np.array([[1.0, 4.0], [3.0, 2.0]]), np.ones(2), "none")
    array([[0., 1.],
           [1., 0.]])
    """
    r = normalize(matrix, signs, normalization)
    u = r * (1.0 if normalization == "minmax" else np.asarray(signs, dtype=float))
    delta = float(np.ptp(r, axis=0).max()) if r.size else 0.0
    worse = np.maximum(u[None, :, :] - u[:, None, :], 0.0).max(axis=2)  # b beats a
    if delta <= 0:
        return np.zeros_like(worse)
    return worse / delta


def electre1_relation(
    concordance: np.ndarray, discordance: np.ndarray, c_threshold: float, d_threshold: float
) -> np.ndarray:
    """Outranking ``S[..., a, b]``: concordance ``>= c_threshold`` and discordance
    ``<= d_threshold`` (never ``a S a``).

    Parameters
    ----------
    concordance : numpy.ndarray, shape (..., m, m)
    discordance : numpy.ndarray, shape (m, m)
    c_threshold, d_threshold : float
    """
    S = (concordance >= c_threshold - 1e-12) & (discordance <= d_threshold + 1e-12)
    m = S.shape[-1]
    S[..., np.arange(m), np.arange(m)] = False
    return S


def kernel_of(outranks: np.ndarray) -> np.ndarray:
    """Kernel of an outranking graph ``outranks[a, b]`` (a outranks b), as a bool mask.

    Cycles are merged into one node first (Roy's reduced graph); on the acyclic graph the
    kernel is built layer by layer: the nodes nobody outranks are in it, the nodes they
    outrank are out, and so on. Every partner outside the kernel is outranked by one in it,
    and no partner in it outranks another.

    Parameters
    ----------
    outranks : numpy.ndarray of bool, shape (m, m)
        ``outranks[a, b]``: ``a`` outranks ``b``.

    Examples
    --------
    >>> kernel_of(np.array([[0, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=bool)).tolist()
    [True, False, True]
    """
    S = np.asarray(outranks, dtype=bool)
    m = S.shape[0]
    if m == 0:
        return np.zeros(0, dtype=bool)
    from scipy.sparse.csgraph import connected_components  # imported on use (import cost)

    n_comp, label = connected_components(S, directed=True, connection="strong")
    G = np.zeros((n_comp, n_comp), dtype=bool)
    a, b = np.nonzero(S)
    G[label[a], label[b]] = True
    np.fill_diagonal(G, False)
    status = np.zeros(n_comp, dtype=int)  # 0 undecided, 1 in kernel, -1 out
    while (status == 0).any():
        undecided = status == 0
        beaten = (G[undecided][:, undecided]).any(axis=0)
        free = np.flatnonzero(undecided)[~beaten]
        status[free] = 1
        out = G[free].any(axis=0) & (status == 0)
        status[out] = -1
    return status[label] == 1


def electre1(
    matrix: np.ndarray,
    signs: np.ndarray,
    weights: np.ndarray,
    normalization: str = "sum",
    c_threshold: float = 0.65,
    d_threshold: float = 0.35,
) -> np.ndarray:
    """Net outranking score ``(#outranked - #outranking) / (m - 1)`` for a weight batch.

    Examples
    --------
    >>> x = np.array([[3.0, 3.0], [1.0, 1.0]])
    >>> electre1(x, np.ones(2), np.array([[0.5, 0.5]])).tolist()
    [[1.0, -1.0]]
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    m = np.asarray(matrix).shape[0]
    D = discordance1(matrix, signs, normalization)
    out = np.empty((W.shape[0], m))
    for sl in chunks(W.shape[0], m * m * max(1, np.asarray(matrix).shape[1])):
        S = electre1_relation(concordance1(matrix, signs, W[sl]), D, c_threshold, d_threshold)
        out[sl] = S.sum(axis=2) - S.sum(axis=1)
    return out / max(m - 1, 1)


@register("electre1")
class ELECTRE1(Method):
    """ELECTRE I: the kernel of the outranking graph (the partners worth a closer look).

    ``a`` outranks ``b`` when the criteria on which ``a`` is at least as good carry at
    least ``c_threshold`` of the weight (concordance) and no criterion on which ``b`` is
    better objects by more than ``d_threshold`` of the largest criterion range
    (discordance, on the normalised matrix). The kernel holds the partners that no kernel
    member outranks and that outrank every partner outside it.

    Parameters
    ----------
    normalization : {"sum", "vector", "max", "minmax", "none"}, default "sum"
        Puts the criteria on one scale before discordance is measured (Roy's ELECTRE I
        compares differences across criteria). ``"sum"`` is scikit-criteria's
        ``SumScaler`` and the convention of the published example.
    c_threshold : float in [0, 1], default 0.65
        Concordance threshold (scikit-criteria's ``p``).
    d_threshold : float in [0, 1], default 0.35
        Discordance threshold (scikit-criteria's ``q``).

    Notes
    -----
    :func:`~partnerselect.rank` returns a :class:`~partnerselect.ranking.PartialRanking`:
    ``rank(a) = 1 + number of partners that outrank a without being outranked back``, so
    the kernel members that nobody outranks rank 1; ``extra["kernel"]`` lists the kernel.
    Scores (used by the sensitivity analyses) are the net outranking
    ``(#outranked - #outranking) / (m - 1)``. Cycles in the graph are merged before the
    kernel is taken.

    References
    ----------
    Roy, B. (1968). Classement et choix en présence de points de vue multiples (la méthode
    ELECTRE). RIRO 2(8), 57-75.
    Cebrián, L. I. G. & Porcar, A. M. (2009). Localización empresarial en Aragón: una
    aplicación empírica de la ayuda a la decisión multicriterio tipo ELECTRE I y III.
    Revista de Métodos Cuantitativos para la Economía y la Empresa 7, 31-56.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [3.0, 2.0, 1.0], "s": [3.0, 1.0, 2.0]}, index=["a", "b", "c"])
    >>> r = ps.rank(ps.Problem.from_frame(df, objectives={"q": "max", "s": "max"}), "electre1")
    >>> r.extra["kernel"], r.ranks.tolist()
    (['a'], [1, 2, 2])
    """

    label = "ELECTRE I"
    step_axes: ClassVar[Mapping[str, str]] = {
        "concordance": "pp",
        "discordance": "pp",
        "outranking": "pp",
    }
    check_exemptions: ClassVar[Mapping[str, str]] = {
        "scores_rank": "ranks come from the outranking relation; the batched scores (net "
        "outranking) only approximate them for the sensitivity analyses",
    }
    normalization: str = "sum"
    c_threshold: float = 0.65
    d_threshold: float = 0.35

    def validate(self, problem: Any) -> dict[str, Any]:
        return {
            "normalization": check_choice(self, "normalization", self.normalization, _NORMS),
            "c_threshold": check_real(self, "c_threshold", self.c_threshold, lo=0.0, hi=1.0),
            "d_threshold": check_real(self, "d_threshold", self.d_threshold, lo=0.0, hi=1.0),
        }

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return electre1(matrix, signs, weights, **params)

    def _outranking(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        C = concordance1(matrix, signs, weights[None, :])[0]
        D = discordance1(matrix, signs, params["normalization"])
        S = electre1_relation(C, D, params["c_threshold"], params["d_threshold"])
        return C, D, S

    def relation(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        _, _, S = self._outranking(matrix, signs, weights, **params)
        return S & ~S.T, S & S.T

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        C, D, S = self._outranking(matrix, signs, weights, **params)
        m = C.shape[0]
        C, D = C.copy(), D.copy()
        C[np.arange(m), np.arange(m)] = np.nan
        D[np.arange(m), np.arange(m)] = np.nan
        return {
            "normalized matrix": normalize(matrix, signs, params["normalization"]),
            "concordance": C,
            "discordance": D,
            "outranking": S,
            "in kernel": kernel_of(S),
        }

    def extra(
        self, problem: Problem, scores: np.ndarray, steps: Mapping[str, Any], **params: Any
    ) -> dict[str, Any]:
        mask = np.asarray(steps["in kernel"], dtype=bool)
        return {"kernel": [p for p, k in zip(problem.partners, mask, strict=True) if k]}


# ---------------------------------------------------------------------------- ELECTRE III
_RELATIVE_TO = ("worse", "better")


def pair_thresholds(
    matrix: np.ndarray, constant: np.ndarray, relative: np.ndarray, relative_to: str = "worse"
) -> np.ndarray:
    """Threshold of every comparison ``(a, b, j)``: ``constant_j + relative_j * g_j(ref)``.

    In "a outranks b", ``ref`` is ``a`` when ``relative_to="worse"`` (Roy's *direct*
    thresholds: ``a`` is the worse of the two whenever a threshold matters, i.e. when
    ``b`` beats ``a``) and ``b`` when ``relative_to="better"`` (*inverse* thresholds).

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n)
        Raw performances (in the criteria's units).
    constant, relative : numpy.ndarray, shape (n,)
        Constant part (criterion unit) and proportional part (per unit of performance).
    relative_to : {"worse", "better"}, default "worse"

    Returns
    -------
    numpy.ndarray
        ``constant`` itself when no criterion has a relative part (shape ``(n,)``), else an
        array broadcasting to ``(m, m, n)``.

    Examples
    --------
    >>> x = np.array([[100.0], [200.0]])
    >>> pair_thresholds(x, np.array([5.0]), np.array([0.1]))[:, :, 0].tolist()
    [[15.0], [25.0]]
    >>> pair_thresholds(x, np.array([5.0]), np.array([0.1]), "better")[:, :, 0].tolist()
    [[15.0, 25.0]]
    """
    rel = np.asarray(relative, dtype=float)
    base = np.asarray(constant, dtype=float)
    if not np.any(rel):
        return base
    x = np.asarray(matrix, dtype=float)
    g = x[:, None, :] if relative_to == "worse" else x[None, :, :]
    with np.errstate(invalid="ignore"):  # inf + 0 * g stays inf; 0 * inf never arises
        return base + rel * g


def _partial_indices(
    matrix: np.ndarray, signs: np.ndarray, q: np.ndarray, p: np.ndarray, v: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per-criterion concordance ``c[a, b, j]`` and discordance ``d[a, b, j]``.

    ``diff = g_j(b) - g_j(a)`` (oriented: how much ``b`` beats ``a``); concordance is 1 up
    to ``q``, 0 from ``p``, linear in between; discordance is 0 up to ``p``, 1 from ``v``
    (never when ``v`` is infinite), linear in between. The thresholds are per criterion
    ``(n,)`` or per comparison (anything broadcasting to ``(m, m, n)``, see
    :func:`pair_thresholds`).
    """
    u = np.asarray(matrix, dtype=float) * np.asarray(signs, dtype=float)
    diff = u[None, :, :] - u[:, None, :]
    span = p - q
    lin = np.divide(p - diff, span, out=np.zeros_like(diff), where=span > 0)
    c = np.where(diff <= q, 1.0, np.where(diff >= p, 0.0, lin))
    vspan = v - p
    finite = np.isfinite(v)
    dl = np.divide(diff - p, np.where(finite, vspan, 1.0), out=np.zeros_like(diff), where=vspan > 0)
    d = np.where(diff <= p, 0.0, np.where(finite & (diff >= v), 1.0, np.where(finite, dl, 0.0)))
    return c, np.clip(d, 0.0, 1.0)


def credibility(
    c_j: np.ndarray, d_j: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Global concordance ``C`` and credibility ``sigma`` ``(S, m, m)`` for a weight batch.

    ``sigma = C * prod_{j: d_j > C} (1 - d_j) / (1 - C)`` (Roy 1978); a full veto
    (``d_j = 1``) gives 0.

    Parameters
    ----------
    c_j, d_j : numpy.ndarray, shape (m, m, n)
        Per-criterion concordance and discordance indices.
    weights : numpy.ndarray, shape (S, n)
        A batch of weight vectors (normalised here).

    Examples
    --------
    >>> c = np.full((2, 2, 1), 0.8); d = np.zeros((2, 2, 1)); d[0, 1, 0] = 0.9
    >>> C, s = credibility(c, d, np.array([[1.0]]))  # 0.8 * (1 - 0.9) / (1 - 0.8)
    >>> s[0].round(3).tolist()
    [[1.0, 0.4], [0.8, 1.0]]
    """
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    W = W / W.sum(axis=1, keepdims=True)
    C = np.einsum("sn,abn->sab", W, c_j)
    m = c_j.shape[0]
    C[:, np.arange(m), np.arange(m)] = 1.0
    Cx = C[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        # d_j > C up to rounding: a C that should be exactly 1 (every weighted criterion
        # concordant) must not let a zero-weight criterion's d_j = 1 veto by 1e-16
        factor = np.where(
            d_j[None] > Cx + 1e-12, (1.0 - d_j[None]) / np.where(Cx < 1.0, 1.0 - Cx, 1.0), 1.0
        )
    sigma = C * factor.prod(axis=-1)
    sigma[:, np.arange(m), np.arange(m)] = 1.0
    return C, np.clip(sigma, 0.0, 1.0)


def _qualify(
    sigma: np.ndarray, members: np.ndarray, lam: float, alpha: float, beta: float
) -> np.ndarray:
    sub = sigma[np.ix_(members, members)]
    s_lam = alpha * sub + beta
    T = (sub > lam) & (sub > sub.T + s_lam)
    np.fill_diagonal(T, False)
    return T.sum(axis=1) - T.sum(axis=0)


def distillation(
    sigma: np.ndarray, *, descending: bool = True, alpha: float = -0.15, beta: float = 0.30
) -> np.ndarray:
    """Class (1 = best) of each partner from a descending or ascending distillation.

    Discrimination threshold ``s(lambda) = alpha * lambda + beta``; ``a`` is preferred to
    ``b`` at cut level ``lambda`` when ``sigma(a, b) > lambda`` and
    ``sigma(a, b) > sigma(b, a) + s(sigma(a, b))``. Each step keeps the partners of best
    (descending) or worst (ascending) qualification, refining with the next lower cut
    level until one partner is left or the level reaches 0.

    Parameters
    ----------
    sigma : numpy.ndarray, shape (m, m)
        Credibility matrix.
    descending : bool, default True
        Descending (best first) or ascending (worst first) distillation.
    alpha, beta : float
        Discrimination threshold ``s(lambda) = alpha * lambda + beta``.

    Examples
    --------
    >>> sigma = np.array([[1.0, 0.9, 0.9], [0.2, 1.0, 0.9], [0.1, 0.2, 1.0]])
    >>> distillation(sigma).tolist(), distillation(sigma, descending=False).tolist()
    ([1, 2, 3], [1, 2, 3])
    """
    S = np.asarray(sigma, dtype=float)
    m = S.shape[0]
    cls = np.zeros(m, dtype=int)
    remaining = np.arange(m)
    level = 0
    while remaining.size:
        D = remaining
        off = ~np.eye(D.size, dtype=bool)
        lam = float(S[np.ix_(D, D)][off].max()) if D.size > 1 else 0.0
        while True:
            sub = S[np.ix_(D, D)]
            offd = sub[~np.eye(D.size, dtype=bool)]
            below = offd[offd < lam - (alpha * lam + beta)]
            lam_next = float(below.max()) if below.size else 0.0
            qual = _qualify(S, D, lam_next, alpha, beta)
            pick = qual == (qual.max() if descending else qual.min())
            D = D[pick]
            if D.size == 1 or lam_next <= 0.0:
                break
            lam = lam_next
        level += 1
        cls[D] = level
        remaining = np.setdiff1d(remaining, D)
    if not descending:
        cls = level + 1 - cls
    return cls


def final_preorder(descending: np.ndarray, ascending: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Final partial pre-order of ELECTRE III: the intersection of the two distillations.

    ``a`` is at least as good as ``b`` when it is classed no later than ``b`` in both
    pre-orders (Roy 1978, section 3); ``a`` is preferred to ``b`` when that holds and the
    converse does not (ahead in one distillation, not behind in the other), indifferent
    when they share a class in both, incomparable when the distillations disagree.

    Parameters
    ----------
    descending, ascending : numpy.ndarray of int, shape (m,)
        Classes (1 = best) from :func:`distillation`.

    Returns
    -------
    preferred, indifferent : numpy.ndarray of bool, shape (m, m)
        ``preferred[a, b]``: ``a`` is preferred to ``b``; ``indifferent[a, b]``: same
        class in both (the diagonal included).

    Examples
    --------
    >>> P, I = final_preorder(np.array([1, 2, 2]), np.array([1, 3, 2]))
    >>> P.astype(int).tolist(), bool(I[1, 2])
    ([[0, 1, 1], [0, 0, 0], [0, 1, 0]], False)
    """
    down = np.asarray(descending)
    up = np.asarray(ascending)
    ahead_d = down[:, None] < down[None, :]
    ahead_u = up[:, None] < up[None, :]
    same_d = down[:, None] == down[None, :]
    same_u = up[:, None] == up[None, :]
    preferred = (ahead_d & (ahead_u | same_u)) | (same_d & ahead_u)
    return preferred, same_d & same_u


def _threshold_vector(
    method: Method,
    name: str,
    raw: Any,
    problem: Problem,
    *,
    default: float,
    expected: str = "a float >= 0 per criterion (in the criterion's unit), or None",
) -> np.ndarray:
    items = per_criterion(method, name, raw, problem, expected=expected)
    out = np.full(len(items), default, dtype=float)
    for j, (crit, value) in enumerate(zip(problem.criteria, items, strict=True)):
        if value is None:
            continue
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
        f = float(value) if ok else math.nan
        if not (ok and f >= 0 and not math.isnan(f)):
            raise method.param_error(name, f"{expected} (criterion {crit!r})", value)
        out[j] = f
    return out


@register("electre3")
class ELECTRE3(Method):
    """ELECTRE III: pseudo-criteria, a credibility matrix and two distillations.

    Parameters
    ----------
    q, p : float or per criterion, default 0
        Indifference and preference thresholds in each criterion's unit (``q <= p``):
        ``b`` beating ``a`` by at most ``q`` does not count against "a outranks b", by
        ``p`` or more it counts fully, linearly in between. One value for all, one per
        criterion, or a mapping by criterion name.
    v : float or per criterion, optional
        Veto threshold (``v >= p``): ``b`` beating ``a`` by ``v`` or more on one criterion
        makes "a outranks b" not credible at all. ``None`` (default) means no veto.
    alpha, beta : float, default -0.15 and 0.30
        Distillation threshold ``s(lambda) = alpha * lambda + beta``. The default
        ``0.30 - 0.15 lambda`` is the ELECTRE III-IV software's and Figueira, Mousseau &
        Roy's (2005); Roy's (1978) worked example uses a constant ``s = 0.15``
        (``alpha=0, beta=0.15``).
    q_rel, p_rel, v_rel : float or per criterion, default 0
        Proportional part of each threshold (Roy's linear thresholds
        ``t(g) = t_rel * g + t``): ``q_rel=0.1`` is "10 % of the value". Added to the
        constant ``q``, ``p``, ``v``. A ``v_rel`` on a criterion without ``v`` is a veto of
        ``v_rel * g``. The thresholds must satisfy ``0 <= q <= p <= v`` at every value in
        the table.
    relative_to : {"worse", "better"}, default "worse"
        Which value the proportional part is taken of: the worse of the two partners
        compared (Roy's *direct* thresholds, the ELECTRE III-IV software's default) or
        the better one (*inverse* thresholds). Irrelevant without a proportional part.

    Notes
    -----
    Concordance ``C(a, b) = sum_j w_j c_j(a, b)`` and credibility
    ``sigma(a, b) = C(a, b) * prod_{j: d_j > C} (1 - d_j)/(1 - C)``. The descending
    distillation picks the best-qualified partners first, the ascending one the worst;
    the final partial pre-order prefers ``a`` to ``b`` when ``a`` is ahead in one and not
    behind in the other, and leaves them incomparable when the two disagree.
    :func:`~partnerselect.rank` returns a :class:`~partnerselect.ranking.PartialRanking`
    with ``rank(a) = 1 + number of partners preferred to a``; ``extra`` holds both
    distillations. Scores (used by the sensitivity analyses) are the net credibility
    ``sum_b sigma(a, b) - sigma(b, a)`` over ``m - 1``. Thresholds are in data units, so
    rescaling a criterion needs rescaled constant thresholds (proportional ones scale
    along). Without ``v`` or ``v_rel`` a criterion never vetoes.

    The distillations and the final partial pre-order reproduce the worked example of
    Roy (1978), Figure 1 and p. 22-23; the whole method, from the performance table with
    direct proportional thresholds to the final pre-order, reproduces the waste
    incineration case of Wang & Triantaphyllou (2008), section 3.2 (the test suite's
    literature cases).

    References
    ----------
    Roy, B. (1978). ELECTRE III: un algorithme de classement fondé sur une représentation
    floue des préférences en présence de critères multiples. Cahiers du CERO 20(1), 3-24.
    Figueira, J., Mousseau, V. & Roy, B. (2005). ELECTRE methods. In Figueira, Greco &
    Ehrgott (eds.), Multiple Criteria Decision Analysis: State of the Art Surveys,
    Springer, 133-153.
    Wang, X. & Triantaphyllou, E. (2008). Ranking irregularities when evaluating
    alternatives by using some ELECTRE methods. Omega 36(1), 45-63.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [3.0, 2.0, 1.0], "s": [3.0, 1.0, 2.0]}, index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "s": "max"})
    >>> ps.rank(pb, "electre3").ranks.tolist()
    [1, 2, 2]
    """

    label = "ELECTRE III"
    step_axes: ClassVar[Mapping[str, str]] = {
        "concordance": "pp",
        "credibility": "pp",
        "indifference threshold q": "c",
        "preference threshold p": "c",
        "veto threshold v": "c",
        "relative indifference threshold q_rel": "c",
        "relative preference threshold p_rel": "c",
        "relative veto threshold v_rel": "c",
    }
    check_exemptions: ClassVar[Mapping[str, str]] = {
        "scores_rank": "ranks come from the two distillations; the batched scores (net "
        "credibility flow) only approximate them for the sensitivity analyses",
    }
    q: Any = 0.0
    p: Any = 0.0
    v: Any = None
    alpha: float = -0.15
    beta: float = 0.30
    q_rel: Any = 0.0
    p_rel: Any = 0.0
    v_rel: Any = 0.0
    relative_to: str = "worse"

    def validate(self, problem: Any) -> dict[str, Any]:
        q = _threshold_vector(self, "q", self.q, problem, default=0.0)
        p = _threshold_vector(self, "p", self.p, problem, default=0.0)
        v = _threshold_vector(self, "v", self.v, problem, default=math.inf)
        share = "a float >= 0 per criterion (a share of the value: 0.1 is 10 %), or None"
        rel = {
            k: _threshold_vector(self, k, getattr(self, k), problem, default=0.0, expected=share)
            for k in ("q_rel", "p_rel", "v_rel")
        }
        # a relative veto alone (v not given) is a veto of v_rel * g
        v = np.where(np.isinf(v) & (rel["v_rel"] > 0), 0.0, v)
        relative_to = check_choice(self, "relative_to", self.relative_to, _RELATIVE_TO)
        x = np.asarray(problem.values, dtype=float)
        with np.errstate(invalid="ignore"):
            at = {k: base + rel[f"{k}_rel"] * x for k, base in (("q", q), ("p", p), ("v", v))}
        for j, crit in enumerate(problem.criteria):
            neg = np.flatnonzero(at["q"][:, j] < 0)
            if neg.size:
                i = int(neg[0])
                raise self.param_error(
                    "q_rel",
                    f"a threshold >= 0 at every value (criterion {crit!r}, partner "
                    f"{problem.partners[i]!r}, value {x[i, j]:g})",
                    float(at["q"][i, j]),
                )
            for low, high in (("q", "p"), ("p", "v")):
                bad = np.flatnonzero(at[high][:, j] < at[low][:, j])
                if bad.size:
                    i = int(bad[0])
                    where = f"criterion {crit!r}"
                    if rel[f"{low}_rel"][j] or rel[f"{high}_rel"][j]:
                        where += f" at partner {problem.partners[i]!r} (value {x[i, j]:g})"
                    name = high
                    if rel[f"{high}_rel"][j] and not {"q": q, "p": p, "v": v}[high][j]:
                        name = f"{high}_rel"  # the proportional part alone sets it
                    raise self.param_error(
                        name, f">= {low}={at[low][i, j]:g} for {where}", float(at[high][i, j])
                    )
        alpha = check_real(self, "alpha", self.alpha)
        beta = check_real(self, "beta", self.beta, lo=0.0)
        return {
            "q": q,
            "p": p,
            "v": v,
            "alpha": alpha,
            "beta": beta,
            **rel,
            "relative_to": relative_to,
        }

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        W = np.atleast_2d(np.asarray(weights, dtype=float))
        c_j, d_j = self._indices(matrix, signs, params)
        m, n = c_j.shape[0], c_j.shape[2]
        out = np.empty((W.shape[0], m))
        for sl in chunks(W.shape[0], m * m * max(n, 1)):
            _, sigma = credibility(c_j, d_j, W[sl])
            out[sl] = sigma.sum(axis=2) - sigma.sum(axis=1)
        return out / max(m - 1, 1)

    @staticmethod
    def _indices(
        matrix: np.ndarray, signs: np.ndarray, params: Mapping[str, Any]
    ) -> tuple[np.ndarray, np.ndarray]:
        q, p, v = (
            pair_thresholds(matrix, params[k], params[f"{k}_rel"], params["relative_to"])
            for k in ("q", "p", "v")
        )
        return _partial_indices(matrix, signs, q, p, v)

    def _sigma(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, params: Mapping[str, Any]
    ) -> tuple[np.ndarray, np.ndarray]:
        c_j, d_j = self._indices(matrix, signs, params)
        C, sigma = credibility(c_j, d_j, weights[None, :])
        return C[0], sigma[0]

    def _orders(
        self, sigma: np.ndarray, params: Mapping[str, Any]
    ) -> tuple[np.ndarray, np.ndarray]:
        ab = {"alpha": params["alpha"], "beta": params["beta"]}
        return distillation(sigma, descending=True, **ab), distillation(
            sigma, descending=False, **ab
        )

    def relation(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        _, sigma = self._sigma(matrix, signs, weights, params)
        return final_preorder(*self._orders(sigma, params))

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        C, sigma = self._sigma(matrix, signs, weights, params)
        down, up = self._orders(sigma, params)
        return {
            "indifference threshold q": params["q"],
            "preference threshold p": params["p"],
            "veto threshold v": params["v"],
            "relative indifference threshold q_rel": params["q_rel"],
            "relative preference threshold p_rel": params["p_rel"],
            "relative veto threshold v_rel": params["v_rel"],
            "concordance": C,
            "credibility": sigma,
            "descending distillation": down,
            "ascending distillation": up,
        }

    def extra(
        self, problem: Problem, scores: np.ndarray, steps: Mapping[str, Any], **params: Any
    ) -> dict[str, Any]:
        index = problem.partners
        return {
            "descending": pd.Series(
                np.asarray(steps["descending distillation"]), index=index, name="descending"
            ),
            "ascending": pd.Series(
                np.asarray(steps["ascending distillation"]), index=index, name="ascending"
            ),
        }
