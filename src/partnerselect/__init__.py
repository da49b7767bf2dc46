"""partnerselect: choose outsourcing and technology partners with multi-criteria decisions.

Read partner profiles and track records, turn them into criteria with honest
uncertainty, screen with must-have gates, rank with MCDM methods, test how robust the
ranking is, and export a committee report with a full audit trail.

>>> import partnerselect as ps
>>> "topsis" in ps.list_methods()
True
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from partnerselect import errors

__version__ = "0.2.0"

# Every public name loads on first use so that `import partnerselect` stays fast: numpy,
# pandas, scipy, matplotlib, jinja2 and openpyxl are only imported when needed. Type
# checkers and IDEs see the eager imports below.
if TYPE_CHECKING:  # pragma: no cover
    from partnerselect.compare import Comparison, compare
    from partnerselect.methods import Method, get_method, list_methods, rank, register
    from partnerselect.problem import Objective, Problem
    from partnerselect.ranking import Explanation, Ranking

_LAZY = {
    "Comparison": ("partnerselect.compare", "Comparison"),
    "compare": ("partnerselect.compare", "compare"),
    "Method": ("partnerselect.methods", "Method"),
    "get_method": ("partnerselect.methods", "get_method"),
    "list_methods": ("partnerselect.methods", "list_methods"),
    "rank": ("partnerselect.methods", "rank"),
    "register": ("partnerselect.methods", "register"),
    "Objective": ("partnerselect.problem", "Objective"),
    "Problem": ("partnerselect.problem", "Problem"),
    "Explanation": ("partnerselect.ranking", "Explanation"),
    "Ranking": ("partnerselect.ranking", "Ranking"),
    "weights": ("partnerselect.weights", None),
    "sensitivity": ("partnerselect.sensitivity", None),
    "datasets": ("partnerselect.datasets", None),
    "trackrecord": ("partnerselect.trackrecord", None),
    "screening": ("partnerselect.screening", None),
    "evaluators": ("partnerselect.evaluators", None),
    "pricing": ("partnerselect.pricing", None),
    "plot": ("partnerselect.plot", None),
    "testing": ("partnerselect.testing", None),
    "read_partners": ("partnerselect.io", "read_partners"),
    "read_track_records": ("partnerselect.io", "read_track_records"),
    "read_scores": ("partnerselect.io", "read_scores"),
    "read_model": ("partnerselect.model", "read_model"),
    "EvaluationModel": ("partnerselect.model", "EvaluationModel"),
    "evaluate": ("partnerselect.pipeline", "evaluate"),
    "Evaluation": ("partnerselect.pipeline", "Evaluation"),
    "load_sample": ("partnerselect.datasets", "load_sample"),
    "monitoring": ("partnerselect.monitoring", None),
    "monitor": ("partnerselect.monitoring", "monitor"),
    "reevaluate": ("partnerselect.monitoring", "reevaluate"),
    "Monitoring": ("partnerselect.monitoring", "Monitoring"),
    "explore": ("partnerselect.explorer", "explore"),
    "read_workbook": ("partnerselect.io", "read_workbook"),
    "ReadLimits": ("partnerselect.io", "ReadLimits"),
    "effective": ("partnerselect.effective", None),
    "effective_weights": ("partnerselect.effective", "effective_weights"),
    "validate": ("partnerselect.validate", "validate"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module_name, attr = _LAZY[name]
        module = importlib.import_module(module_name)
        value = module if attr is None else getattr(module, attr)
        globals()[name] = value
        return value
    msg = f"module 'partnerselect' has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    """Only the public API (``__all__``): no imported helpers or loaded submodules."""
    return sorted(__all__)


class _Package(types.ModuleType):
    """`partnerselect.compare` is both a module and its main function; the package
    attribute stays the function even after `import partnerselect.compare` binds the
    submodule (the module is in ``sys.modules["partnerselect.compare"]``)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "compare" and isinstance(value, types.ModuleType):
            value = value.compare
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Comparison",
    "Evaluation",
    "EvaluationModel",
    "Explanation",
    "Method",
    "Monitoring",
    "Objective",
    "Problem",
    "Ranking",
    "ReadLimits",
    "__version__",
    "compare",
    "datasets",
    "effective",
    "effective_weights",
    "errors",
    "evaluate",
    "evaluators",
    "explore",
    "get_method",
    "list_methods",
    "load_sample",
    "monitor",
    "monitoring",
    "plot",
    "pricing",
    "rank",
    "read_model",
    "read_partners",
    "read_scores",
    "read_track_records",
    "read_workbook",
    "reevaluate",
    "register",
    "screening",
    "sensitivity",
    "testing",
    "trackrecord",
    "validate",
    "weights",
]
