"""The evaluation model: criteria, groups, weights, gates, method and analyses.

A model is usually written in TOML (``partnerselect init`` writes a commented template) and
read with :func:`partnerselect.read_model`. The file is data, never code: it is read with
``tomllib`` (or ``yaml.safe_load``) and gate rules are parsed by a real parser.

Schema
------
.. code-block:: toml

    [tender]                      # optional
    name = "AI platform partner 2027"
    as_of = "2026-11-01"          # reference date for recency weighting
    seed = 20261127               # every random analysis uses it

    [method]
    name = "topsis"               # any name in partnerselect.list_methods()
    params = { normalization = "vector" }
    ties = "min"                  # "min" | "dense" | "order"

    [[gates]]                     # must-have rules; a partner failing any is excluded
    rule = "iso27001 == true"
    reason = "ISO 27001 is mandatory"
    on_missing = "fail"           # or "pass"

    [track_record]                # defaults for every track-record criterion
    half_life_months = 24
    prior_strength = 5
    min_projects = 3
    level = 0.9

    [evaluators]
    aggregate = "mean"            # or "median"
    spread_tolerance = 1.5

    [weighting]                   # weights of the groups (any weights.from_spec spec)
    method = "direct"
    values = { cost = 30, delivery = 40, capability = 30 }

    [groups.delivery]
    label = "Delivery track record"
    weighting = { method = "roc", order = ["on_time_rate", "quality"] }  # optional

    [[criteria]]
    name = "day_rate_eur"
    group = "cost"
    objective = "min"
    source = "partners"           # "partners" | "track_record" | "evaluators"
    weight = 1                    # local weight in its group (or global if no groups)
    missing = "error"             # "exclude" | "prior" | "worst" | "error"
    why = "Daily rate drives total cost."

    [sensitivity]
    smaa_samples = 10000
    data_samples = 500
    compare = ["wsm", "topsis", "vikor", "promethee2"]
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from partnerselect.errors import ModelError

__all__ = ["SOURCES", "CriterionSpec", "EvaluationModel", "GateSpec", "parse_model", "read_model"]

SOURCES = ("partners", "track_record", "evaluators")
MISSING_POLICIES = ("exclude", "prior", "worst", "error")
_TOP_KEYS = {
    "columns",
    "tender",
    "method",
    "gates",
    "track_record",
    "evaluators",
    "weighting",
    "groups",
    "criteria",
    "sensitivity",
    "report",
    "scenarios",  # named what-if overrides, read by partnerselect.scenarios
}


@dataclasses.dataclass(frozen=True)
class GateSpec:
    """A must-have rule: ``rule`` in the gate language, the ``reason`` shown on exclusion."""

    rule: str
    reason: str | None = None
    on_missing: str = "fail"
    name: str | None = None


@dataclasses.dataclass(frozen=True)
class CriterionSpec:
    """One criterion of the model.

    Attributes
    ----------
    name : str
        Criterion name (the column of the decision matrix).
    objective : str
        ``"max"`` or ``"min"``.
    source : str
        ``"partners"`` (a partner column), ``"track_record"`` (a metric computed from
        project histories) or ``"evaluators"`` (aggregated evaluator scores).
    column : str
        Partner column or evaluator criterion name (defaults to ``name``).
    metric : str or None
        Track-record metric name (defaults to ``name``) for ``source="track_record"``.
    params : dict
        Metric parameters (override the ``[track_record]`` defaults).
    group : str or None
        Criteria group.
    weight : float or None
        Local weight inside the group (global weight when there are no groups).
    missing : str
        Missing-data policy: ``exclude``, ``prior``, ``worst`` or ``error``.
    price_scoring : dict or None
        ``{formula = "lowest_ratio" | "linear", floor = ..., ceiling = ...}`` turns a price
        into a benefit score.
    why : str
        One line for the report.
    """

    name: str
    objective: str = "max"
    source: str = "partners"
    column: str | None = None
    metric: str | None = None
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    group: str | None = None
    weight: float | None = None
    missing: str = "error"
    price_scoring: Mapping[str, Any] | None = None
    why: str = ""

    @property
    def key(self) -> str:
        """The column (partners), metric (track record) or score criterion (evaluators)."""
        if self.source == "track_record":
            return self.metric or self.name
        return self.column or self.name


@dataclasses.dataclass(frozen=True)
class EvaluationModel:
    """A validated evaluation model (see the module docstring for the file schema)."""

    criteria: tuple[CriterionSpec, ...]
    gates: tuple[GateSpec, ...] = ()
    method: str = "wsm"  # additive value model: the weights act as stated (docs/weights.md)
    method_params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    ties: str = "min"
    name: str = "Partner selection"
    as_of: dt.date | None = None
    seed: int = 0
    track_record: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    evaluators: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    weighting: Mapping[str, Any] | None = None
    groups: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    sensitivity: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    report: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    raw: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    source: str | None = None

    @property
    def criterion_names(self) -> list[str]:
        """Criterion names in model order."""
        return [c.name for c in self.criteria]

    def criterion(self, name: str) -> CriterionSpec:
        """The criterion called ``name``."""
        for c in self.criteria:
            if c.name == name:
                return c
        msg = f"The model has no criterion {name!r}; it has {', '.join(self.criterion_names)}."
        raise ModelError(msg, criterion=name, source=self.source)

    def replace(self, **changes: Any) -> EvaluationModel:
        """A copy with some fields changed (for what-if runs)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The model as plain data (what the audit record stores)."""
        return dict(self.raw)

    def __repr__(self) -> str:
        crits = ", ".join(f"{c.name} ({c.objective})" for c in self.criteria)
        return (
            f"<EvaluationModel {self.name!r}: {len(self.criteria)} criteria [{crits}], "
            f"{len(self.gates)} gates, method {self.method}>"
        )


def _fail(msg: str, source: str | None, **kw: Any) -> ModelError:
    return ModelError(msg, source=source, **kw)


def _table(raw: Mapping[str, Any], key: str, source: str | None) -> Mapping[str, Any]:
    val = raw.get(key, {})
    if not isinstance(val, Mapping):
        msg = f"[{key}] must be a table (key = value pairs), got {type(val).__name__}{_at(source)}."
        raise _fail(msg, source, column=key)
    return val


def _at(source: str | None) -> str:
    return f" in {source}" if source else ""


def parse_model(raw: Mapping[str, Any], *, source: str | None = None) -> EvaluationModel:
    """Validate a model dictionary (as loaded from TOML/YAML) into an EvaluationModel.

    Raises
    ------
    ModelError
        Unknown sections or keys, missing criteria, bad objectives, sources or policies.

    Examples
    --------
    >>> m = parse_model({"criteria": [{"name": "price", "objective": "min", "weight": 1},
    ...                               {"name": "quality", "weight": 2}]})
    >>> m.criterion_names, m.method
    (['price', 'quality'], 'wsm')
    """
    if not isinstance(raw, Mapping):
        msg = f"A model must be a table of sections{_at(source)}, got {type(raw).__name__}."
        raise _fail(msg, source)
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        msg = (
            f"Unknown section [{unknown[0]}]{_at(source)}. Known sections: "
            f"{', '.join(sorted(_TOP_KEYS))}."
        )
        raise _fail(msg, source, column=unknown[0])
    tender = _table(raw, "tender", source)
    method = _table(raw, "method", source)
    criteria = _parse_criteria(raw.get("criteria"), source)
    groups = _table(raw, "groups", source)
    for gname, g in groups.items():
        if not isinstance(g, Mapping):
            msg = f"[groups.{gname}] must be a table{_at(source)}."
            raise _fail(msg, source, column=str(gname))
    used_groups = {c.group for c in criteria if c.group is not None}
    if used_groups and any(c.group is None for c in criteria):
        lone = next(c.name for c in criteria if c.group is None)
        msg = (
            f"Criterion {lone!r} has no group while others do{_at(source)}. Give every "
            "criterion a `group`, or none of them."
        )
        raise _fail(msg, source, criterion=lone)
    for gname in groups:
        if gname not in used_groups:
            msg = f"Group {gname!r} has no criteria{_at(source)}. Remove it or assign criteria."
            raise _fail(msg, source, column=str(gname))
    weighting = raw.get("weighting")
    if weighting is not None and not isinstance(weighting, Mapping):
        msg = f"[weighting] must be a table with a `method` key{_at(source)}."
        raise _fail(msg, source, column="weighting")
    as_of = tender.get("as_of")
    if as_of is not None and not isinstance(as_of, dt.date):
        try:
            as_of = dt.date.fromisoformat(str(as_of))
        except ValueError:
            msg = f"tender.as_of {as_of!r} is not a date; write it as YYYY-MM-DD{_at(source)}."
            raise _fail(msg, source, column="as_of", value=as_of) from None
    if isinstance(as_of, dt.datetime):
        as_of = as_of.date()
    seed = tender.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        msg = f"tender.seed must be a non-negative integer, got {seed!r}{_at(source)}."
        raise _fail(msg, source, column="seed", value=seed)
    params = method.get("params", {})
    if not isinstance(params, Mapping):
        msg = f"method.params must be a table{_at(source)}."
        raise _fail(msg, source, column="method.params")
    gates = _parse_gates(raw.get("gates", []), source)
    return EvaluationModel(
        criteria=criteria,
        gates=gates,
        method=str(method.get("name", "wsm")),
        method_params=dict(params),
        ties=str(method.get("ties", "min")),
        name=str(tender.get("name", "Partner selection")),
        as_of=as_of,
        seed=seed,
        track_record=dict(_table(raw, "track_record", source)),
        evaluators=dict(_table(raw, "evaluators", source)),
        weighting=dict(weighting) if weighting is not None else None,
        groups={str(k): dict(v) for k, v in groups.items()},
        sensitivity=dict(_table(raw, "sensitivity", source)),
        report=dict(_table(raw, "report", source)),
        raw=_plain(raw),
        source=source,
    )


_CRIT_KEYS = {f.name for f in dataclasses.fields(CriterionSpec)}


def _parse_criteria(items: Any, source: str | None) -> tuple[CriterionSpec, ...]:
    if not items:
        msg = f"The model has no [[criteria]]{_at(source)}. Declare at least one criterion."
        raise _fail(msg, source, column="criteria")
    if not isinstance(items, Sequence) or isinstance(items, str):
        msg = f"`criteria` must be an array of tables ([[criteria]]){_at(source)}."
        raise _fail(msg, source, column="criteria")
    out: list[CriterionSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            msg = f"Criterion #{i} must be a table with at least a `name`{_at(source)}."
            raise _fail(msg, source, row=i)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            msg = f"Criterion #{i} has no `name`{_at(source)}. Give each criterion a unique name."
            raise _fail(msg, source, row=i)
        bad = sorted(set(item) - _CRIT_KEYS)
        if bad:
            msg = (
                f"Criterion {name!r} has unknown key {bad[0]!r}{_at(source)}. Allowed keys: "
                f"{', '.join(sorted(_CRIT_KEYS))}."
            )
            raise _fail(msg, source, criterion=name, column=bad[0])
        if name in seen:
            msg = f"Criterion {name!r} is declared twice{_at(source)}. Criterion names must be unique."
            raise _fail(msg, source, criterion=name)
        seen.add(name)
        objective = str(item.get("objective", "max")).lower()
        if objective not in {"max", "min"}:
            msg = f"Criterion {name!r}: objective must be 'max' or 'min', got {item.get('objective')!r}."
            raise _fail(msg, source, criterion=name, value=item.get("objective"))
        src = str(item.get("source", "partners"))
        if src not in SOURCES:
            msg = f"Criterion {name!r}: source must be one of {list(SOURCES)}, got {src!r}."
            raise _fail(msg, source, criterion=name, value=src)
        missing = str(item.get("missing", "error"))
        if missing not in MISSING_POLICIES:
            msg = f"Criterion {name!r}: missing must be one of {list(MISSING_POLICIES)}, got {missing!r}."
            raise _fail(msg, source, criterion=name, value=missing)
        weight = item.get("weight")
        if weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0
        ):
            msg = f"Criterion {name!r}: weight must be a number >= 0, got {weight!r}."
            raise _fail(msg, source, criterion=name, value=weight)
        params = item.get("params", {})
        if not isinstance(params, Mapping):
            msg = f"Criterion {name!r}: params must be a table."
            raise _fail(msg, source, criterion=name)
        price = item.get("price_scoring")
        if price is not None and not isinstance(price, Mapping):
            msg = f"Criterion {name!r}: price_scoring must be a table with a `formula`."
            raise _fail(msg, source, criterion=name)
        out.append(
            CriterionSpec(
                name=name,
                objective=objective,
                source=src,
                column=item.get("column"),
                metric=item.get("metric"),
                params=dict(params),
                group=item.get("group"),
                weight=None if weight is None else float(weight),
                missing=missing,
                price_scoring=None if price is None else dict(price),
                why=str(item.get("why", "")),
            )
        )
    return tuple(out)


def _parse_gates(items: Any, source: str | None) -> tuple[GateSpec, ...]:
    if not isinstance(items, Sequence) or isinstance(items, str):
        msg = f"`gates` must be an array of tables ([[gates]]){_at(source)}."
        raise _fail(msg, source, column="gates")
    out = []
    for i, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"rule": item}
        if not isinstance(item, Mapping) or not isinstance(item.get("rule"), str):
            msg = f'Gate #{i} needs a `rule` string such as "iso27001 == true"{_at(source)}.'
            raise _fail(msg, source, row=i)
        on_missing = str(item.get("on_missing", "fail"))
        if on_missing not in {"fail", "pass"}:
            msg = f"Gate #{i}: on_missing must be 'fail' or 'pass', got {on_missing!r}."
            raise _fail(msg, source, row=i, value=on_missing)
        out.append(
            GateSpec(
                rule=item["rule"],
                reason=item.get("reason"),
                on_missing=on_missing,
                name=item.get("name"),
            )
        )
    return tuple(out)


def _plain(obj: Any) -> Any:
    """Deep copy into JSON-friendly plain data (dates as ISO strings)."""
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, dt.date | dt.datetime | dt.time):
        return obj.isoformat()
    return obj


def read_model(path: str | Path | Mapping[str, Any] | EvaluationModel) -> EvaluationModel:
    """Read a model from a TOML/YAML file, a dict, or pass an EvaluationModel through."""
    if isinstance(path, EvaluationModel):
        return path
    if isinstance(path, Mapping):
        return parse_model(path)
    from partnerselect.io import load_model_dict

    return parse_model(load_model_dict(path), source=str(path))
