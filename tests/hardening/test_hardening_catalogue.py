"""The bad-input catalogue (cases in _hardening_cases.py, documented in docs/bad-inputs.md).

Every case asserts the exact exception or warning class and that its message names the
place (``where``) and the fix (``fix``); accepted inputs assert the parsed value.
"""

from __future__ import annotations

import re
import warnings

import pytest

from partnerselect.errors import PartnerSelectError, PartnerSelectWarning

from ._hardening_cases import CASES, Accepted, Exit2, doc_path, render_table

PARAMS = [pytest.param(c, id=c.id, marks=[pytest.mark.slow] if c.slow else []) for c in CASES]


def _matches(case, message: str) -> None:
    assert case.where, f"{case.id}: an error case needs a place regex"
    assert case.fix, f"{case.id}: an error case needs a fix regex"
    assert re.search(case.where, message), f"place {case.where!r} not in: {message}"
    assert re.search(case.fix, message), f"fix {case.fix!r} not in: {message}"


@pytest.mark.parametrize("case", PARAMS)
def test_bad_input(case, tmp_path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if case.outcome is Accepted:
            result = case.run(tmp_path)
            stray = [w for w in caught if issubclass(w.category, PartnerSelectWarning)]
            assert not stray, [str(w.message) for w in stray]
            assert case.check is not None, f"{case.id}: an accepted input needs a check"
            case.check(result, tmp_path)
            return
        if case.outcome is Exit2:
            code, err = case.run(tmp_path)
            assert code == 2
            lines = err.strip().splitlines()
            assert len(lines) == 1, err
            assert re.match(r"partnerselect( \w+)?: error: ", lines[0]), lines[0]
            assert "Traceback" not in err
            _matches(case, lines[0])
            return
        if issubclass(case.outcome, Warning):
            case.run(tmp_path)
            found = [w for w in caught if w.category is case.outcome]
            assert found, f"no {case.outcome.__name__}; got {[w.category.__name__ for w in caught]}"
            _matches(case, "\n".join(str(w.message) for w in found))
            return
        with pytest.raises(PartnerSelectError) as info:
            case.run(tmp_path)
    assert type(info.value) is case.outcome, f"{type(info.value).__name__}: {info.value}"
    _matches(case, str(info.value))
    if case.check is not None:
        case.check(info.value, tmp_path)


def test_catalogue_size_and_ids():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 40
    areas = {c.area for c in CASES}
    assert {"partners", "track_records", "scores", "model", "weights", "method", "cli"} <= areas


def test_doc_lists_every_case():
    text = doc_path().read_text(encoding="utf-8")
    assert render_table() in text, (
        "docs/bad-inputs.md is out of date: run python tests/hardening/_hardening_cases.py"
    )
    for case in CASES:
        assert f"`{case.id}`" in text
