"""Evaluator scores: aggregate a panel's ratings, flag disagreement, keep moderations.

A panel rates partners on qualitative criteria (communication, risk plan...) on a fixed
scale. :func:`aggregate_scores` turns the long table of ratings into one value per partner
and criterion, flags cells where evaluators disagree by more than a tolerance, applies
moderated values (each with a required comment, the original aggregate kept), and turns the
spread into sampling information for the Monte Carlo analyses:

* ``k >= 3`` ratings: Student t centred on the value, scale ``sd / sqrt(k)``,
  ``df = k - 1`` (the sampling distribution of a mean of ``k`` ratings);
* ``k = 2``: uniform over ``[min, max]`` (a t with one degree of freedom would be a Cauchy
  and draw far off the scale);
* ``k = 1``, all ratings equal, or a moderated cell: fixed.

References
----------
Clemen, R. T., & Winkler, R. L. (1999). Combining probability distributions from experts in
risk analysis. *Risk Analysis*, 19(2), 187-203.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import re
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import (
    DataError,
    DuplicateError,
    EvaluatorDisagreementWarning,
    MissingValueError,
    NameMatchWarning,
    ParameterError,
    SchemaError,
    UnknownPartnerWarning,
)
from partnerselect.problem import UNCERTAINTY_COLUMNS

__all__ = ["EvaluatorResult", "aggregate_scores", "match_names", "match_scores", "name_key"]

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def name_key(name: object) -> str:
    """The key names are matched by: Unicode NFC, invisible characters removed, then the
    partner-table header rule (case, spaces, underscores and hyphens ignored).

    Parameters
    ----------
    name : object
        A criterion name or header (converted with ``str``).

    Examples
    --------
    >>> name_key("Communication "), name_key("risk-management"), name_key("Risk_Management")
    ('communication', 'riskmanagement', 'riskmanagement')
    """
    text = unicodedata.normalize("NFC", str(name)).translate(_INVISIBLE)
    return re.sub(r"[\s_\-]+", "", text).casefold()


def _id_key(value: object) -> str:
    return unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE).strip()


def match_names(wanted: Sequence[str], available: Sequence[str]) -> dict[str, str | None]:
    """For each wanted name, the available name with the same :func:`name_key` (or None).

    Parameters
    ----------
    wanted : sequence of str
        Names as the model spells them.
    available : sequence of str
        Names as the file spells them.

    Examples
    --------
    >>> match_names(["communication", "risk"], ["Communication ", "price"])
    {'communication': 'Communication ', 'risk': None}
    """
    by_key: dict[str, str] = {}
    for a in available:
        by_key.setdefault(name_key(a), a)
    return {w: (w if w in available else by_key.get(name_key(w))) for w in wanted}


def match_scores(
    scores: pd.DataFrame, criteria: Sequence[str], partners: Sequence[str]
) -> pd.DataFrame:
    """Score rows with criterion names and partner ids spelled as the model and partner table.

    Criterion names match as partner-table headers do (``Communication `` is
    ``communication``); partner ids match after Unicode NFC and removing invisible
    characters and surrounding spaces. Every rename is noted in a warning. A criterion
    that matches no evaluator criterion of the model is a SchemaError naming its rows,
    never dropped. Rows of unknown partners are kept (the pipeline reports them).

    Parameters
    ----------
    scores : pandas.DataFrame
        Long score rows (``partner_id``, ``criterion``, ``score``...).
    criteria : sequence of str
        Criterion names of the model.
    partners : sequence of str
        Partner ids of the partner table.

    Raises
    ------
    SchemaError
        Score rows rate a criterion the model does not read from evaluators.
    """
    out = scores.copy()
    crit = out["criterion"].astype(str)
    wanted = {name_key(c): c for c in criteria}
    mapped = crit.map(lambda c: c if c in criteria else wanted.get(name_key(c)))
    unmatched = crit[mapped.isna()]
    if len(unmatched):
        name = str(unmatched.iloc[0])
        rows = [str(_row(out, label)) for label in unmatched.index[crit[mapped.isna()] == name]]
        close = difflib.get_close_matches(name, list(criteria), n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        src = out.attrs.get("source")
        where = f"{src!r}: " if src else ""
        msg = (
            f"{where}evaluator scores rate criterion {name!r} (row(s) {', '.join(rows[:10])}), "
            f"which no evaluator criterion of the model reads.{hint} Model criteria from "
            f"evaluators: {', '.join(criteria) or 'none'}. Fix the name, or add the criterion "
            "to the model."
        )
        raise SchemaError(msg, source=src, column="criterion", value=name)
    renamed = sorted({(a, b) for a, b in zip(crit, mapped, strict=True) if a != b})
    out["criterion"] = mapped.astype(str)
    ids = {_id_key(p): str(p) for p in partners}
    pid = out["partner_id"].astype(str)
    new_ids = pid.map(lambda v: v if v in ids.values() else ids.get(_id_key(v), v))
    renamed += sorted({(a, b) for a, b in zip(pid, new_ids, strict=True) if a != b})
    out["partner_id"] = new_ids
    if renamed:
        pairs = "; ".join(f"{a!r} -> {b!r}" for a, b in renamed[:10])
        warnings.warn(
            f"Evaluator score names matched to the model and partner table: {pairs}.",
            NameMatchWarning,
            stacklevel=2,
        )
    return out


_ROLES = ("evaluator", "partner_id", "criterion", "score", "comment")


def _row(frame: pd.DataFrame, label: Any) -> int | str:
    return int(label) + 2 if isinstance(label, int | np.integer) else str(label)


@value_equality
@dataclasses.dataclass(frozen=True, repr=False, eq=False)
class EvaluatorResult:
    """Aggregated evaluator scores.

    Attributes
    ----------
    values : pandas.DataFrame
        Partner x criterion (final values: moderated where a moderation applies).
    table : pandas.DataFrame
        Long table, one row per (partner_id, criterion): ``value, original, mean, median,
        min, max, spread, sd, k, flagged, moderated, moderation_comment`` and
        :data:`~partnerselect.problem.UNCERTAINTY_COLUMNS`.
    scores : pandas.DataFrame
        The ratings used (a copy).
    moderations : pandas.DataFrame
        The moderations applied (partner_id, criterion, value, comment).
    params : dict
        ``how``, ``spread_tolerance``, ``scale``.
    """

    values: pd.DataFrame
    table: pd.DataFrame
    scores: pd.DataFrame
    moderations: pd.DataFrame
    params: Mapping[str, Any]

    @property
    def disagreements(self) -> pd.DataFrame:
        """Rows of :attr:`table` whose spread exceeds the tolerance."""
        return self.table[self.table["flagged"]].reset_index(drop=True)

    def unknown_partners(self, partners: Sequence[Any]) -> pd.DataFrame:
        """Ratings of partners not in ``partners`` (a copy), with one warning when any.

        Parameters
        ----------
        partners : sequence
            The partner ids the evaluation knows.
        """
        known = {str(p) for p in partners}
        mask = ~self.scores["partner_id"].astype(str).isin(known)
        out = self.scores[mask].copy()
        if len(out):
            who = ", ".join(sorted(set(out["partner_id"].astype(str))))
            warnings.warn(
                f"{len(out)} evaluator score(s) refer to partner id(s) not in the partner list "
                f"({who}); they are reported, not used. Check the ids.",
                UnknownPartnerWarning,
                stacklevel=2,
            )
        return out

    @property
    def plot(self) -> Any:
        """Plots of this result (evaluator score spread); see :class:`partnerselect.plot.accessor.EvaluatorPlot`."""
        from partnerselect.plot.accessor import EvaluatorPlot

        return EvaluatorPlot(self)

    def to_frame(self) -> pd.DataFrame:
        """The long table (a copy)."""
        return self.table.copy()

    def _header(self) -> str:
        p, c = self.values.shape
        return (
            f"<EvaluatorResult: {p} partners x {c} criteria, {len(self.scores)} ratings, "
            f"{int(self.table['flagged'].sum())} disagreements, "
            f"{int(self.table['moderated'].sum())} moderated ({self.params['how']})>"
        )

    def __repr__(self) -> str:
        return f"{self._header()}\n{self.values.to_string(float_format='{:.3g}'.format)}"

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self._header())}</p>{self.values.to_html()}"


def _columns(scores: pd.DataFrame, columns: Mapping[str, str] | None) -> pd.DataFrame:
    names = {r: r for r in _ROLES} | dict(columns or {})
    have = [str(c) for c in scores.columns]
    for role in _ROLES[:4]:
        if names[role] not in have:
            msg = (
                f"Evaluator scores need a {names[role]!r} column; the table has "
                f"{', '.join(have)}. Rename it or pass columns={{{role!r}: '<your column>'}}."
            )
            raise SchemaError(msg, column=names[role])
    out = pd.DataFrame(index=scores.index)
    for role in _ROLES:
        if names[role] in have:
            out[role] = scores[names[role]]
        elif role == "comment":
            out[role] = ""
    return out


def _check_scores(s: pd.DataFrame, lo: float, hi: float) -> pd.Series:
    for col in ("evaluator", "partner_id", "criterion"):
        empty = s[col].isna() | (s[col].astype(str).str.strip() == "")
        if empty.any():
            label = s.index[empty.to_numpy()][0]
            msg = f"Evaluator score in row {_row(s, label)} has no {col}. Fill it in."
            raise MissingValueError(msg, row=_row(s, label), column=col)
    values = pd.to_numeric(s["score"], errors="coerce").astype(float)
    bad = values.isna() | ~np.isfinite(values) | (values < lo) | (values > hi)
    if bad.any():
        label = s.index[bad.to_numpy()][0]
        rec, row = s.loc[label], _row(s, label)
        raw, pid = rec["score"], str(rec["partner_id"])
        who = f"{rec['evaluator']!s} / {pid} / {rec['criterion']!s}"
        if raw is None or (isinstance(raw, float) and np.isnan(raw)) or raw is pd.NA:
            msg = f"Score missing in row {row} ({who}). Enter it, or delete the row if abstaining."
            raise MissingValueError(msg, row=row, column="score", partner=pid)
        shown = raw.item() if isinstance(raw, np.generic) else raw
        msg = (
            f"Score {shown!r} in row {row} ({who}) is outside the scale [{lo:g}, {hi:g}]. "
            "Correct it or declare the scale with scale=(low, high)."
        )
        raise DataError(msg, row=row, column="score", value=raw, partner=pid)
    dup = s.duplicated(["evaluator", "partner_id", "criterion"], keep="first")
    if dup.any():
        label = s.index[dup.to_numpy()][0]
        rec = s.loc[label]
        key = (rec["evaluator"], rec["partner_id"], rec["criterion"])
        msg = (
            f"Evaluator {key[0]!r} scored partner {key[1]!r} on {key[2]!r} twice (again in row "
            f"{_row(s, label)}). Keep one score per evaluator, partner and criterion."
        )
        raise DuplicateError(msg, row=_row(s, label), partner=str(key[1]), criterion=str(key[2]))
    return values


def _moderate(table: pd.DataFrame, moderations: pd.DataFrame, lo: float, hi: float) -> pd.DataFrame:
    need = ["partner_id", "criterion", "value", "comment"]
    missing = [c for c in need if c not in moderations.columns]
    if missing:
        msg = f"Moderations need the columns {need}; {missing[0]!r} is absent."
        raise SchemaError(msg, column=missing[0])
    mods = moderations[need].copy()
    mods["partner_id"] = mods["partner_id"].astype(str)
    mods["criterion"] = mods["criterion"].astype(str)
    for label, row in mods.iterrows():
        where = f"moderation row {_row(mods, label)} ({row['partner_id']} / {row['criterion']})"
        comment = row["comment"]
        if not isinstance(comment, str) or not comment.strip():
            msg = f"The {where} has no comment. Every moderated value needs its justification."
            raise DataError(msg, row=_row(mods, label), column="comment", partner=row["partner_id"])
        value = pd.to_numeric(pd.Series([row["value"]]), errors="coerce").iloc[0]
        if pd.isna(value) or not lo <= float(value) <= hi:
            msg = f"The {where} has value {row['value']!r}, outside the scale [{lo:g}, {hi:g}]."
            raise DataError(msg, row=_row(mods, label), column="value", value=row["value"])
        key = (row["partner_id"], row["criterion"])
        if key not in table.index:
            msg = (
                f"The {where} refers to a cell no evaluator scored. Moderations adjust "
                "aggregated scores; add the ratings or fix the ids."
            )
            raise DataError(msg, row=_row(mods, label), partner=key[0], criterion=key[1])
    if mods.duplicated(["partner_id", "criterion"]).any():
        pid, crit = mods[mods.duplicated(["partner_id", "criterion"])].iloc[0][
            ["partner_id", "criterion"]
        ]
        msg = f"Partner {pid!r}, criterion {crit!r} is moderated twice. Keep one moderation."
        raise DuplicateError(msg, partner=pid, criterion=crit)
    return mods


def aggregate_scores(
    scores: pd.DataFrame,
    *,
    how: str = "mean",
    spread_tolerance: float = 1.0,
    scale: tuple[float, float] = (1, 5),
    moderations: pd.DataFrame | None = None,
    columns: Mapping[str, str] | None = None,
) -> EvaluatorResult:
    """Aggregate a panel's ratings per partner and criterion.

    Parameters
    ----------
    scores : pandas.DataFrame
        Long table ``evaluator, partner_id, criterion, score, comment`` (comment optional).
        Not modified.
    how : {"mean", "median"}
        Aggregate of the ratings of a cell.
    spread_tolerance : float
        A cell whose spread (max - min) exceeds this is flagged.
    scale : (low, high)
        The rating scale; a score outside it is an error.
    moderations : pandas.DataFrame, optional
        ``partner_id, criterion, value, comment``: a committee's value overriding the
        aggregate; the comment is required and the original aggregate is kept.
    columns : mapping, optional
        Column names when they differ, by role (``{"score": "rating"}``).

    Returns
    -------
    EvaluatorResult

    Raises
    ------
    SchemaError
        A required column is absent.
    DataError
        A score or moderated value off the scale, or a moderation without comment.
    MissingValueError
        A score, evaluator, partner or criterion is empty.
    DuplicateError
        An evaluator scored the same partner and criterion twice.

    Warns
    -----
    EvaluatorDisagreementWarning
        One warning listing every flagged cell.

    References
    ----------
    Clemen, R. T., & Winkler, R. L. (1999). Combining probability distributions from
    experts in risk analysis. *Risk Analysis*, 19(2), 187-203.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"evaluator": ["ann", "bob", "cy"], "partner_id": ["p1"] * 3,
    ...                   "criterion": ["communication"] * 3, "score": [4, 5, 4.5]})
    >>> res = aggregate_scores(s)
    >>> float(res.values.loc["p1", "communication"]), res.table.loc[0, "dist"]
    (4.5, 't')
    """
    if how not in ("mean", "median"):
        msg = f"The 'how' parameter of aggregate_scores must be 'mean' or 'median'. Got {how!r} instead."
        raise ParameterError(msg, value=how)
    lo, hi = (float(v) for v in scale)
    if not lo < hi:
        msg = f"The 'scale' parameter must be (low, high) with low < high. Got {scale!r} instead."
        raise ParameterError(msg, value=scale)
    if not isinstance(spread_tolerance, int | float) or spread_tolerance < 0:
        msg = f"The 'spread_tolerance' parameter must be a number >= 0. Got {spread_tolerance!r} instead."
        raise ParameterError(msg, value=spread_tolerance)
    s = _columns(scores, columns)
    s["score"] = _check_scores(s, lo, hi)
    s["partner_id"] = s["partner_id"].astype(str)
    s["criterion"] = s["criterion"].astype(str)
    g = s.groupby(["partner_id", "criterion"], sort=False)["score"]
    t = g.agg(["mean", "median", "min", "max", "std", "count"])
    t = t.rename(columns={"std": "sd", "count": "k"})
    t["spread"] = t["max"] - t["min"]
    t["flagged"] = t["spread"] > spread_tolerance
    t["original"] = t[how]
    t["value"] = t["original"]
    t["moderated"] = False
    t["moderation_comment"] = ""
    mods = pd.DataFrame(columns=["partner_id", "criterion", "value", "comment"])
    if moderations is not None:
        mods = _moderate(t, moderations, lo, hi)
        if len(mods):
            where = pd.MultiIndex.from_frame(mods[["partner_id", "criterion"]])
            t.loc[where, "value"] = pd.to_numeric(mods["value"]).astype(float).to_numpy()
            t.loc[where, "moderated"] = True
            t.loc[where, "moderation_comment"] = mods["comment"].astype(str).str.strip().to_numpy()
    k = t["k"].to_numpy()
    sd = t["sd"].fillna(0.0).to_numpy()
    is_t = (k >= 3) & (sd > 0) & ~t["moderated"].to_numpy(dtype=bool)
    is_u = (k == 2) & (sd > 0) & ~t["moderated"].to_numpy(dtype=bool)
    value = t["value"].to_numpy(dtype=float)
    t["dist"] = np.where(is_t, "t", np.where(is_u, "uniform", "fixed"))
    t["a"] = np.where(is_u, t["min"], value)
    t["b"] = np.where(is_t, sd / np.sqrt(k), np.where(is_u, t["max"], np.nan))
    t["loc"], t["scale"] = np.nan, np.nan
    t["df"] = np.where(is_t, k - 1, np.nan)
    t["n"] = k
    cols = ["value", "original", "mean", "median", "min", "max", "spread", "sd", "k", "flagged",
            "moderated", "moderation_comment", *UNCERTAINTY_COLUMNS]  # fmt: skip
    table = t.reset_index()[["partner_id", "criterion", *cols]]
    table["flagged"] = table["flagged"].astype(bool)
    table["moderated"] = table["moderated"].astype(bool)
    flagged = table[table["flagged"]]
    if len(flagged):
        cells = "; ".join(
            f"{r.partner_id}/{r.criterion} (spread {r.spread:g}: {r.min:g}-{r.max:g})"
            for r in flagged.itertuples()
        )
        warnings.warn(
            f"Evaluators disagree by more than {spread_tolerance:g} point(s) on {len(flagged)} "
            f"cell(s): {cells}. Discuss them and, if needed, record a moderated value with a "
            "comment.",
            EvaluatorDisagreementWarning,
            stacklevel=2,
        )
    values = table.pivot_table(
        index="partner_id", columns="criterion", values="value", aggfunc="first", sort=False
    )
    values = values.reindex(index=list(dict.fromkeys(table["partner_id"])),
                            columns=list(dict.fromkeys(table["criterion"])))  # fmt: skip
    values.columns.name = "criterion"
    return EvaluatorResult(
        values=values.astype(float),
        table=table,
        scores=s,
        moderations=mods.reset_index(drop=True),
        params={"how": how, "spread_tolerance": spread_tolerance, "scale": (lo, hi)},
    )
