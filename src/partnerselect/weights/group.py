"""Group AHP: several evaluators' judgments combined into one set of weights.

Two aggregations (Forman & Peniwati 1998):

- ``aggregation="judgments"`` (AIJ, the group acts as one decision maker): each cell of
  the group matrix is the weighted geometric mean of the evaluators' judgments for that
  pair, ``a_ij = prod_k a_ij^(k) ^ lambda_k`` (over the evaluators who gave it, weights
  renormalised), which keeps the matrix reciprocal (Aczél & Saaty 1983); the group
  priorities and consistency come from that matrix.
- ``aggregation="priorities"`` (AIP, evaluators as separate individuals): each
  evaluator's priorities are computed, then combined by the weighted geometric mean and
  normalised. There is no group matrix, so no group CR.

Disagreement is reported two ways:

- ``dispersion``: per pair, the weighted geometric standard deviation of the evaluators'
  judgments, ``exp(sd(ln a_ij^(k)))`` (1 = everyone agrees, 2 = judgments typically a
  factor 2 apart);
- ``compatibility``: Saaty's compatibility index of each evaluator's priorities ``u``
  with the group priorities ``w``, ``S = (1/n^2) (sum_i u_i / w_i)(sum_j w_j / u_j)``
  (1 = identical; above 1.1 the evaluator is incompatible with the group, Saaty &
  Peniwati 2008). An :class:`~partnerselect.errors.EvaluatorDisagreementWarning` names
  evaluators above the threshold.

References
----------
.. [1] Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and priorities
   with the analytic hierarchy process. *EJOR* 108(1), 165-169.
.. [2] Aczél, J. & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements.
   *Journal of Mathematical Psychology* 27(1), 93-102.
.. [3] Saaty, T. L. & Peniwati, K. (2008). *Group Decision Making: Drawing out and
   Reconciling Differences*. RWS Publications (compatibility index, ch. 5).
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from partnerselect.errors import (
    EvaluatorDisagreementWarning,
    InconsistencyWarning,
    JudgmentError,
    ParameterError,
    WeightError,
)
from partnerselect.weights import _pairwise as pw
from partnerselect.weights._base import WeightSet, check_number, did_you_mean, weight_series
from partnerselect.weights.ahp import AHPResult, analyse, inconsistency_message

__all__ = ["GroupAHPResult", "group_ahp"]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class GroupAHPResult(WeightSet):
    """Group weights from several evaluators' pairwise judgments.

    Attributes
    ----------
    weights : pandas.Series
        Group priorities (sum 1).
    raw : pandas.DataFrame
        Individual priorities, criteria x evaluators.
    aggregation : {"judgments", "priorities"}
    priority : {"eigen", "rgmm"}
    individual : Mapping[str, AHPResult]
        Each evaluator's own AHP result (CR, judgments to revisit...).
    evaluator_weights : pandas.Series
        Normalised weight of each evaluator.
    group : AHPResult or None
        AHP of the aggregated matrix (``aggregation="judgments"`` only).
    dispersion : pandas.DataFrame
        Geometric standard deviation of the judgments per pair (criteria x criteria).
    compatibility : pandas.Series
        Saaty's compatibility index of each evaluator with the group priorities.
    compatibility_threshold : float
    """

    aggregation: str
    priority: str
    individual: Mapping[str, AHPResult]
    evaluator_weights: pd.Series
    group: AHPResult | None
    dispersion: pd.DataFrame
    compatibility: pd.Series
    compatibility_threshold: float

    @property
    def consistency_ratio(self) -> float | None:
        """CR of the aggregated matrix (None for aggregation of priorities)."""
        return None if self.group is None else self.group.consistency_ratio

    @property
    def consistency_index(self) -> float | None:
        """CI of the aggregated matrix (None for aggregation of priorities)."""
        return None if self.group is None else self.group.consistency_index

    @property
    def lambda_max(self) -> float | None:
        """lambda_max of the aggregated matrix (None for aggregation of priorities)."""
        return None if self.group is None else self.group.lambda_max

    @property
    def individual_cr(self) -> pd.Series:
        """Consistency ratio of each evaluator."""
        return pd.Series(
            {k: r.consistency_ratio for k, r in self.individual.items()},
            name="consistency_ratio",
            dtype=float,
        ).rename_axis("evaluator")

    def most_dispersed(self, k: int = 3) -> pd.DataFrame:
        """The ``k`` pairs on which the evaluators disagree most (largest GSD).

        Parameters
        ----------
        k : int, default 3
            How many pairs.
        """
        labels = list(self.dispersion.index)
        D = self.dispersion.to_numpy()
        iu = np.triu_indices(len(labels), 1)
        frame = pd.DataFrame(
            {
                "criterion_i": [labels[i] for i in iu[0]],
                "criterion_j": [labels[j] for j in iu[1]],
                "gsd": D[iu],
            }
        ).dropna()
        frame = frame.sort_values("gsd", ascending=False, kind="stable")
        return frame.head(max(int(k), 0)).reset_index(drop=True)

    def to_frame(self) -> pd.DataFrame:
        """Group weight and each evaluator's priorities, one row per criterion."""
        out = pd.DataFrame({"weight": self.weights})
        if isinstance(self.raw, pd.DataFrame):
            for col in self.raw.columns:
                out[str(col)] = self.raw[col].to_numpy()
        return out

    def _title(self) -> str:
        cr = "" if self.group is None else f", group CR={self.group.consistency_ratio:.3f}"
        return (
            f"GroupAHPResult ({self.aggregation}, {self.priority}, "
            f"{len(self.individual)} evaluators{cr})"
        )


def _evaluator_weights(given: Any, names: list[str]) -> np.ndarray:
    if given is None:
        return np.full(len(names), 1.0 / len(names))
    if isinstance(given, Mapping | pd.Series):
        items = {str(k): v for k, v in dict(given).items()}
        for k in items:
            if k not in names:
                msg = f"Evaluator weight given for {k!r}, who has no judgments.{did_you_mean(k, names)}"
                raise WeightError(msg, value=k)
        missing = [n for n in names if n not in items]
        if missing:
            msg = f"No weight given for evaluator {missing[0]!r}; give every evaluator a weight."
            raise WeightError(msg, value=missing[0])
        vals = [check_number(items[n], name=n, what="evaluator weights") for n in names]
    else:
        seq = list(given)
        if len(seq) != len(names):
            msg = f"Got {len(seq)} evaluator weights for {len(names)} evaluators."
            raise WeightError(msg, value=len(seq))
        vals = [
            check_number(v, name=n, what="evaluator weights")
            for n, v in zip(names, seq, strict=True)
        ]
    arr = np.asarray(vals, dtype=float)
    if arr.sum() <= 0:
        msg = "All evaluator weights are zero; give at least one evaluator a positive weight."
        raise WeightError(msg)
    return arr / arr.sum()


def _read(matrix: Any, criteria: Sequence[str] | None) -> tuple[list[str], np.ndarray]:
    if isinstance(matrix, Mapping):
        return pw.read_judgments(matrix, criteria)
    return pw.read_matrix(matrix, criteria)


@pw.keyword_only_after(2)
def group_ahp(
    matrices: Mapping[str, Any] | Sequence[Any],
    method: Literal["eigen", "rgmm", "mean"] = "eigen",
    *,
    aggregation: Literal["judgments", "priorities"] = "judgments",
    evaluator_weights: Mapping[str, float] | Sequence[float] | None = None,
    criteria: Sequence[str] | None = None,
    cr_threshold: float = 0.1,
    compatibility_threshold: float = 1.1,
    random_index: Literal["saaty", "alonso-lamata", "tummala-ling", "legacy"] = "saaty",
) -> GroupAHPResult:
    """Combine several evaluators' pairwise judgments into group weights.

    Parameters
    ----------
    matrices : mapping {evaluator: matrix} or sequence of matrices
        Each matrix is anything :func:`~partnerselect.weights.ahp` accepts (DataFrame,
        array, or judgments dict). All must cover the same criteria; a sequence names
        the evaluators ``evaluator_1``, ``evaluator_2``...
    method : {"eigen", "rgmm", "mean"}, default "eigen"
    aggregation : {"judgments", "priorities"}, default "judgments"
        Aggregate individual judgments (AIJ) or individual priorities (AIP).
    evaluator_weights : mapping or sequence, optional
        Relative weight of each evaluator (default equal).
    criteria : sequence of str, optional
        Criterion names/order (default: those of the first evaluator).
    cr_threshold : float, default 0.1
    compatibility_threshold : float, default 1.1
        Saaty's compatibility index above which an evaluator is flagged.
    random_index : {"saaty", "alonso-lamata", "tummala-ling", "legacy"}, default "saaty"

    Returns
    -------
    GroupAHPResult

    Raises
    ------
    JudgmentError
        A matrix is malformed (the message names the evaluator and the cell), or the
        evaluators do not cover the same criteria.
    WeightError
        Evaluator weights are invalid.
    ParameterError
        Unknown ``aggregation`` or ``method``; fewer than one evaluator.

    Warns
    -----
    InconsistencyWarning
        An evaluator's (or the aggregated) judgments are inconsistent.
    EvaluatorDisagreementWarning
        An evaluator's priorities are incompatible with the group's.

    References
    ----------
    .. [1] Forman, E. & Peniwati, K. (1998). Aggregating individual judgments and
       priorities with the analytic hierarchy process. *EJOR* 108(1), 165-169.
    .. [2] Saaty, T. L. & Peniwati, K. (2008). *Group Decision Making*. RWS Publications.

    Examples
    --------
    >>> from partnerselect import weights
    >>> res = weights.group_ahp({"alice": {"quality/price": 3}, "bob": {"quality/price": 2}})
    >>> [round(w, 3) for w in res.weights]  # sqrt(3 * 2) = 2.449 -> 2.449 / 3.449
    [0.71, 0.29]
    >>> round(float(res.dispersion.loc["quality", "price"]), 4)  # sqrt(3 / 2)
    1.2247
    """
    if aggregation not in ("judgments", "priorities"):
        msg = (
            "The 'aggregation' parameter of group AHP must be 'judgments' or 'priorities'. "
            f"Got {aggregation!r} instead."
        )
        raise ParameterError(msg, value=aggregation)
    if isinstance(matrices, Mapping):
        names = [str(k) for k in matrices]
        mats = list(matrices.values())
    elif isinstance(matrices, Sequence) and not isinstance(matrices, str | pd.DataFrame):
        mats = list(matrices)
        names = [f"evaluator_{k + 1}" for k in range(len(mats))]
    else:
        msg = "Give the evaluators' matrices as a mapping {name: matrix} or a list of matrices."
        raise ParameterError(msg, value=type(matrices).__name__)
    if not mats:
        msg = "group_ahp() needs at least one evaluator's judgments."
        raise ParameterError(msg)
    lam = _evaluator_weights(evaluator_weights, names)
    labels: list[str] | None = None if criteria is None else [str(c) for c in criteria]
    raws: list[np.ndarray] = []
    individual: dict[str, AHPResult] = {}
    for name, mat in zip(names, mats, strict=True):
        try:
            labs, A = _read(mat, labels)
            labels = labs if labels is None else labels
            individual[name] = analyse(
                labs, A, method=method, cr_threshold=cr_threshold, random_index=random_index
            )
        except JudgmentError as err:
            msg = f"Evaluator {name!r}: {err.message}"
            raise JudgmentError(
                msg,
                row=err.row,
                column=err.column,
                criterion=err.criterion,
                value=err.value,
                source=name,
            ) from err
        raws.append(individual[name].raw.to_numpy(dtype=float))  # type: ignore[union-attr]
    assert labels is not None
    n = len(labels)
    logs = np.log(np.stack(raws))  # (K, n, n), NaN = missing
    given = ~np.isnan(logs)
    lam_cells = np.where(given, lam[:, None, None], 0.0)
    tot = lam_cells.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_log = np.where(tot > 0, np.sum(lam_cells * np.nan_to_num(logs), axis=0) / tot, np.nan)
        var = np.sum(lam_cells * (np.nan_to_num(logs) - np.nan_to_num(mean_log)) ** 2, axis=0) / tot
    gsd = np.where(tot > 0, np.exp(np.sqrt(np.maximum(var, 0.0))), np.nan)
    np.fill_diagonal(gsd, 1.0)
    group: AHPResult | None = None
    if aggregation == "judgments":
        G = np.exp(mean_log)
        np.fill_diagonal(G, 1.0)
        group = analyse(
            labels, G, method=method, cr_threshold=cr_threshold, random_index=random_index
        )
        w = group.weights.to_numpy()
    else:
        P = np.stack([individual[k].weights.to_numpy() for k in names])
        g = np.exp(lam @ np.log(P))
        w = g / g.sum()
    U = np.stack([individual[k].weights.to_numpy() for k in names])
    compat = (U / w).sum(axis=1) * (w / U).sum(axis=1) / n**2
    comp_s = pd.Series(compat, index=pd.Index(names, name="evaluator"), name="compatibility")
    raw = pd.DataFrame(U.T, index=pd.Index(labels, name="criterion"), columns=names)
    prov: dict[str, Any] = {
        "method": "ahp",
        "priority": method,
        "aggregation": aggregation,
        "criteria": list(labels),
        "evaluators": {
            k: {
                "weight": float(lam[i]),
                "consistency_ratio": individual[k].consistency_ratio,
                "gci": individual[k].gci,
                "lambda_max": individual[k].lambda_max,
                "compatibility": float(compat[i]),
                "judgments": dict(individual[k].provenance["judgments"]),
                "weights": individual[k].weights.to_dict(),
            }
            for i, k in enumerate(names)
        },
        "weights": dict(zip(labels, w.tolist(), strict=True)),
    }
    if group is not None:
        for key in (
            "lambda_max",
            "consistency_index",
            "consistency_ratio",
            "random_index",
            "gci",
            "judgments",
        ):
            prov[key] = group.provenance[key]
    result = GroupAHPResult(
        weights=weight_series(w, labels),
        raw=raw,
        method="group_ahp",
        provenance=prov,
        aggregation=aggregation,
        priority=method,
        individual=individual,
        evaluator_weights=pd.Series(lam, index=pd.Index(names, name="evaluator"), name="weight"),
        group=group,
        dispersion=pd.DataFrame(gsd, index=pd.Index(labels, name="criterion"), columns=labels),
        compatibility=comp_s,
        compatibility_threshold=float(compatibility_threshold),
    )
    for k, res in individual.items():
        if not res.is_consistent:
            warnings.warn(
                inconsistency_message(res, f" of evaluator {k!r}"),
                InconsistencyWarning,
                stacklevel=2,
            )
    if group is not None and not group.is_consistent:
        warnings.warn(
            inconsistency_message(group, " of the group (aggregated)"),
            InconsistencyWarning,
            stacklevel=2,
        )
    far = comp_s[comp_s > compatibility_threshold + 1e-12]
    if not far.empty:
        who = ", ".join(f"{k} (S = {v:.3f})" for k, v in far.items())
        top = result.most_dispersed(1)
        pair = (
            f" The widest disagreement is on {top.criterion_i[0]}/{top.criterion_j[0]}."
            if len(top)
            else ""
        )
        msg = (
            f"Evaluator priorities incompatible with the group (Saaty's compatibility index "
            f"> {compatibility_threshold:g}): {who}.{pair} Discuss these judgments before "
            "relying on the group weights."
        )
        warnings.warn(msg, EvaluatorDisagreementWarning, stacklevel=2)
    return result
