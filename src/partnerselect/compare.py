"""Rank the same problem with several methods, measure their agreement, build a consensus.

>>> import pandas as pd, partnerselect as ps
>>> from partnerselect.compare import compare
>>> df = pd.DataFrame({"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.2]},
...                   index=["p1", "p2", "p3"])
>>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"},
...                            weights={"price": 1, "quality": 3})
>>> cmp = compare(pb, methods=["wsm", "topsis", "vikor"])
>>> cmp.ranks.loc["p2"].tolist()  # VIKOR's compromise prefers p3
[1, 1, 2]
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError
from partnerselect.methods._base import Method, resolve_method
from partnerselect.problem import Problem
from partnerselect.ranking import Ranking, _check_ties, rank_scores

if TYPE_CHECKING:
    from partnerselect.plot.accessor import ComparisonPlot

__all__ = [
    "CONSENSUS_KINDS",
    "CORRELATION_KINDS",
    "Comparison",
    "compare",
    "weighted_spearman",
    "ws_coefficient",
]

DEFAULT_METHODS = ("wsm", "topsis", "vikor", "promethee2")
CORRELATION_KINDS = ("spearman", "kendall", "weighted_spearman", "ws")
CONSENSUS_KINDS = ("borda", "copeland")


def weighted_spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Weighted Spearman rank correlation ``r_w`` (top ranks count more).

    ``r_w = 1 - 6 sum (x_i - y_i)^2 ((N - x_i + 1) + (N - y_i + 1)) / (N^4 + N^3 - N^2 - N)``.
    Symmetric; 1 for identical rankings, -1 for reversed ones.

    References
    ----------
    Dancelli, L., Manisera, M. & Vezzoli, M. (2013). On two classes of weighted rank
    correlation measures deriving from the Spearman's rho. In: Statistical Models for
    Data Analysis, Springer, 107-114.
    Sałabun, W. & Urbaniak, K. (2020). A new coefficient of rankings similarity in
    decision-making problems. ICCS 2020, LNCS 12138, 632-645.

    Examples
    --------
    >>> weighted_spearman(np.array([1, 2, 3]), np.array([3, 2, 1]))
    -1.0
    >>> round(weighted_spearman(np.array([1, 2, 3, 4]), np.array([2, 1, 3, 4])), 4)
    0.72
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = x.size
    if n < 2:
        return 1.0
    num = 6.0 * np.sum((x - y) ** 2 * ((n - x + 1) + (n - y + 1)))
    return float(1.0 - num / (n**4 + n**3 - n**2 - n))


def ws_coefficient(reference: np.ndarray, other: np.ndarray) -> float:
    """WS rank similarity coefficient of ``other`` against ``reference`` (asymmetric).

    ``WS = 1 - sum_i 2^(-x_i) |x_i - y_i| / max(|x_i - 1|, |x_i - N|)`` where ``x`` is the
    reference ranking. Differences at the top of the reference ranking weigh most.

    References
    ----------
    Sałabun, W. & Urbaniak, K. (2020). A new coefficient of rankings similarity in
    decision-making problems. ICCS 2020, LNCS 12138, 632-645.

    Examples
    --------
    >>> ws_coefficient(np.array([1, 2, 3]), np.array([1, 2, 3]))
    1.0
    >>> ws_coefficient(np.array([1, 2, 3]), np.array([2, 1, 3]))
    0.5
    """
    x = np.asarray(reference, dtype=float)
    y = np.asarray(other, dtype=float)
    n = x.size
    if n < 2:
        return 1.0
    den = np.maximum(np.abs(x - 1), np.abs(x - n))
    return float(1.0 - np.sum(2.0 ** (-x) * np.abs(x - y) / den))


def _pair(kind: str, x: np.ndarray, y: np.ndarray) -> float:
    if x.size < 2:
        return 1.0
    if kind == "weighted_spearman":
        return weighted_spearman(x, y)
    if kind == "ws":
        return ws_coefficient(x, y)
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return 1.0 if np.array_equal(x, y) else float("nan")
    from scipy import stats  # imported here so that importing this module stays cheap

    if kind == "spearman":
        return float(stats.spearmanr(x, y).statistic)
    return float(stats.kendalltau(x, y).statistic)


@dataclasses.dataclass(frozen=True, repr=False)
class Comparison:
    """Rankings of one problem by several methods.

    Attributes
    ----------
    problem : Problem
    rankings : dict
        Method label -> :class:`~partnerselect.Ranking`, in the order requested.
    ties : str
        Tie policy used for every ranking and for the consensus.
    """

    problem: Problem
    rankings: Mapping[str, Ranking]
    ties: str = "min"

    @property
    def methods(self) -> list[str]:
        """Method labels, in the order requested."""
        return list(self.rankings)

    @property
    def ranks(self) -> pd.DataFrame:
        """Ranks (1 = best): partners x methods."""
        df = pd.DataFrame({k: r.ranks for k, r in self.rankings.items()})
        df.index.name = "partner_id"
        df.columns.name = "method"
        return df

    @property
    def scores(self) -> pd.DataFrame:
        """Raw scores: partners x methods (each method's own direction, see ``.directions``)."""
        df = pd.DataFrame({k: r.scores for k, r in self.rankings.items()})
        df.index.name = "partner_id"
        df.columns.name = "method"
        return df

    @property
    def directions(self) -> pd.Series:
        """``True`` where a method's score is higher-is-better."""
        return pd.Series(
            {k: r.higher_is_better for k, r in self.rankings.items()}, name="higher_is_better"
        )

    def correlation(self, kind: str = "spearman") -> pd.DataFrame:
        """Methods x methods agreement of the rankings.

        Parameters
        ----------
        kind : {"spearman", "kendall", "weighted_spearman", "ws"}
            Spearman's rho and Kendall's tau-b (scipy, on the ranks), the weighted
            Spearman ``r_w`` (Dancelli et al. 2013) and the WS coefficient (Sałabun &
            Urbaniak 2020). WS is asymmetric: entry ``[a, b]`` measures ranking ``b``
            against ranking ``a`` **as the reference** (the row is the reference).
            A rank correlation with an all-tied ranking is NaN (undefined), unless both
            rankings are identical.

        Examples
        --------
        >>> import pandas as pd, partnerselect as ps
        >>> from partnerselect.compare import compare
        >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.0]}, index=list("xyz"))
        >>> pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"})
        >>> compare(pb, ["wsm", "topsis"]).correlation("spearman").round(3).values.tolist()
        [[1.0, 1.0], [1.0, 1.0]]
        """
        if kind not in CORRELATION_KINDS:
            msg = f"The 'kind' parameter of correlation() must be one of {list(CORRELATION_KINDS)}. Got {kind!r} instead."
            raise ParameterError(msg, value=kind)
        ranks = self.ranks
        labels = list(ranks.columns)
        arr = ranks.to_numpy(dtype=float)
        out = np.ones((len(labels), len(labels)))
        for a in range(len(labels)):
            for b in range(len(labels)):
                if a != b:
                    out[a, b] = _pair(kind, arr[:, a], arr[:, b])
        return pd.DataFrame(
            out, index=pd.Index(labels, name="reference"), columns=pd.Index(labels, name="method")
        )

    def consensus(self, kind: str = "borda") -> pd.DataFrame:
        """A consensus ranking of the methods' rankings (partners in input order).

        Parameters
        ----------
        kind : {"borda", "copeland"}
            ``"borda"``: each method gives ``N - rank`` points; most points is best.
            ``"copeland"``: a partner beats another when more methods rank it higher;
            score = pairwise wins - losses.

        Returns
        -------
        pandas.DataFrame
            Columns ``score`` and ``rank`` (1 = best; ties per :attr:`ties`).

        References
        ----------
        de Borda, J.-C. (1781). Mémoire sur les élections au scrutin. Histoire de
        l'Académie Royale des Sciences.
        Copeland, A. H. (1951). A reasonable social welfare function. Seminar on
        Applications of Mathematics to the Social Sciences, University of Michigan.

        Examples
        --------
        >>> import pandas as pd, partnerselect as ps
        >>> from partnerselect.compare import compare
        >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, 3.0, 2.5]}, index=list("xyz"))
        >>> pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"})
        >>> compare(pb, ["wsm", "vikor"]).consensus("borda")["rank"].tolist()
        [3, 2, 1]
        """
        if kind not in CONSENSUS_KINDS:
            msg = f"The 'kind' parameter of consensus() must be one of {list(CONSENSUS_KINDS)}. Got {kind!r} instead."
            raise ParameterError(msg, value=kind)
        R = self.ranks.to_numpy(dtype=float)
        n = R.shape[0]
        if kind == "borda":
            score = (n - R).sum(axis=1)
        else:
            prefer = (R[:, None, :] < R[None, :, :]).sum(
                axis=2
            )  # [a, b]: methods ranking a above b
            wins = (prefer > prefer.T).sum(axis=1)
            losses = (prefer < prefer.T).sum(axis=1)
            score = (wins - losses).astype(float)
        ranks = rank_scores(score, higher_is_better=True, ties=self.ties)
        out = pd.DataFrame({"score": score, "rank": ranks}, index=self.problem.partners)
        out.index.name = "partner_id"
        return out

    def to_frame(self) -> pd.DataFrame:
        """Name, each method's rank and the Borda consensus rank, sorted by consensus."""
        frame = self.ranks
        frame.insert(0, "name", self.problem.names.reindex(frame.index))
        frame["consensus (borda)"] = self.consensus("borda")["rank"]
        order = np.lexsort((np.arange(len(frame)), frame["consensus (borda)"].to_numpy()))
        return frame.iloc[order]

    @property
    def plot(self) -> ComparisonPlot:
        """Plots of the comparison (rank heat map, correlation matrix, ...)."""
        from partnerselect.plot.accessor import ComparisonPlot

        return ComparisonPlot(self)

    def __repr__(self) -> str:
        head = f"<Comparison of {len(self.rankings)} methods ({', '.join(self.rankings)}), ties={self.ties!r}>"
        return head + "\n" + self.to_frame().to_string()

    def _repr_html_(self) -> str:
        head = f"<p><b>Comparison</b> of {html.escape(', '.join(self.rankings))}</p>"
        return head + self.to_frame().to_html(escape=True)


def _label(method: Method, taken: set[str]) -> str:
    base = method.name or type(method).__name__
    label, k = base, 2
    while label in taken:
        label, k = f"{base}#{k}", k + 1
    return label


def compare(
    problem: Problem,
    methods: Sequence[str | Method] | None = None,
    params: Mapping[str, Mapping[str, Any]] | None = None,
    ties: str = "min",
) -> Comparison:
    """Rank ``problem`` with several methods.

    Parameters
    ----------
    problem : Problem
    methods : sequence of str or Method, optional
        Registered names or Method instances; default ``wsm, topsis, vikor, promethee2``.
        A method listed twice gets a ``#2`` suffix.
    params : dict, optional
        Parameters per method name, e.g. ``{"vikor": {"v": 0.7}}``.
    ties : {"min", "dense", "order"}
        Tie policy for every ranking and for the consensus.

    Returns
    -------
    Comparison

    Raises
    ------
    UnknownMethodError
        A name is not registered.
    ParameterError
        ``params`` names a method that is not compared, or a parameter is invalid.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> from partnerselect.compare import compare
    >>> df = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 1.0, 2.5]}, index=list("xyz"))
    >>> pb = ps.Problem.from_frame(df, objectives={"a": "max", "b": "max"})
    >>> compare(pb, ["wsm", "vikor"], params={"vikor": {"v": 0.3}}).ranks["vikor"].tolist()
    [2, 3, 1]
    """
    _check_ties(ties)
    if not isinstance(problem, Problem):
        msg = f"compare() needs a partnerselect.Problem, got {type(problem).__name__}. Build one with Problem.from_frame(...)."
        raise ParameterError(msg, value=type(problem).__name__)
    if isinstance(methods, str):
        methods = [methods]
    chosen = list(DEFAULT_METHODS if methods is None else methods)
    if not chosen:
        msg = "compare() needs at least one method; pass e.g. methods=['wsm', 'topsis']."
        raise ParameterError(msg, value=chosen)
    params = dict(params or {})
    names = {m.strip().lower() if isinstance(m, str) else getattr(m, "name", "") for m in chosen}
    unknown = [k for k in params if k not in names]
    if unknown:
        msg = f"params given for {unknown[0]!r}, which is not among the compared methods ({', '.join(sorted(names))})."
        raise ParameterError(msg, value=unknown[0])
    rankings: dict[str, Ranking] = {}
    for m in chosen:
        key = m.strip().lower() if isinstance(m, str) else getattr(m, "name", "")
        obj = resolve_method(m, **dict(params.get(key, {})))
        rankings[_label(obj, set(rankings))] = obj.rank(problem, ties=ties)
    return Comparison(problem=problem, rankings=rankings, ties=ties)
