"""Shared behaviour of the sensitivity results: text and HTML reprs, ``.plot``.

Every result is a frozen dataclass that keeps the :class:`~partnerselect.Problem`, the
method name and its parameters (for the report) and exposes ``to_frame()``; the reprs are
built from that frame so that what a notebook shows is what a report exports.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from partnerselect.plot.accessor import SensitivityPlot

__all__ = ["ResultMixin"]


def _fmt_params(params: Mapping[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params.items())


class ResultMixin:
    """``__repr__``, ``_repr_html_`` and ``.plot`` from ``to_frame()`` and a headline."""

    method: str
    params: Mapping[str, Any]

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

    @property
    def plot(self) -> SensitivityPlot:
        """Plots of this result (delegates to :mod:`partnerselect.plot`)."""
        from partnerselect.plot.accessor import SensitivityPlot

        return SensitivityPlot(self)
