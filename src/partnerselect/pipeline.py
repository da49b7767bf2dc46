"""The whole flow in one call: :func:`evaluate` -> :class:`Evaluation`.

``read -> screen (gates) -> criteria with uncertainty -> weights -> Problem -> method ->
robustness``, keeping every intermediate for the report. Every input partner ends up either
ranked or in :attr:`Evaluation.excluded` with its reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.analyses import Analyses
from partnerselect.criteria import CriteriaTable, build_criteria
from partnerselect.errors import (
    AllExcludedError,
    ParameterError,
    PartnerSelectWarning,
    UnknownPartnerWarning,
)
from partnerselect.methods import rank
from partnerselect.model import EvaluationModel, read_model
from partnerselect.problem import Problem
from partnerselect.ranking import Ranking
from partnerselect.scenarios import Scenarios, parse_scenarios, run_scenarios

__all__ = ["Evaluation", "evaluate"]

Source = str | Path | pd.DataFrame


@value_equality
@dataclasses.dataclass(frozen=True, repr=False)
class Evaluation:
    """Everything one evaluation produced, for the committee and the audit trail.

    Attributes
    ----------
    model : EvaluationModel
    partners, records, scores : pandas.DataFrame
        The inputs as read (never modified).
    excluded : pandas.DataFrame
        One row per reason a partner is not ranked: ``partner_id, rule, reason, value``.
    criteria : CriteriaTable
        Criterion values with n, intervals, flags and sampling information.
    weights : pandas.DataFrame
        Criteria tree: group, criterion, group weight, local weight, global weight.
    weight_provenance : dict
        How the weights were obtained (method, AHP consistency, evaluators).
    problem : Problem
    ranking : Ranking
    dominated : pandas.DataFrame
        ``partner_id, dominated_by`` for partners dominated by another (flagged, kept).
    unknown_partners : pandas.DataFrame
        Records or scores whose partner is not in the partner table.
    analyses : Analyses
        Robustness results the model asked for (``ev.analyses.smaa``, ``.verdict``...; also
        readable as a mapping of the analyses that ran).
    notes : list of str
        Every warning raised along the way (imputation, shrinkage, dominance...).
    inputs : dict
        Per input: path and SHA-256 of the file (when read from a file).
    scenarios : Scenarios or None
        Ranks under each of the model's ``[[scenarios]]`` (None when it declares none).
    created : str
        When the evaluation ran (UTC, ISO 8601, seconds); part of equality, so two runs
        of the same inputs are two records.
    """

    model: EvaluationModel
    partners: pd.DataFrame
    records: pd.DataFrame | None
    scores: pd.DataFrame | None
    excluded: pd.DataFrame
    criteria: CriteriaTable
    weights: pd.DataFrame
    weight_provenance: Mapping[str, Any]
    problem: Problem
    ranking: Ranking
    dominated: pd.DataFrame
    unknown_partners: pd.DataFrame
    analyses: Analyses
    notes: tuple[str, ...]
    inputs: Mapping[str, Mapping[str, Any]]
    created: str
    scenarios: Scenarios | None = None

    # ------------------------------------------------------------------ views
    def accounting(self) -> pd.DataFrame:
        """Every input partner with its status: ranked (with rank) or excluded (with reasons)."""
        rows: list[tuple[Any, ...]] = []
        reasons = self.excluded.groupby("partner_id")["reason"].apply(lambda s: "; ".join(s))
        for pid, name in zip(self.partners["partner_id"], self.partners["name"], strict=True):
            pid = str(pid)
            if pid in self.ranking.ranks.index:
                rows.append((pid, name, "ranked", int(self.ranking.ranks[pid]), ""))
            else:
                rows.append((pid, name, "excluded", None, reasons.get(pid, "")))
        return pd.DataFrame(rows, columns=["partner_id", "name", "status", "rank", "reasons"])

    def to_frame(self) -> pd.DataFrame:
        """The ranking with names, scores and dominance flags."""
        df = self.ranking.to_frame()
        dom: dict[Any, Any] = (
            self.dominated.set_index("partner_id")["dominated_by"].to_dict()
            if len(self.dominated)
            else {}
        )
        df["dominated_by"] = [", ".join(map(str, dom.get(p, []))) for p in df.index]
        return df

    @property
    def effective_weights(self) -> pd.DataFrame:
        """Stated vs effective weights under the model's method, one row per criterion:
        ``stated, effective, ratio, effective_rank, flag, reason`` (see
        :mod:`partnerselect.effective`)."""
        found = self.analyses.get("effective_weights")
        if found is None:
            from partnerselect.effective import EffectiveWeightSettings, effective_weight_table

            found = effective_weight_table(
                self.problem,
                self.model.method,
                settings=EffectiveWeightSettings.from_model(self.model.sensitivity),
                **self.model.method_params,
            )
        return found.table.copy()

    @property
    def verdict(self) -> Any:
        """The robustness verdict, when the model asked for one."""
        return self.analyses.get("verdict")

    def report(self, path: str | Path, **options: Any) -> Path:
        """Write a report; the format follows the suffix (``.md``, ``.csv``, ``.html``,
        ``.xlsx``, ``.json``, ``.pdf``).

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write; the suffix chooses the format. The file is written atomically
            (a failed write leaves no partial file).
        **options
            Options of the format's writer, for example ``plots=False`` (HTML, Markdown,
            PDF: text-only), ``strict_plots=True`` (fail instead of noting a plot that
            could not be drawn), ``signatories`` and ``interactive`` (HTML) or ``engine``
            (PDF); see :func:`partnerselect.report.html.render_html`.

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        ParameterError
            Unknown suffix.
        """
        from partnerselect.report import write_report

        return write_report(self, path, **options)

    def debrief(self, partner_id: str, path: str | Path | None = None) -> Any:
        """The one-page debrief of one partner (ranked or excluded).

        With ``path`` the note is written (``.html``, ``.md`` or ``.pdf``) and the path is
        returned; without it the :class:`~partnerselect.report.debrief.Debrief` object is.

        Parameters
        ----------
        partner_id : str
            The partner the note is about.
        path : str or pathlib.Path, optional
            Where to write the note.

        Returns
        -------
        Debrief or pathlib.Path
        """
        from partnerselect.report.debrief import debrief

        note = debrief(self, partner_id)
        return note if path is None else note.write(path)

    def __repr__(self) -> str:
        acc = self.accounting()
        n_ranked = int((acc["status"] == "ranked").sum())
        head = (
            f"<Evaluation {self.model.name!r}: {len(acc)} partners, {n_ranked} ranked, "
            f"{len(acc) - n_ranked} excluded, method {self.ranking.method}>"
        )
        return head + "\n" + self.to_frame().head(10).to_string()

    def _repr_html_(self) -> str:
        title = html.escape(self.model.name)
        return f"<h4>{title}</h4>" + self.to_frame().to_html(escape=True)


def _model_columns(mdl: Any) -> Mapping[str, Any]:
    """The model's ``[columns]`` section, read tolerantly (typed object or raw table)."""
    cols = getattr(mdl, "columns", None)
    if cols is None:
        cols = (getattr(mdl, "raw", None) or {}).get("columns")
    return cols or {}


def _model_units(mdl: Any) -> dict[str, str]:
    """Partner columns whose criterion declares ``unit = "percent"`` (read tolerantly:
    a typed ``unit`` attribute or a ``unit`` parameter)."""
    units: dict[str, str] = {}
    for spec in getattr(mdl, "criteria", ()) or ():
        unit = getattr(spec, "unit", None)
        params = getattr(spec, "params", None)
        if unit is None and isinstance(params, Mapping):
            unit = params.get("unit")
        if str(unit).lower() in ("percent", "%") and getattr(spec, "source", "") == "partners":
            units[str(getattr(spec, "key", getattr(spec, "column", spec)))] = "percent"
    return units


def _model_layout(mdl: Any) -> Any:
    ev = getattr(mdl, "evaluators", None)
    layout = ev.get("layout") if isinstance(ev, Mapping) else getattr(ev, "layout", None)
    return str(layout or "auto")


def _read_inputs(
    partners: Source | None,
    records: Source | None,
    scores: Source | None,
    *,
    columns: Mapping[str, Any] | None = None,
    sheet: str | int | Mapping[str, str | int] | None = None,
    workbook: str | Path | None = None,
    layout: Any = "auto",
    units: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None, dict[str, dict[str, Any]]]:
    from partnerselect.errors import ParameterError
    from partnerselect.io import (
        read_partners,
        read_scores,
        read_track_records,
        read_workbook,
        table_options,
    )

    maps, sheets = table_options(columns)
    if isinstance(sheet, Mapping):
        sheets.update(table_options({"sheets": sheet})[1])
    elif sheet is not None:
        sheets = dict.fromkeys(("partners", "track_records", "scores"), sheet)
    inputs: dict[str, dict[str, Any]] = {}
    p = r = s = None
    if workbook is not None:
        wb = read_workbook(
            workbook,
            sheets=sheets,
            columns=dict(maps),
            layout=layout,
            units=units,
        )
        p, r, s = wb.partners, wb.track_records, wb.scores
    if partners is not None:
        p = read_partners(
            partners, columns=maps.get("partners"), sheet=sheets.get("partners"), units=units
        )
    if p is None:
        msg = (
            "evaluate() needs partners: a partner table, or workbook=... holding a partners sheet."
        )
        raise ParameterError(msg)
    if records is not None:
        r = read_track_records(
            records, columns=maps.get("track_records"), sheet=sheets.get("track_records")
        )
    if scores is not None:
        s = read_scores(
            scores,
            columns=maps.get("scores"),
            sheet=sheets.get("scores"),
            layout=layout,
        )
    for key, frame in (("partners", p), ("track_records", r), ("evaluator_scores", s)):
        if frame is not None:
            inputs[key] = {
                "path": frame.attrs.get("source"),
                "sha256": frame.attrs.get("sha256"),
                "rows": len(frame),
            }
    return p, r, s, inputs


def _unknown(
    partners: pd.DataFrame, records: pd.DataFrame | None, scores: pd.DataFrame | None
) -> pd.DataFrame:
    from partnerselect.trackrecord.stats import partner_codes

    known = list(dict.fromkeys(partners["partner_id"].astype(str).to_numpy(dtype=object).tolist()))
    rows = []
    for label, frame, id_col in (
        ("track_records", records, "project_id"),
        ("evaluator_scores", scores, "evaluator"),
    ):
        if frame is None:
            continue
        mask = partner_codes(frame["partner_id"], known) < 0  # each distinct id looked up once
        for _, row in frame[mask].iterrows():
            rows.append((label, str(row["partner_id"]), str(row.get(id_col, ""))))
    out = pd.DataFrame(rows, columns=["table", "partner_id", "item"])
    if len(out):
        ids = ", ".join(sorted(set(out["partner_id"])))
        warnings.warn(
            f"{len(out)} row(s) refer to partner id(s) not in the partner table ({ids}); "
            "they are reported in Evaluation.unknown_partners and not used.",
            UnknownPartnerWarning,
            stacklevel=3,
        )
    return out


def _gates(partners: pd.DataFrame, model: EvaluationModel) -> tuple[list[str], pd.DataFrame]:
    from partnerselect.screening import Gate, apply_gates

    if not model.gates:
        empty = pd.DataFrame(columns=["partner_id", "rule", "reason", "value"])
        return [str(p) for p in partners["partner_id"]], empty
    gates = [
        Gate(g.rule, reason=g.reason, on_missing=g.on_missing, name=g.name) for g in model.gates
    ]
    result = apply_gates(partners, gates)
    return [str(p) for p in result.eligible], result.excluded.copy()


def evaluate(
    partners: Source | None = None,
    records: Source | None = None,
    model: str | Path | Mapping[str, Any] | EvaluationModel | None = None,
    *,
    scores: Source | None = None,
    moderations: pd.DataFrame | None = None,
    analyses: bool = True,
    scenarios: bool = True,
    columns: Mapping[str, Any] | None = None,
    sheet: str | int | Mapping[str, str | int] | None = None,
    workbook: str | Path | None = None,
) -> Evaluation:
    """Screen, score, weight, rank and stress-test the partners.

    Parameters
    ----------
    partners : path or DataFrame
        Partner profiles (see :func:`partnerselect.read_partners`).
    records : path or DataFrame, optional
        Track records (see :func:`partnerselect.read_track_records`).
    model : path, mapping or EvaluationModel
        The evaluation model (TOML/YAML file or parsed).
    scores : path or DataFrame, optional
        Evaluator scores (long table).
    moderations : DataFrame, optional
        Moderated evaluator values (partner_id, criterion, value, comment).
    analyses : bool
        Run the robustness analyses the model's ``[sensitivity]`` section asks for.
    scenarios : bool
        Rank the partners under each of the model's ``[[scenarios]]`` too.
    columns : mapping, optional
        Column mapping in the shape of the model file's ``[columns]`` section
        (``{"partners": {"partner_id": "Vendor ID"}, "track_records": {...},
        "evaluator_scores": {...}, "sheets": {...}}``); it extends and overrides the model's.
    sheet : str, int or mapping, optional
        Workbook sheet of every table, or table -> sheet.
    workbook : path, optional
        One workbook holding the tables (sheets ``partners``, ``track_records``, ``scores``
        unless ``[columns.sheets]`` or ``sheet`` say otherwise); tables also given as
        ``partners``/``records``/``scores`` are read from those instead.

    Returns
    -------
    Evaluation

    Raises
    ------
    AllExcludedError
        Gates and missing-data policies leave no partner to rank.
    """
    if model is None:
        msg = (
            "evaluate() needs a model: a model.toml path, a dict, or an EvaluationModel. "
            "Write a commented one with `partnerselect init`, or pass model=..."
        )
        raise ParameterError(msg, value=None)
    mdl = read_model(model)
    created = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PartnerSelectWarning)
        merged: dict[str, Any] = {}
        from partnerselect.io.readers import _as_mapping

        for part in (_model_columns(mdl), columns or {}):
            for key, value in _as_mapping(part).items():
                if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
                    merged[key] = {**merged[key], **value}
                elif value is not None:
                    merged[key] = value
        p, r, s, inputs = _read_inputs(
            partners,
            records,
            scores,
            columns=merged,
            sheet=sheet,
            workbook=workbook,
            layout=_model_layout(mdl),
            units=_model_units(mdl),
        )
        if "model" not in inputs and mdl.source:
            from partnerselect.io import file_sha256

            inputs["model"] = {"path": mdl.source, "sha256": file_sha256(mdl.source)}
        unknown = _unknown(p, r, s)
        eligible, excluded = _gates(p, mdl)
        if not eligible:
            msg = (
                f"The gates exclude all {len(p)} partners, so nothing is left to rank. "
                "Check the gate rules in the model (see Evaluation.excluded reasons via "
                "partnerselect validate)."
            )
            raise AllExcludedError(msg)
        from partnerselect.trackrecord.stats import partner_codes

        table = p[partner_codes(p["partner_id"], eligible) >= 0]
        crit = build_criteria(table, r, s, mdl, moderations=moderations)
        excluded = pd.concat([excluded, crit.excluded], ignore_index=True)
        if crit.values.empty:
            msg = "Every partner was excluded (gates and missing-data policies); nothing to rank."
            raise AllExcludedError(msg)
        names = p.set_index(p["partner_id"].astype(str))["name"].astype(str)
        from partnerselect.weighting import model_weights

        base = Problem.from_frame(
            crit.values,
            objectives=crit.objectives,
            names=names.reindex(crit.values.index),
            uncertainty=crit.uncertainty,
            meta={"criteria": {c.name: c.why for c in mdl.criteria}},
        )
        tree, provenance = model_weights(mdl, base)
        problem = base.replace(weights=tree.set_index("criterion")["global_weight"].to_dict())
        dominated = _dominance(problem)
        ranking = rank(problem, mdl.method, ties=mdl.ties, **mdl.method_params)
        effective = _effective(problem, mdl)
        results = Analyses()
        if analyses and mdl.sensitivity:
            from partnerselect.analyses import run_analyses

            results = run_analyses(problem, ranking, mdl, effective=effective)
        elif effective is not None:
            results = Analyses(effective_weights=effective)
    notes = tuple(
        dict.fromkeys(
            f"{w.category.__name__}: {w.message}"
            for w in caught
            if issubclass(w.category, PartnerSelectWarning)
        )
    )
    skipped = results.skipped
    notes += tuple(f"Analysis skipped: {name}: {why}" for name, why in skipped.items())
    scen = None
    specs = parse_scenarios(mdl) if scenarios else ()
    if specs:
        with warnings.catch_warnings(record=True) as caught_s:
            warnings.simplefilter("always", PartnerSelectWarning)
            scen = run_scenarios(
                specs,
                model=mdl,
                problem=problem,
                tree=tree,
                base=ranking,
                names=p.set_index(p["partner_id"].astype(str))["name"],
                inputs=(p, r, s),
                moderations=moderations,
                known=[str(w.message) for w in caught],
            )
        notes += tuple(
            dict.fromkeys(
                f"{w.category.__name__}: {w.message}"
                for w in caught_s
                if issubclass(w.category, PartnerSelectWarning)
            )
        )
        caught.extend(caught_s)
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return Evaluation(
        model=mdl,
        partners=p,
        records=r,
        scores=s,
        excluded=excluded.reset_index(drop=True),
        criteria=crit,
        weights=tree,
        weight_provenance=provenance,
        problem=problem,
        ranking=ranking,
        dominated=dominated,
        unknown_partners=unknown,
        analyses=results,
        notes=notes,
        inputs=inputs,
        created=created,
        scenarios=scen,
    )


def _dominance(problem: Problem) -> pd.DataFrame:
    from partnerselect.screening import dominance, flag_dominated

    flag_dominated(problem)
    dom = dominance(problem)
    return dom[dom["dominated_by"].map(len) > 0].reset_index(drop=True)


def _effective(problem: Problem, model: EvaluationModel) -> Any:
    """Stated vs effective weights; one EffectiveWeightWarning per flagged criterion."""
    from partnerselect.effective import EffectiveWeightSettings, effective_weight_table
    from partnerselect.errors import PartnerSelectError

    settings = EffectiveWeightSettings.from_model(model.sensitivity)
    try:
        table = effective_weight_table(
            problem, model.method, settings=settings, **model.method_params
        )
    except (PartnerSelectError, ArithmeticError, ValueError) as exc:
        warnings.warn(
            f"Effective weights could not be computed for {model.method}: {exc}",
            PartnerSelectWarning,
            stacklevel=3,
        )
        return None
    table.warn(stacklevel=3)
    return table
