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
import weakref
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
    "dominance_pairs",
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
    ids_s = [str(p) for p in ids.to_numpy(dtype=object).tolist()]
    dup = pd.Index(ids_s)[pd.Index(ids_s).duplicated()]
    if len(dup):
        msg = f"Partner id {dup[0]!r} appears more than once. Partner ids must be unique."
        raise DuplicateError(msg, partner=dup[0], value=dup[0])
    for gate in gate_list:
        gate.parsed.check_columns(partners.columns)
    table = partners.set_axis(pd.Index(ids_s, name="partner_id"), axis=0)
    pids = np.array(ids_s, dtype=object)
    excluded: list[pd.DataFrame] = []
    flags: list[pd.DataFrame] = []
    outcomes: dict[str, np.ndarray] = {}
    for gate in gate_list:
        out = gate.parsed.evaluate(table)
        missing = out.missing.to_numpy(dtype=bool)
        lenient = missing & (gate.on_missing == "pass")
        passed = out.passed.to_numpy(dtype=bool) | lenient
        label = gate.label
        while label in outcomes:
            label += "'"
        outcomes[label] = passed
        mcols = out.missing_columns.to_numpy(dtype=object)
        if missing.any():
            cols = sorted({c for m in pd.unique(mcols[missing]) for c in m.split(", ") if c})
            verb = "pass it (on_missing = pass)" if gate.on_missing == "pass" else "are excluded"
            warnings.warn(
                f"Gate {gate.rule!r}: {', '.join(pids[missing])} have no value in "
                f"{', '.join(cols)}, so they {verb} with the reason 'missing <column>'. Fill the "
                "value or set the gate's on_missing.",
                GateMissingValueWarning,
                stacklevel=2,
            )
        if lenient.any():
            flags.append(
                pd.DataFrame(
                    {
                        "partner_id": pids[lenient],
                        "rule": gate.rule,
                        "flag": "passed although missing " + mcols[lenient],
                    }
                )
            )
        failed = ~passed
        if failed.any():
            reason = out.reason.to_numpy(dtype=object)
            if gate.reason:
                reason = np.where(missing, reason, gate.reason)
            excluded.append(
                pd.DataFrame(
                    {
                        "partner_id": pids[failed],
                        "rule": gate.rule,
                        "reason": reason[failed],
                        "value": out.values.to_numpy(dtype=object)[failed],
                    }
                )
            )
    outcome_df = pd.DataFrame(outcomes, index=table.index)
    eligible = pids[outcome_df.to_numpy(dtype=bool).all(axis=1)].tolist()
    return ScreeningResult(
        eligible=eligible,
        excluded=_frame(excluded, ["partner_id", "rule", "reason", "value"]),
        flags=_frame(flags, ["partner_id", "rule", "flag"]),
        outcomes=outcome_df,
    )


def _frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The parts one under the other (an empty frame with ``columns`` when none)."""
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)


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
    ids = np.array([str(p) for p in problem.partners.to_numpy(dtype=object).tolist()], dtype=object)
    pairs = _PAIRS.get(problem)
    if pairs is None:  # a Problem never changes: flag_dominated and dominance share the pairs
        pairs = _PAIRS[problem] = dominance_pairs(problem.values * problem.signs)
    i, j = pairs
    # pairs come sorted by dominated partner, then dominator: slice them per partner
    ends = np.cumsum(np.bincount(i, minlength=len(ids))).tolist()
    by = ids[j].tolist()
    return pd.DataFrame(
        {
            "partner_id": ids.tolist(),
            "dominated_by": [by[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)],
        }
    )


_PAIRS: weakref.WeakKeyDictionary[Problem, tuple[np.ndarray, np.ndarray]] = (
    weakref.WeakKeyDictionary()
)


_ONE = np.uint64(1)


def _set_bits(words: np.ndarray) -> np.ndarray:
    """Sorted positions of the set bits of a uint64 array (bit ``b`` of word ``w`` is
    position ``64 w + b``); one pass per bit still set, over the words still non-zero."""
    flat = words.ravel()
    widx = np.flatnonzero(flat)
    vals = flat[widx]
    found = []
    while widx.size:
        low = vals & (~vals + _ONE)  # lowest set bit of each word
        found.append(widx * 64 + np.log2(low.astype(np.float64)).astype(np.int64))
        vals = vals ^ low
        more = vals != 0
        widx, vals = widx[more], vals[more]
    pos = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    pos.sort()
    return pos


def dominance_pairs(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All Pareto-dominance pairs of ``u`` (rows = partners, larger is better everywhere).

    Parameters
    ----------
    u : array-like, shape (partners, criteria)
        Criteria values oriented so that larger is better on every column (costs negated).

    Returns
    -------
    i, j : ndarray of int64
        Partner ``j[k]`` dominates partner ``i[k]`` (at least as good on every column,
        strictly better on one), sorted by ``i`` then ``j``.

    Notes
    -----

    Bitsets instead of an ``(m, m, n)`` comparison: for each criterion, the partners at
    least as good as each partner form a suffix of the criterion's sort order, so all of
    them are one cumulative OR over the sorted one-hot rows (``m^2 / 64`` words); the
    partners at least as good everywhere are the AND over criteria. Time ``O(n m^2 / 64)``
    word operations plus the number of pairs; memory about ``m^2 / 4`` bytes.

    Examples
    --------
    >>> i, j = dominance_pairs(np.array([[-900.0, 4], [-1000, 3], [-800, 3]]))
    >>> i.tolist(), j.tolist()
    ([1, 1], [0, 2])
    """
    u = np.asarray(u, dtype=float) + 0.0  # -0.0 becomes 0.0: equal values, equal bytes
    m, n = u.shape
    if m == 0 or n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    width = (m + 63) // 64
    rows = np.arange(m)
    geq: np.ndarray | None = None
    for col in u.T:
        order = np.argsort(-col, kind="stable")  # best first
        bits = np.zeros((m, width), dtype=np.uint64)
        bits[rows, order >> 6] = np.left_shift(_ONE, (order & 63).astype(np.uint64))
        np.bitwise_or.accumulate(bits, axis=0, out=bits)  # row r: the r + 1 best partners
        at_least = m - np.searchsorted(np.sort(col), col, side="left")  # ties included
        here = bits[at_least - 1]
        geq = here if geq is None else np.bitwise_and(geq, here, out=geq)
    assert geq is not None
    pos = _set_bits(geq)
    i, j = pos // (width * 64), pos % (width * 64)
    # at least as good everywhere and not identical = dominates (identical rows: itself)
    _, same = np.unique(u, axis=0, return_inverse=True)
    same = same.ravel()
    keep = same[i] != same[j]
    return i[keep], j[keep]


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
            for p, d in zip(
                dom["partner_id"].to_numpy(dtype=object), dom["dominated_by"], strict=True
            )
            if d
        )
        warnings.warn(
            f"Dominated partner(s): {who}. Another partner is at least as good on every "
            "criterion; they are flagged, not dropped. Check whether a criterion is missing.",
            DominanceWarning,
            stacklevel=2,
        )
    return flags
