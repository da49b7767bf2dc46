"""The command line never shows a traceback for a user problem, and prints nothing raw."""

from __future__ import annotations

import csv
import os
import re
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

import partnerselect as ps
import partnerselect.cli as cli
from partnerselect.cli import main

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def tender(tmp_path_factory):
    sample = ps.load_sample()
    folder = tmp_path_factory.mktemp("tender")
    for key in ("partners", "track_records", "scores"):
        shutil.copy(sample.paths[key], folder)
    shutil.copy(sample.model_path, folder / "model.toml")
    return folder


def _rank(folder: Path, out: Path | str, partners: Path | None = None) -> list[str]:
    return [
        "rank",
        "--partners",
        str(partners or folder / "partners.csv"),
        "--records",
        str(folder / "track_records.csv"),
        "--scores",
        str(folder / "evaluator_scores.csv"),
        "--model",
        str(folder / "model.toml"),
        "--out",
        str(out),
        "--format",
        "csv",
    ]


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("partnerselect: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_output_folder_is_a_file(tender, tmp_path, capsys):
    existing = tmp_path / "report.txt"
    existing.write_text("x", encoding="utf-8")
    assert main(_rank(tender, existing)) == 2
    assert "is a file" in _one_line_error(capsys)
    assert main(_rank(tender, existing / "sub")) == 2
    assert "is a file" in _one_line_error(capsys)


def test_folder_given_as_input_file(tender, tmp_path, capsys):
    assert main(_rank(tender, tmp_path / "out", partners=tmp_path)) == 2
    _one_line_error(capsys)


def test_missing_input(tender, tmp_path, capsys):
    assert main(_rank(tender, tmp_path / "out", partners=tmp_path / "nope.csv")) == 2
    _one_line_error(capsys)


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="root ignores permissions")
def test_unreadable_input(tender, tmp_path, capsys):
    locked = tmp_path / "partners.csv"
    shutil.copy(tender / "partners.csv", locked)
    locked.chmod(0)
    try:
        assert main(_rank(tender, tmp_path / "out", partners=locked)) == 2
        _one_line_error(capsys)
    finally:
        locked.chmod(0o644)


@pytest.mark.skipif(IS_ROOT or sys.platform == "win32", reason="root ignores permissions")
def test_read_only_output_folder(tender, tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert main(_rank(tender, ro)) == 2
        assert "not writable" in _one_line_error(capsys)
    finally:
        ro.chmod(0o755)


def test_write_failure_is_a_user_error(tender, tmp_path, capsys, monkeypatch):
    """A file-system refusal while writing (read-only folder, disk full) is one line, exit 2."""

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out"))

    import partnerselect.pipeline

    monkeypatch.setattr(partnerselect.pipeline, "evaluate", refuse)
    assert main(_rank(tender, tmp_path / "out")) == 2
    assert "permission denied" in _one_line_error(capsys)


def test_internal_error_is_a_bug_report(capsys, monkeypatch):
    def crash(_args):
        return 1 / 0

    monkeypatch.setattr(cli, "cmd_init", crash)
    assert main(["init"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "bug" in err
    assert "ZeroDivisionError" in err
    where = re.search(r"written to (\S+)$", err.strip())
    assert where, err
    saved = Path(where.group(1))
    assert "Traceback" in saved.read_text(encoding="utf-8")
    saved.unlink()


def test_ansi_in_a_partner_name_never_reaches_the_terminal(tender, tmp_path, capsys):
    partners = pd.read_csv(tender / "partners.csv", dtype=str, keep_default_na=False)
    partners.loc[0, "name"] = "Evil\x1b[2J\x1b[1;1HCo\rOverwritten\x07"
    hostile = tmp_path / "partners.csv"
    partners.to_csv(hostile, index=False, quoting=csv.QUOTE_ALL)
    code = main(_rank(tender, tmp_path / "out", partners=hostile))
    captured = capsys.readouterr()
    for text in (captured.out, captured.err):
        assert "\x1b" not in text
        assert "\r" not in text
        assert "\x07" not in text
    assert code == 0, captured.err
    assert "Evil\ufffd[2J" in captured.out
    assert captured.err == ""  # no progress bar when stderr is not a terminal


def test_progress_on_a_terminal_only(tmp_path, capsys, monkeypatch):
    from tests.report._synthetic import synthetic_evaluation

    ev = synthetic_evaluation()
    monkeypatch.setattr(cli, "_isatty", lambda _stream: True)
    progress = cli._Progress(2)
    cli._write_reports(ev, tmp_path / "tty", ["md", "csv"], progress)
    progress.close()
    err = capsys.readouterr().err
    assert "drawing" in err
    assert "writing md report" in err
    monkeypatch.setattr(cli, "_isatty", lambda _stream: False)
    progress = cli._Progress(2)
    cli._write_reports(ev, tmp_path / "pipe", ["md", "csv"], progress)
    progress.close()
    assert capsys.readouterr().err == ""


def test_argument_errors_are_cleaned(capsys):
    with pytest.raises(SystemExit) as info:
        main(["demo", "--format", "x\x1b[2Jy"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.count("\n") == 1
