"""CLI polish: --version, help on every argument, pdf on request."""

from __future__ import annotations

import argparse

import pytest

import partnerselect as ps
from partnerselect.cli import _parser, main


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
