"""The gate rule language: parsing, safety, three-valued evaluation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerselect.errors import DataError, RuleSyntaxError, SchemaError
from partnerselect.rules import parse_rule


def partners() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner_id": ["p1", "p2", "p3", "p4"],
            "iso27001": [True, False, None, True],
            "country": ["DE", "US", "FR", None],
            "day_rate_eur": [900.0, 1300.0, 1100.0, np.nan],
            "domains": [["ml", "nlp"], ["data"], [], "ml;cv"],
            "day rate": [1, 2, 3, 4],
        }
    )


def passed(rule: str) -> list[object]:
    res = parse_rule(rule).evaluate(partners()).result
    return [None if pd.isna(v) else bool(v) for v in res]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("day_rate_eur <= 1200", [True, False, True, None]),
        ("day_rate_eur > 1_000", [False, True, True, None]),
        ("day_rate_eur != 900.0", [False, True, True, None]),
        ("day_rate_eur >= -5e2", [True, True, True, None]),
        ("iso27001 == true", [True, False, None, True]),
        ("iso27001 == True", [True, False, None, True]),
        ("iso27001", [True, False, None, True]),
        ("not iso27001", [False, True, None, False]),
        ("country in [\"DE\", 'FR']", [True, False, True, None]),
        ("country not in ['DE']", [False, True, True, None]),
        ('"ml" in domains', [True, False, False, True]),
        ("'ml' not in domains", [False, True, True, False]),
        ("`day rate` >= 3", [False, False, True, True]),
        ("country == 'DE' or day_rate_eur < 1200", [True, False, True, None]),
        # Three-valued logic: missing or true is true, missing and false is false.
        ("iso27001 or country == 'FR'", [True, False, True, True]),
        ("iso27001 and country == 'DE'", [True, False, False, None]),
        # Precedence: and binds tighter than or; parentheses override.
        ("country == 'US' or country == 'DE' and iso27001 == false", [False, True, False, None]),
        ("(country == 'US' or country == 'DE') and iso27001 == false", [False, True, False, False]),
        ("(country == 'US' or country == 'DE') and iso27001", [True, False, False, None]),
        ("TRUE AND NOT false", [True, True, True, True]),
    ],
)
def test_evaluation(rule: str, expected: list[object]) -> None:
    assert passed(rule) == expected


def test_columns_and_reasons() -> None:
    rule = parse_rule("iso27001 == true and day_rate_eur <= 1200")
    assert rule.columns == ("iso27001", "day_rate_eur")
    out = rule.evaluate(partners())
    assert out.reason.tolist() == [
        "",
        "fails iso27001 == true and day_rate_eur <= 1200",
        "missing iso27001",
        "missing day_rate_eur",
    ]
    assert out.values.iloc[1] == "iso27001=false; day_rate_eur=1300"
    assert out.passed.tolist() == [True, False, False, False]
    assert out.missing.tolist() == [False, False, True, True]


@pytest.mark.parametrize(
    ("rule", "position"),
    [
        ("__import__('os').system('x')", 10),
        ("a.b == 1", 1),
        ("x[0] == 1", 1),
        ("len(domains) > 2", 3),
        ("a = 3", 2),
        ("a == ", 5),
        ("", 0),
        ("5", 0),
        ("'abc", 0),
        ("a < b < c", 6),
        ("(a > 1", 6),
        ("a in 5", 5),
        ("[1, 2] in a", 0),
        ("a == 1 b", 7),
        ("a && b", 2),
        ("lambda: 1", 6),
    ],
)
def test_syntax_errors_have_positions_and_caret(rule: str, position: int) -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse_rule(rule)
    err = info.value
    assert err.position == position
    assert err.rule == rule
    lines = str(err).splitlines()
    assert lines[-1].index("^") - 2 == position  # caret under the offending character
    assert lines[-2] == f"  {rule}"


def test_payload_is_rejected_not_run(tmp_path: object) -> None:
    # Whatever the parser makes of them, these strings never execute code.
    for payload in (
        "__import__('os').system('touch pwned')",
        "().__class__.__bases__[0].__subclasses__()",
        "open('/etc/passwd').read() == 'x'",
        "exec('1')",
    ):
        with pytest.raises(RuleSyntaxError):
            parse_rule(payload)
    # A bare dunder name parses as a column, and is then an unknown column.
    with pytest.raises(SchemaError, match="__import__"):
        parse_rule("__import__ == 1").evaluate(partners())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_any_string_parses_or_has_position(text: str) -> None:
    position = None
    try:
        rule = parse_rule(text)
    except RuleSyntaxError as err:
        position = err.position
    if position is None:
        assert isinstance(rule.columns, tuple)
    else:
        assert 0 <= position <= len(text)


_tokens = st.sampled_from(
    ["a", "b", "1", "'x'", "==", "<", "in", "not", "and", "or", "(", ")", "[", "]", ",", "true"]
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_tokens, max_size=12))
def test_fuzz_token_soup(tokens: list[str]) -> None:
    text = " ".join(tokens)
    df = pd.DataFrame({"a": [1, None], "b": [["x"], ["y"]]})
    try:
        rule = parse_rule(text)
    except RuleSyntaxError as err:
        position = err.position
        assert 0 <= position <= len(text)
        return
    try:
        out = rule.evaluate(df)
    except DataError:
        return  # e.g. comparing a list column with a number: a clear data error
    assert len(out.result) == 2


def test_unknown_column_did_you_mean() -> None:
    with pytest.raises(SchemaError, match="Did you mean 'iso27001'") as info:
        parse_rule("iso2701 == true").evaluate(partners())
    assert info.value.column == "iso2701"


def test_type_mismatch_is_a_data_error() -> None:
    with pytest.raises(DataError, match="cannot compare"):
        parse_rule("country > 5").evaluate(partners())
    with pytest.raises(DataError, match="not yes/no"):
        parse_rule("day_rate_eur").evaluate(partners())


# --------------------------------------------------------------------------- bounds, types, text
def test_a_generated_gate_of_400_conditions_evaluates():
    import time

    df = pd.DataFrame({f"c{i}": [1.0, 2.0, None, 0.0] for i in range(400)})
    rule = parse_rule(" and ".join(f"c{i} >= 1" for i in range(400)))
    t0 = time.perf_counter()
    out = rule.evaluate(df)
    assert time.perf_counter() - t0 < 1.0
    # Kleene logic over the chain: missing and true is missing, missing and false is false
    assert out.result.tolist()[:2] == [True, True]
    assert out.result.isna().tolist() == [False, False, True, False]
    assert not out.result.iloc[3]
    ors = parse_rule(" or ".join(f"c{i} > 5" for i in range(399)) + " or c399 >= 2")
    assert ors.evaluate(df).result.tolist()[:2] == [False, True]


@pytest.mark.parametrize(
    "text", ["(" * 40 + "a == 1" + ")" * 40, "not " * 40 + "a == 1", "(" * 100_000]
)
def test_deep_nesting_is_a_model_error_never_recursion(text):
    from partnerselect.errors import ModelError

    with pytest.raises(ModelError, match="more than 32 levels deep"):
        parse_rule(text)


def test_nesting_within_the_limit_parses():
    rule = parse_rule("(" * 30 + "a == 1" + ")" * 30)
    assert rule.evaluate(pd.DataFrame({"a": [1, 2]})).passed.tolist() == [True, False]


@pytest.mark.parametrize(
    ("rule", "data", "match"),
    [
        ('iso27001 == "yes"', [True, False], "compares the yes/no column 'iso27001' with the text 'yes'"),
        ('iso27001 in ["yes", "true"]', [True, None], "yes/no column 'iso27001'"),
        ('"no" != iso27001', [True, False], "yes/no column 'iso27001'"),
        ('iso27001 == "5"', [1.0, 2.0], "number column 'iso27001' with the text '5'"),
    ],
)  # fmt: skip
def test_comparing_a_typed_column_with_text_is_a_model_error(rule, data, match):
    from partnerselect.errors import ModelError

    with pytest.raises(ModelError, match=match) as info:
        parse_rule(rule).evaluate(pd.DataFrame({"iso27001": data}))
    assert info.value.column == "iso27001"


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ('"Banking" in domains', [True, True, False]),
        ('" banking\u200b" in domains', [True, True, False]),
        ('"Caf\u0065\u0301" in domains', [False, False, True]),  # NFD literal, NFC data
        ('country == "de"', [True, False, False]),
        ('country != "DE "', [False, True, True]),
    ],
)
def test_text_literals_are_normalised_like_the_data(rule, expected):
    df = pd.DataFrame(
        {
            "domains": [["banking", "ml"], "Banking; Insurance", ["caf\u00e9"]],
            "country": ["DE", "FR", "US"],
        }
    )
    assert parse_rule(rule).evaluate(df).passed.tolist() == expected


# --------------------------------------------------------------------------- whole columns
_OPS_PY = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _norm(text: str) -> str:
    import unicodedata

    invisible = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
    return unicodedata.normalize("NFC", text).translate(invisible).strip().casefold()


def _one_row(op: str, value: object, literal: object) -> object:
    """The rule on one cell, written out with Python's own comparisons."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if op in ("in", "not in"):
        found = any(
            (_norm(value) == _norm(item)) if isinstance(value, str) and isinstance(item, str)
            else (not isinstance(value, str) and not isinstance(item, str) and value == item)
            for item in literal
        )  # fmt: skip
        return found if op == "in" else not found
    if isinstance(value, str):
        return _OPS_PY[op](_norm(value), _norm(literal))
    return bool(_OPS_PY[op](value, literal))


_numbers = st.one_of(st.none(), st.integers(-3, 3), st.floats(-3, 3, allow_nan=False))
_texts = st.one_of(st.none(), st.sampled_from(["DE", "de ", " Fr", "PL", "pl\u200b", "x"]))


@settings(max_examples=150, deadline=None)
@given(
    data=st.data(),
    kind=st.sampled_from(["float", "Int64", "boolean", "text"]),
)
def test_whole_column_comparisons_equal_python_cell_by_cell(data, kind) -> None:
    if kind == "text":
        cells = data.draw(st.lists(_texts, min_size=1, max_size=30))
        col = pd.Series(cells, dtype="str")
        op = data.draw(st.sampled_from(["==", "!=", "in", "not in"]))
        literal = data.draw(st.sampled_from(["de", "FR", "pl", "zz"]))
    else:
        cells = data.draw(st.lists(_numbers, min_size=1, max_size=30))
        if kind == "boolean":
            cells = [None if c is None else bool(c) for c in cells]
        elif kind == "Int64":
            cells = [None if c is None else int(c) for c in cells]
        col = pd.Series(cells, dtype=kind if kind != "float" else float)
        op = data.draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]))
        literal = data.draw(st.sampled_from([0, 1, -1.5, 2.5, True, False]))
    if op in ("in", "not in"):
        other = ["pl", "x"] if kind == "text" else [0, 2]  # text against a typed column is refused
        items = [literal, data.draw(st.sampled_from(other))]
        rule = f"v {op} [{', '.join(repr(i) if isinstance(i, str) else str(i).lower() for i in items)}]"
        literal_value: object = items
    else:
        shown = repr(literal) if isinstance(literal, str) else str(literal).lower()
        rule, literal_value = f"v {op} {shown}", literal
    got = parse_rule(rule).evaluate(pd.DataFrame({"v": col})).result
    expected = [_one_row(op, v, literal_value) for v in col.astype(object).tolist()]
    assert [None if pd.isna(g) else bool(g) for g in got] == expected
