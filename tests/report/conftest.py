"""Fixtures for the report tests: a hand-built evaluation with hostile names, the bundled
sample evaluated once per session, and a headless Chromium runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import warnings
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import partnerselect as ps
from partnerselect.errors import PartnerSelectWarning

from ._synthetic import synthetic_evaluation

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


def quiet_evaluate(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        return ps.evaluate(*args, **kwargs)


@pytest.fixture
def synthetic():
    return synthetic_evaluation()


# `sample` and `sample_eval` come from tests/conftest.py (built once per session).


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium():
    """Path of a headless-capable Chromium; fails in CI when absent, skips locally."""
    exe = find_chromium()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(
                "Chromium is required for the browser tests in CI (install the 'chromium' package)."
            )
        pytest.skip("Chromium is not installed")
    return exe


def run_chromium(exe: str, page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run headless Chromium on a local file; returns stdout (e.g. the DOM) and stderr (logs)."""
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    cmd = [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


@pytest.fixture(scope="session")
def sample_html(sample_eval, tmp_path_factory):
    """The sample's HTML report, rendered once (every plot must draw: strict_plots)."""
    return sample_eval.report(tmp_path_factory.mktemp("html") / "sample.html", strict_plots=True)
