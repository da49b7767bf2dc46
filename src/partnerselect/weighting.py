"""Weights of an evaluation model: groups, local weights and their provenance.

The model declares weights at two levels (see :mod:`partnerselect.model`): the groups (a
``[weighting]`` spec, or each group's ``weight``) and the criteria inside each group (the
group's ``weighting`` spec, or each criterion's ``weight``). Global weight = group weight x
local weight (Saaty 1980, hierarchic composition). Without groups, the criteria are weighted
directly.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from partnerselect.errors import ModelError
from partnerselect.model import EvaluationModel
from partnerselect.problem import Problem

__all__ = ["model_weights"]


def _direct(values: dict[str, float | None], what: str) -> dict[str, Any]:
    given = {k: v for k, v in values.items() if v is not None}
    if given and len(given) != len(values):
        missing = sorted(set(values) - set(given))
        msg = (
            f"Some {what} have a weight and some do not (no weight: {', '.join(missing)}). "
            "Give every one a weight, or none (equal weights)."
        )
        raise ModelError(msg, criterion=missing[0])
    if not given:
        return {"method": "equal"}
    return {"method": "direct", "values": given}


def model_weights(model: EvaluationModel, problem: Problem) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Resolve the model's weights for the criteria of ``problem``.

    Returns
    -------
    tree : pandas.DataFrame
        One row per criterion: ``group, criterion, group_weight, local_weight,
        global_weight`` (global weights sum to 1).
    provenance : dict
        ``{"groups": {...}, "local": {group: {...}}}`` or ``{"criteria": {...}}``: the
        method and its evidence (AHP consistency ratio, evaluators...) for the report.
    """
    from partnerselect import weights as wts

    crits = [c for c in model.criteria if c.name in problem.criteria]
    if not any(c.group for c in crits):
        spec: Any = (
            dict(model.weighting)
            if model.weighting
            else _direct({c.name: c.weight for c in crits}, "criteria")
        )
        ws = wts.from_spec(spec, [c.name for c in crits], problem=problem)
        w = ws.weights.reindex([c.name for c in crits])
        tree = pd.DataFrame(
            {
                "group": "",
                "criterion": w.index,
                "group_weight": 1.0,
                "local_weight": w.to_numpy(),
                "global_weight": w.to_numpy(),
            }
        )
        return tree, {"criteria": dict(ws.provenance)}
    groups = list(dict.fromkeys(str(c.group) for c in crits))
    if model.weighting:
        group_spec = dict(model.weighting)
    else:
        group_spec = _direct({g: model.groups.get(g, {}).get("weight") for g in groups}, "groups")
    group_ws = wts.from_spec(group_spec, groups, problem=None)
    local: dict[str, Any] = {}
    provenance: dict[str, Any] = {"groups": dict(group_ws.provenance), "local": {}}
    for g in groups:
        members = [c.name for c in crits if c.group == g]
        spec = model.groups.get(g, {}).get("weighting")
        if spec is None:
            spec = _direct({c.name: c.weight for c in crits if c.group == g}, f"criteria of {g!r}")
        sub = (
            problem.replace(
                matrix=problem.matrix[members],
                objectives=problem.objectives[members].to_dict(),
                weights=None,
            )
            if dict(spec).get("method") in {"entropy", "critic", "std_dev", "merec"}
            or "ranges" in dict(spec)
            else None
        )
        ws = wts.from_spec(dict(spec), members, problem=sub)
        local[g] = ws.weights
        provenance["local"][g] = dict(ws.provenance)
    h = wts.hierarchy(group_ws.weights, local)
    tree = h.to_frame().reset_index(drop=True)
    tree = tree[["group", "criterion", "group_weight", "local_weight", "global_weight"]]
    return tree, provenance
