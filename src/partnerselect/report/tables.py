"""Report tables shared by every format, and safe CSV output.

Every table here is built from the evaluation's own frames; nothing is recomputed.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

# The policy for untrusted text lives in one place: partnerselect.report.sanitize.
from partnerselect.report.files import run_id
from partnerselect.report.sanitize import FORMULA_PREFIXES, safe_cell

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["FORMULA_PREFIXES", "neutralize", "safe_cell", "summary_tables", "write_csv"]


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every string cell (index and headers included) made safe
    (one line, no control characters, formulas neutralised: :func:`safe_cell`)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index.dtype):
        out.index = out.index.map(lambda v: safe_cell(v) if isinstance(v, str) else v)
    return out


def summary_tables(ev: Evaluation) -> dict[str, pd.DataFrame]:
    """The tables every report shows, by title."""
    ranking = ev.to_frame().reset_index()
    excluded = ev.excluded.merge(
        ev.partners[["partner_id", "name"]].astype({"partner_id": str}), on="partner_id", how="left"
    )[["partner_id", "name", "rule", "reason", "value"]]
    cells = ev.criteria.cells.reset_index()
    cells = cells[cells["partner_id"].isin(ev.problem.partners)]
    data = cells[
        [
            "partner_id",
            "criterion",
            "value",
            "raw",
            "lower",
            "upper",
            "n",
            "insufficient",
            "imputed",
            "note",
        ]
    ]
    out = {
        "Ranking": ranking,
        "Accounting": ev.accounting(),
        "Exclusions": excluded,
        "Weights": ev.weights,
        "Stated vs effective weights": effective_table(ev),
        "Criteria data": data,
    }
    priors = priors_table(ev)
    if priors is not None:
        out["Track-record priors"] = priors
    out["Unknown partners"] = ev.unknown_partners
    return out


def write_csv(ev: Evaluation, path: Path, **_: Any) -> Path:
    """The ranking and every excluded partner in one CSV (formula-safe, UTF-8 with BOM)."""
    acc = ev.accounting()
    ranked = ev.to_frame().reset_index()[["partner_id", "score"]]
    out = acc.merge(ranked, on="partner_id", how="left")
    out = out[["partner_id", "name", "status", "rank", "score", "reasons"]]
    out["rank"] = out["rank"].astype("Int64")  # 1, 2, ... (blank when excluded), never 1.0
    out = pd.concat(
        [out[out["status"] == "ranked"].sort_values("rank"), out[out["status"] != "ranked"]]
    )
    out["run_id"] = run_id(ev)
    # Cleaned cells hold no CR/LF; quoting every text cell keeps even a lone CR (were one
    # ever to get through) inside its field for every CSV reader.
    neutralize(out).to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_NONNUMERIC)
    return path


# --------------------------------------------------------------------------- detail tables
# Shared by the HTML, Excel and JSON reports. Each returns a plain DataFrame (possibly
# empty) built from the evaluation's own frames.


def inputs_table(ev: Evaluation) -> pd.DataFrame:
    """One row per input: name, path, SHA-256, rows."""
    rows = [
        {"input": k, "path": v.get("path"), "sha256": v.get("sha256"), "rows": v.get("rows")}
        for k, v in ev.inputs.items()
    ]
    return pd.DataFrame(rows, columns=["input", "path", "sha256", "rows"])


def gates_table(ev: Evaluation) -> pd.DataFrame:
    """The model's must-have rules with their reasons and missing-value policy."""
    rows = [
        {"rule": g.rule, "reason": g.reason or "", "on_missing": g.on_missing}
        for g in ev.model.gates
    ]
    return pd.DataFrame(rows, columns=["rule", "reason", "on_missing"])


def weights_table(ev: Evaluation) -> pd.DataFrame:
    """The criteria tree with each criterion's objective, source and rationale."""
    tree = ev.weights.copy()
    specs = {c.name: c for c in ev.model.criteria}
    tree["objective"] = [specs[c].objective if c in specs else "" for c in tree["criterion"]]
    tree["source"] = [specs[c].source if c in specs else "" for c in tree["criterion"]]
    tree["why"] = [specs[c].why if c in specs else "" for c in tree["criterion"]]
    return tree


def effective_table(ev: Evaluation) -> pd.DataFrame:
    """Stated vs effective weights with the worst and best levels the weights refer to.

    One row per criterion: ``criterion, worst, best, stated, effective, ratio,
    effective_rank, flag, reason``. ``worst`` and ``best`` are the observed range of the
    ranked partners (after price scoring), which is what a swing weight refers to.
    """
    table = ev.effective_weights
    values = ev.problem.matrix
    signs = pd.Series(ev.problem.signs, index=ev.problem.criteria)
    lo, hi = values.min(), values.max()
    out = table.reset_index()
    out.insert(1, "worst", [lo[c] if signs[c] > 0 else hi[c] for c in table.index])
    out.insert(2, "best", [hi[c] if signs[c] > 0 else lo[c] for c in table.index])
    stated = _stated_ranges(ev.weight_provenance)
    if stated:
        out.insert(
            3,
            "stated for",
            [
                f"{fmt(stated[c][0])} to {fmt(stated[c][1])}" if c in stated else "observed range"
                for c in table.index
            ],
        )
    return out


def _stated_ranges(provenance: Any) -> dict[str, tuple[float, float]]:
    """Reference ranges declared with swing weights anywhere in the weight provenance."""
    from collections.abc import Mapping

    found: dict[str, tuple[float, float]] = {}
    if isinstance(provenance, Mapping):
        ranges = provenance.get("ranges")
        if isinstance(ranges, Mapping):
            found.update({str(k): (float(v[0]), float(v[1])) for k, v in ranges.items()})
        for value in provenance.values():
            if isinstance(value, Mapping):
                found.update(_stated_ranges(value))
    return found


def flatten(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested mappings as ``(dotted.key, value)`` pairs; lists of scalars joined by commas.

    Examples
    --------
    >>> flatten({"groups": {"method": "ahp", "cr": 0.02}, "order": ["a", "b"]})
    [('groups.method', 'ahp'), ('groups.cr', 0.02), ('order', 'a, b')]
    """
    from collections.abc import Mapping

    if isinstance(obj, Mapping):
        out: list[tuple[str, Any]] = []
        for k, v in obj.items():
            out.extend(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(obj, pd.Series):
        return flatten(obj.to_dict(), prefix)
    if isinstance(obj, pd.DataFrame):
        return [(prefix, obj.to_string())]
    if isinstance(obj, list | tuple):
        if all(not isinstance(v, list | tuple | dict) for v in obj):
            return [(prefix, ", ".join(map(str, obj)))]
        return [(f"{prefix}[{i}]", str(v)) for i, v in enumerate(obj)]
    if hasattr(obj, "item") and callable(obj.item) and getattr(obj, "ndim", 1) == 0:
        obj = obj.item()
    return [(prefix, obj)]


def provenance_table(ev: Evaluation) -> pd.DataFrame:
    """How the weights were obtained, one ``key, value`` row per fact."""
    return pd.DataFrame(flatten(ev.weight_provenance), columns=["key", "value"])


def contributions_table(ev: Evaluation) -> pd.DataFrame | None:
    """Per-criterion contributions (partners in rank order x criteria), or None."""
    contrib = ev.ranking.explain().contributions
    if contrib is None:
        return None
    order = ev.ranking.to_frame().index
    return contrib.reindex(order)


def evidence_table(ev: Evaluation) -> pd.DataFrame:
    """Criterion cells of the ranked partners with n, interval and flags, in rank order."""
    cells = ev.criteria.cells.reset_index()
    order = {p: i for i, p in enumerate(ev.ranking.to_frame().index)}
    cells = cells[cells["partner_id"].isin(order)].copy()
    crit_order = {c: i for i, c in enumerate(ev.problem.criteria)}
    cells["_p"] = cells["partner_id"].map(order)
    cells["_c"] = cells["criterion"].map(crit_order)
    cells = cells.sort_values(["_p", "_c"], kind="stable")
    cols = [
        "partner_id",
        "criterion",
        "source",
        "value",
        "raw",
        "lower",
        "upper",
        "n",
        "insufficient",
        "imputed",
        "note",
    ]
    return cells[[c for c in cols if c in cells]].reset_index(drop=True)


def analysis_frame(ev: Evaluation, key: str) -> pd.DataFrame | None:
    """``ev.analyses[key].to_frame()`` or None when the analysis was not run."""
    obj = ev.analyses.get(key)
    if obj is None:
        return None
    frame = obj.to_frame()
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)


def acceptability_table(ev: Evaluation) -> pd.DataFrame | None:
    """SMAA rank acceptability (partner x rank) in rank order, or None."""
    smaa = ev.analyses.get("smaa")
    acc = getattr(smaa, "acceptability", None)
    if acc is None:
        return None
    return acc.reindex([p for p in ev.ranking.to_frame().index if p in acc.index])


def smaa_confidence_table(ev: Evaluation) -> pd.DataFrame | None:
    """Per partner: first-rank acceptability, SMAA-2 confidence factor with its Monte Carlo
    standard error, and the central weights (rank order), or None without SMAA."""
    smaa = ev.analyses.get("smaa")
    conf = getattr(smaa, "confidence", None)
    if smaa is None or conf is None:
        return None
    se = getattr(smaa, "confidence_std_error", None)
    frame = pd.DataFrame(
        {
            "p_best": smaa.acceptability[1],
            "confidence": conf,
            "confidence_se": se if se is not None else float("nan"),
        }
    )
    cw = smaa.central_weights.add_prefix("central weight: ")
    frame = pd.concat([frame, cw], axis=1)
    order = [p for p in ev.ranking.to_frame().index if p in frame.index]
    return frame.reindex(order).rename_axis("partner_id")


def verdict_reasons(ev: Evaluation) -> pd.DataFrame | None:
    """The verdict's reasons table (check, value, threshold, passed, explanation), or None."""
    verdict = ev.verdict
    if verdict is None:
        return None
    reasons = getattr(verdict, "reasons", None)
    return reasons if isinstance(reasons, pd.DataFrame) else verdict.to_frame()


# --------------------------------------------------------------------------- presentation
# Text views shared by the HTML (and any other human-readable) report.


def fmt(value: Any, digits: int = 4) -> str:
    """A table cell as text: blanks for missing values, ``digits`` significant digits.

    Examples
    --------
    >>> fmt(0.612345), fmt(950.0), fmt(None), fmt(True), fmt(3)
    ('0.6123', '950', '', 'yes', '3')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        value = value.item()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if math.isinf(value):
            return "∞" if value > 0 else "−∞"
        return f"{value:.{digits}g}"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(fmt(v) for v in value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def marks(imputed: Any, insufficient: Any) -> str:
    """``*`` for an imputed value, ``†`` for insufficient evidence."""
    return ("*" if bool(imputed) else "") + ("†" if bool(insufficient) else "")


def _wide(ev: Evaluation, cells: pd.DataFrame, text: list[str]) -> pd.DataFrame:
    wide = (
        cells.assign(text=text)
        .pivot_table(index="partner_id", columns="criterion", values="text", aggfunc="first")
        .reindex(index=list(dict.fromkeys(cells["partner_id"])))
    )
    wide = wide[[c for c in ev.problem.criteria if c in wide.columns]]
    wide.columns.name = None
    return wide


def decision_matrix(ev: Evaluation) -> pd.DataFrame:
    """Ranked partners (rank order) x criteria as text, with :func:`marks` flags."""
    cells = evidence_table(ev)
    text = [
        fmt(v) + marks(imp, ins)
        for v, imp, ins in zip(cells["value"], cells["imputed"], cells["insufficient"], strict=True)
    ]
    return _wide(ev, cells, text).reset_index()


def evidence_wide(ev: Evaluation, source: str, what: str) -> pd.DataFrame | None:
    """One row per partner: ``what`` (n) and ``value [lower, upper]`` per criterion of ``source``."""
    cells = evidence_table(ev)
    cells = cells[cells["source"] == source]
    if cells.empty:
        return None
    text = [
        fmt(v, 3) + marks(imp, ins) + ("" if pd.isna(lo) else f" [{fmt(lo, 3)}, {fmt(hi, 3)}]")
        for v, lo, hi, imp, ins in zip(
            cells["value"],
            cells["lower"],
            cells["upper"],
            cells["imputed"],
            cells["insufficient"],
            strict=True,
        )
    ]
    wide = _wide(ev, cells, text)
    n = cells.groupby("partner_id", sort=False)["n"].agg(["min", "max"]).reindex(wide.index)
    wide.insert(
        0,
        what,
        [
            fmt(lo) if lo == hi or pd.isna(hi) else f"{fmt(lo)}–{fmt(hi)}"
            for lo, hi in zip(n["min"], n["max"], strict=True)
        ],
    )
    return wide.reset_index()


def condensed_acceptability(ev: Evaluation, shown: int = 5) -> pd.DataFrame | None:
    """SMAA acceptability with the first ``shown`` ranks and the rest summed, or None."""
    acc = acceptability_table(ev)
    if acc is None:
        return None
    m = acc.shape[1]
    acc = acc.copy()
    acc.columns = [f"rank {c}" for c in acc.columns]
    if m > shown + 1:
        rest = acc.iloc[:, shown:].sum(axis=1)
        acc = acc.iloc[:, :shown]
        acc[f"rank {shown + 1}–{m}"] = rest
    return acc.reset_index()


def condensed_confidence(ev: Evaluation) -> pd.DataFrame | None:
    """SMAA-2 confidence factors of the partners that SMAA ranked first at least once (rank
    order), with their standard errors; None without data sampling. The central weights
    are in the Excel report (one column per criterion is too wide for a page)."""
    frame = smaa_confidence_table(ev)
    smaa = ev.analyses.get("smaa")
    if frame is None or not getattr(smaa, "sample_data", False):
        return None
    frame = frame.loc[frame["p_best"] > 0, ["p_best", "confidence", "confidence_se"]]
    return frame.reset_index() if len(frame) else None


#: Sensitivity extracts: analysis key, title, sort column (ascending |value|), rows shown.
SENSITIVITY_EXTRACTS = (
    ("comparison", "Ranks under each method", None, None),
    ("critical", "Smallest critical weight changes", "delta_abs", 12),
    ("rank_reversal", "Rank reversals", None, 12),
)


def sensitivity_extracts(ev: Evaluation) -> list[tuple[str, str, pd.DataFrame]]:
    """``(title, note, table)`` per analysis run: the rows a reader needs first.

    Critical weight changes: feasible ones, smallest first; rank reversals: those that
    change the winner first. Long tables are cut (the note says so).
    """
    out = []
    for key, title, sort, limit in SENSITIVITY_EXTRACTS:
        frame = analysis_frame(ev, key)
        if frame is None:
            continue
        total = len(frame)
        if not isinstance(frame.index, pd.RangeIndex):
            frame = frame.reset_index()
        if sort is not None and sort in frame:
            if "feasible" in frame:
                frame = frame[frame["feasible"].astype(bool)]
            frame = frame.iloc[frame[sort].abs().argsort(kind="stable")]
        if "winner_changed" in frame:
            frame = frame.iloc[(~frame["winner_changed"].astype(bool)).argsort(kind="stable")]
        note = ""
        if limit is not None and len(frame) > limit:
            frame = frame.head(limit)
            note = f"First {limit} of {total} rows; the Excel report has them all."
        out.append((title, note, frame.reset_index(drop=True)))
    return out


def recommendation(ev: Evaluation) -> dict[str, Any]:
    """The top partner, the runner-up, the verdict and every caveat, as text."""
    frame = ev.ranking.to_frame()
    top_ids = list(frame.index[frame["rank"] == frame["rank"].min()])
    best = top_ids[0]
    caveats: list[str] = []
    if len(top_ids) > 1:
        caveats.append(f"{len(top_ids)} partners share rank 1: {', '.join(map(str, top_ids))}.")
    verdict = ev.verdict
    if verdict is None:
        caveats.append(
            "No robustness analysis was run (the model's [sensitivity] section is empty), so "
            "the stability of this ranking under other weights or data is unknown."
        )
    reasons = verdict_reasons(ev)
    if reasons is not None and "passed" in reasons:
        for row in reasons[~reasons["passed"].astype(bool)].itertuples(index=False):
            caveats.append(str(getattr(row, "explanation", "") or getattr(row, "check", "")))
    caveats.extend(_method_disagreements(ev, best))
    ev_cells = evidence_table(ev)
    mine = ev_cells[ev_cells["partner_id"] == best]
    thin = list(mine.loc[mine["insufficient"].astype(bool), "criterion"])
    if thin:
        caveats.append(
            f"Thin evidence (fewer projects than required) for {best} on: {', '.join(thin)}."
        )
    imputed = list(mine.loc[mine["imputed"].astype(bool), "criterion"])
    if imputed:
        caveats.append(f"Imputed values for {best} on: {', '.join(imputed)}.")
    runner = frame.index[1] if len(frame) > 1 else None
    headline = _headline(ev, best)
    return {
        "headline": headline,
        "partner_id": best,
        "name": fmt(frame.loc[best, "name"]),
        "score": fmt(frame.loc[best, "score"]),
        "runner_up": None if runner is None else f"{frame.loc[runner, 'name']} ({runner})",
        "runner_score": None if runner is None else fmt(frame.loc[runner, "score"]),
        "robust": None if verdict is None else bool(verdict.robust),
        "label": None if verdict is None else str(verdict.label),
        "summary": None if verdict is None else str(verdict),
        "caveats": caveats,
    }


# --------------------------------------------------------------------------- scenarios and units


def scenario_tables(ev: Evaluation) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """``(summary, ranks)`` of the model's scenarios, or None when it declares none.

    ``ranks`` has one row per partner (base rank order) and one rank column per scenario,
    as text: ``–`` where the partner is not ranked (excluded by that scenario's gates).
    """
    scen = getattr(ev, "scenarios", None)
    if scen is None or not len(scen):
        return None
    ranks = scen.to_frame().reset_index()
    for col in ranks.columns[2:]:
        ranks[col] = ["–" if pd.isna(v) else str(int(v)) for v in ranks[col]]
    return scen.summary(), ranks


#: Units read from a criterion or column name's suffix when the model gives none.
UNIT_SUFFIXES = {
    "_eur": "EUR",
    "_usd": "USD",
    "_gbp": "GBP",
    "_chf": "CHF",
    "_pln": "PLN",
    "_h": "h",
    "_days": "days",
    "_months": "months",
    "_pct": "%",
}


def unit_of(ev: Evaluation, criterion: str) -> str:
    """The unit of a criterion: the model's ``unit`` when it has one, the track-record
    metric's unit (``share of projects``, ``score (1-5)``...), ``panel score`` for evaluator
    criteria, else the unit its name's suffix names (``_eur``, ``_h``...).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> ev = NS(model=NS(criteria=()))
    >>> unit_of(ev, "day_rate_eur"), unit_of(ev, "timezone_overlap_h"), unit_of(ev, "quality")
    ('EUR', 'h', '')
    """
    from partnerselect.trackrecord import METRICS

    for spec in ev.model.criteria:
        if spec.name != criterion:
            continue
        unit = getattr(spec, "unit", None)  # a typed `unit` key, where the model has one
        if unit:
            return str(unit)
        if spec.source == "track_record" and spec.key in METRICS and METRICS[spec.key].unit:
            return str(METRICS[spec.key].unit)
        if spec.source == "evaluators":
            return "panel score"
    for suffix, unit in UNIT_SUFFIXES.items():
        if criterion.lower().endswith(suffix):
            return unit
    return ""


def raw_matrix(ev: Evaluation) -> pd.DataFrame:
    """Ranked partners (rank order) x criteria in the criteria's own units (before price
    scoring or any other transformation), with rank and name first."""
    cells = evidence_table(ev)
    raw = (
        cells["raw"].where(cells["raw"].notna(), cells["value"])
        if "raw" in cells
        else cells["value"]
    )
    wide = cells.assign(shown=pd.to_numeric(raw, errors="coerce")).pivot_table(
        index="partner_id", columns="criterion", values="shown", aggfunc="first", dropna=False
    )
    order = list(ev.ranking.to_frame().index)
    wide = wide.reindex(index=order, columns=[c for c in ev.problem.criteria if c in wide.columns])
    wide.columns.name = None
    frame = ev.ranking.to_frame()[["rank", "name"]].reindex(order)
    return pd.concat([frame, wide], axis=1).rename_axis("partner_id").reset_index()


def _headline(ev: Evaluation, best: Any) -> str | None:
    """ "Too close to call" when SMAA puts another partner first more often, else None.

    Example: ``Too close to call: P09 by the stated weights, P05 first in 34 % of plausible
    weightings (P09 in 31 %).``
    """
    smaa = ev.analyses.get("smaa")
    acc = getattr(smaa, "acceptability", None)
    if acc is None or 1 not in acc.columns or best not in acc.index:
        return None
    first = acc[1]
    leader = first.idxmax()
    if leader == best or first[leader] <= first[best]:
        return None
    return (
        f"Too close to call: {best} by the stated weights, {leader} first in "
        f"{100 * first[leader]:.0f} % of plausible weightings ({best} in "
        f"{100 * first[best]:.0f} %)."
    )


def _method_disagreements(ev: Evaluation, best: Any) -> list[str]:
    """For each compared method with another leader: why it disagrees (``Comparison.explain``)."""
    cmp = ev.analyses.get("comparison")
    ranks = getattr(cmp, "ranks", None)
    me = ev.ranking.method
    if cmp is None or ranks is None or me not in ranks.columns or best not in ranks.index:
        return []
    out = []
    for label in ranks.columns:
        if label == me:
            continue
        leader = ranks[label].idxmin()
        if leader == best or ranks.loc[best, label] == ranks.loc[leader, label]:
            continue
        try:
            out.append(cmp.explain(best, leader, methods=[me, label]).summary)
        except (ValueError, ArithmeticError, KeyError):  # an explanation must not sink the report
            continue
    return out


def priors_table(ev: Evaluation) -> pd.DataFrame | None:
    """The portfolio prior fitted for each track-record criterion, or None without any.

    Columns as :attr:`partnerselect.criteria.CriteriaTable.priors` (mean, strength,
    between- and within-partner spread, how it was fitted, and the fallback when too few
    partners had data), criterion first.
    """
    priors = getattr(ev.criteria, "priors", None)
    if priors is None or len(priors) == 0:
        return None
    out = priors.reset_index()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].round(4)
    return out
