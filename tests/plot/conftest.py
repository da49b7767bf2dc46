"""Headless plotting fixtures: the Agg backend, problems of 1, 25 and 60 partners with
awkward names, and the bundled sample evaluation."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

import partnerselect as ps

from ._plot_helpers import make_problem


@pytest.fixture(params=[1, 25, 60], ids=["m1", "m25", "m60"])
def problem(request: pytest.FixtureRequest) -> ps.Problem:
    return make_problem(request.param)


@pytest.fixture(params=[25, 60], ids=["m25", "m60"])
def big_problem(request: pytest.FixtureRequest) -> ps.Problem:
    return make_problem(request.param)


@pytest.fixture(scope="session")
def sample() -> ps.Evaluation:
    """The bundled sample evaluated with its model (warnings of the pipeline are not under
    test here)."""
    data = ps.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ps.evaluate(
            data.partners, data.track_records, data.model_path, scores=data.scores, analyses=False
        )


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    plt.close("all")  # figures left open elsewhere (doctests) would trip matplotlib's limit
    yield
    plt.close("all")
