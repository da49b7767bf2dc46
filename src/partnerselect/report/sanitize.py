"""One policy for untrusted text in every output: reports (CSV, Markdown, HTML, Excel, JSON)
and everything the command line prints.

Vendor names, reasons and notes come from files we do not control. Before any of that text
reaches an output:

* line breaks and other whitespace controls (CR, LF, tab, vertical tab, form feed, NEL,
  U+2028, U+2029) become one space, so a value stays on one line: one CSV record, one
  Markdown table row, one terminal line;
* every other control character (C0 such as NUL and ESC, DEL, C1, and the bidirectional
  overrides and isolates that can make text display in another order than it reads)
  becomes U+FFFD, visibly: an ANSI escape sequence in a partner name cannot move the
  cursor or erase a line, and the reader sees that something was there;
* in CSV and Excel cells, text that a spreadsheet would run as a formula gets a leading
  apostrophe (OWASP), checked on every line of a multi-line value.

JSON keeps the data exactly (the audit record must reproduce it) and stays valid: the
encoder escapes C0 controls, and :func:`json_safe` escapes DEL, C1 and the other controls
above as ``\\uXXXX``.

Examples
--------
>>> clean_text("Acme\\x1b[2J Ltd\\r\\n=cmd")
'Acme\\ufffd[2J Ltd  =cmd'
>>> safe_cell("Acme Ltd\\r=cmd|' /C calc'!A0")
"Acme Ltd =cmd|' /C calc'!A0"
>>> safe_cell("=1+1"), safe_cell(3)
("'=1+1", 3)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "FORMULA_PREFIXES",
    "clean_lines",
    "clean_text",
    "json_safe",
    "neutralize_formula",
    "safe_cell",
]

#: A cell starting with one of these is read as a formula by spreadsheet programs
#: (OWASP "CSV injection"); tab and carriage return also start dangerous cells.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_SPACE_CONTROLS = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029"
_SPACE_RE = re.compile(f"[{re.escape(_SPACE_CONTROLS)}]")
# C0 (except the whitespace above), DEL, C1, bidi embeddings/overrides/isolates, and the
# Unicode non-characters a terminal or spreadsheet may choke on.
_OTHER_RE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
_ANY_RE = re.compile(f"{_SPACE_RE.pattern}|{_OTHER_RE.pattern}")
_JSON_RE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def clean_text(value: Any) -> str:
    """``value`` as one line of text with no control character (see the module docstring).

    >>> clean_text("a\\tb\\x00c")
    'a b\\ufffdc'
    """
    text = "" if value is None else str(value)
    if not _ANY_RE.search(text):
        return text
    return _OTHER_RE.sub("\ufffd", _SPACE_RE.sub(" ", text))


def clean_lines(text: str) -> str:
    """Like :func:`clean_text` but keeps LF line breaks (for multi-line terminal output).

    A lone CR (which would return the cursor and overwrite the line) becomes a space.

    >>> clean_lines("one\\r\\ntwo\\x1b[1A")
    'one\\ntwo\\ufffd[1A'
    """
    return "\n".join(clean_text(line) for line in text.replace("\r\n", "\n").split("\n"))


def neutralize_formula(text: str) -> str:
    """Prefix an apostrophe to every line of ``text`` that starts like a formula.

    >>> neutralize_formula("ok\\n=HYPERLINK(1)")
    "ok\\n'=HYPERLINK(1)"
    """
    lines = re.split(r"(\r\n|\r|\n)", text)
    for i in range(0, len(lines), 2):
        if lines[i].startswith(FORMULA_PREFIXES) or lines[i].lstrip(" ").startswith("="):
            lines[i] = "'" + lines[i]
    return "".join(lines)


def safe_cell(value: Any) -> Any:
    """A spreadsheet/CSV cell: strings cleaned to one line and formula-neutralised.

    Numbers, dates and missing values are returned unchanged.
    """
    if not isinstance(value, str):
        return value
    return neutralize_formula(clean_text(value))


def json_safe(text: str) -> str:
    """JSON text with DEL, C1, line/paragraph separators and bidi controls as ``\\uXXXX``.

    Valid JSON in, the same data out (inside JSON strings these characters are only ever
    content, so escaping them never changes what a parser reads).

    >>> json_safe('{"name": "a\\x9bb"}')
    '{"name": "a\\\\u009bb"}'
    """
    return _JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
