"""Bad-input cases of the model schema, validate, names, track-record dates and API edges.

Same format as :mod:`tests.hardening._hardening_cases` (and run by the same checks); the
table is the "Model file, names, track-record dates and API edges" section of
docs/bad-inputs.md. ``python -m tests.hardening._schema_cases`` rewrites it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pandas as pd

import partnerselect as ps
from partnerselect import errors as E  # noqa: N812 - short alias keeps the case table readable
from tests.hardening._hardening_cases import (
    RATE,
    Accepted,
    BadInput,
    _file,
    _model,
    _outcome,
    _partners,
)

PARTNERS_CSV = (
    "partner_id,name,day_rate_eur,iso27001,domains\n"
    "P1,Acme,800,yes,banking;ml\nP2,Beta,900,no,ml\nP3,Gamma,950,yes,Banking\n"
)
SCORES_CSV = (
    "evaluator,partner_id,criterion,score\n"
    "ann,P1,{c},4\nann,P2,{c},3\nann,P3,{c},5\nbob,P1,{c},4\nbob,P2,{c},3.5\nbob,P3,{c},4\n"
)
COMMUNICATION = '[[criteria]]\nname = "communication"\nsource = "evaluators"\n'
RECORDS_HEAD = (
    "partner_id,project_id,start_date,planned_end,actual_end,budget_eur,actual_cost_eur,"
    "quality_score,csat,status\n"
    "P1,X1,2024-01-01,2024-06-30,2024-07-10,100000,110000,4,4.5,completed\n"
)
QUALITY = (
    '[tender]\nas_of = "2026-11-01"\n'
    '[[criteria]]\nname = "quality"\nsource = "track_record"\nmissing = "prior"\n'
)


def _eval(tmp: Path, model: str, *, scores: str | None = None, records: str | None = None) -> Any:
    return ps.evaluate(
        _file(tmp, "p.csv", PARTNERS_CSV),
        None if records is None else _file(tmp, "r.csv", RECORDS_HEAD + records),
        _model(tmp, model + RATE),
        scores=None if scores is None else _file(tmp, "s.csv", scores),
        analyses=False,
    )


def _records(tmp: Path, rows: str) -> Any:
    return ps.read_track_records(_file(tmp, "r.csv", RECORDS_HEAD + rows))


def _deep_json(tmp: Path) -> Path:
    return _file(tmp, "model.json", '{"a": ' + "[" * 50_000 + "]" * 50_000 + "}")


def _gate_400(tmp: Path) -> Any:
    cols = ",".join(f"c{i}" for i in range(400))
    rows = "\n".join(f"P{p},N{p},{800 + p}," + ",".join(["1"] * 400) for p in range(1, 4))
    partners = _file(tmp, "p.csv", f"partner_id,name,day_rate_eur,{cols}\n{rows}\n")
    rule = " and ".join(f"c{i} >= 1" for i in range(400))
    model = ps.read_model(_model(tmp, f'[[gates]]\nrule = "{rule}"\n' + RATE))
    table = ps.read_partners(partners)
    return ps.screening.apply_gates(table, [g.rule for g in model.gates]).eligible


def _expect(value: Any) -> Any:
    def check(result: Any, _tmp: Path) -> None:
        assert result == value, result

    return check


SCHEMA_CASES: list[BadInput] = [
    # ----------------------------------------------------------------- model schema
    BadInput(
        "schema-misspelt-key",
        "model",
        "`smaa_sample = 5000` in `[sensitivity]` (typo of `smaa_samples`)",
        E.ModelError,
        lambda t: ps.read_model(_model(t, "[sensitivity]\nsmaa_sample = 5000\n" + RATE)),
        where=r"\[sensitivity\] has unknown key 'smaa_sample'.*model\.toml",
        fix=r"Did you mean 'smaa_samples'\?",
    ),
    BadInput(
        "schema-count-as-text",
        "model",
        '`smaa_samples = "many"`',
        E.ModelError,
        lambda t: ps.read_model(_model(t, '[sensitivity]\nsmaa_samples = "many"\n' + RATE)),
        where=r"\[sensitivity\] smaa_samples .*'many'",
        fix=r"must be a non-negative integer",
    ),
    BadInput(
        "schema-count-fraction",
        "model",
        "`smaa_samples = 1.5`",
        E.ModelError,
        lambda t: ps.read_model(_model(t, "[sensitivity]\nsmaa_samples = 1.5\n" + RATE)),
        where=r"\[sensitivity\] smaa_samples .*got 1\.5",
        fix=r"must be a non-negative integer",
    ),
    BadInput(
        "schema-tolerance-as-text",
        "model",
        '`spread_tolerance = "wide"` in `[evaluators]`',
        E.ModelError,
        lambda t: ps.read_model(_model(t, '[evaluators]\nspread_tolerance = "wide"\n' + RATE)),
        where=r"\[evaluators\] spread_tolerance .*'wide'",
        fix=r"must be a number >= 0",
    ),
    BadInput(
        "schema-metric-param-as-text",
        "model",
        '`params = { tolerance_days = "two weeks" }` on a track-record criterion',
        E.ModelError,
        lambda t: ps.read_model(
            _model(
                t,
                '[[criteria]]\nname = "on_time_rate"\nsource = "track_record"\n'
                'params = { tolerance_days = "two weeks" }\n',
            )
        ),
        where=r"Criterion 'on_time_rate': params tolerance_days .*'two weeks'",
        fix=r"must be a number",
    ),
    BadInput(
        "schema-compare-one-name",
        "model",
        '`compare = "wsm"` (a name, not a list)',
        Accepted,
        lambda t: (
            ps.read_model(_model(t, '[sensitivity]\ncompare = "wsm"\n' + RATE)).sensitivity.compare
        ),
        check=_expect(("wsm",)),
    ),
    BadInput(
        "schema-out-of-range",
        "model",
        "`level = 1.5` in `[track_record]`",
        E.ModelError,
        lambda t: ps.read_model(_model(t, "[track_record]\nlevel = 1.5\n" + RATE)),
        where=r"\[track_record\] level .*got 1\.5",
        fix=r"must be a number > 0 and < 1",
    ),
    BadInput(
        "schema-ahp-nan",
        "model",
        'an AHP judgment written `nan` (`"price/quality" = nan`)',
        E.ModelError,
        lambda t: ps.read_model(
            _model(
                t,
                '[weighting]\nmethod = "ahp"\njudgments = { "day_rate_eur/x" = nan }\n' + RATE,
            )
        ),
        where=r"\[weighting\] judgments\.day_rate_eur/x is NaN",
        fix=r"Give every judgment a number",
    ),
    BadInput(
        "schema-verdict-unknown-key",
        "model",
        "`verdict = { min_marign = 0.1 }` in `[sensitivity]`",
        E.ModelError,
        lambda t: ps.read_model(
            _model(t, "[sensitivity]\nverdict = { min_marign = 0.1 }\n" + RATE)
        ),
        where=r"\[sensitivity\] verdict has unknown key 'min_marign'",
        fix=r"Did you mean 'min_margin'\?",
    ),
    BadInput(
        "schema-method-param-unknown",
        "model",
        '`params = { normalisation = "vector" }` for TOPSIS',
        E.ParameterError,
        lambda t: ps.read_model(
            _model(t, '[method]\nname = "topsis"\nparams = { normalisation = "vector" }\n' + RATE)
        ),
        where=r"\[method\] params has unknown key 'normalisation': TOPSIS got unknown",
        fix=r"Did you mean 'normalization'\?",
    ),
    BadInput(
        "schema-yaml-duplicate-key",
        "model",
        "a YAML model with the section `method:` written twice",
        E.FileFormatError,
        lambda t: ps.read_model(
            _file(
                t,
                "model.yaml",
                "method:\n  name: wsm\ncriteria:\n  - name: a\nmethod:\n  name: topsis\n",
            )
        ),
        where=r"model\.yaml' has the key 'method' twice in one mapping \(lines 1 and 5\)",
        fix=r"keep one",
    ),
    BadInput(
        "schema-json-duplicate-key",
        "model",
        'a JSON model with `"name"` twice in one criterion',
        E.FileFormatError,
        lambda t: ps.read_model(
            _file(t, "model.json", '{"criteria": [{"name": "a",\n"name": "b"}]}')
        ),
        where=r"model\.json' has the key 'name' twice in one object \(line 2\)",
        fix=r"keep one",
    ),
    BadInput(
        "schema-toml-section-twice",
        "model",
        "a TOML model with `[method]` written twice",
        E.FileFormatError,
        lambda t: ps.read_model(
            _model(t, '[method]\nname = "wsm"\n' + RATE + '[method]\nties = "min"\n')
        ),
        where=r"Cannot declare \('method',\) twice \(at line 6",
        fix=r"written twice; keep one",
    ),
    BadInput(
        "schema-yaml-boolean-name",
        "model",
        "a YAML criterion named `NO` (YAML 1.1 reads it as false)",
        E.ModelError,
        lambda t: ps.read_model(_file(t, "model.yaml", "criteria:\n  - name: NO\n")),
        where=r"Criterion #1 has no `name` \(got the boolean false",
        fix=r"put it in quotes, e\.g\. 'NO'",
    ),
    BadInput(
        "schema-yaml-alias",
        "model",
        'YAML anchors and aliases (`&a`, `*a`: the "billion laughs" pattern)',
        E.FileFormatError,
        lambda t: ps.read_model(
            _file(t, "model.yaml", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\ncriteria:\n  - name: x\n")
        ),
        where=r"YAML alias \(\*a\) at line 2",
        fix=r"write the values out",
    ),
    BadInput(
        "schema-deep-nesting",
        "model",
        "a JSON model nesting lists 50,000 deep",
        E.FileFormatError,
        lambda t: ps.read_model(_deep_json(t)),
        where=r"model\.json' nests tables or lists more than 32 levels",
        fix=r"flatten the structure",
    ),
    BadInput(
        "schema-gate-deep-nesting",
        "model",
        "a gate rule nesting parentheses 40 deep",
        E.RuleSyntaxError,
        lambda t: ps.read_model(
            _model(
                t, '[[gates]]\nrule = "' + "(" * 40 + "day_rate_eur < 1" + ")" * 40 + '"\n' + RATE
            )
        ),
        where=r"Gate #1 rule .* does not parse",
        fix=r"more than 32 levels deep; simplify it",
    ),
    BadInput(
        "schema-gate-400-conditions",
        "model",
        "a generated gate of 400 conditions joined by `and`",
        Accepted,
        _gate_400,
        check=_expect(["P1", "P2", "P3"]),
    ),
    # ----------------------------------------------------------------- names
    BadInput(
        "names-evaluator-criterion-spelling",
        "names",
        "scores rate `Communication` where the model reads `communication`",
        E.NameMatchWarning,
        lambda t: _eval(t, COMMUNICATION, scores=SCORES_CSV.format(c="Communication")),
        where=r"'Communication' -> 'communication'",
        fix=r"matched to the model and partner table",
    ),
    BadInput(
        "names-score-unknown-criterion",
        "names",
        "scores rate `comunication`, which no criterion reads",
        E.SchemaError,
        lambda t: _eval(
            t,
            COMMUNICATION,
            scores=SCORES_CSV.format(c="communication") + "cy,P1,comunication,4\n",
        ),
        where=r"s\.csv': evaluator scores rate criterion 'comunication' \(row\(s\) 8\)",
        fix=r"Did you mean 'communication'\?",
    ),
    BadInput(
        "names-gate-literal-case",
        "names",
        '`"Banking" in domains` when the cells say `banking` or `Banking`',
        Accepted,
        lambda t: (
            ps.screening.apply_gates(
                ps.read_partners(_file(t, "p.csv", PARTNERS_CSV)), ['"Banking" in domains']
            ).eligible
        ),
        check=_expect(["P1", "P3"]),
    ),
    BadInput(
        "names-gate-boolean-vs-text",
        "names",
        '`iso27001 == "yes"` on a yes/no column',
        E.ModelError,
        lambda t: _eval(t, '[[gates]]\nrule = "iso27001 == \\"yes\\""\n'),
        where=r"compares the yes/no column 'iso27001' with the text 'yes'",
        fix=r"Write 'iso27001 == true' \(or false\) without quotes",
    ),
    BadInput(
        "names-gate-blank-value",
        "names",
        "a blank cell in a column a gate reads",
        E.GateMissingValueWarning,
        lambda t: ps.screening.apply_gates(
            _partners().astype({"iso27001": object}).assign(iso27001=[True, None, True]),
            ["iso27001 == true"],
        ),
        where=r"Gate 'iso27001 == true': P2 have no value in iso27001",
        fix=r"reason 'missing <column>'",
    ),
    # ----------------------------------------------------------------- track-record dates
    BadInput(
        "tr-placeholder-date",
        "track_records",
        "`actual_end` = `9999-12-31` (an ERP's open end)",
        E.TrackRecordWarning,
        lambda t: _records(t, "P1,X2,2024-01-01,2024-06-30,9999-12-31,1,1,4,4,ongoing\n"),
        where=r"r\.csv', column 'actual_end': the placeholder date\(s\) 9999-12-31 at row 3",
        fix=r"read as no date",
    ),
    BadInput(
        "tr-date-out-of-range",
        "track_records",
        "`actual_end` = `3024-07-01`",
        E.DataError,
        lambda t: _records(t, "P1,X2,2024-01-01,2024-06-30,3024-07-01,1,1,4,4,completed\n"),
        where=r"r\.csv', row 3, column 'actual_end'.*3024-07-01",
        fix=r"1678-2261",
    ),
    BadInput(
        "tr-future-project",
        "track_records",
        "a project starting in 2030 when `as_of` is 2026-11-01",
        E.TrackRecordWarning,
        lambda t: _eval(t, QUALITY, records="P2,X9,2030-02-01,2030-08-31,,1,,4,4,ongoing\n"),
        where=r"row 3: project 'X9' of partner 'P2' has start_date 2030-02-01",
        fix=r"left out of every track-record metric",
    ),
    BadInput(
        "tr-future-project-error",
        "track_records",
        'the same with `[track_record] future = "error"`',
        E.DataError,
        lambda t: _eval(
            t,
            QUALITY + '[track_record]\nfuture = "error"\n',
            records="P2,X9,2030-02-01,2030-08-31,,1,,4,4,ongoing\n",
        ),
        where=r"row 3: project 'X9' of partner 'P2' has start_date 2030-02-01",
        fix=r'set \[track_record\] future = "exclude"',
    ),
    BadInput(
        "tr-completed-blank-cost",
        "track_records",
        "a completed project with a blank `actual_cost_eur`",
        E.TrackRecordWarning,
        lambda t: _eval(
            t, QUALITY, records="P2,X2,2024-01-01,2024-06-30,2024-07-01,1,,4,4,completed\n"
        ),
        where=r"completed project\(s\) with a blank actual_cost_eur: X2 of P2 \(row 3\)",
        fix=r"fill the cost to count them",
    ),
    # ----------------------------------------------------------------- API edges
    BadInput(
        "api-duplicate-columns",
        "api",
        "`Problem.from_frame` on a table with two columns named `a`",
        E.DuplicateError,
        lambda t: ps.Problem.from_frame(
            pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], columns=["a", "a"]), objectives={"a": "max"}
        ),
        where=r"Column 'a' appears 2 times",
        fix=r"Rename or drop the duplicates",
    ),
    BadInput(
        "api-evaluate-without-model",
        "api",
        "`evaluate(partners, records, model=None)`",
        E.ParameterError,
        lambda t: ps.evaluate(_partners(), None, None),
        where=r"evaluate\(\) needs a model",
        fix=r"partnerselect init",
    ),
    BadInput(
        "api-negative-seed",
        "api",
        "`random_state=-1`",
        E.ParameterError,
        lambda t: ps.sensitivity.smaa(
            ps.Problem.from_frame(
                pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0]}),
                objectives={"a": "max", "b": "max"},
            ),
            "wsm",
            n_samples=10,
            random_state=-1,
        ),
        where=r"'random_state' seed",
        fix=r"must be an integer >= 0",
    ),
    BadInput(
        "api-weights-overflow",
        "api",
        "weights `[1e308, 1e308]` (their sum overflows)",
        Accepted,
        lambda t: ps.Problem.from_frame(
            pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0]}),
            objectives={"a": "max", "b": "max"},
            weights=[1e308, 1e308],
        ).weights.tolist(),
        check=_expect([0.5, 0.5]),
    ),
]


# --------------------------------------------------------------------------- the document
DOC_START = "<!-- schema-catalogue:start (generated by tests/hardening/_schema_cases.py) -->"
DOC_END = "<!-- schema-catalogue:end -->"


def _code(pattern: str) -> str:
    return "`" + pattern.replace("|", "\\|").replace("\n", "\\n") + "`" if pattern else ""


def render_table() -> str:
    lines = [
        "| case | area | input | outcome | message names (regex) | message says (regex) |",
        "|---|---|---|---|---|---|",
    ]
    for c in SCHEMA_CASES:
        where = _code(c.where) if c.where else "value checked in the test"
        text = c.input.replace("|", "\\|")
        lines.append(f"| `{c.id}` | {c.area} | {text} | {_outcome(c)} | {where} | {_code(c.fix)} |")
    return "\n".join([DOC_START, *lines, DOC_END])


def doc_path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "bad-inputs.md"


def update_doc() -> None:
    path = doc_path()
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(DOC_START) + r".*?" + re.escape(DOC_END), re.S)
    path.write_text(pattern.sub(lambda _m: render_table(), text), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    update_doc()
    sys.stdout.write(f"{doc_path()}: {len(SCHEMA_CASES)} cases\n")
