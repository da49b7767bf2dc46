"""The SMAA-2 page's example runs as written, and the figures its comments quote are the
ones it gives (read from the page, so the page and the code cannot drift apart)."""

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "smaa.md"


def test_smaa_page_example_runs_and_says_what_it_gives() -> None:
    text = PAGE.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    namespace: dict = {}
    exec(compile(blocks[0], str(PAGE), "exec"), namespace)  # our own docs, not user data
    res = namespace["res"]
    first = re.search(r"# (P\d+) first in (\d+) % of the draws", blocks[0])
    assert first is not None
    assert round(100 * float(res.acceptability.loc[first[1], 1])) == int(first[2])
    quoted = re.findall(r"(P\d+) (0\.\d\d)", blocks[0].split("res.confidence", 1)[1])
    assert len(quoted) == 3
    for pid, value in quoted:
        assert round(float(res.confidence[pid]), 2) == float(value)
