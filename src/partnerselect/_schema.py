"""Typed, frozen sections of the model file: field checks, unknown keys, docs.

A section is a frozen dataclass whose fields carry a :class:`Check` (type, range, choices)
and a one-line description in their metadata. :func:`parse_section` turns a table read
from TOML, YAML or JSON into the section, refusing unknown keys (with did-you-mean), wrong
types and values out of range with a :class:`~partnerselect.errors.ModelError` that names
the key and its section.

Every section is also a read-only mapping over the keys the file *gave* (``section["key"]``,
``section.get("key", default)``, ``dict(section)``), so code written against the earlier
dict-based model keeps working, while typed attributes (``section.key``) always hold a value
(the default when the file said nothing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from partnerselect.errors import ModelError

__all__ = [
    "Check",
    "Section",
    "did_you_mean",
    "field",
    "parse_section",
    "section_reference",
]

S = TypeVar("S", bound="Section")


def did_you_mean(name: str, options: Sequence[str]) -> str:
    """`` Did you mean 'x'?`` or ""."""
    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "null (an empty value)"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"{value!r}"


def yaml11_hint(value: Any) -> str:
    """A hint when YAML 1.1 made a boolean or null out of what was probably text."""
    if isinstance(value, bool) or value is None:
        return (
            "; YAML 1.1 reads an unquoted NO, yes, on, off, y or n as a boolean and ~ or "
            "null as nothing: if you meant text, put it in quotes, e.g. 'NO'"
        )
    return ""


@dataclasses.dataclass(frozen=True)
class Check:
    """Type and range of one key: ``convert(value, where)`` returns the typed value."""

    text: str
    convert: Callable[[Any, str], Any]

    def __call__(self, value: Any, where: str) -> Any:
        return self.convert(value, where)


def fail(where: str, what: str, value: Any = None, **kw: Any) -> ModelError:
    """A ModelError ``"<where> <what>"`` (``where`` names the section and key)."""
    return ModelError(f"{where} {what}", value=value, **kw)


# --------------------------------------------------------------------------- checks
def text(*, nonempty: bool = False) -> Check:
    def conv(v: Any, where: str) -> str:
        if not isinstance(v, str):
            msg = f"must be text, got {kind(v)}{yaml11_hint(v)}."
            if isinstance(v, int | float) and not isinstance(v, bool):
                msg = f"must be text, got the number {v!r}. Put it in quotes."
            raise fail(where, msg, v)
        if nonempty and not v.strip():
            raise fail(where, "must not be empty.", v)
        return v

    return Check("text", conv)


def choice(*options: str, alias: Mapping[str, str] | None = None) -> Check:
    opts = tuple(options)
    shown = (
        f"{opts[0]!r} or {opts[1]!r}"
        if len(opts) == 2
        else "one of [" + ", ".join(repr(o) for o in opts) + "]"
    )

    def conv(v: Any, where: str) -> str:
        if not isinstance(v, str):
            raise fail(where, f"must be {shown}, got {kind(v)}{yaml11_hint(v)}.", v)
        key = v.strip().lower() if alias is None or v not in alias else alias[v]
        if key not in opts:
            hint = did_you_mean(key, opts)
            raise fail(where, f"must be {shown}, got {v!r}.{hint}", v)
        return key

    return Check(" or ".join(f'"{o}"' for o in opts), conv)


def integer(*, ge: int | None = None, le: int | None = None) -> Check:
    rng = _range_text(ge, None, le, None)
    noun = "a non-negative integer" if ge == 0 and le is None else f"a whole number{rng}"

    def conv(v: Any, where: str) -> int:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise fail(where, f"must be {noun}, got {kind(v)}.", v)
        if isinstance(v, float):
            if not math.isfinite(v) or not v.is_integer():
                raise fail(where, f"must be {noun}, got {v!r}.", v)
            v = int(v)
        if (ge is not None and v < ge) or (le is not None and v > le):
            raise fail(where, f"must be {noun}, got {v!r}.", v)
        return int(v)

    return Check(f"integer{rng}", conv)


def number(
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
) -> Check:
    rng = _range_text(ge, gt, le, lt)
    noun = f"a number{rng}"

    def conv(v: Any, where: str) -> float:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise fail(where, f"must be a number{rng}, got {kind(v)}.", v)
        f = float(v)
        if not math.isfinite(f):
            raise fail(where, f"must be a finite number{rng}, got {v!r}.", v)
        _in_range(f, ge, gt, le, lt, where, noun)
        return f

    return Check(f"number{rng}", conv)


def boolean() -> Check:
    def conv(v: Any, where: str) -> bool:
        if not isinstance(v, bool):
            raise fail(where, f"must be true or false, got {kind(v)}.", v)
        return v

    return Check("true or false", conv)


def date() -> Check:
    def conv(v: Any, where: str) -> dt.date:
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        if isinstance(v, str):
            try:
                return dt.date.fromisoformat(v.strip())
            except ValueError:
                pass
        raise fail(where, f"{v!r} is not a date; write it as YYYY-MM-DD.", v)

    return Check("date (YYYY-MM-DD)", conv)


def either(*checks: Check) -> Check:
    def conv(v: Any, where: str) -> Any:
        errors = []
        for c in checks:
            try:
                return c(v, where)
            except ModelError as exc:
                errors.append(exc)
        kinds = " or ".join(c.text for c in checks)
        raise fail(where, f"must be {kinds}, got {kind(v)}{yaml11_hint(v)}.", v)

    return Check(" or ".join(c.text for c in checks), conv)


def list_of(item: Check, *, one_item_text: bool = True, nonempty: bool = False) -> Check:
    def conv(v: Any, where: str) -> tuple[Any, ...]:
        if isinstance(v, str) and one_item_text:
            v = [v]  # `compare = "wsm"` is a list of one method, never its letters
        if not isinstance(v, list | tuple):
            raise fail(where, f"must be a list of {item.text}, got {kind(v)}.", v)
        if nonempty and not v:
            raise fail(where, "must not be an empty list.", v)
        return tuple(item(x, f"{where}[{i}]") for i, x in enumerate(v))

    return Check(f"list of {item.text}", conv)


def table_of(item: Check | None = None, *, what: str = "value") -> Check:
    """A free table (user-chosen keys): text keys, values checked by ``item``."""

    def conv(v: Any, where: str) -> dict[str, Any]:
        if not isinstance(v, Mapping):
            raise fail(where, f"must be a table (key = {what}), got {kind(v)}.", v)
        out: dict[str, Any] = {}
        for k, x in v.items():
            if not isinstance(k, str):
                raise fail(where, f"has the key {kind(k)}, which is not text{yaml11_hint(k)}.", k)
            out[k] = x if item is None else item(x, f"{where}.{k}")
        return out

    return Check(f"table of {item.text if item else 'values'}", conv)


def section_of(cls: type[Section]) -> Check:
    def conv(v: Any, where: str) -> Section:
        return parse_section(cls, v, where)

    return Check(f"table ({cls.__name__})", conv)


def sections_of(cls: type[Section]) -> Check:
    def conv(v: Any, where: str) -> tuple[Section, ...]:
        if isinstance(v, Mapping):
            v = [v]
        if not isinstance(v, list | tuple):
            raise fail(where, f"must be an array of tables, got {kind(v)}.", v)
        return tuple(parse_section(cls, x, f"{where} #{i}") for i, x in enumerate(v, start=1))

    return Check(f"array of tables ({cls.__name__})", conv)


def _range_text(ge: Any, gt: Any, le: Any, lt: Any) -> str:
    parts = []
    if ge is not None:
        parts.append(f">= {ge:g}")
    if gt is not None:
        parts.append(f"> {gt:g}")
    if le is not None:
        parts.append(f"<= {le:g}")
    if lt is not None:
        parts.append(f"< {lt:g}")
    return f" {' and '.join(parts)}" if parts else ""


def _in_range(v: float, ge: Any, gt: Any, le: Any, lt: Any, where: str, noun: str) -> None:
    bad = (
        (ge is not None and v < ge)
        or (gt is not None and v <= gt)
        or (le is not None and v > le)
        or (lt is not None and v >= lt)
    )
    if bad:
        raise fail(where, f"must be {noun}, got {v!r}.", v)


# --------------------------------------------------------------------------- sections
def field(
    default: Any = dataclasses.MISSING,
    *,
    doc: str,
    check: Check,
    factory: Callable[[], Any] | None = None,
) -> Any:
    """A section field with its check and one-line description."""
    meta = {"doc": doc, "check": check}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclasses.dataclass(frozen=True, eq=False)
class Section(Mapping[str, Any]):
    """Base class of the typed model sections (see the module docstring)."""

    #: Title in messages and the reference page, e.g. ``"[sensitivity]"``.
    title: ClassVar[str] = ""
    #: One paragraph for the reference page.
    about: ClassVar[str] = ""
    #: Keys that must be given.
    required: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__doc__ or cls.__doc__.startswith(f"{cls.__name__}("):
            cls.__doc__ = f"The model file's ``{cls.title}``: {cls.about}"

    # mapping view over the keys the file gave -------------------------------------
    @property
    def given(self) -> tuple[str, ...]:
        """The keys the file gave, in file order."""
        return tuple(getattr(self, "_given", ()))

    def __getitem__(self, key: str) -> Any:
        if key in self.given:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.given)

    def __len__(self) -> int:
        return len(self.given)

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.given)
        return f"{type(self).__name__}({body})"

    def post_check(self, where: str) -> None:
        """Cross-key checks (override)."""

    @classmethod
    def pre_check(cls, raw: Mapping[str, Any], where: str) -> None:
        """Checks of the raw table before the keys are (override)."""

    @classmethod
    def keys_allowed(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if "check" in f.metadata]

    @classmethod
    def default(cls: type[S]) -> S:
        """The section as if the file left it out."""
        return parse_section(cls, {}, cls.title or cls.__name__)


def parse_section(cls: type[S], raw: Any, where: str) -> S:
    """Check ``raw`` (a table from the file) and build the section ``cls``."""
    base = where.rstrip(":")
    if isinstance(raw, Section):
        raw = {k: raw[k] for k in raw}
    if not isinstance(raw, Mapping):
        raise fail(base, f"must be a table (key = value pairs), got {kind(raw)}.", raw)
    cls.pre_check(raw, base)
    allowed = cls.keys_allowed()
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            raise fail(base, f"has the key {kind(key)}, which is not text{yaml11_hint(key)}.")
        if key not in allowed:
            hint = did_you_mean(key, allowed)
            msg = (
                f"has unknown key {key!r}.{hint} Allowed keys: {', '.join(allowed)}. A "
                "misspelt key would otherwise be ignored silently."
            )
            raise fail(base, msg, key, column=key)
        check: Check = next(f for f in dataclasses.fields(cls) if f.name == key).metadata["check"]
        values[key] = check(value, f"{where} {key}")
    for key in cls.required:
        if key not in values:
            raise fail(base, f"needs the key {key!r}.", column=key)
    obj = cls(**values)
    object.__setattr__(obj, "_given", tuple(values))
    obj.post_check(base)
    return obj


def section_reference(cls: type[Section]) -> str:
    """Markdown table of a section's keys: type, default, description."""
    lines = ["| key | type | default | description |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls):
        if "check" not in f.metadata:
            continue
        if f.default is not dataclasses.MISSING:
            default = _show(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            default = _show(f.default_factory())
        else:
            default = "required"
        if f.name in cls.required:
            default = "required"
        check: Check = f.metadata["check"]
        cells = [f"`{f.name}`", check.text, default, f.metadata["doc"]]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    if isinstance(value, tuple | list) and not value:
        return "`[]`"
    if isinstance(value, Mapping) and not value:
        return "`{}`"
    if isinstance(value, Section):
        return "see below"
    return f"`{value!r}`"
