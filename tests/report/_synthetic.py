"""A small Evaluation assembled by hand (no readers, no sample files): hostile partner names,
one gate exclusion, one missing-data exclusion, an imputed and a thin-evidence cell."""

from __future__ import annotations

import numpy as np
import pandas as pd

import partnerselect as ps
from partnerselect.criteria import CELL_COLUMNS, CriteriaTable
from partnerselect.model import parse_model
from partnerselect.pipeline import Evaluation

XSS = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://x","y")'

MODEL = {
    "tender": {"name": "Test tender <b>&</b>", "seed": 7},
    "gates": [{"rule": "iso27001 == true", "reason": "ISO 27001 required"}],
    "criteria": [
        {"name": "day_rate", "objective": "min", "weight": 2, "why": "Cost <matters>"},
        {"name": "quality", "objective": "max", "weight": 3, "source": "track_record"},
        {"name": "engineers", "objective": "max", "weight": 1, "missing": "exclude"},
    ],
}


def synthetic_evaluation(names: list[str] | None = None) -> Evaluation:
    """The evaluation; ``names`` replaces the five partner names (P1..P5)."""
    model = parse_model(MODEL)
    partners = pd.DataFrame(
        {
            "partner_id": ["P1", "P2", "P3", "P4", "P5"],
            "name": names or [XSS, FORMULA, "Ødegård & Søn", "-Minus Ltd", "Gated Co"],
            "iso27001": [True, True, True, True, False],
            "day_rate": [900.0, 800.0, 1000.0, 850.0, 700.0],
            "engineers": [40.0, 25.0, 60.0, np.nan, 30.0],
        }
    )
    ranked = ["P1", "P2", "P3"]
    values = pd.DataFrame(
        {
            "day_rate": [900.0, 800.0, 1000.0],
            "quality": [4.2, 3.6, 4.0],
            "engineers": [40.0, 25.0, 60.0],
        },
        index=pd.Index(ranked, name="partner_id"),
    )
    weights = {"day_rate": 2 / 6, "quality": 3 / 6, "engineers": 1 / 6}
    problem = ps.Problem.from_frame(
        values,
        objectives={"day_rate": "min", "quality": "max", "engineers": "max"},
        weights=weights,
        names=partners.set_index("partner_id")["name"].reindex(ranked),
    )
    ranking = ps.rank(problem, "wsm")
    rows = []
    for pid in [*ranked, "P4"]:
        for crit in values.columns:
            v = (
                values.loc[pid, crit]
                if pid in values.index
                else (850.0 if crit == "day_rate" else np.nan)
            )
            row = dict.fromkeys(CELL_COLUMNS, np.nan)
            row.update(
                partner_id=pid,
                criterion=crit,
                value=v,
                raw=v,
                n=1.0,
                source="partners",
                insufficient=False,
                imputed=False,
                note="",
                dist="fixed",
            )
            if crit == "quality":
                row.update(source="track_record", n=4.0, lower=v - 0.3, upper=v + 0.3)
            rows.append(row)
    cells = pd.DataFrame(rows).set_index(["partner_id", "criterion"])
    cells.loc[("P2", "quality"), ["insufficient", "n"]] = [True, 1.0]
    cells.loc[("P3", "quality"), ["imputed", "note"]] = [True, "imputed (prior)"]
    excluded_missing = pd.DataFrame(
        [
            {
                "partner_id": "P4",
                "rule": "missing:engineers",
                "reason": "no value for engineers",
                "value": "",
            }
        ]
    )
    criteria = CriteriaTable(
        values=values,
        cells=cells,
        excluded=excluded_missing,
        objectives={"day_rate": "min", "quality": "max", "engineers": "max"},
        metrics={},
        evaluators=None,
    )
    excluded = pd.concat(
        [
            pd.DataFrame(
                [
                    {
                        "partner_id": "P5",
                        "rule": "iso27001 == true",
                        "reason": "ISO 27001 required",
                        "value": "False",
                    }
                ]
            ),
            excluded_missing,
        ],
        ignore_index=True,
    )
    tree = pd.DataFrame(
        {
            "group": "",
            "criterion": list(weights),
            "group_weight": 1.0,
            "local_weight": list(weights.values()),
            "global_weight": list(weights.values()),
        }
    )
    return Evaluation(
        model=model,
        partners=partners,
        records=None,
        scores=None,
        excluded=excluded,
        criteria=criteria,
        weights=tree,
        weight_provenance={
            "criteria": {"method": "direct", "points": {"day_rate": 2, "quality": 3}}
        },
        problem=problem,
        ranking=ranking,
        dominated=pd.DataFrame(columns=["partner_id", "dominated_by"]),
        unknown_partners=pd.DataFrame(columns=["table", "partner_id", "item"]),
        analyses={},
        notes=(f"ImputationWarning: quality of P3 {XSS} imputed",),
        inputs={"partners": {"path": None, "sha256": None, "rows": 5}},
        created="2026-11-27T10:00:00+00:00",
    )
