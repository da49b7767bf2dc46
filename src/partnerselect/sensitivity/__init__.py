"""Sensitivity and robustness of a ranking.

One-at-a-time weight sweeps and tornado views (:func:`weight_sweep`, :func:`tornado`),
critical weight changes (:func:`critical_weights`), stability intervals
(:func:`stability_intervals`), SMAA-2 over the weight space (:func:`smaa`), Monte Carlo
over data uncertainty (:func:`data_uncertainty`; SMAA-2 draws the data jointly with the
weights when asked, with partial value scales :class:`LinearScale` and
:class:`PiecewiseLinearScale`), rank-reversal tests
(:func:`rank_reversal`) and a robust-or-fragile :func:`verdict`. Every function takes a
:class:`~partnerselect.Problem` and any registered method (by name, with its parameters)
and returns a frozen result with ``to_frame()``, reprs and a ``.plot`` accessor.

>>> import pandas as pd, partnerselect as ps
>>> df = pd.DataFrame({"q": [3.0, 1.0], "c": [1.0, 3.0]}, index=["a", "b"])
>>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"}, weights=[0.7, 0.3])
>>> ps.sensitivity.critical_weights(pb, "wsm").most_critical
'q'
"""

from partnerselect.sensitivity._parallel import get_threads, set_threads
from partnerselect.sensitivity.critical import CriticalWeights, critical_weights
from partnerselect.sensitivity.data import DataUncertaintyResult, data_uncertainty
from partnerselect.sensitivity.reversal import RankReversalResult, rank_reversal
from partnerselect.sensitivity.scales import LinearScale, PiecewiseLinearScale
from partnerselect.sensitivity.smaa import SMAAResult, smaa
from partnerselect.sensitivity.stability import StabilityIntervals, stability_intervals
from partnerselect.sensitivity.sweep import Tornado, WeightSweep, tornado, weight_sweep
from partnerselect.sensitivity.verdict import Verdict, verdict

__all__ = [
    "CriticalWeights",
    "DataUncertaintyResult",
    "LinearScale",
    "PiecewiseLinearScale",
    "RankReversalResult",
    "SMAAResult",
    "StabilityIntervals",
    "Tornado",
    "Verdict",
    "WeightSweep",
    "critical_weights",
    "data_uncertainty",
    "get_threads",
    "rank_reversal",
    "set_threads",
    "smaa",
    "stability_intervals",
    "tornado",
    "verdict",
    "weight_sweep",
]
