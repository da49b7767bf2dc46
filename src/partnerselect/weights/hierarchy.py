"""Weights of a criteria hierarchy: group weights times weights within each group.

The global weight of a criterion is the product of the weights along its path from the
top (Saaty's hierarchic composition): ``global = group weight x local weight``. Any
weighting can be used at any level (direct points, ROC, AHP...). Deeper hierarchies nest:
a group's local weights may themselves be a :class:`HierarchyWeights`, whose global
weights then act as the local weights of that group.

References
----------
.. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill (hierarchic
   composition, ch. 2).
.. [2] Stillwell, W. G., von Winterfeldt, D. & John, R. S. (1987). Comparing
   hierarchical and nonhierarchical weighting methods for eliciting multiattribute
   value models. *Management Science* 33(4), 442-450.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pandas as pd

from partnerselect.errors import WeightError
from partnerselect.weights._base import WeightSet, as_weight_series, did_you_mean, weight_series

__all__ = ["HierarchyWeights", "hierarchy"]

WeightsLike = WeightSet | pd.Series | Mapping[str, float]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class HierarchyWeights(WeightSet):
    """Global weights of a two-level (or deeper) criteria hierarchy.

    ``.weights`` (also ``.global_weights``) are the global weights by criterion.

    Attributes
    ----------
    groups : pandas.Series
        Normalised group weights.
    local : Mapping[str, pandas.Series]
        Normalised weights within each group (for a nested group: its global weights).
    members : pandas.Series
        Group of each criterion.
    """

    groups: pd.Series
    local: Mapping[str, pd.Series]
    members: pd.Series

    @property
    def global_weights(self) -> pd.Series:
        """Global weight per criterion (group weight x local weight), sum 1."""
        return self.weights.copy()

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion: ``group, criterion, group_weight, local_weight,
        global_weight``."""
        rows = [
            {
                "group": g,
                "criterion": c,
                "group_weight": float(self.groups[g]),
                "local_weight": float(self.local[g][c]),
                "global_weight": float(self.weights[c]),
            }
            for g in self.groups.index
            for c in self.local[g].index
        ]
        return pd.DataFrame(
            rows, columns=["group", "criterion", "group_weight", "local_weight", "global_weight"]
        )

    def _title(self) -> str:
        return f"HierarchyWeights ({len(self.groups)} groups, {len(self.weights)} criteria)"


def _provenance(obj: Any) -> dict[str, Any]:
    if isinstance(obj, WeightSet):
        return dict(obj.provenance)
    return {"method": "given", "weights": as_weight_series(obj).to_dict()}


def hierarchy(
    group_weights: WeightsLike,
    local_weights: Mapping[str, WeightsLike | HierarchyWeights],
) -> HierarchyWeights:
    """Compose group weights and within-group weights into global criterion weights.

    Parameters
    ----------
    group_weights : WeightSet, Series or mapping
        Weight of each group (normalised here).
    local_weights : mapping {group: WeightSet, Series, mapping or HierarchyWeights}
        Weights of the criteria inside each group (normalised per group). A
        HierarchyWeights makes a deeper level.

    Returns
    -------
    HierarchyWeights

    Raises
    ------
    WeightError
        A group has weights but no local weights (or the reverse), a criterion appears in
        two groups, or weights are invalid.

    References
    ----------
    .. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> from partnerselect import weights
    >>> h = weights.hierarchy({"cost": 40, "delivery": 60},
    ...                       {"cost": {"day_rate": 1},
    ...                        "delivery": weights.roc(["on_time", "quality"])})
    >>> h.global_weights.round(3).tolist()
    [0.4, 0.45, 0.15]
    """
    groups = as_weight_series(group_weights, what="group weights")
    groups.index.name = "group"
    if not isinstance(local_weights, Mapping):
        msg = "Give the local weights as a mapping {group: weights of its criteria}."
        raise WeightError(msg, value=type(local_weights).__name__)
    local_keys = [str(k) for k in local_weights]
    for g in groups.index:
        if g not in local_keys:
            msg = (
                f"Group {g!r} has a weight but no local weights for its criteria."
                f"{did_you_mean(g, local_keys)} Give local_weights[{g!r}]."
            )
            raise WeightError(msg, value=g)
    for g in local_keys:
        if g not in groups.index:
            msg = (
                f"Local weights are given for {g!r}, which has no group weight."
                f"{did_you_mean(g, list(groups.index))} Groups: {', '.join(groups.index)}."
            )
            raise WeightError(msg, value=g)
    by_key = {str(k): v for k, v in local_weights.items()}
    local: dict[str, pd.Series] = {}
    members: dict[str, str] = {}
    glob: dict[str, float] = {}
    for g in groups.index:
        lw = as_weight_series(by_key[g], what=f"local weights of group {g!r}")
        for c in lw.index:
            if c in members:
                msg = (
                    f"Criterion {c!r} is in both group {members[c]!r} and group {g!r}; "
                    "each criterion belongs to exactly one group."
                )
                raise WeightError(msg, criterion=c)
            members[c] = g
            glob[c] = float(groups[g] * lw[c])
        local[g] = lw
    prov = {
        "method": "hierarchy",
        "groups": _provenance(group_weights),
        "local": {g: _provenance(by_key[g]) for g in groups.index},
    }
    return HierarchyWeights(
        weights=weight_series(list(glob.values()), list(glob)),
        raw=None,
        method="hierarchy",
        provenance=prov,
        groups=groups,
        local=local,
        members=pd.Series(members, name="group").rename_axis("criterion"),
    )
