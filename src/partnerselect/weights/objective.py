"""Objective weights: how much each criterion discriminates between the partners.

Each function takes a :class:`~partnerselect.Problem` and returns a Series of weights
(index ``criterion``, sum 1). Conventions, pinned by the published worked examples:

- **entropy** (Shannon entropy weights, Zeleny 1982; Hwang & Yoon 1981):
  ``p_ij = x_ij / sum_i x_ij`` (no cost inversion: the spread of a column does not depend
  on its direction), ``E_j = -sum_i p_ij ln p_ij / ln m``, ``w_j = (1 - E_j) / sum(1 - E)``.
  Zeros use the limit ``0 ln 0 = 0`` (as ``scipy.stats.entropy`` and scikit-criteria do;
  pymcdm instead sets the whole column's entropy to 0, which gives such a column a far
  larger weight) and a :class:`~partnerselect.errors.DegenerateDataWarning` names the
  criterion. Negative values raise a DataError.
- **CRITIC** (Diakoulaki, Mavrotas & Papayannakis 1995): min-max normalise each column,
  ``C_j = sigma_j sum_k (1 - r_jk)`` with Pearson correlations ``r``, ``w_j = C_j / sum C``.
  By default cost columns are NOT reversed (``apply_types=False``), as in the paper and
  pymcdm; scikit-criteria reverses them (``apply_types=True``), which flips the sign of
  their correlations and gives different weights.
- **std_dev** (standard deviation method; Diakoulaki et al. 1995, Wang & Luo 2010): the
  standard deviation of each min-max normalised column, normalised to sum 1
  (``normalize=False`` uses the raw columns, as pymcdm and scikit-criteria do, which
  makes the weights depend on the units).
- **MEREC** (Keshavarz-Ghorabaee et al. 2021): reverse normalisation (benefit
  ``min_i x_ij / x_ij``, cost ``x_ij / max_i x_ij``), performance
  ``S_i = ln(1 + mean_j |ln n_ij|)``, the same without criterion j ``S'_ij``, removal
  effect ``E_j = sum_i |S'_ij - S_i|``, ``w_j = E_j / sum E``. Values must be positive.

A constant criterion carries no information: it gets weight 0 (CRITIC leaves it out of
the correlations, so the others' weights are CRITIC's on the remaining criteria). A single
criterion gets weight 1. If no criterion discriminates at all, a DataError is raised:
objective weights are undefined and subjective weights are needed.

References
----------
.. [1] Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill.
.. [2] Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective
   weights in multiple criteria problems: the CRITIC method. *Computers & Operations
   Research* 22(7), 763-770.
.. [3] Wang, Y.-M. & Luo, Y. (2010). Integration of correlations with standard
   deviations for determining attribute weights in multiple attribute decision making.
   *Mathematical and Computer Modelling* 51(1-2), 1-12.
.. [4] Keshavarz-Ghorabaee, M., Amiri, M., Zavadskas, E. K., Turskis, Z. &
   Antucheviciene, J. (2021). Determination of objective weights using a new method
   based on the removal effects of criteria (MEREC). *Symmetry* 13(4), 525.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, DegenerateDataWarning, ParameterError
from partnerselect.problem import Problem
from partnerselect.weights._base import weight_series

__all__ = ["OBJECTIVE_METHODS", "critic", "entropy", "merec", "std_dev"]


def _check_problem(problem: Any, name: str) -> None:
    if not isinstance(problem, Problem):
        msg = (
            f"{name}() takes a partnerselect Problem (Problem.from_frame(...)); "
            f"got {type(problem).__name__}."
        )
        raise ParameterError(msg, value=type(problem).__name__)


def _finish(scores: np.ndarray, criteria: Sequence[str], name: str, why: str) -> pd.Series:
    if len(criteria) == 1:
        return weight_series([1.0], criteria)
    scores = np.maximum(scores, 0.0)
    total = scores.sum()
    if not total > 0:
        msg = (
            f"{name} weights are undefined for this data: {why}. Use subjective weights "
            "(direct, ROC, AHP...) instead."
        )
        raise DataError(msg)
    return weight_series(scores / total, criteria)


def _need_rows(values: np.ndarray, name: str) -> None:
    if values.shape[0] < 2:
        msg = f"{name} weights need at least 2 partners to measure how criteria discriminate."
        raise DataError(msg, value=values.shape[0])


def _entropy(values: np.ndarray, signs: np.ndarray, criteria: Sequence[str]) -> pd.Series:
    _need_rows(values, "Entropy")
    m = values.shape[0]
    neg = np.flatnonzero((values < 0).any(axis=0))
    if neg.size:
        crit = criteria[neg[0]]
        msg = (
            f"Criterion {crit!r} has negative values, but entropy weights need "
            "non-negative data (shares of a total). Shift the criterion to non-negative "
            "values or use weights.critic() / weights.std_dev()."
        )
        raise DataError(msg, criterion=crit, column=crit, value=float(values[:, neg[0]].min()))
    total = values.sum(axis=0)
    with_zeros = [criteria[int(j)] for j in np.flatnonzero((values == 0).any(axis=0) & (total > 0))]
    if with_zeros:
        warnings.warn(
            f"Criteria {', '.join(map(repr, with_zeros))} contain zeros; entropy uses "
            "0 ln 0 = 0 (some tools treat zeros differently and give other weights).",
            DegenerateDataWarning,
            stacklevel=4,
        )
    P = np.where(total > 0, values / np.where(total > 0, total, 1.0), 1.0 / m)
    from scipy.special import xlogy  # scipy imported on use: importing this module stays cheap

    E = -xlogy(P, P).sum(axis=0) / np.log(m)
    d = np.where(np.ptp(values, axis=0) > 0, 1.0 - E, 0.0)  # exactly 0 for constants
    return _finish(d, criteria, "Entropy", "every criterion is constant")


def _minmax(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = values.min(axis=0), values.max(axis=0)
    span = hi - lo
    varies = span > 0
    R = np.where(varies, (values - lo) / np.where(varies, span, 1.0), 0.0)
    return R, varies


_CORRELATIONS = ("pearson", "spearman")


def _critic(
    values: np.ndarray,
    signs: np.ndarray,
    criteria: Sequence[str],
    *,
    apply_types: bool = False,
    correlation: str = "pearson",
    scale: bool = True,
) -> pd.Series:
    _need_rows(values, "CRITIC")
    for name, flag in (("apply_types", apply_types), ("scale", scale)):
        if not isinstance(flag, bool):
            msg = f"The {name!r} parameter of CRITIC must be a bool. Got {flag!r} instead."
            raise ParameterError(msg, value=flag)
    if correlation not in _CORRELATIONS:
        msg = (
            f"The 'correlation' parameter of CRITIC must be one of {list(_CORRELATIONS)}. "
            f"Got {correlation!r} instead."
        )
        raise ParameterError(msg, value=correlation)
    R, varies = _minmax(values)
    if apply_types:
        R = np.where(signs < 0, 1.0 - R, R) * varies
    if not scale:
        R = np.asarray(values, dtype=float)
    C = np.zeros(len(criteria))
    keep = np.flatnonzero(varies)
    if keep.size == 1:
        C[keep] = 1.0
    elif keep.size > 1:
        sub = R[:, keep]
        if correlation == "spearman":
            from scipy.stats import rankdata  # scipy.stats costs a second to import

            ranked = rankdata(sub, axis=0)
        else:
            ranked = sub
        corr = np.corrcoef(ranked, rowvar=False)
        C[keep] = sub.std(axis=0, ddof=1) * (1.0 - corr).sum(axis=0)
    why = "every criterion is constant or all are perfectly positively correlated"
    return _finish(C, criteria, "CRITIC", why)


def _std_dev(
    values: np.ndarray, signs: np.ndarray, criteria: Sequence[str], *, normalize: bool = True
) -> pd.Series:
    _need_rows(values, "Standard-deviation")
    if not isinstance(normalize, bool):
        msg = f"The 'normalize' parameter of std_dev must be a bool. Got {normalize!r} instead."
        raise ParameterError(msg, value=normalize)
    X = _minmax(values)[0] if normalize else values
    return _finish(
        X.std(axis=0, ddof=1), criteria, "Standard-deviation", "every criterion is constant"
    )


def _merec(values: np.ndarray, signs: np.ndarray, criteria: Sequence[str]) -> pd.Series:
    bad = np.argwhere(values <= 0)
    if bad.size:
        i, j = (int(x) for x in bad[0])
        crit = criteria[j]
        msg = (
            f"Criterion {crit!r} has a value <= 0 ({values[i, j]:g}, row {i + 1}); MEREC "
            "takes logarithms of ratios and needs positive values. Shift the criterion "
            "to positive values or use another weighting."
        )
        raise DataError(msg, criterion=crit, column=crit, row=i + 1, value=float(values[i, j]))
    n = values.shape[1]
    N = np.where(signs > 0, values.min(axis=0) / values, values / values.max(axis=0))
    L = np.abs(np.log(N))
    S = np.log1p(L.sum(axis=1) / n)
    S_without = np.log1p((L.sum(axis=1, keepdims=True) - L) / n)
    E = np.abs(S_without - S[:, None]).sum(axis=0)
    return _finish(E, criteria, "MEREC", "every criterion is constant")


Kernel = Callable[..., pd.Series]
#: Objective weighting kernels by name: ``f(values, signs, criteria, **params) -> Series``.
OBJECTIVE_METHODS: dict[str, Kernel] = {
    "entropy": _entropy,
    "critic": _critic,
    "std_dev": _std_dev,
    "merec": _merec,
}


def entropy(problem: Problem) -> pd.Series:
    """Shannon entropy weights (see the module docstring for the convention).

    Parameters
    ----------
    problem : Problem

    Returns
    -------
    pandas.Series
        Weight per criterion, sum 1.

    Raises
    ------
    DataError
        Negative values, fewer than 2 partners, or every criterion constant.

    Warns
    -----
    DegenerateDataWarning
        A criterion contains zeros (``0 ln 0 = 0`` is used).

    References
    ----------
    .. [1] Zeleny, M. (1982). *Multiple Criteria Decision Making*. McGraw-Hill.
    .. [2] Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making*.
       Springer.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> pb = ps.Problem.from_frame(pd.DataFrame({"a": [1, 1, 2], "b": [1, 2, 3]}),
    ...                            objectives={"a": "max", "b": "min"})
    >>> ps.weights.entropy(pb).round(3).tolist()  # 1 - E = 0.0536 and 0.0794
    [0.403, 0.597]
    """
    _check_problem(problem, "entropy")
    return _entropy(problem.values, problem.signs, list(problem.criteria))


def critic(
    problem: Problem,
    *,
    apply_types: bool = False,
    correlation: str = "pearson",
    scale: bool = True,
) -> pd.Series:
    """CRITIC weights: contrast (standard deviation) times conflict (1 - correlation).

    Parameters
    ----------
    problem : Problem
    apply_types : bool, default False
        Reverse cost columns in the min-max step (scikit-criteria's convention). The
        default reproduces Diakoulaki et al. (1995) and the published examples.
    correlation : {"pearson", "spearman"}, default "pearson"
        Correlation measuring conflict between criteria. ``"spearman"`` (rank correlation,
        average ranks for ties) is scikit-criteria's ``Critic(correlation="spearman")``.
    scale : bool, default True
        Min-max normalise each criterion first (Diakoulaki et al.). ``False`` takes the
        standard deviations in the criteria's own units, as scikit-criteria's
        ``Critic(scale=False)``; only meaningful when every criterion shares one unit.

    Returns
    -------
    pandas.Series

    Raises
    ------
    DataError
        Fewer than 2 partners, every criterion constant, or all perfectly correlated.

    References
    ----------
    .. [1] Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective
       weights in multiple criteria problems: the CRITIC method. *Computers & Operations
       Research* 22(7), 763-770.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> pb = ps.Problem.from_frame(pd.DataFrame({"a": [0, 1, 2], "b": [2, 0, 1]}),
    ...                            objectives={"a": "max", "b": "max"})
    >>> ps.weights.critic(pb).tolist()  # equal spread, correlation -0.5 both ways
    [0.5, 0.5]
    """
    _check_problem(problem, "critic")
    return _critic(
        problem.values,
        problem.signs,
        list(problem.criteria),
        apply_types=apply_types,
        correlation=correlation,
        scale=scale,
    )


def std_dev(problem: Problem, *, normalize: bool = True) -> pd.Series:
    """Standard-deviation weights: the spread of each (min-max normalised) criterion.

    Parameters
    ----------
    problem : Problem
    normalize : bool, default True
        Min-max normalise first so that units do not matter; ``False`` uses the raw
        values (pymcdm's and scikit-criteria's ``std_weights``).

    Returns
    -------
    pandas.Series

    References
    ----------
    .. [1] Wang, Y.-M. & Luo, Y. (2010). Integration of correlations with standard
       deviations for determining attribute weights in multiple attribute decision
       making. *Mathematical and Computer Modelling* 51(1-2), 1-12.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> pb = ps.Problem.from_frame(pd.DataFrame({"a": [0, 10, 20], "b": [0, 0, 3]}),
    ...                            objectives={"a": "max", "b": "max"})
    >>> [round(w, 4) for w in ps.weights.std_dev(pb)]  # sd of (0, .5, 1) and (0, 0, 1)
    [0.4641, 0.5359]
    """
    _check_problem(problem, "std_dev")
    return _std_dev(problem.values, problem.signs, list(problem.criteria), normalize=normalize)


def merec(problem: Problem) -> pd.Series:
    """MEREC weights: the effect on the partners' performance of removing each criterion.

    Parameters
    ----------
    problem : Problem
        All values must be positive.

    Returns
    -------
    pandas.Series

    Raises
    ------
    DataError
        A value is zero or negative, or every criterion is constant.

    References
    ----------
    .. [1] Keshavarz-Ghorabaee, M., Amiri, M., Zavadskas, E. K., Turskis, Z. &
       Antucheviciene, J. (2021). Determination of objective weights using a new method
       based on the removal effects of criteria (MEREC). *Symmetry* 13(4), 525.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> pb = ps.Problem.from_frame(pd.DataFrame({"a": [1, 2], "b": [1, 4]}),
    ...                            objectives={"a": "max", "b": "max"})
    >>> [round(w, 2) for w in ps.weights.merec(pb)]  # removal effects 0.186 and 0.415
    [0.31, 0.69]
    """
    _check_problem(problem, "merec")
    return _merec(problem.values, problem.signs, list(problem.criteria))
