"""``partnerselect rerun``: re-run an audit record and check every number, bit for bit.

Inputs come from the recorded files when they exist and their SHA-256 matches, otherwise
from the tables embedded in the record; the recorded model is always used, and compared
with the model file when that file exists (hash, then parsed content: a record whose model,
gates or weights were edited is not reproduced). The record's own SHA-256
(``record_sha256``) must match its content. Scores are compared by their float bits; ranks,
exclusions, weights, SMAA acceptability, the verdict and every other recorded result
exactly.

A malformed record (not JSON, too deeply nested, a required key missing or of the wrong
type, a folder instead of a file) raises :class:`~partnerselect.errors.FileFormatError`
with a one-line message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from partnerselect.errors import FileFormatError
from partnerselect.io import file_sha256
from partnerselect.report.audit import (
    _INPUTS,
    FORMAT,
    _digest,
    _results,
    _versions,
    dumps,
    frame_from_json,
    plain,
    record_digest,
)

#: Deepest nesting accepted in an audit record (a real one is about 6 levels deep).
MAX_DEPTH = 64

__all__ = ["rerun"]


def _locate(recorded: str | None, base: Path) -> Path | None:
    if not recorded:
        return None
    p = Path(recorded)
    for candidate in (p, base / p, base / p.name):
        if candidate.is_file():
            return candidate
    return None


def _load_inputs(
    record: Mapping[str, Any], base: Path, source: str
) -> tuple[dict[str, Any], list[str], list[str]]:
    """Inputs for ``evaluate`` by argument name, problems found, and notes."""
    args: dict[str, Any] = {}
    problems: list[str] = []
    notes: list[str] = []
    for key, entry in record["inputs"].items():
        found = _locate(entry.get("path"), base) if source != "embedded" else None
        if key == "model":
            problems.extend(_check_model_file(record, found, entry, notes))
            continue
        arg = _INPUTS.get(key, (None, key))[1]
        if found is not None:
            digest = file_sha256(found)
            if entry.get("sha256") and digest != entry["sha256"]:
                problems.append(
                    f"input {key!r}: {found} has SHA-256 {digest}, but the audit record says "
                    f"{entry['sha256']} (the file changed). To reproduce from the tables embedded "
                    "in the record, call rerun(path, source='embedded')."
                )
                continue
            args[arg] = str(found)
        elif source != "files" and "table" in entry:
            table = entry["table"]
            body = {k: table[k] for k in ("columns", "dtypes", "records")}
            if _digest(body) != table.get("sha256"):
                problems.append(
                    f"input {key!r}: the table embedded in the audit record was edited (its SHA-256 differs)."
                )
                continue
            args[arg] = frame_from_json(table)
            if entry.get("path"):
                notes.append(
                    f"Input {key!r} read from the table embedded in the record (file not used)."
                )
        else:
            where = entry.get("path") or "(no path recorded)"
            problems.append(
                f"input {key!r}: file {where} not found and no table embedded in the record."
            )
    return args, problems, notes


def _check_model_file(
    record: Mapping[str, Any], found: Path | None, entry: Mapping[str, Any], notes: list[str]
) -> list[str]:
    """Compare the recorded model with the model file: hash first, then parsed content."""
    if found is None:
        notes.append(
            "The model file is not available; the model recorded in the audit record was used."
        )
        return []
    same_file = bool(entry.get("sha256")) and file_sha256(found) == entry["sha256"]
    from partnerselect.model import read_model

    try:
        parsed = plain(read_model(found).raw)
    except Exception as exc:  # the file is there but no longer a valid model
        return [
            f"model: the model file {found} cannot be read any more ({type(exc).__name__}: {exc})."
        ]
    recorded = record["model"]
    if not _same(json.loads(dumps(parsed)), recorded):
        keys = sorted(
            k
            for k in set(parsed) | set(recorded)
            if not _same(json.loads(dumps(parsed.get(k))), recorded.get(k))
        )
        where = "the audit record's model was edited" if same_file else "the model file changed"
        return [
            f"model: the model in the audit record differs from the model file {found} "
            f"({where}); sections that differ: {', '.join(map(str, keys)) or '(values)'}."
        ]
    if not same_file:
        notes.append(
            f"The model file {found} changed since the record (its SHA-256 differs) but reads "
            "as the same model."
        )
    return []


def _same(a: Any, b: Any) -> bool:
    """Exact equality; floats compared bit for bit."""
    if isinstance(a, float) and isinstance(b, float):
        return a.hex() == b.hex()
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    diffs: list[str] = []
    before = {r["partner_id"]: r for r in old["ranking"]}
    after = {r["partner_id"]: r for r in new["ranking"]}
    for pid in sorted(before.keys() - after.keys()):
        diffs.append(f"partner {pid}: ranked in the record, not ranked now")
    for pid in sorted(after.keys() - before.keys()):
        diffs.append(f"partner {pid}: ranked now, not in the record's ranking")
    for pid in [p for p in before if p in after]:
        o, n = before[pid], after[pid]
        if not _same(o["score"], n["score"]):
            diffs.append(f"score of {pid}: recorded {o['score']!r}, now {n['score']!r}")
        if o["rank"] != n["rank"]:
            diffs.append(f"rank of {pid}: recorded {o['rank']}, now {n['rank']}")
    key = lambda r: json.dumps(r, sort_keys=True)  # noqa: E731
    old_ex, new_ex = sorted(map(key, old["exclusions"])), sorted(map(key, new["exclusions"]))
    for item in sorted(set(old_ex) - set(new_ex)):
        diffs.append(f"exclusion in the record only: {item}")
    for item in sorted(set(new_ex) - set(old_ex)):
        diffs.append(f"exclusion now only: {item}")
    for field in ("weights", "smaa_acceptability", "higher_is_better"):
        if not _same(old.get(field), new.get(field)):
            diffs.append(f"{field.replace('_', ' ')} differ from the record")
    old_v, new_v = old.get("verdict"), new.get("verdict")
    if (old_v or {}).get("label") != (new_v or {}).get("label"):
        diffs.append(
            f"verdict: recorded {(old_v or {}).get('label')}, now {(new_v or {}).get('label')}"
        )
    elif not _same(old_v, new_v):
        diffs.append("verdict details (summary or reasons) differ from the record")
    if not any(d.startswith(("score of", "rank of", "partner ")) for d in diffs):
        old_names = {r["partner_id"]: r.get("name") for r in old["ranking"]}
        for r in new["ranking"]:
            if r["partner_id"] in old_names and old_names[r["partner_id"]] != r.get("name"):
                diffs.append(f"name of {r['partner_id']} differs from the record")
    checked = {"ranking", "exclusions", "weights", "smaa_acceptability", "higher_is_better"}
    checked |= {"verdict", "notes"}  # notes are text that may name paths; not numbers
    for field in sorted((old.keys() | new.keys()) - checked):
        if not _same(old.get(field), new.get(field)):
            diffs.append(f"{field.replace('_', ' ')} differ from the record")
    return diffs


def _largest_score_gap(old: Mapping[str, Any], new: Mapping[str, Any]) -> float | None:
    """Largest relative difference between recorded and recomputed scores (None if none)."""
    before = {r["partner_id"]: r["score"] for r in old["ranking"]}
    gaps = [
        abs(float(r["score"]) - float(before[r["partner_id"]]))
        / max(abs(float(before[r["partner_id"]])), 1e-300)
        for r in new["ranking"]
        if r["partner_id"] in before
        and r["score"] is not None
        and before[r["partner_id"]] is not None
        and not _same(before[r["partner_id"]], r["score"])
    ]
    return max(gaps) if gaps else None


def _depth(value: Any) -> int:
    """Nesting depth of JSON data, measured without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


def _bad(path: Path, what: str) -> FileFormatError:
    msg = f"{path} is not a partnerselect audit record that can be re-run: {what}. Pass the .json audit record a report run wrote, unedited."
    return FileFormatError(msg, source=str(path))


def _expect(path: Path, value: Any, where: str, kind: type | tuple[type, ...], name: str) -> None:
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
        raise _bad(path, f"{where} should be {name}, got {type(value).__name__}")


def _check_record(record: Any, path: Path) -> None:
    """Refuse a malformed record with one line naming the first problem found."""
    _expect(path, record, "the file", dict, "a JSON object")
    if record.get("format") != FORMAT:
        raise _bad(path, f'no "format": {FORMAT!r} key')
    if _depth(record) > MAX_DEPTH:
        raise _bad(path, f"nested deeper than {MAX_DEPTH} levels")
    for key in ("versions", "model", "parameters", "inputs", "results"):
        if key not in record:
            raise _bad(path, f"the {key!r} section is missing")
        _expect(path, record[key], f"{key!r}", dict, "an object")
    for name, version in record["versions"].items():
        _expect(path, version, f"versions[{name!r}]", str, "a string")
    _expect(
        path, record["parameters"].get("analyses"), "parameters['analyses']", bool, "true or false"
    )
    for key, entry in record["inputs"].items():
        _expect(path, entry, f"inputs[{key!r}]", dict, "an object")
        for field in ("path", "sha256"):
            if entry.get(field) is not None:
                _expect(path, entry[field], f"inputs[{key!r}][{field!r}]", str, "a string")
        if "table" in entry:
            table = entry["table"]
            _expect(path, table, f"inputs[{key!r}]['table']", dict, "an object")
            for field in ("columns", "dtypes", "records"):
                _expect(
                    path, table.get(field), f"inputs[{key!r}]['table'][{field!r}]", list, "a list"
                )
            for row in table["records"]:
                _expect(path, row, f"a record of inputs[{key!r}]", dict, "an object")
            for dtype in table["dtypes"]:
                _expect(path, dtype, f"a dtype of inputs[{key!r}]", str, "a string")
    if "partners" not in record["inputs"]:
        raise _bad(path, "inputs['partners'] is missing")
    results = record["results"]
    for key in ("ranking", "exclusions", "weights"):
        if key not in results:
            raise _bad(path, f"results[{key!r}] is missing")
        _expect(path, results[key], f"results[{key!r}]", list, "a list")
    for i, row in enumerate(results["ranking"]):
        _expect(path, row, f"results['ranking'][{i}]", dict, "an object")
        _expect(
            path, row.get("partner_id"), f"results['ranking'][{i}]['partner_id']", str, "a string"
        )
        _expect(path, row.get("rank"), f"results['ranking'][{i}]['rank']", int, "an integer")
        if row.get("score") is not None:
            _expect(
                path, row["score"], f"results['ranking'][{i}]['score']", (float, int), "a number"
            )
    for key in ("exclusions", "weights"):
        for i, row in enumerate(results[key]):
            _expect(path, row, f"results[{key!r}][{i}]", dict, "an object")
    for key in ("smaa_acceptability", "verdict"):
        if results.get(key) is not None:
            _expect(path, results[key], f"results[{key!r}]", dict, "an object or null")


def _load_record(path: Path) -> dict[str, Any]:
    if path.is_dir():
        raise _bad(path, "it is a folder, not a file")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        msg = f"{path} is not valid JSON ({exc}); pass the .json audit record a report run wrote."
        raise FileFormatError(msg, source=str(path)) from None
    except RecursionError:
        raise _bad(path, f"nested deeper than {MAX_DEPTH} levels") from None
    _check_record(record, path)
    return record


def rerun(audit_path: str | Path, *, source: str = "auto") -> tuple[bool, str]:
    """Re-run the evaluation an audit record describes and compare every number exactly.

    Parameters
    ----------
    audit_path : path
        A JSON audit record written by ``Evaluation.report("....json")``.
    source : {"auto", "files", "embedded"}
        Where the inputs come from: ``"files"`` the recorded paths (each file's SHA-256 must
        match the record), ``"embedded"`` the tables stored in the record, ``"auto"`` the
        files when they exist, else the embedded tables. The model is always the recorded one.

    Returns
    -------
    (bool, str)
        True and ``"Reproduced: 25 partners, 19 scores, 6 exclusions identical."`` when every
        score (bit for bit), rank and exclusion matches; False and the list of differences
        (or of changed inputs, in which case nothing is re-run) otherwise.

    Raises
    ------
    FileFormatError
        The file is not a partnerselect audit record.

    Examples
    --------
    >>> rerun("audit.json")  # doctest: +SKIP
    (True, 'Reproduced: 25 partners, 22 scores, 3 exclusions identical.')
    """
    import warnings

    from partnerselect.errors import ParameterError, PartnerSelectWarning
    from partnerselect.pipeline import evaluate

    if source not in {"auto", "files", "embedded"}:
        msg = f"The 'source' parameter of rerun must be 'auto', 'files' or 'embedded'. Got {source!r} instead."
        raise ParameterError(msg, value=source)
    path = Path(audit_path)
    record = _load_record(path)
    edited = []
    if "record_sha256" in record and record_digest(record) != record["record_sha256"]:
        edited.append(
            "the audit record was edited after it was written (its content no longer matches "
            "its record_sha256)"
        )
    args, problems, notes = _load_inputs(record, path.parent.resolve(), source)
    if "record_sha256" not in record:
        notes.append(
            "The record has no record_sha256 (written by an older version): edits to it cannot be detected."
        )
    if problems:
        return False, "Not reproduced: the inputs differ from the audit record.\n" + "\n".join(
            f"- {p}" for p in edited + problems
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        ev = evaluate(
            args.pop("partners"),
            args.pop("records", None),
            record["model"],
            scores=args.pop("scores", None),
            moderations=args.pop("moderations", None),
            analyses=bool(record["parameters"]["analyses"]),
        )
    old = record["results"]
    new = json.loads(dumps(_results(ev)))
    for key in ("seed",):
        if record.get(key) != json.loads(dumps(plain(getattr(ev.model, key, None)))):
            notes.append(f"The recorded {key} differs from the model's.")
    diffs = edited + _compare(old, new)
    versions = _versions()
    changed = [
        f"{k} {v} -> {versions.get(k)}"
        for k, v in sorted(record["versions"].items())
        if versions.get(k) != v
    ]
    if changed:
        notes.append("Versions differ from the record: " + ", ".join(changed) + ".")
    tail = "".join(f"\n{n}" for n in notes)
    if diffs:
        gap = _largest_score_gap(old, new)
        if gap is not None:
            notes.append(
                f"Largest relative score difference: {gap:.2g}"
                + (
                    " (floating-point rounding, e.g. another numpy/BLAS build or library "
                    "version; the decision itself is unchanged if no rank differs)."
                    if gap < 1e-9
                    else "."
                )
            )
            tail = "".join(f"\n{n}" for n in notes)
        shown = diffs[:25]
        more = f"\n- ... and {len(diffs) - 25} more" if len(diffs) > 25 else ""
        head = f"Not reproduced: {len(diffs)} difference(s) from the audit record."
        return False, head + "\n" + "\n".join(f"- {d}" for d in shown) + more + tail
    n_partners = len({str(p) for p in ev.partners["partner_id"]})
    n_excluded = len({str(r["partner_id"]) for r in old["exclusions"]})
    return True, (
        f"Reproduced: {n_partners} partners, {len(old['ranking'])} scores, "
        f"{n_excluded} exclusions identical." + tail
    )
