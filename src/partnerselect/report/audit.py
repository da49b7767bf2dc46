"""JSON audit record of an evaluation, and :func:`rerun` to reproduce it bit for bit.

The record holds everything needed to re-run the evaluation and check its numbers:

``inputs``
    per input file: recorded path, SHA-256 of the file, row count, and the table itself as
    records (``columns``, ``dtypes``, ``records``) with the SHA-256 of that embedded copy.
    The hashes let :func:`rerun` check that the files are unchanged; the embedded tables make
    the record self-contained when the files are gone (or were DataFrames to begin with).
``model``
    the evaluation model as plain data (``EvaluationModel.raw``), with its source path.
``parameters``, ``seed``, ``versions``
    method, its parameters, tie policy, whether the robustness analyses ran; the seed; the
    versions of partnerselect, Python, numpy, pandas and scipy.
``results``
    the ranking (partner, name, score, rank), exclusions, weights, SMAA rank acceptability
    (when run), the verdict and the notes.

The file is deterministic: keys are sorted, floats are written with Python's shortest
round-trip ``repr`` (so reading them back gives the same bits), non-finite numbers become
``null``, and nothing depends on set or hash ordering. The same inputs and seed give a
byte-identical file apart from ``created``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import platform
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect.errors import FileFormatError
from partnerselect.report import tables as tb

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["FORMAT", "audit_record", "rerun", "write_audit"]

FORMAT = "partnerselect-audit"
FORMAT_VERSION = 1

#: Input key in ``Evaluation.inputs`` -> (Evaluation attribute, ``evaluate`` argument).
_INPUTS = {
    "partners": ("partners", "partners"),
    "track_records": ("records", "records"),
    "evaluator_scores": ("scores", "scores"),
}


# --------------------------------------------------------------------------- plain data
def plain(value: Any) -> Any:
    """``value`` as JSON data: python scalars, ISO dates, lists; non-finite floats -> None.

    Examples
    --------
    >>> plain({"a": np.float64(0.1), "b": [np.int64(2), float("nan")], 3: pd.Timestamp("2026-01-02")})
    {'a': 0.1, 'b': [2, None], '3': '2026-01-02T00:00:00'}
    """
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, pd.Series):
        return plain(value.to_dict())
    if isinstance(value, list | tuple | np.ndarray):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | dt.time):
        return value.isoformat()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def dumps(record: Mapping[str, Any]) -> str:
    """Deterministic JSON text (sorted keys, round-trip floats, no NaN)."""
    return (
        json.dumps(plain(record), sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def frame_json(df: pd.DataFrame) -> dict[str, Any]:
    """A table as ``{"columns", "dtypes", "records", "sha256"}`` (the hash is of the rest)."""
    body = {
        "columns": [str(c) for c in df.columns],
        "dtypes": [str(t) for t in df.dtypes],
        "records": [
            plain(dict(zip(map(str, df.columns), row, strict=True)))
            for row in df.itertuples(index=False, name=None)
        ],
    }
    return {**body, "sha256": _digest(body)}


def _digest(body: Mapping[str, Any]) -> str:
    text = json.dumps(plain(body), sort_keys=True, ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def frame_from_json(table: Mapping[str, Any]) -> pd.DataFrame:
    """Rebuild a table written by :func:`frame_json`, restoring the recorded dtypes."""
    columns = list(table["columns"])
    df = pd.DataFrame([[r.get(c) for c in columns] for r in table["records"]], columns=columns)
    for col, dtype in zip(columns, table["dtypes"], strict=True):
        try:
            if dtype.startswith("datetime64"):
                df[col] = pd.to_datetime(df[col]).astype(dtype)
            elif dtype != "object":
                df[col] = df[col].astype(dtype)
        except (TypeError, ValueError):
            pass  # keep what JSON gave; the reader validates it again
    return df


# --------------------------------------------------------------------------- the record
def _versions() -> dict[str, str]:
    import scipy

    from partnerselect import __version__

    return {
        "partnerselect": __version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "scipy": scipy.__version__,
    }


def _results(ev: Evaluation) -> dict[str, Any]:
    frame = ev.ranking.to_frame()
    ranking = [
        {
            "partner_id": str(pid),
            "name": row["name"],
            "score": float(row["score"]),
            "rank": int(row["rank"]),
        }
        for pid, row in frame.iterrows()
    ]
    out: dict[str, Any] = {
        "ranking": ranking,
        "higher_is_better": bool(ev.ranking.higher_is_better),
        "exclusions": [plain(r) for r in ev.excluded.to_dict("records")],
        "weights": [plain(r) for r in ev.weights.to_dict("records")],
        "weight_provenance": plain(tb.flatten(ev.weight_provenance)),
        "notes": list(ev.notes),
        "smaa_acceptability": None,
        "verdict": None,
    }
    acc = tb.acceptability_table(ev)
    if acc is not None:
        out["smaa_acceptability"] = {
            str(pid): {str(r): float(v) for r, v in row.items()} for pid, row in acc.iterrows()
        }
    verdict = ev.verdict
    if verdict is not None:
        reasons = tb.verdict_reasons(ev)
        out["verdict"] = {
            "label": str(verdict.label),
            "robust": bool(verdict.robust),
            "summary": str(verdict),
            "reasons": [] if reasons is None else [plain(r) for r in reasons.to_dict("records")],
        }
    return out


def audit_record(ev: Evaluation) -> dict[str, Any]:
    """The audit record of ``ev`` as plain data (see the module docstring)."""
    inputs: dict[str, Any] = {}
    for key, info in ev.inputs.items():
        entry = {"path": info.get("path"), "sha256": info.get("sha256"), "rows": info.get("rows")}
        attr = _INPUTS.get(key, (None, None))[0]
        frame = getattr(ev, attr) if attr else None
        if isinstance(frame, pd.DataFrame):
            entry["table"] = frame_json(frame)
        inputs[key] = entry
    moderations = getattr(ev.criteria.evaluators, "moderations", None)
    if isinstance(moderations, pd.DataFrame) and len(moderations):
        inputs["moderations"] = {
            "path": None,
            "sha256": None,
            "rows": len(moderations),
            "table": frame_json(moderations),
        }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": ev.created,
        "tender": ev.model.name,
        "versions": _versions(),
        "seed": ev.model.seed,
        "model": plain(ev.model.raw),
        "model_source": ev.model.source,
        "parameters": {
            "method": ev.ranking.method,
            "params": plain(dict(ev.ranking.params)),
            "ties": ev.ranking.ties,
            "analyses": bool(ev.analyses),
        },
        "inputs": inputs,
        "results": _results(ev),
    }


def write_audit(evaluation: Evaluation, path: Path, **_: Any) -> Path:
    """Write the JSON audit record of ``evaluation`` to ``path``.

    Examples
    --------
    >>> ev.report("audit.json")  # doctest: +SKIP
    PosixPath('audit.json')
    """
    Path(path).write_text(dumps(audit_record(evaluation)), encoding="utf-8")
    return Path(path)


# --------------------------------------------------------------------------- rerun
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


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
            if found is not None and entry.get("sha256") and _sha256(found) != entry["sha256"]:
                notes.append(
                    f"The model file {found} changed since the record; the recorded model was used."
                )
            continue
        arg = _INPUTS.get(key, (None, key))[1]
        if found is not None:
            digest = _sha256(found)
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
    (True, 'Reproduced: 25 partners, 19 scores, 6 exclusions identical.')
    """
    import warnings

    from partnerselect.errors import ParameterError, PartnerSelectWarning
    from partnerselect.pipeline import evaluate

    if source not in {"auto", "files", "embedded"}:
        msg = f"The 'source' parameter of rerun must be 'auto', 'files' or 'embedded'. Got {source!r} instead."
        raise ParameterError(msg, value=source)
    path = Path(audit_path)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        msg = f"{path} is not valid JSON ({exc}); pass the .json audit record a report run wrote."
        raise FileFormatError(msg, source=str(path)) from None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        msg = f'{path} is not a partnerselect audit record (no "format": {FORMAT!r} key).'
        raise FileFormatError(msg, source=str(path))
    args, problems, notes = _load_inputs(record, path.parent.resolve(), source)
    if problems:
        return False, "Not reproduced: the inputs differ from the audit record.\n" + "\n".join(
            f"- {p}" for p in problems
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
    diffs = _compare(old, new)
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
