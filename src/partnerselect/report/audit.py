"""JSON audit record of an evaluation (:mod:`partnerselect.report.rerun` reproduces it).

The record holds everything needed to re-run the evaluation and check its numbers:

``inputs``
    per input file: recorded path, SHA-256 of the file, row count, and the table itself as
    records (``columns``, ``dtypes``, ``records``) with the SHA-256 of that embedded copy.
    The hashes let ``rerun`` check that the files are unchanged; the embedded tables make
    the record self-contained when the files are gone (or were DataFrames to begin with).
``model``
    the evaluation model as plain data (``EvaluationModel.raw``), with its source path.
``parameters``, ``seed``, ``versions``
    method, its parameters, tie policy, whether the robustness analyses ran; the seed; the
    versions of partnerselect, Python, numpy, pandas and scipy.
``results``
    the ranking (partner, name, score, rank), exclusions, weights, SMAA rank acceptability
    (when run), the verdict and the notes.
``record_sha256``
    SHA-256 of everything else in the record: ``rerun`` refuses to call an edited record
    reproduced.

The file is deterministic: keys are sorted, floats are written with Python's shortest
round-trip ``repr`` (so reading them back gives the same bits), non-finite numbers become
``null``, and nothing depends on set or hash ordering. The same inputs and seed give a
byte-identical file apart from ``created`` (``run_id`` and ``record_sha256`` are derived
from the content, not the clock).
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

from partnerselect.report import tables as tb
from partnerselect.report.files import run_id
from partnerselect.report.sanitize import json_safe

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["FORMAT", "audit_record", "write_audit"]

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
    """Deterministic JSON text (sorted keys, round-trip floats, no NaN; control characters
    escaped as ``\\uXXXX``, see :func:`~partnerselect.report.sanitize.json_safe`)."""
    text = json.dumps(plain(record), sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False)
    return json_safe(text) + "\n"


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
    record = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": ev.created,
        "run_id": run_id(ev),
        "tender": ev.model.name,
        "versions": _versions(),
        "seed": ev.model.seed,
        "model": plain(ev.model.raw),
        "model_source": ev.model.source,
        "parameters": {
            "method": ev.ranking.method,
            "params": plain(dict(ev.ranking.params)),
            "ties": ev.ranking.ties,
            # whether the robustness analyses ran (effective weights are always computed)
            "analyses": any(k != "effective_weights" for k in ev.analyses),
        },
        "inputs": inputs,
        "results": _results(ev),
    }
    record["record_sha256"] = record_digest(record)
    return record


def record_digest(record: Mapping[str, Any]) -> str:
    """SHA-256 of a record without its ``record_sha256`` key: any later edit changes it.

    File locations (``model_source``, each input's ``path``) are left out: moving the files
    and editing where the record looks for them is allowed; the files' own SHA-256 stays in.
    ``created`` is left out too, so that the same inputs and seed give a byte-identical
    record apart from that one line.
    """
    skip = ("record_sha256", "model_source", "created")
    body = {k: v for k, v in record.items() if k not in skip}
    inputs = body.get("inputs")
    if isinstance(inputs, Mapping):
        body["inputs"] = {
            k: ({f: x for f, x in v.items() if f != "path"} if isinstance(v, Mapping) else v)
            for k, v in inputs.items()
        }
    return _digest(body)


def write_audit(evaluation: Evaluation, path: Path, **_: Any) -> Path:
    """Write the JSON audit record of ``evaluation`` to ``path``.

    Examples
    --------
    >>> ev.report("audit.json")  # doctest: +SKIP
    PosixPath('audit.json')
    """
    Path(path).write_text(dumps(audit_record(evaluation)), encoding="utf-8")
    return Path(path)
