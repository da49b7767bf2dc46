"""CLI polish: --version, help on every argument, integer CSV ranks, the Excel decision matrix."""

from __future__ import annotations

import argparse
import warnings

import openpyxl
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.cli import _parser, main
from partnerselect.errors import PartnerSelectWarning


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"partnerselect {ps.__version__}"


def _subparsers(parser):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def test_every_argument_of_every_command_has_help():
    parser = _parser()
    commands = _subparsers(parser)
    assert {"demo", "rank", "report", "validate", "init", "debrief", "rerun"} <= set(commands)
    missing = []
    for name, sub in {"(top)": parser, **commands}.items():
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{name}: {action.dest}")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            missing += [f"{c.dest}: command help" for c in action._choices_actions if not c.help]
    assert missing == []


def test_pdf_is_offered_but_not_default():
    rank = _subparsers(_parser())["rank"]
    fmt = next(a for a in rank._actions if a.dest == "format")
    assert "pdf" in fmt.choices
    assert "pdf" not in fmt.help.split("(default: ")[1].split(";")[0]


@pytest.fixture(scope="module")
def ev():
    sample = ps.load_sample()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        return ps.evaluate(
            sample.paths["partners"],
            sample.paths["track_records"],
            sample.model_path,
            scores=sample.paths["scores"],
            analyses=False,
        )


def test_csv_ranks_are_integers(ev, tmp_path):
    path = ev.report(tmp_path / "r.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    ranks = [line.split(",")[3] for line in lines[1:]]
    assert ranks[: len(ev.ranking.ranks)] == [str(r) for r in sorted(ev.ranking.ranks)]
    assert all(r == "" for r in ranks[len(ev.ranking.ranks) :])  # excluded: blank, not NaN


def test_excel_decision_matrix_in_units(ev, tmp_path):
    sample = ps.load_sample()
    rates = pd.read_csv(sample.paths["partners"]).set_index("partner_id")["day_rate_eur"]
    wb = openpyxl.load_workbook(ev.report(tmp_path / "r.xlsx"))
    ws = wb["Decision matrix"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["partner_id", "rank", "name"]
    assert "day_rate_eur (EUR)" in header
    assert "timezone_overlap_h (h)" in header
    col = header.index("day_rate_eur (EUR)")
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(ev.ranking.ranks)
    for row in rows:
        assert row[col].value == rates[row[0].value]  # the price itself, not price points
        assert "EUR" in row[col].number_format
    assert [r[1].value for r in rows] == sorted(ev.ranking.ranks)
