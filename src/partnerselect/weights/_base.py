"""The weight result object and the checks every weighting function shares."""

from __future__ import annotations

import dataclasses
import difflib
import html
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._equality import fields_equal
from partnerselect.errors import WeightError

__all__ = ["WeightSet", "as_weight_series"]


def did_you_mean(name: str, options: Sequence[str]) -> str:
    """A ``" Did you mean 'x'?"`` hint, or an empty string."""
    close = difflib.get_close_matches(str(name), [str(o) for o in options], n=1)
    return f" Did you mean {close[0]!r}?" if close else ""


def weight_series(
    values: Sequence[float] | np.ndarray, index: Sequence[str] | pd.Index
) -> pd.Series:
    """A float Series named ``weight`` indexed by ``criterion``."""
    return pd.Series(
        np.asarray(values, dtype=float),
        index=pd.Index([str(i) for i in index], name="criterion"),
        name="weight",
    )


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class WeightSet(Mapping[str, float]):
    """Normalised weights with the inputs they came from and how they were derived.

    A WeightSet is also a read-only mapping ``criterion -> weight``, so it can be passed
    wherever weights are accepted (for example ``Problem.from_frame(..., weights=ws)``).

    Attributes
    ----------
    weights : pandas.Series
        Weight per criterion (index ``criterion``), non-negative, summing to 1.
    raw : pandas.Series, pandas.DataFrame or None
        What the weights were derived from, as given (points, ranks, the pairwise matrix...).
    method : str
        The weighting method (``"direct"``, ``"roc"``, ``"ahp"``...).
    provenance : Mapping
        Plain-Python description of the derivation (method, parameters, consistency
        figures, evaluators...) for the audit trail of a report.

    Examples
    --------
    >>> from partnerselect import weights
    >>> ws = weights.direct({"quality": 60, "price": 40})
    >>> ws["quality"], list(ws)
    (0.6, ['quality', 'price'])
    """

    weights: pd.Series
    raw: pd.Series | pd.DataFrame | None
    method: str
    provenance: Mapping[str, Any]

    def __post_init__(self) -> None:
        w = self.weights.astype(float).copy()
        arr = w.to_numpy()
        if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < 0):
            msg = f"{self.method} produced invalid weights {arr.tolist()}; this is a bug."
            raise WeightError(msg)
        if not np.isclose(arr.sum(), 1.0):
            msg = f"{self.method} weights sum to {arr.sum():g}, not 1; this is a bug."
            raise WeightError(msg)
        w.index = pd.Index([str(i) for i in w.index], name="criterion")
        w.name = "weight"
        object.__setattr__(self, "weights", w)
        if self.raw is not None:
            object.__setattr__(self, "raw", self.raw.copy())
        object.__setattr__(self, "provenance", dict(self.provenance))

    # ------------------------------------------------------------------ mapping protocol
    def __getitem__(self, key: str) -> float:
        return float(self.weights[key])

    def __iter__(self) -> Iterator[str]:
        return iter([str(c) for c in self.weights.index])

    def __len__(self) -> int:
        return len(self.weights)

    # ------------------------------------------------------------------ equality
    def __eq__(self, other: object) -> bool:
        """Equal to a weight set of the same type with the same weights, inputs, method
        and provenance (NaN equal to NaN); equal to a plain mapping with the same
        ``criterion -> weight`` items (as in version 0.1, where a WeightSet was a dict)."""
        if isinstance(other, WeightSet):
            return fields_equal(self, other) is True
        if isinstance(other, Mapping):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ display
    @property
    def criteria(self) -> list[str]:
        """Criterion names, in order."""
        return list(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per criterion: the raw input (when it is one value per criterion) and
        the weight."""
        out = pd.DataFrame({"weight": self.weights})
        if isinstance(self.raw, pd.Series):
            out.insert(0, "raw", self.raw.reindex(self.weights.index).to_numpy())
        return out

    def _title(self) -> str:
        return f"WeightSet ({self.method})"

    def __repr__(self) -> str:
        body = ", ".join(f"{c}={w:.3f}" for c, w in self.weights.items())
        return f"<{self._title()}: {body}>"

    def _repr_html_(self) -> str:
        head = f"<p><b>{html.escape(self._title())}</b></p>"
        return head + self.to_frame().to_html(escape=True)


def as_weight_series(obj: Any, *, what: str = "weights") -> pd.Series:
    """Read weights given as a WeightSet, Series or mapping; return them normalised.

    Raises
    ------
    WeightError
        A weight is not a finite non-negative number, or all weights are zero.
    """
    if isinstance(obj, WeightSet):
        return obj.weights.copy()
    if isinstance(obj, pd.Series | Mapping):
        items = list(obj.items())
    else:
        msg = (
            f"The {what} must be a WeightSet, a pandas Series or a mapping "
            f"{{name: weight}}; got {type(obj).__name__}."
        )
        raise WeightError(msg, value=type(obj).__name__)
    if not items:
        msg = f"The {what} are empty; give at least one weight."
        raise WeightError(msg)
    names = [str(k) for k, _ in items]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        msg = f"{dup!r} appears twice in the {what}; each name must appear once."
        raise WeightError(msg, criterion=dup)
    vals = [
        check_number(v, name=k, what=what)
        for k, v in zip(names, (v for _, v in items), strict=True)
    ]
    arr = np.asarray(vals, dtype=float)
    if arr.sum() <= 0:
        msg = f"All {what} are zero. Give at least one a positive weight."
        raise WeightError(msg, value=0.0)
    return weight_series(arr / arr.sum(), names)


def check_number(value: Any, *, name: str, what: str = "weights") -> float:
    """A finite, non-negative float, or a WeightError naming ``name``."""
    if isinstance(value, bool):
        msg = f"The value of {name!r} in the {what} is a boolean ({value}); give a number."
        raise WeightError(msg, criterion=name, value=value)
    try:
        f = float(value)
    except (TypeError, ValueError):
        msg = f"The value of {name!r} in the {what} is {value!r}, which is not a number."
        raise WeightError(msg, criterion=name, value=value) from None
    if not np.isfinite(f):
        msg = f"The value of {name!r} in the {what} is {value!r}; give a finite number."
        raise WeightError(msg, criterion=name, value=value)
    if f < 0:
        msg = (
            f"The value of {name!r} in the {what} is negative ({value!r}). Weights must be "
            ">= 0; to prefer smaller values of a criterion declare it as 'min' instead."
        )
        raise WeightError(msg, criterion=name, value=value)
    return f
