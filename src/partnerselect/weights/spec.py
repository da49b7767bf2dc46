"""Weights declared in a model file (a dict as read from TOML, YAML or JSON).

Every spec is a table with a ``method`` key; the other keys depend on the method:

.. code-block:: toml

    # points or percentages
    weighting = { method = "direct", values = { quality = 50, price = 30, risk = 20 }, percent = true }
    weighting = { method = "equal" }
    # importance order, most important first; ties as nested arrays
    weighting = { method = "roc", order = ["quality", ["price", "risk"], "csat"] }
    # also "rank_sum" and "reciprocal" with the same `order` key
    weighting = { method = "swing", points = { quality = 100, price = 70, risk = 40 } }
    # swings between stated reference levels [worst, best] (units of the decision matrix);
    # with the data at hand the weights are converted to the observed ranges
    # (weights.rescale_to_ranges) and the provenance keeps both
    weighting = { method = "swing", points = { quality = 100, price = 70 }, ranges = { quality = [1, 5] } }

    # objective weights from the data (need the problem); entropy, critic, std_dev, merec
    weighting = { method = "critic", apply_types = false }

    [weighting]                       # AHP from judgments: "a/b" = 3 means a over b
    method = "ahp"
    criteria = ["quality", "price", "risk"]   # optional: order (default: the criteria)
    priority = "eigen"                # or "rgmm"
    cr_threshold = 0.1
    judgments = { "quality/price" = 3, "quality/risk" = 5, "price/risk" = "2" }
    # or: matrix = [[1, 3, 5], [0.3333, 1, 2], [0.2, 0.5, 1]]

    [weighting]                       # group AHP: one judgments table per evaluator
    method = "ahp"
    aggregation = "judgments"         # or "priorities"
    [weighting.evaluators.alice]
    "quality/price" = 3
    "quality/risk" = 5
    "price/risk" = 2
    [weighting.evaluators.bob]
    weight = 2                        # optional evaluator weight (default equal)
    judgments = { "quality/price" = 2, "quality/risk" = 4, "price/risk" = 3 }

    [weighting]                       # subjective x objective
    method = "combine"
    combination = "multiplicative"    # or "additive" (with alpha = share of subjective)
    subjective = { method = "roc", order = ["quality", "price", "risk"] }
    objective = { method = "entropy" }

Judgment values are numbers or fraction strings (``"1/3"``). A spec that is malformed
raises a :class:`~partnerselect.errors.ModelError` naming the key and the fix; malformed
judgments raise a :class:`~partnerselect.errors.JudgmentError`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from partnerselect.errors import ModelError, WeightError
from partnerselect.problem import Problem
from partnerselect.weights._base import WeightSet, did_you_mean, weight_series
from partnerselect.weights.ahp import ahp, from_judgments
from partnerselect.weights.direct import combine, direct, equal, swing
from partnerselect.weights.group import group_ahp
from partnerselect.weights.objective import OBJECTIVE_METHODS
from partnerselect.weights.ordinal import rank_sum, reciprocal, roc

__all__ = ["SPEC_KEYS", "from_spec"]

#: Accepted keys per method (besides ``method``).
SPEC_KEYS: dict[str, set[str]] = {
    "equal": set(),
    "direct": {"values", "percent"},
    "roc": {"order"},
    "rank_sum": {"order"},
    "reciprocal": {"order"},
    "swing": {"points", "ranges"},
    "ahp": {
        "criteria", "judgments", "matrix", "evaluators", "priority", "aggregation",
        "cr_threshold", "random_index", "compatibility_threshold",
    },
    "entropy": set(),
    "critic": {"apply_types"},
    "std_dev": {"normalize"},
    "merec": set(),
    "combine": {"subjective", "objective", "combination", "alpha"},
}  # fmt: skip

_ORDINAL = {"roc": roc, "rank_sum": rank_sum, "reciprocal": reciprocal}

# Keys people reach for that another method uses.
_HINTS = {"values": "points", "points": "values", "weights": "values", "ranking": "order"}

_REQUIRED = {
    "direct": "values",
    "roc": "order",
    "rank_sum": "order",
    "reciprocal": "order",
    "swing": "points",
    "combine": "subjective",
}


def _fail(msg: str, key: str, value: Any = None) -> ModelError:
    return ModelError(msg, column=key, value=value)


def _check_keys(spec: Mapping[str, Any], method: str, where: str) -> None:
    allowed = SPEC_KEYS[method]
    for key in spec:
        if key != "method" and key not in allowed:
            opts = ", ".join(sorted(allowed)) or "none"
            hint = did_you_mean(key, sorted(allowed))
            if not hint and _HINTS.get(key) in allowed:
                hint = f" Did you mean {_HINTS[key]!r}?"
            msg = (
                f"Unknown key {key!r} in the {method!r} weighting{where}.{hint} "
                f"Keys for {method!r}: {opts}."
            )
            raise _fail(msg, key, spec[key])
    req = _REQUIRED.get(method)
    if req and req not in spec:
        msg = f"The {method!r} weighting{where} needs a {req!r} key."
        raise _fail(msg, req)
    if method == "combine" and "objective" not in spec:
        msg = f"The 'combine' weighting{where} needs an 'objective' key."
        raise _fail(msg, "objective")


def _same_criteria(names: Sequence[str], criteria: list[str], key: str, where: str) -> None:
    extra = [c for c in names if c not in criteria]
    if extra:
        msg = (
            f"{key!r}{where} names {extra[0]!r}, which is not one of the criteria being "
            f"weighted.{did_you_mean(extra[0], criteria)} Criteria: {', '.join(criteria)}."
        )
        raise _fail(msg, key, extra[0])
    missing = [c for c in criteria if c not in names]
    if missing:
        msg = (
            f"{key!r}{where} does not cover {missing[0]!r}. Give every criterion: "
            f"{', '.join(criteria)}."
        )
        raise _fail(msg, key, missing[0])


def _reorder(ws: WeightSet, criteria: list[str]) -> WeightSet:
    if list(ws.weights.index) == criteria:
        return ws
    w = ws.weights.reindex(criteria)
    # Keep the subclass (AHP results...) but present the weights in the criteria order.
    return dataclasses.replace(ws, weights=weight_series(w.to_numpy(), criteria))


def _ahp(spec: Mapping[str, Any], criteria: list[str], where: str) -> WeightSet:
    order = [str(c) for c in spec.get("criteria", criteria)]
    _same_criteria(order, criteria, "criteria", where)
    given = [k for k in ("judgments", "matrix", "evaluators") if k in spec]
    if len(given) != 1:
        msg = (
            f"The 'ahp' weighting{where} needs exactly one of 'judgments', 'matrix' or "
            f"'evaluators'; got {given or 'none'}."
        )
        raise _fail(msg, given[1] if len(given) > 1 else "judgments")
    kw: dict[str, Any] = {}
    if "priority" in spec:
        kw["method"] = spec["priority"]
    if "cr_threshold" in spec:
        kw["cr_threshold"] = spec["cr_threshold"]
    if "random_index" in spec:
        kw["random_index"] = spec["random_index"]
    if given[0] == "judgments":
        if not isinstance(spec["judgments"], Mapping):
            msg = f"'judgments'{where} must be a table {{\"a/b\" = 3, ...}}."
            raise _fail(msg, "judgments", spec["judgments"])
        return from_judgments(spec["judgments"], criteria=order, **kw)
    if given[0] == "matrix":
        return ahp(spec["matrix"], criteria=order, **kw)
    evaluators = spec["evaluators"]
    if not isinstance(evaluators, Mapping) or not evaluators:
        msg = f"'evaluators'{where} must be a table {{name = {{judgments}}, ...}}."
        raise _fail(msg, "evaluators", evaluators)
    mats: dict[str, Any] = {}
    weights: dict[str, Any] = {}
    for name, ev in evaluators.items():
        if not isinstance(ev, Mapping):
            msg = f"Evaluator {name!r}{where} must be a table of judgments."
            raise _fail(msg, f"evaluators.{name}", ev)
        if "judgments" in ev or "matrix" in ev:
            unknown = [k for k in ev if k not in {"judgments", "matrix", "weight"}]
            if unknown:
                msg = (
                    f"Unknown key {unknown[0]!r} for evaluator {name!r}{where}; use "
                    "'judgments' (or 'matrix') and optionally 'weight'."
                )
                raise _fail(msg, f"evaluators.{name}.{unknown[0]}")
            mats[str(name)] = ev.get("judgments", ev.get("matrix"))
            weights[str(name)] = ev.get("weight", 1.0)
        else:
            mats[str(name)] = dict(ev)
            weights[str(name)] = 1.0
    for key in ("aggregation", "compatibility_threshold"):
        if key in spec:
            kw[key] = spec[key]
    return group_ahp(mats, evaluator_weights=weights, criteria=order, **kw)


def from_spec(
    spec: Mapping[str, Any],
    criteria: Sequence[str],
    problem: Problem | None = None,
    *,
    where: str = "",
) -> WeightSet:
    """Weights for ``criteria`` from a declarative spec (see the module docstring).

    Parameters
    ----------
    spec : mapping
        ``{"method": ..., ...}`` as read from the model file.
    criteria : sequence of str
        The criteria (or groups) to weight; the result follows this order.
    problem : Problem, optional
        Needed by the objective methods (entropy, critic, std_dev, merec).
    where : str, optional
        Text naming the spec's place in the model, used in error messages
        (e.g. ``" in [groups.delivery]"``).

    Returns
    -------
    WeightSet
        With ``.provenance`` describing the method and its evidence (AHP: CR,
        lambda_max, judgments, evaluators and their CR).

    Raises
    ------
    ModelError
        Unknown method or key, a required key missing, criteria that do not match.
    JudgmentError
        Malformed AHP judgments.

    References
    ----------
    .. [1] Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    .. [2] Barron, F. H. & Barrett, B. E. (1996). Decision quality using ranked attribute
       weights. *Management Science* 42(11), 1515-1523.

    Examples
    --------
    >>> from partnerselect import weights
    >>> ws = weights.from_spec({"method": "rank_sum", "order": ["b", "a"]}, ["a", "b"])
    >>> ws.weights.round(4).tolist(), ws.provenance["method"]
    ([0.3333, 0.6667], 'rank_sum')
    """
    crits = [str(c) for c in criteria]
    if not isinstance(spec, Mapping):
        msg = f"A weighting spec{where} must be a table with a 'method' key; got {spec!r}."
        raise _fail(msg, "method", spec)
    if "method" not in spec:
        msg = f"The weighting spec{where} has no 'method' key. Use one of: {', '.join(SPEC_KEYS)}."
        raise _fail(msg, "method")
    method = spec["method"]
    if not isinstance(method, str) or method not in SPEC_KEYS:
        msg = (
            f"Unknown weighting method {method!r}{where}.{did_you_mean(str(method), list(SPEC_KEYS))} "
            f"Methods: {', '.join(SPEC_KEYS)}."
        )
        raise _fail(msg, "method", method)
    _check_keys(spec, method, where)
    try:
        ws = _build(spec, method, crits, problem, where)
    except WeightError as err:
        msg = f"Invalid {method!r} weighting{where}: {err.message}"
        raise ModelError(msg, column="method", criterion=err.criterion, value=err.value) from err
    ws = _reorder(ws, crits)
    return ws


def _build(
    spec: Mapping[str, Any], method: str, crits: list[str], problem: Problem | None, where: str
) -> WeightSet:
    if method == "equal":
        return equal(crits)
    if method == "direct":
        values = spec["values"]
        if not isinstance(values, Mapping):
            msg = f"'values'{where} must be a table {{criterion = points}}."
            raise _fail(msg, "values", values)
        _same_criteria([str(k) for k in values], crits, "values", where)
        return direct(values, percent=bool(spec.get("percent", False)))
    if method in ("roc", "rank_sum", "reciprocal"):
        order = spec["order"]
        ws = _ORDINAL[method](order)
        _same_criteria(list(ws.weights.index), crits, "order", where)
        return ws
    if method == "swing":
        points = spec["points"]
        if not isinstance(points, Mapping):
            msg = f"'points'{where} must be a table {{criterion = points}}."
            raise _fail(msg, "points", points)
        _same_criteria([str(k) for k in points], crits, "points", where)
        ranges = spec.get("ranges")
        ws = swing(points, ranges=ranges)
        if ranges is not None and problem is not None:
            # The method sees the observed bids: convert the weights stated for the
            # reference ranges into weights for the observed ranges (provenance keeps both).
            from partnerselect.weights.direct import rescale_to_ranges

            res = rescale_to_ranges(ws, ranges, problem)
            return WeightSet(
                weights=res.weights,
                raw=ws.raw,
                method="swing",
                provenance={
                    **ws.provenance,
                    **{k: v for k, v in res.provenance.items() if k != "method"},
                },
            )
        return ws
    if method == "ahp":
        return _ahp(spec, crits, where)
    if method == "combine":
        sub = from_spec(_table(spec, "subjective", where), crits, problem, where=where)
        obj = from_spec(_table(spec, "objective", where), crits, problem, where=where)
        return combine(sub, obj, spec.get("combination", "multiplicative"), spec.get("alpha", 0.5))
    return _objective(spec, method, crits, problem, where)


def _table(spec: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = spec[key]
    if not isinstance(value, Mapping):
        msg = f"{key!r}{where} must itself be a weighting table with a 'method' key."
        raise _fail(msg, key, value)
    return value


def _objective(
    spec: Mapping[str, Any], method: str, crits: list[str], problem: Problem | None, where: str
) -> WeightSet:
    if problem is None:
        msg = (
            f"The {method!r} weighting{where} derives weights from the data, so it needs "
            "the problem (pass problem=...), and it cannot weight groups of criteria."
        )
        raise _fail(msg, "method", method)
    known = [str(c) for c in problem.criteria]
    missing = [c for c in crits if c not in known]
    if missing:
        msg = (
            f"The {method!r} weighting{where} needs data for {missing[0]!r}, which is not a "
            f"criterion of the problem.{did_you_mean(missing[0], known)}"
        )
        raise _fail(msg, "method", missing[0])
    idx = [known.index(c) for c in crits]
    params = {k: v for k, v in spec.items() if k != "method"}
    w = OBJECTIVE_METHODS[method](problem.values[:, idx], problem.signs[idx], crits, **params)
    return WeightSet(
        weights=w,
        raw=None,
        method=method,
        provenance={"method": method, **params, "weights": w.to_dict()},
    )
