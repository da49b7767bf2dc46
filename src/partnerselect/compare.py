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

from partnerselect._equality import value_equality
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
    "PairExplanation",
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
    from partnerselect._rankcorr import kendall_tau_b, spearman_rho  # scipy.stats' values

    if kind == "spearman":
        return spearman_rho(x, y)
    return kendall_tau_b(x, y)


@value_equality
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
            Spearman's rho and Kendall's tau-b (on the ranks, as scipy.stats), the weighted
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

    def explain(self, a: Any, b: Any, methods: Sequence[str] | None = None) -> PairExplanation:
        """Why two methods rank partners ``a`` and ``b`` differently, in numbers.

        For each method and criterion ``j``: how much of the score gap between ``a`` and
        ``b`` (as a share of the method's score range over all partners) disappears when
        ``b`` is given ``a``'s value on ``j`` (so that the two partners tie on ``j``); and
        the pair's difference on ``j`` after the method's normalisation. Criteria whose
        share differs most between the methods drive the disagreement.

        Parameters
        ----------
        a, b : partner ids
        methods : two method labels, optional
            Default: the first two compared methods that order ``a`` and ``b`` differently
            (or the first two methods when all agree).

        Returns
        -------
        PairExplanation
            ``.table`` (one row per criterion) and ``.summary`` (plain text).

        Examples
        --------
        >>> import pandas as pd, partnerselect as ps
        >>> df = pd.DataFrame({"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.2]},
        ...                   index=["p1", "p2", "p3"])
        >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"},
        ...                            weights={"price": 1, "quality": 3})
        >>> ex = ps.compare(pb, ["wsm", "vikor"]).explain("p2", "p3")
        >>> list(ex.table.columns)[:2]
        ['weight', 'gap wsm']
        """
        labels = self.methods
        for pid in (a, b):
            if pid not in self.problem.partners:
                msg = f"Unknown partner {pid!r}; partners: {', '.join(map(str, self.problem.partners))}."
                raise ParameterError(msg, value=pid)
        pick: tuple[str, ...] | None
        if methods is None:
            ranks = self.ranks
            order = {m: np.sign(ranks.loc[a, m] - ranks.loc[b, m]) for m in labels}
            pick = next(
                (
                    (m1, m2)
                    for i, m1 in enumerate(labels)
                    for m2 in labels[i + 1 :]
                    if order[m1] != order[m2]
                ),
                None,
            )
            if pick is None:
                if len(labels) < 2:
                    msg = "explain() needs a comparison of at least two methods."
                    raise ParameterError(msg, value=labels)
                pick = (labels[0], labels[1])
        else:
            pick = tuple(methods)
            if len(pick) != 2 or any(m not in labels for m in pick):
                msg = f"Give two of the compared methods ({', '.join(labels)}); got {methods!r}."
                raise ParameterError(msg, value=methods)
        return _explain_pair(self, a, b, pick[0], pick[1])

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


@value_equality
@dataclasses.dataclass(frozen=True, repr=False)
class PairExplanation:
    """Why two methods order a pair of partners differently.

    Attributes
    ----------
    a, b : partner ids
    methods : tuple of two method labels
    gaps : dict
        Method -> score gap ``a - b`` (oriented: positive = ``a`` ahead) as a share of the
        method's score range over all partners.
    table : pandas.DataFrame
        One row per criterion: ``weight``, ``gap <method>`` (the part of the gap due to the
        criterion, same scale as ``gaps``), ``normalised <method>`` (the pair's difference on
        the criterion after the method's normalisation, NaN when the method has none) and
        ``difference`` (``gap`` of the first method minus the second's), sorted by
        ``|difference|``.
    summary : str
    """

    a: Any
    b: Any
    methods: tuple[str, str]
    gaps: Mapping[str, float]
    table: pd.DataFrame
    summary: str

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def __str__(self) -> str:
        return self.summary

    def __repr__(self) -> str:
        return f"<PairExplanation {self.a} vs {self.b}: {' / '.join(self.methods)}>\n{self.summary}"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary)}</p>" + self.table.to_html(
            escape=True, float_format=lambda v: f"{v:.4f}"
        )


#: Normalisation a method applies before weighting, when it is fixed by the method.
_FIXED_NORMALIZATION = {"vikor": "minmax", "mabac": "minmax", "spotis": None, "edas": None}


def _explain_pair(cmp: Comparison, a: Any, b: Any, m1: str, m2: str) -> PairExplanation:
    from partnerselect.methods.normalization import NORMALIZATIONS, normalize

    pb = cmp.problem
    ia, ib = pb.partners.get_loc(a), pb.partners.get_loc(b)
    X, signs, w = pb.values, pb.signs, pb.weight_vector
    n = X.shape[1]
    cols: dict[str, np.ndarray] = {"weight": w}
    gaps: dict[str, float] = {}
    norm_cols: dict[str, np.ndarray] = {}
    norm_names: dict[str, str | None] = {}
    for label in (m1, m2):
        rk = cmp.rankings[label]
        obj = resolve_method(rk.method, **dict(rk.params))
        kwargs = obj.validate(pb)
        sign = 1.0 if obj.higher_is_better else -1.0

        def util(
            x: np.ndarray, obj: Method = obj, kwargs: dict[str, Any] = kwargs, sign: float = sign
        ) -> np.ndarray:
            return sign * np.asarray(obj.kernel(x, signs, w[None, :], **kwargs), dtype=float)[0]

        base = util(X)
        span = float(np.ptp(base)) or 1.0
        gap = (base[ia] - base[ib]) / span
        part = np.zeros(n)
        for j in range(n):
            x = X.copy()
            x[ib, j] = X[ia, j]
            u = util(x)
            part[j] = gap - (u[ia] - u[ib]) / span
        gaps[label] = float(gap)
        cols[f"gap {label}"] = part
        norm = obj.params.get("normalization", _FIXED_NORMALIZATION.get(obj.name))
        if isinstance(norm, str) and norm in NORMALIZATIONS:
            r = normalize(X, signs, norm)
            oriented = r if norm in ("minmax", "linear_max", "linear_sum") else r * signs
            norm_cols[f"normalised {label}"] = oriented[ia] - oriented[ib]
            norm_names[label] = norm
        else:
            norm_cols[f"normalised {label}"] = np.full(n, np.nan)
            norm_names[label] = None
    table = pd.DataFrame({**cols, **norm_cols}, index=pb.criteria)
    table["difference"] = table[f"gap {m1}"] - table[f"gap {m2}"]
    table = table.iloc[np.argsort(-table["difference"].abs().to_numpy(), kind="stable")]
    table.index.name = "criterion"

    def who(label: str) -> str:
        g = gaps[label]
        if abs(g) < 1e-12:
            return f"{label} ties {a} and {b}"
        first, second = (a, b) if g > 0 else (b, a)
        return f"{label} ranks {first} above {second} (gap {abs(g):.1%} of its score range)"

    parts = [f"{who(m1)}; {who(m2)}."]
    top = table.head(3)
    drivers = []
    for crit, row in top.iterrows():
        text = (
            f"{crit} (weight {row['weight']:.3f}): {row[f'gap {m1}']:+.3f} under {m1} vs "
            f"{row[f'gap {m2}']:+.3f} under {m2}"
        )
        extra = []
        for label in (m1, m2):
            val = row[f"normalised {label}"]
            if norm_names[label] is not None and np.isfinite(val):
                extra.append(f"{norm_names[label]} difference {val:+.3f} under {label}")
        if extra:
            text += " (" + ", ".join(extra) + ")"
        drivers.append(text)
    parts.append(
        f"Positive parts favour {a}. The criteria that differ most between the methods: "
        + "; ".join(drivers)
        + "."
    )
    return PairExplanation(
        a=a, b=b, methods=(m1, m2), gaps=gaps, table=table, summary=" ".join(parts)
    )


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
