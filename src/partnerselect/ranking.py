"""Ranking results and the tie policy shared by every method.

Rank 1 is best for every method. Every rank in partnerselect comes from one function,
:func:`rank_batch`, with one explicit tie policy:

``"min"`` (default, competition ranking "1224")
    tied partners share the best rank of their group, the next rank skips;
``"dense"`` ("1223")
    tied partners share a rank, the next rank does not skip;
``"order"``
    ties are broken by the partners' input order (every rank used once).

Two scores are tied when they differ by at most ``rtol`` (default ``1e-9``) times the
largest finite absolute score of their row, so that floating-point noise does not split a
real tie; the tolerance is purely relative, so rescaling every score by a power of ten
never changes a ranking. A chain of near-equal scores forms one group. NaN scores rank
last. When a :class:`Ranking` is built for a problem, a partner that dominates another
(at least as good on every weighted criterion, strictly better on one) is never tied with
it: the tolerance only merges partners that no criterion separates.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from partnerselect._equality import same_problem, values_equal
from partnerselect.errors import ParameterError, TieWarning

if TYPE_CHECKING:
    from partnerselect.plot.accessor import RankingPlot
    from partnerselect.problem import Problem

__all__ = [
    "TIE_POLICIES",
    "Explanation",
    "PartialRanking",
    "Ranking",
    "Steps",
    "rank_batch",
    "rank_scores",
    "ranks_batch",
    "step_key",
]

TiePolicy = Literal["min", "dense", "order"]
TIE_POLICIES: tuple[str, ...] = ("min", "dense", "order")
TIE_RTOL = 1e-9

#: (steps, contributions, extra) of a ranking.
Details = tuple[Mapping[str, Any], "pd.DataFrame | None", Mapping[str, Any]]


def _check_ties(ties: str) -> None:
    if ties not in TIE_POLICIES:
        msg = f"The 'ties' parameter must be one of {list(TIE_POLICIES)}. Got {ties!r} instead."
        raise ParameterError(msg, value=ties)


def rank_batch(
    scores: np.ndarray,
    *,
    higher_is_better: bool = True,
    ties: str = "min",
    rtol: float = TIE_RTOL,
) -> np.ndarray:
    """Integer ranks (1 = best) along the last axis of ``scores``, under one tie policy.

    The one ranking function of partnerselect: :meth:`Ranking.from_scores`, the comparison
    of methods and the sensitivity analyses (SMAA, stability...) all rank with it.

    Parameters
    ----------
    scores : array_like, shape (..., m)
        Scores of ``m`` partners; any leading axes are a batch (for example weight
        samples). NaN ranks last.
    higher_is_better : bool, default True
        Direction of the scores.
    ties : {"min", "dense", "order"}, default "min"
        ``"min"`` is competition ranking (equal scores share the best rank of their
        group, the next rank skips), ``"dense"`` does not skip, ``"order"`` breaks ties by
        input order.
    rtol : float, default 1e-9
        Scores within ``rtol`` times the row's largest finite absolute score are equal
        (``0`` for exact equality).

    Returns
    -------
    numpy.ndarray of int
        Same shape as ``scores``.

    Examples
    --------
    >>> rank_batch(np.array([21.5, 22.0, 22.0]))
    array([3, 1, 1])
    >>> rank_batch(np.array([[0.1, 0.9, 0.5], [3.0, 1.0, 3.0]]), ties="dense")
    array([[3, 1, 2],
           [1, 2, 1]])
    >>> rank_batch(np.array([0.3, 0.1, 0.2]), higher_is_better=False)
    array([3, 1, 2])
    """
    _check_ties(ties)
    if isinstance(rtol, bool) or not isinstance(rtol, int | float) or not rtol >= 0:
        msg = f"The 'rtol' parameter must be a float >= 0. Got {rtol!r} instead."
        raise ParameterError(msg, value=rtol)
    s = np.asarray(scores, dtype=float)
    if s.ndim == 0:
        msg = "rank_batch needs at least one axis of scores (one per partner)."
        raise ParameterError(msg, value=s.shape)
    m = s.shape[-1]
    if m == 0 or s.size == 0:
        return np.zeros(s.shape, dtype=int)
    u = (s if higher_is_better else -s).reshape(-1, m)
    nan = np.isnan(u)
    if nan.any():
        u = np.where(nan, -np.inf, u)
    order = np.argsort(-u, axis=1, kind="stable")
    rows = np.arange(u.shape[0])[:, None]  # plain fancy indexing: cheaper than *_along_axis
    sorted_u = u[rows, order]
    scale = np.abs(np.where(np.isfinite(u), u, 0.0)).max(axis=1)
    tol = float(rtol) * scale
    new_group = np.ones(u.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        np.greater(sorted_u[:, :-1] - sorted_u[:, 1:], tol[:, None], out=new_group[:, 1:])
    # -inf - -inf is NaN (not greater): NaN scores are tied at the bottom
    positions = np.arange(1, m + 1)
    if ties == "order":
        ranks_sorted = np.broadcast_to(positions, u.shape)
    elif ties == "dense":
        ranks_sorted = np.cumsum(new_group, axis=1)
    else:
        ranks_sorted = np.maximum.accumulate(np.where(new_group, positions, 0), axis=1)
    out = np.empty(u.shape, dtype=int)
    out[rows, order] = ranks_sorted
    return out.reshape(s.shape)


def rank_scores(
    scores: np.ndarray, *, higher_is_better: bool = True, ties: str = "min"
) -> np.ndarray:
    """Ranks (1 = best) of a 1-D score vector: :func:`rank_batch` on one row.

    Parameters
    ----------
    scores : array_like, shape (m,)
    higher_is_better : bool, default True
    ties : {"min", "dense", "order"}, default "min"

    Returns
    -------
    numpy.ndarray of int

    Examples
    --------
    >>> rank_scores(np.array([21.5, 22.0, 22.0]))
    array([3, 1, 1])
    >>> rank_scores(np.array([21.5, 22.0, 22.0]), ties="dense")
    array([2, 1, 1])
    """
    return rank_batch(np.ravel(scores), higher_is_better=higher_is_better, ties=ties)


def ranks_batch(utilities: np.ndarray) -> np.ndarray:
    """Ranks with ties broken by input order: ``rank_batch(utilities, ties="order")``.

    .. deprecated:: 0.2
       Call :func:`rank_batch` with an explicit tie policy; ``ranks_batch`` will be
       removed in 0.4.

    Parameters
    ----------
    utilities : array_like, shape (n_samples, n_partners)
        Higher is better.

    Returns
    -------
    numpy.ndarray of int

    Warns
    -----
    DeprecationWarning
        Always: use ``rank_batch(utilities, ties="order")``.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     ranks_batch(np.array([[0.1, 0.9, 0.5], [3.0, 1.0, 2.0]]))
    array([[3, 1, 2],
           [1, 3, 2]])
    """
    warnings.warn(
        "ranks_batch() is deprecated and will be removed in 0.4; call "
        'rank_batch(utilities, ties="order") instead.',
        DeprecationWarning,
        stacklevel=2,
    )
    return rank_batch(utilities, ties="order")


def _has_ties(ranks: np.ndarray) -> bool:
    """Whether two entries of a 1-D rank vector are equal (cheaper than ``np.unique``)."""
    r = np.sort(ranks)
    return bool((r[1:] == r[:-1]).any())


def separate_dominated(ranks: np.ndarray, problem: Problem, *, ties: str = "min") -> np.ndarray:
    """Ranks where no partner shares a rank with one it dominates or is dominated by.

    A partner dominates another when it is at least as good on every criterion with a
    positive weight and strictly better on one. Within a group of tied partners, those
    dominated by more group members rank below the others (same tie policy).

    Parameters
    ----------
    ranks : numpy.ndarray of int, shape (m,)
    problem : Problem
    ties : {"min", "dense", "order"}, default "min"

    Returns
    -------
    numpy.ndarray of int
    """
    r = np.asarray(ranks, dtype=int)
    if ties == "order" or not _has_ties(r):
        return r
    w = problem.weight_vector
    u = problem.values[:, w > 0] * problem.signs[w > 0]
    key = np.zeros(len(r), dtype=float)
    changed = False
    for value in np.unique(r):
        members = np.flatnonzero(r == value)
        if members.size < 2:
            continue
        sub = u[members]
        geq = (sub[:, None, :] >= sub[None, :, :]).all(axis=2)
        gt = (sub[:, None, :] > sub[None, :, :]).any(axis=2)
        dominated_by = (geq & gt).sum(axis=0)  # column b: how many members dominate b
        if dominated_by.any():
            key[members] = dominated_by
            changed = True
    if not changed:
        return r
    # lexicographic: first the tolerance group, then the number of dominators in it
    composite = r.astype(float) * (len(r) + 1) + key
    return rank_batch(composite, higher_is_better=False, ties=ties, rtol=0.0)


def _warn_ties(method: str, ties: str, ranks: pd.Series) -> None:
    dup = ranks[ranks.duplicated(keep=False)]
    groups = dup.groupby(dup).groups
    text = "; ".join(f"rank {r}: {', '.join(map(str, ids))}" for r, ids in groups.items())
    warnings.warn(
        f"{method}: tied scores ({text}). Tie policy {ties!r} applies: "
        "tied partners share the best rank of their group.",
        TieWarning,
        stacklevel=4,
    )


def step_key(caption: str) -> str:
    """The machine key of a step caption: lower case, ``+``/``-`` signs spelled out,
    everything else that is not a letter or digit turned into ``_``.

    Parameters
    ----------
    caption : str
        The caption a method displays, for example ``"S+ (benefit sum)"``.

    Returns
    -------
    str

    Examples
    --------
    >>> step_key("S+ (benefit sum)"), step_key("anti-ideal"), step_key("worst f-")
    ('s_plus_benefit_sum', 'anti_ideal', 'worst_f_minus')
    >>> step_key("preference index pi(a, b)")
    'preference_index_pi_a_b'
    """
    text = str(caption).strip()
    text = re.sub(r"\+", " plus ", text)
    text = re.sub(r"-(?![0-9A-Za-z])", " minus ", text)
    text = text.replace("*", " star ")
    text = re.sub(r"[^0-9A-Za-z]+", "_", text.lower())
    return text.strip("_") or "step"


class Steps(Mapping[str, Any]):
    """A method's labelled intermediate results: machine keys, display captions apart.

    Iterating gives the keys (``"distance_to_ideal"``), in the order the method computes
    them; :meth:`caption` gives what reports show (``"distance to ideal"``). Looking a step
    up by its caption still works (as in version 0.1).

    Parameters
    ----------
    items : mapping
        Caption (or key) -> value, in order.
    keys : mapping, optional
        Caption -> key for captions whose key is pinned by the method; others get
        :func:`step_key`.

    Examples
    --------
    >>> st = Steps({"distance to ideal": 1.0})
    >>> list(st), st.caption("distance_to_ideal"), st["distance to ideal"]
    (['distance_to_ideal'], 'distance to ideal', 1.0)
    """

    def __init__(
        self, items: Mapping[str, Any] | None = None, keys: Mapping[str, str] | None = None
    ):
        pinned = dict(keys or {})
        self._data: dict[str, Any] = {}
        self._captions: dict[str, str] = {}
        self._by_caption: dict[str, str] = {}
        source = items._data.items() if isinstance(items, Steps) else dict(items or {}).items()
        captions = items._captions if isinstance(items, Steps) else {}
        for label, value in source:
            caption = captions.get(label, label)
            key = pinned.get(caption) or step_key(caption)
            self._data[key] = value
            self._captions[key] = caption
            self._by_caption[caption] = key

    def __getitem__(self, key: str) -> Any:
        if key in self._data:
            return self._data[key]
        return self._data[self._by_caption[key]]

    def __contains__(self, key: object) -> bool:
        return key in self._data or key in self._by_caption

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def caption(self, key: str) -> str:
        """The display caption of the step ``key``.

        Parameters
        ----------
        key : str
        """
        return self._captions[key if key in self._captions else self._by_caption[key]]

    def captions(self) -> dict[str, str]:
        """Key -> display caption, in order."""
        return dict(self._captions)

    def __repr__(self) -> str:
        return f"Steps({list(self._data)})"


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Explanation:
    """Labelled intermediate steps of a method, and per-criterion contributions.

    Attributes
    ----------
    method : str
    steps : dict
        Label -> pandas object (normalised matrix, ideal points, distances, flows...).
    contributions : pandas.DataFrame or None
        Partners x criteria: each criterion's share of the score (additive methods only;
        rows sum to the score).
    """

    method: str
    steps: Mapping[str, Any]
    contributions: pd.DataFrame | None = None

    def __getitem__(self, key: str) -> Any:
        return self.steps[key]

    def __iter__(self) -> Any:
        return iter(self.steps)

    def __contains__(self, key: object) -> bool:
        return key in self.steps

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Explanation):
            return NotImplemented
        return (
            self.method == other.method
            and list(self.steps) == list(other.steps)
            and all(_same(self.steps[k], other.steps[k]) for k in self.steps)
            and _same(self.contributions, other.contributions)
        )

    __hash__ = None  # type: ignore[assignment]

    def keys(self) -> list[str]:
        """Labels of the steps, in the order the method computes them."""
        return list(self.steps)

    def _caption(self, key: str) -> str:
        return self.steps.caption(key) if isinstance(self.steps, Steps) else str(key)

    def __repr__(self) -> str:
        lines = [f"Explanation of {self.method}:"]
        for key, val in self.steps.items():
            lines.append(f"--- {self._caption(key)}")
            lines.append(str(val))
        if self.contributions is not None:
            lines.append("--- contributions (per criterion, sum = score)")
            lines.append(str(self.contributions))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [f"<h4>Explanation of {html.escape(self.method)}</h4>"]
        for key, val in self.steps.items():
            parts.append(f"<h5>{html.escape(self._caption(key))}</h5>")
            if isinstance(val, pd.Series | pd.DataFrame):
                frame = val.to_frame() if isinstance(val, pd.Series) else val
                parts.append(frame.to_html(escape=True))
            else:
                parts.append(f"<pre>{html.escape(str(val))}</pre>")
        if self.contributions is not None:
            parts.append("<h5>contributions</h5>")
            parts.append(self.contributions.to_html(escape=True))
        return "\n".join(parts)


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class Ranking:
    """Scores and ranks of the partners under one method.

    Attributes
    ----------
    scores : pandas.Series
        Score per partner id (``higher_is_better`` says which way it runs).
    ranks : pandas.Series
        Integer rank per partner id, 1 = best, ties per ``ties``.
    method : str
        Registered method name.
    params : dict
        Parameters the method ran with.
    higher_is_better : bool
    ties : str
        Tie policy used (see module docs).
    problem : Problem
        The problem that was ranked.
    steps : dict
        Labelled intermediate results (see :meth:`explain`).
    contributions : pandas.DataFrame or None
        Per-criterion contributions for additive methods.
    extra : dict
        Method-specific results (VIKOR's S, R, Q and compromise set, PROMETHEE flows...).
    details : callable or tuple, optional
        Where ``steps``, ``contributions`` and ``extra`` come from: a function returning
        them, run on first access, or the tuple itself (built by :meth:`from_scores`).
    """

    scores: pd.Series
    ranks: pd.Series
    method: str
    params: Mapping[str, Any]
    higher_is_better: bool
    ties: str
    problem: Problem
    details: Callable[[], Details] | Details | None = dataclasses.field(
        default=None, repr=False, compare=False
    )

    @functools.cached_property
    def _details(self) -> Details:
        d = self.details
        if d is None:
            return {}, None, {}
        if callable(d):
            return d()
        return d

    @property
    def steps(self) -> Steps:
        """Labelled intermediate results, computed on first access (see :meth:`explain`):
        a :class:`Steps` mapping with machine keys and display captions."""
        steps = self._details[0]
        return steps if isinstance(steps, Steps) else Steps(steps)

    @property
    def contributions(self) -> pd.DataFrame | None:
        """Per-criterion contributions (partners x criteria) for additive methods."""
        return self._details[1]

    @property
    def extra(self) -> Mapping[str, Any]:
        """Method-specific results (VIKOR's S, R, Q and compromise set, PROMETHEE flows...)."""
        return self._details[2]

    @classmethod
    def from_scores(
        cls,
        problem: Problem,
        scores: np.ndarray,
        *,
        method: str,
        params: Mapping[str, Any],
        higher_is_better: bool = True,
        ties: str = "min",
        steps: Mapping[str, Any] | None = None,
        contributions: np.ndarray | pd.DataFrame | None = None,
        extra: Mapping[str, Any] | None = None,
        details: Callable[[], Details] | None = None,
        warn_ties: bool = True,
    ) -> Ranking:
        """Wrap a score vector: rank it and label everything by partner id.

        Intermediate results are given either eagerly (``steps``, ``contributions``,
        ``extra``) or as ``details``, a function returning ``(steps, contributions, extra)``
        that runs on first access, so that ranking stays cheap when nobody asks "why".

        Parameters
        ----------
        problem : Problem
            The problem ranked (its partners label the scores).
        scores : numpy.ndarray, shape (m,)
            One score per partner, in the problem's order.
        method : str
            Registered method name.
        params : mapping
            Parameters the method ran with.
        higher_is_better : bool, default True
            Direction of the scores.
        ties : {"min", "dense", "order"}, default "min"
            Tie policy (see :func:`rank_batch`).
        steps, contributions, extra : optional
            Intermediate results given eagerly.
        details : callable, optional
            Returns ``(steps, contributions, extra)`` on first access (instead of the three
            above).
        warn_ties : bool, default True
            Emit a :class:`~partnerselect.errors.TieWarning` when partners share a rank.

        Returns
        -------
        Ranking
        """
        s = np.asarray(scores, dtype=float).reshape(-1)
        ranks = rank_scores(s, higher_is_better=higher_is_better, ties=ties)
        index = problem.partners
        if ties != "order" and _has_ties(ranks):  # rare: only then look for dominance
            ranks = separate_dominated(ranks, problem, ties=ties)
            if warn_ties and _has_ties(ranks):
                _warn_ties(method, ties, pd.Series(ranks, index=index))
        if details is None:
            contrib = contributions
            if contrib is not None and not isinstance(contrib, pd.DataFrame):
                contrib = pd.DataFrame(np.asarray(contrib), index=index, columns=problem.criteria)
            eager: Details = (dict(steps or {}), contrib, dict(extra or {}))
        return cls(
            scores=_Lazy(s, index, "score"),  # type: ignore[arg-type]
            ranks=_Lazy(ranks, index, "rank"),  # type: ignore[arg-type]
            method=method,
            params=dict(params),
            higher_is_better=higher_is_better,
            ties=ties,
            problem=problem,
            details=details if details is not None else eager,
        )

    # ------------------------------------------------------------------ views
    @property
    def best(self) -> Any:
        """Partner id ranked first (the first in input order when tied)."""
        return self.ranks.idxmin()

    def top(self, k: int = 5) -> pd.DataFrame:
        """The best ``k`` partners as a frame.

        Parameters
        ----------
        k : int, default 5
            How many partners.
        """
        return self.to_frame().head(k)

    def to_frame(self) -> pd.DataFrame:
        """Partners sorted by rank with name, score and rank.

        Examples
        --------
        >>> import pandas as pd, partnerselect as ps
        >>> pb = ps.Problem.from_frame(pd.DataFrame({"q": [1.0, 3.0, 2.0]}, index=["a", "b", "c"]),
        ...                            objectives={"q": "max"})
        >>> ps.rank(pb, "wsm").to_frame()["rank"].tolist()
        [1, 2, 3]
        """
        df = pd.DataFrame(
            {
                "name": self.problem.names.reindex(self.scores.index),
                "score": self.scores,
                "rank": self.ranks,
            }
        )
        df.index.name = "partner_id"
        order = np.lexsort((np.arange(len(df)), df["rank"].to_numpy()))
        return df.iloc[order]

    def explain(self) -> Explanation:
        """The method's labelled intermediate steps and, for additive methods, contributions."""
        return Explanation(self.method, self.steps, self.contributions)

    @property
    def plot(self) -> RankingPlot:
        """Plots of this ranking (bars with margins, contributions, ...)."""
        from partnerselect.plot.accessor import RankingPlot

        return RankingPlot(self)

    def __eq__(self, other: object) -> bool:
        """Equal when the same method with the same parameters gives the same scores and
        ranks to the same partners of an equal problem (intermediate steps are derived)."""
        if not isinstance(other, Ranking):
            return NotImplemented
        return (
            type(self) is type(other)
            and self.method == other.method
            and _same(dict(self.params), dict(other.params))
            and self.higher_is_better == other.higher_is_better
            and self.ties == other.ties
            and _same(self.scores, other.scores)
            and _same(self.ranks, other.ranks)
            and _same_problem(self.problem, other.problem)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        direction = "higher" if self.higher_is_better else "lower"
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        head = f"<Ranking {self.method}({params}), {direction} score is better, ties={self.ties!r}>"
        return head + "\n" + self.to_frame().to_string()

    def _repr_html_(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        head = f"<p><b>Ranking</b> {html.escape(self.method)}({html.escape(params)})</p>"
        return head + self.to_frame().to_html(escape=True)


class _Lazy:
    """Values and labels of a Series not built yet (see :class:`_LazySeries`)."""

    __slots__ = ("index", "name", "values")

    def __init__(self, values: np.ndarray, index: pd.Index, name: str) -> None:
        self.values, self.index, self.name = values, index, name

    def build(self) -> pd.Series:
        return pd.Series(self.values, index=self.index, name=self.name, copy=False)


class _LazySeries:
    """``Ranking.scores`` / ``Ranking.ranks``: the Series is built on first access.

    Ranking a problem is a hot path (a ranking per what-if, per scenario, per call in a
    user's loop) and two pandas Series cost about as much as the TOPSIS kernel itself;
    :meth:`Ranking.from_scores` stores the arrays and the first read labels them. A data
    descriptor on the frozen dataclass: the generated ``__init__`` stores through it.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name]
        if isinstance(value, _Lazy):
            value = value.build()
            obj.__dict__[self.name] = value
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


setattr(Ranking, "scores", _LazySeries("scores"))  # noqa: B010 (after the dataclass is built)
setattr(Ranking, "ranks", _LazySeries("ranks"))  # noqa: B010


#: Value equality (NaN-safe) used by the results' ``__eq__`` (see :mod:`partnerselect._equality`).
_same = values_equal
_same_problem = same_problem


@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class PartialRanking(Ranking):
    """A partial order with incomparable pairs (PROMETHEE I, ELECTRE I, ELECTRE III).

    ``scores`` are the method's batched scores (net flows for PROMETHEE I, net outranking
    for ELECTRE), so weight batches and sensitivity analyses work unchanged, but ``ranks``
    come from the partial order: ``rank(a) = 1 + number of partners preferred to a``. Two
    partners share a rank when they are indifferent or incomparable (or merely beaten by
    as many others), so ranks are 1..n with gaps; the tie policy does not apply (``ties``
    is recorded as ``"partial"``).

    Attributes
    ----------
    outranking : pandas.DataFrame
        Boolean partners x partners: ``outranking.loc[a, b]`` is "a is preferred to b".
    incomparable : list of tuple
        Pairs ``(a, b)`` (input order) that are neither preferred nor indifferent.
    positive_flow, negative_flow : pandas.Series or None
        PROMETHEE I's leaving and entering flows (None for other methods).
    """

    @classmethod
    def from_relation(
        cls,
        problem: Problem,
        scores: np.ndarray,
        preferred: np.ndarray,
        indifferent: np.ndarray,
        *,
        method: str,
        params: Mapping[str, Any],
        details: Callable[[], Details],
    ) -> PartialRanking:
        """Wrap a strict preference relation ``preferred[a, b]`` (a over b) and an
        indifference relation into a partial ranking.

        Parameters
        ----------
        problem : Problem
        scores : numpy.ndarray, shape (m,)
        preferred, indifferent : numpy.ndarray of bool, shape (m, m)
        method : str
        params : mapping
        details : callable
            Returns ``(steps, contributions, extra)`` on first access; the outranking
            relation and the incomparable pairs are added to ``extra``.
        """
        index = problem.partners
        P = np.asarray(preferred, dtype=bool)
        indiff = np.asarray(indifferent, dtype=bool)
        ranks = 1 + P.sum(axis=0)
        incomparable = ~(P | P.T | indiff)
        np.fill_diagonal(incomparable, False)
        pairs = [
            (index[a], index[b])
            for a, b in zip(*np.nonzero(np.triu(incomparable, k=1)), strict=True)
        ]

        def full() -> Details:
            steps, contrib, extra = details()
            out = dict(extra)
            out["outranking"] = pd.DataFrame(P, index=index, columns=index)
            out["incomparable"] = pairs
            return steps, contrib, out

        return cls(
            scores=pd.Series(np.asarray(scores, dtype=float), index=index, name="score"),
            ranks=pd.Series(ranks.astype(int), index=index, name="rank"),
            method=method,
            params=dict(params),
            higher_is_better=True,
            ties="partial",
            problem=problem,
            details=full,
        )

    @property
    def outranking(self) -> pd.DataFrame:
        """``outranking.loc[a, b]`` is True when ``a`` is preferred to ``b``."""
        return self.extra["outranking"]

    @property
    def incomparable(self) -> list[tuple[Any, Any]]:
        """Pairs of partners that the method leaves incomparable."""
        return list(self.extra["incomparable"])

    @property
    def positive_flow(self) -> pd.Series | None:
        """PROMETHEE I's leaving flow ``phi+`` per partner (None for other methods)."""
        return self.extra.get("positive_flow")

    @property
    def negative_flow(self) -> pd.Series | None:
        """PROMETHEE I's entering flow ``phi-`` per partner (None for other methods)."""
        return self.extra.get("negative_flow")
