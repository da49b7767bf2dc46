"""PROMETHEE II (Brans & Vincke 1985) and the shared preference functions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.methods._base import Method, get_method, register
from partnerselect.methods._checks import per_criterion
from partnerselect.problem import Problem
from partnerselect.ranking import Ranking

__all__ = [
    "PREFERENCE_FUNCTIONS",
    "PROMETHEE2",
    "GaiaPlane",
    "gaia_plane",
    "preference",
    "promethee2",
    "ranking_unicriterion_flows",
    "unicriterion_flows",
]

#: Canonical names of the six generalised criteria of Brans & Vincke (types I-VI) and the
#: thresholds each one needs.
PREFERENCE_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "usual": (),
    "u-shape": ("q",),
    "v-shape": ("p",),
    "level": ("q", "p"),
    "linear": ("q", "p"),
    "gaussian": ("s",),
}
_ALIASES = {
    "type1": "usual",
    "i": "usual",
    "ushape": "u-shape",
    "u_shape": "u-shape",
    "type2": "u-shape",
    "ii": "u-shape",
    "vshape": "v-shape",
    "v_shape": "v-shape",
    "type3": "v-shape",
    "iii": "v-shape",
    "type4": "level",
    "iv": "level",
    "vshape_2": "linear",
    "type5": "linear",
    "v": "linear",
    "type6": "gaussian",
    "vi": "gaussian",
}


def preference(
    d: np.ndarray, kind: str, q: float = 0.0, p: float = 0.0, s: float = 0.0
) -> np.ndarray:
    """Preference degree ``P(d)`` in [0, 1] of a difference ``d = g(a) - g(b)``.

    ``kind`` is one of :data:`PREFERENCE_FUNCTIONS`:

    * ``usual`` (I): 1 if ``d > 0``;
    * ``u-shape`` (II): 1 if ``d > q``;
    * ``v-shape`` (III): ``d/p`` up to ``p``, then 1;
    * ``level`` (IV): 1/2 if ``q < d <= p``, 1 if ``d > p``;
    * ``linear`` (V): ``(d - q)/(p - q)`` if ``q < d <= p``, 1 if ``d > p``;
    * ``gaussian`` (VI): ``1 - exp(-d^2 / (2 s^2))`` if ``d > 0``.

    Parameters
    ----------
    d : numpy.ndarray
        Differences ``g(a) - g(b)`` (oriented: larger is better for ``a``).
    kind : str
        A key of :data:`PREFERENCE_FUNCTIONS`.
    q, p, s : float
        Indifference, preference and Gaussian thresholds (those the function uses).

    Examples
    --------
    >>> preference(np.array([-1.0, 0.5, 1.5, 3.0]), "linear", q=1, p=2).tolist()
    [0.0, 0.0, 0.5, 1.0]
    """
    d = np.asarray(d, dtype=float)
    if kind == "usual":
        return (d > 0).astype(float)
    if kind == "u-shape":
        return (d > q).astype(float)
    if kind == "v-shape":
        return np.clip(d / p, 0.0, 1.0)
    if kind == "level":
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if kind == "linear":
        return np.clip((d - q) / (p - q), 0.0, 1.0)
    if kind == "gaussian":
        return np.where(d > 0, -np.expm1(-(d * d) / (2.0 * s * s)), 0.0)
    msg = f"Unknown preference function {kind!r}; use one of {list(PREFERENCE_FUNCTIONS)}."
    raise ValueError(msg)


def unicriterion_flows(
    matrix: np.ndarray,
    signs: np.ndarray,
    functions: list[tuple[str, float, float, float]],
) -> tuple[np.ndarray, np.ndarray]:
    """Positive and negative unicriterion flows ``(m, n)``.

    ``phi+_j(a) = sum_b P_j(a, b) / (m - 1)`` and ``phi-_j(a) = sum_b P_j(b, a) / (m - 1)``.
    One ``(m, m)`` preference matrix is built per criterion and reduced at once, so memory
    is ``O(m^2)`` whatever the number of criteria or weight vectors.

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,)
        +1 for a benefit criterion, -1 for a cost criterion.

    functions : list of (str, float, float, float)
        One ``(kind, q, p, s)`` per criterion.
    """
    x = np.asarray(matrix, dtype=float)
    m, n = x.shape
    plus = np.zeros((m, n))
    minus = np.zeros((m, n))
    if m < 2:
        return plus, minus
    for j, (kind, q, p, s) in enumerate(functions):
        col = x[:, j] * (1.0 if signs[j] > 0 else -1.0)
        P = preference(col[:, None] - col[None, :], kind, q, p, s)  # P[a, b]
        plus[:, j] = P.sum(axis=1) / (m - 1)
        minus[:, j] = P.sum(axis=0) / (m - 1)
    return plus, minus


def promethee2(
    matrix: np.ndarray,
    signs: np.ndarray,
    weights: np.ndarray,
    functions: list[tuple[str, float, float, float]] | None = None,
) -> np.ndarray:
    """Net flows ``phi = phi+ - phi-`` for a weight batch ``(S, n)`` -> ``(S, m)``.

    The net flow is linear in the weights, ``phi(a) = sum_j w_j (phi+_j(a) - phi-_j(a))``,
    so the batch is a single ``(S, n) @ (n, m)`` product over the unicriterion flows,
    computed once: no ``(S, m, m)`` (let alone ``(S, m, m, n)``) array is ever built.
    ``functions`` is one ``(kind, q, p, s)`` per criterion (default: usual everywhere).

    Parameters
    ----------
    matrix : numpy.ndarray, shape (m, n)
        Values, partners x criteria.
    signs : numpy.ndarray, shape (n,)
        +1 for a benefit criterion, -1 for a cost criterion.

    weights : numpy.ndarray, shape (S, n)
        A batch of weight vectors.
    functions : list of (str, float, float, float), optional
        One ``(kind, q, p, s)`` per criterion (default: usual everywhere).

    Examples
    --------
    >>> x = np.array([[4.0, 3, 2], [3, 2, 4], [5, 1, 3]])
    >>> promethee2(x, np.ones(3), np.array([[0.5, 0.3, 0.2]])).round(6).tolist()
    [[0.1, -0.3, 0.2]]
    """
    x = np.asarray(matrix, dtype=float)
    fns = functions or [("usual", 0.0, 0.0, 0.0)] * x.shape[1]
    plus, minus = unicriterion_flows(x, signs, fns)
    flows = np.atleast_2d(np.asarray(weights, dtype=float)) @ (plus - minus).T
    return flows + 0.0  # no -0.0 in displayed flows


def parse_functions(method: Method, problem: Problem) -> list[tuple[str, float, float, float]]:
    """Validate ``preference``, ``q``, ``p``, ``s`` into one ``(kind, q, p, s)`` per criterion."""
    names = [str(c) for c in problem.criteria]
    kinds = per_criterion(
        method,
        "preference",
        method.params["preference"],
        problem,
        expected=f"one of {list(PREFERENCE_FUNCTIONS)}",
    )
    th = {
        t: per_criterion(method, t, method.params[t], problem, expected="a float >= 0 or None")
        for t in ("q", "p", "s")
    }
    out = []
    for j, crit in enumerate(names):
        raw = "usual" if kinds[j] is None else kinds[j]
        kind = _ALIASES.get(str(raw).lower(), str(raw).lower()) if isinstance(raw, str) else raw
        if kind not in PREFERENCE_FUNCTIONS:
            raise method.param_error(
                "preference", f"one of {list(PREFERENCE_FUNCTIONS)} for criterion {crit!r}", raw
            )
        vals: dict[str, float] = {}
        for t in ("q", "p", "s"):
            v = th[t][j]
            if t not in PREFERENCE_FUNCTIONS[kind]:
                vals[t] = 0.0
                continue
            ok = isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool)
            f = float(v) if ok else np.nan
            positive_needed = t == "s" or (t == "p" and kind == "v-shape")
            if not (ok and np.isfinite(f) and (f > 0 if positive_needed else f >= 0)):
                rel = "> 0" if positive_needed else ">= 0"
                raise method.param_error(
                    t, f"a float {rel} for criterion {crit!r} ({kind} preference function)", v
                )
            vals[t] = f
        if kind in ("level", "linear") and not vals["p"] > vals["q"]:
            raise method.param_error(
                "p",
                f"greater than q={vals['q']:g} for criterion {crit!r} ({kind} preference)",
                th["p"][j],
            )
        out.append((str(kind), vals["q"], vals["p"], vals["s"]))
    return out


@register("promethee2")
class PROMETHEE2(Method):
    """PROMETHEE II complete ranking by net outranking flow, higher is better.

    Parameters
    ----------
    preference : str or per criterion, default "usual"
        Generalised criterion: ``"usual"``, ``"u-shape"``, ``"v-shape"``, ``"level"``,
        ``"linear"`` or ``"gaussian"`` (types I-VI), one for all criteria, a sequence (one
        per criterion) or a mapping by criterion name (missing ones are ``"usual"``).
    q, p, s : float or per criterion, optional
        Indifference threshold ``q`` (u-shape, level, linear), preference threshold ``p``
        (v-shape, level, linear; ``p > q``) and Gaussian parameter ``s``, in the unit of
        each criterion. A threshold a chosen function needs must be given.

    Notes
    -----
    ``phi(a) = (1/(m-1)) sum_b [pi(a, b) - pi(b, a)]`` with
    ``pi(a, b) = sum_j w_j P_j(a, b)``. Flows are linear in the weights, so
    per-criterion contributions ``w_j phi_j(a)`` sum to the net flow. Thresholds follow
    Brans & Vincke; pymcdm calls ``"linear"`` ``'vshape_2'`` and our ``"v-shape"``
    ``'vshape'``.

    References
    ----------
    Brans, J.-P. & Vincke, Ph. (1985). A preference ranking organisation method (The
    PROMETHEE method for multiple criteria decision-making). Management Science 31(6),
    647-656.
    Brans, J.-P., Vincke, Ph. & Mareschal, B. (1986). How to select and how to rank
    projects: The PROMETHEE method. European Journal of Operational Research 24(2),
    228-238.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"C1": [4, 3, 5], "C2": [3, 2, 1], "C3": [2, 4, 3]},
    ...                   index=["A1", "A2", "A3"])
    >>> pb = ps.Problem.from_frame(df, objectives=["max"] * 3, weights=[0.5, 0.3, 0.2])
    >>> ps.rank(pb, "promethee2").scores.round(6).tolist()
    [0.1, -0.3, 0.2]
    """

    label = "PROMETHEE II"
    step_axes: ClassVar[Mapping[str, str]] = {"preference index pi(a, b)": "pp"}
    preference: Any = "usual"
    q: Any = None
    p: Any = None
    s: Any = None

    def validate(self, problem: Any) -> dict[str, Any]:
        return {"functions": parse_functions(self, problem)}

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        return promethee2(matrix, signs, weights, **params)

    def scorer(self, problem: Problem) -> Callable[[np.ndarray], np.ndarray]:
        """Net flows for weight batches, with the unicriterion flows computed once.

        The net flow is linear in the weights, so a scorer that is called chunk after
        chunk (SMAA, sweeps) multiplies each batch by the same ``(n, m)`` matrix instead
        of rebuilding the ``(m, m)`` preference matrices per call; the values are those
        of :meth:`kernel`.

        Parameters
        ----------
        problem : Problem

        Returns
        -------
        callable
        """
        if type(self).kernel is not PROMETHEE2.kernel:  # a subclass with its own scores
            return super().scorer(problem)
        functions = self.validate(problem)["functions"]
        plus, minus = unicriterion_flows(problem.values, problem.signs, functions)
        net_t = np.ascontiguousarray((plus - minus).T)

        def score(weights: np.ndarray) -> np.ndarray:
            return np.atleast_2d(np.asarray(weights, dtype=float)) @ net_t + 0.0

        return score

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        return flow_steps(matrix, signs, weights, params["functions"])

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        plus, minus = unicriterion_flows(matrix, signs, params["functions"])
        return np.asarray((plus - minus) * weights)


def flow_steps(
    matrix: np.ndarray,
    signs: np.ndarray,
    weights: np.ndarray,
    functions: list[tuple[str, float, float, float]],
) -> dict[str, Any]:
    """Labelled steps shared by PROMETHEE I and II: preference index and flows."""
    x = np.asarray(matrix, dtype=float)
    m = x.shape[0]
    pi = np.zeros((m, m))
    for j, (kind, q, p, s) in enumerate(functions):
        col = x[:, j] * (1.0 if signs[j] > 0 else -1.0)
        pi += weights[j] * preference(col[:, None] - col[None, :], kind, q, p, s)
    plus, minus = unicriterion_flows(x, signs, functions)
    return {
        "preference index pi(a, b)": pi,
        "unicriterion net flows": plus - minus,
        "positive flow": plus @ weights,
        "negative flow": minus @ weights,
        "net flow": (plus - minus) @ weights,
    }


# ------------------------------------------------------------------------ GAIA plane
#: Step labels under which a PROMETHEE ranking may keep its unicriterion net flows.
FLOW_STEPS = ("unicriterion net flows", "unicriterion net flow", "unicriterion flows")


def ranking_unicriterion_flows(ranking: Ranking) -> pd.DataFrame:
    """Unicriterion net flows ``phi_j(a)`` (partners x criteria) of a PROMETHEE ranking.

    Read from ``ranking.steps`` when the method keeps them (labels in
    :data:`FLOW_STEPS`). Otherwise they are obtained from the method's own kernel: the
    PROMETHEE net flow is linear in the weights, ``phi(a) = sum_j w_j phi_j(a)``, so
    ``phi_j`` is the net flow with all the weight on criterion ``j`` (one batched call
    with the identity matrix as weight batch; no preference function is re-implemented
    here).

    Parameters
    ----------
    ranking : Ranking
        A PROMETHEE I or II ranking.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    ParameterError
        The ranking is not from a PROMETHEE method.
    """
    problem = ranking.problem
    for key in FLOW_STEPS:
        val = ranking.steps.get(key) if key in ranking.steps else None
        if isinstance(val, pd.DataFrame) and val.shape == problem.shape:
            return val
    if not str(ranking.method).lower().startswith("promethee"):
        msg = (
            f"The GAIA plane needs a PROMETHEE ranking; this one is {ranking.method!r}. "
            "Rank with ps.rank(problem, 'promethee2', ...) first."
        )
        raise ParameterError(msg, value=ranking.method)
    method = get_method(ranking.method, **dict(ranking.params))
    n = problem.shape[1]
    phi = np.asarray(method.scorer(problem)(np.eye(n)), dtype=float)  # (n, m)
    return pd.DataFrame(phi.T, index=problem.partners, columns=problem.criteria)


@dataclasses.dataclass(frozen=True)
class GaiaPlane:
    """Coordinates of the GAIA plane.

    Attributes
    ----------
    points : pandas.DataFrame
        Partners x (``u``, ``v``): projected unicriterion net-flow profiles.
    axes : pandas.DataFrame
        Criteria x (``u``, ``v``): projected unit vectors of the criteria.
    stick : numpy.ndarray
        ``(2,)``: projected weight vector, the decision stick pi.
    delta : float
        Share of the total variance the plane keeps (``(l1 + l2) / sum(l)``).
    """

    points: pd.DataFrame
    axes: pd.DataFrame
    stick: np.ndarray
    delta: float

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GaiaPlane):
            return NotImplemented
        return (
            self.points.equals(other.points)
            and self.axes.equals(other.axes)
            and bool(np.array_equal(self.stick, other.stick, equal_nan=True))
            and (self.delta == other.delta or (np.isnan(self.delta) and np.isnan(other.delta)))
        )

    __hash__ = None  # type: ignore[assignment]


def gaia_plane(flows: pd.DataFrame, weights: pd.Series | np.ndarray) -> GaiaPlane:
    """Project unicriterion net flows on their first two principal components.

    The eigenvectors are oriented so that the decision stick points right and up.

    Parameters
    ----------
    flows : pandas.DataFrame
        Partners x criteria unicriterion net flows ``phi_j(a)``.
    weights : pandas.Series or numpy.ndarray
        Criterion weights (in the column order of ``flows``).

    Returns
    -------
    GaiaPlane

    References
    ----------
    Brans, J.-P. & Mareschal, B. (1994). The PROMCALC & GAIA decision support system for
    multicriteria decision aid. Decision Support Systems 12(4-5), 297-310.

    Examples
    --------
    >>> import pandas as pd
    >>> flows = pd.DataFrame({"a": [-1.0, 0.0, 1.0], "b": [1.0, 0.0, -1.0]})
    >>> plane = gaia_plane(flows, [0.5, 0.5])
    >>> round(plane.delta, 6)
    1.0
    """
    phi = flows.to_numpy(float)
    m, n = phi.shape
    w = np.asarray(weights, dtype=float).reshape(-1)
    if w.size != n:
        msg = f"gaia_plane() got {w.size} weights for {n} criteria; give one per criterion."
        raise ParameterError(msg, value=w.size)
    centred = phi - phi.mean(axis=0)
    cov = centred.T @ centred / max(m, 1)
    evals, evecs = np.linalg.eigh(cov)
    order = np.argsort(evals)[::-1]
    evals = np.clip(evals[order], 0.0, None)
    evecs = evecs[:, order]
    basis = np.zeros((n, 2))
    basis[:, : min(2, n)] = evecs[:, : min(2, n)]
    total = float(evals.sum())
    delta = float(evals[: min(2, n)].sum() / total) if total > 0 else float("nan")
    stick = w @ basis
    for k in range(2):
        if stick[k] < 0:
            basis[:, k] *= -1
            stick[k] *= -1
    points = pd.DataFrame(centred @ basis, index=flows.index, columns=["u", "v"])
    axes = pd.DataFrame(basis, index=flows.columns, columns=["u", "v"])
    return GaiaPlane(points=points, axes=axes, stick=stick, delta=delta)
