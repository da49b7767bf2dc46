"""Bad inputs of the model schema, names, track-record dates and API edges
(cases in _schema_cases.py, documented in docs/bad-inputs.md), checked like the catalogue."""

from __future__ import annotations

import pytest

from tests.hardening._schema_cases import SCHEMA_CASES, doc_path, render_table
from tests.hardening.test_hardening_catalogue import test_bad_input as check_case


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in SCHEMA_CASES])
def test_schema_bad_input(case, tmp_path):
    check_case(case, tmp_path)


def test_ids_are_unique_across_both_catalogues():
    from tests.hardening._hardening_cases import CASES

    ids = [c.id for c in (*CASES, *SCHEMA_CASES)]
    assert len(ids) == len(set(ids))


def test_doc_lists_every_case():
    text = doc_path().read_text(encoding="utf-8")
    assert render_table() in text, (
        "docs/bad-inputs.md is out of date: run python -m tests.hardening._schema_cases"
    )
