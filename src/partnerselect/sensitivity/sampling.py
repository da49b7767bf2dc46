"""Random weights on the simplex (free, ordinal, interval-constrained) and random data.

Weights
    * no constraint: uniform on the simplex, Dirichlet(1, ..., 1) drawn as normalised
      standard exponentials (Rubinstein 1982), never "uniform then normalise", which is
      not uniform on the simplex;
    * ``{"order": [best, ..., worst]}``: uniform on the ordered region
      ``w_best >= ... >= w_worst``, obtained exactly by sorting each uniform sample in
      decreasing order and assigning it in that order (the region is one of ``n!``
      congruent cells of the simplex);
    * ``{"intervals": {crit: (lo, hi)}}`` or ``{"around": r}`` (``w (1 +/- r)``, clipped to
      [0, 1]): uniform on the polytope ``{w >= 0, sum w = 1, lo <= w <= hi}``. A pilot of
      4,000 draws estimates the acceptance rate of acceptance-rejection from the uniform
      simplex sampler; at 5 % or more, acceptance-rejection is used (exact), otherwise
      hit-and-run (Smith 1984) with parallel chains, a burn-in of ``50 n`` steps and a
      thinning of ``n`` steps (asymptotically exact). ``{"sampler": "rejection" |
      "hit-and-run"}`` forces the choice. Criteria with ``lo == hi`` are pinned.

Data
    :func:`sample_matrices` draws decision matrices from :attr:`Problem.uncertainty`
    through :func:`partnerselect.trackrecord.uncertainty.sample_uncertainty`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError, WeightError
from partnerselect.methods._stack import work_array
from partnerselect.problem import Problem

__all__ = [
    "GivenMatrices",
    "MatrixSampler",
    "WeightSampler",
    "as_generator",
    "dirichlet",
    "sample_matrices",
    "standard_normal32",
]

_KEYS = {"order", "intervals", "around", "sampler"}
MIN_ACCEPTANCE = 0.05
PILOT = 4_000


def as_generator(random_state: Any) -> tuple[np.random.Generator, int | None]:
    """A Generator and the seed to record (a fresh seed is drawn and recorded for None)."""
    if isinstance(random_state, np.random.Generator):
        return random_state, None
    if random_state is None:
        seed = int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
        return np.random.default_rng(seed), seed
    if isinstance(random_state, int | np.integer) and not isinstance(random_state, bool):
        if random_state < 0:
            msg = f"The 'random_state' seed must be an integer >= 0. Got {random_state!r} instead."
            raise ParameterError(msg, value=random_state)
        return np.random.default_rng(int(random_state)), int(random_state)
    msg = (
        "The 'random_state' parameter must be an int seed, a numpy Generator or None. "
        f"Got {random_state!r} instead."
    )
    raise ParameterError(msg, value=random_state)


def dirichlet(rng: np.random.Generator, size: int, n: int) -> np.ndarray:
    """``size`` weight vectors uniform on the ``n``-simplex (Dirichlet(1)).

    Examples
    --------
    >>> W = dirichlet(np.random.default_rng(0), 5, 3)
    >>> W.shape, bool(np.allclose(W.sum(axis=1), 1))
    ((5, 3), True)
    """
    E = rng.standard_exponential((size, n))
    return E / E.sum(axis=1, keepdims=True)


class WeightSampler:
    """Draws weight batches under optional constraints (see the module notes).

    Parameters
    ----------
    problem : Problem
        Supplies the criteria and the current weights (for ``"around"``).
    constraints : mapping or None
    rng : numpy.random.Generator

    Attributes
    ----------
    kind : str
        ``"dirichlet"``, ``"ordinal"``, ``"fixed"``, ``"rejection"`` or ``"hit-and-run"``.
    acceptance_rate : float or None
        Pilot estimate for interval constraints.
    """

    def __init__(
        self, problem: Problem, constraints: Mapping[str, Any] | None, rng: np.random.Generator
    ) -> None:
        self.rng = rng
        self.criteria = [str(c) for c in problem.criteria]
        self.n = len(self.criteria)
        self.acceptance_rate: float | None = None
        self.kind = "dirichlet"
        self._order: np.ndarray | None = None
        self._state: np.ndarray | None = None
        cons = dict(constraints or {})
        unknown = set(cons) - _KEYS
        if unknown:
            msg = (
                f"Unknown weight constraint(s) {sorted(unknown)}; use 'order', 'intervals' "
                "or 'around' (and optionally 'sampler')."
            )
            raise ParameterError(msg, value=sorted(unknown))
        shapes = [key for key in ("order", "intervals", "around") if key in cons]
        if len(shapes) > 1:
            msg = f"Give one of 'order', 'intervals' or 'around', not {shapes}."
            raise ParameterError(msg, value=shapes)
        forced = cons.get("sampler")
        if forced not in (None, "rejection", "hit-and-run"):
            msg = f"The 'sampler' constraint must be 'rejection' or 'hit-and-run'. Got {forced!r} instead."
            raise ParameterError(msg, value=forced)
        if "order" in cons:
            self._order = self._parse_order(cons["order"])
            self.kind = "ordinal"
        elif "intervals" in cons or "around" in cons:
            lo, hi = (
                self._parse_intervals(cons["intervals"])
                if "intervals" in cons
                else self._around(problem, cons["around"])
            )
            self._setup_polytope(lo, hi, forced)

    # ------------------------------------------------------------------ parsing
    def _parse_order(self, order: Any) -> np.ndarray:
        names = [str(c) for c in order] if not isinstance(order, str) else [order]
        if sorted(names) != sorted(self.criteria) or len(set(names)) != len(names):
            msg = (
                f"The 'order' constraint must list every criterion once, best first. Got "
                f"{names}; criteria are {self.criteria}."
            )
            raise ParameterError(msg, value=names)
        return np.array([self.criteria.index(c) for c in names])

    def _parse_intervals(self, intervals: Any) -> tuple[np.ndarray, np.ndarray]:
        if not isinstance(intervals, Mapping):
            msg = "The 'intervals' constraint must be a mapping {criterion: (low, high)}."
            raise ParameterError(msg, value=type(intervals).__name__)
        lo, hi = np.zeros(self.n), np.ones(self.n)
        for crit, pair in intervals.items():
            if str(crit) not in self.criteria:
                msg = f"Interval given for {crit!r}, which is not a criterion ({', '.join(self.criteria)})."
                raise ParameterError(msg, criterion=str(crit), value=crit)
            try:
                a, b = (float(v) for v in pair)
            except (TypeError, ValueError):
                msg = f"The interval of {crit!r} must be a pair (low, high). Got {pair!r} instead."
                raise ParameterError(msg, criterion=str(crit), value=pair) from None
            if not (0.0 <= a <= b <= 1.0):
                msg = (
                    f"The interval of {crit!r} must satisfy 0 <= low <= high <= 1. Got ({a}, {b})."
                )
                raise WeightError(msg, criterion=str(crit), value=(a, b))
            j = self.criteria.index(str(crit))
            lo[j], hi[j] = a, b
        return lo, hi

    def _around(self, problem: Problem, r: Any) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(r, bool) or not isinstance(r, int | float) or not 0 <= r <= 1:
            msg = f"The 'around' constraint must be a float in [0, 1]. Got {r!r} instead."
            raise ParameterError(msg, value=r)
        w = problem.weight_vector
        return np.clip(w * (1 - r), 0, 1), np.clip(w * (1 + r), 0, 1)

    def _setup_polytope(self, lo: np.ndarray, hi: np.ndarray, forced: str | None) -> None:
        eps = 1e-12
        if lo.sum() > 1 + eps or hi.sum() < 1 - eps:
            msg = (
                f"The weight intervals admit no weights summing to 1 (sum of lows "
                f"{lo.sum():.4g}, sum of highs {hi.sum():.4g}). Widen the intervals."
            )
            raise WeightError(msg, value=(float(lo.sum()), float(hi.sum())))
        self._lo, self._hi = lo, hi
        free = hi - lo > eps
        # A point inside the box on the hyperplane: lo + lam (hi - lo).
        span = float((hi - lo).sum())
        lam = (1.0 - lo.sum()) / span if span > 0 else 0.0
        self._x0 = lo + lam * (hi - lo)
        if free.sum() <= 1 or span <= eps or lam <= eps or lam >= 1 - eps:
            self.kind = "fixed"  # the polytope is a single point
            return
        self._free = free
        pilot = dirichlet(self.rng, PILOT, self.n)
        self.acceptance_rate = float(np.mean(self._inside(pilot)))
        if forced == "rejection" or (forced is None and self.acceptance_rate >= MIN_ACCEPTANCE):
            if self.acceptance_rate == 0:
                msg = (
                    "Acceptance-rejection accepted none of the pilot draws for these weight "
                    "intervals; use {'sampler': 'hit-and-run'} or let it choose."
                )
                raise ParameterError(msg, value="rejection")
            self.kind = "rejection"
        else:
            self.kind = "hit-and-run"

    def _inside(self, W: np.ndarray) -> np.ndarray:
        return np.all((self._lo - 1e-12 <= W) & (self._hi + 1e-12 >= W), axis=1)

    # ------------------------------------------------------------------ drawing
    def draw(self, size: int) -> np.ndarray:
        """``size`` weight vectors ``(size, n)``, rows summing to 1."""
        if self.kind == "dirichlet":
            return dirichlet(self.rng, size, self.n)
        if self.kind == "ordinal":
            assert self._order is not None
            W = -np.sort(-dirichlet(self.rng, size, self.n), axis=1)
            out = np.empty_like(W)
            out[:, self._order] = W
            return out
        if self.kind == "fixed":
            return np.broadcast_to(self._x0, (size, self.n)).copy()
        if self.kind == "rejection":
            return self._rejection(size)
        return self._hit_and_run(size)

    def _rejection(self, size: int) -> np.ndarray:
        rate = max(self.acceptance_rate or 0.0, 1e-3)
        parts, got = [], 0
        while got < size:
            batch = int(min(max((size - got) / rate * 1.2, 64), 4_000_000 // max(self.n, 1)))
            W = dirichlet(self.rng, batch, self.n)
            W = W[self._inside(W)]
            parts.append(W)
            got += W.shape[0]
        return np.vstack(parts)[:size]

    def _hit_and_run(self, size: int) -> np.ndarray:
        n = self.n
        free = self._free
        thin = max(n, 1)
        if self._state is None:
            chains = int(min(max(size, 1), 1024))
            self._state = np.broadcast_to(self._x0, (chains, n)).copy()
            self._walk(50 * n)
        assert self._state is not None
        chains = self._state.shape[0]
        out = np.empty((size, n))
        filled = 0
        while filled < size:
            self._walk(thin)
            take = min(chains, size - filled)
            out[filled : filled + take] = self._state[:take]
            filled += take
        out[:, ~free] = self._lo[~free]
        return out / out.sum(axis=1, keepdims=True)

    def _walk(self, steps: int) -> None:
        """Hit-and-run steps on every chain: a random direction in the hyperplane
        ``sum w = 1`` restricted to the free coordinates, a uniform point on the chord."""
        assert self._state is not None
        X = self._state
        free = self._free
        lo, hi = self._lo[free], self._hi[free]
        c, f = X.shape[0], int(free.sum())
        for _ in range(steps):
            d = self.rng.standard_normal((c, f))
            d -= d.mean(axis=1, keepdims=True)
            d /= np.linalg.norm(d, axis=1, keepdims=True)
            x = X[:, free]
            with np.errstate(divide="ignore", invalid="ignore"):
                t_lo = np.where(d > 0, (lo - x) / d, np.where(d < 0, (hi - x) / d, -np.inf))
                t_hi = np.where(d > 0, (hi - x) / d, np.where(d < 0, (lo - x) / d, np.inf))
            a = np.minimum(np.max(t_lo, axis=1), 0.0)
            b = np.maximum(np.min(t_hi, axis=1), 0.0)
            t = a + (b - a) * self.rng.random(c)
            X[:, free] = np.clip(x + t[:, None] * d, lo, hi)


_ANGLE_BITS = 2.0**21
_ANGLE_STEP = 2.0 * np.pi / _ANGLE_BITS


def standard_normal32(
    rng: np.random.Generator, size: int, out: np.ndarray | None = None
) -> np.ndarray:
    """``size`` independent standard normal values in float32 (Box & Muller 1958).

    Each uniform double ``u`` of the generator (53 random bits) is split into two
    independent uniforms: its top 21 bits give the angle ``theta`` (one of ``2**21``
    equally spaced angles, centred in their cells) and its low 32 bits give ``u1`` in
    ``(0, 1]``; the pair gives two independent normals ``sqrt(-2 ln u1) cos(theta)`` and
    ``sqrt(-2 ln u1) sin(theta)``, computed with numpy's vectorised float32 ``log``,
    ``sqrt``, ``cos`` and ``sin``. This is about three times faster than numpy's ziggurat
    (float32 or float64). The transform is exact; the departures from the normal law are
    float32 rounding (a relative 6e-8 on each value), the angle grid (a distance of at
    most 5e-7 between distribution functions) and the smallest ``u1``, ``2**-32``, which
    bounds ``|z|`` at 6.66 (the normal law puts 3e-11 beyond it): all far below the Monte
    Carlo error of any analysis.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the random numbers.
    size : int
        Number of values.
    out : numpy.ndarray, optional
        A float32 array of ``size`` elements to write into (default: a new one).

    Returns
    -------
    numpy.ndarray, shape (size,), float32

    Examples
    --------
    >>> z = standard_normal32(np.random.default_rng(0), 200_000)
    >>> z.dtype.name, abs(float(z.mean())) < 0.01, abs(float(z.std()) - 1) < 0.01
    ('float32', True, True)
    """
    size = int(size)
    half = (size + 1) // 2
    u = work_array("normal-u", (half,))
    rng.random(out=u)
    u *= _ANGLE_BITS  # integer part: 21 bits for the angle; fraction: 32 bits for u1
    cell = work_array("normal-cell", (half,))
    np.trunc(u, out=cell)
    u -= cell  # fraction in [0, 1) on a grid of 2**-32
    np.subtract(1.0, u, out=u)  # u1 in (0, 1]: never log(0)
    radius = work_array("normal-radius", (half,), np.float32)
    np.copyto(radius, u, casting="same_kind")
    np.log(radius, out=radius)
    radius *= np.float32(-2.0)
    np.sqrt(radius, out=radius)
    cell += 0.5
    angle = work_array("normal-angle", (half,), np.float32)
    np.multiply(cell, _ANGLE_STEP, out=angle, casting="same_kind")
    if out is None:
        out = np.empty(size, dtype=np.float32)
    low, high = out[:half], out[half:]
    np.cos(angle, out=low)
    low *= radius
    np.sin(angle[: size - half], out=high)
    high *= radius[: size - half]
    return out


class MatrixSampler:
    """Draws decision matrices ``(S, m, n)`` from :attr:`Problem.uncertainty`, fast.

    The table is read once (per family: the cell positions and the parameters); each draw
    is then one generator call per family written straight into the output, with no
    per-sample or per-cell Python loop. The families and their parameters are those of
    :mod:`partnerselect.trackrecord.uncertainty` (the table was validated when the Problem
    was built). Cells absent from the table, or ``"fixed"``, keep the matrix value.

    The matrices are returned as an ``(S, m, n)`` view of memory laid out criteria x
    partners x samples (the sample axis innermost), the layout in which the stacked
    kernels (:meth:`~partnerselect.methods.Method.stacked_kernel`) reduce over partners and
    broadcast per-criterion values over contiguous memory.

    Normal cells are drawn as float32 standard normals ``z`` (:func:`standard_normal32`);
    the deviation ``b z`` is formed in float32 and the mean ``a`` added in float64,
    straight into the float64 output. The precision is ample: ``z``, ``b`` and ``b z``
    each carry a relative rounding error of at most 2**-24 (6e-8), so a value is off by
    at most ``2e-7 b |z|``, a few ten-millionths of a standard deviation, against Monte
    Carlo errors of order ``1/sqrt(S)`` in every output; the mean is added in float64, so
    a large mean keeps its full precision (a value of 1e9 with sd 1e-3 is drawn right).
    """

    def __init__(self, problem: Problem) -> None:
        self.base = np.asarray(problem.values, dtype=float)
        m, n = self.base.shape
        self.shape = (m, n)
        self._base_t = np.ascontiguousarray(self.base.T).reshape(-1)  # criteria x partners
        self.groups: list[tuple[str, np.ndarray, dict[str, np.ndarray]]] = []
        self.full = self.identity = False
        unc = problem.uncertainty
        if unc is None or len(unc) == 0:
            return
        partners = {str(p): i for i, p in enumerate(problem.partners)}
        criteria = {str(c): j for j, c in enumerate(problem.criteria)}
        # position of each cell in the criteria x partners memory of one sample
        flat = np.array(
            [criteria[str(c)] * m + partners[str(p)] for p, c in unc.index], dtype=np.int64
        )
        dist = np.array(
            ["fixed" if not isinstance(d, str) else d.strip() for d in unc["dist"].astype(object)]
        )

        def col(name: str, default: float) -> np.ndarray:
            if name not in unc.columns:
                return np.full(len(unc), default)
            v = pd.to_numeric(unc[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
            return np.where(np.isnan(v), default, v)

        a, b = col("a", np.nan), col("b", np.nan)
        loc, scale, df = col("loc", 0.0), col("scale", 1.0), col("df", np.inf)

        def add(family: str, sel: np.ndarray, params: dict[str, np.ndarray]) -> None:
            order = np.argsort(flat[sel], kind="stable")  # cells in memory order
            cells = flat[sel][order]
            self.groups.append(
                (family, cells, {key: val[order][:, None] for key, val in params.items()})
            )

        for family in ("beta", "normal", "t", "uniform", "lognormal"):
            sel = dist == family
            if family == "t":
                normal_t = sel & ~np.isfinite(df)
                if normal_t.any():  # t without df is a normal
                    add("normal", normal_t, {"a": a[normal_t], "b": b[normal_t]})
                sel = sel & np.isfinite(df)
            if sel.any():
                params = {
                    "a": a[sel],
                    "b": b[sel],
                    "loc": loc[sel],
                    "scale": scale[sel],
                    "df": df[sel],
                }
                add(family, sel, params)
        self.full = sum(g[1].size for g in self.groups) == m * n
        self.identity = (
            len(self.groups) == 1
            and self.full
            and bool(np.array_equal(self.groups[0][1], np.arange(m * n)))
        )

    def draw(
        self, size: int, rng: np.random.Generator, out: np.ndarray | None = None
    ) -> np.ndarray:
        """``size`` matrices ``(size, m, n)`` (the sample axis innermost in memory).

        Parameters
        ----------
        size : int
            Number of matrices.
        rng : numpy.random.Generator
            Source of the random numbers.
        out : numpy.ndarray, optional
            A float64 array of ``size * m * n`` elements to write into (a work array that
            a chunked run reuses); by default a new one.

        Returns
        -------
        numpy.ndarray, shape (size, m, n)
        """
        m, n = self.shape
        # criteria x partners x samples
        out = np.empty((m * n, size)) if out is None else out.reshape(m * n, size)
        if not self.full:
            out[:] = self._base_t[:, None]
        for family, cells, p in self.groups:
            k = cells.size
            # one family covering every cell in memory order writes straight into out
            z = out if self.identity else np.empty((k, size))
            if family == "normal":
                z32 = work_array("normal-values", (k * size,), np.float32)
                dev = standard_normal32(rng, k * size, out=z32).reshape(k, size)
                dev *= p["b"].astype(np.float32)  # b z in float32, then the mean in float64
                np.add(dev, p["a"], out=z)
            elif family == "t":
                np.multiply(rng.standard_t(p["df"], size=(k, size)), p["b"], out=z)
                z += p["a"]
            elif family == "uniform":
                z[:] = rng.uniform(p["a"], p["b"], size=(k, size))
            elif family == "beta":
                np.multiply(rng.beta(p["a"], p["b"], size=(k, size)), p["scale"], out=z)
                z += p["loc"]
            else:  # lognormal
                np.multiply(rng.standard_normal((k, size)), p["b"], out=z)
                z += p["a"]
                np.exp(z, out=z)
                z *= p["scale"]
                z += p["loc"]
            if not self.identity:
                out[cells] = z
        return out.reshape(n, m, size).transpose(2, 1, 0)


class GivenMatrices:
    """Decision matrices taken from joint draws you supply, ``(draws, m, n)``.

    For criteria values that are correlated across partners or criteria (posterior draws of
    a network meta-analysis, a bootstrap of whole track records), which a per-cell
    :attr:`Problem.uncertainty` table cannot express. When a run asks for exactly as many
    matrices as there are draws, the draws are used in order, each once; otherwise each
    matrix is a draw chosen uniformly at random, with replacement.

    Parameters
    ----------
    draws : array-like
        Joint draws of the decision matrix, ``(draws, partners, criteria)``, in the
        problem's units, partner order and criterion order; finite.
    shape : tuple of int
        The problem's ``(partners, criteria)``.
    total : int
        How many matrices the run will ask for in all (for the in-order rule).

    Raises
    ------
    ParameterError
        Not a 3-D array of that shape, no draws, or a value that is not a finite number
        (the error names the first such draw, partner and criterion positions).

    Examples
    --------
    >>> d = np.arange(12.0).reshape(3, 2, 2)
    >>> g = GivenMatrices(d, (2, 2), total=3)
    >>> bool((g.draw(2, np.random.default_rng(0)) == d[:2]).all())
    True
    >>> bool((g.draw(1, np.random.default_rng(0)) == d[2:]).all())
    True
    """

    def __init__(self, draws: Any, shape: tuple[int, int], total: int) -> None:
        try:
            arr = np.asarray(draws, dtype=float)
        except (TypeError, ValueError) as exc:
            msg = f"'data_samples' must be an array of numbers (draws, partners, criteria): {exc}"
            raise ParameterError(msg, value=type(draws).__name__) from None
        if arr.ndim != 3 or arr.shape[1:] != tuple(shape) or arr.shape[0] < 1:
            msg = (
                "'data_samples' must have shape (draws, partners, criteria) = "
                f"(k, {shape[0]}, {shape[1]}) with k >= 1; got {arr.shape}."
            )
            raise ParameterError(msg, value=arr.shape)
        bad = ~np.isfinite(arr)
        if bad.any():
            k, i, j = (int(x) for x in np.argwhere(bad)[0])
            msg = (
                f"'data_samples' holds a value that is not a finite number ({arr[k, i, j]!r}) "
                f"at draw {k}, partner position {i}, criterion position {j}: give every "
                "draw a full matrix."
            )
            raise ParameterError(msg, value=float(arr[k, i, j]))
        self.draws = arr
        self.in_order = arr.shape[0] == int(total)
        self._next = 0

    def draw(self, size: int, rng: np.random.Generator) -> np.ndarray:
        """``size`` matrices ``(size, m, n)``: the next draws in order, or random ones."""
        if self.in_order:
            idx = (self._next + np.arange(size)) % self.draws.shape[0]
            self._next += size
        else:
            idx = rng.integers(0, self.draws.shape[0], size=size)
        return self.draws[idx]


def sample_matrices(problem: Problem, n_samples: int, rng: np.random.Generator) -> np.ndarray:
    """Decision matrices ``(n_samples, m, n)`` drawn from ``problem.uncertainty``.

    Cells absent from the table, or with ``dist="fixed"``, keep the matrix value.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> unc = pd.DataFrame({"dist": ["uniform"], "a": [0.0], "b": [1.0]},
    ...                    index=pd.MultiIndex.from_tuples([("p1", "q")]))
    >>> pb = ps.Problem.from_frame(pd.DataFrame({"q": [0.5, 2.0]}, index=["p1", "p2"]),
    ...                            objectives={"q": "max"}, uncertainty=unc)
    >>> X = sample_matrices(pb, 100, np.random.default_rng(0))
    >>> X.shape, bool((X[:, 1, 0] == 2.0).all()), bool((X[:, 0, 0] <= 1).all())
    ((100, 2, 1), True, True)
    """
    from partnerselect.trackrecord.uncertainty import sample_uncertainty

    base = problem.values
    out = np.broadcast_to(base, (n_samples, *base.shape)).copy()
    unc = problem.uncertainty
    if unc is None or len(unc) == 0:
        return out
    if unc.index.nlevels != 2:
        msg = (
            "Problem.uncertainty must be indexed by (partner_id, criterion); got an index "
            f"with {unc.index.nlevels} level(s)."
        )
        raise ParameterError(msg, value=unc.index.nlevels)
    partners = {str(p): i for i, p in enumerate(problem.partners)}
    criteria = {str(c): j for j, c in enumerate(problem.criteria)}
    rows, cols, keep = [], [], []
    for pos, (pid, crit) in enumerate(unc.index):
        if str(pid) in partners and str(crit) in criteria:
            rows.append(partners[str(pid)])
            cols.append(criteria[str(crit)])
            keep.append(pos)
    if not keep:
        return out
    table = unc.iloc[keep]
    r, c = np.asarray(rows), np.asarray(cols)
    draws = sample_uncertainty(table, int(n_samples), rng, values=base[r, c])
    out[:, r, c] = draws
    return out
