"""ps.explore: weight sliders in Jupyter re-rank with the library's own kernels."""

from __future__ import annotations

import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError, PartnerSelectWarning

pytest.importorskip("ipywidgets")


@pytest.fixture(scope="module")
def evaluation():
    s = ps.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        return ps.evaluate(
            s.partners, s.track_records, s.model_path, scores=s.scores, analyses=False
        )


def test_explorer_starts_at_the_stated_weights(evaluation) -> None:
    ex = ps.explore(evaluation, plot=False)
    assert ex.method == evaluation.ranking.method
    assert ex.params == dict(evaluation.ranking.params)
    assert ex.ranking.ranks.equals(evaluation.ranking.ranks)
    assert sum(ex.values().values()) == pytest.approx(100.0)
    assert set(ex.group_sliders) == set(evaluation.weights["group"])


def test_moving_sliders_reranks_like_rank(evaluation) -> None:
    ex = ps.explore(evaluation, plot=False)
    rng = np.random.default_rng(4)
    for _ in range(3):
        values = {
            c: float(v)
            for c, v in zip(ex.sliders, rng.uniform(0, 100, len(ex.sliders)), strict=True)
        }
        ex.set_weights(values)
        want = ps.rank(evaluation.problem.replace(weights=ex.values()), ex.method, **ex.params)
        assert ex.ranking.ranks.equals(want.ranks)
        # the table shows the partners in that order
        positions = [ex.table.value.index(f">{p}<") for p in want.to_frame().index]
        assert positions == sorted(positions)
    ex.reset()
    assert ex.ranking.ranks.equals(evaluation.ranking.ranks)


def test_one_slider_move_from_the_widget_triggers_a_rerank(evaluation) -> None:
    ex = ps.explore(evaluation, plot=False)
    ex.sliders["day_rate_eur"].value = 100.0  # as a user drag would
    want = ps.rank(evaluation.problem.replace(weights=ex.values()), ex.method, **ex.params)
    assert ex.ranking.ranks.equals(want.ranks)
    assert "day_rate_eur = " in ex.weights_text.value


def test_group_slider_scales_its_criteria(evaluation) -> None:
    ex = ps.explore(evaluation, plot=False)
    before = ex.values()
    ex.group_sliders["delivery"].value = 60.0
    after = ex.values()
    members = [c for c, g in ex.groups.items() if g == "delivery"]
    assert sum(after[c] for c in members) == pytest.approx(60.0)
    assert all(after[c] == before[c] for c in after if c not in members)
    ratios = {after[c] / before[c] for c in members if before[c] > 0}
    assert max(ratios) == pytest.approx(min(ratios))


def test_all_zero_weights_keep_the_last_ranking(evaluation) -> None:
    ex = ps.explore(evaluation, plot=False)
    before = ex.ranking
    ex.set_weights(dict.fromkeys(ex.sliders, 0.0))
    assert ex.ranking is before
    assert "All weights are zero" in ex.status.value


def test_plot_redraws_into_the_output(evaluation) -> None:
    ex = ps.explore(evaluation)
    first = bytes(ex.image.value)
    assert first.startswith(b"\x89PNG")
    ex.set_weights({"day_rate_eur": 100.0, "quality": 80.0})
    assert bytes(ex.image.value).startswith(b"\x89PNG")
    assert bytes(ex.image.value) != first  # redrawn for the new ranking


def test_bad_inputs_are_parameter_errors(evaluation) -> None:
    ex = ps.explore(evaluation.problem, "wsm", plot=False)
    with pytest.raises(ParameterError, match="Unknown criterion 'qualty'"):
        ex.set_weights({"qualty": 10})
    with pytest.raises(ParameterError, match=r"must be in \[0, 100\]"):
        ex.set_weights({"quality": 150})
    with pytest.raises(ParameterError, match="takes a Problem or an Evaluation"):
        ps.explore("model.toml")


def test_missing_ipywidgets_says_how_to_install(monkeypatch, evaluation) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError, match=r"partnerselect\[notebook\]"):
        ps.explore(evaluation, plot=False)
