"""Deprecation helpers: keep an old calling convention working, with a DeprecationWarning.

Every renamed or deprecated public name is listed in ``docs/deprecations.md`` with its
replacement and the release that removes it.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["keyword_only_after", "renamed_parameter"]

F = TypeVar("F", bound=Callable[..., Any])


def keyword_only_after(n: int) -> Callable[[F], F]:
    """Decorator: the options after the first ``n`` parameters are keyword-only; passing
    them by position still works for now, with a DeprecationWarning (0.1 allowed it).

    Parameters
    ----------
    n : int
        How many leading parameters stay positional.

    Returns
    -------
    callable
    """

    def deco(func: F) -> F:
        names = [
            p.name
            for p in inspect.signature(func).parameters.values()
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if len(args) > n:
                extra = names[n : len(args)]
                warnings.warn(
                    f"{func.__name__}(): pass {', '.join(extra)} by keyword; passing them by "
                    "position is deprecated and will be removed in 0.4.",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs.update(zip(extra, args[n:], strict=True))
                args = args[:n]
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco


def renamed_parameter(old: str, new: str) -> Callable[[F], F]:
    """Decorator: accept the keyword ``old`` as the parameter ``new``, with a
    DeprecationWarning.

    Parameters
    ----------
    old : str
        The parameter's former name.
    new : str
        Its name now.

    Returns
    -------
    callable
    """

    def deco(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if old in kwargs:
                warnings.warn(
                    f"{func.__name__}({old}=...) is deprecated and will be removed in 0.4; "
                    f"use {new}=... .",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return deco
