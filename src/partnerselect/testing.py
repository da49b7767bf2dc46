"""Hypothesis strategies and assertions for tests of partnerselect and of users' own code.

Requires ``hypothesis`` (a test dependency). Strategies produce valid inputs; use them to
check properties (permutation invariance, dominance, every partner accounted for...).

>>> from partnerselect.testing import problems
>>> problems(min_partners=2).example().shape[0] >= 2  # doctest: +SKIP
True
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import strategies as st

from partnerselect.problem import Problem

__all__ = [
    "METHOD_CHECKS",
    "assert_all_accounted",
    "cell_values",
    "check_method",
    "csv_texts",
    "matrices",
    "messy_frames",
    "method_checks",
    "models",
    "partner_tables",
    "problems",
    "score_tables",
    "track_record_tables",
    "weight_vectors",
]


@st.composite
def matrices(
    draw: st.DrawFn,
    *,
    min_partners: int = 2,
    max_partners: int = 8,
    min_criteria: int = 1,
    max_criteria: int = 6,
    positive: bool = True,
    distinct: bool = True,
) -> np.ndarray:
    """A float matrix (partners x criteria) of well-scaled values.

    ``positive`` keeps values in [1, 100] (ratio methods need them); ``distinct`` makes
    every column non-constant.

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    min_partners, max_partners, min_criteria, max_criteria : int
        Size bounds.
    positive : bool, default True
    distinct : bool, default True
    """
    m = draw(st.integers(min_partners, max_partners))
    n = draw(st.integers(min_criteria, max_criteria))
    lo = 1.0 if positive else -100.0
    elements = st.floats(lo, 100.0, allow_nan=False, allow_infinity=False).map(
        lambda v: round(v, 3)
    )
    cols = []
    for _ in range(n):
        col = draw(st.lists(elements, min_size=m, max_size=m))
        if distinct and m > 1 and len(set(col)) == 1:
            col[0] = col[0] + 1.0
        cols.append(col)
    return np.asarray(cols, dtype=float).T


@st.composite
def weight_vectors(draw: st.DrawFn, n: int) -> np.ndarray:
    """Non-negative weights (at least one positive) normalised to sum 1.

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    n : int
        Number of criteria.
    """
    raw = draw(st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=n, max_size=n))
    arr = np.asarray(raw, dtype=float)
    if arr.sum() <= 1e-6:
        arr[draw(st.integers(0, n - 1))] = 1.0
    arr = np.where(arr < 1e-6, 0.0, arr)
    return arr / arr.sum()


@st.composite
def problems(
    draw: st.DrawFn,
    *,
    min_partners: int = 2,
    max_partners: int = 8,
    min_criteria: int = 1,
    max_criteria: int = 6,
    positive: bool = True,
) -> Problem:
    """A valid :class:`Problem` with random objectives and weights.

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    min_partners, max_partners, min_criteria, max_criteria : int
        Size bounds.
    positive : bool, default True
        Values in [1, 100] (ratio methods need them).
    """
    x = draw(
        matrices(
            min_partners=min_partners,
            max_partners=max_partners,
            min_criteria=min_criteria,
            max_criteria=max_criteria,
            positive=positive,
        )
    )
    m, n = x.shape
    crits = [f"c{j}" for j in range(n)]
    objectives = {c: draw(st.sampled_from(["max", "min"])) for c in crits}
    w = draw(weight_vectors(n))
    df = pd.DataFrame(x, index=[f"P{i:02d}" for i in range(m)], columns=crits)
    return Problem.from_frame(df, objectives=objectives, weights=dict(zip(crits, w, strict=True)))


_NAME_ALPHABET = string.ascii_letters + string.digits + " &<>'\"=+-@éøłżÖ"


def _name(text: str, fallback: str) -> str:
    """A non-empty name that no reader takes for a missing cell ("NA", "-", "none"...)."""
    from partnerselect.io._cells import is_missing

    text = text.strip()
    return fallback if is_missing(text) else text


@st.composite
def partner_tables(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 12) -> pd.DataFrame:
    """Partner profile tables with the usual columns (some values missing).

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    min_size, max_size : int
        Number of partners.
    """
    k = draw(st.integers(min_size, max_size))
    ids = [f"P{i:03d}" for i in range(k)]
    maybe = st.one_of(st.none(), st.floats(0.0, 1.0))
    rows = []
    for pid in ids:
        rows.append(
            {
                "partner_id": pid,
                "name": _name(draw(st.text(_NAME_ALPHABET, min_size=1, max_size=30)), pid),
                "country": draw(st.sampled_from(["DE", "PL", "IN", "PT", "UA", "VN"])),
                "headcount": draw(st.integers(5, 5000)),
                "day_rate_eur": draw(st.floats(300, 1500).map(lambda v: round(v, 2))),
                "iso27001": draw(st.booleans()),
                "iso9001": draw(st.booleans()),
                "soc2": draw(st.booleans()),
                "gdpr_dpa": draw(st.booleans()),
                "ai_engineers": draw(st.integers(0, 400)),
                "domains": ";".join(
                    draw(st.lists(st.sampled_from(["ml", "nlp", "cv", "data"]), unique=True))
                ),
                "timezone_overlap_h": draw(
                    st.one_of(st.none(), st.floats(0, 8).map(lambda v: round(v, 1)))
                ),
                "attrition_rate": draw(maybe),
                "years_in_business": draw(st.integers(1, 40)),
            }
        )
    return pd.DataFrame(rows)


@st.composite
def track_record_tables(
    draw: st.DrawFn, partner_ids: list[str], *, max_projects: int = 6
) -> pd.DataFrame:
    """Track records for some of ``partner_ids`` (0..max_projects each).

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    partner_ids : list of str
    max_projects : int, default 6
    """
    rows = []
    for pid in partner_ids:
        for j in range(draw(st.integers(0, max_projects))):
            start = pd.Timestamp("2022-01-01") + pd.Timedelta(days=draw(st.integers(0, 1200)))
            planned = start + pd.Timedelta(days=draw(st.integers(30, 300)))
            status = draw(st.sampled_from(["completed", "completed", "cancelled", "ongoing"]))
            actual = (
                planned + pd.Timedelta(days=draw(st.integers(-20, 90)))
                if status != "ongoing"
                else pd.NaT
            )
            budget = float(draw(st.integers(20_000, 2_000_000)))
            rows.append(
                {
                    "partner_id": pid,
                    "project_id": f"{pid}-{j}",
                    "domain": draw(st.sampled_from(["ml", "nlp", "data"])),
                    "start_date": start,
                    "planned_end": planned,
                    "actual_end": actual,
                    "budget_eur": budget,
                    "actual_cost_eur": budget * draw(st.floats(0.8, 1.6))
                    if status != "ongoing"
                    else np.nan,
                    "quality_score": draw(st.floats(1, 5).map(lambda v: round(v, 1))),
                    "csat": draw(st.floats(1, 5).map(lambda v: round(v, 1))),
                    "defects": draw(st.integers(0, 40)),
                    "escalations": draw(st.integers(0, 4)),
                    "status": status,
                }
            )
    cols = [
        "partner_id",
        "project_id",
        "domain",
        "start_date",
        "planned_end",
        "actual_end",
        "budget_eur",
        "actual_cost_eur",
        "quality_score",
        "csat",
        "defects",
        "escalations",
        "status",
    ]
    return pd.DataFrame(rows, columns=cols)


@st.composite
def score_tables(
    draw: st.DrawFn,
    partner_ids: list[str],
    criteria: tuple[str, ...] = ("communication", "risk_management"),
) -> pd.DataFrame:
    """Evaluator scores (3 evaluators, 1-5) for every partner and criterion.

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    partner_ids : list of str
    criteria : tuple of str
    """
    rows = [
        {
            "evaluator": e,
            "partner_id": pid,
            "criterion": c,
            "score": draw(st.integers(1, 5)),
            "comment": "",
        }
        for e in ("E1", "E2", "E3")
        for pid in partner_ids
        for c in criteria
    ]
    return pd.DataFrame(rows, columns=["evaluator", "partner_id", "criterion", "score", "comment"])


# --------------------------------------------------------------------------- models
#: Partner columns :func:`partner_tables` fills, usable as ``source = "partners"`` criteria.
PARTNER_CRITERIA = (
    "headcount",
    "day_rate_eur",
    "ai_engineers",
    "timezone_overlap_h",
    "attrition_rate",
    "years_in_business",
)
#: Track-record metrics :func:`track_record_tables` provides the data for.
RECORD_METRICS = (
    "on_time_rate",
    "quality",
    "csat",
    "budget_overrun",
    "escalation_rate",
    "completion_rate",
)
_GATES = (
    "iso27001 == true",
    "day_rate_eur <= 1200",
    "headcount >= 50 or soc2 == true",
    'country in ["DE", "PL", "PT"]',
    "not (gdpr_dpa == false)",
    "attrition_rate < 0.5",
    '"ml" in domains',
)


@st.composite
def models(
    draw: st.DrawFn,
    *,
    methods: tuple[str, ...] = ("topsis", "wsm", "vikor", "promethee2", "edas", "wpm"),
    score_criteria: tuple[str, ...] = ("communication", "risk_management"),
    records: bool = True,
    scores: bool = True,
    max_gates: int = 2,
) -> dict[str, Any]:
    """Evaluation-model dicts (as a model.toml parses) over the columns of
    :func:`partner_tables`, the metrics :func:`track_record_tables` supports and the
    criteria of :func:`score_tables`.

    Models are valid by construction except that gates may exclude every partner and a
    missing-data policy of ``"error"`` may meet a missing value: both are expected
    partnerselect errors. Method parameters are the methods' defaults.

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    methods, score_criteria : tuple of str
    records, scores : bool
    max_gates : int
    """
    pool: list[tuple[str, str, str]] = [(c, "partners", "") for c in PARTNER_CRITERIA]
    if records:
        pool += [(m, "track_record", "") for m in RECORD_METRICS]
    if scores:
        pool += [(c, "evaluators", "") for c in score_criteria]
    chosen = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique=True))
    weighted = draw(st.booleans())
    criteria = []
    for name, source, _ in chosen:
        spec: dict[str, Any] = {
            "name": name,
            "source": source,
            "objective": draw(st.sampled_from(["max", "min"])),
            "missing": draw(st.sampled_from(["prior", "worst", "exclude", "error"]))
            if source != "evaluators"
            else "error",
        }
        if source == "track_record" and spec["missing"] == "error":
            spec["missing"] = "prior"
        if weighted:
            spec["weight"] = draw(st.integers(1, 10))
        criteria.append(spec)
    gates = [
        {"rule": rule, "reason": f"gate {i}", "on_missing": draw(st.sampled_from(["fail", "pass"]))}
        for i, rule in enumerate(
            draw(st.lists(st.sampled_from(_GATES), max_size=max_gates, unique=True))
        )
    ]
    model: dict[str, Any] = {
        "tender": {"name": "Fuzzed tender", "seed": draw(st.integers(0, 2**31 - 1))},
        "method": {
            "name": draw(st.sampled_from(methods)),
            "ties": draw(st.sampled_from(["min", "dense", "order"])),
        },
        "criteria": criteria,
        "track_record": {"min_projects": draw(st.integers(1, 4)), "prior_strength": 2},
    }
    if gates:
        model["gates"] = gates
    return model


# --------------------------------------------------------------------------- messy input
_MESSY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "NA",
        "n/a",
        "-",
        "1,200",
        "1 200",
        "12,5",
        "1.200,50",
        "12 %",
        "€900",
        "inf",
        "-inf",
        "nan",
        "1e308",
        "-0",
        "yes",
        "No",
        "2024-03-01",
        "31/03/2024",
        "03/31/2024",
        "2024-02-30",
        "completed",
        "Done",
        "P1",
        " p1 ",
        "=1+1",
        "<b>x</b>",
        "a;b;c",
        '"quoted"',
        "\x00",
        "\u202e",
    ]
)


def cell_values() -> st.SearchStrategy[Any]:
    """Single cells as spreadsheets and hand-edited files deliver them: numbers, text that
    looks like numbers or dates (or almost), booleans, missing markers, junk."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        _MESSY_TEXT,
        st.text(max_size=12),
    )


_MESSY_COLUMNS = (
    "partner_id",
    "name",
    "project_id",
    "evaluator",
    "criterion",
    "score",
    "comment",
    "day_rate_eur",
    "Day Rate EUR",
    "iso27001",
    "attrition_rate",
    "headcount",
    "domains",
    "start_date",
    "planned_end",
    "actual_end",
    "budget_eur",
    "quality_score",
    "status",
    "",
    "extra",
)


@st.composite
def messy_frames(draw: st.DrawFn, *, max_rows: int = 6) -> pd.DataFrame:
    """DataFrames with known, renamed, blank and unknown column names and cells from
    :func:`cell_values` (object dtype).

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    max_rows : int, default 6
    """
    cols = draw(st.lists(st.sampled_from(_MESSY_COLUMNS), min_size=1, max_size=8))
    k = draw(st.integers(0, max_rows))
    data = {
        f"{c}" if cols.index(c) == i else f"{c}.{i}": draw(
            st.lists(cell_values(), min_size=k, max_size=k)
        )
        for i, c in enumerate(cols)
    }
    return pd.DataFrame(data, dtype=object)


@st.composite
def csv_texts(draw: st.DrawFn, *, max_rows: int = 6) -> str:
    """CSV-like text: a header of (possibly duplicated, blank or unknown) column names, rows
    of messy cells with a random delimiter, quoting, ragged rows and blank lines.

    Parameters
    ----------
    draw : callable
        Supplied by hypothesis.
    max_rows : int, default 6
    """
    delim = draw(st.sampled_from([",", ";", "\t", "|"]))
    cols = draw(st.lists(st.sampled_from(_MESSY_COLUMNS), min_size=1, max_size=7))
    lines = [delim.join(cols)]
    cell = st.one_of(_MESSY_TEXT, st.text(max_size=8))
    for _ in range(draw(st.integers(0, max_rows))):
        width = draw(st.integers(max(0, len(cols) - 1), len(cols) + 1))
        cells = draw(st.lists(cell, min_size=width, max_size=width))
        quote = draw(st.booleans())
        lines.append(delim.join('"' + c.replace('"', '""') + '"' if quote else c for c in cells))
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), "")
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\r\n"]))


def assert_all_accounted(evaluation: Any, partner_ids: list[str] | None = None) -> None:
    """Assert every input partner is ranked or excluded with a non-empty reason, once.

    Parameters
    ----------
    evaluation : Evaluation
    partner_ids : list of str, optional
        The input partner ids (default: the evaluation's partner table).
    """
    ids = [
        str(p)
        for p in (partner_ids if partner_ids is not None else evaluation.partners["partner_id"])
    ]
    ranked = set(map(str, evaluation.ranking.ranks.index))
    excluded = evaluation.excluded
    excl_ids = set(map(str, excluded["partner_id"]))
    assert not (ranked & excl_ids), (
        f"partners both ranked and excluded: {sorted(ranked & excl_ids)}"
    )
    missing = set(ids) - ranked - excl_ids
    assert not missing, f"partners neither ranked nor excluded: {sorted(missing)}"
    extra = (ranked | excl_ids) - set(ids)
    assert not extra, f"unknown partners in the result: {sorted(extra)}"
    empty = excluded[excluded["reason"].fillna("").astype(str).str.strip() == ""]
    assert empty.empty, f"exclusions without a reason: {empty['partner_id'].tolist()}"


# --------------------------------------------------------------------- method contract
#: Names of the checks :func:`check_method` runs; a method class may declare exemptions
#: in ``check_exemptions`` (check name -> reason).
METHOD_CHECKS: tuple[str, ...] = (
    "construction",
    "kernel_batch",
    "rank_consistent",
    "permutation",
    "dominance",
    "rescaling",
    "equality",
    "scores_rank",
    "stacked_kernel",
)


def _contract_problem(random_state: int, m: int = 6, n: int = 4) -> Problem:
    rng = np.random.default_rng(random_state)
    x = np.round(rng.uniform(1.0, 100.0, size=(m, n)), 3)
    crits = [f"c{j}" for j in range(n)]
    objectives = {c: ("min" if j % 2 else "max") for j, c in enumerate(crits)}
    w = rng.uniform(0.2, 1.0, size=n)
    df = pd.DataFrame(x, index=[f"P{i}" for i in range(m)], columns=crits)
    return Problem.from_frame(df, objectives=objectives, weights=dict(zip(crits, w, strict=True)))


def _quiet_rank(method: Any, problem: Problem, **kwargs: Any) -> Any:
    import warnings

    from partnerselect.errors import DegenerateDataWarning, TieWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        warnings.simplefilter("ignore", DegenerateDataWarning)
        return method.rank(problem, **kwargs)


def _check_construction(cls: type, params: dict[str, Any], random_state: int) -> None:
    import dataclasses

    from partnerselect.errors import ParameterError
    from partnerselect.methods import Method

    assert issubclass(cls, Method), f"{cls.__name__} is not a partnerselect Method"
    assert dataclasses.is_dataclass(cls), f"{cls.__name__} is not a dataclass"
    method = cls(**params)
    assert set(method.params) == set(cls.defaults), "params differ from the dataclass fields"
    try:
        method.__setattr__("_probe", 1)
    except dataclasses.FrozenInstanceError:
        pass
    else:  # pragma: no cover - a mutable method
        raise AssertionError(f"{cls.__name__} instances must be frozen")
    try:
        cls(no_such_parameter=1)
    except ParameterError:
        pass
    else:  # pragma: no cover
        raise AssertionError(f"{cls.__name__}(no_such_parameter=1) did not raise ParameterError")


def _check_kernel_batch(cls: type, params: dict[str, Any], random_state: int) -> None:
    pb = _contract_problem(random_state)
    method = cls(**params)
    rng = np.random.default_rng(random_state + 1)
    W = rng.dirichlet(np.ones(pb.shape[1]), size=5)
    batch = np.asarray(method.scorer(pb)(W), dtype=float)
    assert batch.shape == (5, pb.shape[0]), f"scorer returned shape {batch.shape}"
    assert np.isfinite(batch).all(), "scorer returned non-finite scores"
    one_by_one = np.vstack([method.scorer(pb)(W[k][None, :]) for k in range(5)])
    np.testing.assert_allclose(batch, one_by_one, rtol=1e-9, atol=1e-12)


def _check_rank_consistent(cls: type, params: dict[str, Any], random_state: int) -> None:
    pb = _contract_problem(random_state)
    method = cls(**params)
    r = _quiet_rank(method, pb)
    kernel = method.scorer(pb)(pb.weight_vector[None, :])[0]
    np.testing.assert_allclose(r.scores.to_numpy(float), kernel, rtol=1e-9, atol=1e-12)
    ranks = r.ranks.to_numpy()
    assert ranks.min() == 1, "the best rank must be 1"
    assert ranks.max() <= len(ranks), "ranks must not exceed the number of partners"


def _check_permutation(cls: type, params: dict[str, Any], random_state: int) -> None:
    pb = _contract_problem(random_state)
    method = cls(**params)
    perm = list(np.random.default_rng(random_state).permutation(list(pb.partners)))
    a = _quiet_rank(method, pb)
    b = _quiet_rank(method, pb.subset(perm))
    np.testing.assert_allclose(
        b.scores.to_numpy(float), a.scores[perm].to_numpy(float), rtol=1e-9, atol=1e-12
    )
    assert b.ranks.tolist() == a.ranks[perm].tolist(), "permuting partners changed ranks"


def _check_dominance(cls: type, params: dict[str, Any], random_state: int) -> None:
    pb = _contract_problem(random_state)
    x = pb.values.copy()
    # P0 copies P1 and is strictly better on the most heavily weighted criterion
    j = int(np.argmax(pb.weight_vector))
    x[0] = x[1]
    x[0, j] = x[1, j] + (5.0 if pb.signs[j] > 0 else -0.5)
    df = pd.DataFrame(x, index=pb.partners, columns=pb.criteria)
    objectives = {
        c: ("max" if s > 0 else "min") for c, s in zip(pb.criteria, pb.signs, strict=True)
    }
    dom = Problem.from_frame(df, objectives=objectives, weights=dict(pb.weights))
    r = _quiet_rank(cls(**params), dom)
    a, b = int(r.ranks.iloc[0]), int(r.ranks.iloc[1])
    # a partial order may leave the pair indifferent, never reversed
    ok = a <= b and not bool(r.outranking.iloc[1, 0]) if r.ties == "partial" else a < b
    assert ok, f"{cls.__name__}: a dominating partner ranks {a}, the partner it dominates {b}"


def _check_rescaling(cls: type, params: dict[str, Any], random_state: int) -> None:
    pb = _contract_problem(random_state)
    method = cls(**params)
    base = _quiet_rank(method, pb).ranks.tolist()
    objectives = {
        c: ("max" if s > 0 else "min") for c, s in zip(pb.criteria, pb.signs, strict=True)
    }
    for j in range(pb.shape[1]):
        for power in (-300, -150, -12, 12, 150, 300):
            x = pb.values.copy()
            x[:, j] *= 10.0**power
            df = pd.DataFrame(x, index=pb.partners, columns=pb.criteria)
            scaled = Problem.from_frame(df, objectives=objectives, weights=dict(pb.weights))
            got = _quiet_rank(method, scaled).ranks.tolist()
            assert got == base, (
                f"{cls.__name__}: multiplying criterion {pb.criteria[j]!r} by 1e{power} "
                f"changed the ranks from {base} to {got}"
            )


def _check_equality(cls: type, params: dict[str, Any], random_state: int) -> None:
    pb = _contract_problem(random_state)
    a, b = cls(**params), cls(**params)
    assert a == b, "two methods built with the same parameters differ"
    ra, rb = _quiet_rank(a, pb), _quiet_rank(b, pb)
    assert ra == rb, "two rankings of the same problem by the same method differ"


def _check_scores_rank(cls: type, params: dict[str, Any], random_state: int) -> None:
    from partnerselect.ranking import rank_batch

    pb = _contract_problem(random_state)
    method = cls(**params)
    r = _quiet_rank(method, pb)
    expected = rank_batch(r.scores.to_numpy(float), higher_is_better=method.higher_is_better)
    assert r.ranks.tolist() == expected.tolist(), (
        f"{cls.__name__}: rank() gives {r.ranks.tolist()} but ranking its scores gives "
        f"{expected.tolist()}; sensitivity analyses rank the scores"
    )


def _check_stacked_kernel(cls: type, params: dict[str, Any], random_state: int) -> None:
    method = cls(**params)
    if not method.has_stacked_kernel:  # optional: nothing to check
        return
    pb = _contract_problem(random_state)
    kwargs = method.validate(pb)
    rng = np.random.default_rng(random_state + 2)
    X = pb.values[None, :, :] * rng.uniform(0.9, 1.1, size=(4, *pb.shape))
    W = rng.dirichlet(np.ones(pb.shape[1]), size=(4, 2))
    ref = np.stack(
        [np.asarray(method.kernel(X[s], pb.signs, W[s], **kwargs), float) for s in range(4)]
    )
    for stack in (X, np.asfortranarray(X)):  # either memory layout
        got = np.asarray(method.stacked_kernel(stack, pb.signs, W, **kwargs), dtype=float)
        assert got.shape == ref.shape, f"stacked_kernel returned shape {got.shape}"
        np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-12)


_CHECK_FUNCS = {
    "construction": _check_construction,
    "kernel_batch": _check_kernel_batch,
    "rank_consistent": _check_rank_consistent,
    "permutation": _check_permutation,
    "dominance": _check_dominance,
    "rescaling": _check_rescaling,
    "equality": _check_equality,
    "scores_rank": _check_scores_rank,
    "stacked_kernel": _check_stacked_kernel,
}


def method_checks(cls: type, **params: Any) -> list[tuple[str, Any]]:
    """The contract checks of a method class, as ``(name, check)`` pairs.

    Each ``check(random_state=0)`` raises ``AssertionError`` when the class breaks the
    contract. Checks the class declares in ``check_exemptions`` are left out. Use it to
    parametrize a test suite (as scikit-learn's ``parametrize_with_checks``).

    Parameters
    ----------
    cls : type
        A :class:`~partnerselect.methods.Method` subclass.
    **params
        Parameters to build the method with (default: its defaults).

    Returns
    -------
    list of (str, callable)

    Examples
    --------
    >>> from partnerselect.methods.topsis import TOPSIS
    >>> [name for name, _ in method_checks(TOPSIS)][:3]
    ['construction', 'kernel_batch', 'rank_consistent']
    """
    exempt = dict(getattr(cls, "check_exemptions", {}) or {})
    unknown = sorted(set(exempt) - set(METHOD_CHECKS))
    if unknown:
        msg = f"{cls.__name__}.check_exemptions names unknown checks {unknown}; known: {list(METHOD_CHECKS)}."
        raise ValueError(msg)

    def bind(name: str) -> Any:
        func = _CHECK_FUNCS[name]

        def check(random_state: int = 0) -> None:
            func(cls, dict(params), random_state)

        check.__name__ = f"check_{name}"
        return check

    return [(name, bind(name)) for name in METHOD_CHECKS if name not in exempt]


def check_method(cls: type, *, random_state: int = 0, **params: Any) -> list[str]:
    """Check that a ranking method keeps the public contract of partnerselect methods.

    A method is a frozen dataclass whose fields are its parameters (unknown ones fail at
    construction); its batched scorer agrees with one-by-one calls and with
    :meth:`rank`; permuting partners permutes the result; a dominating partner ranks
    above the partner it dominates; multiplying a criterion by any power of ten leaves
    the ranks unchanged; equal methods give equal rankings; the ranks of :meth:`rank` are
    those of the batched scores (what the sensitivity analyses rank); a stacked kernel,
    when the method has one, gives the scores of its kernel for every matrix of a stack.
    Checks listed in the class's ``check_exemptions`` (name -> reason) are skipped.

    Parameters
    ----------
    cls : type
        A :class:`~partnerselect.methods.Method` subclass (third-party ones included).
    random_state : int, default 0
        Seed of the random test problems.
    **params
        Parameters to build the method with (default: its defaults).

    Returns
    -------
    list of str
        Names of the checks that ran (and passed).

    Raises
    ------
    AssertionError
        Naming the first check that failed.

    Examples
    --------
    >>> from partnerselect.methods.wsm import WSM
    >>> "dominance" in check_method(WSM)
    True
    """
    ran = []
    for name, check in method_checks(cls, **params):
        check(random_state=random_state)
        ran.append(name)
    return ran
