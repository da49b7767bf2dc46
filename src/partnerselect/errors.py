"""Every exception and warning partnerselect raises.

All exceptions derive from :class:`PartnerSelectError` and from the matching built-in
(``ValueError``, ``TypeError``, ``KeyError``) so that generic handlers keep working. Each
carries structured attributes naming the place of the problem (``source``, ``row``,
``column``, ``partner``, ``criterion``, ``value``) and its message says how to fix it.

Contract violations are errors; domain oddities (dominated partners, inconsistent AHP
judgments, ties, constant criteria, thin evidence) are warnings deriving from
:class:`PartnerSelectWarning`.

Examples
--------
>>> from partnerselect.errors import DataError
>>> err = DataError("Bad value.", column="csat", row=3, value="n/a")
>>> isinstance(err, ValueError), err.column, err.row
(True, 'csat', 3)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AllExcludedError",
    "ConstantCriterionWarning",
    "DataError",
    "DegenerateDataWarning",
    "DominanceWarning",
    "DuplicateError",
    "EffectiveWeightWarning",
    "EvaluatorDisagreementWarning",
    "FileFormatError",
    "GateMissingValueWarning",
    "ImputationWarning",
    "InconsistencyWarning",
    "InputWarning",
    "InsufficientEvidenceWarning",
    "JudgmentError",
    "MissingValueError",
    "ModelError",
    "NameMatchWarning",
    "ParameterError",
    "PartnerSelectError",
    "PartnerSelectWarning",
    "PrecisionWarning",
    "PriorFallbackWarning",
    "RuleSyntaxError",
    "SchemaError",
    "TieWarning",
    "TrackRecordWarning",
    "UnknownMethodError",
    "UnknownPartnerWarning",
    "WeightError",
]


class PartnerSelectError(Exception):
    """Base class of every partnerselect exception.

    Parameters
    ----------
    message : str
        What was wrong, where, and how to fix it.
    source : str, optional
        The file (or table) the problem was found in.
    row : int or str, optional
        Row number (1-based, as a spreadsheet shows it, header = row 1) or row label.
    column : str, optional
        Column name.
    partner : str, optional
        Partner id.
    criterion : str, optional
        Criterion name.
    value : object, optional
        The offending value.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        row: int | str | None = None,
        column: str | None = None,
        partner: str | None = None,
        criterion: str | None = None,
        value: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.row = row
        self.column = column
        self.partner = partner
        self.criterion = criterion
        self.value = value

    def __str__(self) -> str:
        # KeyError would otherwise wrap the message in quotes.
        return self.message


class DataError(PartnerSelectError, ValueError):
    """A value in the input data is invalid (wrong type, out of range, infinite...)."""


class MissingValueError(DataError):
    """A required value is missing (NaN or empty)."""


class DuplicateError(DataError):
    """An identifier (partner id, project id, criterion) appears more than once."""


class SchemaError(PartnerSelectError, KeyError):
    """A table lacks a required column, or has a column nobody asked for."""


class FileFormatError(PartnerSelectError, ValueError):
    """A file cannot be read: unknown format, malformed content, empty file."""


class ModelError(PartnerSelectError, ValueError):
    """The evaluation model (model.toml) is invalid or refers to something absent."""


class WeightError(PartnerSelectError, ValueError):
    """Weights are negative, all zero, not finite, or do not match the criteria."""


class JudgmentError(PartnerSelectError, ValueError):
    """Pairwise (AHP) judgments are malformed: not reciprocal, off the scale, not square."""


class ParameterError(PartnerSelectError, ValueError, TypeError):
    """A method or analysis parameter has the wrong type or value."""


class UnknownMethodError(PartnerSelectError, KeyError):
    """No method is registered under the requested name."""


class RuleSyntaxError(ModelError):
    """A gate rule cannot be parsed; ``position`` is the 0-based offending character.

    A :class:`ModelError` (and so a ``ValueError``): the rule is part of the model."""

    def __init__(self, message: str, *, rule: str, position: int, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rule = rule
        self.position = position


class AllExcludedError(PartnerSelectError, ValueError):
    """The gates exclude every partner, so nothing is left to rank."""


# --------------------------------------------------------------------------- warnings


class PartnerSelectWarning(UserWarning):
    """Base class of every partnerselect warning."""


class DominanceWarning(PartnerSelectWarning):
    """A partner is dominated by another on every criterion (it is flagged, never dropped)."""


class InconsistencyWarning(PartnerSelectWarning):
    """AHP judgments have a consistency ratio above the threshold (0.1 by default)."""


class TieWarning(PartnerSelectWarning):
    """Two or more partners have the same score; the tie policy decides their ranks."""


class ConstantCriterionWarning(PartnerSelectWarning):
    """A criterion has the same value for every partner and cannot discriminate."""


class DegenerateDataWarning(PartnerSelectWarning):
    """Data a method cannot use as-is (zeros in a ratio, negatives in a log) was handled."""


class InsufficientEvidenceWarning(PartnerSelectWarning):
    """A track-record criterion rests on fewer projects than ``min_projects``."""


class ImputationWarning(PartnerSelectWarning):
    """A missing value was filled in by the declared missing-data policy."""


class UnknownPartnerWarning(PartnerSelectWarning):
    """Records or scores refer to partners that are not in the partner table."""


class EvaluatorDisagreementWarning(PartnerSelectWarning):
    """Evaluators disagree: scores for a partner and criterion spread more than the tolerance,
    or an evaluator's AHP priorities are incompatible with the group's."""


class PlotUnavailableError(ParameterError, AttributeError):
    """A result that has no plot was asked for one (so ``hasattr(result, "plot")`` is
    False for it)."""


class PrecisionWarning(DegenerateDataWarning):
    """A criterion's values span more orders of magnitude (over about 1e15) than float64
    arithmetic resolves: the smallest values are lost in sums with the largest."""


class InputWarning(PartnerSelectWarning):
    """A reader made a choice the user should know of: which workbook sheet it read, ids it
    normalised (invisible characters, Unicode forms), blank cells in a wide score sheet."""


class EffectiveWeightWarning(PartnerSelectWarning):
    """A criterion's effective weight (the influence the method and the data really give it)
    is far from its stated weight: below ``effective_weight_low`` or above
    ``effective_weight_high`` times the stated weight (see :mod:`partnerselect.effective`)."""


class LongRunWarning(PartnerSelectWarning):
    """A Monte Carlo analysis is estimated to run long (the estimate is in the message)."""


class PriorFallbackWarning(InsufficientEvidenceWarning):
    """Too few partners have a track record to learn the portfolio prior of a metric; a
    documented reference prior was used instead (see ``MetricResult.prior``)."""


class GateMissingValueWarning(PartnerSelectWarning):
    """A gate reads a blank value for a partner: the gate's ``on_missing`` policy decided."""


class NameMatchWarning(PartnerSelectWarning):
    """A name was matched up to case, spacing or Unicode form (``Communication `` read as
    ``communication``); the warning lists every such match."""


class TrackRecordWarning(PartnerSelectWarning):
    """A track-record row is used differently from its face value: a placeholder date read
    as no date, a project dated after ``as_of`` left out, a completed project without cost."""
