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

__all__ = ["Evaluation", "evaluate"]

Source = str | Path | pd.DataFrame


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
    def verdict(self) -> Any:
        """The robustness verdict, when the model asked for one."""
        return self.analyses.get("verdict")

    def report(self, path: str | Path, **options: Any) -> Path:
        """Write a report; the format follows the suffix (``.md``, ``.csv``, ``.html``,
        ``.xlsx``, ``.json``). Returns the path written."""
        from partnerselect.report import write_report

        return write_report(self, path, **options)

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


def _read_inputs(
    partners: Source, records: Source | None, scores: Source | None
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None, dict[str, dict[str, Any]]]:
    from partnerselect.io import read_partners, read_scores, read_track_records

    inputs: dict[str, dict[str, Any]] = {}
    p = read_partners(partners)
    r = None if records is None else read_track_records(records)
    s = None if scores is None else read_scores(scores)
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
    known = set(partners["partner_id"].astype(str))
    rows = []
    for label, frame, id_col in (
        ("track_records", records, "project_id"),
        ("evaluator_scores", scores, "evaluator"),
    ):
        if frame is None:
            continue
        mask = ~frame["partner_id"].astype(str).isin(known)
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
    partners: Source,
    records: Source | None = None,
    model: str | Path | Mapping[str, Any] | EvaluationModel | None = None,
    *,
    scores: Source | None = None,
    moderations: pd.DataFrame | None = None,
    analyses: bool = True,
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
        p, r, s, inputs = _read_inputs(partners, records, scores)
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
        table = p[p["partner_id"].astype(str).isin(eligible)]
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
        results = Analyses()
        if analyses and mdl.sensitivity:
            from partnerselect.analyses import run_analyses

            results = run_analyses(problem, ranking, mdl)
    notes = tuple(
        dict.fromkeys(
            f"{w.category.__name__}: {w.message}"
            for w in caught
            if issubclass(w.category, PartnerSelectWarning)
        )
    )
    skipped = results.skipped
    notes += tuple(f"Analysis skipped: {name}: {why}" for name, why in skipped.items())
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
    )


def _dominance(problem: Problem) -> pd.DataFrame:
    from partnerselect.screening import dominance, flag_dominated

    flag_dominated(problem)
    dom = dominance(problem)
    return dom[dom["dominated_by"].map(len) > 0].reset_index(drop=True)
