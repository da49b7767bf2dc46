"""Read an evaluation-model file (TOML or YAML) into a plain dict.

The dict is turned into an :class:`partnerselect.EvaluationModel` by
:func:`partnerselect.read_model`. Files are parsed, never executed: TOML with the standard
library's :mod:`tomllib`, YAML with ``yaml.safe_load`` (no Python object tags).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from partnerselect.errors import FileFormatError

__all__ = ["MODEL_SUFFIXES", "load_model_dict"]

#: Model file suffixes and their format.
MODEL_SUFFIXES = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}


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
    return _toml(text, source) if fmt == "toml" else _yaml(text, source)


def _toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        msg = f"The model file {source!r} is not valid TOML: {exc}. Fix the syntax there."
        raise FileFormatError(msg, source=source, row=line) from None


def _yaml(text: str, source: str) -> dict[str, Any]:
    import yaml

    try:
        obj = yaml.safe_load(text)
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
    if not isinstance(obj, dict):
        msg = (
            f"The model file {source!r} must hold a mapping of sections (method, criteria, "
            f"gates...); it holds a {type(obj).__name__}."
        )
        raise FileFormatError(msg, source=source)
    return {str(k): v for k, v in obj.items()}
