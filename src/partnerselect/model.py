"""The evaluation model: criteria, groups, weights, gates, method and analyses.

A model is usually written in TOML (``partnerselect init`` writes a commented template) and
read with :func:`partnerselect.read_model`. The file is data, never code: it is read with
``tomllib`` (or a safe YAML loader, or :mod:`json`) and gate rules are parsed by a real
parser.

Every section is parsed into a small typed, frozen object (:class:`TenderSection`,
:class:`SensitivitySection`, :class:`CriterionSpec`...) that refuses unknown keys (with a
did-you-mean), wrong types and values out of range, naming the section and key. Sections
also read as mappings of the keys the file gave (``model.sensitivity.get("compare")``). The
reference of every key, generated from these objects, is ``docs/model-file.md``
(``python -m partnerselect.model``); :func:`model_problems` lists every problem at once.

Schema
------
.. code-block:: toml

    [tender]                      # optional
    name = "AI platform partner 2027"
    as_of = "2026-11-01"          # reference date for recency weighting
    seed = 20261127               # every random analysis uses it

    [method]
    name = "wsm"                  # any name in partnerselect.list_methods()
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

# ruff: noqa: RUF009 -- `field` is the schema's dataclass field specifier (_schema.field)
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from partnerselect import _schema as sc
from partnerselect._schema import Section, did_you_mean, field, parse_section
from partnerselect.errors import ModelError, PartnerSelectError, RuleSyntaxError

__all__ = [
    "SECTIONS",
    "SOURCES",
    "ColumnsSection",
    "CriterionSpec",
    "EvaluationModel",
    "EvaluatorsSection",
    "GateSpec",
    "GroupSpec",
    "KpiSpec",
    "MethodSection",
    "MonitoringSection",
    "ReportSection",
    "ScenarioSpec",
    "SensitivitySection",
    "TenderSection",
    "TrackRecordSection",
    "WeightingSpec",
    "model_problems",
    "parse_model",
    "read_model",
]

SOURCES = ("partners", "track_record", "evaluators")
MISSING_POLICIES = ("exclude", "prior", "worst", "error")
#: Parameters of ``trackrecord.compute_metric`` a model may set (besides metric parameters).
TRACK_RECORD_KEYS = (
    "half_life_months",
    "size_weight",
    "prior_strength",
    "prior",
    "min_projects",
    "level",
    "interval",
    "columns",
)
_TEXT = sc.text()


def _auto_or(check: sc.Check) -> sc.Check:
    return sc.either(sc.choice("auto"), check)


# --------------------------------------------------------------------------- [tender]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class TenderSection(Section):
    title: ClassVar[str] = "[tender]"
    about: ClassVar[str] = "The tender's name, reference date and random seed (optional)."

    name: str = field("Partner selection", doc="Title of the reports.", check=_TEXT)
    as_of: dt.date | None = field(
        None, doc="Reference date of recency weighting and track-record screening.", check=sc.date()
    )
    seed: int = field(0, doc="Seed of every random analysis.", check=sc.integer(ge=0))


def _ties(v: Any, where: str) -> str:
    from partnerselect.errors import ParameterError

    try:
        return str(sc.choice("min", "dense", "order")(v, where))
    except ModelError as exc:
        msg = f"{where}: The 'ties' parameter {exc.message.removeprefix(where).strip()}"
        raise ParameterError(msg, value=v, column="ties") from None


# --------------------------------------------------------------------------- [method]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class MethodSection(Section):
    title: ClassVar[str] = "[method]"
    about: ClassVar[str] = "The ranking method and its parameters."

    name: str = field("wsm", doc="Any name in `partnerselect.list_methods()`.", check=_TEXT)
    params: Mapping[str, Any] = field(
        doc="The method's parameters (each method lists its own; unknown keys are refused).",
        check=sc.table_of(),
        factory=dict,
    )
    ties: str = field(
        "min",
        doc="How tied scores share ranks.",
        check=sc.Check('"min" or "dense" or "order"', _ties),
    )

    def post_check(self, where: str) -> None:
        check_method(self.name, self.params, where)


def check_method(name: str, params: Mapping[str, Any], where: str) -> None:
    """Unknown method names and parameters, named with their section.

    Raises the classes the ranking itself raises (UnknownMethodError, ParameterError), at
    parse time and naming the model section.
    """
    from partnerselect.errors import ParameterError, UnknownMethodError
    from partnerselect.methods import list_methods
    from partnerselect.methods._base import _REGISTRY

    key = name.strip().lower()
    if key not in _REGISTRY:
        msg = (
            f"{where} name: Unknown method {name!r}.{did_you_mean(key, list_methods())} "
            f"Must be one of: {', '.join(list_methods())}."
        )
        raise UnknownMethodError(msg, value=name, column="name")
    cls = _REGISTRY[key]
    defaults = cls.defaults
    for p in params:
        if p not in defaults:
            known = ", ".join(sorted(defaults)) or "none"
            label = cls.label or cls.name.upper()
            msg = (
                f"{where} params has unknown key {p!r}: {label} got unknown parameter(s) "
                f"[{p!r}].{did_you_mean(p, list(defaults))} Its parameters are: {known}."
            )
            raise ParameterError(msg, value=p, column=p)


# --------------------------------------------------------------------------- [[gates]]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class GateSpec(Section):
    """A must-have rule: ``rule`` in the gate language, the ``reason`` shown on exclusion."""

    title: ClassVar[str] = "[[gates]]"
    about: ClassVar[str] = (
        "Must-have rules; a partner failing any is excluded with the reason. A gate may also "
        "be written as a plain string (the rule)."
    )
    required: ClassVar[tuple[str, ...]] = ("rule",)

    rule: str = field("", doc='The rule, e.g. `"iso27001 == true"`.', check=sc.text(nonempty=True))
    reason: str | None = field(None, doc="Shown to the committee on exclusion.", check=_TEXT)
    on_missing: str = field(
        "fail", doc="A partner without the value fails or passes.", check=sc.choice("fail", "pass")
    )
    name: str | None = field(None, doc="Short label.", check=_TEXT)

    def post_check(self, where: str) -> None:
        from partnerselect.rules import parse_rule

        try:
            parse_rule(self.rule)
        except RuleSyntaxError as exc:
            msg = f"{where} rule {self.rule!r} does not parse: {exc}"
            raise RuleSyntaxError(
                msg, rule=exc.rule, position=exc.position, column="rule", value=self.rule
            ) from None


def _gate_item(v: Any, where: str) -> GateSpec:
    if isinstance(v, str):
        v = {"rule": v}
    if not isinstance(v, Mapping) or not isinstance(v.get("rule"), str):
        msg = f'{where} needs a `rule` string such as "iso27001 == true".'
        raise ModelError(msg.replace("gates #", "Gate #"), value=v)
    return parse_section(GateSpec, v, where.replace("gates #", "Gate #"))


_GATES = sc.Check("array of tables ([[gates]]) or rule strings", lambda v, w: _gates(v, w))


def _gates(v: Any, where: str) -> tuple[GateSpec, ...]:
    if isinstance(v, str) or not isinstance(v, Sequence):
        raise sc.fail(where, "must be an array of tables ([[gates]]).", v)
    return tuple(_gate_item(x, f"gates #{i}") for i, x in enumerate(v, start=1))


# --------------------------------------------------------------------------- [track_record]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class TrackRecordSection(Section):
    title: ClassVar[str] = "[track_record]"
    about: ClassVar[str] = (
        "Defaults of every track-record criterion (a criterion's `params` override them), "
        "and how dates after `as_of` are handled."
    )

    half_life_months: float | None = field(
        None, doc="Recency: a project this many months old counts half.", check=sc.number(gt=0)
    )
    size_weight: str | None = field(
        None, doc="Weight projects by size (e.g. `budget`).", check=_TEXT
    )
    prior_strength: float | str = field(
        "auto",
        doc="Pseudo-projects of portfolio evidence added to each partner.",
        check=_auto_or(sc.number(ge=0)),
    )
    prior: Any = field(
        "pooled",
        doc='`"pooled"` or a fixed prior `[mean, strength]`.',
        check=sc.either(_TEXT, sc.list_of(sc.number(), one_item_text=False)),
    )
    min_projects: int = field(3, doc="Flag cells with fewer projects.", check=sc.integer(ge=0))
    level: float = field(0.9, doc="Interval level.", check=sc.number(gt=0, lt=1))
    interval: str | None = field(None, doc="Interval kind.", check=_TEXT)
    columns: Mapping[str, str] = field(
        doc="Role -> track-record column.", check=sc.table_of(_TEXT), factory=dict
    )
    future: str = field(
        "exclude",
        doc="Projects dated after `as_of`: excluded with a note, or an error.",
        check=sc.choice("exclude", "error"),
    )

    def metric_params(self) -> dict[str, Any]:
        """The given keys that are parameters of ``trackrecord.compute_metric``."""
        return {k: self[k] for k in self if k != "future"}


# --------------------------------------------------------------------------- [evaluators]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class EvaluatorsSection(Section):
    title: ClassVar[str] = "[evaluators]"
    about: ClassVar[str] = "How evaluator scores are read and aggregated."

    aggregate: str = field(
        "mean", doc="Per partner and criterion.", check=sc.choice("mean", "median")
    )
    spread_tolerance: float = field(
        1.0, doc="Flag cells where evaluators differ by more points.", check=sc.number(ge=0)
    )
    layout: str = field(
        "auto",
        doc="Score table layout: one row per score, one column per criterion, or detected.",
        check=sc.choice("long", "wide", "auto"),
    )


# --------------------------------------------------------------------------- weighting
def _nan_free(v: Any, where: str) -> Any:
    """Judgment values: numbers or fraction strings, never NaN or infinite."""
    stack = [(v, where)]
    while stack:
        x, w = stack.pop()
        if isinstance(x, Mapping):
            stack.extend((y, f"{w}.{k}") for k, y in x.items())
        elif isinstance(x, list | tuple):
            stack.extend((y, f"{w}[{i}]") for i, y in enumerate(x))
        elif isinstance(x, float) and x != x:
            raise sc.fail(w, "is NaN. Give every judgment a number (1 = equally important).", x)
        elif isinstance(x, float) and abs(x) == float("inf"):
            raise sc.fail(w, "is infinite. Judgments are on the 1/9..9 scale.", x)
        elif isinstance(x, bool) or x is None:
            raise sc.fail(w, f"is not a number{sc.yaml11_hint(x)}.", x)
    return v


_ANY = sc.Check("value", lambda v, w: _nan_free(v, w))


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class WeightingSpec(Section):
    title: ClassVar[str] = "[weighting]"
    about: ClassVar[str] = (
        "Weights of the groups (or of the criteria when there are no groups): any "
        "`partnerselect.weights.from_spec` spec. Each method takes its own keys."
    )
    required: ClassVar[tuple[str, ...]] = ("method",)

    method: str = field(
        "",
        doc="direct, equal, roc, rank_sum, reciprocal, swing, ahp, entropy, critic, std_dev, merec or combine.",
        check=_TEXT,
    )
    values: Any = field(
        None, doc="direct: `{criterion = points}`.", check=sc.table_of(sc.number(ge=0))
    )
    percent: bool = field(False, doc="direct: values are percentages.", check=sc.boolean())
    order: Any = field(None, doc="roc/rank_sum/reciprocal: most important first.", check=_ANY)
    points: Any = field(
        None, doc="swing: `{criterion = points}`.", check=sc.table_of(sc.number(ge=0))
    )
    ranges: Any = field(
        None,
        doc="swing: `{criterion = [worst, best]}`, the reference levels the points refer to.",
        check=_ANY,
    )
    criteria: Any = field(None, doc="ahp: order of the criteria.", check=sc.list_of(_TEXT))
    judgments: Any = field(None, doc='ahp: `{"a/b" = 3}`.', check=_ANY)
    matrix: Any = field(None, doc="ahp: the pairwise matrix.", check=_ANY)
    evaluators: Any = field(None, doc="ahp: judgments per evaluator.", check=_ANY)
    priority: str | None = field(
        None, doc="ahp: priority vector.", check=sc.choice("eigen", "rgmm")
    )
    aggregation: str | None = field(
        None, doc="ahp with evaluators.", check=sc.choice("judgments", "priorities")
    )
    cr_threshold: float | None = field(
        None, doc="ahp: consistency threshold.", check=sc.number(gt=0)
    )
    random_index: Any = field(None, doc="ahp: random index table.", check=_ANY)
    compatibility_threshold: float | None = field(
        None, doc="ahp with evaluators.", check=sc.number(gt=0)
    )
    apply_types: bool | None = field(None, doc="critic.", check=sc.boolean())
    normalize: bool | None = field(None, doc="std_dev.", check=sc.boolean())
    subjective: Any = field(None, doc="combine: a weighting table.", check=_ANY)
    objective: Any = field(None, doc="combine: a weighting table.", check=_ANY)
    combination: str | None = field(
        None, doc="combine.", check=sc.choice("multiplicative", "additive")
    )
    alpha: float | None = field(
        None, doc="combine: share of subjective.", check=sc.number(ge=0, le=1)
    )

    @classmethod
    def pre_check(cls, raw: Mapping[str, Any], where: str) -> None:
        from partnerselect.weights.spec import SPEC_KEYS, _check_keys

        method = raw.get("method")
        if isinstance(method, str) and method in SPEC_KEYS:
            _check_keys(raw, method, f" in {where}")  # names the method's own keys

    def post_check(self, where: str) -> None:
        from partnerselect.weights.spec import SPEC_KEYS, _check_keys

        if self.method not in SPEC_KEYS:
            msg = (
                f"method {self.method!r} is not a weighting method."
                f"{did_you_mean(self.method, list(SPEC_KEYS))} Methods: {', '.join(SPEC_KEYS)}."
            )
            raise sc.fail(where, msg, self.method, column="method")
        _check_keys(dict(self), self.method, f" in {where}")
        for key in ("subjective", "objective"):
            if key in self:
                parse_section(WeightingSpec, self[key], f"{where} {key}")


# --------------------------------------------------------------------------- [groups.*]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class GroupSpec(Section):
    title: ClassVar[str] = "[groups.<name>]"
    about: ClassVar[str] = "A group of criteria (`group` key of each criterion)."

    label: str | None = field(None, doc="Name shown in reports.", check=_TEXT)
    weight: float | None = field(None, doc="Group weight (no [weighting]).", check=sc.number(ge=0))
    weighting: WeightingSpec | None = field(
        None,
        doc="Weights of the group's criteria (a weighting table).",
        check=sc.section_of(WeightingSpec),
    )


# --------------------------------------------------------------------------- [[criteria]]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class PriceScoring(Section):
    title: ClassVar[str] = "price_scoring"
    about: ClassVar[str] = "Turns a price into benefit points (a criterion's `price_scoring`)."

    formula: str = field(
        "lowest_ratio", doc="Procurement formula.", check=sc.choice("lowest_ratio", "linear")
    )
    floor: float | None = field(None, doc="linear: price scoring full points.", check=sc.number())
    ceiling: float | None = field(None, doc="linear: price scoring zero.", check=sc.number())
    max_points: float = field(1.0, doc="Points of the best price.", check=sc.number(gt=0))


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class CriterionSpec(Section):
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
    price_scoring : PriceScoring or None
        ``{formula = "lowest_ratio" | "linear", floor = ..., ceiling = ...}`` turns a price
        into a benefit score.
    why : str
        One line for the report.
    unit : str or None
        Declared unit of the column (``"percent"`` accepts ``8%``).
    """

    title: ClassVar[str] = "[[criteria]]"
    about: ClassVar[str] = "The criteria, in report order (at least one)."
    required: ClassVar[tuple[str, ...]] = ("name",)

    name: str = field("", doc="Unique criterion name.", check=sc.text(nonempty=True))
    objective: str = field("max", doc="Higher or lower is better.", check=sc.choice("max", "min"))
    source: str = field("partners", doc="Where the value comes from.", check=sc.choice(*SOURCES))
    column: str | None = field(
        None, doc="Partner column / evaluator criterion (default: name).", check=_TEXT
    )
    metric: str | None = field(None, doc="Track-record metric (default: name).", check=_TEXT)
    params: Mapping[str, Any] = field(
        doc="Metric parameters (track_record only).", check=sc.table_of(), factory=dict
    )
    group: str | None = field(None, doc="Criteria group.", check=_TEXT)
    weight: float | None = field(None, doc="Local weight in its group.", check=sc.number(ge=0))
    missing: str = field("error", doc="Missing-data policy.", check=sc.choice(*MISSING_POLICIES))
    price_scoring: PriceScoring | None = field(
        None, doc="Price to points (see below).", check=sc.section_of(PriceScoring)
    )
    why: str = field("", doc="One line for the report.", check=_TEXT)
    unit: str | None = field(
        None, doc='Declared unit, e.g. `"percent"` (accepts `8%`).', check=sc.choice("percent")
    )

    @property
    def key(self) -> str:
        """The column (partners), metric (track record) or score criterion (evaluators)."""
        if self.source == "track_record":
            return self.metric or self.name
        return self.column or self.name

    def post_check(self, where: str) -> None:
        if self.params and self.source != "track_record":
            msg = 'params applies only to track-record criteria (source = "track_record").'
            raise sc.fail(where, msg, dict(self.params), column="params", criterion=self.name)
        if self.source == "track_record":
            check_metric_params(self.key, self.params, f"{where}: params", self.name)


def check_metric_params(
    metric: str, params: Mapping[str, Any], where: str, criterion: str | None = None
) -> None:
    """Unknown or mistyped track-record metric parameters."""
    from partnerselect import trackrecord

    spec = trackrecord.METRICS.get(metric)
    if spec is None:
        known = sorted(trackrecord.METRICS)
        msg = (
            f"reads the track-record metric {metric!r}, which does not exist."
            f"{did_you_mean(metric, known)} Metrics: {', '.join(known)} (set `metric` when "
            "the criterion's name differs)."
        )
        raise sc.fail(
            where.removesuffix(": params"), msg, metric, column="metric", criterion=criterion
        )
    allowed = {**{k: p.default for k, p in spec.params.items()}}
    extra = {*TRACK_RECORD_KEYS, "as_of"}
    for key, value in params.items():
        if key in extra:
            continue
        if key not in allowed:
            options = sorted({*allowed, *extra})
            msg = (
                f"has unknown key {key!r} for metric {metric!r}.{did_you_mean(key, options)} "
                f"Allowed: {', '.join(options)}."
            )
            raise sc.fail(where, msg, key, column=key, criterion=criterion)
        default = allowed[key]
        if isinstance(default, int | float) and not isinstance(default, bool):
            sc.number()(value, f"{where} {key}")
        elif isinstance(default, str):
            sc.text()(value, f"{where} {key}")


# --------------------------------------------------------------------------- [sensitivity]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class VerdictSection(Section):
    title: ClassVar[str] = "[sensitivity.verdict]"
    about: ClassVar[str] = "Thresholds of the robustness verdict (`sensitivity.verdict`)."

    min_margin: float = field(
        0.05, doc="Score gap of the top two, relative.", check=sc.number(ge=0, le=1)
    )
    min_critical_change: float = field(
        0.1, doc="Smallest weight change that may flip the winner.", check=sc.number(ge=0)
    )
    min_p_best: float = field(
        0.7, doc="SMAA first-rank acceptability.", check=sc.number(ge=0, le=1)
    )
    max_winner_reversals: int = field(
        0, doc="Rank reversals of the winner.", check=sc.integer(ge=0)
    )
    min_kendall_tau: float = field(
        0.6, doc="Agreement of the compared methods.", check=sc.number(ge=-1, le=1)
    )
    n_samples: int = field(2000, doc="SMAA samples when none were run.", check=sc.integer(ge=1))


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class SensitivitySection(Section):
    title: ClassVar[str] = "[sensitivity]"
    about: ClassVar[str] = "The robustness analyses of every evaluation (none when left out)."

    smaa_samples: int = field(0, doc="SMAA-2 weight samples (0 = skip).", check=sc.integer(ge=0))
    data_samples: int = field(
        0, doc="Monte Carlo over data uncertainty (0 = skip).", check=sc.integer(ge=0)
    )
    compare: tuple[str, ...] = field(
        (), doc="Methods to compare with (a single name is a list of one).", check=sc.list_of(_TEXT)
    )
    critical: bool = field(
        True, doc="Critical weight changes of the top pairs.", check=sc.boolean()
    )
    sweep: bool = field(True, doc="One-at-a-time weight sweeps.", check=sc.boolean())
    rank_reversal: bool = field(True, doc="Rank-reversal test.", check=sc.boolean())
    rank_reversal_max_partners: int = field(
        5000, doc="Skip the rank-reversal test above this many partners.", check=sc.integer(ge=0)
    )
    verdict: VerdictSection = field(
        doc="Verdict thresholds (see below).",
        check=sc.section_of(VerdictSection),
        factory=VerdictSection.default,
    )
    effective_weight_min_stated: float = field(
        0.05, doc="Effective weights: smallest stated weight checked.", check=sc.number(ge=0, le=1)
    )
    effective_weight_low: float = field(
        0.3333, doc="Effective/stated ratio below which a weight is flagged.", check=sc.number(ge=0)
    )
    effective_weight_high: float = field(
        3.0, doc="Effective/stated ratio above which a weight is flagged.", check=sc.number(gt=0)
    )
    sample_data: bool | str = field(
        "auto",
        doc="Sample the data uncertainty in SMAA.",
        check=sc.either(sc.choice("auto"), sc.boolean()),
    )

    def post_check(self, where: str) -> None:
        from partnerselect.methods import list_methods

        known = list_methods()
        for m in self.compare:
            if m.strip().lower() not in known:
                msg = f"compare names {m!r}, which is not a method.{did_you_mean(m, known)}"
                raise sc.fail(where, msg, m, column="compare")
        if self.effective_weight_low >= self.effective_weight_high:
            msg = "effective_weight_low must be below effective_weight_high."
            raise sc.fail(where, msg, self.effective_weight_low)


# --------------------------------------------------------------------------- [report]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Signatory(Section):
    title: ClassVar[str] = "[[report.signatories]]"
    about: ClassVar[str] = "A sign-off line (or write the role as a plain string)."

    role: str = field("", doc="Role.", check=_TEXT)
    name: str = field("", doc="Person.", check=_TEXT)


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ReportSection(Section):
    title: ClassVar[str] = "[report]"
    about: ClassVar[str] = "Report options."

    signatories: tuple[Any, ...] = field(
        (),
        doc="Sign-off lines: roles as text, or tables with `role` and `name`.",
        check=sc.list_of(sc.either(_TEXT, sc.section_of(Signatory)), one_item_text=True),
    )


# --------------------------------------------------------------------------- [columns]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class SheetsSection(Section):
    title: ClassVar[str] = "[columns.sheets]"
    about: ClassVar[str] = "Workbook sheet of each table."

    partners: str | None = field(None, doc="Sheet of the partner table.", check=_TEXT)
    track_records: str | None = field(None, doc="Sheet of the track records.", check=_TEXT)
    evaluator_scores: str | None = field(None, doc="Sheet of the evaluator scores.", check=_TEXT)


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ColumnsSection(Section):
    title: ClassVar[str] = "[columns]"
    about: ClassVar[str] = (
        'Your own headers: `canonical_name = "Your header"` per table, and the sheet of '
        "each table in a workbook."
    )

    partners: Mapping[str, str] = field(
        doc="Partner table headers.", check=sc.table_of(_TEXT, what="your header"), factory=dict
    )
    track_records: Mapping[str, str] = field(
        doc="Track-record headers.", check=sc.table_of(_TEXT, what="your header"), factory=dict
    )
    evaluator_scores: Mapping[str, str] = field(
        doc="Evaluator-score headers.", check=sc.table_of(_TEXT, what="your header"), factory=dict
    )
    sheets: SheetsSection = field(
        doc="Sheet names (see below).",
        check=sc.section_of(SheetsSection),
        factory=SheetsSection.default,
    )


# --------------------------------------------------------------------------- [[scenarios]]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ScenarioMethod(Section):
    title: ClassVar[str] = "[scenarios.method]"
    about: ClassVar[str] = "A scenario's method."
    required: ClassVar[tuple[str, ...]] = ("name",)

    name: str = field("", doc="Method name.", check=_TEXT)
    params: Mapping[str, Any] = field(doc="Its parameters.", check=sc.table_of(), factory=dict)

    def post_check(self, where: str) -> None:
        check_method(self.name, self.params, where)


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class ScenarioSpec(Section):
    title: ClassVar[str] = "[[scenarios]]"
    about: ClassVar[str] = "What-if variants of the model, ranked beside it."
    required: ClassVar[tuple[str, ...]] = ("name",)

    name: str = field("", doc="Scenario name (unique).", check=sc.text(nonempty=True))
    weights: Mapping[str, float] = field(
        doc="`{criterion_or_group = value}` replacing the weights.",
        check=sc.table_of(sc.number(ge=0), what="weight"),
        factory=dict,
    )
    gates: tuple[GateSpec, ...] = field((), doc="Gates replacing the model's.", check=_GATES)
    method: ScenarioMethod | None = field(
        None, doc="`{name = ..., params = {...}}`.", check=sc.section_of(ScenarioMethod)
    )
    why: str = field("", doc="One line for the report: what the scenario asks.", check=_TEXT)


# --------------------------------------------------------------------------- [monitoring]
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class DriftSection(Section):
    title: ClassVar[str] = "[monitoring.drift]"
    about: ClassVar[str] = "Drift detection on the KPIs."

    method: str = field(
        "cusum", doc="Detector: one-sided CUSUM or EWMA chart.", check=sc.choice("cusum", "ewma")
    )
    false_alarm_rate: float = field(
        0.0027,
        doc="In-control false-alarm rate per period (0.0027: one per 370 periods).",
        check=sc.number(gt=0, le=0.2),
    )
    shift: float = field(
        2.0,
        doc="Shift to detect fastest, in noise sd (CUSUM reference k = shift / 2).",
        check=sc.number(gt=0, le=5),
    )


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class KpiSpec(Section):
    title: ClassVar[str] = "[[monitoring.kpis]]"
    about: ClassVar[str] = "One KPI of the chosen partner."
    required: ClassVar[tuple[str, ...]] = ("name", "direction", "target")

    name: str = field(
        "", doc="KPI name (the `kpi` column of the KPI table).", check=sc.text(nonempty=True)
    )
    direction: str = field("max", doc="Higher or lower is better.", check=sc.choice("max", "min"))
    target: float | None = field(None, doc="The contractual level.", check=sc.number())
    warning: float | None = field(
        None, doc="Amber band edge, on the worse side of the target.", check=sc.number()
    )
    unit: str = field("", doc="Unit shown in reports.", check=_TEXT)
    why: str = field("", doc="One line for the report.", check=_TEXT)
    record_column: str | None = field(
        None, doc="Track-record column the KPI feeds (`update_track_records`).", check=_TEXT
    )


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class MonitoringSection(Section):
    title: ClassVar[str] = "[monitoring]"
    about: ClassVar[str] = "Monitoring of the chosen partner after the award."

    baseline_periods: int = field(
        6,
        doc="Each partner's first periods that set its own level.",
        check=sc.integer(ge=2, le=120),
    )
    noise_z: float = field(
        1.645,
        doc="Without an amber edge: worse than target by more than noise_z noise sd is red.",
        check=sc.number(ge=0, le=6),
    )
    drift: DriftSection = field(
        doc="Drift detection (see below).",
        check=sc.section_of(DriftSection),
        factory=DriftSection.default,
    )
    kpis: tuple[KpiSpec, ...] = field(
        (), doc="The KPIs (see below).", check=sc.sections_of(KpiSpec)
    )

    def post_check(self, where: str) -> None:
        names = [k.name for k in self.kpis]
        dup = next((n for n in names if names.count(n) > 1), None)
        if dup is not None:
            raise sc.fail(where, f"kpis names {dup!r} twice; KPI names must be unique.", dup)


# --------------------------------------------------------------------------- the model
#: Top-level sections, in the order of the reference page.
SECTIONS: dict[str, type[Section]] = {
    "tender": TenderSection,
    "method": MethodSection,
    "gates": GateSpec,
    "track_record": TrackRecordSection,
    "evaluators": EvaluatorsSection,
    "weighting": WeightingSpec,
    "groups": GroupSpec,
    "criteria": CriterionSpec,
    "sensitivity": SensitivitySection,
    "report": ReportSection,
    "columns": ColumnsSection,
    "scenarios": ScenarioSpec,
    "monitoring": MonitoringSection,
}
_TOP_KEYS = set(SECTIONS)


@dataclasses.dataclass(frozen=True)
class EvaluationModel:
    """A validated evaluation model (see the module docstring and docs/model-file.md).

    Every section is a typed, frozen object; sections also read as mappings over the keys
    the file gave (``model.sensitivity.get("smaa_samples", 0)``). Build one with
    :func:`read_model` (from a file or a dict), which validates every key; the
    constructor takes the parsed sections.

    Parameters
    ----------
    criteria : tuple of CriterionSpec
        The criteria, in model order (``[[criteria]]``).
    gates : tuple of GateSpec, default ()
        Must-have rules with their reasons (``[[gates]]``).
    method : str, default "wsm"
        Ranking method (``[method] name``); ``method_params`` are its parameters.
    method_params : mapping, default {}
        Parameters of ``method``.
    ties : {"min", "dense", "order"}, default "min"
        Tie policy of the ranking.
    name : str, default "Partner selection"
        Title of the evaluation and its reports.
    as_of : datetime.date, optional
        Reference date of the track records (projects after it are future).
    seed : int, default 0
        Seed of every random analysis.
    track_record, evaluators, weighting, groups, sensitivity, report, columns, monitoring
        The model file's sections of the same names (typed, frozen objects).
    scenarios : tuple of ScenarioSpec, default ()
        What-if scenarios (``[[scenarios]]``).
    raw : mapping, default {}
        The model as read (kept for the audit record).
    source : str, optional
        The file it was read from.
    """

    criteria: tuple[CriterionSpec, ...]
    gates: tuple[GateSpec, ...] = ()
    method: str = "wsm"  # additive value model: the weights act as stated (docs/weights.md)
    method_params: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    ties: str = "min"
    name: str = "Partner selection"
    as_of: dt.date | None = None
    seed: int = 0
    track_record: TrackRecordSection = dataclasses.field(default_factory=TrackRecordSection.default)
    evaluators: EvaluatorsSection = dataclasses.field(default_factory=EvaluatorsSection.default)
    weighting: WeightingSpec | None = None
    groups: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)
    sensitivity: SensitivitySection = dataclasses.field(default_factory=SensitivitySection.default)
    report: ReportSection = dataclasses.field(default_factory=ReportSection.default)
    raw: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    source: str | None = None
    columns: ColumnsSection = dataclasses.field(default_factory=ColumnsSection.default)
    scenarios: tuple[ScenarioSpec, ...] = ()
    monitoring: MonitoringSection | None = None

    @property
    def criterion_names(self) -> list[str]:
        """Criterion names in model order."""
        return [c.name for c in self.criteria]

    def criterion(self, name: str) -> CriterionSpec:
        """The criterion called ``name``.

        Parameters
        ----------
        name : str
            Criterion name.

        Returns
        -------
        CriterionSpec

        Raises
        ------
        ModelError
            No criterion of that name.
        """
        for c in self.criteria:
            if c.name == name:
                return c
        msg = f"The model has no criterion {name!r}; it has {', '.join(self.criterion_names)}."
        raise ModelError(msg, criterion=name, source=self.source)

    def replace(self, **changes: Any) -> EvaluationModel:
        """A copy with some fields changed (for what-if runs).

        Parameters
        ----------
        **changes
            New values of fields (for example ``method="topsis"``).

        Returns
        -------
        EvaluationModel
        """
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


def _at(source: str | None) -> str:
    return f" in {source}" if source else ""


def parse_model(raw: Mapping[str, Any], *, source: str | None = None) -> EvaluationModel:
    """Validate a model dictionary (as loaded from TOML/YAML/JSON) into an EvaluationModel.

    Raises
    ------
    ModelError
        Unknown sections or keys (with did-you-mean), wrong types, values out of range,
        missing criteria, NaN judgments, unknown method parameters. The message names the
        section and key; ``.source`` is the file.

    Examples
    --------
    >>> m = parse_model({"criteria": [{"name": "price", "objective": "min", "weight": 1},
    ...                               {"name": "quality", "weight": 2}]})
    >>> m.criterion_names, m.method
    (['price', 'quality'], 'wsm')
    >>> m.sensitivity.smaa_samples, dict(m.sensitivity)
    (0, {})
    """
    try:
        return _parse_model(raw, source)
    except PartnerSelectError as exc:
        raise _with_source(exc, source) from exc.__cause__


def _with_source(exc: PartnerSelectError, source: str | None) -> PartnerSelectError:
    if exc.source is None:
        exc.source = source
        if source and source not in exc.message:
            exc.message = f"{exc.message.rstrip()} (in {source})"
            exc.args = (exc.message,)
    return exc


def model_problems(raw: Any, *, source: str | None = None) -> list[PartnerSelectError]:
    """Every problem of a model table, not only the first (``partnerselect validate``).

    Each section, criterion, gate, group and scenario is checked on its own, then the whole
    model (cross-section checks). Empty exactly when :func:`parse_model` succeeds, and
    holds the error it raises.

    Examples
    --------
    >>> probs = model_problems({"sensitivity": {"smaa_sample": 1},
    ...                         "criteria": [{"name": "a", "objective": "up"}]})
    >>> len(probs)
    2
    """
    problems: list[PartnerSelectError] = []

    def attempt(fn: Any, *args: Any) -> None:
        try:
            fn(*args) if args else fn()
        except PartnerSelectError as exc:
            problems.append(_with_source(exc, source))

    if not isinstance(raw, Mapping):
        attempt(lambda: parse_model(raw, source=source))
        return problems
    for key in raw:
        if key not in _TOP_KEYS:
            attempt(lambda k=key: parse_model({k: raw[k]}, source=source))
    plain = {
        "tender": TenderSection,
        "method": MethodSection,
        "track_record": TrackRecordSection,
        "evaluators": EvaluatorsSection,
        "weighting": WeightingSpec,
        "sensitivity": SensitivitySection,
        "report": ReportSection,
        "columns": ColumnsSection,
        "monitoring": MonitoringSection,
    }
    for key, cls in plain.items():
        if key in raw and raw[key] is not None:
            attempt(parse_section, cls, raw[key], f"[{key}]")
    items = raw.get("criteria")
    if isinstance(items, list):
        for item in items:
            attempt(_parse_criteria, [item], source)
    gates = raw.get("gates")
    if isinstance(gates, list):
        for i, item in enumerate(gates, start=1):
            attempt(_gate_item, item, f"gates #{i}")
    groups = raw.get("groups")
    if isinstance(groups, Mapping):
        for name, g in groups.items():
            attempt(parse_section, GroupSpec, g, f"[groups.{name}]")
    scenarios = raw.get("scenarios")
    if isinstance(scenarios, list):
        for i, item in enumerate(scenarios, start=1):
            attempt(parse_section, ScenarioSpec, item, f"[[scenarios]] #{i}")
    # The whole model last: cross-section checks, and parse_model's own first error (so the
    # error read_model raises is always listed).
    try:
        parse_model(raw, source=source)
    except PartnerSelectError as exc:
        if str(exc) not in {str(p) for p in problems}:
            problems.append(exc)
    return problems


def _parse_model(raw: Mapping[str, Any], source: str | None) -> EvaluationModel:
    if not isinstance(raw, Mapping):
        msg = f"A model must be a table of sections{_at(source)}, got {type(raw).__name__}."
        raise ModelError(msg, source=source)
    from partnerselect.io.model_file import check_depth

    check_depth(raw, source or "model")
    for key in raw:
        if not isinstance(key, str):
            msg = f"The model has a section named {key!r}, which is not text{sc.yaml11_hint(key)}."
            raise ModelError(msg, value=key)
    unknown = sorted(set(raw) - _TOP_KEYS)
    if unknown:
        msg = (
            f"Unknown section [{unknown[0]}]{_at(source)}.{did_you_mean(unknown[0], sorted(_TOP_KEYS))} "
            f"Known sections: {', '.join(sorted(_TOP_KEYS))}."
        )
        raise ModelError(msg, source=source, column=unknown[0])
    tender = parse_section(TenderSection, raw.get("tender", {}), "[tender]")
    method = parse_section(MethodSection, raw.get("method", {}), "[method]")
    criteria = _parse_criteria(raw.get("criteria"), source)
    groups_raw = raw.get("groups", {})
    if not isinstance(groups_raw, Mapping):
        msg = (
            f"[groups] must be a table of [groups.<name>] tables, got {type(groups_raw).__name__}."
        )
        raise ModelError(msg, column="groups")
    groups: dict[str, GroupSpec] = {}
    for gname, g in groups_raw.items():
        if not isinstance(gname, str):
            msg = f"[groups] has the key {gname!r}, which is not text{sc.yaml11_hint(gname)}."
            raise ModelError(msg, value=gname)
        if not isinstance(g, Mapping):
            msg = f"[groups.{gname}] must be a table{_at(source)}."
            raise ModelError(msg, column=str(gname))
        groups[gname] = parse_section(GroupSpec, g, f"[groups.{gname}]")
    used_groups = {c.group for c in criteria if c.group is not None}
    if used_groups and any(c.group is None for c in criteria):
        lone = next(c.name for c in criteria if c.group is None)
        msg = (
            f"Criterion {lone!r} has no group while others do{_at(source)}. Give every "
            "criterion a `group`, or none of them."
        )
        raise ModelError(msg, criterion=lone)
    for gname in groups:
        if gname not in used_groups:
            msg = f"Group {gname!r} has no criteria{_at(source)}. Remove it or assign criteria."
            raise ModelError(msg, column=str(gname))
    weighting_raw = raw.get("weighting")
    weighting = (
        None
        if weighting_raw is None
        else parse_section(WeightingSpec, weighting_raw, "[weighting]")
    )
    gates = _gates(raw.get("gates", []), "gates")
    scenarios = sc.sections_of(ScenarioSpec)(raw.get("scenarios", []), "[[scenarios]]")
    names = [s.name for s in scenarios]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        msg = f"Scenario {dup!r} is declared twice. Scenario names must be unique."
        raise ModelError(msg, value=dup)
    targets = [c.name for c in criteria] + sorted(used_groups)
    for scen in scenarios:
        for key in scen.weights:
            if key not in targets:
                msg = (
                    f"Scenario {scen.name!r} weights {key!r}, which is neither a criterion nor "
                    f"a group.{did_you_mean(key, targets)} Criteria and groups: "
                    f"{', '.join(targets)}."
                )
                raise ModelError(msg, value=key, column=key)
    monitoring_raw = raw.get("monitoring")
    return EvaluationModel(
        criteria=criteria,
        gates=gates,
        method=method.name,
        method_params=dict(method.params),
        ties=method.ties,
        name=tender.name,
        as_of=tender.as_of,
        seed=tender.seed,
        track_record=parse_section(
            TrackRecordSection, raw.get("track_record", {}), "[track_record]"
        ),
        evaluators=parse_section(EvaluatorsSection, raw.get("evaluators", {}), "[evaluators]"),
        weighting=weighting,
        groups=groups,
        sensitivity=parse_section(SensitivitySection, raw.get("sensitivity", {}), "[sensitivity]"),
        report=parse_section(ReportSection, raw.get("report", {}), "[report]"),
        raw=_plain(raw),
        source=source,
        columns=parse_section(ColumnsSection, raw.get("columns", {}), "[columns]"),
        scenarios=scenarios,
        monitoring=None
        if monitoring_raw is None
        else parse_section(MonitoringSection, monitoring_raw, "[monitoring]"),
    )


def _parse_criteria(items: Any, source: str | None) -> tuple[CriterionSpec, ...]:
    if not items:
        msg = f"The model has no [[criteria]]{_at(source)}. Declare at least one criterion."
        raise ModelError(msg, column="criteria")
    if not isinstance(items, Sequence) or isinstance(items, str):
        msg = f"`criteria` must be an array of tables ([[criteria]]){_at(source)}."
        raise ModelError(msg, column="criteria")
    out: list[CriterionSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            msg = f"Criterion #{i} must be a table with at least a `name`{_at(source)}."
            raise ModelError(msg, row=i)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            hint = sc.yaml11_hint(name) if "name" in item else ""
            got = f" (got {sc.kind(name)}{hint})" if "name" in item else ""
            msg = (
                f"Criterion #{i} has no `name`{got}{_at(source)}. Give each criterion a unique "
                "name."
            )
            raise ModelError(msg, row=i, value=name)
        if name in seen:
            msg = f"Criterion {name!r} is declared twice{_at(source)}. Criterion names must be unique."
            raise ModelError(msg, criterion=name)
        seen.add(name)
        try:
            spec = parse_section(CriterionSpec, item, f"Criterion {name!r}:")
        except ModelError as exc:
            exc.criterion = exc.criterion or name
            raise
        out.append(spec)
    return tuple(out)


def _plain(obj: Any) -> Any:
    """Deep copy into JSON-friendly plain data (dates as ISO strings); depth is bounded."""
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, dt.date | dt.datetime | dt.time):
        return obj.isoformat()
    return obj


def read_model(path: str | Path | Mapping[str, Any] | EvaluationModel) -> EvaluationModel:
    """Read a model from a TOML/YAML/JSON file, a dict, or pass an EvaluationModel through.

    Parameters
    ----------
    path : str, pathlib.Path, mapping or EvaluationModel
        A model file (``.toml``, ``.yaml``/``.yml`` read with a safe loader, ``.json``),
        the model as a dict (the file's structure), or an EvaluationModel (returned as is).

    Returns
    -------
    EvaluationModel
        Validated: unknown keys are refused with a did-you-mean hint.

    Raises
    ------
    ModelError
        ``path`` is None or not a model, or the model is invalid.
    FileFormatError
        The file cannot be read (syntax, duplicate keys, nesting, aliases).
    """
    if isinstance(path, EvaluationModel):
        return path
    if isinstance(path, Mapping):
        return parse_model(path)
    if path is None or not isinstance(path, str | Path):
        msg = (
            f"A model is needed: a model.toml path, a dict, or an EvaluationModel; got "
            f"{type(path).__name__}. Write one with `partnerselect init`."
        )
        raise ModelError(msg, value=path)
    from partnerselect.io import load_model_dict

    return parse_model(load_model_dict(path), source=str(path))


def model_reference() -> str:
    """The model-file reference page (docs/model-file.md), generated from the schema."""
    from partnerselect._schema import section_reference

    parts = [
        "# The model file",
        "",
        "Generated from the typed schema in `partnerselect.model` "
        "(`python -m partnerselect.model > docs/model-file.md`); a test checks that it "
        "matches, so this page cannot drift from the code.",
        "",
        "A model is TOML (`.toml`), YAML (`.yaml`, `.yml`) or JSON (`.json`). Every key below "
        "is checked: an unknown key is an error with a did-you-mean, a value of the wrong "
        "type or out of range is an error naming its section and key, a key or section "
        "written twice is an error naming it and its line. YAML aliases are refused and "
        "nesting is limited to 32 levels.",
        "",
    ]
    done: set[type[Section]] = set()
    todo: list[type[Section]] = list(SECTIONS.values())
    while todo:
        cls = todo.pop(0)
        if cls in done:
            continue
        done.add(cls)
        parts += [f"## `{cls.title}`", "", cls.about, "", section_reference(cls), ""]
        for f in dataclasses.fields(cls):
            check = f.metadata.get("check")
            if check is None:
                continue
            for sub in _SUBSECTIONS:
                if sub.__name__ in check.text and sub not in done and sub not in todo:
                    todo.insert(0, sub)
    return "\n".join(parts).rstrip() + "\n"


_SUBSECTIONS: tuple[type[Section], ...] = (
    PriceScoring,
    VerdictSection,
    Signatory,
    SheetsSection,
    ScenarioMethod,
    DriftSection,
    KpiSpec,
)


if __name__ == "__main__":  # pragma: no cover
    print(model_reference(), end="")
