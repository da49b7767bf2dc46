"""``validate`` predicts ``rank``: no problem exactly when the evaluation succeeds.

Two properties: over the bad-input catalogue (each case's input, with valid defaults for the
other inputs) and over fuzzed tables and models. When the evaluation fails, its error is
among the problems ``validate`` lists; warnings it gives are ``validate``'s notes.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import PartnerSelectError, PartnerSelectWarning
from partnerselect.validate import validate
from tests.hardening._hardening_cases import CASES
from tests.hardening._schema_cases import SCHEMA_CASES

PARTNERS = "partner_id,name,day_rate_eur,iso27001,domains\nP1,Acme,800,yes,banking\nP2,Beta,900,no,ml\nP3,Gamma,950,yes,ml;banking\n"
RECORDS = (
    "partner_id,project_id,start_date,planned_end,actual_end,budget_eur,actual_cost_eur,"
    "quality_score,csat,status\n"
    "P1,X1,2024-01-01,2024-06-30,2024-07-10,100000,110000,4,4.5,completed\n"
    "P2,X2,2024-02-01,2024-08-31,2024-08-20,200000,190000,3.5,4,completed\n"
)
SCORES = (
    "evaluator,partner_id,criterion,score\n"
    "ann,P1,communication,4\nann,P2,communication,3\nann,P3,communication,5\n"
    "bob,P1,communication,4\nbob,P2,communication,3.5\nbob,P3,communication,4\n"
)
MODEL = '[[criteria]]\nname = "day_rate_eur"\nobjective = "min"\n'


class _CapturedError(Exception):
    pass


def _capture(case: Any, tmp: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any] | None:
    """Run a catalogue case with the entry points replaced by a recorder of their inputs."""
    got: dict[str, Any] = {}

    def recorder(role: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> Any:
            if role == "evaluate":
                kwargs.pop("analyses", None)  # validate checks rank's stages either way
                if set(kwargs) - {"scores"}:
                    raise _CapturedError
                names = ("partners", "records", "model")
                got.update(zip(names, args, strict=False))
                got.update(kwargs)
            elif kwargs or len(args) != 1:
                raise _CapturedError  # reader options validate cannot pass; not comparable
            else:
                got[role] = args[0]
            raise _CapturedError

        return record

    for role, name in (
        ("evaluate", "evaluate"),
        ("partners", "read_partners"),
        ("records", "read_track_records"),
        ("scores", "read_scores"),
        ("model", "read_model"),
    ):
        monkeypatch.setattr(ps, name, recorder(role))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            case.run(tmp)
    except _CapturedError:
        pass
    except Exception:  # the case did not reach an entry point we can compare
        return None
    finally:
        monkeypatch.undo()
    return got or None


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def check_agreement(partners: Any, records: Any, model: Any, scores: Any) -> None:
    notes: list[str] = []
    problems = validate(partners, records, model, scores=scores, notes=notes)
    assert all(isinstance(p, str) and p for p in problems)
    error: PartnerSelectError | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PartnerSelectWarning)
        try:
            ps.evaluate(partners, records, model, scores=scores)
        except PartnerSelectError as err:
            error = err
    if error is not None:
        assert problems, f"validate found nothing, but the evaluation raised: {error}"
        head = str(error).splitlines()[0]
        assert any(head in p for p in problems), f"{head!r} not in {problems}"
        return
    assert problems == [], f"the evaluation succeeded, but validate listed {problems}"
    for w in caught:
        if issubclass(w.category, PartnerSelectWarning):
            assert f"{w.category.__name__}: {w.message}" in notes


COMPARABLE = [
    c for c in (*CASES, *SCHEMA_CASES) if c.area not in ("cli", "api", "weights") and not c.slow
]


@settings(
    max_examples=25,  # each case runs validate and rank; every case is reached over runs
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(case=st.sampled_from(COMPARABLE))
def test_validate_agrees_with_rank_over_the_catalogue(case, tmp_path_factory, monkeypatch):
    tmp = tmp_path_factory.mktemp(case.id)
    got = _capture(case, tmp, monkeypatch)
    assume(got is not None)
    assert got is not None
    partners = got.get("partners", _write(tmp, "default_partners.csv", PARTNERS))
    model = got.get("model", _write(tmp, "default_model.toml", MODEL))
    check_agreement(partners, got.get("records"), model, got.get("scores"))


# --------------------------------------------------------------------------- fuzzed inputs
CELLS = ["800", "9.5 pts", "", "n/a", "1e309", "8%", "1,5", "-3", "1 000", "abc", "0", "700.5"]
BOOLS = ["yes", "no", "", "maybe", "TRUE", "0"]
DOMAINS = ["banking", "Banking; ML", "", "ml"]
MODEL_PARTS = [
    "",
    '[method]\nname = "wsm"\n',
    '[method]\nname = "wsn"\n',
    '[method]\nname = "topsis"\nparams = { normalisation = "vector" }\n',
    "[sensitivity]\nsmaa_sample = 100\n",
    '[sensitivity]\nsmaa_samples = "many"\n',
    "[tender]\nseed = -1\n",
    '[[gates]]\nrule = "iso27001 == true"\n',
    '[[gates]]\nrule = "iso27001 == \\"yes\\""\n',
    '[[gates]]\nrule = "\\"Banking\\" in domains"\n',
    '[[gates]]\nrule = "headcount > 3"\n',
    '[[gates]]\nrule = "day_rate_eur <"\n',
    '[[gates]]\nrule = "day_rate_eur < 100"\n',
    '[[criteria]]\nname = "communication"\nsource = "evaluators"\n',
    '[[criteria]]\nname = "Communication "\nsource = "evaluators"\ncolumn = "Communication "\n',
    '[[criteria]]\nname = "quality"\nsource = "track_record"\nmissing = "prior"\n',
    '[[criteria]]\nname = "csat"\nsource = "track_record"\n',
    '[[criteria]]\nname = "headcount"\n',
    '[evaluators]\nspread_tolerance = "wide"\n',
]


@st.composite
def inputs(draw: Any) -> tuple[str, str, str | None, str | None]:
    rows = []
    for i, name in enumerate(("Acme", "Beta", "Gamma"), start=1):
        rows.append(
            f"P{i},{name},{draw(st.sampled_from(CELLS))},{draw(st.sampled_from(BOOLS))},"
            f'"{draw(st.sampled_from(DOMAINS))}"'
        )
    partners = "partner_id,name,day_rate_eur,iso27001,domains\n" + "\n".join(rows) + "\n"
    parts = draw(st.lists(st.sampled_from(MODEL_PARTS), max_size=3, unique=True))
    model = "\n".join(parts) + "\n" + MODEL
    records = RECORDS if draw(st.booleans()) else None
    scores = SCORES if draw(st.booleans()) else None
    return partners, model, records, scores


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
@given(data=inputs())
def test_validate_agrees_with_rank_on_fuzzed_inputs(data, tmp_path_factory):
    partners, model, records, scores = data
    tmp = tmp_path_factory.mktemp("fuzz")
    check_agreement(
        _write(tmp, "partners.csv", partners),
        None if records is None else _write(tmp, "records.csv", records),
        _write(tmp, "model.toml", model),
        None if scores is None else _write(tmp, "scores.csv", scores),
    )


def test_validate_lists_problems_of_every_stage_at_once(tmp_path):
    partners = _write(tmp_path, "p.csv", PARTNERS.replace("800", "9.5 pts"))
    model = _write(tmp_path, "m.toml", MODEL)
    problems = validate(partners, None, model)
    assert len(problems) == 1
    assert "9.5 pts" in problems[0]
    model = _write(
        tmp_path,
        "m.toml",
        '[[gates]]\nrule = "iso_27001 == true"\n' + MODEL + '[[criteria]]\nname = "headcount"\n'
        '[[criteria]]\nname = "csat"\nsource = "track_record"\n',
    )
    problems = validate(_write(tmp_path, "p2.csv", PARTNERS), None, model)
    text = "\n".join(problems)
    assert len(problems) == 3, problems
    assert "Did you mean 'iso27001'" in text
    assert "'headcount'" in text
    assert "no track records were given" in text


def test_validate_notes_the_warnings_rank_gives(tmp_path):
    scores = _write(tmp_path, "s.csv", SCORES + "cy,P9,communication,4\n")
    model = _write(
        tmp_path, "m.toml", MODEL + '[[criteria]]\nname = "communication"\nsource = "evaluators"\n'
    )
    notes: list[str] = []
    assert (
        validate(_write(tmp_path, "p.csv", PARTNERS), None, model, scores=scores, notes=notes) == []
    )
    assert any(n.startswith("UnknownPartnerWarning") and "P9" in n for n in notes)


def test_validate_model_none_is_a_problem_not_a_traceback(tmp_path):
    problems = validate(_write(tmp_path, "p.csv", PARTNERS), None, None)
    assert problems
    assert "No model given" in problems[0]


def test_cli_validate_never_exits_1(tmp_path, capsys):
    from partnerselect.cli import main

    p = _write(tmp_path, "p.csv", PARTNERS)
    good = _write(tmp_path, "good.toml", MODEL)
    bad = _write(tmp_path, "bad.toml", "[sensitivity]\nsmaa_sample = 10\n" + MODEL)
    assert main(["validate", "--partners", str(p), "--model", str(good)]) == 0
    assert main(["validate", "--partners", str(p), "--model", str(bad)]) == 2
    out = capsys.readouterr().out
    assert "Did you mean 'smaa_samples'" in out
    assert "Traceback" not in out
