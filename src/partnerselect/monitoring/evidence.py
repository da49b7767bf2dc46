"""Monitoring periods as track-record evidence, and "would we still choose them today?"."""

from __future__ import annotations

import dataclasses
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import PartnerSelectWarning

if TYPE_CHECKING:
    from partnerselect.monitoring.result import Monitoring
    from partnerselect.pipeline import Evaluation

__all__ = ["Reevaluation", "kpi_records", "reevaluate"]

#: Track-record value columns a KPI of the same name feeds without a ``record_column``.
RECORD_VALUE_COLUMNS = ("quality_score", "csat", "defects", "escalations")


def kpi_records(m: Monitoring, records: pd.DataFrame | None) -> pd.DataFrame:
    """See :meth:`Monitoring.update_track_records`."""
    mapping = {}
    unmapped = []
    for k in m.config.kpis:
        column = k.record_column or (k.name if k.name in RECORD_VALUE_COLUMNS else None)
        if column is None:
            unmapped.append(k.name)
        else:
            mapping[k.name] = column
    obs = m.scorecard[m.scorecard["kpi"].isin(list(mapping))]
    notes = []
    if unmapped:
        notes.append(
            f"KPIs {', '.join(unmapped)} feed no track-record column (give them a "
            "record_column to use them as evidence)."
        )
    if obs.empty:
        new = pd.DataFrame(columns=["partner_id", "project_id"])
    else:
        wide = obs.assign(column=obs["kpi"].map(mapping)).pivot_table(
            index=["partner_id", "period"], columns="column", values="value", aggfunc="mean"
        )
        wide.columns.name = None
        new = wide.reset_index()
        periods = new["period"].map(lambda p: pd.Period(p))
        new.insert(1, "project_id", "KPI-" + new["period"].astype(str))
        new["start_date"] = [p.start_time.normalize() for p in periods]
        new["status"] = "ongoing"
        new = new.drop(columns="period")
        for col in ("defects", "escalations"):
            if col in new:
                new[col] = new[col].round()
        notes.append(
            f"Added {len(new)} monitoring periods of {new['partner_id'].nunique()} partner(s) "
            f"as ongoing projects feeding {', '.join(sorted(set(mapping.values())))}."
        )
    if records is None:
        out = new
    else:
        clash = set(zip(records["partner_id"], records["project_id"], strict=True)) & set(
            zip(new["partner_id"], new["project_id"], strict=True)
        )
        if clash:
            from partnerselect.errors import DuplicateError

            pid, proj = sorted(clash)[0]
            msg = (
                f"The track records already hold {pid} {proj}: the monitoring periods were "
                "added before. Pass the records without them."
            )
            raise DuplicateError(msg, partner=pid, value=proj)
        out = pd.concat([records, new], ignore_index=True, sort=False)
    out.attrs = {"notes": notes}
    return out


@value_equality
@dataclasses.dataclass(frozen=True, repr=False)
class Reevaluation:
    """Where the monitored partners would rank today, with their updated track record.

    Attributes
    ----------
    table : DataFrame
        One row per monitored partner: ``partner_id, rank_then, rank_now, score_then,
        score_now, leader_now, margin`` (``margin``: its score minus the best other
        partner's, in the method's score units and orientation; positive = still ahead).
    evaluation : Evaluation
        The re-run evaluation.
    notes : tuple of str
    """

    table: pd.DataFrame
    evaluation: Any
    notes: tuple[str, ...]

    def to_frame(self) -> pd.DataFrame:
        """The table (a copy)."""
        return self.table.copy()

    def __repr__(self) -> str:
        lines = ["Would we still choose them today?"]
        for r in self.table.itertuples(index=False):
            lines.append(
                f"  {r.partner_id}: rank {r.rank_then} then, {r.rank_now} now "
                f"(margin {r.margin:+.4f} to the best other partner)"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.table.to_html(index=False, escape=True)


def reevaluate(evaluation: Evaluation, monitoring: Monitoring) -> Reevaluation:
    """Re-rank the original candidates with the incumbents' monitoring added as evidence.

    Parameters
    ----------
    evaluation : Evaluation
        The award's evaluation (its inputs and model are reused unchanged).
    monitoring : Monitoring
        The incumbents' KPIs.

    Returns
    -------
    Reevaluation
        For each monitored partner: rank then and now, scores and the margin to the best
        other partner.
    """
    from partnerselect.pipeline import evaluate

    records = monitoring.update_track_records(evaluation.records)
    notes = list(records.attrs.get("notes", []))
    records.attrs = {}
    with warnings.catch_warnings():
        # the re-run repeats the award's own warnings; they are in now.notes, not raised again
        warnings.simplefilter("ignore", PartnerSelectWarning)
        now = evaluate(
            evaluation.partners, records, evaluation.model, scores=evaluation.scores, analyses=False
        )
    then_r, now_r = evaluation.ranking, now.ranking
    sign = 1.0 if now_r.higher_is_better else -1.0
    rows = []
    for pid in sorted(monitoring.scorecard["partner_id"].unique()):
        if pid not in now_r.ranks.index:
            notes.append(f"{pid} is not ranked in the evaluation (excluded or unknown): skipped.")
            continue
        others = now_r.scores.drop(pid)
        best_other = others.idxmax() if sign > 0 else others.idxmin()
        rows.append(
            {
                "partner_id": pid,
                "rank_then": int(then_r.ranks.get(pid, np.nan)) if pid in then_r.ranks else None,
                "rank_now": int(now_r.ranks[pid]),
                "score_then": float(then_r.scores.get(pid, np.nan)),
                "score_now": float(now_r.scores[pid]),
                "leader_now": str(now_r.ranks.idxmin()),
                "best_other": str(best_other),
                "margin": float(sign * (now_r.scores[pid] - others[best_other])),
            }
        )
    return Reevaluation(table=pd.DataFrame(rows), evaluation=now, notes=tuple(notes))
