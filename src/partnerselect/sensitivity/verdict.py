"""A robust-or-fragile verdict on the top choice, with every reason spelled out."""

from __future__ import annotations

import dataclasses
import html
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._rankcorr import kendall_tau_b
from partnerselect.errors import ParameterError, PartnerSelectWarning
from partnerselect.problem import Problem
from partnerselect.ranking import rank_scores
from partnerselect.sensitivity._core import bind
from partnerselect.sensitivity._results import ResultMixin
from partnerselect.sensitivity.critical import CriticalWeights, critical_weights
from partnerselect.sensitivity.reversal import RankReversalResult, rank_reversal
from partnerselect.sensitivity.smaa import SMAAResult, smaa

__all__ = ["Verdict", "verdict"]

COLUMNS = ["check", "value", "threshold", "passed", "explanation"]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Verdict(ResultMixin):
    """Robust or fragile, with the reasons.

    Attributes
    ----------
    robust : bool
        True when every check passed.
    reasons : pandas.DataFrame
        ``check, value, threshold, passed, explanation``, one row per check run.
    top : str
        The partner ranked first.
    random_state : int or None
        Seed of the SMAA run behind the ``p_best`` check (drawn and recorded when none
        was given; None when a Generator was given or with a single partner).
    """

    robust: bool
    reasons: pd.DataFrame
    top: Any
    problem: Problem
    method: str
    params: Mapping[str, Any]
    random_state: int | None = None

    @property
    def label(self) -> str:
        """``"robust"`` or ``"fragile"``."""
        return "robust" if self.robust else "fragile"

    def to_frame(self) -> pd.DataFrame:
        return self.reasons.copy()

    def _headline(self) -> str:
        return f"Verdict: {self.label} ({self.method} ranks {self.top} first)"

    def __str__(self) -> str:
        name = str(self.problem.names.get(self.top, self.top))
        who = name if name == str(self.top) else f"{name} ({self.top})"
        failed = self.reasons[~self.reasons["passed"]]
        head = f"{self.label.capitalize()}: {self.method} ranks {who} first" + (
            " and every robustness check passed. "
            if self.robust
            else f", but {len(failed)} of {len(self.reasons)} robustness checks failed. "
        )
        return head + " ".join(self.reasons["explanation"].tolist())

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(self._headline())}</b></p><p>{html.escape(str(self))}</p>" + (
            self.reasons.to_html(escape=True, index=False)
        )


def _check_threshold(name: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        msg = f"The {name!r} parameter of verdict must be a float in [{lo}, {hi}]. Got {value!r} instead."
        raise ParameterError(msg, value=value)
    return float(value)


def verdict(
    problem: Any,
    method: Any = "topsis",
    *,
    smaa: SMAAResult | None = None,
    critical: CriticalWeights | None = None,
    reversal: RankReversalResult | None = None,
    comparison: Any = None,
    effective: Any = None,
    min_margin: float = 0.05,
    min_critical_change: float = 0.1,
    min_p_best: float = 0.7,
    max_winner_reversals: int = 0,
    min_kendall_tau: float = 0.6,
    min_confidence: float = 0.8,
    n_samples: int = 2_000,
    random_state: int | np.random.Generator | None = None,
    check_reversal: bool = True,
    **params: Any,
) -> Verdict:
    """Decide whether the top choice is robust or fragile, and say why.

    Checks (each with its threshold; the verdict is robust when all pass):

    ``margin``
        score gap between first and second place relative to the score range of all
        partners, ``>= min_margin``;
    ``critical_weight``
        smallest feasible relative weight change that lets another partner overtake the
        winner (:func:`critical_weights`, ``pairs="top"``), ``>= min_critical_change``;
    ``p_best``
        SMAA-2 first-rank acceptability of the winner, ``>= min_p_best``;
    ``confidence`` (only when the SMAA run sampled the data)
        SMAA-2 confidence factor of the winner: how often it stays first, with its
        central weights, when the data are drawn from their uncertainty,
        ``>= min_confidence``;
    ``rank_reversal``
        variants (leave one out, added copy, worse copy) where the winner among the
        unchanged partners loses first place, ``<= max_winner_reversals``;
    ``top_agreement`` and ``kendall_tau`` (only with ``comparison``)
        every compared method puts the same partner first, and the smallest Kendall tau
        between this method's ranking and another method's is ``>= min_kendall_tau``;
    ``effective_weights`` (only with ``effective``)
        no criterion's effective weight is flagged as far from its stated weight
        (:func:`partnerselect.effective.effective_weight_table`).

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
    smaa, critical, reversal : results, optional
        Already computed analyses; what is missing is computed here (SMAA with
        ``n_samples`` draws and ``random_state``).
    comparison : object with ``.ranks``, optional
        A cross-method comparison (partners x methods ranks).
    effective : EffectiveWeights, optional
        Stated vs effective weights; each flagged criterion fails the check.
    min_margin, min_critical_change, min_p_best, max_winner_reversals, min_kendall_tau
        Thresholds.
    min_confidence : float
        Threshold of the confidence check (default 0.8).
    n_samples : int
        SMAA samples when ``smaa`` is not given (default 2,000).
    random_state : int, Generator or None
        Seed of that SMAA run. None (the default, as for :func:`smaa` and
        :func:`data_uncertainty`) draws a fresh seed and records it as
        ``Verdict.random_state``: pass it back to reproduce the verdict.
    check_reversal : bool
        Run the rank-reversal tests when ``reversal`` is not given (default True).
    **params
        Method parameters.

    Returns
    -------
    Verdict

    References
    ----------
    Lahdelma, R. & Salminen, P. (2001). SMAA-2. Operations Research 49(3), 444-454.
    Triantaphyllou, E. & Sánchez, A. (1997). Decision Sciences 28(1), 151-194.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [9.0, 2.0, 1.0], "c": [9.0, 1.0, 2.0]}, index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})
    >>> ps.sensitivity.verdict(pb, "wsm", n_samples=500).label
    'robust'
    """
    min_margin = _check_threshold("min_margin", min_margin, 0.0, 1.0)
    min_critical_change = _check_threshold("min_critical_change", min_critical_change, 0.0, np.inf)
    min_p_best = _check_threshold("min_p_best", min_p_best, 0.0, 1.0)
    min_kendall_tau = _check_threshold("min_kendall_tau", min_kendall_tau, -1.0, 1.0)
    min_confidence = _check_threshold("min_confidence", min_confidence, 0.0, 1.0)
    max_rev = int(_check_threshold("max_winner_reversals", max_winner_reversals, 0, np.inf))
    bound = bind(problem, method, params)
    pb = bound.problem
    w = pb.weight_vector
    u = bound.utility(w[None, :])[0]
    partners = list(pb.partners)
    ranks = rank_scores(u)
    order = np.lexsort((np.arange(u.size), ranks))
    top = partners[int(order[0])]
    rows: list[tuple[str, float, float, bool, str]] = []
    seed: int | None = None
    obj = bound.method

    if len(partners) > 1:
        span = float(u.max() - u.min())
        gap = float(u[order[0]] - u[order[1]])
        margin = gap / span if span > 0 else 0.0
        second = partners[int(order[1])]
        rows.append(
            (
                "margin",
                margin,
                min_margin,
                margin >= min_margin,
                f"{top} leads {second} by {margin:.1%} of the score range "
                f"({'>=' if margin >= min_margin else '<'} {min_margin:.0%}).",
            )
        )
        cw = critical if critical is not None else critical_weights(pb, obj, pairs="top")
        tab = cw.table[cw.table["feasible"] & (cw.table["partner_a"] == top)]
        if tab.empty:
            rows.append(
                (
                    "critical_weight",
                    np.inf,
                    min_critical_change,
                    True,
                    f"No change of a single weight lets another partner overtake {top}.",
                )
            )
        else:
            row = tab.loc[tab["delta_rel"].abs().idxmin()]
            rel = float(abs(row["delta_rel"]))
            ok = rel >= min_critical_change
            direction = "raising" if row["delta_abs"] > 0 else "lowering"
            rows.append(
                (
                    "critical_weight",
                    rel,
                    min_critical_change,
                    ok,
                    f"{direction.capitalize()} the weight of {row['criterion']!r} by {rel:.0%} "
                    f"(to {row['new_weight']:.3f} after normalising) lets {row['partner_b']} "
                    f"overtake {top} ({'>=' if ok else '<'} {min_critical_change:.0%}).",
                )
            )
        sm = smaa if smaa is not None else _run_smaa(pb, obj, n_samples, random_state)
        seed = sm.random_state
        p = float(sm.acceptability.loc[top, 1])
        ok = p >= min_p_best
        rows.append(
            (
                "p_best",
                p,
                min_p_best,
                ok,
                f"{top} is first in {p:.0%} of {sm.n_samples} random weight vectors"
                f"{' (with data drawn from its uncertainty)' if sm.sample_data else ''} "
                f"({'>=' if ok else '<'} {min_p_best:.0%}).",
            )
        )
        if getattr(sm, "sample_data", False) and top in sm.confidence.index:
            cf = float(sm.confidence[top])
            cf = 0.0 if np.isnan(cf) else cf
            ok = cf >= min_confidence
            rows.append(
                (
                    "confidence",
                    cf,
                    min_confidence,
                    ok,
                    f"With its central weights, {top} stays first in {cf:.0%} of the data "
                    f"drawn from the evidence (SMAA-2 confidence factor; "
                    f"{'>=' if ok else '<'} {min_confidence:.0%}).",
                )
            )
        rr = reversal
        if rr is None and check_reversal:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PartnerSelectWarning)
                rr = rank_reversal(pb, obj)
        if rr is not None:
            n_win = rr.winner_changes
            ok = n_win <= max_rev
            rows.append(
                (
                    "rank_reversal",
                    float(n_win),
                    float(max_rev),
                    ok,
                    f"Removing, copying or worsening another partner changed the winner in "
                    f"{n_win} of {len(rr.summary)} variants ({rr.n_reversals} order "
                    f"reversal(s) in all).",
                )
            )
    if comparison is not None:
        rows.extend(_comparison_rows(comparison, bound.name, top, ranks, partners, min_kendall_tau))
    if effective is not None:
        rows.append(_effective_row(effective))
    reasons = pd.DataFrame(rows, columns=COLUMNS)
    reasons["passed"] = reasons["passed"].astype(bool)
    return Verdict(
        robust=bool(reasons["passed"].all()),
        reasons=reasons,
        top=top,
        problem=pb,
        method=bound.name,
        params=bound.params,
        random_state=seed,
    )


def _run_smaa(pb: Problem, obj: Any, n_samples: int, random_state: Any) -> SMAAResult:
    return smaa(pb, obj, n_samples=n_samples, random_state=random_state, progress=False)


def _comparison_rows(
    comparison: Any,
    name: str,
    top: Any,
    ranks: np.ndarray,
    partners: list[Any],
    min_tau: float,
) -> list[tuple[str, float, float, bool, str]]:
    table = getattr(comparison, "ranks", None)
    if not isinstance(table, pd.DataFrame):
        msg = "The 'comparison' parameter must have a .ranks DataFrame (partners x methods)."
        raise ParameterError(msg, value=type(comparison).__name__)
    table = table.reindex(partners)
    others = [c for c in table.columns if str(c) != name]
    if not others:
        return []
    tops = {str(c): table[c].idxmin() for c in table.columns}
    agree = [c for c in tops if tops[c] == top]
    share = len(agree) / len(tops)
    rows = [
        (
            "top_agreement",
            share,
            1.0,
            share >= 1.0,
            f"{len(agree)} of {len(tops)} methods rank {top} first"
            + (
                "."
                if share >= 1.0
                else f" (others: {', '.join(f'{c}: {t}' for c, t in tops.items() if t != top)})."
            ),
        )
    ]
    taus = {}
    for c in others:
        col = table[c].to_numpy(dtype=float)
        ok = np.isfinite(col)
        if ok.sum() >= 2:
            taus[str(c)] = kendall_tau_b(ranks[ok], col[ok])
    if taus:
        worst = min(taus, key=lambda k: taus[k])
        tau = taus[worst]
        passed = bool(tau >= min_tau)
        rows.append(
            (
                "kendall_tau",
                tau,
                min_tau,
                passed,
                f"Kendall's tau with the other methods' rankings is at least {tau:.2f} "
                f"(lowest: {worst}; {'>=' if passed else '<'} {min_tau:.2f}).",
            )
        )
    return rows


def _effective_row(effective: Any) -> tuple[str, float, float, bool, str]:
    flagged = effective.flagged
    n = len(flagged)
    if n == 0:
        text = "Every checked criterion's effective weight is within the thresholds of its stated weight."
    else:
        parts = [
            f"{crit} {row['stated']:.3f} stated vs {row['effective']:.3f} effective"
            for crit, row in flagged.iterrows()
        ]
        text = (
            f"{n} criterion weight(s) do not act as stated under {effective.method}: "
            + "; ".join(parts)
            + "."
        )
    return ("effective_weights", float(n), 0.0, n == 0, text)
