"""`rerun` on edited and malformed audit records: never "Reproduced", one-line errors."""

from __future__ import annotations

import json
import shutil
import time
import warnings
from pathlib import Path

import pytest

import partnerselect as ps
from partnerselect.cli import main
from partnerselect.errors import FileFormatError, PartnerSelectWarning
from partnerselect.report.audit import record_digest, write_audit
from partnerselect.report.rerun import MAX_DEPTH, rerun


def _evaluate(folder: Path, model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        return ps.evaluate(
            folder / "partners.csv",
            folder / "track_records.csv",
            model,
            scores=folder / "evaluator_scores.csv",
            analyses=False,
        )


@pytest.fixture(scope="module")
def recorded(sample, tmp_path_factory):
    """The sample copied with its model file, evaluated without analyses, and its record."""
    folder = tmp_path_factory.mktemp("tender")
    for key in ("partners", "track_records", "scores"):
        shutil.copy(sample.paths[key], folder)
    shutil.copy(sample.model_path, folder / "model.toml")
    ev = _evaluate(folder, folder / "model.toml")
    audit = write_audit(ev, folder / "audit.json")
    return folder, json.loads(audit.read_text(encoding="utf-8"))


def _write(tmp_path: Path, record, *, rehash: bool) -> Path:
    if rehash:
        record["record_sha256"] = record_digest(record)
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def _copy(recorded):
    folder, record = recorded
    return folder, json.loads(json.dumps(record))


def test_untouched_record_reproduces(recorded, tmp_path):
    folder, record = _copy(recorded)
    ok, message = rerun(_write(folder, record, rehash=False))
    assert ok, message


@pytest.mark.parametrize("rehash", [False, True], ids=["plain-edit", "rehashed"])
def test_edited_weights_in_the_recorded_model(recorded, rehash):
    folder, record = _copy(recorded)
    criteria = record["model"]["criteria"]
    first = next(c for c in criteria if "weight" in c) if isinstance(criteria, list) else None
    if first is None:
        pytest.skip("the sample model has no per-criterion weights to edit")
    first["weight"] = float(first["weight"]) * 3
    ok, message = rerun(_write(folder, record, rehash=rehash))
    assert not ok
    assert "model" in message


def test_removed_gate_in_the_recorded_model(recorded):
    folder, record = _copy(recorded)
    assert record["model"].get("gates"), "the sample has gates"
    record["model"]["gates"] = record["model"]["gates"][1:]
    ok, message = rerun(_write(folder, record, rehash=True))
    assert not ok
    assert "gates" in message


def test_consistent_forgery_is_caught_by_the_model_file(recorded):
    """A record produced by ANOTHER model (results consistent, hash valid) but pointing at
    the real model file is not 'Reproduced'."""
    folder, record = _copy(recorded)
    edited = json.loads(json.dumps(record["model"]))
    edited["gates"] = []
    forged_ev = _evaluate(folder, edited)
    forged = json.loads(write_audit(forged_ev, folder / "forged.json").read_text("utf-8"))
    forged["inputs"]["model"] = record["inputs"]["model"]
    forged["model_source"] = record["model_source"]
    ok, message = rerun(_write(folder, forged, rehash=True))
    assert not ok
    assert "differs from the model file" in message


def test_edited_results_with_a_valid_hash(recorded):
    folder, record = _copy(recorded)
    record["results"]["weights"][0]["global_weight"] = 0.5
    ok, message = rerun(_write(folder, record, rehash=True))
    assert not ok
    assert "weights differ" in message


def test_edited_record_without_rehash_says_so(recorded):
    folder, record = _copy(recorded)
    record["seed"] = 12345
    ok, message = rerun(_write(folder, record, rehash=False))
    assert not ok
    assert "edited after it was written" in message


def _nested(depth: int):
    value: object = 1
    for _ in range(depth):
        value = {"x": value}
    return value


MALFORMED = {
    "missing-results": lambda r: r.pop("results"),
    "missing-inputs": lambda r: r.pop("inputs"),
    "missing-versions": lambda r: r.pop("versions"),
    "model-is-a-string": lambda r: r.__setitem__("model", "weights = all mine"),
    "ranking-not-a-list": lambda r: r["results"].__setitem__("ranking", {"P01": 1}),
    "rank-is-a-string": lambda r: r["results"]["ranking"][0].__setitem__("rank", "first"),
    "score-is-a-string": lambda r: r["results"]["ranking"][0].__setitem__("score", "0.9"),
    "versions-wrong-type": lambda r: r.__setitem__("versions", ["1.0"]),
    "analyses-not-bool": lambda r: r["parameters"].__setitem__("analyses", "yes"),
    "input-table-records-wrong": lambda r: r["inputs"]["partners"]["table"].__setitem__(
        "records", "x"
    ),
    "deep-nesting": lambda r: r["model"].__setitem__("deep", _nested(MAX_DEPTH + 5)),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_record_is_one_line_error(recorded, tmp_path, case, capsys):
    _folder, record = _copy(recorded)
    MALFORMED[case](record)
    path = _write(tmp_path, record, rehash=False)
    start = time.perf_counter()
    with pytest.raises(FileFormatError):
        rerun(path)
    assert time.perf_counter() - start < 1.0
    assert main(["rerun", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("partnerselect: error: ")
    assert err.count("\n") == 1


def test_json_nested_beyond_the_parser(tmp_path, capsys):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(FileFormatError):
        rerun(path)
    assert main(["rerun", str(path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_directory_instead_of_record(tmp_path, capsys):
    with pytest.raises(FileFormatError, match="folder"):
        rerun(tmp_path)
    assert main(["rerun", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def _moved(recorded, tmp_path):
    """The tender copied elsewhere, the record pointing at the copies (paths may move)."""
    folder, record = _copy(recorded)
    moved = tmp_path / "tender"
    shutil.copytree(folder, moved)
    for entry in record["inputs"].values():
        if entry.get("path"):
            entry["path"] = str(moved / Path(entry["path"]).name)
    return moved, record


def test_model_file_changed_in_form_only(recorded, tmp_path):
    moved, record = _moved(recorded, tmp_path)
    with (moved / "model.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n# a comment added after the run\n")
    ok, message = rerun(_write(moved, record, rehash=False))
    assert ok, message
    assert "reads as the same model" in message


def test_model_file_with_another_gate(recorded, tmp_path):
    moved, record = _moved(recorded, tmp_path)
    text = (moved / "model.toml").read_text(encoding="utf-8")
    (moved / "model.toml").write_text(
        text.replace("[[gates]]", '[[gates]]\nrule = "true"\nreason = "added"\n\n[[gates]]', 1),
        encoding="utf-8",
    )
    ok, message = rerun(_write(moved, record, rehash=False))
    assert not ok
    assert "the model file changed" in message
