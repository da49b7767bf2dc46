"""Long CLI steps show a progress bar on a terminal, and nothing when stderr is not one."""

from __future__ import annotations

import pytest

import partnerselect as ps
import partnerselect.cli as cli
import partnerselect.pipeline as pipeline
from partnerselect.cli import main
from tests.report._synthetic import synthetic_evaluation


@pytest.fixture(scope="module")
def evaluation():
    return synthetic_evaluation()


@pytest.fixture
def fast_evaluate(monkeypatch, evaluation):
    """``evaluate`` returns the prepared evaluation: the test is about the terminal."""
    monkeypatch.setattr(pipeline, "evaluate", lambda *_a, **_k: evaluation)


def _debrief(tmp_path, out: str) -> list[str]:
    fake = str(tmp_path / "unused.csv")  # never read: evaluate is replaced
    return ["debrief", "--partners", fake, "--model", fake, "--out", str(tmp_path / out)]


@pytest.mark.parametrize("tty", [True, False])
def test_debrief_progress_only_on_a_terminal(tmp_path, capsys, monkeypatch, fast_evaluate, tty):
    monkeypatch.setattr(cli, "_isatty", lambda _stream: tty)
    assert main([*_debrief(tmp_path, "notes"), "--partner", "P1", "--partner", "P2"]) == 0
    captured = capsys.readouterr()
    assert "2 debrief(s) written" in captured.out
    if tty:
        assert "evaluating" in captured.err
        assert "writing debrief 2/2" in captured.err
        assert "P1" not in captured.err  # partner ids are vendor data: never in the bar
    else:
        assert captured.err == ""


@pytest.mark.parametrize("tty", [True, False])
def test_validate_progress_only_on_a_terminal(capsys, monkeypatch, tty):
    sample = ps.load_sample()
    monkeypatch.setattr(cli, "_isatty", lambda _stream: tty)
    args = ["validate", "--partners", str(sample.paths["partners"])]
    args += ["--records", str(sample.paths["track_records"]), "--model", str(sample.model_path)]
    assert main(args) in (0, 2)
    err = capsys.readouterr().err
    assert ("validating" in err) if tty else (err == "")


def test_reports_without_plots_are_written_first_and_listed_in_order(
    tmp_path, monkeypatch, evaluation
):
    from partnerselect.report import plots

    seen: list[str] = []
    original = type(evaluation).report

    def report(self, path, **kw):
        seen.append(path.suffix)
        if path.suffix == ".md":  # the plots were started before any report was written
            assert id(self) in plots._PENDING or id(self) in plots._CACHE
        return original(self, path, **kw)

    monkeypatch.setattr(type(evaluation), "report", report)
    paths = cli._write_reports(evaluation, tmp_path, ["md", "csv"])
    assert seen == [".csv", ".md"]
    assert [p.suffix for p in paths] == [".md", ".csv"]
