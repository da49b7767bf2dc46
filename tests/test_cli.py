"""The partnerselect command."""

import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest

from partnerselect.cli import main

COMMANDS = ["demo", "rank", "report", "validate", "init", "rerun"]


@pytest.mark.parametrize("command", [*COMMANDS, None])
def test_help(command, capsys):
    argv = ["--help"] if command is None else [command, "--help"]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    assert "usage: partnerselect" in capsys.readouterr().out


def test_demo_prints_ranking_exclusions_and_reports(tmp_path, capsys):
    # csv and json: no plots to draw (the report plots are tested in tests/report)
    assert main(["demo", "--out", str(tmp_path), "--format", "json", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "Ranked partners" in out
    assert "Excluded partners" in out
    assert "ISO/IEC 27001" in out
    assert "Robustness verdict" in out
    # the sample's group weights come from AHP judgments; the demo shows their consistency
    assert "groups weighted by ahp" in out
    assert f"CR = {_sample_group_cr():.3f}" in out
    assert (tmp_path / "partnerselect-report.json").exists()
    assert str(tmp_path / "partnerselect-report.csv") in out


def _sample_group_cr() -> float:
    """Saaty's CR of the sample model's group judgments, computed here with numpy alone."""
    raw = tomllib.loads((Path(__file__).parents[1] / "data" / "model.toml").read_text("utf-8"))
    names = raw["weighting"]["criteria"]
    a = np.ones((len(names), len(names)))
    for pair, value in raw["weighting"]["judgments"].items():
        i, j = (names.index(x) for x in pair.split("/"))
        a[i, j], a[j, i] = value, 1 / value
    lam = max(np.linalg.eigvals(a).real)
    return (lam - len(names)) / (len(names) - 1) / 1.12  # Saaty's RI for n = 5


def test_user_error_is_one_line_and_exit_2(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "partnerselect.cli",
            "rank",
            "--partners",
            str(tmp_path / "nope.csv"),
            "--model",
            str(tmp_path / "nope.toml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("partnerselect: error:")
    assert "Traceback" not in proc.stderr


def test_init_writes_template(tmp_path, capsys):
    target = tmp_path / "m.toml"
    assert main(["init", str(target)]) == 0
    assert target.exists()
    assert main(["init", str(target)]) == 2  # refuses to overwrite, one line
    assert "already exists" in capsys.readouterr().err


def test_validate_lists_every_problem(tmp_path, capsys):
    partners = tmp_path / "p.csv"
    partners.write_text(
        "partner_id,name,day_rate_eur\nA,Alpha,900\nB,Beta,1000\n", encoding="utf-8"
    )
    model = tmp_path / "m.toml"
    model.write_text(
        '[[gates]]\nrule = "iso27001 == true"\n\n'
        '[[criteria]]\nname = "day_rate_eur"\nobjective = "min"\n\n'
        '[[criteria]]\nname = "csat"\nsource = "track_record"\n\n'
        '[[criteria]]\nname = "headcount"\n',
        encoding="utf-8",
    )
    code = main(["validate", "--partners", str(partners), "--model", str(model)])
    out = capsys.readouterr().out
    assert code == 2  # a user problem; validate never exits 1
    assert "iso27001" in out  # gate column absent
    assert "headcount" in out  # criterion column absent
    assert "no track records were given" in out
    assert out.count("\n  - ") >= 3
