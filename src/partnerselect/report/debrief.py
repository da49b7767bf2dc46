"""Debrief notes: one page per partner explaining its result, for unsuccessful bidders.

Public-sector and regulated buyers must tell each bidder why it was not chosen: its rank and
score, where it gained and lost against the winning bid criterion by criterion (in the
criteria's own units: euros, hours, shares, panel points), what the evaluators wrote, and any
must-have gate it failed. :func:`debrief` builds that note from an
:class:`~partnerselect.Evaluation`'s own tables (nothing is recomputed) and writes it as HTML,
Markdown or PDF.

Vendor text is untrusted: control characters are removed, HTML is autoescaped and Markdown is
escaped with :func:`partnerselect.report.markdown.md_escape`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import ParameterError
from partnerselect.report import tables as tb
from partnerselect.report.tables import fmt

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["Debrief", "debrief", "write_debrief"]

#: C0/C1 control characters (tab and newline excepted) and bidirectional overrides.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Columns of :attr:`Debrief.comparison`.
COMPARISON_COLUMNS = [
    "criterion",
    "unit",
    "objective",
    "weight",
    "partner",
    "winner",
    "difference",
    "result",
    "score_effect",
]


def clean(value: Any) -> str:
    """Untrusted text as one printable line (control characters dropped, blanks for NaN).

    Examples
    --------
    >>> clean("Acme\\x00 Ltd\\n(UK)"), clean(float("nan"))
    ('Acme Ltd (UK)', '')
    """
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    text = str(value).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("", text).strip()


@value_equality
@dataclasses.dataclass(frozen=True)
class Debrief:
    """The debrief of one partner (see :func:`debrief`).

    Attributes
    ----------
    partner_id, name : str
    tender : str
    status : str
        ``"ranked"`` or ``"excluded"``.
    rank : int or None
    n_ranked : int
    score : float or None
    method : str
    higher_is_better : bool
    against_id, against_name : str
        The winner (or, for the winner itself, the runner-up).
    against_label : str
        ``"winner"`` or ``"runner-up"``.
    against_score : float or None
    comparison : DataFrame
        One row per criterion: ``criterion, unit, objective, weight, partner, winner,
        difference, result, score_effect`` (values in the criterion's own units; ``result``
        is ``ahead``, ``behind`` or ``level`` for this partner; ``score_effect`` the signed
        gap in the method's weighted terms when the method keeps them).
    gates : DataFrame
        Failed gates and missing-data exclusions: ``rule, reason, value``.
    comments : DataFrame
        Evaluator comments on this partner: ``evaluator, criterion, score, comment``.
    notes : tuple of str
    """

    partner_id: str
    name: str
    tender: str
    status: str
    rank: int | None
    n_ranked: int
    score: float | None
    method: str
    higher_is_better: bool
    against_id: str
    against_name: str
    against_label: str
    against_score: float | None
    comparison: pd.DataFrame
    gates: pd.DataFrame
    comments: pd.DataFrame
    notes: tuple[str, ...] = ()

    # --------------------------------------------------------------- text
    def headline(self) -> str:
        """One sentence: the outcome."""
        if self.status == "excluded":
            return (
                f"{self.name} ({self.partner_id}) was not ranked: the bid did not meet "
                f"{len(self.gates)} mandatory requirement(s) listed below."
            )
        direction = "higher" if self.higher_is_better else "lower"
        line = (
            f"{self.name} ({self.partner_id}) is ranked {self.rank} of {self.n_ranked} with a "
            f"score of {fmt(self.score)} ({self.method}; {direction} is better)"
        )
        if self.against_label == "winner":
            line += f"; the winning bid, {self.against_name}, scored {fmt(self.against_score)}."
        else:
            line += (
                f" and is the recommended partner; the runner-up, {self.against_name}, scored "
                f"{fmt(self.against_score)}."
            )
        return line

    def strengths_and_gaps(self, shown: int = 3) -> tuple[list[str], list[str]]:
        """The criteria where this partner is furthest ahead and furthest behind.

        Ordered by the score effect when the method keeps weighted values, otherwise by weight.
        """
        comp = self.comparison
        if comp.empty:
            return [], []
        key = comp["score_effect"].abs() if comp["score_effect"].notna().any() else comp["weight"]
        order = comp.assign(_k=key.fillna(0)).sort_values("_k", ascending=False, kind="stable")
        ahead = list(order.loc[order["result"] == "ahead", "criterion"][:shown])
        behind = list(order.loc[order["result"] == "behind", "criterion"][:shown])
        return ahead, behind

    def table_text(self) -> pd.DataFrame:
        """:attr:`comparison` as display text (values with units, weights as percentages)."""
        comp = self.comparison
        label = "winner" if self.against_label == "winner" else "runner-up"
        return pd.DataFrame(
            {
                "criterion": comp["criterion"],
                "unit": comp["unit"],
                "weight": [fmt(100 * w, 3) + " %" if pd.notna(w) else "" for w in comp["weight"]],
                "better": ["higher" if o == "max" else "lower" for o in comp["objective"]],
                "this bid": [_number(v) for v in comp["partner"]],
                label: [_number(v) for v in comp["winner"]],
                "difference": [_number(v, signed=True) for v in comp["difference"]],
                "result": comp["result"],
            }
        )

    def to_markdown(self) -> str:
        """The note as Markdown (every vendor string escaped)."""
        from partnerselect.report.markdown import md_escape, md_table

        parts = [
            f"# Debrief: {md_escape(self.name)} ({md_escape(self.partner_id)})\n",
            f"Tender: {md_escape(self.tender)}\n",
            md_escape(self.headline()) + "\n",
        ]
        ahead, behind = self.strengths_and_gaps()
        vs = "the winning bid" if self.against_label == "winner" else "the runner-up"
        if ahead or behind:
            parts.append(f"- Ahead of {vs} on: {md_escape(', '.join(ahead) or 'none')}")
            parts.append(f"- Behind {vs} on: {md_escape(', '.join(behind) or 'none')}\n")
        if len(self.gates):
            parts.append("## Mandatory requirements not met\n")
            parts.append(md_table(self.gates))
        if len(self.comparison):
            parts.append(f"## Criterion by criterion against {vs}\n")
            parts.append(md_table(self.table_text()))
        parts.append("## Evaluator comments\n")
        parts.append(md_table(self.comments) if len(self.comments) else "_none_\n")
        if self.notes:
            parts.append("## Notes\n")
            parts.extend(f"- {md_escape(n)}" for n in self.notes)
        return "\n".join(parts) + "\n"

    def to_html(self) -> str:
        """The note as a self-contained, printable HTML page (autoescaped)."""
        from partnerselect.report.html import _environment, table

        ahead, behind = self.strengths_and_gaps()
        text = self.table_text()
        comp_table = table(text)
        if comp_table is not None:
            comp_table["numeric"] = [False, False, True, False, True, True, True, False]
        return str(
            _environment()
            .get_template("debrief.html.j2")
            .render(
                d=self,
                headline=self.headline(),
                ahead=ahead,
                behind=behind,
                vs="the winning bid" if self.against_label == "winner" else "the runner-up",
                comparison=comp_table,
                gates=table(self.gates) if len(self.gates) else None,
                comments=table(self.comments) if len(self.comments) else None,
            )
        )

    def write(self, path: str | Path) -> Path:
        """Write the note; the format follows the suffix (``.html``, ``.md``, ``.pdf``).

        The file is written atomically: a failed write leaves no partial file and an
        existing one as it was.
        """
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix not in {".html", ".htm", ".md", ".pdf"}:
            msg = (
                f"Cannot write a debrief to {target.name!r}: unknown suffix "
                f"{suffix or '(none)'!r}. Use .html, .md or .pdf."
            )
            raise ParameterError(msg, value=str(path))
        from partnerselect.report.files import atomic_path

        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(target) as tmp:  # a failed write leaves no partial file
            if suffix == ".md":
                tmp.write_text(self.to_markdown(), encoding="utf-8")
            elif suffix == ".pdf":
                from partnerselect.report.pdf import html_to_pdf

                html_to_pdf(self.to_html(), tmp)
            else:
                tmp.write_text(self.to_html(), encoding="utf-8")
        return target


def _number(value: Any, *, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = fmt(value, 4)
    if signed and isinstance(value, int | float) and value > 0:
        text = "+" + text
    return text


# --------------------------------------------------------------------------- building


def _partner_ids(ev: Evaluation) -> list[str]:
    return [str(p) for p in ev.partners["partner_id"]]


def _values(ev: Evaluation) -> pd.DataFrame:
    """Criterion values in the criteria's own units: partners (rows) x criteria."""
    cells = ev.criteria.cells.reset_index()
    price = {c.name for c in ev.model.criteria if c.price_scoring}
    # price-scored criteria keep the price in ``raw`` (``value`` holds the points);
    # every other criterion is ranked on ``value`` (a shrunk estimate for track records).
    shown = cells["value"].where(~cells["criterion"].isin(price), cells["raw"])
    return cells.assign(shown=shown).pivot_table(
        index="partner_id", columns="criterion", values="shown", aggfunc="first", dropna=False
    )


def _effects(ev: Evaluation, pid: str, other: str) -> pd.Series:
    """Signed gap (this partner - other) in the method's weighted terms, or empty."""
    contrib = ev.ranking.explain().contributions
    if contrib is not None and pid in contrib.index and other in contrib.index:
        sign = 1.0 if ev.ranking.higher_is_better else -1.0
        return pd.Series(sign * (contrib.loc[pid] - contrib.loc[other]), dtype=float)
    steps = ev.ranking.explain().steps
    weighted = steps.get("weighted matrix") if isinstance(steps, dict) else None
    if isinstance(weighted, pd.DataFrame) and pid in weighted.index and other in weighted.index:
        objectives = ev.problem.objectives.reindex(weighted.columns).astype(float)
        return pd.Series((weighted.loc[pid] - weighted.loc[other]) * objectives, dtype=float)
    return pd.Series(dtype=float)


def _comparison(ev: Evaluation, pid: str, other: str) -> pd.DataFrame:
    values = _values(ev)
    weights = ev.weights.set_index("criterion")["global_weight"]
    effects = _effects(ev, pid, other)
    rows = []
    for spec in ev.model.criteria:
        crit = spec.name
        if crit not in values.columns:
            continue
        mine = values[crit].get(pid, float("nan"))
        theirs = values[crit].get(other, float("nan"))
        diff = mine - theirs if pd.notna(mine) and pd.notna(theirs) else float("nan")
        if pd.isna(diff):
            result = "not compared"
        elif abs(diff) <= 1e-9 * max(1.0, abs(float(theirs))):
            result = "level"
        else:
            better = diff > 0 if spec.objective == "max" else diff < 0
            result = "ahead" if better else "behind"
        rows.append(
            {
                "criterion": crit,
                "unit": tb.unit_of(ev, crit),
                "objective": spec.objective,
                "weight": weights.get(crit, float("nan")),
                "partner": mine,
                "winner": theirs,
                "difference": diff,
                "result": result,
                "score_effect": effects.get(crit, float("nan")),
            }
        )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _excluded_comparison(ev: Evaluation, pid: str, other: str) -> pd.DataFrame:
    """Partner-table criteria as submitted (an excluded partner has no scored cells)."""
    values = _values(ev)
    table = ev.partners.assign(partner_id=ev.partners["partner_id"].astype(str)).set_index(
        "partner_id"
    )
    weights = ev.weights.set_index("criterion")["global_weight"]
    rows = []
    for spec in ev.model.criteria:
        if spec.source != "partners" or spec.key not in table.columns:
            continue
        given = table.loc[pid, spec.key]
        numeric = isinstance(given, int | float | np.number) and not isinstance(given, bool)
        mine = float(given) if numeric else float("nan")  # type: ignore[arg-type]  # text or blank: shown as not compared
        theirs = values[spec.name].get(other, float("nan")) if spec.name in values else float("nan")
        diff = mine - theirs if pd.notna(mine) and pd.notna(theirs) else float("nan")
        result = "not compared"
        if pd.notna(diff):
            better = diff > 0 if spec.objective == "max" else diff < 0
            result = "level" if diff == 0 else ("ahead" if better else "behind")
        rows.append(
            {
                "criterion": spec.name,
                "unit": tb.unit_of(ev, spec.name),
                "objective": spec.objective,
                "weight": weights.get(spec.name, float("nan")),
                "partner": mine,
                "winner": theirs,
                "difference": diff,
                "result": result,
                "score_effect": float("nan"),
            }
        )
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _comments(ev: Evaluation, pid: str) -> pd.DataFrame:
    cols = ["evaluator", "criterion", "score", "comment"]
    scores = ev.scores
    if scores is None or "comment" not in scores:
        return pd.DataFrame(columns=cols)
    mine = scores[scores["partner_id"].astype(str) == pid]
    mine = mine[mine["comment"].map(clean) != ""]
    out = mine[[c for c in cols if c in mine]].copy()
    for col in ("evaluator", "criterion", "comment"):
        if col in out:
            out[col] = out[col].map(clean)
    return out.reset_index(drop=True)


def debrief(ev: Evaluation, partner_id: str) -> Debrief:
    """The debrief of ``partner_id``: rank, score, gaps to the winner, comments, failed gates.

    Parameters
    ----------
    ev : Evaluation
    partner_id : str
        Any partner of the partner table, ranked or excluded. The winner's debrief compares
        it with the runner-up.

    Raises
    ------
    ParameterError
        ``partner_id`` is not in the partner table.

    Examples
    --------
    >>> note = ev.debrief("P05")  # doctest: +SKIP
    >>> note.write("P05-debrief.pdf")  # doctest: +SKIP
    """
    pid = str(partner_id)
    ids = _partner_ids(ev)
    if pid not in ids:
        from partnerselect._validation import _did_you_mean

        msg = (
            f"No partner {pid!r} in this evaluation.{_did_you_mean(pid, ids)} "
            f"Partners: {', '.join(ids[:12])}{' ...' if len(ids) > 12 else ''}."
        )
        raise ParameterError(msg, value=pid)
    frame = ev.ranking.to_frame()
    names = ev.partners.set_index(ev.partners["partner_id"].astype(str))["name"]
    winner = str(frame.index[0])
    ranked = pid in frame.index
    other = winner
    label = "winner"
    if pid == winner and len(frame) > 1:
        other, label = str(frame.index[1]), "runner-up"
    gates = ev.excluded[ev.excluded["partner_id"].astype(str) == pid][["rule", "reason", "value"]]
    gates = gates.map(clean).reset_index(drop=True)
    notes: list[str] = []
    if ranked:
        comparison = _comparison(ev, pid, other)
        if any(c.source == "track_record" for c in ev.model.criteria):
            notes.append(
                "Track-record values are the evaluated estimates from past projects: recent "
                "projects weigh more, and thin histories are drawn towards the average of all "
                "bidders."
            )
    else:
        comparison = _excluded_comparison(ev, pid, other)
        notes.append(
            "An excluded bid is not scored; the table compares the figures it submitted with "
            "the winning bid for information."
        )
    return Debrief(
        partner_id=clean(pid),
        name=clean(names.get(pid, pid)),
        tender=clean(ev.model.name),
        status="ranked" if ranked else "excluded",
        rank=int(frame["rank"][pid]) if ranked else None,
        n_ranked=len(frame),
        score=float(frame["score"][pid]) if ranked else None,
        method=ev.ranking.method,
        higher_is_better=bool(ev.ranking.higher_is_better),
        against_id=other,
        against_name=clean(names.get(other, other)),
        against_label=label,
        against_score=float(frame["score"][other]),
        comparison=comparison,
        gates=gates,
        comments=_comments(ev, pid),
        notes=tuple(notes),
    )


def write_debrief(ev: Evaluation, partner_id: str, path: str | Path) -> Path:
    """Write the debrief of ``partner_id`` to ``path`` (``.html``, ``.md`` or ``.pdf``)."""
    return debrief(ev, partner_id).write(path)
