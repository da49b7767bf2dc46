"""Must-have gates and dominance flags.

A :class:`Gate` holds a rule in the gate language (see :mod:`partnerselect.rules`: a real
parser, never ``eval``), the reason shown when a partner fails it, and what missing data
means. :func:`apply_gates` applies every gate to every partner and keeps every reason: a
partner failing three gates gets three rows in ``excluded``. A partner whose gated data is
missing fails with reason ``"missing <column>"`` unless the gate says
``on_missing="pass"`` (then it passes and is listed in ``flags``).

:func:`dominance` and :func:`flag_dominated` find Pareto-dominated partners; they are
flagged with a :class:`~partnerselect.errors.DominanceWarning`, never dropped.

References
----------
Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer, sec. 2.1
(dominance) and 2.2 (conjunctive screening).
"""

from __future__ import annotations

import dataclasses
import html
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import (
    DominanceWarning,
    DuplicateError,
    GateMissingValueWarning,
    ParameterError,
)
from partnerselect.problem import Problem
from partnerselect.rules import GateOutcome, Rule, parse_rule

__all__ = [
    "Gate",
    "GateOutcome",
    "Rule",
    "ScreeningResult",
    "apply_gates",
    "dominance",
    "flag_dominated",
    "parse_rule",
]


@dataclasses.dataclass(frozen=True)
class Gate:
    """A must-have rule; a partner failing it is excluded (with the reason kept).

    Parameters
    ----------
    rule : str
        Rule in the gate language, e.g. ``"day_rate_eur <= 1200"``. Parsed on construction.
    reason : str, optional
        Shown in the exclusion table (default: ``"fails <rule>"``).
    on_missing : {"fail", "pass"}
        What a partner whose gated data is missing gets (failing reason ``"missing <col>"``).
    name : str, optional
        Label of the gate (default: the rule).

    Examples
    --------
    >>> Gate("iso27001 == true", reason="ISO 27001 is mandatory").columns
    ('iso27001',)
    """

    rule: str
    reason: str | None = None
    on_missing: str = "fail"
    name: str | None = None

    def __post_init__(self) -> None:
        if self.on_missing not in ("fail", "pass"):
            msg = (
                f"The 'on_missing' parameter of Gate must be 'fail' or 'pass'. "
                f"Got {self.on_missing!r} instead."
            )
            raise ParameterError(msg, value=self.on_missing)
        object.__setattr__(self, "_parsed", parse_rule(self.rule))

    @property
    def parsed(self) -> Rule:
        """The parsed :class:`Rule`."""
        return self._parsed  # type: ignore[attr-defined]

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns the rule reads."""
        return self.parsed.columns

    @property
    def label(self) -> str:
        """``name`` or the rule text."""
        return self.name or self.rule


@value_equality
@dataclasses.dataclass(frozen=True, repr=False)
class ScreeningResult:
    """Outcome of :func:`apply_gates`.

    Attributes
    ----------
    eligible : list of str
        Partners passing every gate, in input order.
    excluded : pandas.DataFrame
        One row per failed gate (``partner_id, rule, reason, value``): a partner failing
        several gates appears once per gate, with every reason.
    flags : pandas.DataFrame
        Partners that passed a gate only because its data was missing and the gate says
        ``on_missing="pass"`` (``partner_id, rule, flag``): check them by hand.
    outcomes : pandas.DataFrame
        Partner x gate, True where the partner passed.
    """

    eligible: list[str]
    excluded: pd.DataFrame
    flags: pd.DataFrame
    outcomes: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """One row per partner: eligible, number of failed gates, reasons."""
        ids = list(self.outcomes.index)
        grouped = self.excluded.groupby("partner_id", sort=False)["reason"]
        reasons = grouped.agg("; ".join).reindex(ids).fillna("")
        return pd.DataFrame(
            {
                "eligible": [p in set(self.eligible) for p in ids],
                "failed": grouped.size().reindex(ids).fillna(0).astype(int).to_numpy(),
                "reasons": reasons.to_numpy(),
            },
            index=pd.Index(ids, name="partner_id"),
        )

    def __repr__(self) -> str:
        head = (
            f"<ScreeningResult: {len(self.eligible)} of {len(self.outcomes)} partners eligible, "
            f"{self.excluded['partner_id'].nunique()} excluded, {len(self.flags)} flags>"
        )
        return head if self.excluded.empty else f"{head}\n{self.excluded.to_string(index=False)}"

    def _repr_html_(self) -> str:
        head = html.escape(repr(self).splitlines()[0])
        return f"<p>{head}</p>{self.excluded.to_html(index=False)}"


def _as_gate(g: Any) -> Gate:
    if isinstance(g, Gate):
        return g
    if isinstance(g, str):
        return Gate(g)
    if hasattr(g, "rule"):
        return Gate(
            g.rule,
            reason=getattr(g, "reason", None),
            on_missing=getattr(g, "on_missing", "fail"),
            name=getattr(g, "name", None),
        )
    msg = f"A gate must be a Gate or a rule string. Got {g!r} instead."
    raise ParameterError(msg, value=g)


def apply_gates(
    partners: pd.DataFrame, gates: Sequence[Gate | str], *, id_column: str = "partner_id"
) -> ScreeningResult:
    """Screen partners with must-have gates; keep every reason for every exclusion.

    Parameters
    ----------
    partners : pandas.DataFrame
        One row per partner, with ``id_column`` (else the index holds the ids). Not modified.
    gates : sequence of Gate or str
        Gates applied independently of each other.
    id_column : str
        Partner id column.

    Returns
    -------
    ScreeningResult
        Also when every partner is excluded (the caller decides what that means).

    Raises
    ------
    SchemaError
        A gate reads a column the table lacks (with a did-you-mean hint).
    DuplicateError
        A partner id appears twice.
    DataError
        A value cannot be compared as the rule asks (text against a number...).

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer,
    sec. 2.2 (conjunctive method).

    Examples
    --------
    >>> import pandas as pd
    >>> partners = pd.DataFrame({"partner_id": ["p1", "p2"], "iso27001": [True, False],
    ...                          "day_rate_eur": [900, 1350]})
    >>> res = apply_gates(partners, [Gate("iso27001 == true", reason="ISO 27001"),
    ...                              Gate("day_rate_eur <= 1200")])
    >>> res.eligible, res.excluded["reason"].tolist()
    (['p1'], ['ISO 27001', 'fails day_rate_eur <= 1200'])
    """
    gate_list = [_as_gate(g) for g in gates]
    ids = partners[id_column] if id_column in partners.columns else partners.index.to_series()
    ids_s = [str(p) for p in ids]
    dup = pd.Index(ids_s)[pd.Index(ids_s).duplicated()]
    if len(dup):
        msg = f"Partner id {dup[0]!r} appears more than once. Partner ids must be unique."
        raise DuplicateError(msg, partner=dup[0], value=dup[0])
    for gate in gate_list:
        gate.parsed.check_columns(partners.columns)
    table = partners.set_axis(pd.Index(ids_s, name="partner_id"), axis=0)
    excluded: list[dict[str, str]] = []
    flags: list[dict[str, str]] = []
    outcomes: dict[str, pd.Series] = {}
    for gate in gate_list:
        out = gate.parsed.evaluate(table)
        passed = out.passed | (out.missing & (gate.on_missing == "pass"))
        label = gate.label
        while label in outcomes:
            label += "'"
        outcomes[label] = passed
        blank = [str(p) for p in table.index if out.missing[p]]
        if blank:
            cols = sorted({c for p in blank for c in out.missing_columns[p].split(", ") if c})
            verb = "pass it (on_missing = pass)" if gate.on_missing == "pass" else "are excluded"
            warnings.warn(
                f"Gate {gate.rule!r}: {', '.join(blank)} have no value in {', '.join(cols)}, "
                f"so they {verb} with the reason 'missing <column>'. Fill the value or set "
                "the gate's on_missing.",
                GateMissingValueWarning,
                stacklevel=2,
            )
        for pid in table.index:
            if out.missing[pid] and gate.on_missing == "pass":
                flags.append({"partner_id": pid, "rule": gate.rule,
                              "flag": f"passed although missing {out.missing_columns[pid]}"})  # fmt: skip
            elif not passed[pid]:
                reason = out.reason[pid] if out.missing[pid] else gate.reason or out.reason[pid]
                excluded.append({"partner_id": pid, "rule": gate.rule, "reason": reason,
                                 "value": out.values[pid]})  # fmt: skip
    outcome_df = pd.DataFrame(outcomes, index=table.index)
    eligible = [p for p in table.index if bool(outcome_df.loc[p].all())]
    return ScreeningResult(
        eligible=eligible,
        excluded=pd.DataFrame(excluded, columns=["partner_id", "rule", "reason", "value"]),
        flags=pd.DataFrame(flags, columns=["partner_id", "rule", "flag"]),
        outcomes=outcome_df,
    )


def dominance(problem: Problem) -> pd.DataFrame:
    """Which partners Pareto-dominate each partner.

    ``j`` dominates ``i`` when ``j`` is at least as good on every criterion (given each
    criterion's direction) and strictly better on one. Weights play no role.

    Parameters
    ----------
    problem : Problem
        The partners and criteria compared.

    Returns
    -------
    pandas.DataFrame
        ``partner_id`` and ``dominated_by`` (list of ids, problem order), one row per partner.

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer, sec. 2.1.

    Examples
    --------
    >>> import pandas as pd
    >>> from partnerselect import Problem
    >>> pb = Problem.from_frame(pd.DataFrame({"price": [900, 1000, 800], "q": [4, 3, 3]},
    ...                         index=["a", "b", "c"]), objectives={"price": "min", "q": "max"})
    >>> dominance(pb)["dominated_by"].tolist()
    [[], ['a', 'c'], []]
    """
    u = problem.values * problem.signs  # larger is better everywhere
    geq = (u[:, None, :] >= u[None, :, :]).all(axis=2)  # geq[j, i]: j >= i everywhere
    gt = (u[:, None, :] > u[None, :, :]).any(axis=2)
    dom = geq & gt  # dom[j, i]: j dominates i
    ids = [str(p) for p in problem.partners]
    return pd.DataFrame(
        {
            "partner_id": ids,
            "dominated_by": [[ids[j] for j in np.flatnonzero(dom[:, i])] for i in range(len(ids))],
        }
    )


def flag_dominated(problem: Problem) -> pd.Series:
    """Flag (never drop) dominated partners, with one warning listing them.

    Parameters
    ----------
    problem : Problem
        The partners and criteria compared.

    Returns
    -------
    pandas.Series
        Boolean ``dominated`` per partner id.

    Warns
    -----
    DominanceWarning
        When at least one partner is dominated.

    Examples
    --------
    >>> import pandas as pd, pytest
    >>> from partnerselect import Problem
    >>> from partnerselect.errors import DominanceWarning
    >>> pb = Problem.from_frame(pd.DataFrame({"price": [900, 1000], "q": [4, 3]},
    ...                         index=["a", "b"]), objectives={"price": "min", "q": "max"})
    >>> with pytest.warns(DominanceWarning):
    ...     flag_dominated(pb).tolist()
    [False, True]
    """
    dom = dominance(problem)
    flags = pd.Series(
        (dom["dominated_by"].map(len) > 0).to_numpy(),
        index=pd.Index(dom["partner_id"], name="partner_id"),
        name="dominated",
    )
    if flags.any():
        who = "; ".join(
            f"{p} (by {', '.join(d)})"
            for p, d in zip(dom["partner_id"], dom["dominated_by"], strict=True)
            if d
        )
        warnings.warn(
            f"Dominated partner(s): {who}. Another partner is at least as good on every "
            "criterion; they are flagged, not dropped. Check whether a criterion is missing.",
            DominanceWarning,
            stacklevel=2,
        )
    return flags
