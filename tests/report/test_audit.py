"""JSON audit record: deterministic, complete, and `rerun` reproduces it bit for bit."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from partnerselect.errors import FileFormatError, ParameterError
from partnerselect.report.audit import dumps, frame_from_json, frame_json, plain, write_audit
from partnerselect.report.rerun import rerun

from .conftest import quiet_evaluate


@pytest.fixture(scope="module")
def light(sample, tmp_path_factory):
    """The sample tender copied to a temporary folder, with a lighter robustness section."""
    folder = tmp_path_factory.mktemp("tender")
    paths = {
        k: shutil.copy(sample.paths[k], folder) for k in ("partners", "track_records", "scores")
    }
    model = copy.deepcopy(dict(quiet_evaluate_model(sample)))
    model["sensitivity"] = {**model.get("sensitivity", {}), "smaa_samples": 400, "data_samples": 20}
    ev = quiet_evaluate(paths["partners"], paths["track_records"], model, scores=paths["scores"])
    return folder, paths, model, ev


def quiet_evaluate_model(sample):
    from partnerselect.model import read_model

    return read_model(sample.model_path).raw


def test_plain_values():
    assert plain({"x": np.float64(0.1), "n": np.int64(3), "b": np.True_}) == {
        "x": 0.1,
        "n": 3,
        "b": True,
    }
    assert plain([float("nan"), float("inf"), pd.NaT, None]) == [None, None, None, None]
    assert plain({1: pd.Timestamp("2026-01-02 03:04")}) == {"1": "2026-01-02T03:04:00"}


def test_floats_round_trip_exactly():
    values = [0.1 + 0.2, 1 / 3, 2.0**-1074, 1e308, -0.0]
    back = json.loads(dumps({"v": values}))["v"]
    assert [v.hex() for v in back] == [v.hex() for v in values]


def test_frame_json_round_trip():
    df = pd.DataFrame(
        {
            "partner_id": ["A", "B"],
            "rate": [800.5, np.nan],
            "n": [1, 2],
            "ok": [True, False],
            "start": pd.to_datetime(["2024-01-31", None]),
        }
    )
    table = json.loads(dumps({"t": frame_json(df)}))["t"]
    back = frame_from_json(table)
    pd.testing.assert_frame_equal(back, df)
    assert re.fullmatch(r"[0-9a-f]{64}", table["sha256"])


def test_record_contents(light):
    _folder, _paths, _model, ev = light
    record = json.loads(dumps_record(ev))
    assert record["format"] == "partnerselect-audit"
    assert record["seed"] == ev.model.seed
    assert set(record["versions"]) == {"partnerselect", "python", "numpy", "pandas", "scipy"}
    assert record["model"]["tender"]["name"] == ev.model.name
    assert record["parameters"]["method"] == ev.ranking.method
    for key in ("partners", "track_records", "evaluator_scores"):
        entry = record["inputs"][key]
        assert entry["sha256"] == ev.inputs[key]["sha256"]
        assert len(entry["table"]["records"]) == entry["rows"]
    res = record["results"]
    assert [r["partner_id"] for r in res["ranking"]] == list(ev.ranking.to_frame().index)
    assert all(r["score"] == ev.ranking.scores[r["partner_id"]] for r in res["ranking"])
    assert len(res["exclusions"]) == len(ev.excluded)
    assert res["verdict"]["label"] == ev.verdict.label
    rows = res["smaa_acceptability"].values()
    assert all(sum(r.values()) == pytest.approx(1.0) for r in rows)


def dumps_record(ev):
    from partnerselect.report.audit import audit_record

    return dumps(audit_record(ev))


def test_same_inputs_and_seed_give_identical_bytes(light, tmp_path):
    _folder, paths, model, ev = light
    again = quiet_evaluate(paths["partners"], paths["track_records"], model, scores=paths["scores"])
    a = write_audit(ev, tmp_path / "a.json").read_text(encoding="utf-8")
    b = write_audit(again, tmp_path / "b.json").read_text(encoding="utf-8")
    strip = lambda s: re.sub(r'"created": "[^"]*"', '"created": ""', s)  # noqa: E731
    assert strip(a) == strip(b)


def test_rerun_reproduces(light, tmp_path):
    _folder, paths, _model, ev = light
    audit = write_audit(ev, tmp_path / "audit.json")
    ok, message = rerun(audit)
    n_partners = len(pd.read_csv(paths["partners"], dtype=str))
    n_excluded = ev.excluded["partner_id"].nunique()
    assert ok, message
    assert message.startswith(
        f"Reproduced: {n_partners} partners, {len(ev.ranking.scores)} scores, {n_excluded} exclusions identical."
    )


def test_rerun_from_embedded_tables(light, tmp_path):
    _folder, _paths, _model, ev = light
    record = json.loads(dumps_record(ev))
    for entry in record["inputs"].values():
        entry["path"] = str(tmp_path / "gone" / "missing.csv")
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps(record), encoding="utf-8")
    ok, message = rerun(audit)
    assert ok, message
    assert "embedded" in message


def test_tampered_input_file_is_reported(light, tmp_path):
    _folder, paths, model, _ev = light
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    moved = {k: Path(shutil.copy(p, copy_dir)) for k, p in paths.items()}
    ev2 = quiet_evaluate(
        moved["partners"], moved["track_records"], model, scores=moved["scores"], analyses=False
    )
    audit = write_audit(ev2, tmp_path / "audit.json")
    text = moved["partners"].read_text(encoding="utf-8")
    moved["partners"].write_text(text.replace("\n", "\n ", 1), encoding="utf-8")
    ok, message = rerun(audit)
    assert not ok
    assert "SHA-256" in message
    assert "partners" in message
    assert "changed" in message
    ok_embedded, message_embedded = rerun(audit, source="embedded")
    assert ok_embedded, message_embedded


def test_edited_results_are_listed(light, tmp_path):
    _folder, _paths, _model, ev = light
    record = json.loads(dumps_record(ev))
    first = record["results"]["ranking"][0]
    first["score"] = float(np.nextafter(first["score"], 2.0))  # one ulp away
    record["results"]["exclusions"] = record["results"]["exclusions"][1:]
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps(record), encoding="utf-8")
    ok, message = rerun(audit)
    assert not ok
    assert f"score of {first['partner_id']}" in message
    assert "exclusion now only" in message
    # one ulp is reported for what it is: rounding, not a different decision
    assert "Largest relative score difference" in message
    assert "floating-point rounding" in message


def test_large_score_change_is_not_called_rounding(light, tmp_path):
    _folder, _paths, _model, ev = light
    record = json.loads(dumps_record(ev))
    record["results"]["ranking"][0]["score"] *= 1.5
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps(record), encoding="utf-8")
    ok, message = rerun(audit)
    assert not ok
    assert "Largest relative score difference: 0.33" in message  # 1 - 1/1.5
    assert "rounding" not in message


def test_edited_embedded_table_is_detected(light, tmp_path):
    _folder, _paths, _model, ev = light
    record = json.loads(dumps_record(ev))
    record["inputs"]["partners"]["table"]["records"][0]["name"] = "Someone else"
    audit = tmp_path / "audit.json"
    audit.write_text(json.dumps(record), encoding="utf-8")
    ok, message = rerun(audit, source="embedded")
    assert not ok
    assert "embedded" in message
    assert "edited" in message


def test_not_an_audit_record(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(FileFormatError, match="not a partnerselect audit record"):
        rerun(bad)
    bad.write_text("{nope", encoding="utf-8")
    with pytest.raises(FileFormatError, match="not valid JSON"):
        rerun(bad)
    with pytest.raises(ParameterError, match="'source' parameter"):
        rerun(bad, source="web")


@pytest.mark.slow
def test_demo_audit_reproduces_every_score(sample_eval, tmp_path):
    audit = sample_eval.report(tmp_path / "demo.json")
    ok, message = rerun(audit)
    assert ok, message
    assert f"{len(sample_eval.ranking.scores)} scores" in message


def test_cli_rerun(light, tmp_path, capsys):
    from partnerselect.cli import main

    _folder, _paths, _model, ev = light
    audit = write_audit(ev, tmp_path / "audit.json")
    assert main(["rerun", str(audit)]) == 0
    assert capsys.readouterr().out.startswith("Reproduced:")
