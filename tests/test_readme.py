"""The README's Python example runs as written."""

import re
import warnings
from pathlib import Path

import matplotlib

from partnerselect.errors import PartnerSelectWarning

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example_runs(tmp_path, monkeypatch):
    matplotlib.use("Agg")
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README lost its Python example"
    monkeypatch.chdir(tmp_path)  # the example writes tender.html into the working directory
    namespace: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        for block in blocks:
            exec(compile(block, str(README), "exec"), namespace)  # our own README, not user data
    assert (tmp_path / "tender.html").stat().st_size > 10_000
    assert namespace["ev"].ranking.method == "wsm"
