"""Effective weights: how much influence each criterion really has under a method.

A stated weight only means something relative to the range of values it applies to, and a
method's normalisation decides how much of a criterion's spread survives. The *effective
weight* measures the influence the data and the method really give each criterion, on the
scale the committee used to state its weights.

Swing definition (the default, ``kind="swing"``)
    For criterion ``j`` and each partner ``i``, the change of ``i``'s score (oriented so that
    larger is better) when ``i``'s value on ``j`` moves from the worst to the best value
    observed among the partners, every other value held. The mean absolute change over the
    partners, normalised to sum 1 over the criteria, is the effective weight of ``j``. This
    is the swing question analysts ask when they elicit weights (von Winterfeldt & Edwards
    1986), asked of the method instead of the committee. For an additive value model with
    min-max normalisation it returns the stated weights exactly; a criterion with one value
    for every partner gets 0.

Rank definition (``kind="rank"``)
    How much the ranking changes when criterion ``j`` is made constant (every partner given
    the column's median): Spearman's footrule ``sum_i |r_i - r_i^(j)|`` between the ranks
    with and without the criterion's information (Diaconis & Graham 1977), normalised to sum
    1 over the criteria. It answers "which criteria decide the order", which the swing
    definition does not (a criterion can move scores a lot and leave the order alone).

With more than :data:`SWING_PARTNERS` partners, the swing mean is taken over that many
partners spread evenly over the ranking (every swung matrix still holds all partners), so
the cost grows linearly with the number of partners.

References
----------
von Winterfeldt, D. & Edwards, W. (1986). *Decision Analysis and Behavioral Research*.
Cambridge University Press, ch. 8 (swing weights and the range of the attributes).

Diaconis, P. & Graham, R. L. (1977). Spearman's footrule as a measure of disarray. *Journal
of the Royal Statistical Society B* 39(2), 262-268.

Fischer, G. W. (1995). Range sensitivity of attribute weights in multiattribute value
models. *Organizational Behavior and Human Decision Processes* 62(3), 252-266.
"""

from __future__ import annotations

import dataclasses
import html
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._equality import value_equality
from partnerselect.errors import EffectiveWeightWarning, ParameterError
from partnerselect.methods._base import Method, resolve_method
from partnerselect.methods.normalization import NORMALIZATIONS, normalize
from partnerselect.problem import Problem
from partnerselect.ranking import rank_scores

__all__ = [
    "EffectiveWeightSettings",
    "EffectiveWeights",
    "effective_weight_table",
    "effective_weights",
]

#: Methods whose score is a sum of per-criterion contributions, each depending only on its
#: own column: the swing of every criterion and partner is computed in one normalisation.
_SEPARABLE = frozenset({"wsm", "moora", "mabac"})

#: Why a method is not additive, in one phrase (used in the reasons).
_NON_ADDITIVE = {
    "topsis": "TOPSIS scores by relative distance to the ideal and anti-ideal points, so a "
    "criterion's influence depends on the other criteria's values",
    "vikor": "VIKOR mixes the weighted sum with the single largest weighted regret",
    "promethee2": "PROMETHEE II scores by pairwise preferences with thresholds",
    "promethee1": "PROMETHEE I scores by pairwise preferences with thresholds",
    "wpm": "WPM multiplies ratios, so a criterion's influence depends on the others",
    "waspas": "WASPAS mixes a weighted sum with a weighted product",
    "edas": "EDAS scores by distances to the average solution",
    "codas": "CODAS scores by Euclidean and taxicab distances to the anti-ideal",
    "cocoso": "CoCoSo combines additive and multiplicative aggregations",
    "spotis": "SPOTIS scores by distance to an ideal on fixed bounds",
    "marcos": "MARCOS scores relative to ideal and anti-ideal utility functions",
    "copras": "COPRAS divides by the sum of cost criteria",
    "aras": "ARAS scores relative to an optimal alternative's sum",
}


# --------------------------------------------------------------------------- kernels
def _levels(values: np.ndarray, signs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best and worst observed value of every criterion ``(n,)``."""
    hi, lo = values.max(axis=0), values.min(axis=0)
    best = np.where(signs > 0, hi, lo)
    worst = np.where(signs > 0, lo, hi)
    return best, worst


#: Beyond this many partners the swing is averaged over this many partners spread evenly
#: over the ranking (the swung matrices still hold every partner), so that the cost grows
#: with m (one kernel call per swing) rather than m^2.
SWING_PARTNERS = 40


def _swung_columns(values: np.ndarray, level: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``(m, n, k)``: ``[:, j, t]`` is column ``j`` with partner ``idx[t]`` set to ``level[j]``."""
    out = np.repeat(values[:, :, None], idx.size, axis=2)
    out[idx, :, np.arange(idx.size)] = level[None, :]
    return out


def _swing_separable(
    obj: Method,
    values: np.ndarray,
    signs: np.ndarray,
    w: np.ndarray,
    kwargs: dict[str, Any],
    idx: np.ndarray,
) -> np.ndarray:
    """Score changes ``(k, n)`` of a column-separable additive method in one batch.

    Normalisation works column by column, so all ``2 k n`` swung columns are laid side by
    side in one wide matrix and normalised (and weighted) in a single call.
    """
    m, n = values.shape
    k = idx.size
    best, worst = _levels(values, signs)
    wide = np.concatenate(
        [
            _swung_columns(values, best, idx).reshape(m, n * k),
            _swung_columns(values, worst, idx).reshape(m, n * k),
        ],
        axis=1,
    )
    wide_signs = np.tile(np.repeat(signs, k), 2)
    wide_w = np.tile(np.repeat(w, k), 2)
    contrib = obj.contributions(wide, wide_signs, wide_w, **kwargs)
    if contrib is None:  # pragma: no cover - _SEPARABLE only lists additive methods
        msg = f"{obj.display_name} has no contributions; cannot use the additive shortcut."
        raise ParameterError(msg, value=obj.name)
    c = np.asarray(contrib, dtype=float).reshape(m, 2, n, k)
    t = np.arange(k)
    up = c[idx, 0, :, t]  # (k, n): partner idx[t]'s contribution on j with its value at best
    down = c[idx, 1, :, t]
    sign = 1.0 if obj.higher_is_better else -1.0
    return sign * (up - down)


def _swing_generic(
    obj: Method,
    values: np.ndarray,
    signs: np.ndarray,
    w: np.ndarray,
    kwargs: dict[str, Any],
    idx: np.ndarray,
) -> np.ndarray:
    """Score changes ``(k, n)`` for any method: one kernel call per swung matrix.

    Kernels batch over weight vectors, not over matrices, so the ``2 k n`` swung matrices
    are scored one after the other; swings that leave the matrix unchanged (the partner
    already has the best or worst value) reuse the baseline scores.
    """
    n = values.shape[1]
    best, worst = _levels(values, signs)
    sign = 1.0 if obj.higher_is_better else -1.0
    W = w[None, :]
    base = sign * np.asarray(obj.kernel(values, signs, W, **kwargs), dtype=float)[0]
    out = np.zeros((idx.size, n))
    x = values.copy()
    for j in range(n):
        if best[j] == worst[j]:
            continue
        for t, i in enumerate(idx):
            keep = x[i, j]
            x[i, j] = best[j]
            up = base[i] if keep == best[j] else sign * obj.kernel(x, signs, W, **kwargs)[0, i]
            x[i, j] = worst[j]
            down = base[i] if keep == worst[j] else sign * obj.kernel(x, signs, W, **kwargs)[0, i]
            x[i, j] = keep
            out[t, j] = up - down
    return out


def _is_topsis(obj: Method) -> bool:
    """The package's own TOPSIS (a subclass with another kernel takes the generic path)."""
    from partnerselect.methods.topsis import TOPSIS

    return type(obj).kernel is TOPSIS.kernel


def _swing_topsis(
    values: np.ndarray,
    signs: np.ndarray,
    w: np.ndarray,
    kwargs: dict[str, Any],
    idx: np.ndarray,
) -> np.ndarray:
    """Score changes ``(k, n)`` for TOPSIS without scoring each swung matrix.

    Every normalisation TOPSIS offers is column-wise, so a swing of partner ``i`` on
    criterion ``j`` changes only the normalised column ``j`` (and its ideal and anti-ideal
    values); ``i``'s squared distances on the other columns stay as they are. All the swung
    versions of column ``j`` are normalised in one call, and ``i``'s closeness follows from
    its other columns' squared gaps plus the swung column's: the same arithmetic as the
    kernel (:func:`partnerselect.methods.topsis.topsis`), in ``O(m k)`` per criterion
    instead of ``O(m n)`` per swing.
    """
    from partnerselect.methods.normalization import ORIENTING

    norm = kwargs.get("normalization", "vector")
    n = values.shape[1]
    k = idx.size
    best, worst = _levels(values, signs)
    sg = np.ones_like(signs) if norm in ORIENTING else np.asarray(signs)
    up = sg > 0
    r = normalize(values, signs, norm)
    hi, lo = r.max(axis=0), r.min(axis=0)
    w2 = np.square(w)
    gap_plus = w2 * np.square(r[idx] - np.where(up, hi, lo))  # (k, n)
    gap_minus = w2 * np.square(r[idx] - np.where(up, lo, hi))
    others = 1.0 - np.eye(n)  # sum over the other columns, not total minus own
    rest_plus, rest_minus = gap_plus @ others, gap_minus @ others
    out = np.zeros((k, n))
    cols = np.arange(2 * k)
    rows = np.concatenate([idx, idx])
    for j in range(n):
        if best[j] == worst[j]:
            continue
        swung = np.repeat(values[:, j : j + 1], 2 * k, axis=1)  # (m, 2k): best, then worst
        swung[rows, cols] = np.repeat([best[j], worst[j]], k)
        rj = normalize(swung, np.full(2 * k, signs[j]), norm)
        top, bottom = rj.max(axis=0), rj.min(axis=0)
        ideal, anti = (top, bottom) if up[j] else (bottom, top)
        mine = rj[rows, cols]
        s_plus = np.sqrt(np.maximum(np.tile(rest_plus[:, j], 2) + w2[j] * (mine - ideal) ** 2, 0))
        s_minus = np.sqrt(np.maximum(np.tile(rest_minus[:, j], 2) + w2[j] * (mine - anti) ** 2, 0))
        total = s_plus + s_minus
        c = np.divide(s_minus, total, out=np.full_like(total, 0.5), where=total > 0)
        out[:, j] = c[:k] - c[k:]
    return out


def _swing_partners(problem: Problem, obj: Method, kwargs: dict[str, Any]) -> np.ndarray:
    """Every partner, or :data:`SWING_PARTNERS` of them spread evenly over the ranking."""
    m = problem.shape[0]
    if m <= SWING_PARTNERS:
        return np.arange(m)
    w = problem.weight_vector[None, :]
    u = np.asarray(obj.kernel(problem.values, problem.signs, w, **kwargs), dtype=float)[0]
    order = np.argsort(-u if obj.higher_is_better else u, kind="stable")
    return np.sort(order[np.linspace(0, m - 1, SWING_PARTNERS).round().astype(int)])


def _swing_changes(problem: Problem, obj: Method) -> np.ndarray:
    kwargs = obj.validate(problem)
    values, signs, w = problem.values, problem.signs, problem.weight_vector
    with np.errstate(all="ignore"):
        idx = _swing_partners(problem, obj, kwargs)
        if obj.name in _SEPARABLE:
            return _swing_separable(obj, values, signs, w, kwargs, idx)
        if _is_topsis(obj):
            return _swing_topsis(values, signs, w, kwargs, idx)
        return _swing_generic(obj, values, signs, w, kwargs, idx)


def _rank_changes(problem: Problem, obj: Method) -> np.ndarray:
    """Footrule distance ``(n,)`` between the ranks and the ranks with criterion j constant."""
    kwargs = obj.validate(problem)
    values, signs, w = problem.values, problem.signs, problem.weight_vector
    hib = obj.higher_is_better
    with np.errstate(all="ignore"):
        base = rank_scores(obj.kernel(values, signs, w[None, :], **kwargs)[0], higher_is_better=hib)
        med = np.median(values, axis=0)
        out = np.zeros(values.shape[1])
        for j in range(values.shape[1]):
            x = values.copy()
            x[:, j] = med[j]
            r = rank_scores(obj.kernel(x, signs, w[None, :], **kwargs)[0], higher_is_better=hib)
            out[j] = np.abs(r - base).sum()
    return out


def _normalise(raw: np.ndarray, index: pd.Index, name: str) -> pd.Series:
    total = float(np.nansum(raw))
    eff = raw / total if total > 0 else np.zeros_like(raw)
    return pd.Series(eff, index=index, name=name)


def _as_problem(problem: Any) -> Problem:
    pb = problem if isinstance(problem, Problem) else getattr(problem, "problem", None)
    if not isinstance(pb, Problem):
        msg = (
            f"effective_weights() needs a partnerselect.Problem (or an Evaluation), got "
            f"{type(problem).__name__}. Build one with Problem.from_frame(...)."
        )
        raise ParameterError(msg, value=type(problem).__name__)
    return pb


def effective_weights(
    problem: Any, method: Any = "wsm", *, kind: str = "swing", **params: Any
) -> pd.Series:
    """Effective weight of every criterion under ``method`` on the observed data.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str, Method or scikit-criteria decision maker
        The ranking method (default ``"wsm"``, the additive value model).
    kind : {"swing", "rank"}
        ``"swing"`` (default): mean absolute score change when a partner's value moves
        from the worst to the best observed value of the criterion. ``"rank"``: Spearman's
        footrule distance of the ranking when the criterion is made constant. See the
        module documentation for both definitions and their references.
    **params
        Method parameters, named as the literature names them.

    Returns
    -------
    pandas.Series
        Indexed by criterion, non-negative, summing to 1 (all zeros when no criterion
        changes anything, for example when every criterion is constant).

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.2]},
    ...                   index=["p1", "p2", "p3"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"},
    ...                            weights={"price": 1, "quality": 3})
    >>> ps.effective_weights(pb, "wsm").round(3).tolist()
    [0.25, 0.75]
    >>> ps.effective_weights(pb, "topsis", normalization="vector").round(3).tolist()
    [0.12, 0.88]
    """
    pb = _as_problem(problem)
    if kind not in ("swing", "rank"):
        msg = f"The 'kind' parameter of effective_weights must be 'swing' or 'rank'. Got {kind!r} instead."
        raise ParameterError(msg, value=kind)
    obj = resolve_method(method, **params)
    if kind == "swing":
        raw = (
            np.nanmean(np.abs(_swing_changes(pb, obj)), axis=0)
            if pb.shape[0]
            else np.zeros(pb.shape[1])
        )
    else:
        raw = _rank_changes(pb, obj)
    return _normalise(np.nan_to_num(raw), pb.criteria, f"effective weight ({kind})")


# --------------------------------------------------------------------------- table
@dataclasses.dataclass(frozen=True)
class EffectiveWeightSettings:
    """Thresholds of the effective-weight check (the model's ``[sensitivity]`` keys).

    Attributes
    ----------
    min_stated : float
        Criteria with a smaller stated weight are not checked (``effective_weight_min_stated``).
    low, high : float
        A checked criterion is flagged when effective / stated is below ``low``
        (``effective_weight_low``) or above ``high`` (``effective_weight_high``).
    """

    min_stated: float = 0.05
    low: float = 1.0 / 3.0
    high: float = 3.0

    def __post_init__(self) -> None:
        for name in ("min_stated", "low", "high"):
            val = getattr(self, name)
            if (
                isinstance(val, bool)
                or not isinstance(val, int | float)
                or not np.isfinite(val)
                or val < 0
            ):
                msg = f"effective_weight_{name} must be a non-negative number. Got {val!r} instead."
                raise ParameterError(msg, value=val)
        if self.low > self.high:
            msg = f"effective_weight_low ({self.low}) must not exceed effective_weight_high ({self.high})."
            raise ParameterError(msg, value=(self.low, self.high))

    @classmethod
    def from_model(cls, sensitivity: Any) -> EffectiveWeightSettings:
        """Read the thresholds tolerantly from a ``[sensitivity]`` mapping or typed object.

        Parameters
        ----------
        sensitivity : mapping, SensitivitySection or None
            The model's ``[sensitivity]`` section; missing keys keep their defaults.
        """

        def get(key: str, default: float) -> Any:
            if isinstance(sensitivity, Mapping):
                return sensitivity.get(key, default)
            return getattr(sensitivity, key, default)

        return cls(
            min_stated=get("effective_weight_min_stated", 0.05),
            low=get("effective_weight_low", 1.0 / 3.0),
            high=get("effective_weight_high", 3.0),
        )


@value_equality
@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class EffectiveWeights:
    """Stated against effective weights, with the reason when they differ.

    Attributes
    ----------
    table : pandas.DataFrame
        Indexed by criterion: ``stated, effective, ratio, effective_rank, flag, reason``
        (``flag`` is ``"low"``, ``"high"`` or ``""``).
    method : str
        The method's name.
    params : dict
        Its parameters.
    settings : EffectiveWeightSettings
    """

    table: pd.DataFrame
    method: str
    params: Mapping[str, Any]
    settings: EffectiveWeightSettings

    @property
    def flagged(self) -> pd.DataFrame:
        """The rows with a flag."""
        return self.table[self.table["flag"] != ""]

    @property
    def distance(self) -> float:
        """Total variation distance ``0.5 * sum |effective - stated|`` (0 = identical)."""
        t = self.table
        return float(0.5 * (t["effective"] - t["stated"]).abs().sum())

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    @property
    def plot(self) -> Any:
        """Plot accessor: ``ew.plot()`` draws stated vs effective weights as paired bars."""
        from partnerselect.plot.weights import EffectiveWeightsPlot

        return EffectiveWeightsPlot(self)

    def messages(self) -> list[str]:
        """One sentence per flagged criterion (the text of the warnings)."""
        out = []
        for crit, row in self.flagged.iterrows():
            out.append(
                f"Criterion {crit!r} has a stated weight of {row['stated']:.3f} but an "
                f"effective weight of {row['effective']:.4f} under {self.method} "
                f"({row['ratio']:.2f} times the stated weight; thresholds "
                f"{self.settings.low:.2f}-{self.settings.high:.2f}): {row['reason']}."
            )
        return out

    def warn(self, stacklevel: int = 2) -> None:
        """Raise one :class:`EffectiveWeightWarning` per flagged criterion.

        Parameters
        ----------
        stacklevel : int, default 2
            Passed to :func:`warnings.warn`.
        """
        for text in self.messages():
            warnings.warn(text, EffectiveWeightWarning, stacklevel=stacklevel + 1)

    def __repr__(self) -> str:
        return f"<EffectiveWeights {self.method}: distance {self.distance:.3f}>\n{self.table.to_string()}"

    def _repr_html_(self) -> str:
        head = f"<p><b>Stated vs effective weights under {html.escape(self.method)}</b></p>"
        return head + self.table.to_html(escape=True, float_format=lambda v: f"{v:.4f}")


#: Normalisation a method applies when it has no ``normalization`` parameter.
_FIXED_NORMALIZATION = {"moora": "vector", "mabac": "minmax", "vikor": "minmax"}


def _spread(problem: Problem, obj: Method) -> tuple[np.ndarray, str] | None:
    norm = obj.params.get("normalization", _FIXED_NORMALIZATION.get(obj.name))
    if not isinstance(norm, str) or norm not in NORMALIZATIONS or norm == "none":
        return None
    r = normalize(problem.values, problem.signs, norm)
    return np.ptp(r, axis=0), norm


def _reasons(problem: Problem, obj: Method, ratio: np.ndarray) -> list[str]:
    n = problem.shape[1]
    names = [str(c) for c in problem.criteria]
    values = problem.values
    const = np.ptp(values, axis=0) == 0
    reasons: list[list[str]] = [[] for _ in range(n)]
    spread = _spread(problem, obj)
    if spread is not None:
        sp, norm = spread
        med = float(np.median(sp[~const])) if (~const).any() else 0.0
        for j in range(n):
            if const[j] or med <= 0:
                continue
            rel = sp[j] / med
            if rel < 0.5 or rel > 2.0:
                size = "small" if rel < 0.5 else "large"
                reasons[j].append(
                    f"{size} observed range relative to the {norm} normalisation (normalised "
                    f"spread {sp[j]:.3f} against a median of {med:.3f} over the criteria)"
                )
    if problem.shape[0] >= 3 and n > 1:
        oriented = pd.DataFrame(values * problem.signs[None, :], columns=names)
        rho = oriented.rank().corr().to_numpy().copy()
        np.fill_diagonal(rho, 0.0)
        rho = np.nan_to_num(rho)
        for j in range(n):
            k = int(np.argmax(np.abs(rho[j])))
            if abs(rho[j, k]) >= 0.7 and not const[j]:
                reasons[j].append(f"correlated with {names[k]!r} (Spearman rho = {rho[j, k]:.2f})")
    for j in range(n):
        if const[j]:
            reasons[j].append("every partner has the same value, so it cannot change any score")
            continue
        if obj.name not in _SEPARABLE and (ratio[j] < 0.9 or ratio[j] > 1.1):
            reasons[j].append(
                _NON_ADDITIVE.get(obj.name, f"{obj.display_name} is not an additive model")
            )
    for j in range(n):
        if not reasons[j] and not (0.9 <= ratio[j] <= 1.1):
            reasons[j].append(
                f"{obj.display_name} scores this criterion relative to the other partners' "
                "values, not on its observed range alone"
            )
    close = (ratio >= 0.9) & (ratio <= 1.1)
    return ["" if close[j] and not const[j] else "; ".join(reasons[j]) for j in range(n)]


def effective_weight_table(
    problem: Any,
    method: Any = "wsm",
    *,
    settings: EffectiveWeightSettings | None = None,
    **params: Any,
) -> EffectiveWeights:
    """Stated vs effective weights, ratio, rank-based effective weight, flag and reason.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
    settings : EffectiveWeightSettings, optional
        Flag thresholds (default: stated >= 0.05, ratio outside [1/3, 3]).
    **params
        Method parameters.

    Returns
    -------
    EffectiveWeights

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900, 1100, 1000], "quality": [4.0, 4.1, 4.05]},
    ...                   index=["p1", "p2", "p3"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})
    >>> ew = ps.effective.effective_weight_table(pb, "wsm")
    >>> ew.table["ratio"].round(2).tolist()
    [1.0, 1.0]
    """
    pb = _as_problem(problem)
    cfg = settings or EffectiveWeightSettings()
    obj = resolve_method(method, **params)
    stated = pd.Series(pb.weight_vector, index=pb.criteria)
    eff = effective_weights(pb, obj, kind="swing")
    by_rank = effective_weights(pb, obj, kind="rank")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(stated > 0, eff / stated, np.where(eff > 0, np.inf, 1.0))
    # A constant criterion already has its ConstantCriterionWarning, and with fewer than
    # two partners no criterion can change anything: neither is flagged (the table still
    # shows the zero and the reason).
    const = np.ptp(pb.values, axis=0) == 0 if pb.shape[0] else np.ones(pb.shape[1], bool)
    checked = (stated.to_numpy() >= cfg.min_stated) & ~const & (pb.shape[0] >= 2)
    flag = np.where(
        checked & (ratio < cfg.low), "low", np.where(checked & (ratio > cfg.high), "high", "")
    )
    table = pd.DataFrame(
        {
            "stated": stated.to_numpy(),
            "effective": eff.to_numpy(),
            "ratio": ratio,
            "effective_rank": by_rank.to_numpy(),
            "flag": flag,
            "reason": _reasons(pb, obj, ratio),
        },
        index=pb.criteria,
    )
    table.index.name = "criterion"
    return EffectiveWeights(table=table, method=obj.name, params=dict(obj.params), settings=cfg)
