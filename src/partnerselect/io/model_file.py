"""Read an evaluation-model file (TOML, YAML or JSON) into a plain dict.

The dict is turned into an :class:`partnerselect.EvaluationModel` by
:func:`partnerselect.read_model`. Files are parsed, never executed: TOML with the standard
library's :mod:`tomllib`, YAML with a safe loader (no Python object tags), JSON with
:mod:`json`. Every format refuses a key written twice in one table (naming the key and its
line) and nesting deeper than :data:`MAX_DEPTH`; YAML anchors and aliases are refused (no
"billion laughs").
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from partnerselect.errors import FileFormatError

__all__ = ["MAX_DEPTH", "MODEL_SUFFIXES", "check_depth", "load_model_dict"]

#: Model file suffixes and their format.
MODEL_SUFFIXES = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}

#: Deepest nesting of tables and lists a model file may have (the schema needs 6).
MAX_DEPTH = 32


def load_model_dict(path: str | Path) -> dict[str, Any]:
    """Parse a model file (``.toml``, ``.yaml`` or ``.yml``) into a dict.

    Parameters
    ----------
    path : str or Path
        The model file.

    Returns
    -------
    dict
        The file's top-level table.

    Raises
    ------
    FileFormatError
        Unknown suffix (lists the supported ones), missing or empty file, a syntax error
        (with its line), or a YAML document that is not a mapping.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "model.toml"
    >>> _ = p.write_text('[method]\\nname = "topsis"\\n', encoding="utf-8")
    >>> load_model_dict(p)
    {'method': {'name': 'topsis'}}
    """
    p = Path(path)
    source = str(p)
    fmt = MODEL_SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        msg = (
            f"Cannot read the model file {source!r}: unknown type {p.suffix or '(no suffix)'!r}. "
            f"Supported: {', '.join(MODEL_SUFFIXES)}."
        )
        raise FileFormatError(msg, source=source, value=p.suffix)
    if not p.is_file():
        msg = f"Cannot read the model file {source!r}: no such file. Check the path."
        raise FileFormatError(msg, source=source)
    data = p.read_bytes()
    if not data.strip():
        msg = f"The model file {source!r} is empty. Start from `partnerselect init`."
        raise FileFormatError(msg, source=source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        msg = f"The model file {source!r} is not UTF-8 text. Save it as UTF-8."
        raise FileFormatError(msg, source=source, value="encoding") from None
    loader = {"toml": _toml, "yaml": _yaml, "json": _json}[fmt]
    out = loader(text, source)
    check_depth(out, source)
    return out


def _too_deep(source: str, limit: int) -> FileFormatError:
    msg = (
        f"The model file {source!r} nests tables or lists more than {limit} levels deep. A "
        "model needs only a few levels; flatten the structure."
    )
    return FileFormatError(msg, source=source, value=limit)


def check_depth(obj: Any, source: str, limit: int = MAX_DEPTH) -> None:
    """Raise FileFormatError when ``obj`` nests more than ``limit`` levels (iterative).

    Examples
    --------
    >>> check_depth({"a": [[1]]}, "m.toml")
    >>> deep: list = []
    >>> node = deep
    >>> for _ in range(40):
    ...     node.append([])
    ...     node = node[0]
    >>> check_depth({"a": deep}, "m.toml")
    Traceback (most recent call last):
    ...
    partnerselect.errors.FileFormatError: The model file 'm.toml' nests ...
    """
    stack: list[tuple[Any, int]] = [(obj, 0)]
    seen = 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if depth > limit:
            raise _too_deep(source, limit)
        if isinstance(node, Mapping):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list | tuple):
            stack.extend((v, depth + 1) for v in node)


def _toml(text: str, source: str) -> dict[str, Any]:
    if _bracket_depth(text) > MAX_DEPTH:
        raise _too_deep(source, MAX_DEPTH)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        if line is None:
            m = re.search(r"line (\d+)", str(exc))
            line = int(m.group(1)) if m else None
        what = str(exc)
        if "twice" in what or "overwrite" in what.lower():
            what += " (a key or a section is written twice; keep one)"
        msg = f"The model file {source!r} is not valid TOML: {what}. Fix the syntax there."
        raise FileFormatError(msg, source=source, row=line) from None
    except RecursionError:
        raise _too_deep(source, MAX_DEPTH) from None


_NOT_BRACKETS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
)


def _bracket_depth(text: str) -> int:
    """Deepest ``[``/``{`` nesting outside strings and comments (a cheap, vectorised
    pre-check); 0 when there are too few brackets to reach :data:`MAX_DEPTH`.

    Examples
    --------
    >>> _bracket_depth("a = " + "[" * 40 + '"]]] # "' + "]" * 40 + "  # ]]")
    40
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    code = _NOT_BRACKETS.sub("", text).encode("utf-8", "replace")
    arr = np.frombuffer(code, dtype=np.uint8)
    step = np.zeros(arr.shape, dtype=np.int64)
    step[(arr == ord("[")) | (arr == ord("{"))] = 1
    step[(arr == ord("]")) | (arr == ord("}"))] = -1
    return int(np.cumsum(step).max(initial=0))


def _json(text: str, source: str) -> dict[str, Any]:
    if _bracket_depth(text) > MAX_DEPTH:
        raise _too_deep(source, MAX_DEPTH)

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                line = _json_key_line(text, k)
                where = f" (line {line})" if line else ""
                msg = (
                    f"The model file {source!r} has the key {k!r} twice in one object{where}. "
                    "JSON would keep only the last one silently; keep one."
                )
                raise FileFormatError(msg, source=source, row=line, column=k)
            out[k] = v
        return out

    def constant(name: str) -> Any:
        msg = f"The model file {source!r} holds {name}, which is not a JSON number. Write a number."
        raise FileFormatError(msg, source=source, value=name)

    try:
        obj = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        msg = f"The model file {source!r} is not valid JSON (line {exc.lineno}): {exc.msg}."
        raise FileFormatError(msg, source=source, row=exc.lineno) from None
    except RecursionError:
        raise _too_deep(source, MAX_DEPTH) from None
    if not isinstance(obj, dict):
        msg = (
            f"The model file {source!r} must hold an object of sections (method, criteria, "
            f"gates...); it holds a {type(obj).__name__}."
        )
        raise FileFormatError(msg, source=source)
    return obj


def _json_key_line(text: str, key: str) -> int | None:
    """Line of the second occurrence of ``"key":`` (best effort, for the message)."""
    needle = json.dumps(key)
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    pos = second if second >= 0 else first
    return None if pos < 0 else text.count("\n", 0, pos) + 1


def _yaml(text: str, source: str) -> dict[str, Any]:
    import yaml

    if _bracket_depth(text) > MAX_DEPTH:
        raise _too_deep(source, MAX_DEPTH)
    loader = None
    try:
        loader = _safe_loader(source)(text)
        obj = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else int(mark.line) + 1
        where = "" if line is None else f" (line {line})"
        if isinstance(exc, yaml.constructor.ConstructorError):
            # e.g. !!python/object tags: a model file is data, so they are never executed
            msg = (
                f"The model file {source!r} uses a YAML tag that is not plain data{where}: "
                f"{exc}. Model files may hold only mappings, lists, strings, numbers, booleans "
                "and dates; remove the tag."
            )
        else:
            msg = (
                f"The model file {source!r} is not valid YAML{where}: {exc}. Fix the syntax there."
            )
        raise FileFormatError(msg, source=source, row=line) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(obj, dict):
        msg = (
            f"The model file {source!r} must hold a mapping of sections (method, criteria, "
            f"gates...); it holds a {type(obj).__name__}."
        )
        raise FileFormatError(msg, source=source)
    return dict(obj)


def _safe_loader(source: str) -> Any:
    """A SafeLoader that refuses aliases, duplicate keys and deep nesting."""
    import yaml

    class Loader(yaml.SafeLoader):
        _depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                line = event.start_mark.line + 1
                msg = (
                    f"The model file {source!r} uses a YAML alias (*{event.anchor}) at line "
                    f"{line}. Anchors and aliases are not allowed in model files (they can "
                    "expand without bound); write the values out."
                )
                raise FileFormatError(msg, source=source, row=line)
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _too_deep(source, MAX_DEPTH)
            try:
                return super().compose_node(parent, index)
            finally:
                self._depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    hashed = key in seen
                except TypeError:
                    hashed = False
                if hashed:
                    msg = (
                        f"The model file {source!r} has the key {key!r} twice in one mapping "
                        f"(lines {seen[key]} and {line}). YAML would keep only the last one "
                        "silently; keep one."
                    )
                    raise FileFormatError(msg, source=source, row=line, column=str(key))
                with contextlib.suppress(TypeError):
                    seen[key] = line
            return super().construct_mapping(node, deep=deep)

    return Loader
