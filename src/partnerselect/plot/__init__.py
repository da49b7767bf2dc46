"""Plots as functions behind ``.plot`` accessors.

Every function takes the result it draws (and ``ax=None``), returns the matplotlib
``Axes`` and never calls ``plt.show()``. Matplotlib is imported inside the functions, so
``import partnerselect`` (and this package) does not import it. All plots share one
colour-blind-safe style (:func:`plot_style`, Okabe-Ito colours), label partners by name
(truncated beyond 28 characters) and grow with the number of partners.

The same functions are reachable from the results: ``ranking.plot()``,
``problem.plot.radar()``, ``comparison.plot()``, ``smaa.plot()`` ... (see
:mod:`partnerselect.plot.accessor`).

Examples
--------
>>> import pandas as pd, partnerselect as ps
>>> pb = ps.Problem.from_frame(pd.DataFrame({"q": [1.0, 3.0]}, index=["a", "b"]),
...                            objectives={"q": "max"})
>>> ax = ps.rank(pb, "wsm").plot()
>>> [t.get_text() for t in ax.get_yticklabels()]
['1. b', '2. a']
"""

from __future__ import annotations

from partnerselect.plot._style import OKABE_ITO, plot_style
from partnerselect.plot.compare import rank_correlation, rank_lines
from partnerselect.plot.evidence import evaluator_spread, forest, forest_grid
from partnerselect.plot.probability import acceptability, central_weights, rank_probability
from partnerselect.plot.profile import pareto_front, radar, value_for_money
from partnerselect.plot.promethee import gaia, gaia_plane, unicriterion_flows
from partnerselect.plot.ranking import contributions, ranking_bars
from partnerselect.plot.sensitivity import critical, stability, tornado, weight_sweep
from partnerselect.plot.weights import stated_vs_effective

__all__ = [
    "OKABE_ITO",
    "acceptability",
    "central_weights",
    "contributions",
    "critical",
    "evaluator_spread",
    "forest",
    "forest_grid",
    "gaia",
    "gaia_plane",
    "pareto_front",
    "plot_style",
    "radar",
    "rank_correlation",
    "rank_lines",
    "rank_probability",
    "ranking_bars",
    "stability",
    "stated_vs_effective",
    "tornado",
    "unicriterion_flows",
    "value_for_money",
    "weight_sweep",
]
