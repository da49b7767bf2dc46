"""``partnerselect validate``: the ``rank`` pipeline in collect mode.

Runs the stages ``rank`` runs (model, readers, gates, criteria building, weights, method
parameters; the analyses settings are checked by the model schema) and collects every
problem instead of stopping at the first:

1. the model file is parsed by the typed schema (unknown keys, types, ranges, rules);
2. every table is read in collecting mode (every bad cell, with file, row and column);
3. the tables are checked against the model together (absent columns, metrics, evaluator
   criteria, gate columns), each problem listed;
4. when the model and the tables read, the real pipeline runs (without the robustness
   analyses) on the same inputs, so whatever ``rank`` would raise is listed too.

Warnings ``rank`` would give (unknown partners, imputations, thin evidence...) are returned
as notes. The verdict predicts ``rank``: no problem exactly when ``rank`` succeeds.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from partnerselect.errors import FileFormatError, PartnerSelectError, PartnerSelectWarning

__all__ = ["validate"]


def _fmt(exc: PartnerSelectError) -> str:
    where = []
    if exc.source and str(exc.source) not in str(exc):
        where.append(str(exc.source))
    if exc.row is not None and f"row {exc.row}" not in str(exc):
        where.append(f"row {exc.row}")
    if exc.column is not None and str(exc.column) not in str(exc):
        where.append(f"column {exc.column}")
    prefix = ", ".join(where)
    return f"{prefix}: {exc}" if prefix else str(exc)


def _read(kind: str, src: Any, found: list[str]) -> tuple[pd.DataFrame | None, bool]:
    """The table read in collecting mode (None when unreadable) and whether it read clean."""
    from partnerselect import io

    reader: Any = {
        "partners": io.read_partners,
        "records": io.read_track_records,
        "scores": io.read_scores,
    }[kind]
    problems: list[PartnerSelectError] = []
    try:
        df = reader(src, errors="collect", problems=problems)
    except PartnerSelectError as exc:
        found.append(_fmt(exc))
        return None, False
    except OSError as exc:  # a folder given as a file, no permission...
        found.append(f"{src}: cannot read the {kind} table: {exc.strerror or exc}.")
        return None, False
    found.extend(str(p) for p in problems)  # reader messages already name file, row, column
    return df, not problems


def _note(w: warnings.WarningMessage) -> str:
    return f"{w.category.__name__}: {w.message}"


def validate(
    partners: str | Path | pd.DataFrame,
    records: str | Path | pd.DataFrame | None,
    model: str | Path | Any,
    *,
    scores: str | Path | pd.DataFrame | None = None,
    notes: list[str] | None = None,
) -> list[str]:
    """Check inputs together the way ``rank`` uses them; return one line per problem.

    Parameters
    ----------
    partners, records, model, scores
        As for :func:`partnerselect.evaluate`.
    notes : list, optional
        Receives one line per warning ``rank`` would give (and other findings that are not
        problems).

    Returns
    -------
    list of str
        Empty exactly when :func:`partnerselect.evaluate` would succeed; otherwise each line
        names the file, row, column or model key, and says how to fix it.
    """
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PartnerSelectWarning)
        found.extend(_collect(partners, records, model, scores))
    if notes is not None:
        for w in caught:
            if issubclass(w.category, PartnerSelectWarning):
                line = _note(w)
                if line not in notes:
                    notes.append(line)
    return found


def _collect(partners: Any, records: Any, model: Any, scores: Any) -> list[str]:
    from partnerselect.model import read_model

    found: list[str] = []
    mdl = None
    if model is None:
        found.append(
            "No model given: pass a model.toml path, a dict or an EvaluationModel "
            "(`partnerselect init` writes a commented one)."
        )
    else:
        try:
            mdl = read_model(model)
        except FileFormatError as exc:
            found.append(_fmt(exc))
        except PartnerSelectError as exc:
            found.extend(_model_problems(model, exc))
    p, p_ok = _read("partners", partners, found)
    r, r_ok = (None, True) if records is None else _read("records", records, found)
    s, s_ok = (None, True) if scores is None else _read("scores", scores, found)
    if mdl is not None and p is not None:
        found.extend(_cross_check(mdl, p, r, s, records, scores))
    if mdl is None or not (p_ok and r_ok and s_ok):
        return found
    # The real stages, so validate's verdict is rank's: its error, if not listed already.
    for line in _pipeline(partners, records, mdl, scores):
        head = line.split(": ", 1)[-1].splitlines()[0]
        if not any(head in f for f in found):
            found.append(line)
    return found


def _model_problems(model: Any, first: PartnerSelectError) -> list[str]:
    """Every problem of the model (read_model stopped at ``first``)."""
    from collections.abc import Mapping

    from partnerselect.io import load_model_dict
    from partnerselect.model import model_problems

    try:
        if isinstance(model, Mapping):
            raw, source = model, None
        else:
            raw, source = load_model_dict(model), str(model)
        problems = model_problems(raw, source=source)
    except PartnerSelectError:
        problems = []
    lines = [_fmt(p) for p in problems]
    head = _fmt(first)
    return lines if head in lines else [head, *lines]


def _cross_check(
    mdl: Any,
    p: pd.DataFrame,
    r: pd.DataFrame | None,
    s: pd.DataFrame | None,
    records: Any,
    scores: Any,
) -> list[str]:
    """Every mismatch between model and tables (each is an error ``rank`` raises)."""
    from partnerselect.evaluators import match_names
    from partnerselect.rules import parse_rule

    found: list[str] = []
    src = mdl.source or "model"
    cols = [str(c) for c in p.columns]
    for gate in mdl.gates:
        rule = parse_rule(gate.rule)
        try:
            rule.check_columns(cols)
            rule.check_types(p.set_axis(cols, axis=1))
        except PartnerSelectError as exc:
            found.append(f"{src}: gate {gate.rule!r}: {exc}")
    scored = sorted(set(map(str, s["criterion"]))) if s is not None else []
    wanted = [c.key for c in mdl.criteria if c.source == "evaluators"]
    if s is not None and wanted:
        extra = [n for n, m in match_names(scored, wanted).items() if m is None]
        for name in extra:
            found.append(
                f"{scores}: evaluator scores rate criterion {name!r}, which no evaluator "
                f"criterion of the model reads. Model criteria from evaluators: "
                f"{', '.join(wanted)}. Fix the name, or add the criterion to the model."
            )
    for c in mdl.criteria:
        # The same messages build_criteria raises, so validate's lines are rank's errors.
        if c.source == "partners" and c.key not in cols:
            found.append(
                f"{src}: Criterion {c.name!r} reads partner column {c.key!r}, which the "
                f"partner table lacks. Columns: {', '.join(cols)}."
            )
        elif c.source == "track_record" and records is None:
            found.append(
                f"{src}: Criterion {c.name!r} is a track-record metric, but no track records "
                "were given. Pass records=... or change the criterion's source."
            )
        elif c.source == "evaluators" and scores is None:
            found.append(
                f"{src}: Criterion {c.name!r} comes from evaluator scores, but none were "
                "given. Pass scores=... (an evaluator_scores.csv) or change the criterion's "
                "source."
            )
        elif c.source == "evaluators" and s is not None and not match_names([c.key], scored)[c.key]:
            found.append(
                f"{src}: Criterion {c.name!r} reads evaluator criterion {c.key!r}, which no "
                f"evaluator scored. Scored: {', '.join(scored)}."
            )
    return found


def _pipeline(partners: Any, records: Any, mdl: Any, scores: Any) -> list[str]:
    """Run rank's stages (without the robustness analyses) and report what they raise."""
    from partnerselect.pipeline import evaluate

    try:
        evaluate(partners, records, mdl, scores=scores, analyses=False)
    except PartnerSelectError as exc:
        return [_fmt(exc)]
    except Exception as exc:  # a bug, not a user problem: still one line, never a traceback
        return [
            f"internal error while checking the inputs ({type(exc).__name__}: {exc}); this is "
            "a bug in partnerselect, please report it with the inputs"
        ]
    return []
