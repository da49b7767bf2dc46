"""The result of a track-record metric, and the missing-data policies applied to it."""

from __future__ import annotations

import dataclasses
import difflib
import html
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import (
    ImputationWarning,
    MissingValueError,
    ParameterError,
    UnknownPartnerWarning,
)
from partnerselect.trackrecord.stats import partner_keys

__all__ = [
    "MISSING_POLICIES",
    "PRIOR_COLUMNS",
    "TABLE_COLUMNS",
    "MetricResult",
    "apply_missing_policy",
    "prior_table",
    "unknown_partners",
]

#: Columns of :attr:`MetricResult.table`.
TABLE_COLUMNS = (
    "value",
    "raw",
    "lower",
    "upper",
    "n",
    "n_eff",
    "insufficient",
    "missing",
    "imputed",
    "dist",
    "a",
    "b",
    "loc",
    "scale",
    "df",
)
#: Columns of :func:`prior_table`.
PRIOR_COLUMNS = (
    "metric",
    "family",
    "method",
    "partners",
    "mean",
    "strength",
    "between_sd",
    "within_sd",
    "fallback",
)
#: Policies for partners without a usable track record.
MISSING_POLICIES = ("exclude", "prior", "worst", "error")
EXCLUDED_COLUMNS = ["partner_id", "rule", "reason", "value"]


def _empty_excluded() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in EXCLUDED_COLUMNS})


@value_equality
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class MetricResult:
    """A track-record metric for a list of partners, with evidence and uncertainty.

    Attributes
    ----------
    name : str
        Metric name (a key of :data:`partnerselect.trackrecord.METRICS`).
    label : str
        Human label ("on-time rate").
    objective : str or None
        Default direction (``"max"``/``"min"``).
    unit : str
        Unit of ``value``.
    params : dict
        Every parameter used (defaults filled in), for the audit trail.
    table : pandas.DataFrame
        One row per requested partner (index ``partner_id``, in the requested order) with
        :data:`TABLE_COLUMNS`: ``value`` (shrunk estimate; NaN when missing), ``raw``
        (unshrunk weighted estimate), ``lower``/``upper`` (interval at ``level``), ``n``
        (usable projects), ``n_eff`` (sum of weights), ``insufficient`` (``n <
        min_projects``), ``missing`` (no usable project), ``imputed`` (filled by a missing
        policy), and ``dist, a, b, loc, scale, df``, how a Monte Carlo samples the cell (see
        :data:`partnerselect.problem.UNCERTAINTY_COLUMNS`).
    prior : dict
        The prior fitted on the portfolio (family, method, mean, strength, a, b...).
    unknown_partners : pandas.DataFrame
        Records whose partner is not among the requested partners (never dropped silently).
    skipped : pandas.DataFrame
        Records of requested partners that passed the status/domain filters but lack a field
        the metric needs (for example a completed project without an actual end date).
    excluded : pandas.DataFrame
        Partners removed by the ``"exclude"`` policy (partner_id, rule, reason, value).
    """

    name: str
    label: str
    objective: str | None
    unit: str
    params: Mapping[str, Any]
    table: pd.DataFrame
    prior: Mapping[str, Any]
    unknown_partners: pd.DataFrame
    skipped: pd.DataFrame
    excluded: pd.DataFrame = dataclasses.field(default_factory=_empty_excluded)

    @property
    def values(self) -> pd.Series:
        """The ``value`` column as a Series named after the metric."""
        return self.table["value"].rename(self.name)

    @property
    def plot(self) -> Any:
        """Plots of this result (forest plot of values with intervals); see :class:`partnerselect.plot.accessor.MetricPlot`."""
        from partnerselect.plot.accessor import MetricPlot

        return MetricPlot(self)

    def to_frame(self) -> pd.DataFrame:
        """The table with the metric name as a first column (a copy)."""
        out = self.table.copy()
        out.insert(0, "metric", self.name)
        return out

    def _header(self) -> str:
        t = self.table
        bits = [f"{len(t)} partners"]
        for flag in ("insufficient", "missing", "imputed"):
            count = int(t[flag].sum())
            if count:
                bits.append(f"{count} {flag}")
        if len(self.excluded):
            bits.append(f"{len(self.excluded)} excluded")
        if len(self.unknown_partners):
            bits.append(f"{len(self.unknown_partners)} records of unknown partners")
        prior = self.prior
        if prior.get("family") == "beta":
            ptxt = f"prior Beta({prior['a']:.3g}, {prior['b']:.3g}) [{prior['method']}]"
        elif prior.get("family") == "normal-inverse-gamma":
            ptxt = f"prior mean {prior['mean']:.4g}, strength {prior['strength']:g}"
        else:
            ptxt = "no shrinkage"
        direction = self.objective or "direction set by the model"
        return f"<MetricResult {self.name} ({self.label}, {direction}): {', '.join(bits)}; {ptxt}>"

    def __repr__(self) -> str:
        cols = ["value", "raw", "lower", "upper", "n", "n_eff", "insufficient", "missing"]
        return f"{self._header()}\n{self.table[cols].to_string(float_format='{:.4g}'.format)}"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self._header())}</p>{self.table.to_html(float_format='{:.4g}'.format)}"


def apply_missing_policy(
    result: MetricResult, policy: str, objective: str | None = None
) -> MetricResult:
    """Decide what happens to partners with no usable track record (``missing=True``).

    Parameters
    ----------
    result : MetricResult
    policy : {"exclude", "prior", "worst", "error"}
        ``"exclude"``: drop them from the table and list them in ``.excluded`` with a reason
        such as "no track record for on-time rate"; ``"prior"``: the portfolio value (the
        prior mean; the cell samples from the prior itself, so its uncertainty is honest);
        ``"worst"``: the worst value observed among the other partners (fixed);
        ``"error"``: raise. Filled cells are flagged ``imputed=True``.
    objective : {"max", "min"}, optional
        Direction used by ``"worst"``; defaults to the metric's own.

    Returns
    -------
    MetricResult
        A new result (the input is not modified).

    Raises
    ------
    MissingValueError
        ``policy="error"`` and a partner is missing, or nothing is observed to fill from.
    ParameterError
        Unknown policy, or ``"worst"`` without a direction.

    Warns
    -----
    ImputationWarning
        One warning listing the partners filled by ``"prior"`` or ``"worst"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from partnerselect.trackrecord import compute_metric
    >>> recs = pd.DataFrame({"partner_id": ["A"] * 3, "project_id": ["1", "2", "3"],
    ...                      "quality_score": [4.0, 5.0, 4.5]})
    >>> res = compute_metric(recs, "quality", partners=["A", "B"], prior_strength=4)
    >>> apply_missing_policy(res, "exclude").excluded["reason"].tolist()
    ['no track record for quality']
    """
    if policy not in MISSING_POLICIES:
        close = difflib.get_close_matches(str(policy), MISSING_POLICIES, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        msg = (
            f"The 'policy' parameter must be one of {list(MISSING_POLICIES)}. "
            f"Got {policy!r} instead.{hint}"
        )
        raise ParameterError(msg, value=policy)
    table = result.table.copy()
    missing = table["missing"].astype(bool) & ~table["imputed"].astype(bool)
    ids = [str(p) for p in table.index[missing]]
    if not ids:
        return dataclasses.replace(result, table=table)
    if policy == "error":
        msg = (
            f"No usable track record for {result.label} ({result.name}) for partner(s) "
            f"{', '.join(ids)}. Add their project history, or choose a missing-data policy "
            "('exclude', 'prior' or 'worst') for this criterion."
        )
        raise MissingValueError(msg, partner=ids[0], criterion=result.name)
    if policy == "exclude":
        rows = pd.DataFrame(
            {
                "partner_id": ids,
                "rule": f"missing:{result.name}",
                "reason": f"no track record for {result.label}",
                "value": "",
            },
            columns=EXCLUDED_COLUMNS,
        )
        excluded = (
            pd.concat([result.excluded, rows], ignore_index=True) if len(result.excluded) else rows
        )
        return dataclasses.replace(result, table=table[~missing], excluded=excluded)
    observed = table.loc[~table["missing"].astype(bool), "value"].astype(float).dropna()
    unc: dict[str, Any] = {
        "dist": "fixed",
        "a": np.nan,
        "b": np.nan,
        "loc": np.nan,
        "scale": np.nan,
        "df": np.nan,
    }
    if policy == "worst":
        direction = objective or result.objective
        if direction not in ("max", "min"):
            msg = (
                f"The 'worst' policy needs a direction for {result.name!r}: pass "
                "objective='max' or 'min'."
            )
            raise ParameterError(msg, value=direction)
        if observed.empty:
            msg = (
                f"No partner has a track record for {result.label}, so the 'worst' policy has "
                "nothing to fill in from. Provide records or drop the criterion."
            )
            raise MissingValueError(msg, criterion=result.name)
        fill = float(observed.min() if direction == "max" else observed.max())
        how = "the worst observed value"
        unc["a"] = fill
    else:
        fill = float(result.prior.get("mean", np.nan))
        if not np.isfinite(fill):
            msg = (
                f"No partner has a track record for {result.label}, so there is no portfolio "
                "value for the 'prior' policy. Provide records or drop the criterion."
            )
            raise MissingValueError(msg, criterion=result.name)
        how = "the portfolio value"
        unc = {k: result.prior.get(k, np.nan) for k in unc}
    lower, upper = fill, fill
    tail = (1 - float(result.params.get("level", 0.9))) / 2
    if unc["dist"] == "beta":
        from scipy.special import betaincinv  # lighter than scipy.stats

        lower, upper = (float(betaincinv(unc["a"], unc["b"], q)) for q in (tail, 1 - tail))
    elif unc["dist"] == "t":
        from scipy.special import stdtrit

        lower, upper = (fill + unc["b"] * float(stdtrit(unc["df"], q)) for q in (tail, 1 - tail))
    table.loc[missing, "value"] = fill
    table.loc[missing, "lower"] = lower
    table.loc[missing, "upper"] = upper
    table.loc[missing, "imputed"] = True
    for key, val in unc.items():
        table.loc[missing, key] = val
    warnings.warn(
        f"{result.label} ({result.name}): no track record for {', '.join(ids)}; filled with "
        f"{how} ({fill:.4g}) by the {policy!r} policy and flagged imputed=True.",
        ImputationWarning,
        stacklevel=2,
    )
    return dataclasses.replace(result, table=table)


def unknown_partners(
    records: pd.DataFrame,
    partners: Sequence[Any],
    *,
    partner_column: str = "partner_id",
    stacklevel: int = 2,
) -> pd.DataFrame:
    """Records whose partner is not in ``partners`` (a copy), with one warning.

    Parameters
    ----------
    records : pandas.DataFrame
        Track records (or any table with a partner column).
    partners : sequence
        Known partner ids.
    partner_column : str
        Name of the partner column.
    stacklevel : int
        Passed to :func:`warnings.warn` (callers wrapping this function add 1).

    Returns
    -------
    pandas.DataFrame
        The offending rows, unchanged.

    Warns
    -----
    UnknownPartnerWarning
        When at least one record refers to an unknown partner.

    Examples
    --------
    >>> import pandas as pd
    >>> recs = pd.DataFrame({"partner_id": ["A", "Z"], "project_id": ["1", "2"]})
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     warnings.simplefilter("always")
    ...     unknown_partners(recs, ["A"])["partner_id"].tolist()
    ['Z']
    """
    ids = partner_keys(records[partner_column])
    known = list(dict.fromkeys(str(p) for p in partners))
    mask = pd.Index(known, dtype=object).get_indexer(pd.Index(ids, dtype=object)) < 0
    return _report_unknown(records, ids, mask, stacklevel=stacklevel + 1)


def _report_unknown(
    records: pd.DataFrame, ids: pd.Series, mask: np.ndarray, *, stacklevel: int
) -> pd.DataFrame:
    """The rows of ``records`` under ``mask`` (unknown partners), with one warning."""
    out = records.loc[mask].copy()
    if len(out):
        who = sorted(pd.unique(ids[mask].astype(str)))
        warnings.warn(
            f"{len(out)} record(s) refer to partner id(s) not in the partner list "
            f"({', '.join(who)}); they are reported, not used. Check the ids or add the partners.",
            UnknownPartnerWarning,
            stacklevel=stacklevel,
        )
    return out


def prior_table(metrics: Mapping[str, MetricResult]) -> pd.DataFrame:
    """The fitted portfolio prior of each metric, one row per criterion (for reports).

    Columns (:data:`PRIOR_COLUMNS`): ``metric``; ``family`` (``"beta"`` for rates,
    ``"normal-inverse-gamma"`` for means and medians, ``"none"`` for counts); ``method``
    (how it was obtained); ``partners`` (partners with data it was learnt from); ``mean``
    (portfolio centre); ``strength`` (pseudo-projects: how far a partner's own record is
    trusted against the portfolio); ``between_sd`` (how much partners' true values
    differ); ``within_sd`` (spread of one partner's projects, means only); ``fallback``
    (why the prior could not be learnt, empty when it was).

    Parameters
    ----------
    metrics : mapping of str to MetricResult
        The computed metrics by criterion.

    Examples
    --------
    >>> import pandas as pd
    >>> from partnerselect.trackrecord import compute_metric
    >>> recs = pd.DataFrame({"partner_id": list("AABBBCC"), "project_id": list("1234567"),
    ...                      "quality_score": [4.0, 4.5, 3.0, 3.5, 3.2, 4.8, 4.4]})
    >>> res = compute_metric(recs, "quality", partners=["A", "B", "C"], min_projects=1)
    >>> row = prior_table({"quality": res}).loc["quality"]
    >>> row["family"], int(row["partners"])
    ('normal-inverse-gamma', 3)
    """
    rows = []
    for name, res in metrics.items():
        prior = res.prior
        rows.append(
            {
                "metric": res.name,
                "family": prior.get("family", "none"),
                "method": prior.get("method", ""),
                "partners": int(prior.get("partners", 0)),
                "mean": float(prior.get("mean", np.nan)),
                "strength": float(prior.get("strength", np.nan)),
                "between_sd": float(prior.get("between_sd", np.nan)),
                "within_sd": float(prior.get("within_sd", np.nan)),
                "fallback": str(prior.get("fallback", "")),
                "criterion": str(name),
            }
        )
    out = pd.DataFrame(rows, columns=["criterion", *PRIOR_COLUMNS])
    return out.set_index("criterion")
