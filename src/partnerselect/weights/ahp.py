"""Analytic hierarchy process: weights from pairwise judgments, with consistency checks.

Judgments use Saaty's 1-9 scale: ``a_ij = 3`` means criterion i is moderately more
important than j, and ``a_ji = 1/3``. Priorities come from the principal eigenvector
(``method="eigen"``, Saaty 1977), the row geometric mean (``method="rgmm"``, Crawford
& Williams 1985) or additive normalisation (``method="mean"``: normalise the columns to
sum 1 and average the rows, Saaty 1980's approximation; complete judgments only).

Consistency: ``CI = (lambda_max - n) / (n - 1)`` and ``CR = CI / RI(n)`` with Saaty's
random index (the table the published examples use). Other tables:
``random_index="alonso-lamata"`` (Alonso & Lamata 2006, 100,000 matrices per size),
``"tummala-ling"`` (Tummala & Ling 1998, pymcdm's table) and ``"legacy"`` (Saaty's 1980
values extended to n = 15 as many spreadsheet tools do); the geometric consistency index GCI of
Aguarón & Moreno-Jiménez (2003) with their thresholds (0.31 for n = 3, 0.35 for n = 4,
0.37 above) judges RGMM priorities. When the judgments are too inconsistent an
:class:`~partnerselect.errors.InconsistencyWarning` names the judgments that depart most
from the priorities (Saaty's ratio ``e_ij = a_ij w_j / w_i``) and the value that would
make each consistent, ``w_i / w_j``.

Incomplete judgments (NaN, or pairs absent from a judgments dict) are allowed as long as
every criterion is compared, directly or through others, with every other one. Missing
pairs are handled by Harker's (1987) eigenvector method for ``"eigen"`` and by the
logarithmic least squares solution on the comparison graph (Bozóki, Fülöp & Rónyai 2010)
for ``"rgmm"``; in both cases the weights equal those of the matrix completed with
``a_ij = w_i / w_j``, and the consistency figures are those of that completed matrix
(with the complete-matrix random index, so CR is somewhat lenient for very sparse
judgments).

References
----------
.. [1] Saaty, T. L. (1977). A scaling method for priorities in hierarchical structures.
   *Journal of Mathematical Psychology* 15(3), 234-281.
.. [2] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
.. [3] Crawford, G. & Williams, C. (1985). A note on the analysis of subjective judgment
   matrices. *Journal of Mathematical Psychology* 29(4), 387-405.
.. [4] Harker, P. T. (1987). Incomplete pairwise comparisons in the analytic hierarchy
   process. *Mathematical Modelling* 9(11), 837-848.
.. [5] Aguarón, J. & Moreno-Jiménez, J. M. (2003). The geometric consistency index:
   approximated thresholds. *European Journal of Operational Research* 147(1), 137-145.
.. [6] Alonso, J. A. & Lamata, M. T. (2006). Consistency in the analytic hierarchy
   process: a new approach. *Int. J. Uncertainty, Fuzziness and Knowledge-Based
   Systems* 14(4), 445-459.
.. [8] Tummala, V. M. R. & Ling, H. (1998). A note on the computation of the mean random
   consistency index of the analytic hierarchy process (AHP). *Theory and Decision*
   44(3), 221-230.
.. [7] Bozóki, S., Fülöp, J. & Rónyai, L. (2010). On optimal completion of incomplete
   pairwise comparison matrices. *Mathematical and Computer Modelling* 52, 318-333.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from partnerselect.errors import InconsistencyWarning
from partnerselect.weights import _pairwise as pw
from partnerselect.weights._base import WeightSet, weight_series

__all__ = ["AHPResult", "ahp", "ahp_from_upper", "from_judgments"]

PriorityMethod = Literal["eigen", "rgmm", "mean"]
RandomIndexTable = Literal["saaty", "alonso-lamata", "tummala-ling", "legacy"]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class AHPResult(WeightSet):
    """Weights from pairwise judgments with their consistency figures.

    Attributes
    ----------
    weights : pandas.Series
        Priorities (sum 1).
    raw : pandas.DataFrame
        The judgments as given (made exactly reciprocal), NaN where a pair was not compared.
    matrix : pandas.DataFrame
        The complete matrix the figures refer to (missing pairs filled with w_i / w_j).
    priority : {"eigen", "rgmm", "mean"}
    lambda_max, consistency_index, consistency_ratio, random_index : float
        Saaty's figures (0 for n <= 2).
    gci, gci_threshold : float
        Geometric consistency index and its threshold for this n.
    cr_threshold : float
        CR above which the judgments count as inconsistent (eigen method).
    n_missing : int
        Number of pairs not compared.
    """

    matrix: pd.DataFrame
    priority: str
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    random_index: float
    gci: float
    gci_threshold: float
    cr_threshold: float
    n_missing: int

    @property
    def is_consistent(self) -> bool:
        """CR <= cr_threshold (eigen) or GCI <= gci_threshold (rgmm)."""
        if self.priority == "rgmm":
            return self.gci <= self.gci_threshold + 1e-12
        return self.consistency_ratio <= self.cr_threshold + 1e-12

    def most_inconsistent(self, k: int = 3) -> pd.DataFrame:
        """The ``k`` given judgments that depart most from the priorities.

        Saaty's error ratio ``e_ij = a_ij w_j / w_i`` is 1 for a judgment consistent with
        the weights; judgments are sorted by ``|ln e_ij|``. Each row is oriented so that
        ``judgment >= 1`` (``criterion_i`` is the one judged more important) and gives
        ``consistent_value = w_i / w_j`` and the nearest value of the 1-9 scale.

        Parameters
        ----------
        k : int, default 3
            How many judgments.
        """
        given = self.raw if isinstance(self.raw, pd.DataFrame) else self.matrix
        labels = [str(c) for c in given.index]
        A = given.to_numpy(dtype=float)
        w = self.weights.reindex(labels).to_numpy()
        rows = []
        n = len(labels)
        for i in range(n):
            for j in range(i + 1, n):
                a = A[i, j]
                if np.isnan(a):
                    continue
                ii, jj = (i, j) if a >= 1 else (j, i)
                a_o = a if a >= 1 else 1.0 / a
                ratio = a_o * w[jj] / w[ii]
                consistent = w[ii] / w[jj]
                rows.append(
                    {
                        "criterion_i": labels[ii],
                        "criterion_j": labels[jj],
                        "judgment": a_o,
                        "consistent_value": consistent,
                        "suggested": pw.nearest_scale_value(consistent),
                        "ratio": ratio,
                        "deviation": abs(float(np.log(ratio))),
                    }
                )
        cols = [
            "criterion_i",
            "criterion_j",
            "judgment",
            "consistent_value",
            "suggested",
            "ratio",
            "deviation",
        ]
        frame = pd.DataFrame(rows, columns=cols)
        frame = frame.sort_values("deviation", ascending=False, kind="stable")
        return frame.head(max(int(k), 0)).reset_index(drop=True)

    @property
    def judgments_to_revisit(self) -> pd.DataFrame:
        """The three most inconsistent judgments when the matrix is not consistent enough;
        an empty table otherwise."""
        return self.most_inconsistent(0 if self.is_consistent else 3)

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion: weight and rank (1 = most important)."""
        out = pd.DataFrame({"weight": self.weights})
        out["rank"] = self.weights.rank(ascending=False, method="min").astype(int)
        return out

    def _title(self) -> str:
        return (
            f"AHPResult ({self.priority}; lambda_max={self.lambda_max:.3f}, "
            f"CR={self.consistency_ratio:.3f}, GCI={self.gci:.3f})"
        )


def _describe(top: pd.DataFrame) -> str:
    return "; ".join(
        f"{r.criterion_i}/{r.criterion_j} given {r.judgment:.3g}, consistent value "
        f"{r.consistent_value:.2f} (nearest scale value {r.suggested:.3g})"
        for r in top.itertuples()
    )


def inconsistency_message(res: AHPResult, who: str = "") -> str:
    """Text of the InconsistencyWarning for ``res``."""
    if res.priority == "rgmm":
        fig = f"GCI = {res.gci:.3f} > {res.gci_threshold:.2f}"
    else:
        fig = f"CR = {res.consistency_ratio:.3f} > {res.cr_threshold:g}"
    return (
        f"The AHP judgments{who} are inconsistent ({fig}). Revisit first: "
        f"{_describe(res.most_inconsistent(3))}."
    )


def analyse(
    labels: list[str],
    A: np.ndarray,
    *,
    method: str = "eigen",
    cr_threshold: float = 0.1,
    random_index: str = "saaty",
    gci_threshold: float | None = None,
    provenance: Mapping[str, Any] | None = None,
) -> AHPResult:
    """Priorities and consistency of a read matrix (no warning issued)."""
    pw.check_params(method, cr_threshold, random_index)
    A = pw.validate(A, labels)
    pw.check_connected(A, labels)
    n = len(labels)
    if method == "eigen":
        w = pw.eigen_priorities(A)
    elif method == "mean":
        w = pw.mean_priorities(A, labels)
    else:
        w = pw.rgmm_priorities(A)
    full = pw.complete(A, w)
    lam = pw.lambda_max(full)
    ci = max((lam - n) / (n - 1), 0.0) if n > 2 else 0.0
    ri = pw.random_index(n, random_index)
    cr = ci / ri if ri > 0 else 0.0
    g = pw.gci(full)
    g_thr = pw.gci_threshold(n) if gci_threshold is None else float(gci_threshold)
    iu = np.triu_indices(n, 1)
    n_missing = int(np.isnan(A[iu]).sum())
    # Each judgment as "more important/less important" = value >= 1, as people state them.
    judg = {
        (f"{labels[i]}/{labels[j]}" if A[i, j] >= 1 else f"{labels[j]}/{labels[i]}"): float(
            max(A[i, j], 1.0 / A[i, j])
        )
        for i, j in zip(*iu, strict=True)
        if not np.isnan(A[i, j])
    }
    prov: dict[str, Any] = {
        "method": "ahp",
        "priority": method,
        "criteria": list(labels),
        "judgments": judg,
        "n_missing": n_missing,
        "lambda_max": lam,
        "consistency_index": ci,
        "random_index": ri,
        "random_index_table": random_index,
        "consistency_ratio": cr,
        "cr_threshold": float(cr_threshold),
        "gci": g,
        "gci_threshold": g_thr,
        "weights": dict(zip(labels, w.tolist(), strict=True)),
    }
    prov["consistent"] = bool(
        g <= g_thr + 1e-12 if method == "rgmm" else cr <= cr_threshold + 1e-12
    )
    prov.update(provenance or {})
    frame = pd.DataFrame(A, index=pd.Index(labels, name="criterion"), columns=labels)
    res = AHPResult(
        weights=weight_series(w, labels),
        raw=frame,
        method="ahp",
        provenance=prov,
        matrix=pd.DataFrame(full, index=frame.index, columns=labels),
        priority=method,
        lambda_max=lam,
        consistency_index=ci,
        consistency_ratio=cr,
        random_index=ri,
        gci=g,
        gci_threshold=g_thr,
        cr_threshold=float(cr_threshold),
        n_missing=n_missing,
    )
    return res


def _finish(res: AHPResult) -> AHPResult:
    if not res.is_consistent:
        warnings.warn(inconsistency_message(res), InconsistencyWarning, stacklevel=3)
    return res


@pw.keyword_only_after(2)
def ahp(
    pairwise: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]] | Mapping[Any, Any],
    method: PriorityMethod = "eigen",
    *,
    criteria: Sequence[str] | None = None,
    cr_threshold: float = 0.1,
    random_index: RandomIndexTable = "saaty",
    gci_threshold: float | None = None,
) -> AHPResult:
    """Weights from a pairwise comparison matrix (AHP).

    Parameters
    ----------
    pairwise : DataFrame, array-like or mapping
        Square matrix, ``pairwise[i][j]`` = importance of criterion i over j on the 1-9
        scale (a DataFrame labels the criteria; cells may be numbers or strings such as
        ``"1/3"``; NaN = not compared). A mapping ``{("a", "b"): 3, "a/c": 5}`` is read
        as by :func:`from_judgments`. A pair given on one side only is completed with its
        reciprocal.
    method : {"eigen", "rgmm", "mean"}, default "eigen"
        Principal eigenvector or row geometric mean.
    criteria : sequence of str, optional
        Names of the rows (array input) or the order to use (DataFrame input).
    cr_threshold : float, default 0.1
        Consistency ratio above which an InconsistencyWarning is issued (eigen method).
    random_index : {"saaty", "alonso-lamata", "tummala-ling", "legacy"}, default "saaty"
        The random-index table for CR.
    gci_threshold : float, optional
        GCI threshold for the rgmm method; default Aguarón & Moreno-Jiménez's (2003)
        0.31 (n = 3), 0.35 (n = 4), 0.37 (n > 4).

    Returns
    -------
    AHPResult

    Raises
    ------
    JudgmentError
        Not square, not reciprocal (names both cells and the fix), diagonal not 1, a
        value not positive or outside [1/9, 9], or the comparisons do not connect all
        criteria.
    ParameterError
        Unknown ``method`` or ``random_index``, negative ``cr_threshold``.

    Warns
    -----
    InconsistencyWarning
        CR > ``cr_threshold`` (eigen) or GCI > its threshold (rgmm); the message names
        the judgments to revisit.

    References
    ----------
    .. [1] Saaty, T. L. (1977). A scaling method for priorities in hierarchical
       structures. *Journal of Mathematical Psychology* 15(3), 234-281.
    .. [2] Saaty, T. L. (2008). Decision making with the analytic hierarchy process.
       *International Journal of Services Sciences* 1(1), 83-98.
    .. [3] Aguarón, J. & Moreno-Jiménez, J. M. (2003). The geometric consistency index:
       approximated thresholds. *EJOR* 147(1), 137-145.

    Examples
    --------
    >>> from partnerselect import weights
    >>> res = weights.ahp([[1, 2, 4], [1/2, 1, 2], [1/4, 1/2, 1]],
    ...                   criteria=["quality", "price", "risk"])
    >>> [round(w * 7, 6) for w in res.weights]
    [4.0, 2.0, 1.0]
    >>> round(res.consistency_ratio, 6)
    0.0
    """
    if isinstance(pairwise, Mapping):
        labels, A = pw.read_judgments(pairwise, criteria)
    else:
        labels, A = pw.read_matrix(pairwise, criteria)
    res = analyse(
        labels,
        A,
        method=method,
        cr_threshold=cr_threshold,
        random_index=random_index,
        gci_threshold=gci_threshold,
    )
    return _finish(res)


@pw.keyword_only_after(2)
def ahp_from_upper(
    upper: pd.DataFrame | np.ndarray | Sequence[Any],
    criteria: Sequence[str] | None = None,
    *,
    method: PriorityMethod = "eigen",
    cr_threshold: float = 0.1,
    random_index: RandomIndexTable = "saaty",
    gci_threshold: float | None = None,
) -> AHPResult:
    """AHP from the upper triangle only (the lower triangle is ignored and rebuilt).

    Parameters
    ----------
    upper : DataFrame, square array-like, or flat sequence
        A matrix whose cells above the diagonal are read, or the judgments
        ``a12, a13, ..., a1n, a23, ...`` in row order (then ``criteria`` is required).
    criteria, method, cr_threshold, random_index, gci_threshold
        As in :func:`ahp`.

    Returns
    -------
    AHPResult

    References
    ----------
    .. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> from partnerselect import weights
    >>> res = weights.ahp_from_upper([2, 4, 2], criteria=["a", "b", "c"])
    >>> [round(w * 7, 6) for w in res.weights]
    [4.0, 2.0, 1.0]
    """
    labels, A = pw.read_upper(upper, criteria)
    res = analyse(
        labels,
        A,
        method=method,
        cr_threshold=cr_threshold,
        random_index=random_index,
        gci_threshold=gci_threshold,
    )
    return _finish(res)


@pw.keyword_only_after(2)
def from_judgments(
    judgments: Mapping[Any, Any],
    criteria: Sequence[str] | None = None,
    *,
    method: PriorityMethod = "eigen",
    cr_threshold: float = 0.1,
    random_index: RandomIndexTable = "saaty",
    gci_threshold: float | None = None,
) -> AHPResult:
    """AHP from a dict of judgments ``{("a", "b"): 3, "a/c": "1/2", ...}``.

    ``("a", "b"): 3`` (or ``"a/b": 3``) means a is moderately more important than b.
    Pairs not listed are missing (see the module docstring); a pair may be given in one
    direction only.

    Parameters
    ----------
    judgments : mapping
        Pair -> judgment (number or fraction string).
    criteria : sequence of str, optional
        All criteria, in order (default: in order of first mention).
    method, cr_threshold, random_index, gci_threshold
        As in :func:`ahp`.

    Returns
    -------
    AHPResult

    References
    ----------
    .. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> from partnerselect import weights
    >>> res = weights.from_judgments({"quality/price": 3, "quality/risk": 3, "price/risk": 1})
    >>> [round(w, 3) for w in res.weights]
    [0.6, 0.2, 0.2]
    """
    labels, A = pw.read_judgments(judgments, criteria)
    res = analyse(
        labels,
        A,
        method=method,
        cr_threshold=cr_threshold,
        random_index=random_index,
        gci_threshold=gci_threshold,
    )
    return _finish(res)
