"""``partnerselect validate``: every problem in a set of inputs, not only the first.

Reads the model and the tables in collecting mode, then checks them against each other:
criteria that name absent columns, metrics or evaluator criteria; gate rules that do not
parse or name absent columns; records and scores of unknown partners.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from partnerselect.errors import PartnerSelectError

__all__ = ["validate"]


def _fmt(exc: PartnerSelectError) -> str:
    where = []
    if exc.source:
        where.append(str(exc.source))
    if exc.row is not None:
        where.append(f"row {exc.row}")
    if exc.column is not None:
        where.append(f"column {exc.column}")
    prefix = ": ".join([", ".join(where)]) if where else ""
    return f"{prefix}: {exc}" if prefix else str(exc)


def _read(kind: str, src: Any, found: list[str]) -> pd.DataFrame | None:
    from partnerselect import io

    reader: Any = {
        "partners": io.read_partners,
        "records": io.read_track_records,
        "scores": io.read_scores,
    }[kind]
    problems: list[PartnerSelectError] = []
    try:
        df = reader(src, errors="collect", problems=problems)
    except PartnerSelectError as exc:
        found.append(_fmt(exc))
        return None
    found.extend(str(p) for p in problems)  # reader messages already name file, row, column
    return df


def validate(
    partners: str | Path | pd.DataFrame,
    records: str | Path | pd.DataFrame | None,
    model: str | Path | Any,
    *,
    scores: str | Path | pd.DataFrame | None = None,
    notes: list[str] | None = None,
) -> list[str]:
    """Check inputs together; return one line per problem (empty list: all good).

    Each line names the file, row and column where it applies. Findings that are not
    problems (a partner without track record, handled by the model's missing-data policy)
    are appended to ``notes`` when a list is given.
    """
    from partnerselect import trackrecord
    from partnerselect.model import read_model
    from partnerselect.screening import parse_rule

    found: list[str] = []
    try:
        mdl = read_model(model)
    except PartnerSelectError as exc:
        found.append(_fmt(exc))
        mdl = None
    p = _read("partners", partners, found)
    r = None if records is None else _read("records", records, found)
    s = None if scores is None else _read("scores", scores, found)
    known = set(p["partner_id"].astype(str)) if p is not None else set()
    for label, frame, src in (("track records", r, records), ("evaluator scores", s, scores)):
        if frame is None or p is None:
            continue
        bad = frame[~frame["partner_id"].astype(str).isin(known)]
        for pos, pid in zip(bad.index, bad["partner_id"], strict=True):
            row = int(pos) + 2 if isinstance(pos, int) else pos
            found.append(
                f"{frame.attrs.get('source') or src}, row {row}, column partner_id: {label} refer to unknown partner {pid!r}"
            )
    if mdl is None:
        return found
    src = mdl.source or "model"
    cols = set(map(str, p.columns)) if p is not None else set()
    for gate in mdl.gates:
        try:
            rule = parse_rule(gate.rule)
        except PartnerSelectError as exc:
            found.append(f"{src}: gate {gate.rule!r}: {exc}")
            continue
        for col in sorted(set(rule.columns) - cols) if p is not None else []:
            found.append(
                f"{src}: gate {gate.rule!r} uses column {col!r}, which the partner table lacks"
            )
    scored = set(s["criterion"].astype(str)) if s is not None else set()
    for c in mdl.criteria:
        if c.source == "partners" and p is not None and c.key not in cols:
            found.append(
                f"{src}: criterion {c.name!r} reads partner column {c.key!r}, which is absent"
            )
        elif c.source == "track_record":
            if r is None and records is None:
                found.append(f"{src}: criterion {c.name!r} needs track records (--records)")
            if c.key not in trackrecord.METRICS and c.key != "custom":
                found.append(
                    f"{src}: criterion {c.name!r}: unknown metric {c.key!r}; known: {', '.join(sorted(trackrecord.METRICS))}"
                )
        elif c.source == "evaluators":
            if scores is None:
                found.append(f"{src}: criterion {c.name!r} needs evaluator scores (--scores)")
            elif s is not None and c.key not in scored:
                found.append(f"{src}: criterion {c.name!r}: no evaluator scored {c.key!r}")
    from partnerselect.scenarios import check_scenarios

    found += [
        f"{src}: {line}" for line in check_scenarios(mdl, sorted(cols) if p is not None else None)
    ]
    if notes is not None and p is not None and r is not None:
        without = sorted(known - set(r["partner_id"].astype(str)))
        if without:
            notes.append(
                f"{records}: no track record for partner(s) {', '.join(without)}; "
                "each track-record criterion's missing-data policy applies"
            )
    return found
