"""Criterion weights: stated, ranked, judged (AHP), derived from data, or composed.

Every function returns normalised weights (sum 1) with their provenance, ready for
``Problem.from_frame(..., weights=...)`` and for the audit trail of a report:

- stated: :func:`direct` (points or percentages), :func:`equal`, :func:`swing` (with the
  reference ranges it refers to) and :func:`rescale_to_ranges` (to the observed ranges);
- ranked: :func:`roc`, :func:`rank_sum`, :func:`reciprocal` (ties allowed);
- judged: :func:`ahp`, :func:`ahp_from_upper`, :func:`from_judgments`,
  :func:`group_ahp` (several evaluators);
- from the data: :func:`entropy`, :func:`critic`, :func:`std_dev`, :func:`merec`
  (return a Series), and :func:`combine` to mix subjective and objective weights;
- composed: :func:`hierarchy` (group weights x weights within groups);
- declared in a model file: :func:`from_spec`.

Examples
--------
>>> import partnerselect as ps
>>> ws = ps.weights.roc(["quality", ("price", "risk")])
>>> [round(w, 4) for w in ws.weights]
[0.6111, 0.1944, 0.1944]
"""

from __future__ import annotations

from partnerselect.weights._base import WeightSet
from partnerselect.weights.ahp import AHPResult, ahp, ahp_from_upper, from_judgments
from partnerselect.weights.direct import combine, direct, equal, rescale_to_ranges, swing
from partnerselect.weights.group import GroupAHPResult, group_ahp
from partnerselect.weights.hierarchy import HierarchyWeights, hierarchy
from partnerselect.weights.objective import critic, entropy, merec, std_dev
from partnerselect.weights.ordinal import rank_sum, reciprocal, roc
from partnerselect.weights.spec import from_spec

__all__ = [
    "AHPResult",
    "GroupAHPResult",
    "HierarchyWeights",
    "WeightSet",
    "ahp",
    "ahp_from_upper",
    "combine",
    "critic",
    "direct",
    "entropy",
    "equal",
    "from_judgments",
    "from_spec",
    "group_ahp",
    "hierarchy",
    "merec",
    "rank_sum",
    "reciprocal",
    "rescale_to_ranges",
    "roc",
    "std_dev",
    "swing",
]
