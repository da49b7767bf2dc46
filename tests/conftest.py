"""Fixtures shared by the whole suite: the bundled sample, read once and evaluated once.

The sample evaluation is the most expensive object the tests use (every robustness analysis
runs); building it once per session, and the report plots being drawn once per evaluation,
keeps the suite fast. Treat it as read-only.

Long tests are marked ``slow`` and deselected by default (``addopts`` in pyproject.toml);
run them with ``python -m pytest -m slow`` (or everything with ``-m "slow or not slow"``).

Hypothesis explores new examples on every local run; with ``CI`` set (as ``.ci/run`` is run)
the ``ci`` profile derandomises it, so a CI run replays exactly the examples a local
``CI=true`` run checked, and a failure there is reproducible.
"""

from __future__ import annotations

import os
import warnings

import pytest
from hypothesis import settings

import partnerselect as ps
from partnerselect.errors import PartnerSelectWarning

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def sample():
    """The bundled sample tender (``ps.load_sample()``)."""
    return ps.load_sample()


@pytest.fixture(scope="session")
def sample_eval(sample):
    """The sample evaluated with its model and every analysis (pipeline warnings silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        return ps.evaluate(
            sample.paths["partners"],
            sample.paths["track_records"],
            sample.model_path,
            scores=sample.paths["scores"],
        )
