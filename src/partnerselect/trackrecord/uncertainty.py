"""Draw Monte Carlo samples from per-cell uncertainty tables.

A cell's uncertainty is described by the columns of
:data:`partnerselect.problem.UNCERTAINTY_COLUMNS` (``dist, a, b, loc, scale, df, n``):

``"fixed"``
    no uncertainty: every draw is the cell's value (taken from ``values=`` if given, else
    from a ``value`` column, else from ``a``);
``"beta"``
    ``loc + scale * Beta(a, b)`` (``loc`` defaults to 0 and ``scale`` to 1 when NaN);
``"t"``
    ``a + b * T(df)`` (location ``a``, scale ``b``; ``df`` NaN or infinite means normal);
``"normal"``
    ``a + b * N(0, 1)``;
``"uniform"``
    ``U(a, b)``;
``"lognormal"``
    ``loc + scale * exp(a + b * N(0, 1))``: ``a`` and ``b`` are the mean and standard
    deviation of the logarithm (``loc`` defaults to 0 and ``scale`` to 1), as JSMAA's
    log-normal measurement.

Draws are vectorised per family: one call to the generator per family, never a Python loop
over samples or cells.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import DataError, ParameterError, SchemaError

__all__ = ["DISTRIBUTIONS", "sample", "sample_uncertainty"]

#: Sampling families understood by :func:`sample_uncertainty`.
DISTRIBUTIONS = ("fixed", "beta", "t", "normal", "uniform", "lognormal")


def _as_generator(random_state: Any) -> np.random.Generator:
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or isinstance(random_state, int | np.integer):
        return np.random.default_rng(random_state)
    msg = (
        "The 'random_state' parameter must be an int seed, a numpy Generator or None. "
        f"Got {random_state!r} instead."
    )
    raise ParameterError(msg, value=random_state)


_UNSET: Any = object()


def _renamed_rng(random_state: Any, rng: Any, func: str) -> Any:
    """``random_state``, or the deprecated ``rng=`` keyword (0.1's name) with a warning."""
    if rng is _UNSET:
        return random_state
    warnings.warn(
        f"{func}(rng=...) is deprecated and will be removed in 0.4; the seed is "
        "random_state=... as everywhere else in partnerselect.",
        DeprecationWarning,
        stacklevel=3,
    )
    return rng


def _column(unc: pd.DataFrame, name: str, default: float) -> np.ndarray:
    if name not in unc.columns:
        return np.full(len(unc), default, dtype=float)
    return pd.to_numeric(unc[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _label(unc: pd.DataFrame, pos: int) -> str:
    label = unc.index[pos]
    return " / ".join(map(str, label)) if isinstance(label, tuple) else str(label)


def _check(unc: pd.DataFrame, bad: np.ndarray, what: str) -> None:
    if bad.any():
        pos = int(np.flatnonzero(bad)[0])
        msg = (
            f"Uncertainty row {_label(unc, pos)!r} ({unc['dist'].iloc[pos]!r}) has {what}. "
            "Fix the parameters or set dist='fixed'."
        )
        raise DataError(msg, row=_label(unc, pos))


def sample_uncertainty(
    unc: pd.DataFrame,
    n_samples: int,
    random_state: int | np.random.Generator | None = None,
    *,
    values: np.ndarray | pd.Series | None = None,
    rng: Any = _UNSET,
) -> np.ndarray:
    """Draw ``n_samples`` joint samples of every row of an uncertainty table.

    Rows are sampled independently of each other.

    Parameters
    ----------
    unc : pandas.DataFrame
        One row per cell with at least a ``dist`` column and the parameter columns of
        :data:`partnerselect.problem.UNCERTAINTY_COLUMNS` its families need (a
        :attr:`partnerselect.Problem.uncertainty` table or a metric table).
    n_samples : int
        Number of draws (>= 1).
    random_state : int, numpy.random.Generator or None
        Seed or generator.
    values : array-like, optional
        Value of each row, used for ``"fixed"`` cells (and for rows whose ``dist`` is
        missing). Defaults to a ``value`` column, else to ``a``.
    rng : int, numpy.random.Generator or None, optional
        Deprecated name of ``random_state`` (DeprecationWarning; removed in 0.4).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_samples, n_rows)``.

    Raises
    ------
    SchemaError
        ``unc`` has no ``dist`` column.
    ParameterError
        Unknown family, bad ``n_samples`` or ``random_state``.
    DataError
        Parameters impossible for their family (non-positive Beta shapes, negative scale,
        ``high < low``).

    Examples
    --------
    >>> import pandas as pd
    >>> unc = pd.DataFrame({"dist": ["fixed", "beta", "uniform"], "a": [0.7, 2.0, 3.0],
    ...                     "b": [None, 2.0, 4.0]})
    >>> draws = sample_uncertainty(unc, 1000, random_state=1)
    >>> draws.shape, bool((draws[:, 0] == 0.7).all()), bool((draws[:, 2] >= 3).all())
    ((1000, 3), True, True)
    """
    if "dist" not in unc.columns:
        msg = (
            "The uncertainty table has no 'dist' column. It needs the columns "
            "dist, a, b, loc, scale, df (see partnerselect.problem.UNCERTAINTY_COLUMNS)."
        )
        raise SchemaError(msg, column="dist")
    if isinstance(n_samples, bool) or not isinstance(n_samples, int | np.integer) or n_samples < 1:
        msg = f"The 'n_samples' parameter must be a positive int. Got {n_samples!r} instead."
        raise ParameterError(msg, value=n_samples)
    gen = _as_generator(_renamed_rng(random_state, rng, "sample_uncertainty"))
    m = len(unc)
    dist = unc["dist"].astype(object).where(unc["dist"].notna(), "fixed").astype(str).to_numpy()
    unknown = sorted(set(dist) - set(DISTRIBUTIONS))
    if unknown:
        pos = int(np.flatnonzero(dist == unknown[0])[0])
        msg = (
            f"Uncertainty row {_label(unc, pos)!r} has dist={unknown[0]!r}; "
            f"it must be one of {list(DISTRIBUTIONS)}."
        )
        raise ParameterError(msg, row=_label(unc, pos), value=unknown[0])
    a, b = _column(unc, "a", np.nan), _column(unc, "b", np.nan)
    loc = np.nan_to_num(_column(unc, "loc", 0.0), nan=0.0)
    scale = _column(unc, "scale", 1.0)
    scale = np.where(np.isnan(scale), 1.0, scale)
    df = _column(unc, "df", np.nan)
    if values is not None:
        fixed_value = np.asarray(values, dtype=float).reshape(-1)
        if fixed_value.size != m:
            msg = f"'values' has {fixed_value.size} entries for {m} uncertainty rows."
            raise ParameterError(msg, value=fixed_value.size)
    elif "value" in unc.columns:
        fixed_value = _column(unc, "value", np.nan)
    else:
        fixed_value = a
    out = np.empty((int(n_samples), m), dtype=float)
    out[:] = fixed_value

    sel = dist == "beta"
    if sel.any():
        _check(unc, sel & ~((a > 0) & (b > 0)), "Beta shapes a, b that are not both > 0")
        out[:, sel] = loc[sel] + scale[sel] * gen.beta(a[sel], b[sel], size=(n_samples, sel.sum()))
    for family in ("t", "normal"):
        sel = dist == family
        if not sel.any():
            continue
        _check(unc, sel & ~(np.isfinite(a) & (b >= 0)), "a non-finite location or negative scale")
        z = gen.standard_normal((n_samples, int(sel.sum())))
        if family == "t":
            dfs = df[sel]
            heavy = np.isfinite(dfs)
            _check(unc, sel & np.isfinite(df) & (df <= 0), "degrees of freedom <= 0")
            if heavy.any():
                cols = np.flatnonzero(heavy)
                z[:, cols] = gen.standard_t(dfs[heavy], size=(n_samples, cols.size))
        out[:, sel] = a[sel] + b[sel] * z
    sel = dist == "uniform"
    if sel.any():
        _check(unc, sel & ~(np.isfinite(a) & np.isfinite(b) & (b >= a)), "bounds with high < low")
        out[:, sel] = gen.uniform(a[sel], b[sel], size=(n_samples, int(sel.sum())))
    sel = dist == "lognormal"
    if sel.any():
        _check(
            unc,
            sel & ~(np.isfinite(a) & np.isfinite(b) & (b >= 0)),
            "a non-finite log-mean or negative log-sd",
        )
        z = gen.standard_normal((n_samples, int(sel.sum())))
        out[:, sel] = loc[sel] + scale[sel] * np.exp(a[sel] + b[sel] * z)
    return out


def sample(
    table: pd.DataFrame | Any,
    n_samples: int,
    random_state: int | np.random.Generator | None = None,
    *,
    rng: Any = _UNSET,
) -> np.ndarray:
    """Draw Monte Carlo samples of a metric's cells (one column per partner).

    Parameters
    ----------
    table : pandas.DataFrame or MetricResult
        A table with :data:`partnerselect.problem.UNCERTAINTY_COLUMNS` (and ``value``), such as
        :attr:`MetricResult.table`, or the result itself.
    n_samples : int
        Number of draws.
    random_state : int, numpy.random.Generator or None
        Seed or generator.
    rng : int, numpy.random.Generator or None, optional
        Deprecated name of ``random_state`` (DeprecationWarning; removed in 0.4).

    Returns
    -------
    numpy.ndarray
        Shape ``(n_samples, n_rows)``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"value": [0.75], "dist": ["beta"], "a": [3.0], "b": [1.0],
    ...                   "loc": [0.0], "scale": [1.0], "df": [float("nan")]})
    >>> round(float(sample(t, 20000, random_state=0).mean()), 2)
    0.75
    """
    frame = table if isinstance(table, pd.DataFrame) else table.table
    random_state = _renamed_rng(random_state, rng, "sample")
    return sample_uncertainty(frame, n_samples, random_state)
