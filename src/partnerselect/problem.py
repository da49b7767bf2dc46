"""The decision problem: partners x criteria, objectives, weights, uncertainty.

:class:`Problem` is a frozen, validated value object. Build it with
:meth:`Problem.from_frame` (or :meth:`Problem.from_skcriteria`) and derive variants with
:meth:`Problem.replace`; it never parses files and never changes after construction.
"""

from __future__ import annotations

import dataclasses
import enum
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from partnerselect._validation import (
    _check_uncertainty,
    _did_you_mean,
    _parse_weights,
    _readonly,
    _to_float_matrix,
    normalise_weights,
)
from partnerselect.errors import (
    ConstantCriterionWarning,
    DataError,
    DuplicateError,
    ParameterError,
    SchemaError,
    WeightError,
)

if TYPE_CHECKING:
    from partnerselect.plot.accessor import ProblemPlot

__all__ = ["UNCERTAINTY_COLUMNS", "Objective", "Problem"]

#: Columns of :attr:`Problem.uncertainty`, a long table indexed by (partner, criterion).
#: ``dist`` is one of ``"fixed"`` (no uncertainty), ``"beta"`` (``a``, ``b`` are the shape
#: parameters, the value is ``loc + scale * Beta(a, b)``), ``"normal"`` (``a`` = mean,
#: ``b`` = standard deviation), ``"t"`` (``a`` = mean, ``b`` = scale, ``df``) or
#: ``"uniform"`` (``a`` = low, ``b`` = high) or ``"lognormal"`` (``a``, ``b`` = mean and
#: standard deviation of the logarithm); ``n`` is the evidence count behind the cell. The
#: table is validated when the Problem is built: unknown partners or criteria, a cell given
#: twice, unknown families and impossible parameters are errors naming the row.
UNCERTAINTY_COLUMNS = ("dist", "a", "b", "loc", "scale", "df", "n")


class Objective(enum.IntEnum):
    """Direction of a criterion: ``MAX`` (benefit, larger is better) or ``MIN`` (cost).

    Parameters
    ----------
    value : {1, -1}
        ``Objective(1)`` is ``MAX``, ``Objective(-1)`` is ``MIN``; to read the ways people
        write a direction (``"cost"``, ``"max"``, ``min``...) use :meth:`parse`.

    Examples
    --------
    >>> Objective.parse("cost"), Objective.parse("max"), Objective.parse(-1)
    (<Objective.MIN: -1>, <Objective.MAX: 1>, <Objective.MIN: -1>)
    """

    MIN = -1
    MAX = 1

    @classmethod
    def parse(cls, value: object, *, criterion: str | None = None) -> Objective:
        """Read an objective from the ways people write it.

        Accepted: ``"max"``, ``"benefit"``, ``"+"``, ``1``, ``max`` (the builtin) and
        ``"min"``, ``"cost"``, ``"-"``, ``-1``, ``min``.

        Parameters
        ----------
        value : str, int, Objective or the builtin max / min
            The direction as written.
        criterion : str, optional
            The criterion it belongs to, named in the error message.

        Returns
        -------
        Objective

        Raises
        ------
        ObjectiveError
            ``value`` is not a direction.
        """
        if isinstance(value, Objective):
            return value
        if value is max:
            return cls.MAX
        if value is min:
            return cls.MIN
        if isinstance(value, str):
            key = value.strip().lower()
            if key in {"max", "maximize", "maximise", "benefit", "+", "higher"}:
                return cls.MAX
            if key in {"min", "minimize", "minimise", "cost", "-", "lower"}:
                return cls.MIN
        elif isinstance(value, int | np.integer) and not isinstance(value, bool):
            if int(value) == 1:
                return cls.MAX
            if int(value) == -1:
                return cls.MIN
        where = f" for criterion {criterion!r}" if criterion else ""
        msg = (
            f"Unknown objective {value!r}{where}. Use 'max' (benefit: larger is better) "
            "or 'min' (cost: smaller is better)."
        )
        raise ParameterError(msg, criterion=criterion, value=value)


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Problem:
    """A validated decision problem.

    Do not call the constructor directly: use :meth:`from_frame`. Attributes are read-only
    copies; :meth:`replace` returns a new, re-validated Problem.

    Attributes
    ----------
    matrix : pandas.DataFrame
        Partners (index, partner ids) x criteria (columns), float, finite.
    objectives : pandas.Series
        :class:`Objective` per criterion.
    weights : pandas.Series
        Non-negative weights per criterion, normalised to sum 1.
    raw_weights : pandas.Series
        The weights as given, before normalisation (kept for the report).
    names : pandas.Series
        Display name per partner (defaults to the partner id).
    uncertainty : pandas.DataFrame or None
        Per-cell sampling information (see :data:`UNCERTAINTY_COLUMNS`) for Monte Carlo.
    meta : Mapping
        Free-form provenance (criteria groups, units, sources) carried to the report.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"price": [900, 1100], "quality": [3.5, 4.6]}, index=["p1", "p2"])
    >>> pb = Problem.from_frame(df, objectives={"price": "min", "quality": "max"},
    ...                         weights={"price": 1, "quality": 3})
    >>> pb.weights.tolist()
    [0.25, 0.75]
    >>> pb.shape
    (2, 2)
    """

    matrix: pd.DataFrame
    objectives: pd.Series
    weights: pd.Series
    raw_weights: pd.Series
    names: pd.Series
    uncertainty: pd.DataFrame | None = None
    meta: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_frame(
        cls,
        df: pd.DataFrame,
        *,
        objectives: Mapping[str, object] | Sequence[object],
        weights: Mapping[str, float] | Sequence[float] | pd.Series | None = None,
        names: Mapping[str, str] | pd.Series | None = None,
        uncertainty: pd.DataFrame | None = None,
        meta: Mapping[str, Any] | None = None,
        source: str | None = None,
    ) -> Problem:
        """Build a Problem from a partners x criteria table.

        Parameters
        ----------
        df : pandas.DataFrame
            One row per partner (index = partner id), one column per criterion. Only the
            columns named in ``objectives`` are used (so a wider table is fine when
            ``objectives`` is a mapping).
        objectives : mapping or sequence
            Direction of each criterion (``"max"``/``"min"``, see :meth:`Objective.parse`).
        weights : mapping, sequence or None
            Non-negative importance per criterion; normalised to sum 1. ``None`` means equal.
        names : mapping, optional
            Display names by partner id.
        uncertainty : pandas.DataFrame, optional
            Per-cell uncertainty (see :data:`UNCERTAINTY_COLUMNS`).
        meta : mapping, optional
            Provenance carried to reports.
        source : str, optional
            Name used in error messages (for example the file the table came from).

        Raises
        ------
        SchemaError
            A criterion is not a column of ``df``.
        MissingValueError
            A criterion value is NaN.
        DataError
            A value is not numeric or not finite, or the table is empty.
        DuplicateError
            Partner ids are not unique.
        WeightError
            Weights are negative, not finite, all zero, or name unknown criteria.

        Warns
        -----
        ConstantCriterionWarning
            A criterion has the same value for every partner.
        """
        where = f" in {source}" if source else ""
        if not isinstance(df, pd.DataFrame):
            msg = f"Expected a pandas DataFrame of partners x criteria, got {type(df).__name__}."
            raise DataError(msg, source=source, value=type(df).__name__)
        if isinstance(objectives, Mapping):
            criteria = [str(c) for c in objectives]
            obj_values = list(objectives.values())
        else:
            obj_values = list(objectives)
            criteria = [str(c) for c in df.columns]
            if len(obj_values) != len(criteria):
                msg = (
                    f"Got {len(obj_values)} objectives for {len(criteria)} columns{where}. "
                    "Give one objective per column, or a mapping {criterion: 'max'|'min'}."
                )
                raise SchemaError(msg, source=source)
        if not criteria:
            msg = f"No criteria{where}: give at least one criterion in `objectives`."
            raise SchemaError(msg, source=source)
        columns = [str(c) for c in df.columns]
        dup_cols = sorted({c for c in columns if columns.count(c) > 1 and c in criteria})
        if dup_cols:
            msg = (
                f"Column {dup_cols[0]!r} appears {columns.count(dup_cols[0])} times in the "
                f"data{where}, so its values are ambiguous. Rename or drop the duplicates "
                "(df.loc[:, ~df.columns.duplicated()] keeps the first)."
            )
            raise DuplicateError(msg, source=source, column=dup_cols[0], criterion=dup_cols[0])
        for crit in criteria:
            if crit not in columns:
                msg = (
                    f"Criterion {crit!r} is not a column of the data{where}.{_did_you_mean(crit, columns)} "
                    f"Available columns: {', '.join(columns)}."
                )
                raise SchemaError(msg, source=source, column=crit, criterion=crit)
        if len(set(criteria)) != len(criteria):
            dup = next(c for c in criteria if criteria.count(c) > 1)
            msg = f"Criterion {dup!r} is listed twice{where}. Each criterion must appear once."
            raise DuplicateError(msg, source=source, criterion=dup)
        obj = pd.Series(
            [Objective.parse(v, criterion=c) for c, v in zip(criteria, obj_values, strict=True)],
            index=pd.Index(criteria, name="criterion"),
            name="objective",
            dtype=object,
        )
        sub = df.copy()
        sub.columns = columns
        sub = sub.loc[:, criteria]
        matrix = _to_float_matrix(sub, source=source)
        raw_w = _parse_weights(weights, criteria, source=source)
        if names is None:
            name_s = pd.Series(matrix.index.astype(str), index=matrix.index, name="name")
        else:
            # once, from whole arrays: dict(series) would look every key up one by one
            lookup = (
                dict(zip(names.index.to_list(), names.to_numpy(dtype=object).tolist(), strict=True))
                if isinstance(names, pd.Series)
                else dict(names)
            )
            ids = matrix.index.to_numpy(dtype=object).tolist()
            name_s = pd.Series(
                [str(lookup.get(p, p)) for p in ids], index=matrix.index, name="name"
            )
        return cls(
            matrix=matrix,
            objectives=obj,
            weights=normalise_weights(raw_w),
            raw_weights=raw_w,
            names=name_s,
            uncertainty=None if uncertainty is None else uncertainty.copy(),
            meta=dict(meta or {}),
        )

    def __post_init__(self) -> None:
        m = self.matrix
        if list(m.columns) != list(self.objectives.index):
            msg = "Problem.objectives must be indexed by the matrix columns, in the same order."
            raise SchemaError(msg)
        if list(self.weights.index) != list(m.columns):
            msg = "Problem.weights must be indexed by the matrix columns, in the same order."
            raise WeightError(msg)
        w = self.weights.to_numpy(dtype=float)
        if not np.all(np.isfinite(w)) or np.any(w < 0) or not np.isclose(w.sum(), 1.0):
            msg = (
                "Problem.weights must be finite, non-negative and sum to 1; use Problem.from_frame."
            )
            raise WeightError(msg)
        values = m.to_numpy(dtype=float)
        if not np.all(np.isfinite(values)):
            msg = "Problem.matrix must be finite; use Problem.from_frame to get a precise error."
            raise DataError(msg)
        if self.uncertainty is not None:
            _check_uncertainty(self.uncertainty, m.index, list(m.columns))
        if m.shape[0] >= 2:
            constant = [c for c, col in zip(m.columns, values.T, strict=True) if np.ptp(col) == 0]
            for crit in constant:
                warnings.warn(
                    f"Criterion {crit!r} has the same value ({m[crit].iloc[0]:g}) for every "
                    "partner, so it cannot discriminate between them. Remove it or check the data.",
                    ConstantCriterionWarning,
                    stacklevel=4,
                )
        # Freeze the arrays behind the pandas objects so nobody edits a Problem in place.
        object.__setattr__(self, "_values", _readonly(values))
        object.__setattr__(self, "_signs", _readonly(self.objectives.astype(int).to_numpy()))
        object.__setattr__(self, "_w", _readonly(w))

    # ------------------------------------------------------------------ views
    @property
    def values(self) -> np.ndarray:
        """The matrix as a read-only float array ``(n_partners, n_criteria)``."""
        return self._values  # type: ignore[attr-defined]

    @property
    def signs(self) -> np.ndarray:
        """Objectives as a read-only array of +1 (max) / -1 (min)."""
        return self._signs  # type: ignore[attr-defined]

    @property
    def weight_vector(self) -> np.ndarray:
        """Normalised weights as a read-only array ``(n_criteria,)``."""
        return self._w  # type: ignore[attr-defined]

    @property
    def partners(self) -> pd.Index:
        """Partner ids."""
        return self.matrix.index

    @property
    def criteria(self) -> pd.Index:
        """Criterion names."""
        return self.matrix.columns

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_partners, n_criteria)``."""
        return (int(self.matrix.shape[0]), int(self.matrix.shape[1]))

    @property
    def plot(self) -> ProblemPlot:
        """Plots of the data (radar profiles, value for money...)."""
        from partnerselect.plot.accessor import ProblemPlot

        return ProblemPlot(self)

    # ------------------------------------------------------------------ derivation
    def replace(self, **changes: Any) -> Problem:
        """Return a new Problem with some fields changed, re-validated.

        ``weights`` may be a mapping or sequence of raw weights: they are normalised again.

        Parameters
        ----------
        **changes
            New values of fields (``matrix``, ``objectives``, ``weights``, ``names``,
            ``uncertainty``, ``meta``), in the forms :meth:`from_frame` accepts.

        Returns
        -------
        Problem
            A new Problem; this one is unchanged.

        Examples
        --------
        >>> import pandas as pd
        >>> pb = Problem.from_frame(pd.DataFrame({"a": [1, 2], "b": [3, 1]}),
        ...                         objectives={"a": "max", "b": "min"})
        >>> pb.replace(weights={"a": 3, "b": 1}).weights.tolist()
        [0.75, 0.25]
        """
        allowed = {"matrix", "objectives", "weights", "names", "uncertainty", "meta"}
        unknown = set(changes) - allowed
        if unknown:
            msg = (
                f"Problem.replace() got unknown field(s) {sorted(unknown)}; "
                f"it accepts {sorted(allowed)}."
            )
            raise ParameterError(msg)
        matrix = changes.get("matrix", self.matrix)
        objectives = changes.get("objectives", self.objectives)
        if isinstance(objectives, pd.Series):
            objectives = objectives.to_dict()
        weights = changes.get("weights", self.raw_weights)
        if isinstance(objectives, Mapping):
            objectives = {c: objectives[c] for c in objectives}
        names = changes.get("names", self.names)
        # An uncertainty table already checked against these partners and criteria is not
        # checked again (a weight change on a 5,000-partner tender re-read 35,000 rows).
        same = "matrix" not in changes and "uncertainty" not in changes
        kept = self.uncertainty if same else None
        new = Problem.from_frame(
            matrix,
            objectives=objectives,
            weights=weights,
            names=names
            if names is None
            else pd.Series(names)
            .reindex(matrix.index)
            .fillna(pd.Series(matrix.index.astype(str), index=matrix.index)),
            uncertainty=None if same else changes.get("uncertainty", self.uncertainty),
            meta=changes.get("meta", self.meta),
        )
        if kept is not None:
            object.__setattr__(new, "uncertainty", kept.copy())
        return new

    def subset(self, partners: Sequence[Any]) -> Problem:
        """Keep only some partners (in the given order).

        Parameters
        ----------
        partners : sequence
            Partner ids to keep, in the order wanted.

        Returns
        -------
        Problem
            The same criteria, weights and uncertainty, restricted to ``partners``.
        """
        keep = list(partners)
        unc = self.uncertainty
        if unc is not None:
            unc = unc[unc.index.get_level_values(0).isin(keep)]
        return self.replace(
            matrix=self.matrix.loc[keep], names=self.names.loc[keep], uncertainty=unc
        )

    # ------------------------------------------------------------------ interop
    def to_skcriteria(self) -> Any:
        """Convert to a :class:`skcriteria.DecisionMatrix` (same data, objectives, weights)."""
        import skcriteria as skc

        return skc.mkdm(
            self.values.copy(),
            [max if s > 0 else min for s in self.signs],
            weights=self.weight_vector.copy(),
            alternatives=[str(p) for p in self.partners],
            criteria=[str(c) for c in self.criteria],
        )

    @classmethod
    def from_skcriteria(cls, dm: Any) -> Problem:
        """Build a Problem from a :class:`skcriteria.DecisionMatrix`.

        Parameters
        ----------
        dm : skcriteria.DecisionMatrix
            Its alternatives become partner ids, its criteria, objectives and weights the
            Problem's.

        Returns
        -------
        Problem
        """
        df = pd.DataFrame(
            np.asarray(dm.matrix, dtype=float),
            index=list(dm.alternatives),
            columns=[str(c) for c in dm.criteria],
        )
        objectives = {str(c): int(s) for c, s in zip(dm.criteria, dm.iobjectives, strict=True)}
        weights = dict(
            zip([str(c) for c in dm.criteria], np.asarray(dm.weights, float), strict=True)
        )
        return cls.from_frame(df, objectives=objectives, weights=weights, source="skcriteria")

    # ------------------------------------------------------------------ display
    def to_frame(self) -> pd.DataFrame:
        """The matrix with two header rows: objective and weight per criterion."""
        header = pd.MultiIndex.from_arrays(
            [
                list(self.criteria),
                ["max" if s > 0 else "min" for s in self.signs],
                [f"{w:.3f}" for w in self.weight_vector],
            ],
            names=["criterion", "objective", "weight"],
        )
        out = self.matrix.copy()
        out.columns = header
        return out

    def __repr__(self) -> str:
        m, n = self.shape
        crits = ", ".join(
            f"{c} ({'max' if s > 0 else 'min'}, w={w:.3f})"
            for c, s, w in zip(self.criteria, self.signs, self.weight_vector, strict=True)
        )
        return f"<Problem {m} partners x {n} criteria: {crits}>"

    def _repr_html_(self) -> str:
        return str(self.to_frame().to_html(escape=True))
