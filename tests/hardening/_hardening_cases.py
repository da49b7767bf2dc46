"""The bad-input catalogue: one row per kind of bad (or merely odd) input.

Each :class:`BadInput` builds its input in a temporary folder, runs one partnerselect entry
point on it and says what must happen:

* ``outcome`` an exception class: exactly that class is raised;
* ``outcome`` a warning class: exactly that warning is issued (and the call succeeds);
* ``outcome`` :class:`Accepted`: no error, and ``check`` asserts the parsed value;
* ``outcome`` :class:`Exit2`: the command line exits with status 2 printing one line.

For errors and warnings the message must match ``where`` (the place: file, row, column,
value, criterion...) and ``fix`` (what to do about it), both regular expressions.

``python tests/hardening/_hardening_cases.py`` rewrites the table in docs/bad-inputs.md.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd

import partnerselect as ps
from partnerselect import errors as E  # noqa: N812 - short alias keeps the case table readable


class Accepted:
    """Marker: the input is read (possibly with a warning) and ``check`` asserts the value."""


class Exit2:
    """Marker: the command line exits with status 2 and prints exactly one line."""


@dataclass(frozen=True)
class BadInput:
    id: str
    area: str
    input: str
    outcome: type
    run: Callable[[Path], Any]
    where: str = ""
    fix: str = ""
    check: Callable[[Any, Path], None] | None = None
    slow: bool = False


# --------------------------------------------------------------------------- builders
PARTNERS_CSV = "partner_id,name,day_rate_eur,iso27001\nP1,Acme,800,yes\nP2,Beta,900,no\n"


def _file(tmp: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp / name
    path.write_bytes(content.encode(encoding) if isinstance(content, str) else content)
    return path


def _xlsx(tmp: Path, name: str, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    path = tmp / name
    wb.save(path)
    return path


def _partners() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner_id": ["P1", "P2", "P3"],
            "name": ["Acme", "Beta", "Gamma"],
            "day_rate_eur": [800.0, 900.0, 1000.0],
            "ai_engineers": [10, 30, 20],
            "iso27001": [True, False, True],
        }
    )


RATE = '[[criteria]]\nname = "day_rate_eur"\nobjective = "min"\n'
ENGINEERS = '[[criteria]]\nname = "ai_engineers"\n'


def _model(tmp: Path, text: str, suffix: str = ".toml") -> Path:
    return _file(tmp, f"model{suffix}", text)


def _evaluate(tmp: Path, model: str, partners: pd.DataFrame | None = None, **kw: Any) -> Any:
    return ps.evaluate(
        _partners() if partners is None else partners,
        kw.pop("records", None),
        _model(tmp, model),
        **kw,
    )


def _problem(**kw: Any) -> ps.Problem:
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]}, index=["x", "y"])
    return ps.Problem.from_frame(df, objectives={"a": "max", "b": "min"}, **kw)


def _ahp(rows: list[list[float]]) -> Any:
    labels = list("abc")
    return ps.weights.ahp(pd.DataFrame(rows, index=labels, columns=labels))


def _cli(argv: list[str]) -> tuple[int, str]:
    from partnerselect.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse errors
            code = int(exc.code or 0)
    return code, err.getvalue()


def _records_50k(tmp: Path) -> Path:
    rng = np.random.default_rng(7)
    n = 50_000
    who = rng.integers(0, 3, n)
    df = pd.DataFrame(
        {
            "partner_id": np.array(["P1", "P2", "P3"])[who],
            "project_id": [f"X{i}" for i in range(n)],
            "start_date": "2024-01-01",
            "planned_end": "2024-06-01",
            "actual_end": "2024-06-20",
            "budget_eur": rng.integers(1_000, 100_000, n),
            # P1 is cheapest and weakest, P3 dearest and best: nobody is dominated.
            "quality_score": (rng.integers(10, 20, n) + 15 * who) / 10,
            "status": "completed",
        }
    )
    return _file(tmp, "records.csv", df.to_csv(index=False))


def _eq(expected: Any) -> Callable[[Any, Path], None]:
    def check(result: Any, _tmp: Path) -> None:
        assert result == expected, f"{result!r} != {expected!r}"

    return check


# --------------------------------------------------------------------------- checks
def _utf16(df: pd.DataFrame, _tmp: Path) -> None:
    assert df["name"].tolist() == ["Acme", "Beta"]
    assert df["day_rate_eur"].tolist() == [800.0, 900.0]
    assert df.attrs["encoding"] == "utf-16"


def _no_sentinel(_exc: Any, tmp: Path) -> None:
    assert not (tmp / "pwned").exists(), "the YAML tag ran code"


def _huge(df: pd.DataFrame, _tmp: Path) -> None:
    assert len(df) == 50_000
    assert df["project_id"].is_unique
    assert df["start_date"].notna().all()
    assert df["budget_eur"].notna().all()


def _huge_eval(tmp: Path) -> Any:
    # weight 2: with min-max, partners that each lead one of two equally weighted criteria tie
    model = (
        '[[criteria]]\nname = "quality"\nsource = "track_record"\nweight = 2\n'
        + RATE
        + "weight = 1\n"
    )
    return _evaluate(tmp, model, records=_records_50k(tmp))


def _huge_eval_check(ev: Any, tmp: Path) -> None:
    assert sorted(ev.ranking.ranks.tolist()) == [1, 2, 3]
    counts = pd.read_csv(tmp / "records.csv")["partner_id"].value_counts().sort_index()
    n = ev.criteria.cells.xs("quality", level="criterion")["n"].sort_index()
    assert n.tolist() == counts.tolist()
    assert counts.sum() == 50_000


# --------------------------------------------------------------------------- the catalogue
CASES: list[BadInput] = [
    # ----------------------------------------------------------------- partners: files
    BadInput(
        "partners-utf8-bom",
        "partners",
        "UTF-8 CSV with a byte-order mark",
        Accepted,
        lambda t: ps.read_partners(_file(t, "p.csv", "\ufeff" + PARTNERS_CSV)).columns[0],
        check=_eq("partner_id"),
    ),
    BadInput(
        "partners-semicolon",
        "partners",
        "`;` as delimiter (European Excel export)",
        Accepted,
        lambda t: (
            ps.read_partners(_file(t, "p.csv", PARTNERS_CSV.replace(",", ";")))[
                ["partner_id", "day_rate_eur", "iso27001"]
            ]
            .to_numpy()
            .tolist()
        ),
        check=_eq([["P1", 800.0, True], ["P2", 900.0, False]]),
    ),
    BadInput(
        "partners-cp1252",
        "partners",
        "Windows-1252 text (`Société Générale`)",
        Accepted,
        lambda t: ps.read_partners(
            _file(t, "p.csv", "partner_id,name\nP1,Société Générale\n", "cp1252")
        ).loc[0, "name"],
        check=_eq("Société Générale"),
    ),
    BadInput(
        "partners-utf16",
        "partners",
        "UTF-16 text with BOM (Excel 'Unicode text')",
        Accepted,
        lambda t: ps.read_partners(_file(t, "p.csv", PARTNERS_CSV, "utf-16")),
        check=_utf16,
    ),
    BadInput(
        "partners-binary",
        "partners",
        "bytes that are neither UTF-8 nor Windows-1252",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "bin.csv", bytes([0x81, 0x8D, 0x8F, 0x90]) * 8)),
        where=r"Cannot decode '.*bin\.csv'",
        fix=r"Save it as 'CSV UTF-8'",
    ),
    BadInput(
        "partners-empty-file",
        "partners",
        "an empty file",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "empty.csv", "")),
        where=r"empty\.csv' is empty",
        fix=r"Export the table again with a header row",
    ),
    BadInput(
        "partners-header-only",
        "partners",
        "a header row and no data rows",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "h.csv", "partner_id,name\n")),
        where=r"h\.csv' has a header \(row 1\)",
        fix=r"Add one row per item",
    ),
    BadInput(
        "partners-no-such-file",
        "partners",
        "a path that does not exist",
        E.FileFormatError,
        lambda t: ps.read_partners(t / "nope.csv"),
        where=r"nope\.csv': no such file",
        fix=r"Check the path",
    ),
    BadInput(
        "partners-xls",
        "partners",
        "a legacy `.xls` workbook",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "p.xls", b"\xd0\xcf\x11\xe0")),
        where=r"p\.xls': unknown file type '\.xls'",
        fix=r"Save it as \.xlsx",
    ),
    BadInput(
        "partners-unquoted-delimiter",
        "partners",
        "a name with an unquoted comma (`Acme, Inc`)",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name\nP1,Acme, Inc\n")),
        where=r"p\.csv', row 2 has 3 cells but the header \(row 1\) has 2",
        fix=r"Quote that value",
    ),
    BadInput(
        "partners-bare-carriage-return",
        "partners",
        "a carriage return inside an unquoted value",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name\nP1,A\nP2,B\rC\n")),
        where=r"p\.csv' as CSV: .*\(line 3\)",
        fix=r"Quote values that contain line breaks",
    ),
    BadInput(
        "partners-bad-json",
        "partners",
        "truncated JSON",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "p.json", '[{"partner_id": "P1", ')),
        where=r"p\.json' is not valid JSON: .* at line 1, column \d+",
        fix=r"not valid JSON",
    ),
    BadInput(
        "partners-json-layout",
        "partners",
        "JSON that is neither rows nor columns (`[1, 2]`)",
        E.FileFormatError,
        lambda t: ps.read_partners(_file(t, "p.json", "[1, 2]")),
        where=r"p\.json'",
        fix=r"expected a list of row objects .* or an object of columns",
    ),
    # ----------------------------------------------------------------- partners: Excel
    BadInput(
        "partners-xlsx-title-rows",
        "partners",
        "XLSX with a title row and a blank row above the header",
        Accepted,
        lambda t: ps.read_partners(
            _xlsx(t, "p.xlsx", [["Tender 2027"], [None], ["partner_id", "name"], ["P1", "A"]])
        ).attrs["header_row"],
        check=_eq(3),
    ),
    BadInput(
        "partners-xlsx-merged-header",
        "partners",
        "XLSX header cell merged over two columns",
        E.SchemaError,
        lambda t: ps.read_partners(
            _xlsx(
                t,
                "p.xlsx",
                [["partner_id", "name", "certs", None], ["P1", "A", "y", "n"]],
                ("C1:D1",),
            )
        ),
        where=r"p\.xlsx': column D has values \(e\.g\. 'n'\) but no header in row 1",
        fix=r"unmerge them and name each column",
    ),
    BadInput(
        "partners-xlsx-blank-header-row",
        "partners",
        "XLSX whose first row is blank",
        Accepted,
        lambda t: ps.read_partners(
            _xlsx(t, "p.xlsx", [[None, None], ["partner_id", "name"], ["P1", "A"]])
        )["partner_id"].tolist(),
        check=_eq(["P1"]),
    ),
    BadInput(
        "partners-xlsx-missing-sheet",
        "partners",
        "`sheet=` naming an absent sheet",
        E.FileFormatError,
        lambda t: ps.read_partners(_xlsx(t, "p.xlsx", [["partner_id", "name"]]), sheet="Bids"),
        where=r"p\.xlsx' has no sheet 'Bids'",
        fix=r"Sheets: 'Sheet'",
    ),
    # ----------------------------------------------------------------- partners: cells
    BadInput(
        "partners-duplicate-id",
        "partners",
        "the same partner_id twice",
        E.DuplicateError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name\nP1,A\nP1,B\n")),
        where=r"p\.csv': partner_id='P1' appears in row 2 and again in row 3",
        fix=r"must be unique: merge or renumber",
    ),
    BadInput(
        "partners-id-case-and-spaces",
        "partners",
        "ids differing only by case and spaces (`P1`, ` p1 `)",
        E.DuplicateError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name\nP1,A\n p1 ,B\n")),
        where=r"appears in row 2 \(as \['P1'\], ignoring case and spaces\) and again in row 3",
        fix=r"must be unique",
    ),
    BadInput(
        "partners-blank-id",
        "partners",
        "an empty partner_id",
        E.MissingValueError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name\nP1,A\n  ,B\n")),
        where=r"p\.csv', row 3, column 'partner_id'",
        fix=r"fill it in or delete the row",
    ),
    BadInput(
        "partners-missing-column",
        "partners",
        "required column `name` misspelt `nme`",
        E.SchemaError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,nme\nP1,A\n")),
        where=r"p\.csv': the partner table needs a column 'name'",
        fix=r"Did you mean 'nme'\? Rename it",
    ),
    BadInput(
        "partners-unknown-column",
        "partners",
        "an extra column `favourite_colour`",
        Accepted,
        lambda t: ps.read_partners(
            _file(t, "p.csv", "partner_id,name,favourite_colour\nP1,A, blue \n")
        ).loc[0, "favourite_colour"],
        check=_eq("blue"),
    ),
    BadInput(
        "partners-renamed-column",
        "partners",
        "known column written `Day Rate EUR`",
        Accepted,
        lambda t: ps.read_partners(
            _file(t, "p.csv", "partner_id,name,Day Rate EUR\nP1,A,700\n")
        ).attrs["renamed"],
        check=_eq({"Day Rate EUR": "day_rate_eur"}),
    ),
    BadInput(
        "partners-thousands-separator",
        "partners",
        'a number written as text `"1,200"`',
        Accepted,
        lambda t: ps.read_partners(
            _file(t, "p.csv", 'partner_id,name,day_rate_eur\nP1,A,"1,200"\n')
        ).loc[0, "day_rate_eur"],
        check=_eq(1200.0),
    ),
    BadInput(
        "partners-percent-share",
        "partners",
        "a share written `12 %`",
        Accepted,
        lambda t: ps.read_partners(
            _file(t, "p.csv", "partner_id,name,attrition_rate\nP1,A,12 %\n")
        ).loc[0, "attrition_rate"],
        check=_eq(0.12),
    ),
    BadInput(
        "partners-percent-not-allowed",
        "partners",
        "`12 %` in a column that is not a share",
        E.DataError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name,day_rate_eur\nP1,A,12 %\n")),
        where=r"p\.csv', row 2, column 'day_rate_eur': Got '12 %'",
        fix=r"Write a plain number",
    ),
    BadInput(
        "partners-bad-boolean",
        "partners",
        "`maybe` in a yes/no column",
        E.DataError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name,iso27001\nP1,A,maybe\n")),
        where=r"row 2, column 'iso27001': Got 'maybe'",
        fix=r"Write true/false, yes/no",
    ),
    BadInput(
        "partners-zero-day-rate",
        "partners",
        "a day rate of 0",
        E.DataError,
        lambda t: ps.read_partners(_file(t, "p.csv", "partner_id,name,day_rate_eur\nP1,A,0\n")),
        where=r"row 2, column 'day_rate_eur': Got '0', outside the allowed range > 0",
        fix=r"Check the value \(and its unit\)",
    ),
    BadInput(
        "partners-dataframe-infinite",
        "partners",
        "a DataFrame with `inf` as day rate",
        E.DataError,
        lambda t: ps.read_partners(_partners().assign(day_rate_eur=[800.0, np.inf, 900.0])),
        where=r"'DataFrame', row 3, column 'day_rate_eur': Got inf",
        fix=r"not a finite number",
    ),
    # ----------------------------------------------------------------- track records
    BadInput(
        "records-mixed-date-formats",
        "track_records",
        "dates as `2024-03-01`, `01/03/2024` and `01.03.2024` in one column",
        Accepted,
        lambda t: (
            ps.read_track_records(
                _file(
                    t,
                    "r.csv",
                    "partner_id,project_id,start_date\nP1,X1,2024-03-01\n"
                    "P1,X2,01/03/2024\nP1,X3,01.03.2024\n",
                )
            )["start_date"]
            .dt.strftime("%Y-%m-%d")
            .tolist()
        ),
        check=_eq(["2024-03-01"] * 3),
    ),
    BadInput(
        "records-us-date",
        "track_records",
        "a month-first date `03/31/2024`",
        E.DataError,
        lambda t: ps.read_track_records(
            _file(t, "r.csv", "partner_id,project_id,start_date\nP1,X1,03/31/2024\n")
        ),
        where=r"r\.csv', row 2, column 'start_date': Got '03/31/2024'",
        fix=r"Write ISO dates such as 2024-03-31",
    ),
    BadInput(
        "records-end-before-start",
        "track_records",
        "planned_end before start_date",
        E.DataError,
        lambda t: ps.read_track_records(
            _file(
                t,
                "r.csv",
                "partner_id,project_id,start_date,planned_end\nP1,X1,2024-03-01,2024-02-01\n",
            )
        ),
        where=r"r\.csv', row 2, column 'planned_end': planned_end 2024-02-01 is before "
        r"start_date 2024-03-01",
        fix=r"Check both dates",
    ),
    BadInput(
        "records-negative-budget",
        "track_records",
        "a negative budget",
        E.DataError,
        lambda t: ps.read_track_records(
            _file(t, "r.csv", "partner_id,project_id,budget_eur\nP1,X1,-5000\n")
        ),
        where=r"row 2, column 'budget_eur': Got '-5000', outside the allowed range >= 0",
        fix=r"Check the value \(and its unit\)",
    ),
    BadInput(
        "records-score-off-scale",
        "track_records",
        "quality_score 7 on a 1-5 scale",
        E.DataError,
        lambda t: ps.read_track_records(
            _file(t, "r.csv", "partner_id,project_id,quality_score\nP1,X1,7\n")
        ),
        where=r"row 2, column 'quality_score': Got '7', outside the allowed range \[1, 5\]",
        fix=r"Check the value",
    ),
    BadInput(
        "records-infinite",
        "track_records",
        "`inf` as a budget",
        E.DataError,
        lambda t: ps.read_track_records(
            _file(t, "r.csv", "partner_id,project_id,budget_eur\nP1,X1,inf\n")
        ),
        where=r"row 2, column 'budget_eur': Got 'inf'",
        fix=r"not a finite number",
    ),
    BadInput(
        "records-bad-status",
        "track_records",
        "status `done`",
        E.DataError,
        lambda t: ps.read_track_records(
            _file(t, "r.csv", "partner_id,project_id,status\nP1,X1,done\n")
        ),
        where=r"row 2, column 'status': Got 'done'",
        fix=r"allowed values are completed, cancelled, ongoing",
    ),
    BadInput(
        "records-duplicate-project",
        "track_records",
        "the same (partner, project) twice",
        E.DuplicateError,
        lambda t: ps.read_track_records(
            _file(t, "r.csv", "partner_id,project_id\nP1,X1\nP1,x1 \n")
        ),
        where=r"r\.csv': partner_id='P1', project_id='x1 ' appears in row 2 .* again in row 3",
        fix=r"must be unique",
    ),
    BadInput(
        "records-euro-text",
        "track_records",
        "a budget written `€1 200,50`",
        Accepted,
        lambda t: ps.read_track_records(
            _file(t, "r.csv", 'partner_id,project_id,budget_eur\nP1,X1,"€1 200,50"\n')
        ).loc[0, "budget_eur"],
        check=_eq(1200.5),
    ),
    BadInput(
        "records-missing-column",
        "track_records",
        "no project_id column",
        E.SchemaError,
        lambda t: ps.read_track_records(_file(t, "r.csv", "partner_id,budget_eur\nP1,5\n")),
        where=r"r\.csv': the track-record table needs a column 'project_id'",
        fix=r"Add the column",
    ),
    BadInput(
        "records-50k-rows",
        "track_records",
        "a 50,000-row records file (works)",
        Accepted,
        lambda t: ps.read_track_records(_records_50k(t)),
        check=_huge,
        slow=True,
    ),
    BadInput(
        "records-50k-evaluate",
        "track_records",
        "evaluate() over 50,000 records (works)",
        Accepted,
        _huge_eval,
        check=_huge_eval_check,
        slow=True,
    ),
    BadInput(
        "records-unknown-partner",
        "track_records",
        "records of a partner absent from the partner table",
        E.UnknownPartnerWarning,
        lambda t: _evaluate(
            t,
            RATE + ENGINEERS,
            records=pd.DataFrame({"partner_id": ["P1", "P9"], "project_id": ["a", "b"]}),
        ),
        where=r"partner table \(P9\)",
        fix=r"reported in Evaluation\.unknown_partners",
    ),
    BadInput(
        "records-thin-evidence",
        "track_records",
        "fewer projects than `min_projects`",
        E.InsufficientEvidenceWarning,
        lambda t: _evaluate(
            t,
            '[track_record]\nmin_projects = 3\n[[criteria]]\nname = "quality"\n'
            'source = "track_record"\n' + RATE,
            records=pd.DataFrame(
                {
                    "partner_id": ["P1", "P2", "P2", "P3", "P3", "P3"],
                    "project_id": list("abcdef"),
                    "quality_score": [4, 3, 5, 4, 4, 2],
                }
            ),
        ),
        where=r"quality \(quality\) rests on fewer than 3 projects for P1 \(1\), P2 \(2\)",
        fix=r"flagged insufficient=True",
    ),
    # ----------------------------------------------------------------- evaluator scores
    BadInput(
        "scores-off-scale",
        "scores",
        "a score of 9 on the 1-5 scale",
        E.DataError,
        lambda t: _evaluate(
            t,
            '[[criteria]]\nname = "comm"\nsource = "evaluators"\n',
            scores=pd.DataFrame(
                {
                    "evaluator": "E1",
                    "partner_id": ["P1", "P2", "P3"],
                    "criterion": "comm",
                    "score": [3, 4, 9],
                }
            ),
        ),
        where=r"Score 9(\.0)? in row 4 \(E1 / P3 / comm\) is outside the scale \[1, 5\]",
        fix=r"Correct it or declare the scale",
    ),
    BadInput(
        "scores-not-a-number",
        "scores",
        "score `good`",
        E.DataError,
        lambda t: ps.read_scores(
            _file(t, "s.csv", "evaluator,partner_id,criterion,score\nE1,P1,comm,good\n")
        ),
        where=r"s\.csv', row 2, column 'score': Got 'good'",
        fix=r"Write it like 1200",
    ),
    BadInput(
        "scores-duplicate",
        "scores",
        "one evaluator scoring one cell twice",
        E.DuplicateError,
        lambda t: ps.read_scores(
            _file(t, "s.csv", "evaluator,partner_id,criterion,score\nE1,P1,comm,3\nE1,P1,comm,4\n")
        ),
        where=r"evaluator='E1', partner_id='P1', criterion='comm' appears in row 2 and again "
        r"in row 3",
        fix=r"must be unique",
    ),
    BadInput(
        "scores-missing-column",
        "scores",
        "no score column",
        E.SchemaError,
        lambda t: ps.read_scores(_file(t, "s.csv", "evaluator,partner_id,criterion\nE1,P1,c\n")),
        where=r"s\.csv': the evaluator-score table needs a column 'score'",
        fix=r"Add the column",
    ),
    BadInput(
        "scores-disagreement",
        "scores",
        "evaluators 1 and 5 on the same cell",
        E.EvaluatorDisagreementWarning,
        lambda t: _evaluate(
            t,
            '[evaluators]\nspread_tolerance = 1.5\n[[criteria]]\nname = "comm"\n'
            'source = "evaluators"\n' + RATE,
            scores=pd.DataFrame(
                {
                    "evaluator": ["E1", "E2"] * 3,
                    "partner_id": ["P1", "P1", "P2", "P2", "P3", "P3"],
                    "criterion": "comm",
                    "score": [1, 5, 3, 3, 4, 4],
                }
            ),
        ),
        where=r"P1/comm \(spread 4",
        fix=r"record a moderated value with a comment",
    ),
    # ----------------------------------------------------------------- model files
    BadInput(
        "model-absent-column",
        "model",
        "a criterion reading an absent partner column",
        E.SchemaError,
        lambda t: _evaluate(t, '[[criteria]]\nname = "headcount"\n'),
        where=r"Criterion 'headcount' reads partner column 'headcount'",
        fix=r"which the partner table lacks\. Columns: partner_id, name",
    ),
    BadInput(
        "model-duplicate-criteria",
        "model",
        "the same criterion declared twice",
        E.ModelError,
        lambda t: ps.read_model(_model(t, RATE + RATE)),
        where=r"Criterion 'day_rate_eur' is declared twice in .*model\.toml",
        fix=r"Criterion names must be unique",
    ),
    BadInput(
        "model-empty-file",
        "model",
        "an empty model.toml",
        E.FileFormatError,
        lambda t: ps.read_model(_model(t, "  \n")),
        where=r"model file '.*model\.toml' is empty",
        fix=r"Start from `partnerselect init`",
    ),
    BadInput(
        "model-toml-syntax",
        "model",
        "an unclosed `[method` table header",
        E.FileFormatError,
        lambda t: ps.read_model(_model(t, '[method\nname = "topsis"\n')),
        where=r"model\.toml' is not valid TOML: .*line 1",
        fix=r"Fix the syntax there",
    ),
    BadInput(
        "model-yaml-python-tag",
        "model",
        "YAML with `!!python/object/apply:os.system`",
        E.FileFormatError,
        lambda t: ps.read_model(
            _model(
                t, f"criteria: !!python/object/apply:os.system ['touch {t / 'pwned'}']\n", ".yaml"
            )
        ),
        where=r"model\.yaml' uses a YAML tag that is not plain data \(line 1\)",
        fix=r"(?s)python/object/apply.*remove the tag",
        check=_no_sentinel,
    ),
    BadInput(
        "model-unknown-section",
        "model",
        "a section `[methods]` (typo)",
        E.ModelError,
        lambda t: ps.read_model(_model(t, '[methods]\nname = "wsm"\n' + RATE)),
        where=r"Unknown section \[methods\] in .*model\.toml",
        fix=r"Did you mean 'method'\?.*Known sections: columns, criteria",
    ),
    BadInput(
        "model-unknown-key",
        "model",
        "criterion key `objetive` (typo)",
        E.ModelError,
        lambda t: ps.read_model(_model(t, '[[criteria]]\nname = "x"\nobjetive = "min"\n')),
        where=r"Criterion 'x' has unknown key 'objetive'",
        fix=r"Allowed keys: .*objective",
    ),
    BadInput(
        "model-bad-objective",
        "model",
        "objective `maximise`",
        E.ModelError,
        lambda t: ps.read_model(_model(t, '[[criteria]]\nname = "x"\nobjective = "maximise"\n')),
        where=r"Criterion 'x': objective",
        fix=r"must be 'max' or 'min', got 'maximise'",
    ),
    BadInput(
        "model-bad-seed",
        "model",
        "a negative seed",
        E.ModelError,
        lambda t: ps.read_model(_model(t, "[tender]\nseed = -3\n" + RATE)),
        where=r"\[tender\] seed .* got -3.*model\.toml",
        fix=r"must be a non-negative integer",
    ),
    BadInput(
        "model-no-criteria",
        "model",
        "a model without criteria",
        E.ModelError,
        lambda t: ps.read_model(_model(t, '[method]\nname = "wsm"\n')),
        where=r"no \[\[criteria\]\] in .*model\.toml",
        fix=r"Declare at least one criterion",
    ),
    BadInput(
        "model-missing-value",
        "model",
        "a partner without a day rate, policy `error`",
        E.MissingValueError,
        lambda t: _evaluate(t, RATE, partners=_partners().assign(day_rate_eur=[800, None, 900])),
        where=r"Criterion 'day_rate_eur' has no value for partner\(s\) P2",
        fix=r'set `missing = "exclude" \| "prior" \| "worst"`',
    ),
    BadInput(
        "model-missing-imputed",
        "model",
        "a partner without a day rate, policy `worst`",
        E.ImputationWarning,
        lambda t: _evaluate(
            t,
            RATE + 'missing = "worst"\n' + ENGINEERS,
            partners=_partners().assign(day_rate_eur=[800, None, 900]),
        ),
        where=r"Criterion 'day_rate_eur': no value for P2; filled with the worst observed "
        r"value \(900\)",
        fix=r"flagged as imputed",
    ),
    BadInput(
        "model-single-partner",
        "model",
        "a single partner",
        Accepted,
        lambda t: _evaluate(
            t, RATE + ENGINEERS, partners=_partners().iloc[:1]
        ).ranking.ranks.to_dict(),
        check=_eq({"P1": 1}),
    ),
    BadInput(
        "model-single-criterion",
        "model",
        "a single criterion (ranks follow it; the others are dominated)",
        E.DominanceWarning,
        lambda t: _evaluate(t, RATE),
        where=r"P2 \(by P1\); P3 \(by P1, P2\)",
        fix=r"flagged, not dropped",
    ),
    # ----------------------------------------------------------------- gates
    BadInput(
        "gates-exclude-everyone",
        "gates",
        "contradictory gates (`< 500` and `> 2000`)",
        E.AllExcludedError,
        lambda t: _evaluate(
            t,
            '[[gates]]\nrule = "day_rate_eur < 500"\n[[gates]]\nrule = "day_rate_eur > 2000"\n'
            + RATE,
        ),
        where=r"The gates exclude all 3 partners",
        fix=r"Check the gate rules in the model",
    ),
    BadInput(
        "gates-syntax-error",
        "gates",
        "rule `day_rate_eur <<= 500`",
        E.RuleSyntaxError,
        lambda t: _evaluate(t, '[[gates]]\nrule = "day_rate_eur <<= 500"\n' + RATE),
        where=r"at position 14: .*got '<= 500'.*\n  day_rate_eur <<= 500\n {16}\^",
        fix=r"expected a column, a number, a string, true/false or a list",
    ),
    BadInput(
        "gates-code-not-run",
        "gates",
        "rule `__import__('os').system(...)`",
        E.RuleSyntaxError,
        lambda t: _evaluate(
            t, f"[[gates]]\nrule = \"__import__('os').system('touch {t / 'pwned'}')\"\n" + RATE
        ),
        where=r"at position 10",
        fix=r"calls and subscripts are not part of the rule language",
        check=_no_sentinel,
    ),
    BadInput(
        "gates-absent-column",
        "gates",
        "a gate on column `soc2`, absent",
        E.SchemaError,
        lambda t: _evaluate(t, '[[gates]]\nrule = "soc2 == true"\n' + RATE),
        where=r"Rule 'soc2 == true' refers to column 'soc2'",
        fix=r"Columns: partner_id, name",
    ),
    # ----------------------------------------------------------------- weights
    BadInput(
        "weights-all-zero",
        "weights",
        "every criterion weight 0 in the model",
        E.ModelError,
        lambda t: _evaluate(t, RATE + "weight = 0\n" + ENGINEERS + "weight = 0\n"),
        where=r"'direct' weighting: All points are zero",
        fix=r"Give at least one criterion a positive weight",
    ),
    BadInput(
        "weights-negative",
        "weights",
        "a weight of -1 (Problem.from_frame)",
        E.WeightError,
        lambda t: _problem(weights={"a": -1, "b": 2}),
        where=r"Weight of criterion 'a' is negative \(-1\)",
        fix=r"declare the criterion as 'min' instead",
    ),
    BadInput(
        "weights-unknown-criterion",
        "weights",
        "a weight for an absent criterion",
        E.WeightError,
        lambda t: _problem(weights={"a": 1, "c": 2}),
        where=r"Weight given for 'c'",
        fix=r"Criteria: a, b",
    ),
    BadInput(
        "weights-mixed",
        "weights",
        "some criteria weighted, others not",
        E.ModelError,
        lambda t: _evaluate(t, RATE + "weight = 2\n" + ENGINEERS),
        where=r"no weight: ai_engineers",
        fix=r"Give every one a weight, or none",
    ),
    BadInput(
        "weights-ahp-inconsistent",
        "weights",
        "circular AHP judgments (a>b>c>a, all 9)",
        E.InconsistencyWarning,
        lambda t: _ahp([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]),
        where=r"CR = \d+\.\d+ > 0\.1",
        fix=r"Revisit first: .*a/b given 9",
    ),
    BadInput(
        "weights-ahp-broken-reciprocal",
        "weights",
        "AHP cell (b, a) = 3 where (a, b) = 3",
        E.JudgmentError,
        lambda t: _ahp([[1, 3, 5], [3, 1, 2], [1 / 5, 1 / 2, 1]]),
        where=r"cell \('a', 'b'\) is 3 but cell \('b', 'a'\) is 3",
        fix=r"Set \('b', 'a'\) to 1/3",
    ),
    BadInput(
        "weights-ahp-off-scale",
        "weights",
        "an AHP judgment of 20 in the model",
        E.JudgmentError,
        lambda t: _evaluate(
            t,
            '[weighting]\nmethod = "ahp"\ncriteria = ["day_rate_eur", "ai_engineers"]\n'
            'judgments = { "day_rate_eur/ai_engineers" = 20 }\n' + RATE + ENGINEERS,
        ),
        where=r"Judgment \('day_rate_eur', 'ai_engineers'\) = 20",
        fix=r"1 \(equal\) \.\.\. 9",
    ),
    BadInput(
        "weights-unknown-method",
        "weights",
        "weighting method `magic`",
        E.ModelError,
        lambda t: _evaluate(t, '[weighting]\nmethod = "magic"\n' + RATE),
        where=r"\[weighting\] method 'magic' is not a weighting method",
        fix=r"Methods: equal, direct, roc",
    ),
    # ----------------------------------------------------------------- methods
    BadInput(
        "method-unknown-name",
        "method",
        "method `topsys` (typo)",
        E.UnknownMethodError,
        lambda t: _evaluate(t, '[method]\nname = "topsys"\n' + RATE),
        where=r"Unknown method 'topsys'",
        fix=r"Did you mean 'topsis'\? Must be one of: ",
    ),
    BadInput(
        "method-vikor-v",
        "method",
        "VIKOR with v = 1.5",
        E.ParameterError,
        lambda t: _evaluate(
            t, '[method]\nname = "vikor"\nparams = { v = 1.5 }\n' + RATE + ENGINEERS
        ),
        where=r"The 'v' parameter of VIKOR",
        fix=r"must be a float in \[0, 1\]\. Got 1\.5 instead",
    ),
    BadInput(
        "method-unknown-parameter",
        "method",
        "TOPSIS with `foo = 1`",
        E.ParameterError,
        lambda t: _evaluate(t, '[method]\nname = "topsis"\nparams = { foo = 1 }\n' + RATE),
        where=r"TOPSIS got unknown parameter\(s\) \['foo'\]",
        fix=r"Its parameters are: ",
    ),
    BadInput(
        "method-bad-ties",
        "method",
        'tie policy `"random"`',
        E.ParameterError,
        lambda t: _evaluate(t, '[method]\nties = "random"\n' + RATE),
        where=r"The 'ties' parameter",
        fix=r"must be one of \['min', 'dense', 'order'\]",
    ),
    BadInput(
        "method-nan-in-problem",
        "method",
        "NaN in a decision matrix",
        E.MissingValueError,
        lambda t: ps.Problem.from_frame(
            pd.DataFrame({"a": [1.0, np.nan]}, index=["x", "y"]), objectives={"a": "max"}
        ),
        where=r"partner 'y', criterion 'a' \(row 2\)",
        fix=r"Fill it in, or declare a missing",
    ),
    # ----------------------------------------------------------------- command line
    BadInput(
        "cli-unknown-option",
        "cli",
        "`partnerselect demo --bogus`",
        Exit2,
        lambda t: _cli(["demo", "--bogus"]),
        where=r"unrecognized arguments: --bogus",
        fix=r"see 'partnerselect --help'",
    ),
    BadInput(
        "cli-missing-argument",
        "cli",
        "`partnerselect rank` without `--model`",
        Exit2,
        lambda t: _cli(["rank", "--partners", "p.csv"]),
        where=r"required: --model",
        fix=r"see 'partnerselect rank --help'",
    ),
    BadInput(
        "cli-missing-file",
        "cli",
        "`partnerselect rank` with a model path that does not exist",
        Exit2,
        lambda t: _cli(
            [
                "rank",
                "--partners",
                str(t / "p.csv"),
                "--model",
                str(t / "m.toml"),
                "--out",
                str(t / "out"),
            ]
        ),
        where=r"model file '.*m\.toml': no such file",
        fix=r"Check the path",
    ),
    BadInput(
        "cli-bad-data",
        "cli",
        "`partnerselect rank` on partners with a duplicate id",
        Exit2,
        lambda t: _cli(
            [
                "rank",
                "--partners",
                str(_file(t, "p.csv", "partner_id,name\nP1,A\nP1,B\n")),
                "--model",
                str(_model(t, RATE)),
                "--out",
                str(t / "out"),
            ]
        ),
        where=r"p\.csv': partner_id='P1' appears in row 2 and again in row 3",
        fix=r"must be unique",
    ),
]


# --------------------------------------------------------------------------- the document
DOC_START = "<!-- catalogue:start (generated by tests/hardening/_hardening_cases.py) -->"
DOC_END = "<!-- catalogue:end -->"


def _outcome(case: BadInput) -> str:
    if case.outcome is Accepted:
        return "accepted"
    if case.outcome is Exit2:
        return "exit status 2, one line"
    kind = "warns" if issubclass(case.outcome, Warning) else "raises"
    return f"{kind} `{case.outcome.__name__}`"


def _code(pattern: str) -> str:
    return "`" + pattern.replace("|", "\\|").replace("\n", "\\n") + "`" if pattern else ""


def render_table() -> str:
    """The Markdown table of every case (what docs/bad-inputs.md holds)."""
    lines = [
        "| case | area | input | outcome | message names (regex) | message says (regex) |",
        "|---|---|---|---|---|---|",
    ]
    for c in CASES:
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
    sys.stdout.write(f"{doc_path()}: {len(CASES)} cases\n")
