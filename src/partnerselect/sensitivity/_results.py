"""Shared behaviour of the sensitivity results: text and HTML reprs, equality, ``.plot``.

Every result is a frozen dataclass that keeps the :class:`~partnerselect.Problem`, the
method name and its parameters (for the report) and exposes ``to_frame()``; the reprs are
built from that frame so that what a notebook shows is what a report exports.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from partnerselect._equality import fields_equal

__all__ = ["ResultMixin", "plot_accessor"]


def _fmt_params(params: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params.items())


class ResultMixin:
    """``__repr__``, ``_repr_html_`` from ``to_frame()`` and a headline; value equality.

    A result type that can plot declares ``plot = plot_accessor("...Plot")``; on the
    others ``.plot`` does not exist (``hasattr(result, "plot")`` is False and the error
    says which results plot).

    Attributes
    ----------
    problem : Problem
        The problem analysed.
    method : str
        The method's registered name.
    params : mapping
        The method's parameters.
    """

    method: str
    params: Mapping[str, Any]

    # value equality over the dataclass fields (NaN-safe), unhashable: see _equality
    __eq__ = fields_equal
    __hash__ = None  # type: ignore[assignment]

    def to_frame(self) -> pd.DataFrame:  # pragma: no cover - every result overrides
        raise NotImplementedError

    def _headline(self) -> str:
        return f"{type(self).__name__} of {self.method}({_fmt_params(self.params)})"

    def _notes(self) -> tuple[str, ...]:
        return tuple(getattr(self, "notes", ()) or ())

    def __repr__(self) -> str:
        lines = [f"<{self._headline()}>"]
        lines.extend(f"note: {n}" for n in self._notes())
        lines.append(self.to_frame().to_string())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [f"<p><b>{html.escape(self._headline())}</b></p>"]
        parts.extend(f"<p><i>{html.escape(n)}</i></p>" for n in self._notes())
        parts.append(self.to_frame().to_html(escape=True))
        return "\n".join(parts)

    def __getattr__(self, name: str) -> Any:
        # only reached when normal lookup fails: results without a plot accessor
        if name == "plot":
            from partnerselect.errors import PlotUnavailableError

            msg = (
                f"There is no plot for a {type(self).__name__}; use its to_frame() table. "
                "Plots exist for weight sweeps, tornado, SMAA, data uncertainty, stability "
                "intervals and critical weights."
            )
            raise PlotUnavailableError(msg, value=type(self).__name__)
        msg = f"{type(self).__name__!r} object has no attribute {name!r}"
        raise AttributeError(msg)


def plot_accessor(accessor: str) -> Any:
    """The ``.plot`` property of a result type that can plot: an instance of the accessor
    class ``accessor`` of :mod:`partnerselect.plot.accessor` (one class per result type).

    Parameters
    ----------
    accessor : str
        Class name in :mod:`partnerselect.plot.accessor`, such as ``"SMAAPlot"``.

    Returns
    -------
    property
    """

    def plot(self: Any) -> Any:
        from partnerselect.plot import accessor as module

        return getattr(module, accessor)(self)

    plot.__doc__ = (
        f"Plots of this result: a :class:`partnerselect.plot.accessor.{accessor}` "
        "(call it for the default plot)."
    )
    return property(plot)
