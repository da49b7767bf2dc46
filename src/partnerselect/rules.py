"""The gate rule language: a tokenizer and a recursive-descent parser, never ``eval``.

.. code-block:: text

    rule       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | "(" rule ")" | comparison
    comparison := atom [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") atom]
    atom       := column | number | string | true | false | "[" literals "]"

Columns are names (``day_rate_eur``) or back-quoted (```day rate```); strings take single
or double quotes and are compared as list cells are read (Unicode NFC, invisible characters
and surrounding spaces removed, case folded), so ``"Banking" in domains`` matches
``banking``; comparing a yes/no or number column with text is a ModelError; ``true``/``false`` may be capitalised; keywords may be upper case.
``x in [..]`` tests a value against a literal list, ``"ml" in domains`` tests membership in
a list column (a text cell counts as a ``;``-separated list). A column alone (``soc2``) must
hold yes/no values. Calls, attributes and subscripts do not exist in the language: they are
syntax errors, so a rule can never run code.

Missing values follow three-valued (Kleene) logic: ``missing or true`` is true,
``missing and false`` is false; a rule left undecided by missing data has ``result`` NA.

References
----------
Pratt, V. R. (1973). Top down operator precedence. *Proceedings of the 1st ACM SIGACT-SIGPLAN
Symposium on Principles of Programming Languages*, 41-51.
"""

from __future__ import annotations

import dataclasses
import difflib
import operator
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, ModelError, ParameterError, RuleSyntaxError, SchemaError

__all__ = ["GateOutcome", "Rule", "parse_rule"]

_TOKEN = re.compile(
    r"(?P<ws>\s+)|(?P<num>(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
    r"|(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<qname>`[^`]+`)|(?P<op>==|!=|<=|>=|<|>)|(?P<punct>[()\[\],-])"
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}
_HINTS = {"=": "use '==' to compare", "!": "use 'not'", "&": "use 'and'", "|": "use 'or'"}
_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _syntax(text: str, pos: int, what: str) -> RuleSyntaxError:
    pos = max(0, min(pos, len(text)))
    msg = f"Cannot parse rule at position {pos}: {what}.\n  {text}\n  {' ' * pos}^"
    return RuleSyntaxError(msg, rule=text, position=pos, value=text)


@dataclasses.dataclass(frozen=True)
class _Tok:
    kind: str  # num, str, name, kw, op, punct, end
    value: Any
    pos: int


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            # Reported when the parser reaches it, so the leftmost problem wins.
            ch = text[pos]
            if ch in "\"'":
                what = "unterminated string (add the closing quote)"
            else:
                hint = _HINTS.get(ch, "only comparisons, and/or/not, in, lists and literals exist")
                what = f"unexpected character {ch!r} ({hint})"
            toks.append(_Tok("error", what, pos))
            return toks
        kind, raw = m.lastgroup or "", m.group()
        if kind == "num":
            value: Any = float(raw.replace("_", ""))
            toks.append(_Tok("num", int(value) if value.is_integer() else value, pos))
        elif kind == "str":
            toks.append(_Tok("str", re.sub(r"\\(.)", r"\1", raw[1:-1]), pos))
        elif kind == "name":
            low = raw.lower()
            is_kw = low in _KEYWORDS and raw in {low, low.upper(), low.capitalize()}
            toks.append(_Tok("kw", low, pos) if is_kw else _Tok("name", raw, pos))
        elif kind == "qname":
            toks.append(_Tok("name", raw[1:-1], pos))
        elif kind != "ws":
            toks.append(_Tok(kind, raw, pos))
        pos = m.end()
    toks.append(_Tok("end", None, len(text)))
    return toks


@dataclasses.dataclass(frozen=True)
class _Node:
    kind: str  # lit, list, col, cmp, not, and, or
    value: Any
    pos: int
    args: tuple[_Node, ...] = ()


#: Deepest nesting of parentheses and ``not`` a rule may have.
MAX_RULE_DEPTH = 32
#: Longest rule, in characters.
MAX_RULE_LENGTH = 100_000


class _Parser:
    def __init__(self, text: str) -> None:
        self.text, self.toks, self.i = text, _tokenize(text), 0
        self.depth = 0

    def nest(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_RULE_DEPTH:
            what = (
                f"the rule nests parentheses or 'not' more than {MAX_RULE_DEPTH} levels deep; "
                "simplify it (conditions joined by 'and'/'or' need no parentheses)"
            )
            raise _syntax(self.text, pos, what)

    def peek(self, offset: int = 0) -> _Tok:
        return self.toks[min(self.i + offset, len(self.toks) - 1)]

    def take(self) -> _Tok:
        tok = self.peek()
        self.i += 1
        return tok

    def error(self, tok: _Tok, expected: str) -> RuleSyntaxError:
        if tok.kind == "error":
            return _syntax(self.text, tok.pos, tok.value)
        got = "the end of the rule" if tok.kind == "end" else repr(self.text[tok.pos :][:12])
        if tok.kind == "punct" and tok.value in "([":
            expected += " (calls and subscripts are not part of the rule language)"
        return _syntax(self.text, tok.pos, f"expected {expected}, got {got}")

    def parse(self) -> _Node:
        if self.peek().kind == "end":
            raise _syntax(self.text, 0, "the rule is empty")
        node = self.boolean(self.or_expr())
        if self.peek().kind != "end":
            raise self.error(self.peek(), "'and', 'or' or the end of the rule")
        return node

    def boolean(self, node: _Node) -> _Node:
        if node.kind == "list" or (node.kind == "lit" and not isinstance(node.value, bool)):
            what = "a list" if node.kind == "list" else f"the value {node.value!r}"
            raise _syntax(self.text, node.pos, f"{what} alone is not a condition")
        return node

    def or_expr(self) -> _Node:
        # A chain `a or b or c ...` is one n-ary node: evaluated in a loop, never recursion.
        first = self.and_expr()
        args, pos = [first], first.pos
        while self.peek().value == "or" and self.peek().kind == "kw":
            tok = self.take()
            if len(args) == 1:
                pos = tok.pos
            args.append(self.boolean(self.and_expr()))
        if len(args) == 1:
            return first
        self.boolean(first)
        return _Node("or", None, pos, tuple(args))

    def and_expr(self) -> _Node:
        first = self.not_expr()
        args, pos = [first], first.pos
        while self.peek().value == "and" and self.peek().kind == "kw":
            tok = self.take()
            if len(args) == 1:
                pos = tok.pos
            args.append(self.boolean(self.not_expr()))
        if len(args) == 1:
            return first
        self.boolean(first)
        return _Node("and", None, pos, tuple(args))

    def not_expr(self) -> _Node:
        tok = self.peek()
        if tok.kind == "kw" and tok.value == "not":
            self.take()
            self.nest(tok.pos)
            node = _Node("not", None, tok.pos, (self.boolean(self.not_expr()),))
            self.depth -= 1
            return node
        if tok.kind == "punct" and tok.value == "(":
            self.take()
            self.nest(tok.pos)
            node = self.boolean(self.or_expr())
            if self.peek().value != ")" or self.peek().kind != "punct":
                raise self.error(self.peek(), "')'")
            self.take()
            self.depth -= 1
            return node
        return self.comparison()

    def comparison(self) -> _Node:
        left = self.atom()
        tok = self.peek()
        if tok.kind == "op" or (tok.kind == "kw" and tok.value == "in"):
            op = self.take().value
        elif tok.kind == "kw" and tok.value == "not" and self.peek(1).value == "in":
            self.i += 2
            op = "not in"
        else:
            return left
        if left.kind == "list":
            raise _syntax(self.text, left.pos, "a list can only follow 'in' or 'not in'")
        right = self.atom()
        if op in ("in", "not in") and right.kind not in ("list", "col"):
            raise _syntax(self.text, right.pos, f"'{op}' needs a list [..] or a list column")
        if op not in ("in", "not in") and right.kind == "list":
            raise _syntax(self.text, right.pos, f"use 'in' to test a list, not {op!r}")
        nxt = self.peek()
        if nxt.kind == "op" or (nxt.kind == "kw" and nxt.value == "in"):
            raise _syntax(self.text, nxt.pos, "chained comparisons are not supported (use 'and')")
        return _Node("cmp", op, tok.pos, (left, right))

    def atom(self) -> _Node:
        tok = self.take()
        if tok.kind == "name":
            return _Node("col", tok.value, tok.pos)
        if tok.kind in ("num", "str"):
            return _Node("lit", tok.value, tok.pos)
        if tok.kind == "kw" and tok.value in ("true", "false"):
            return _Node("lit", tok.value == "true", tok.pos)
        if tok.kind == "punct" and tok.value == "-" and self.peek().kind == "num":
            return _Node("lit", -self.take().value, tok.pos)
        if tok.kind == "punct" and tok.value == "[":
            items: list[Any] = []
            while not (self.peek().kind == "punct" and self.peek().value == "]"):
                item = self.atom()
                if item.kind != "lit":
                    raise _syntax(
                        self.text, item.pos, "a list holds only numbers, strings, booleans"
                    )
                items.append(item.value)
                if self.peek().value == "," and self.peek().kind == "punct":
                    self.take()
                elif not (self.peek().kind == "punct" and self.peek().value == "]"):
                    raise self.error(self.peek(), "',' or ']'")
            self.take()
            return _Node("list", tuple(items), tok.pos)
        self.i -= 1
        raise self.error(tok, "a column, a number, a string, true/false or a list")


def _fmt(v: Any) -> str:
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    if isinstance(v, list | tuple | set | np.ndarray):
        return ";".join(map(str, v))
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return "<missing>"
    return f"{v:g}" if isinstance(v, float | np.floating) else str(v)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalise_text(value: str) -> str:
    """Text as gates compare it: Unicode NFC, invisible characters removed, surrounding
    whitespace stripped, case folded (the normalisation list cells get when read).

    Examples
    --------
    >>> normalise_text(" Banking\u200b ") == normalise_text("banking")
    True
    """
    return unicodedata.normalize("NFC", value).translate(_INVISIBLE).strip().casefold()


def _column_kind(series: pd.Series) -> str:
    """ "bool", "number" or "other" from the column's content."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "number" if series.notna().any() else "other"  # an all-blank column says nothing
    vals = [v for v in series.tolist() if not _isna(v)]
    if vals and all(isinstance(v, bool | np.bool_) for v in vals):
        return "bool"
    return "other"


def _isna(v: Any) -> bool:
    return not isinstance(v, list | tuple | set | np.ndarray) and bool(pd.isna(v))


@dataclasses.dataclass(frozen=True)
class GateOutcome:
    """A rule evaluated on every row of a table.

    Attributes
    ----------
    result : pandas.Series
        Nullable boolean per row: True, False, or NA when missing data leaves it undecided.
    passed : pandas.Series
        ``result`` is True.
    missing : pandas.Series
        ``result`` is NA.
    missing_columns : pandas.Series
        Comma-separated gated columns that are missing in the row ("" when none).
    values : pandas.Series
        The row's values of the rule's columns as text (``"day_rate_eur=1350"``).
    reason : pandas.Series
        "" when passed, ``"missing <column>"`` when undecided, else ``"fails <rule>"``.
    """

    result: pd.Series
    passed: pd.Series
    missing: pd.Series
    missing_columns: pd.Series
    values: pd.Series
    reason: pd.Series


@dataclasses.dataclass(frozen=True, repr=False)
class Rule:
    """A parsed rule. Build it with :func:`parse_rule`.

    Parameters
    ----------
    text : str
        The rule as written.
    tree : parse tree
        Its parsed form (built by :func:`parse_rule`).
    """

    text: str
    tree: _Node

    @property
    def columns(self) -> tuple[str, ...]:
        """Column names the rule reads, in order of appearance."""
        out: list[str] = []

        def walk(node: _Node) -> None:
            if node.kind == "col" and node.value not in out:
                out.append(node.value)
            for arg in node.args:
                walk(arg)

        walk(self.tree)
        return tuple(out)

    def __repr__(self) -> str:
        return f"Rule({self.text!r})"

    def check_columns(self, columns: Sequence[Any] | pd.Index) -> None:
        """Raise SchemaError (with did-you-mean) when the rule reads an absent column.

        Parameters
        ----------
        columns : sequence or pandas.Index
            The columns of the partner table.
        """
        have = [str(c) for c in columns]
        for col in self.columns:
            if col not in have:
                close = difflib.get_close_matches(col, have, n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                msg = (
                    f"Rule {self.text!r} refers to column {col!r}, which the table lacks.{hint} "
                    f"Columns: {', '.join(have)}."
                )
                raise SchemaError(msg, column=col, value=self.text)

    def check_types(self, df: pd.DataFrame) -> None:
        """Raise ModelError when the rule compares a yes/no or number column with text.

        Such a comparison is false for every partner (``iso27001 == "yes"`` when the column
        holds true/false), so it is refused before anyone is excluded by it.

        Parameters
        ----------
        df : pandas.DataFrame
            The partner table.
        """
        stack = [self.tree]
        while stack:
            node = stack.pop()
            stack.extend(node.args)
            if node.kind != "cmp":
                continue
            left, right = node.args
            pairs = [(left, right), (right, left)]
            for col, lit in pairs:
                if col.kind != "col" or lit.kind not in ("lit", "list"):
                    continue
                if col.value not in df.columns:
                    continue
                texts = [
                    v
                    for v in (lit.value if lit.kind == "list" else (lit.value,))
                    if isinstance(v, str)
                ]
                if not texts:
                    continue
                kind = _column_kind(df[col.value])
                if kind == "bool":
                    msg = (
                        f"Rule {self.text!r} compares the yes/no column {col.value!r} with the "
                        f"text {texts[0]!r}, which no partner can equal. Write "
                        f"'{col.value} == true' (or false) without quotes."
                    )
                    raise ModelError(msg, column=col.value, value=texts[0])
                if kind == "number":
                    msg = (
                        f"Rule {self.text!r} compares the number column {col.value!r} with the "
                        f"text {texts[0]!r}, which no partner can equal. Write the number "
                        "without quotes."
                    )
                    raise ModelError(msg, column=col.value, value=texts[0])

    def evaluate(self, df: pd.DataFrame) -> GateOutcome:
        """Evaluate the rule on every row of ``df`` (not modified).

        Parameters
        ----------
        df : pandas.DataFrame
            The partner table.
        """
        self.check_columns(df.columns)
        frame = df.set_axis([str(c) for c in df.columns], axis=1)
        self.check_types(frame)
        res = self._truth(self.tree, frame)
        miss = res.isna().to_numpy()
        n = len(frame)
        mcols = np.full(n, "", dtype=object)
        vals = np.full(n, "", dtype=object)
        for k, c in enumerate(self.columns):  # column by column, never cell by cell
            blank = _isna_array(frame[c])
            named = np.where(mcols == "", c, mcols + ", " + c)
            mcols = np.where(blank, named, mcols)
            vals = vals + (f"{c}=" if k == 0 else f"; {c}=") + _fmt_column(frame[c])
        passed = res.fillna(False).to_numpy(dtype=bool)
        reason = np.where(miss, "missing " + mcols, np.where(passed, "", f"fails {self.text}"))
        idx = frame.index
        return GateOutcome(
            result=res,
            passed=pd.Series(passed, index=idx),
            missing=pd.Series(miss, index=idx),
            missing_columns=pd.Series(mcols, index=idx, dtype=object),
            values=pd.Series(vals, index=idx, dtype=object),
            reason=pd.Series(reason, index=idx, dtype=object),
        )

    def _eval(self, node: _Node, df: pd.DataFrame) -> Any:
        if node.kind == "lit":
            return node.value
        if node.kind == "list":
            return list(node.value)
        if node.kind == "col":
            return df[node.value]
        if node.kind == "not":
            return ~self._truth(node.args[0], df)
        if node.kind in ("and", "or"):
            # Kleene logic over the whole chain, one operand at a time (a loop, no recursion):
            # `and` is false if any operand is false, true if all are true, else missing.
            n = len(df)
            decisive = np.zeros(n, dtype=bool)  # some operand is false (and) / true (or)
            unanimous = np.ones(n, dtype=bool)  # every operand is true (and) / false (or)
            want = node.kind == "or"
            for arg in node.args:
                t = self._truth(arg, df)
                known = t.notna().to_numpy()
                val = t.fillna(not want).to_numpy(dtype=bool)
                decisive |= known & (val == want)
                unanimous &= known & (val != want)
            value = decisive if want else ~decisive & unanimous
            mask = ~(decisive | unanimous)
            return pd.Series(pd.arrays.BooleanArray(value, mask), index=df.index)
        left, right = (self._eval(a, df) for a in node.args)
        return self._compare(node, left, right, df)

    def _truth(self, node: _Node, df: pd.DataFrame) -> pd.Series:
        val = self._eval(node, df)
        if node.kind != "col":
            if isinstance(val, pd.Series):
                return val
            return pd.Series(pd.array([val] * len(df), dtype="boolean"), index=df.index)
        blank = _isna_array(val)
        if pd.api.types.is_bool_dtype(val.dtype):
            truth = val.fillna(False).to_numpy(dtype=bool) if blank.any() else val.to_numpy(bool)
            return pd.Series(pd.arrays.BooleanArray(truth, blank), index=df.index)
        kind = "empty" if blank.all() else pd.api.types.infer_dtype(val, skipna=True)
        if kind in ("boolean", "empty"):
            truth = np.zeros(len(val), dtype=bool)
            truth[~blank] = val.to_numpy(dtype=object)[~blank].astype(bool)
            return pd.Series(pd.arrays.BooleanArray(truth, blank), index=df.index)
        cells = val.to_numpy(dtype=object)  # error path: name the first cell that is not yes/no
        pos = next(i for i, v in enumerate(cells) if not blank[i] and not _is_bool(v))
        v, pid = cells[pos], df.index[pos]
        msg = (
            f"Rule {self.text!r}: column {node.value!r} holds {v!r} for row {pid!r}, not "
            f"yes/no. Compare it explicitly (for example '{node.value} > 0')."
        )
        raise DataError(msg, column=node.value, row=str(pid), value=v)

    def _compare(self, node: _Node, left: Any, right: Any, df: pd.DataFrame) -> pd.Series:
        fast = _compare_arrays(node.value, left, right, len(df))
        if fast is not None:
            value, mask = fast
            return pd.Series(pd.arrays.BooleanArray(value, mask), index=df.index, copy=False)
        # Lists in cells, text ordered against text, mixed columns: one cell at a time,
        # with the row of the first comparison that makes no sense.
        n = len(df)
        lv = left.tolist() if isinstance(left, pd.Series) else [left] * n
        rv = right.tolist() if isinstance(right, pd.Series) else [right] * n
        out: list[bool | None] = []
        for i, (a, b) in enumerate(zip(lv, rv, strict=True)):
            if _isna(a) or _isna(b):
                out.append(None)
                continue
            try:
                out.append(self._one(node, a, b))
            except TypeError:
                col = next((c.value for c in node.args if c.kind == "col"), None)
                msg = (
                    f"Rule {self.text!r} cannot compare {a!r} with {b!r} (row "
                    f"{df.index[i]!r}). Check the column's type or quote/unquote the literal."
                )
                raise DataError(msg, column=col, row=str(df.index[i]), value=a) from None
        mask = np.fromiter((v is None for v in out), dtype=bool, count=n)
        value = np.fromiter((v is True for v in out), dtype=bool, count=n)
        return pd.Series(pd.arrays.BooleanArray(value, mask), index=df.index, copy=False)

    def _one(self, node: _Node, a: Any, b: Any) -> bool:
        if node.value in ("in", "not in"):
            if isinstance(b, str):
                b = b.split(";")
            if not isinstance(b, list | tuple | set | np.ndarray):
                msg = f"{b!r} is not a list"
                raise TypeError(msg)
            key = normalise_text(a) if isinstance(a, str) else a
            found = any(
                key == (normalise_text(item) if isinstance(item, str) else item) for item in b
            )
            return found if node.value == "in" else not found
        if isinstance(a, str) and isinstance(b, str) and node.value in ("==", "!="):
            return bool(_OPS[node.value](normalise_text(a), normalise_text(b)))
        if isinstance(a, str) != isinstance(b, str) and node.value not in ("==", "!="):
            msg = "text compared with a number"
            raise TypeError(msg)
        return bool(_OPS[node.value](a, b))


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool | np.bool_)


def _isna_array(series: pd.Series) -> np.ndarray:
    """Missing cells of a column (a list in a cell is a value, never missing)."""
    return np.asarray(series.isna(), dtype=bool)


def _factorized(series: pd.Series, fn: Callable[[Any], Any]) -> np.ndarray:
    """``fn`` of every cell, called once per distinct value (object result array)."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return mapped[codes]  # the sentinel -1 picks the trailing None


def _hashable(series: pd.Series) -> bool:
    return series.dtype != object or not any(
        isinstance(v, list | tuple | set | np.ndarray | dict) for v in series.to_numpy()
    )


def _fmt_column(series: pd.Series) -> np.ndarray:
    """:func:`_fmt` of every cell of a column, once per distinct value."""
    if not _hashable(series):
        return np.array([_fmt(v) for v in series.tolist()], dtype=object)
    out = _factorized(series, lambda v: _fmt(v.item() if isinstance(v, np.generic) else v))
    out[out == None] = "<missing>"  # noqa: E711 - elementwise on an object array
    return out


def _operand(x: Any, n: int) -> tuple[str, Any, np.ndarray]:
    """(kind, data, missing) of a comparison operand: kind "num" (numbers or yes/no,
    compared as numpy compares them, which is as Python does), "text", or "other"."""
    if isinstance(x, pd.Series):
        blank = _isna_array(x)
        dtype = x.dtype
        if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype):
            if blank.all():
                return "num", np.zeros(n), blank
            if isinstance(dtype, np.dtype):
                return "num", x.to_numpy(), blank
            # nullable Int64/boolean...: the fill value is never read (masked)
            fill = False if pd.api.types.is_bool_dtype(dtype) else 0
            numpy_dtype = getattr(dtype, "numpy_dtype", float)
            return "num", x.to_numpy(dtype=numpy_dtype, na_value=fill), blank
        if blank.all():
            return "num", np.zeros(n), blank
        if isinstance(dtype, pd.StringDtype) or pd.api.types.infer_dtype(x, skipna=True) in (
            "string",
        ):
            return "text", x, blank
        return "other", x, blank
    none = np.zeros(n, dtype=bool)
    if isinstance(x, str):
        return "text", x, none
    if isinstance(x, bool | int | float):
        return "num", x, none
    return "other", x, none


def _norm_text(x: Any) -> Any:
    if isinstance(x, pd.Series):
        return _factorized(x, normalise_text)
    return normalise_text(x)


def _compare_arrays(op: str, left: Any, right: Any, n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """A comparison of whole columns (value, missing mask), or None when it needs the
    cell-by-cell path (list columns, text ordering, mixed types: their errors name a row)."""
    lk, lv, lm = _operand(left, n)
    if op in ("in", "not in"):
        if not isinstance(right, list) or lk not in ("num", "text"):
            return None
        mask = lm
        if lk == "text":
            wanted = {normalise_text(v) for v in right if isinstance(v, str)}
            found = np.isin(_norm_text(lv), list(wanted)) if wanted else np.zeros(n, bool)
        else:
            numbers = [v for v in right if not isinstance(v, str)]
            found = np.isin(lv, numbers) if numbers else np.zeros(n, dtype=bool)
        found = np.broadcast_to(np.asarray(found, dtype=bool), (n,))
        value = found if op == "in" else ~found
        return np.asarray(value & ~mask, dtype=bool), mask
    rk, rv, rm = _operand(right, n)
    mask = lm | rm
    if lk == rk == "num":
        with np.errstate(invalid="ignore"):
            value = _OPS[op](lv, rv)
    elif lk == rk == "text" and op in ("==", "!="):
        value = _OPS[op](_norm_text(lv), _norm_text(rv))
    else:
        return None
    value = np.broadcast_to(np.asarray(value, dtype=bool), (n,))
    return np.asarray(value & ~mask, dtype=bool), mask


def parse_rule(text: str) -> Rule:
    """Parse a gate rule (see the module docstring for the language).

    Parameters
    ----------
    text : str
        The rule, for example ``iso27001 == true and country in ["DE", "FR"]``.

    Raises
    ------
    RuleSyntaxError
        With ``.position`` (0-based) and a caret under it in the message.

    Examples
    --------
    >>> rule = parse_rule('iso27001 == true and country in ["DE", "FR"]')
    >>> rule.columns
    ('iso27001', 'country')
    >>> import pandas as pd
    >>> df = pd.DataFrame({"iso27001": [True, True], "country": ["DE", "US"]})
    >>> rule.evaluate(df).passed.tolist()
    [True, False]
    """
    if not isinstance(text, str):
        msg = f"A rule must be a string such as 'iso27001 == true'. Got {text!r} instead."
        raise ParameterError(msg, value=text)
    if len(text) > MAX_RULE_LENGTH:
        raise _syntax(text[:80], 80, f"the rule is longer than {MAX_RULE_LENGTH} characters")
    _check_paren_depth(text)
    return Rule(text, _Parser(text).parse())


def _check_paren_depth(text: str) -> None:
    """Refuse deep parentheses before tokenizing (a cheap scan; the parser counts 'not')."""
    if text.count("(") <= MAX_RULE_DEPTH:
        return
    depth, quote = 0, ""
    for pos, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
            if depth > MAX_RULE_DEPTH:
                what = (
                    f"the rule nests parentheses or 'not' more than {MAX_RULE_DEPTH} levels "
                    "deep; simplify it (conditions joined by 'and'/'or' need no parentheses)"
                )
                raise _syntax(text[: pos + 40], pos, what)
        elif ch == ")":
            depth -= 1
