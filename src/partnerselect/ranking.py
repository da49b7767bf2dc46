"""Ranking results and the tie policy shared by every method.

Rank 1 is best for every method. Ties follow a declared policy:

``"min"`` (default, competition ranking "1224")
    tied partners share the best rank of their group, the next rank skips;
``"dense"`` ("1223")
    tied partners share a rank, the next rank does not skip;
``"order"``
    ties are broken by the partners' input order (every rank used once).

Two scores are tied when they differ by at most ``1e-9`` times the largest absolute score
(at least ``1e-12``), so that floating-point noise does not split a real tie.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError, TieWarning

if TYPE_CHECKING:
    from partnerselect.plot.accessor import RankingPlot
    from partnerselect.problem import Problem

__all__ = ["TIE_POLICIES", "Explanation", "Ranking", "rank_scores", "ranks_batch"]

TiePolicy = Literal["min", "dense", "order"]
TIE_POLICIES: tuple[str, ...] = ("min", "dense", "order")
TIE_RTOL = 1e-9

#: (steps, contributions, extra) of a ranking.
Details = tuple[Mapping[str, Any], "pd.DataFrame | None", Mapping[str, Any]]


def _check_ties(ties: str) -> None:
    if ties not in TIE_POLICIES:
        msg = f"The 'ties' parameter must be one of {list(TIE_POLICIES)}. Got {ties!r} instead."
        raise ParameterError(msg, value=ties)


def rank_scores(
    scores: np.ndarray, *, higher_is_better: bool = True, ties: str = "min"
) -> np.ndarray:
    """Ranks (1 = best) of a 1-D score vector under a tie policy.

    Examples
    --------
    >>> rank_scores(np.array([21.5, 22.0, 22.0]))
    array([3, 1, 1])
    >>> rank_scores(np.array([21.5, 22.0, 22.0]), ties="dense")
    array([2, 1, 1])
    >>> rank_scores(np.array([0.3, 0.1, 0.2]), higher_is_better=False)
    array([3, 1, 2])
    """
    _check_ties(ties)
    s = np.asarray(scores, dtype=float)
    u = s if higher_is_better else -s
    n = u.size
    if n == 0:
        return np.zeros(0, dtype=int)
    order = np.argsort(-u, kind="stable")
    sorted_u = u[order]
    tol = max(TIE_RTOL * float(np.max(np.abs(u))), 1e-12)
    new_group = np.empty(n, dtype=bool)
    new_group[0] = True
    new_group[1:] = (sorted_u[:-1] - sorted_u[1:]) > tol
    ranks_sorted: np.ndarray
    if ties == "order":
        ranks_sorted = np.arange(1, n + 1)
    elif ties == "dense":
        ranks_sorted = np.cumsum(new_group)
    else:
        starts = np.where(new_group, np.arange(1, n + 1), 0)
        ranks_sorted = np.maximum.accumulate(starts)
    out = np.empty(n, dtype=int)
    out[order] = ranks_sorted
    return out


def ranks_batch(utilities: np.ndarray) -> np.ndarray:
    """Ranks (1 = best) of each row of a ``(n_samples, n_partners)`` utility batch.

    Higher utility is better; exact ties are broken by input order (Monte Carlo draws have
    ties with probability zero for continuous data). Pure numpy, no Python loop.

    Examples
    --------
    >>> ranks_batch(np.array([[0.1, 0.9, 0.5], [3.0, 1.0, 2.0]]))
    array([[3, 1, 2],
           [1, 3, 2]])
    """
    u = np.asarray(utilities, dtype=float)
    order = np.argsort(-u, axis=-1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, u.shape[-1] + 1)[None, :], axis=-1)
    return ranks


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


@dataclasses.dataclass(frozen=True, repr=False)
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

    def keys(self) -> list[str]:
        """Labels of the steps, in the order the method computes them."""
        return list(self.steps)

    def __repr__(self) -> str:
        lines = [f"Explanation of {self.method}:"]
        for key, val in self.steps.items():
            lines.append(f"--- {key}")
            lines.append(str(val))
        if self.contributions is not None:
            lines.append("--- contributions (per criterion, sum = score)")
            lines.append(str(self.contributions))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [f"<h4>Explanation of {html.escape(self.method)}</h4>"]
        for key, val in self.steps.items():
            parts.append(f"<h5>{html.escape(str(key))}</h5>")
            if isinstance(val, pd.Series | pd.DataFrame):
                frame = val.to_frame() if isinstance(val, pd.Series) else val
                parts.append(frame.to_html(escape=True))
            else:
                parts.append(f"<pre>{html.escape(str(val))}</pre>")
        if self.contributions is not None:
            parts.append("<h5>contributions</h5>")
            parts.append(self.contributions.to_html(escape=True))
        return "\n".join(parts)


@dataclasses.dataclass(frozen=True, repr=False)
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
    def steps(self) -> Mapping[str, Any]:
        """Labelled intermediate results, computed on first access (see :meth:`explain`)."""
        return self._details[0]

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
        """
        s = np.asarray(scores, dtype=float).reshape(-1)
        ranks = rank_scores(s, higher_is_better=higher_is_better, ties=ties)
        index = problem.partners
        if warn_ties and ties != "order" and len(np.unique(ranks)) < len(ranks):
            _warn_ties(method, ties, pd.Series(ranks, index=index))
        if details is None:
            contrib = contributions
            if contrib is not None and not isinstance(contrib, pd.DataFrame):
                contrib = pd.DataFrame(np.asarray(contrib), index=index, columns=problem.criteria)
            eager: Details = (dict(steps or {}), contrib, dict(extra or {}))
        return cls(
            scores=pd.Series(s, index=index, name="score", copy=False),
            ranks=pd.Series(ranks, index=index, name="rank", copy=False),
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
        """The best ``k`` partners as a frame."""
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

    def __repr__(self) -> str:
        direction = "higher" if self.higher_is_better else "lower"
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        head = f"<Ranking {self.method}({params}), {direction} score is better, ties={self.ties!r}>"
        return head + "\n" + self.to_frame().to_string()

    def _repr_html_(self) -> str:
        params = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        head = f"<p><b>Ranking</b> {html.escape(self.method)}({html.escape(params)})</p>"
        return head + self.to_frame().to_html(escape=True)
