"""Every plot of the bundled sample, saved as PNG, without a single warning."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import pytest

import partnerselect as ps

from ._plot_helpers import no_warnings


def _gallery(ev: ps.Evaluation) -> dict[str, Callable[[], Any]]:
    s = ps.sensitivity
    pb, ranking = ev.problem, ev.ranking
    seed = ev.model.seed
    prices = ev.partners.set_index("partner_id")["day_rate_eur"].rename("day rate (EUR)")
    smaa = s.smaa(pb, "topsis", n_samples=2000, random_state=seed, progress=False)
    evaluators = ev.criteria.evaluators
    return {
        "ranking": lambda: ranking.plot(),
        "contributions": lambda: ranking.plot.contributions(),
        "radar": lambda: ranking.plot.radar(),
        "value_for_money": lambda: ranking.plot.value_for_money(prices, risk="attrition_rate"),
        "sweep": lambda: s.weight_sweep(pb, "topsis", grid=51).plot(),
        "tornado": lambda: s.tornado(pb, "topsis").plot(),
        "stability": lambda: s.stability_intervals(pb, "topsis").plot(),
        "critical": lambda: s.critical_weights(pb, "topsis").plot(),
        "acceptability": lambda: smaa.plot(),
        "central_weights": lambda: smaa.plot.central_weights(),
        "rank_probability": lambda: s.data_uncertainty(
            pb, "topsis", n_samples=200, random_state=seed
        ).plot(),
        "correlation": lambda: ps.compare(pb, ["topsis", "wsm", "vikor", "promethee2"]).plot(),
        "rank_lines": lambda: ps.compare(pb, ["topsis", "wsm", "vikor"]).plot.ranks(),
        "forest": lambda: ps.plot.forest(ev, "on_time_rate"),
        "evaluator_spread": lambda: ps.plot.evaluator_spread(
            evaluators, "communication", names=pb.names
        ),
        "gaia": lambda: ps.rank(pb, "promethee2", preference="linear", q=0.0, p=1.0).plot.gaia(),
    }


@pytest.mark.slow
def test_every_plot_of_the_sample_saves_cleanly(sample: ps.Evaluation, tmp_path: Path) -> None:
    import partnerselect.plot  # noqa: F401  (ps.plot is a sub-package, imported on demand)

    for name, draw in _gallery(sample).items():
        with no_warnings():
            ax = draw()
            path = tmp_path / f"{name}.png"
            ax.get_figure(root=True).savefig(path)
        assert path.stat().st_size > 10_000, name
        plt.close("all")
