"""Turn screened partners, track records and evaluator scores into criterion values.

One function, :func:`build_criteria`, applies the model's criteria to the eligible partners
and returns a :class:`CriteriaTable`: the value of every (partner, criterion) cell with its
evidence (n, interval, flags) and the sampling information a Monte Carlo needs, plus the
partners a missing-data policy excluded, each with its reason.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import (
    DataError,
    ImputationWarning,
    MissingValueError,
    ModelError,
    SchemaError,
)
from partnerselect.model import CriterionSpec, EvaluationModel
from partnerselect.problem import UNCERTAINTY_COLUMNS

__all__ = ["CELL_COLUMNS", "CriteriaTable", "build_criteria"]

#: Columns of :attr:`CriteriaTable.cells` besides the (partner_id, criterion) index.
CELL_COLUMNS = (
    "value",
    "raw",
    "lower",
    "upper",
    "n",
    "source",
    "insufficient",
    "imputed",
    "note",
    *UNCERTAINTY_COLUMNS,
)


@value_equality
@dataclasses.dataclass(frozen=True)
class CriteriaTable:
    """Criterion values with their evidence.

    Attributes
    ----------
    values : pandas.DataFrame
        Eligible partners (not excluded by a missing-data policy) x criteria, numeric.
    cells : pandas.DataFrame
        Long table indexed by (partner_id, criterion) with :data:`CELL_COLUMNS`.
    excluded : pandas.DataFrame
        Partners excluded by a missing-data policy (partner_id, rule, reason, value).
    objectives : dict
        Objective per criterion as used in the decision matrix (a price turned into points by
        a price-scoring formula becomes ``"max"``).
    metrics : dict
        Track-record metric results by criterion name.
    evaluators : object or None
        The aggregated evaluator scores.
    """

    values: pd.DataFrame
    cells: pd.DataFrame
    excluded: pd.DataFrame
    objectives: Mapping[str, str]
    metrics: Mapping[str, Any]
    evaluators: Any

    @property
    def priors(self) -> pd.DataFrame:
        """The portfolio prior fitted for each track-record criterion (mean, strength,
        between-partner spread, method, fallback); see
        :func:`partnerselect.trackrecord.prior_table`."""
        from partnerselect.trackrecord import prior_table

        return prior_table(self.metrics)

    @property
    def uncertainty(self) -> pd.DataFrame:
        """Sampling information per cell, for :attr:`partnerselect.Problem.uncertainty`."""
        from partnerselect.trackrecord.stats import partner_codes

        ids = self.values.index.to_numpy(dtype=object).tolist()
        keep = partner_codes(pd.Series(self.cells.index.get_level_values(0)), ids) >= 0
        return self.cells.loc[keep, list(UNCERTAINTY_COLUMNS)].copy()


def _excluded_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["partner_id", "rule", "reason", "value"])


def _fill_missing(
    values: pd.Series, spec: CriterionSpec, fallback: float | None = None
) -> tuple[pd.Series, list[dict[str, Any]], pd.Series]:
    """Apply the criterion's missing-data policy to one column of values.

    Returns the filled values, exclusion rows and a boolean mask of imputed cells.
    """
    missing = values.isna()
    imputed = pd.Series(False, index=values.index)
    if not missing.any():
        return values, [], imputed
    ids = [str(p) for p in values.index[missing]]
    policy = spec.missing
    if policy == "error":
        msg = (
            f"Criterion {spec.name!r} has no value for partner(s) {', '.join(ids)}. Fill the "
            f'data in, or set `missing = "exclude" | "prior" | "worst"` for this criterion '
            "in the model."
        )
        raise MissingValueError(msg, criterion=spec.name, partner=ids[0], column=spec.key)
    if policy == "exclude":
        rows = [
            {
                "partner_id": p,
                "rule": f"missing:{spec.name}",
                "reason": f"no value for {spec.name} (missing-data policy: exclude)",
                "value": "",
            }
            for p in ids
        ]
        return values[~missing], rows, imputed[~missing]
    observed = values[~missing].astype(float)
    if observed.empty and fallback is None:
        msg = (
            f"Criterion {spec.name!r} has no value for any partner, so the {policy!r} policy "
            "has nothing to fill in from. Provide data or drop the criterion."
        )
        raise MissingValueError(msg, criterion=spec.name)
    if policy == "worst":
        fill = float(observed.min() if spec.objective == "max" else observed.max())
        how = "the worst observed value"
    else:  # prior
        fill = float(observed.mean()) if fallback is None else float(fallback)
        how = "the portfolio value"
    warnings.warn(
        f"Criterion {spec.name!r}: no value for {', '.join(ids)}; filled with {how} "
        f"({fill:.4g}) by the {policy!r} policy. The cell is flagged as imputed.",
        ImputationWarning,
        stacklevel=4,
    )
    out = values.astype(float).copy()
    out[missing] = fill
    imputed[missing] = True
    return out, [], imputed


def _blank_cells(index: pd.Index, criterion: str, source: str) -> pd.DataFrame:
    given = {"source": source, "insufficient": False, "imputed": False, "note": "", "dist": "fixed"}
    data: dict[str, Any] = {"criterion": criterion}
    for col in CELL_COLUMNS:
        data.setdefault(col, given.get(col, np.nan))
    return pd.DataFrame(data, index=index)  # one constructor, not a column insert each


def build_criteria(
    partners: pd.DataFrame,
    records: pd.DataFrame | None,
    scores: pd.DataFrame | None,
    model: EvaluationModel,
    *,
    moderations: pd.DataFrame | None = None,
) -> CriteriaTable:
    """Compute every criterion of ``model`` for ``partners`` (already screened).

    Parameters
    ----------
    partners : pandas.DataFrame
        Eligible partners, indexed by or with a ``partner_id`` column.
    records : pandas.DataFrame or None
        Track records (needed when a criterion has ``source = "track_record"``).
    scores : pandas.DataFrame or None
        Evaluator scores, long format (needed for ``source = "evaluators"``).
    model : EvaluationModel

    Raises
    ------
    SchemaError
        A partner column named by a criterion is absent.
    ModelError
        A track-record or evaluator criterion without its data.
    MissingValueError
        A value is missing and the criterion's policy is ``error``.
    """
    from partnerselect import pricing, trackrecord
    from partnerselect.evaluators import aggregate_scores, match_scores

    table = partners.set_index("partner_id", drop=False) if "partner_id" in partners else partners
    ids = [str(p) for p in table.index.to_numpy(dtype=object).tolist()]
    index = pd.Index(ids, name="partner_id")
    columns: dict[str, pd.Series] = {}
    cells: list[pd.DataFrame] = []
    excluded: list[dict[str, Any]] = []
    objectives: dict[str, str] = {}
    metrics: dict[str, Any] = {}

    from partnerselect.trackrecord.engines import PandasEngine

    # one preparation of the records (ids, dates, statuses) shared by every metric
    shared = PandasEngine(reuse=True)
    if records is not None and any(c.source == "track_record" for c in model.criteria):
        from partnerselect.trackrecord.dates import screen_records

        future = getattr(model.track_record, "future", "exclude")
        records = screen_records(records, model.as_of, future=future)
        from partnerselect.trackrecord.stats import partner_codes

        records = records[partner_codes(records["partner_id"], ids) >= 0]  # once, not per metric

    evaluator_result = None
    if any(c.source == "evaluators" for c in model.criteria):
        if scores is None:
            name = next(c.name for c in model.criteria if c.source == "evaluators")
            msg = (
                f"Criterion {name!r} comes from evaluator scores, but none were given. Pass "
                "scores=... (an evaluator_scores.csv) or change the criterion's source."
            )
            raise ModelError(msg, criterion=name)
        ev = model.evaluators
        keys = list(dict.fromkeys(c.key for c in model.criteria if c.source == "evaluators"))
        scores = match_scores(scores, keys, ids)
        evaluator_result = aggregate_scores(
            scores[scores["partner_id"].astype(str).isin(ids)],
            how=ev.get("aggregate", "mean"),
            spread_tolerance=float(ev.get("spread_tolerance", 1.0)),
            moderations=moderations,
        )

    for spec in model.criteria:
        cell = _blank_cells(index, spec.name, spec.source)
        if spec.source == "partners":
            from partnerselect.io.tables import resolve_column

            # the header as the user typed it finds the column the reader renamed
            key = resolve_column(table, spec.key) or spec.key
            if key not in table.columns:
                msg = (
                    f"Criterion {spec.name!r} reads partner column {spec.key!r}, which the "
                    f"partner table lacks. Columns: {', '.join(map(str, table.columns))}."
                )
                raise SchemaError(msg, column=spec.key, criterion=spec.name)
            text = table.attrs.get("not_numeric", {}).get(key)
            if text is not None:
                msg = (
                    f"Criterion {spec.name!r} reads partner column {key!r}, which is not "
                    f"numeric: row {text['row']} holds {text['value']!r} ({text['why']}) "
                    'Write numbers only in that column (declare unit = "percent" for '
                    "values such as '8 %'), or point the criterion at a numeric column."
                )
                raise DataError(msg, column=key, criterion=spec.name, value=text["value"])
            raw = pd.to_numeric(pd.Series(table[key].to_numpy(), index=index), errors="coerce")
            cell["n"] = 1.0
        elif spec.source == "track_record":
            if records is None:
                msg = (
                    f"Criterion {spec.name!r} is a track-record metric, but no track records "
                    "were given. Pass records=... or change the criterion's source."
                )
                raise ModelError(msg, criterion=spec.name)
            defaults = _track_record_defaults(model)
            metric_spec = trackrecord.METRICS.get(spec.key)
            is_rate = metric_spec is not None and (
                metric_spec.kind == "rate" or spec.params.get("agg") == "share"
            )
            if "prior" in defaults and not is_rate:
                # A model-wide Beta prior applies to the rate metrics only.
                defaults.pop("prior")
            params = {**defaults, **spec.params}
            if model.as_of is not None:
                params.setdefault("as_of", model.as_of)
            if params.get("engine", "pandas") == "pandas":
                params["engine"] = shared
            result = trackrecord.compute_metric(
                records,
                spec.key,
                partners=ids,
                **params,
            )
            # The metric's own policy keeps the prior's uncertainty on imputed cells.
            result = trackrecord.apply_missing_policy(result, spec.missing, spec.objective)
            metrics[spec.name] = result
            excluded.extend(
                {str(k): v for k, v in row.items()} for row in result.excluded.to_dict("records")
            )
            t = result.table.reindex(index)
            raw = t["value"].astype(float)
            for col in ("raw", "lower", "upper", "n", *UNCERTAINTY_COLUMNS):
                if col in t:
                    cell[col] = t[col].to_numpy()
            cell["insufficient"] = t["insufficient"].fillna(False).astype(bool).to_numpy()
            imputed_tr = t["imputed"].fillna(False).astype(bool)
            cell["imputed"] = imputed_tr.to_numpy()
            if imputed_tr.any():
                cell.loc[imputed_tr.to_numpy(), "note"] = f"imputed ({spec.missing})"
        else:
            assert evaluator_result is not None
            vals = evaluator_result.values
            if spec.key not in vals.columns:
                msg = (
                    f"Criterion {spec.name!r} reads evaluator criterion {spec.key!r}, which no "
                    f"evaluator scored. Scored: {', '.join(map(str, vals.columns))}."
                )
                raise SchemaError(msg, column=spec.key, criterion=spec.name)
            raw = vals[spec.key].reindex(index).astype(float)
            long = evaluator_result.table
            sub = long[long["criterion"] == spec.key].set_index("partner_id").reindex(index)
            for col in ("lower", "upper", *UNCERTAINTY_COLUMNS):
                if col in sub:
                    cell[col] = sub[col].to_numpy()
            cell["n"] = sub["k"].to_numpy() if "k" in sub else np.nan
            if "lower" not in sub and "min" in sub and "max" in sub:
                cell["lower"], cell["upper"] = sub["min"].to_numpy(), sub["max"].to_numpy()
        cell["raw"] = cell["raw"].where(cell["raw"].notna(), raw.reindex(index))
        if spec.source == "track_record":
            filled = raw.dropna()
        else:
            filled, rows, imputed = _fill_missing(raw, spec)
            excluded.extend(rows)
            if imputed.any():
                cell.loc[imputed.index[imputed], "imputed"] = True
                cell.loc[imputed.index[imputed], "note"] = f"imputed ({spec.missing})"
                cell.loc[imputed.index[imputed], "dist"] = "fixed"
        objective = spec.objective
        if spec.price_scoring is not None:
            ps_params = dict(spec.price_scoring)
            formula = ps_params.pop("formula", "lowest_ratio")
            filled = pricing.price_score(filled, formula=formula, **ps_params)
            objective = "max"
            cell["note"] = cell["note"].where(cell["note"] != "", f"price points ({formula})")
            cell["dist"] = "fixed"
        cell["value"] = filled.reindex(index).to_numpy()
        columns[spec.name] = filled.reindex(index)
        objectives[spec.name] = objective
        cells.append(cell)

    values = pd.DataFrame(columns, index=index)
    drop = sorted({r["partner_id"] for r in excluded})
    values = values.drop(index=drop)
    cells_df = pd.concat(cells).set_index("criterion", append=True)
    return CriteriaTable(
        values=values,
        cells=cells_df,
        excluded=_excluded_frame(excluded),
        objectives=objectives,
        metrics=metrics,
        evaluators=evaluator_result,
    )


def _track_record_defaults(model: EvaluationModel) -> dict[str, Any]:
    """The ``[track_record]`` keys the file gave that are metric parameters."""
    tr = model.track_record
    if hasattr(tr, "metric_params"):
        return dict(tr.metric_params())
    return {k: v for k, v in dict(tr).items() if k != "future"}
