"""Named what-if scenarios: ``[[scenarios]]`` in the model, run by :func:`partnerselect.evaluate`.

A scenario overrides weights, gates or the method of the model and ranks the same partners
again, so that the committee sees side by side how each partner would rank under each
alternative the panel argued about.

.. code-block:: toml

    [[scenarios]]
    name = "Price matters more"
    weights = { cost = 40 }            # the cost group gets 40 % of the total weight

    [[scenarios]]
    name = "SOC 2 required"
    gates = [{ rule = "soc2 == true", reason = "SOC 2 type II report required" }]

    [[scenarios]]
    name = "PROMETHEE II"
    method = { name = "promethee2" }

Rules
-----
``weights``
    ``{criterion_or_group = share}``: each listed criterion (or group; do not mix the two) gets
    that share of the total weight; the unlisted ones share the rest in proportion to their
    weights in the base model. Shares are fractions (``0.4``) or, when any value exceeds 1,
    percentages (``40``). They must not add up to more than the whole; when every criterion
    (or group) is listed the shares are normalised to sum 1.
``gates``
    A list of ``{rule, reason}`` tables that *replaces* the model's gates (``gates = []``
    drops every gate).
``method``
    ``{name = ..., params = {...}}`` replaces the method (the tie policy stays).

Scenarios are ranked with the base model's criteria values; a scenario that changes the gates
runs the whole evaluation again (without robustness analyses) on the same inputs.
"""

from __future__ import annotations

import dataclasses
import html
import warnings
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import (
    AllExcludedError,
    ModelError,
    PartnerSelectError,
    PartnerSelectWarning,
)

if TYPE_CHECKING:
    from partnerselect.model import EvaluationModel
    from partnerselect.problem import Problem
    from partnerselect.ranking import Ranking

__all__ = [
    "ScenarioResult",
    "ScenarioSpec",
    "Scenarios",
    "check_scenarios",
    "override_weights",
    "parse_scenarios",
    "run_scenarios",
]

_KEYS = ("name", "weights", "gates", "method", "why")


@dataclasses.dataclass(frozen=True)
class ScenarioSpec:
    """One ``[[scenarios]]`` entry (see the module docstring for the rules).

    Attributes
    ----------
    name : str
    weights : mapping of str to float, optional
        Shares of the total weight by criterion or group.
    gates : tuple of (rule, reason), optional
        Replacement gates; ``None`` keeps the model's gates.
    method : str, optional
    params : mapping, optional
        Method parameters (with ``method``).
    why : str
        One line for the report.
    """

    name: str
    weights: Mapping[str, float] | None = None
    gates: tuple[tuple[str, str], ...] | None = None
    method: str | None = None
    params: Mapping[str, Any] | None = None
    why: str = ""

    def describe(self) -> str:
        """The overrides in one line.

        Examples
        --------
        >>> ScenarioSpec("cheap", weights={"cost": 40}).describe()
        'weights: cost = 40'
        """
        parts = []
        if self.weights:
            parts.append("weights: " + ", ".join(f"{k} = {v:g}" for k, v in self.weights.items()))
        if self.gates is not None:
            rules = "; ".join(rule for rule, _ in self.gates) or "none"
            parts.append(f"gates: {rules}")
        if self.method is not None:
            params = ", ".join(f"{k} = {v!r}" for k, v in (self.params or {}).items())
            parts.append(f"method: {self.method}" + (f" ({params})" if params else ""))
        return "; ".join(parts) or "no change"


def _get(item: Any, key: str) -> Any:
    if isinstance(item, Mapping):
        return item.get(key)
    return getattr(item, key, None)


def _spec(item: Any, i: int, source: str | None) -> ScenarioSpec:
    where = f" in {source}" if source else ""
    if isinstance(item, ScenarioSpec):
        return item
    name = _get(item, "name")
    if not isinstance(name, str) or not name.strip():
        msg = f"Scenario #{i} has no `name`{where}. Give each [[scenarios]] entry a unique name."
        raise ModelError(msg, source=source, row=i)
    if isinstance(item, Mapping):
        bad = sorted(set(item) - set(_KEYS))
        if bad:
            msg = (
                f"Scenario {name!r} has unknown key {bad[0]!r}{where}. Allowed keys: "
                f"{', '.join(_KEYS)}."
            )
            raise ModelError(msg, source=source, column=bad[0])
    weights = _get(item, "weights")
    if weights is not None:
        if not isinstance(weights, Mapping) or not weights:
            msg = f"Scenario {name!r}: weights must be a table such as {{ cost = 40 }}{where}."
            raise ModelError(msg, source=source, value=weights)
        for key, value in weights.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                msg = f"Scenario {name!r}: weight of {key!r} must be a number >= 0, got {value!r}."
                raise ModelError(msg, source=source, value=value, criterion=str(key))
        weights = {str(k): float(v) for k, v in weights.items()}
    gates = _get(item, "gates")
    gate_rules: tuple[tuple[str, str], ...] | None = None
    if gates is not None:
        if isinstance(gates, str) or not isinstance(gates, Sequence):
            msg = f"Scenario {name!r}: gates must be a list of {{rule, reason}} tables{where}."
            raise ModelError(msg, source=source, value=gates)
        rules = []
        for g in gates:
            rule = g if isinstance(g, str) else _get(g, "rule")
            if not isinstance(rule, str):
                msg = f'Scenario {name!r}: every gate needs a `rule` such as "soc2 == true".'
                raise ModelError(msg, source=source, value=g)
            reason = "" if isinstance(g, str) else str(_get(g, "reason") or "")
            rules.append((rule, reason))
        gate_rules = tuple(rules)
    method = _get(item, "method")
    method_name: str | None = None
    params: Mapping[str, Any] | None = None
    if isinstance(method, str):
        method_name = method
    elif method is not None:
        method_name = _get(method, "name")
        params = _get(method, "params")
        if not isinstance(method_name, str):
            msg = f'Scenario {name!r}: method needs a `name`, e.g. {{ name = "promethee2" }}.'
            raise ModelError(msg, source=source, value=method)
        if params is not None and not isinstance(params, Mapping):
            msg = f"Scenario {name!r}: method.params must be a table."
            raise ModelError(msg, source=source, value=params)
    return ScenarioSpec(
        name=name,
        weights=weights,
        gates=gate_rules,
        method=method_name,
        params=None if params is None else dict(params),
        why=str(_get(item, "why") or ""),
    )


def parse_scenarios(model: EvaluationModel) -> tuple[ScenarioSpec, ...]:
    """The model's scenarios, from its typed ``scenarios`` field or its ``[[scenarios]]`` data.

    Examples
    --------
    >>> from partnerselect.model import parse_model
    >>> m = parse_model({"criteria": [{"name": "price", "objective": "min"}],
    ...                  "scenarios": [{"name": "VIKOR", "method": {"name": "vikor"}}]})
    >>> [s.describe() for s in parse_scenarios(m)]
    ['method: vikor']
    """
    items = getattr(model, "scenarios", None)
    if items is None:
        items = model.raw.get("scenarios") if isinstance(model.raw, Mapping) else None
    if not items:
        return ()
    if isinstance(items, str | Mapping) or not isinstance(items, Sequence):
        msg = "`scenarios` must be an array of tables ([[scenarios]])."
        raise ModelError(msg, source=model.source)
    specs = tuple(_spec(item, i, model.source) for i, item in enumerate(items, start=1))
    seen: set[str] = set()
    for s in specs:
        if s.name in seen or s.name == "base":
            msg = f"Scenario name {s.name!r} is used twice (or is the reserved name 'base')."
            raise ModelError(msg, source=model.source, value=s.name)
        seen.add(s.name)
    return specs


def check_scenarios(
    model: EvaluationModel, partner_columns: Sequence[str] | None = None
) -> list[str]:
    """Every problem in the model's ``[[scenarios]]``, as one line each (for ``validate``).

    Checks the entries themselves, that weight keys name criteria or groups and add up to at
    most the whole, that gate rules parse and use partner columns that exist, and that method
    names are known. (The model schema already refuses unknown keys, methods and weight
    targets; what is left needs the whole scenario.)

    Examples
    --------
    >>> from partnerselect.model import parse_model
    >>> m = parse_model({"criteria": [{"name": "price", "objective": "min"}, {"name": "quality"}],
    ...                  "scenarios": [{"name": "s", "weights": {"price": 80, "quality": 30}}]})
    >>> for line in check_scenarios(m):
    ...     print(line)
    scenario 's': weights add up to 110%, more than the whole
    """
    from partnerselect.methods import list_methods
    from partnerselect.screening import parse_rule

    try:
        specs = parse_scenarios(model)
    except ModelError as exc:
        return [str(exc)]
    names = set(model.criterion_names)
    groups = {c.group for c in model.criteria if c.group}
    methods = set(list_methods())
    found = []
    for spec in specs:
        where = f"scenario {spec.name!r}"
        weights = dict(spec.weights or {})
        for key in weights:
            if key not in names and key not in groups:
                found.append(f"{where}: weight key {key!r} is neither a criterion nor a group")
        values = list(weights.values())
        total = sum(values) / (100.0 if any(v > 1 for v in values) else 1.0)
        if total > 1 + 1e-9:
            found.append(f"{where}: weights add up to {total:.0%}, more than the whole")
        for rule, _ in spec.gates or ():
            try:
                parsed = parse_rule(rule)
            except PartnerSelectError as exc:
                found.append(f"{where}: gate {rule!r}: {exc}")
                continue
            if partner_columns is not None:
                for col in sorted(set(parsed.columns) - set(partner_columns)):
                    found.append(
                        f"{where}: gate {rule!r} uses column {col!r}, which the partner table lacks"
                    )
        if spec.method is not None and spec.method.lower() not in methods:
            found.append(f"{where}: unknown method {spec.method!r}")
    return found


def override_weights(tree: pd.DataFrame, shares: Mapping[str, float]) -> pd.Series:
    """Global weights by criterion after giving each listed criterion or group its share.

    Parameters
    ----------
    tree : DataFrame
        The criteria tree (``group, criterion, group_weight, local_weight, global_weight``).
    shares : mapping
        Share of the total weight by criterion or by group (fractions, or percentages when any
        value exceeds 1). The unlisted ones share the rest in proportion to their weights.

    Examples
    --------
    >>> tree = pd.DataFrame({"group": ["g", "g", "h"], "criterion": ["a", "b", "c"],
    ...                      "group_weight": [0.5, 0.5, 0.5], "local_weight": [0.5, 0.5, 1.0],
    ...                      "global_weight": [0.25, 0.25, 0.5]})
    >>> override_weights(tree, {"h": 80}).round(3).tolist()
    [0.1, 0.1, 0.8]
    >>> override_weights(tree, {"a": 0.5}).round(3).tolist()
    [0.5, 0.167, 0.333]
    """
    criteria = [str(c) for c in tree["criterion"]]
    groups = [str(g) for g in tree["group"]] if "group" in tree else criteria
    base = pd.Series(tree["global_weight"].to_numpy(dtype=float), index=criteria)
    keys = list(shares)
    is_crit = [k in criteria for k in keys]
    is_group = [k in groups and k not in criteria for k in keys]
    unknown = [k for k, c, g in zip(keys, is_crit, is_group, strict=True) if not (c or g)]
    if unknown:
        from partnerselect._validation import _did_you_mean

        hint = _did_you_mean(unknown[0], criteria + sorted(set(groups)))
        msg = (
            f"Scenario weight {unknown[0]!r} is neither a criterion nor a group.{hint} "
            f"Criteria: {', '.join(criteria)}."
        )
        raise ModelError(msg, criterion=unknown[0])
    if any(is_crit) and any(is_group):
        msg = "A scenario's weights name either criteria or groups, not both."
        raise ModelError(msg, value=dict(shares))
    values = np.array([float(shares[k]) for k in keys])
    if (values > 1).any():
        values = values / 100.0
    total = float(values.sum())
    if total > 1 + 1e-9:
        msg = (
            f"A scenario's weights add up to {total:.0%} of the total, more than the whole; "
            "give shares that sum to at most 100 %."
        )
        raise ModelError(msg, value=dict(shares))
    labels = pd.Series(criteria if any(is_crit) else groups, index=criteria)
    unit = base.groupby(labels.to_numpy(), sort=False).sum()  # weight per criterion or group
    given = pd.Series(values, index=keys)
    rest = unit.drop(index=keys)
    if rest.sum() > 0:
        new_unit = pd.concat([given, rest / rest.sum() * (1 - total)])
    else:
        new_unit = given / total if total > 0 else given
    within = base / labels.map(unit).replace(0, np.nan).to_numpy()
    n_in = labels.map(labels.value_counts())
    within = within.fillna(1.0 / n_in)
    out = within * labels.map(new_unit).to_numpy()
    return (out / out.sum()).rename("global_weight")


@value_equality
@dataclasses.dataclass(frozen=True)
class ScenarioResult:
    """One scenario's outcome: its ranking (None when nothing was left to rank) and weights."""

    spec: ScenarioSpec
    ranking: Ranking | None
    weights: pd.Series | None
    excluded: pd.DataFrame
    error: str = ""

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def ranks(self) -> pd.Series:
        """Ranks by partner id (missing for partners not ranked in this scenario)."""
        if self.ranking is None:
            return pd.Series(dtype="Int64", name=self.name)
        return self.ranking.ranks.astype("Int64").rename(self.name)


@value_equality
@dataclasses.dataclass(frozen=True, repr=False)
class Scenarios:
    """The base ranking and every scenario's ranking, side by side.

    Attributes
    ----------
    base : Ranking
    results : tuple of ScenarioResult
    names : pandas.Series
        Partner names by id (every input partner, ranked or not).
    """

    base: Ranking
    results: tuple[ScenarioResult, ...]
    names: pd.Series

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[ScenarioResult]:
        return iter(self.results)

    def __getitem__(self, name: str) -> ScenarioResult:
        for r in self.results:
            if r.name == name:
                return r
        known = ", ".join(r.name for r in self.results)
        msg = f"No scenario {name!r}; scenarios: {known}."
        raise KeyError(msg)

    @property
    def ranks(self) -> pd.DataFrame:
        """Rank of every partner (rows, base rank order) under ``base`` and each scenario."""
        cols = [self.base.ranks.astype("Int64").rename("base")]
        cols += [r.ranks for r in self.results]
        frame = pd.concat(cols, axis=1)
        order = list(self.base.to_frame().index)
        rest = [p for p in map(str, self.names.index) if p not in order]
        extra = [p for p in frame.index if p not in order and p not in rest]
        frame = frame.reindex(order + rest + extra)
        frame.index.name = "partner_id"
        return frame.astype("Int64")

    def to_frame(self) -> pd.DataFrame:
        """Partner name and rank under each scenario (``<NA>``: not ranked there)."""
        ranks = self.ranks
        names = self.names.reindex(ranks.index)
        return pd.concat([names.rename("name"), ranks], axis=1)

    def summary(self) -> pd.DataFrame:
        """One row per scenario: what it changes, its method and its top partner."""
        rows = []
        for r in self.results:
            top = ""
            if r.ranking is not None:
                best = r.ranking.to_frame().index[0]
                top = f"{self.names.get(best, best)} ({best})"
            rows.append(
                {
                    "scenario": r.name,
                    "changes": r.spec.describe(),
                    "method": "" if r.ranking is None else r.ranking.method,
                    "top partner": top or f"none ({r.error})",
                    "why": r.spec.why,
                }
            )
        return pd.DataFrame(rows, columns=["scenario", "changes", "method", "top partner", "why"])

    def __repr__(self) -> str:
        head = f"<Scenarios: {len(self)} scenario(s) beside the base ranking>"
        return head + "\n" + self.to_frame().to_string()

    def _repr_html_(self) -> str:
        return f"<h4>{html.escape('Ranks under each scenario')}</h4>" + self.to_frame().to_html(
            escape=True
        )


def _rerank(problem: Problem, method: str, params: Mapping[str, Any], ties: str) -> Ranking:
    from partnerselect.methods import rank

    return rank(problem, method, ties=ties, **dict(params))


def run_scenarios(
    specs: Sequence[ScenarioSpec],
    *,
    model: EvaluationModel,
    problem: Problem,
    tree: pd.DataFrame,
    base: Ranking,
    names: pd.Series,
    inputs: tuple[Any, Any, Any],
    moderations: pd.DataFrame | None = None,
    known: Sequence[str] = (),
) -> Scenarios:
    """Rank the partners under each scenario (warnings are prefixed with the scenario name).

    Scenarios that keep the gates re-rank the base problem with new weights or another method;
    scenarios that change the gates run :func:`partnerselect.evaluate` again on the same
    inputs (without analyses) and then apply their weights and method. Warnings whose text is
    in ``known`` (already raised by the base run) are not repeated.
    """
    seen = set(known)
    results = []
    for spec in specs:
        method = spec.method or model.method
        params = (
            spec.params
            if spec.params is not None
            else (model.method_params if not spec.method else {})
        )
        excluded = pd.DataFrame(columns=["partner_id", "rule", "reason", "value"])
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", PartnerSelectWarning)
                pb, tr = problem, tree
                if spec.gates is not None:
                    from partnerselect.model import GateSpec
                    from partnerselect.pipeline import evaluate

                    gates = tuple(GateSpec(rule, reason or None) for rule, reason in spec.gates)
                    sub = evaluate(
                        inputs[0],
                        inputs[1],
                        model.replace(gates=gates),
                        scores=inputs[2],
                        moderations=moderations,
                        analyses=False,
                        scenarios=False,
                    )
                    pb, tr, excluded = sub.problem, sub.weights, sub.excluded
                weights = (
                    override_weights(tr, spec.weights)
                    if spec.weights
                    else pd.Series(tr["global_weight"].to_numpy(), index=tr["criterion"])
                )
                pb = pb.replace(weights=weights.reindex(pb.criteria).to_dict())
                ranking = _rerank(pb, method, params, model.ties)
            for w in caught:
                if issubclass(w.category, PartnerSelectWarning) and str(w.message) not in seen:
                    warnings.warn(f"Scenario {spec.name!r}: {w.message}", w.category, stacklevel=2)
            results.append(ScenarioResult(spec, ranking, weights, excluded))
        except AllExcludedError as exc:
            warnings.warn(
                f"Scenario {spec.name!r} leaves no partner to rank: {exc}",
                PartnerSelectWarning,
                stacklevel=2,
            )
            results.append(ScenarioResult(spec, None, None, excluded, error=str(exc)))
    return Scenarios(base=base, results=tuple(results), names=names)
