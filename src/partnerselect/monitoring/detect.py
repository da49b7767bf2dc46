"""Drift detectors: one-sided CUSUM and EWMA charts with thresholds set by run length.

Both charts watch a standardised series ``z_t = sign * (mu0 - x_t) / sigma`` (positive
when the partner does worse than its own baseline level ``mu0``), so one kernel serves
"higher is better" and "lower is better" KPIs. The alarm threshold is chosen so that the
in-control average run length (ARL0, periods between false alarms when nothing changed)
equals ``1 / false_alarm_rate``; ARLs are computed with the Markov-chain approximation of
Brook & Evans (1972), accurate to well under 1 % with 200 states.

References
----------
Page, E. S. (1954). Continuous inspection schemes. *Biometrika* 41, 100-115.
Brook, D. & Evans, D. A. (1972). An approach to the probability distribution of CUSUM run
length. *Biometrika* 59, 539-549.
Lucas, J. M. & Saccucci, M. S. (1990). Exponentially weighted moving average control schemes.
*Technometrics* 32, 1-12.
Montgomery, D. C. (2019). *Introduction to Statistical Quality Control*, 8th ed., ch. 9.
"""

from __future__ import annotations

import functools
import math

import numpy as np

__all__ = ["arl", "cusum", "ewma", "threshold"]

_STATES = 120


def _phi(x: np.ndarray) -> np.ndarray:
    from scipy.special import ndtr

    return np.asarray(ndtr(x), dtype=float)


def _arl_cusum(h: float, k: float, delta: np.ndarray) -> np.ndarray:
    # Brook & Evans: state 0 is S in [0, w/2), state j the interval around j*w; alarm above
    # h. One linear system per shift in ``delta``, solved as a batch.
    n = _STATES
    w = 2.0 * h / (2 * n - 1)
    centres = np.arange(n) * w
    edges = (np.arange(n) + 0.5) * w  # upper edge of each state
    # P[d, i, j] = P(centre_i + z - k in state j), z ~ N(delta_d, 1)
    upper = _phi(edges[None, None, :] - centres[None, :, None] + k - delta[:, None, None])
    lower = np.concatenate([np.zeros((*upper.shape[:2], 1)), upper[:, :, :-1]], axis=2)
    A = np.eye(n)[None] - (upper - lower)
    arl = np.linalg.solve(A, np.ones((delta.size, n, 1)))
    return arl[:, 0, 0]


def _arl_ewma(h: float, lam: float, delta: np.ndarray) -> np.ndarray:
    # One-sided EWMA E_t = lam*z_t + (1-lam)*E_{t-1}, E_0 = 0, alarm when E_t > h; the lower
    # side is truncated at -h (a reflecting barrier; it barely changes ARL0).
    n = _STATES
    low = -h
    w = (h - low) / n
    centres = low + (np.arange(n) + 0.5) * w
    edges = low + np.arange(n + 1) * w
    # next = (1-lam)*c + lam*z in [e_j, e_{j+1}) <=> z in [(e_j - (1-lam)c)/lam, ...)
    z = (edges[None, None, :] - (1 - lam) * centres[None, :, None]) / lam - delta[:, None, None]
    cdf = _phi(z)
    P = np.diff(cdf, axis=2)
    P[:, :, 0] += cdf[:, :, 0]  # everything below the lower edge stays in the lowest state
    start = int(np.searchsorted(edges, 0.0, side="right") - 1)
    arl = np.linalg.solve(np.eye(n)[None] - P, np.ones((delta.size, n, 1)))
    return arl[:, start, 0]


def _arls(method: str, h: float, shift: float, delta: np.ndarray) -> np.ndarray:
    if method == "cusum":
        return _arl_cusum(h, shift / 2.0, delta)
    return _arl_ewma(h, _lambda(shift), delta)


def arl(method: str, h: float, *, shift: float = 1.0, delta: float = 0.0) -> float:
    """Average run length of a one-sided chart with threshold ``h``.

    Parameters
    ----------
    method : {"cusum", "ewma"}
    h : float
        Alarm threshold (in noise standard deviations).
    shift : float
        Design shift: CUSUM reference ``k = shift / 2``; EWMA ``lambda = 0.2 * shift``
        capped to (0, 1].
    delta : float
        True shift of the mean, in noise standard deviations (0 = in control).

    Examples
    --------
    The tabulated CUSUM with k = 0.5, h = 4 (Montgomery 2019, table 9.3) has a two-sided
    ARL0 of 168, so 336 for one side, and ARL 8.38 for a 1 sd shift:

    >>> round(arl("cusum", 4.0)), round(arl("cusum", 4.0, delta=1.0), 2)
    (335, 8.38)
    """
    return float(_arls(method, h, shift, np.array([float(delta)]))[0])


def _lambda(shift: float) -> float:
    return float(min(1.0, 0.2 * shift))


@functools.lru_cache(maxsize=64)
def threshold(
    method: str, false_alarm_rate: float, shift: float = 1.0, baseline_periods: int | None = None
) -> float:
    """The alarm threshold for a per-period false-alarm rate.

    With ``baseline_periods=None`` the in-control ARL is ``1 / false_alarm_rate`` for a
    known baseline level. With ``baseline_periods=m`` the level is estimated from ``m``
    periods, so its error ``e ~ N(0, 1/m)`` (in noise sd) shifts the chart; the threshold
    then makes the *average* false-alarm rate, ``E_e[1 / ARL(h, delta=e)]``, equal the
    target (the unconditional calibration of Jones, Champ & Rigdon 2004, by 24-point
    Gauss-Hermite quadrature). Without it, six baseline periods would roughly triple the
    false alarms.

    Examples
    --------
    >>> round(threshold("cusum", 1 / 335.35), 2)
    4.0
    >>> threshold("cusum", 0.0027, baseline_periods=6) > threshold("cusum", 0.0027)
    True

    References
    ----------
    Jones, L. A., Champ, C. W. & Rigdon, S. E. (2004). The run length distribution of the
    CUSUM with estimated parameters. *Journal of Quality Technology* 36, 95-108.
    """
    from scipy.optimize import brentq

    if baseline_periods is None:
        nodes, weights = np.array([0.0]), np.array([1.0])
    else:
        x, w = np.polynomial.hermite_e.hermegauss(24)  # probabilists' Hermite: N(0, 1)
        nodes, weights = x / math.sqrt(baseline_periods), w / w.sum()

    def gap(h: float) -> float:
        rate = float(np.sum(weights / _arls(method, h, shift, nodes)))
        return math.log(rate) - math.log(false_alarm_rate)

    hi = 1.0
    while gap(hi) > 0 and hi < 64:
        hi *= 2
    return float(brentq(gap, 1e-3, hi, xtol=1e-5))


def cusum(z: np.ndarray, h: float, k: float) -> tuple[np.ndarray, np.ndarray]:
    """One-sided CUSUM over a batch of standardised series.

    An alarm is the period where the statistic first exceeds ``h``; a series stays "in
    alarm" (no new alarm) until its statistic returns to 0, so a sustained shift gives one
    alarm, not one per period.

    Parameters
    ----------
    z : ndarray of shape (n_series, n_periods)
        Standardised adverse deviations; NaN for a missing period (the statistic holds).
    h, k : float
        Threshold and reference value.

    Returns
    -------
    stat, alarm : ndarray of shape (n_series, n_periods)
        The CUSUM statistic after each period, and where an alarm started.

    Examples
    --------
    >>> stat, alarm = cusum(np.array([[0.0, 3.0, 3.0, 3.0, -9.0, 5.0]]), h=4.0, k=0.5)
    >>> stat.round(1).tolist(), alarm.tolist()
    ([[0.0, 2.5, 5.0, 7.5, 0.0, 4.5]], [[False, False, True, False, False, True]])
    """
    z = np.atleast_2d(np.asarray(z, dtype=float))
    stat = np.zeros_like(z)
    alarm = np.zeros(z.shape, dtype=bool)
    s = np.zeros(z.shape[0])
    active = np.zeros(z.shape[0], dtype=bool)
    for t in range(z.shape[1]):  # a recursion over time, vectorised over series
        s = np.maximum(0.0, s + np.nan_to_num(z[:, t] - k, nan=0.0))
        stat[:, t] = s
        alarm[:, t] = (s > h) & ~active
        active = (active | alarm[:, t]) & (s > 0)
    return stat, alarm


def ewma(z: np.ndarray, h: float, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """One-sided EWMA over a batch of standardised series.

    Same shapes and alarm convention as :func:`cusum` (in alarm until the statistic falls
    back to 0 or below); the lower side is truncated at ``-h``.
    """
    z = np.atleast_2d(np.asarray(z, dtype=float))
    stat = np.zeros_like(z)
    alarm = np.zeros(z.shape, dtype=bool)
    e = np.zeros(z.shape[0])
    active = np.zeros(z.shape[0], dtype=bool)
    for t in range(z.shape[1]):
        col = z[:, t]
        e = np.where(np.isnan(col), e, lam * np.nan_to_num(col) + (1 - lam) * e)
        e = np.maximum(e, -h)
        stat[:, t] = e
        alarm[:, t] = (e > h) & ~active
        active = (active | alarm[:, t]) & (e > 0)
    return stat, alarm
