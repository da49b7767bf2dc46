"""The public API: ``dir(partnerselect)`` shows only it, and every public callable that
takes parameters documents them in a numpydoc ``Parameters`` section.

The public callables are the names of ``partnerselect.__all__``, of the ``__all__`` of every
public sub-module (``ps.weights``, ``ps.sensitivity``...) and of the plot accessors, plus
the public methods of the public classes. numpydoc is not a dependency, so sections are
found with a small parser of the numpydoc layout (a title underlined with dashes).
"""

from __future__ import annotations

import enum
import importlib
import inspect
import re
import types
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

import partnerselect as ps

# Public modules that are not attributes of ``partnerselect`` themselves.
EXTRA_MODULES = ("partnerselect.plot.accessor", "partnerselect.ranking", "partnerselect.methods")
# Exceptions and warnings share one documented constructor (message + structured fields).
SKIP_MODULES = ("partnerselect.errors",)

#: Callables that still lack a Parameters section (or name a parameter nowhere), in
#: modules whose owners document them; this list only shrinks.
KNOWN_GAPS: frozenset[str] = frozenset()

_SECTION = re.compile(r"^(?P<title>[A-Z][A-Za-z ]+)\n-{3,}\s*$", re.M)


def _sections(doc: str) -> dict[str, str]:
    """numpydoc section title -> body."""
    out: dict[str, str] = {}
    heads = list(_SECTION.finditer(doc))
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(doc)
        out[h.group("title").strip()] = doc[h.end() : end]
    return out


def _mentions(body: str, name: str) -> bool:
    return re.search(r"(^|[\s,*])" + re.escape(name) + r"\b", body, re.M) is not None


def _public_modules() -> list[types.ModuleType]:
    names = [
        f"partnerselect.{n}" for n in ps.__all__ if isinstance(getattr(ps, n), types.ModuleType)
    ]
    mods = [ps] + [importlib.import_module(n) for n in (*names, *EXTRA_MODULES)]
    return [m for m in mods if m.__name__ not in SKIP_MODULES]


def _public_callables() -> Iterator[tuple[str, Any, bool]]:
    """(qualified name, object, is_method) of every public callable, each once."""
    seen: set[int] = set()
    for mod in _public_modules():
        for name in getattr(mod, "__all__", None) or [n for n in dir(mod) if n[0] != "_"]:
            obj = getattr(mod, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)):
                continue
            if not getattr(obj, "__module__", "").startswith("partnerselect"):
                continue
            if issubclass(obj, BaseException) if inspect.isclass(obj) else False:
                continue
            if id(obj) not in seen:
                seen.add(id(obj))
                yield f"{mod.__name__}.{name}", obj, False
            if not inspect.isclass(obj):
                continue
            for attr, value in vars(obj).items():
                if attr.startswith("_") and attr != "__call__":
                    continue
                func = value.__func__ if isinstance(value, classmethod | staticmethod) else value
                if inspect.isfunction(func) and id(func) not in seen:
                    seen.add(id(func))
                    yield f"{mod.__name__}.{name}.{attr}", func, not isinstance(value, staticmethod)


def _parameters(obj: Any, is_method: bool) -> list[str]:
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return []
    names = list(sig.parameters)
    if is_method and names and names[0] in ("self", "cls"):
        names = names[1:]
    return names


def _documented(obj: Any) -> str | None:
    """The text that documents ``obj``'s parameters (None: no such section)."""
    bodies: list[str] = []
    owners = (
        [c for c in obj.__mro__ if c.__module__.startswith("partnerselect")]
        if (inspect.isclass(obj))
        else [obj]
    )
    for owner in owners:
        sec = _sections(inspect.getdoc(owner) or "")
        bodies.append(sec.get("Parameters", ""))
        if inspect.isclass(owner):  # a result's fields are documented as its attributes
            bodies.append(sec.get("Attributes", ""))
    own = _sections(inspect.getdoc(obj) or "")
    if "Parameters" not in own and not (inspect.isclass(obj) and "Attributes" in own):
        return None
    return "\n".join(bodies)


def _gaps() -> list[str]:
    gaps = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for qual, obj, is_method in _public_callables():
            params = _parameters(obj, is_method)
            if not params:
                continue
            body = _documented(obj)
            if body is None:
                gaps.append(f"{qual}: no Parameters section")
                continue
            if inspect.isclass(obj) and issubclass(obj, enum.Enum):
                continue  # the Enum machinery's signature, not the class's own
            missing = [p for p in params if not _mentions(body, p)]
            if missing:
                gaps.append(f"{qual}: {', '.join(missing)} not documented")
    return gaps


def test_dir_shows_only_the_public_api():
    names = dir(ps)
    assert names == sorted(ps.__all__)
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    for helper in ("importlib", "sys", "types", "annotations", "TYPE_CHECKING", "Any"):
        assert helper not in names
    for name in ps.__all__:
        assert getattr(ps, name) is not None


def test_public_all_names_exist():
    for mod in _public_modules():
        for name in getattr(mod, "__all__", ()):
            assert hasattr(mod, name), f"{mod.__name__}.__all__ lists missing {name!r}"


def test_every_public_callable_documents_its_parameters():
    gaps = [g for g in _gaps() if g.split(":")[0] not in KNOWN_GAPS]
    assert not gaps, "numpydoc Parameters missing:\n" + "\n".join(gaps)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("Summary.\n\nParameters\n----------\nx : int\n\nReturns\n-------\nint\n", {"x"}),
        ("Summary.\n\nReturns\n-------\nint\n", set()),
    ],
)
def test_section_parser(doc, expected):
    body = _sections(doc).get("Parameters", "")
    assert {n for n in ("x", "y") if _mentions(body, n)} == expected
