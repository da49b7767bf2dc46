"""Numerical helpers shared by the sensitivity analyses.

Everything here works through the :class:`~partnerselect.methods.Method` interface only
(``validate``/``scorer``/``higher_is_better``), so it serves every registered method.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import functools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ParamSpec, TypeVar

import numpy as np

from partnerselect.errors import ParameterError, PartnerSelectError
from partnerselect.methods._base import Method, resolve_method
from partnerselect.problem import Problem
from partnerselect.ranking import TIE_RTOL

__all__ = [
    "Bound",
    "RankTally",
    "as_problem",
    "bind",
    "blas_one_thread",
    "competition_ranks",
    "criterion_indices",
    "path_weights",
    "rank_rows",
    "ranks_in_order",
    "raw_delta",
]


_P = ParamSpec("_P")
_R = TypeVar("_R")
_BLAS: list[Any] = []  # the threadpoolctl controller, created on first use (or None)


@contextlib.contextmanager
def _one_blas_thread() -> Iterator[None]:
    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

            _BLAS.append(ThreadpoolController())
        except Exception:  # threadpoolctl missing or unable to inspect the libraries
            _BLAS.append(None)
    controller = _BLAS[0]
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


def blas_one_thread(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``func`` with the BLAS library on one thread (restored afterwards).

    The analyses multiply many small matrices (a chunk of weight vectors by a few
    criteria); for such sizes a multi-threaded BLAS spends more time waking and
    synchronising its threads than computing, and on a busy machine one product can take
    a hundred times longer than on one thread. The limit goes through threadpoolctl
    (installed with scikit-learn, which scikit-criteria needs); without it nothing
    changes. The limit is process-wide while ``func`` runs, then the previous setting
    is restored.
    """

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with _one_blas_thread():
            return func(*args, **kwargs)

    return wrapper


def as_problem(obj: Any) -> Problem:
    """``obj`` itself when it is a Problem, else its ``.problem`` (an Evaluation)."""
    if isinstance(obj, Problem):
        return obj
    inner = getattr(obj, "problem", None)
    if isinstance(inner, Problem):
        return inner
    msg = (
        f"Expected a partnerselect.Problem (or an object with a .problem, such as an "
        f"Evaluation), got {type(obj).__name__}. Build one with Problem.from_frame(...)."
    )
    raise ParameterError(msg, value=type(obj).__name__)


@dataclasses.dataclass(frozen=True)
class Bound:
    """A method bound to a problem: parameters validated once, scores oriented.

    ``utility(W)`` maps a weight batch ``(S, n)`` to ``(S, m)`` values where larger is
    always better; ``score(W)`` returns the method's own scores.
    """

    problem: Problem
    method: Method
    score: Callable[[np.ndarray], np.ndarray]

    @property
    def name(self) -> str:
        return self.method.name or type(self.method).__name__

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.method.params)

    @property
    def sign(self) -> float:
        return 1.0 if self.method.higher_is_better else -1.0

    def utility(self, weights: np.ndarray) -> np.ndarray:
        return self.sign * self.score(weights)

    def safe_utility(self, weights: np.ndarray) -> np.ndarray:
        """Like :meth:`utility`, with NaN rows where the method fails for a weight vector.

        Some methods are undefined at particular weights (for example a zero weight); the
        batch is retried row by row so that one bad vector does not sink the others.
        """
        W = np.atleast_2d(np.asarray(weights, dtype=float))
        with np.errstate(all="ignore"):
            try:
                out = np.asarray(self.utility(W), dtype=float)
            except (ArithmeticError, ValueError, PartnerSelectError):
                out = np.full((W.shape[0], self.problem.shape[0]), np.nan)
                for s in range(W.shape[0]):
                    try:
                        out[s] = self.utility(W[s : s + 1])[0]
                    except (ArithmeticError, ValueError, PartnerSelectError):
                        continue
        bad = ~np.all(np.isfinite(out), axis=1)
        if bad.any():
            out = out.copy()
            out[bad] = np.nan
        return out


def bind(problem: Any, method: Any, params: dict[str, Any]) -> Bound:
    """Resolve ``method`` with ``params`` and validate it against ``problem`` once."""
    pb = as_problem(problem)
    obj = resolve_method(method, **params)
    return Bound(problem=pb, method=obj, score=obj.scorer(pb))


def criterion_indices(problem: Problem, criterion: Any) -> list[int]:
    """Positions of the requested criteria (``None`` = all)."""
    names = [str(c) for c in problem.criteria]
    if criterion is None:
        return list(range(len(names)))
    wanted: Sequence[Any] = [criterion] if isinstance(criterion, str) else list(criterion)
    out = []
    for crit in wanted:
        if str(crit) not in names:
            close = difflib.get_close_matches(str(crit), names, n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            msg = f"Unknown criterion {crit!r}.{hint} Criteria: {', '.join(names)}."
            raise ParameterError(msg, criterion=str(crit), value=crit)
        out.append(names.index(str(crit)))
    return out


def path_weights(w: np.ndarray, k: int, x: np.ndarray) -> np.ndarray:
    """Weight vectors with criterion ``k`` set to each ``x`` and the others rescaled.

    The other weights keep their ratios and fill ``1 - x``; when they are all zero they
    share ``1 - x`` equally. This is the same path as changing the raw weight of ``k``
    alone and normalising again (Triantaphyllou & Sanchez 1997).

    Examples
    --------
    >>> path_weights(np.array([0.5, 0.3, 0.2]), 0, np.array([0.0, 1.0])).round(3).tolist()
    [[0.0, 0.6, 0.4], [1.0, 0.0, 0.0]]
    """
    w = np.asarray(w, dtype=float)
    xs = np.asarray(x, dtype=float).reshape(-1)
    n = w.size
    rest = np.delete(w, k)
    total = rest.sum()
    share = rest / total if total > 0 else np.full(n - 1, 1.0 / max(n - 1, 1))
    out = np.empty((xs.size, n))
    out[:, k] = xs
    out[:, np.arange(n) != k] = (1.0 - xs)[:, None] * share[None, :]
    return out


def raw_delta(w_k: float, x: np.ndarray | float) -> np.ndarray:
    """The raw change ``δ`` of weight ``k`` (others untouched, then renormalised) that
    gives the normalised weight ``x``: ``x = (w_k + δ) / (1 + δ)``, so
    ``δ = (x - w_k) / (1 - x)`` (``inf`` at ``x = 1``).

    Examples
    --------
    >>> float(raw_delta(0.25, 0.4))
    0.25
    """
    xs = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(xs < 1.0, (xs - w_k) / (1.0 - xs), np.inf)


def rank_rows(utilities: np.ndarray) -> np.ndarray:
    """Competition ranks ("1224", 1 = best) of each row of a utility batch ``(S, m)``.

    Scores within the tie tolerance of :mod:`partnerselect.ranking` share the best rank of
    their group, exactly as :func:`partnerselect.ranking.rank_scores` with ``ties="min"``.

    Examples
    --------
    >>> rank_rows(np.array([[0.2, 0.9, 0.9], [3.0, 1.0, 2.0]])).tolist()
    [[3, 1, 1], [1, 3, 2]]
    """
    U = np.atleast_2d(np.asarray(utilities, dtype=float))
    S, m = U.shape
    if m == 0:
        return np.zeros((S, 0), dtype=int)
    order = np.argsort(-U, axis=1, kind="stable")
    su = np.take_along_axis(U, order, axis=1)
    with np.errstate(invalid="ignore"):
        scale = np.nanmax(np.abs(U), axis=1, keepdims=True) if S else np.zeros((0, 1))
    tol = np.maximum(TIE_RTOL * np.nan_to_num(scale), 1e-12)
    new_group = np.ones((S, m), dtype=bool)
    new_group[:, 1:] = ~((su[:, :-1] - su[:, 1:]) <= tol)
    starts = np.where(new_group, np.arange(1, m + 1)[None, :], 0)
    ranks_sorted = np.maximum.accumulate(starts, axis=1)
    out = np.empty_like(ranks_sorted)
    np.put_along_axis(out, order, ranks_sorted, axis=1)
    return out


def tie_tolerance(values: np.ndarray) -> float:
    """Absolute tolerance under which two utilities count as tied."""
    v = np.asarray(values, dtype=float)
    finite = v[np.isfinite(v)]
    return max(TIE_RTOL * float(np.max(np.abs(finite))) if finite.size else 0.0, 1e-12)


def _rank_batch(
    scores: np.ndarray,
    *,
    higher_is_better: bool = True,
    ties: str = "min",
    rtol: float = TIE_RTOL,
) -> np.ndarray:
    """Ranks (1 = best) of each row of a score batch ``(S, m)``, ties shared.

    :func:`partnerselect.ranking.rank_batch`, the library's one ranking function, on a 2-D
    batch: competition ranks by default (identical partners share a rank, as in JSMAA and
    the R ``smaa`` package), NaN last.

    Examples
    --------
    >>> _rank_batch(np.array([[0.2, 0.9, 0.9, 0.1], [3.0, 1.0, 2.0, 2.0]])).tolist()
    [[3, 1, 1, 4], [1, 4, 2, 2]]
    >>> _rank_batch(np.array([[1.0, 1.0, 0.5]]), ties="dense").tolist()
    [[1, 1, 2]]
    >>> _rank_batch(np.array([[0.3, 0.1]]), higher_is_better=False).tolist()
    [[2, 1]]
    """
    from partnerselect.ranking import rank_batch

    U = np.atleast_2d(np.asarray(scores, dtype=float))
    return np.asarray(
        rank_batch(U, higher_is_better=higher_is_better, ties=ties, rtol=rtol), dtype=np.int64
    )


def ranks_in_order(utilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The partners of each row best first, and their competition ranks in that order.

    For a finite utility batch ``(S, m)`` (larger is better), returns ``order`` (``order[s,
    p]`` is the partner in position ``p`` of row ``s``) and ``ranks`` (``ranks[s, p]`` is
    the rank of that partner), so that ``ranks`` scattered back by ``order`` is exactly
    :func:`partnerselect.ranking.rank_batch` of the row (ties ``"min"``). The Monte Carlo
    counters need the ranks in this form (a rank and a partner per position), and the
    common case costs one sort: a row in which no two neighbours in sorted order are
    within twice the tie tolerance has ranks ``1..m`` as sorted; only the rows with a
    near tie are ranked by ``rank_batch`` itself, so the tie rule stays in one place.

    Examples
    --------
    >>> order, ranks = ranks_in_order(np.array([[0.2, 0.9, 0.5], [1.0, 3.0, 3.0]]))
    >>> order[0].tolist(), ranks[0].tolist(), sorted(order[1].tolist()), ranks[1].tolist()
    ([1, 2, 0], [1, 2, 3], [0, 1, 2], [1, 1, 3])
    """
    U = np.asarray(utilities, dtype=float)
    order, ranks = _order_and_ranks(U)
    if ranks is None:
        ranks = np.tile(np.arange(1, U.shape[1] + 1), (U.shape[0], 1))
    return order, ranks


def competition_ranks(utilities: np.ndarray) -> np.ndarray:
    """Ranks (1 = best, ties shared) of each row of a utility batch ``(S, m)``.

    Exactly :func:`partnerselect.ranking.rank_batch` (ties ``"min"``, NaN last), computed
    with one unstable sort per row (see :func:`ranks_in_order`): only rows with a near
    tie or a non-finite value go through ``rank_batch`` itself.

    Examples
    --------
    >>> competition_ranks(np.array([[0.2, 0.9, 0.9, 0.1], [3.0, 1.0, 2.0, np.nan]])).tolist()
    [[3, 1, 1, 4], [1, 3, 2, 4]]
    """
    U = np.atleast_2d(np.asarray(utilities, dtype=float))
    S, m = U.shape
    order, ranks = _order_and_ranks(U)
    out = np.empty((S, m), dtype=np.int64)
    out[np.arange(S)[:, None], order] = np.arange(1, m + 1) if ranks is None else ranks
    return out


def _order_and_ranks(
    U: np.ndarray, *, nearly_sorted: bool = False
) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`ranks_in_order`, with ``None`` for ranks when every row is ``1..m``.

    ``nearly_sorted``: the rows are close to decreasing order, which a merge sort (numpy's
    "stable" kind) sorts in about linear time; otherwise an unstable quicksort is used
    (equal scores may come in any order: their ranks are shared).
    """
    S, m = U.shape
    if m == 0 or S == 0:
        return np.zeros((S, m), dtype=np.intp), None
    order = np.argsort(-U, axis=1, kind="stable" if nearly_sorted else None)
    su = U[np.arange(S)[:, None], order]
    scale = np.maximum(np.abs(su[:, 0]), np.abs(su[:, -1]))
    with np.errstate(invalid="ignore"):
        near = (su[:, :-1] - su[:, 1:]) <= (2.0 * TIE_RTOL) * scale[:, None]
    flagged = np.flatnonzero(near.any(axis=1) | ~np.isfinite(scale))
    if flagged.size == 0:
        return order, None
    from partnerselect.ranking import rank_batch

    ranks = np.tile(np.arange(1, m + 1), (S, 1))
    exact = np.asarray(rank_batch(U[flagged]), dtype=ranks.dtype)
    ranks[flagged] = exact[np.arange(flagged.size)[:, None], order[flagged]]
    return order, ranks


class RankTally:
    """Running counts of a Monte Carlo ranking run (SMAA-2 and data uncertainty).

    ``add(U, W)`` ranks a batch of finite utilities ``(S, m)`` (ties shared, see
    :func:`ranks_in_order`) and accumulates the rank counts per partner, how often each
    partner is first, and the sums of the weight vectors (and their squares) under which
    it is first, for the central weights and their standard errors.
    """

    def __init__(self, m: int, n: int) -> None:
        self.m = m
        self.counts = np.zeros(m * m, dtype=np.int64)
        self.first_count = np.zeros(m, dtype=np.int64)
        self.first_wsum = np.zeros((m, n))
        self.first_wsq = np.zeros((m, n))

    def add(self, U: np.ndarray, W: np.ndarray | None = None) -> None:
        m = self.m
        S = U.shape[0]
        if S == 0:
            return
        order, ranks = _order_and_ranks(np.asarray(U, dtype=float))
        if ranks is None:  # no near tie: ranks 1..m as sorted, one first partner per row
            cell = order * m + np.arange(m)
            s_idx, p_idx = np.arange(S), order[:, 0]
        else:
            cell = order * m + (ranks - 1)
            s_idx, pos = np.nonzero(ranks == 1)
            p_idx = order[s_idx, pos]
        self.counts += np.bincount(cell.reshape(-1), minlength=m * m)
        self.first_count += np.bincount(p_idx, minlength=m)
        if W is not None:
            first = np.zeros((S, m))
            first[s_idx, p_idx] = 1.0
            self.first_wsum += first.T @ W
            self.first_wsq += first.T @ (W * W)

    def merge(self, other: RankTally) -> None:
        """Add the counts and sums of ``other`` (a tally of another chunk)."""
        self.counts += other.counts
        self.first_count += other.first_count
        self.first_wsum += other.first_wsum
        self.first_wsq += other.first_wsq


def _tile_kwargs(kwargs: dict[str, Any], n: int, c: int) -> dict[str, Any] | None:
    """Kernel arguments for ``c`` criteria blocks side by side: per-criterion arrays and
    lists (length ``n``) are repeated; anything else is passed as is."""
    out: dict[str, Any] = {}
    for key, val in kwargs.items():
        if isinstance(val, np.ndarray) and val.ndim >= 1 and val.shape[0] == n:
            out[key] = np.concatenate([val] * c, axis=0)
        elif isinstance(val, list | tuple) and len(val) == n and n > 1:
            out[key] = type(val)(list(val) * c)
        else:
            out[key] = val
    return out


class PairedScorer:
    """Scores of many (matrix, weights) pairs through a method's one-matrix kernel.

    ``utility(X, W)`` takes matrices ``(S, m, n)`` and weights ``(S, k, n)`` and returns
    oriented utilities ``(S, k, m)``: row ``j`` of sample ``s`` scores matrix ``X[s]``
    with weights ``W[s, j]``.

    How: a method with a native stacked kernel
    (:meth:`~partnerselect.methods.Method.stacked_kernel`: TOPSIS, WSM, WPM, WASPAS,
    VIKOR, MOORA) scores the whole stack in one call. Otherwise ``c`` matrices are put
    side by side as one ``(m, c n)`` matrix (their criteria as separate columns) and
    scored with weight vectors that are zero outside their own block. Every kernel here
    normalises column by column and aggregates weighted per-criterion terms, so the zero
    blocks drop out and one kernel call scores ``c`` samples. Either way is checked once
    on the problem itself (three samples against the one-by-one computation, to 1e-9
    relative); a method for which neither holds is scored sample by sample, with a note,
    never approximately.
    """

    def __init__(self, bound: Bound, block: int = 16) -> None:
        self.bound = bound
        self.block = max(int(block), 1)
        self.kwargs = bound.method.validate(bound.problem)
        self.batched: bool | None = None
        self.stacked = bound.method.has_stacked_kernel  # until the check says otherwise
        self.blocks = False  # whether the side-by-side blocks agree (set by the check)
        self.note: str | None = None
        self._tiled: dict[int, tuple[np.ndarray, dict[str, Any]]] = {}

    # one matrix, all its weight rows
    def _single(self, X: np.ndarray, W: np.ndarray) -> np.ndarray:
        b = self.bound
        kernel = b.method.kernel
        with np.errstate(all="ignore"):
            try:
                return b.sign * np.asarray(kernel(X, b.problem.signs, W, **self.kwargs), float)
            except (ArithmeticError, ValueError, PartnerSelectError):
                return np.full((W.shape[0], X.shape[0]), np.nan)

    def _stacked(self, X: np.ndarray, W: np.ndarray) -> np.ndarray:
        b = self.bound
        with np.errstate(all="ignore"):
            out = b.method.stacked_kernel(X, b.problem.signs, W, **self.kwargs)
        out = np.asarray(out, dtype=float)
        if out.shape != (X.shape[0], W.shape[1], X.shape[1]):
            msg = f"stacked kernel returned shape {out.shape}"
            raise ValueError(msg)
        return out if b.sign > 0 else np.negative(out, out=out)

    def _blocked(self, X: np.ndarray, W: np.ndarray) -> np.ndarray:
        b = self.bound
        c, m, n = X.shape
        k = W.shape[1]
        big = np.transpose(X, (1, 0, 2)).reshape(m, c * n)
        Wb = np.zeros((c, k, c, n))
        idx = np.arange(c)
        Wb[idx, :, idx, :] = W
        if c not in self._tiled:  # signs and per-criterion arguments for c blocks
            kw = _tile_kwargs(self.kwargs, n, c)
            assert kw is not None
            self._tiled[c] = (np.tile(b.problem.signs, c), kw)
        signs, kwargs = self._tiled[c]
        with np.errstate(all="ignore"):
            out = b.method.kernel(big, signs, Wb.reshape(c * k, c * n), **kwargs)
        return b.sign * np.asarray(out, dtype=float).reshape(c, k, m)

    def _check(self, X: np.ndarray, W: np.ndarray) -> bool:
        probe = min(3, X.shape[0])
        if probe < 2:
            self.stacked = False
            return False
        ref = np.stack([self._single(X[s], W[s]) for s in range(probe)])
        if not np.all(np.isfinite(ref)):
            self.stacked = False
            return False
        scale = max(float(np.max(np.abs(ref))), 1e-300)

        def agrees(fn: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> bool:
            try:
                got = fn(X[:probe], W[:probe])
            except (ArithmeticError, ValueError, TypeError, IndexError, PartnerSelectError):
                return False
            return got.shape == ref.shape and bool(
                np.allclose(got, ref, rtol=1e-9, atol=1e-12 * scale)
            )

        self.stacked = self.stacked and agrees(self._stacked)
        self.blocks = agrees(self._blocked)
        return self.stacked or self.blocks

    def utility(self, X: np.ndarray, W: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=float)
        W = np.asarray(W, dtype=float)
        if W.ndim == 2:
            W = W[:, None, :]
        S = X.shape[0]
        if self.batched is None and S >= 3:
            self.batched = self._check(X, W)
            if not self.batched:
                self.note = (
                    f"{self.bound.method.display_name} was scored sample by sample (its "
                    "kernel does not take several matrices side by side)."
                )
        if not self.batched:
            return np.stack([self._single(X[s], W[s]) for s in range(S)])
        # The stacked kernel reduces over partners: it is the fastest with the samples
        # innermost in memory (the samplers' layout); a stack laid out sample by sample
        # (rank-reversal variants) goes through the side-by-side blocks when they agree.
        sample_inner = X.flags.f_contiguous and not X.flags.c_contiguous
        if self.stacked and (sample_inner or not self.blocks):
            try:
                out = self._stacked(X, W)
            except (ArithmeticError, ValueError, PartnerSelectError):
                out = np.stack([self._single(X[s], W[s]) for s in range(S)])
            # rows with a NaN or an infinity, from two reductions (no boolean copy)
            bad = ~(np.isfinite(out.max(axis=2)) & np.isfinite(out.min(axis=2)))
            if bad.any():
                out[bad] = np.nan
            return out
        out = np.empty((S, W.shape[1], X.shape[1]))
        # a block scores c k weighted rows against c n criteria: larger blocks mean fewer
        # kernel calls, until the block's zero weights cost more than the calls saved
        c = max(1, min(self.block, 256 // max(W.shape[1], 1)))
        for start in range(0, S, c):
            stop = min(start + c, S)
            try:
                out[start:stop] = self._blocked(X[start:stop], W[start:stop])
            except (ArithmeticError, ValueError, PartnerSelectError):
                out[start:stop] = np.stack([self._single(X[s], W[s]) for s in range(start, stop)])
        bad = ~np.all(np.isfinite(out), axis=2)
        if bad.any():
            out[bad] = np.nan
        return out
