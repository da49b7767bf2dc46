"""SMAA-2: stochastic multicriteria acceptability analysis over the weight space."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError, WeightError
from partnerselect.problem import Problem
from partnerselect.sensitivity._core import bind
from partnerselect.sensitivity._results import ResultMixin
from partnerselect.sensitivity.sampling import WeightSampler, as_generator

__all__ = ["SMAAResult", "smaa"]

#: Memory budget of one chunk's arrays (weights, scores, rank order, temporaries).
CHUNK_BYTES = 64 * 2**20
#: Above this many partner-samples (n_samples * m) a progress bar is shown on a TTY.
PROGRESS_THRESHOLD = 20_000_000


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class SMAAResult(ResultMixin):
    """Results of SMAA-2.

    Attributes
    ----------
    acceptability : pandas.DataFrame
        Rank acceptability indices ``b_i^r``: partners x ranks 1..m, rows sum to 1.
    holistic : pandas.Series
        Holistic acceptability ``a_i^h = sum_r alpha_r b_i^r``.
    meta_weights : pandas.Series
        The meta-weights ``alpha_r`` by rank.
    central_weights : pandas.DataFrame
        Partners x criteria: mean weight vector of the samples where the partner is first
        (NaN row when it never is).
    confidence : pandas.Series
        Confidence factor ``p_i^c``: 1.0 or 0.0 here (deterministic data: whether the
        partner is first at its own central weights); NaN when never first.
    std_error : pandas.DataFrame
        Monte Carlo standard errors ``sqrt(b (1 - b) / N)`` of ``acceptability``.
    n_samples : int
    random_state : int or None
        The seed used (drawn and recorded when none was given; None when a Generator was
        passed).
    sampler : str
        ``"dirichlet"``, ``"ordinal"``, ``"rejection"``, ``"hit-and-run"``, ``"fixed"`` or
        ``"given"``.
    constraints : dict or None
    notes : tuple of str
    """

    acceptability: pd.DataFrame
    holistic: pd.Series
    meta_weights: pd.Series
    central_weights: pd.DataFrame
    confidence: pd.Series
    std_error: pd.DataFrame
    n_samples: int
    random_state: int | None
    sampler: str
    constraints: Mapping[str, Any] | None
    problem: Problem
    method: str
    params: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    @property
    def p_best(self) -> pd.Series:
        """First-rank acceptability ``b_i^1`` (probability of being ranked first)."""
        return self.acceptability[1].rename("p_best")

    @property
    def expected_rank(self) -> pd.Series:
        """Mean rank over the samples."""
        ranks = np.asarray(self.acceptability.columns, dtype=float)
        return pd.Series(
            self.acceptability.to_numpy() @ ranks,
            index=self.acceptability.index,
            name="expected_rank",
        )

    def to_frame(self) -> pd.DataFrame:
        """Per partner (sorted by holistic acceptability): name, holistic, p_best,
        confidence, expected rank and the acceptability of each rank (``b1``, ``b2``...)."""
        df = pd.DataFrame(
            {
                "name": self.problem.names.reindex(self.acceptability.index),
                "holistic": self.holistic,
                "p_best": self.p_best,
                "confidence": self.confidence,
                "expected_rank": self.expected_rank,
            }
        )
        acc = self.acceptability.copy()
        acc.columns = [f"b{r}" for r in acc.columns]
        out = pd.concat([df, acc], axis=1)
        out.index.name = "partner_id"
        return out.sort_values("holistic", ascending=False, kind="stable")

    def _headline(self) -> str:
        return (
            f"SMAAResult of {self.method}: {self.n_samples} weight samples ({self.sampler}), "
            f"seed {self.random_state}"
        )


def _chunk_size(n_samples: int, m: int, n: int, chunk_size: int | None) -> int:
    if chunk_size is not None:
        if (
            isinstance(chunk_size, bool)
            or not isinstance(chunk_size, int | np.integer)
            or chunk_size < 1
        ):
            msg = f"The 'chunk_size' parameter must be a positive int. Got {chunk_size!r} instead."
            raise ParameterError(msg, value=chunk_size)
        return int(min(chunk_size, n_samples))
    per_sample = 8 * (10 * m + 4 * n)  # float64/int64 arrays of width m and n per sample
    return int(max(min(n_samples, CHUNK_BYTES // per_sample), 1))


def _meta_weights(meta: Sequence[float] | None, m: int) -> np.ndarray:
    if meta is None:
        return np.ones(1) if m == 1 else (m - np.arange(1, m + 1)) / (m - 1)
    alpha = np.asarray(meta, dtype=float).reshape(-1)
    if alpha.size != m or not np.all(np.isfinite(alpha)) or np.any(np.diff(alpha) > 0):
        msg = (
            f"The 'meta_weights' parameter must be {m} finite, non-increasing numbers (one "
            f"per rank, best first). Got {meta!r} instead."
        )
        raise ParameterError(msg, value=meta)
    return alpha


def _given_weights(weights: Any, n: int) -> np.ndarray:
    W = np.asarray(weights, dtype=float)
    if W.ndim != 2 or W.shape[1] != n or W.shape[0] < 1:
        msg = f"The 'weights' samples must have shape (n_samples, {n}). Got {W.shape} instead."
        raise WeightError(msg, value=W.shape)
    if not np.all(np.isfinite(W)) or np.any(W < 0):
        bad = int(np.flatnonzero(~np.all(np.isfinite(W) & (W >= 0), axis=1))[0])
        msg = f"Weight sample {bad} is negative or not finite; samples must be >= 0."
        raise WeightError(msg, row=bad, value=W[bad].tolist())
    total = W.sum(axis=1, keepdims=True)
    if np.any(total <= 0):
        bad = int(np.flatnonzero(total[:, 0] <= 0)[0])
        msg = f"Weight sample {bad} is all zero; give each sample a positive weight."
        raise WeightError(msg, row=bad, value=0.0)
    return W / total


def _rank_order(U: np.ndarray) -> np.ndarray:
    """Partners by decreasing utility per row, exact ties in input order.

    Quicksort is about twice as fast as a stable sort; rows that hold an exact tie (rare
    with continuous weights) are sorted again stably so the result never depends on it.
    """
    order = np.argsort(-U, axis=1)
    if U.shape[1] > 1:
        su = np.take_along_axis(U, order, axis=1)
        tied = np.any(su[:, :-1] == su[:, 1:], axis=1)
        if tied.any():
            order[tied] = np.argsort(-U[tied], axis=1, kind="stable")
    return order


def _show_progress(progress: bool | None, n_samples: int, m: int) -> bool:
    if progress is not None:
        return bool(progress)
    return n_samples * m >= PROGRESS_THRESHOLD and sys.stderr.isatty()


def smaa(
    problem: Any,
    method: Any = "topsis",
    n_samples: int = 10_000,
    random_state: int | np.random.Generator | None = None,
    constraints: Mapping[str, Any] | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    *,
    weights: Any = None,
    meta_weights: Sequence[float] | None = None,
    **params: Any,
) -> SMAAResult:
    """SMAA-2 over the weight space for any registered method.

    Weight vectors are drawn (uniformly on the simplex by default, see
    :mod:`partnerselect.sensitivity.sampling` for constraints), the partners are ranked
    for each vector with the method's batched kernel, and rank counts, central weights
    and confidence factors are accumulated chunk by chunk.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
        Registered method name (default ``"topsis"``) or a Method instance.
    n_samples : int
        Number of weight vectors (default 10,000); ignored when ``weights`` is given.
    random_state : int, numpy Generator or None
        Seed; when None a fresh seed is drawn and recorded in the result.
    constraints : mapping, optional
        ``{"order": [best, ..., worst]}``, ``{"intervals": {crit: (lo, hi)}}`` or
        ``{"around": 0.2}``; optionally ``"sampler"``.
    chunk_size : int, optional
        Samples per chunk; by default chosen so that a chunk's arrays stay under ~64 MiB.
    progress : bool, optional
        ``True`` forces a tqdm progress bar, ``False`` hides it; by default it shows on
        long runs (``n_samples * m >= 2e7``) when stderr is a terminal.
    weights : array-like, optional
        Your own weight samples ``(n_samples, n_criteria)`` (rows are normalised).
    meta_weights : sequence of float, optional
        ``alpha_1 >= ... >= alpha_m`` for the holistic acceptability; default linear
        ``alpha_r = (m - r) / (m - 1)``.
    **params
        Method parameters.

    Returns
    -------
    SMAAResult

    Notes
    -----
    Ranks within a sample are ordered by utility with exact ties broken by input order
    (ties have probability zero under continuous weights unless two partners are equal).
    The confidence factor ``p_i^c`` is the probability that partner ``i`` is ranked first
    when the weights are its central weights; with deterministic data (the case here) it
    is 1 or 0. Data uncertainty is handled by :func:`data_uncertainty`.

    References
    ----------
    Lahdelma, R. & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research 49(3), 444-454.
    Tervonen, T. & Lahdelma, R. (2007). Implementing stochastic multicriteria
    acceptability analysis. European Journal of Operational Research 178(2), 500-513.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [3.0, 1.0, 2.0], "c": [1.0, 3.0, 2.5]}, index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "max"})
    >>> res = ps.sensitivity.smaa(pb, "wsm", n_samples=2000, random_state=0)
    >>> bool(np.allclose(res.acceptability.sum(axis=1), 1.0)), res.n_samples
    (True, 2000)
    """
    bound = bind(problem, method, params)
    pb = bound.problem
    m, n = pb.shape
    rng, seed = as_generator(random_state)
    if weights is not None:
        if constraints is not None:
            msg = "Give either 'weights' samples or 'constraints' to sample from, not both."
            raise ParameterError(msg, value=sorted(constraints))
        given = _given_weights(weights, n)
        n_samples = given.shape[0]
        sampler_kind = "given"
        sampler = None
    else:
        if (
            isinstance(n_samples, bool)
            or not isinstance(n_samples, int | np.integer)
            or n_samples < 1
        ):
            msg = f"The 'n_samples' parameter must be a positive int. Got {n_samples!r} instead."
            raise ParameterError(msg, value=n_samples)
        n_samples = int(n_samples)
        sampler = WeightSampler(pb, constraints, rng)
        sampler_kind = sampler.kind
    alpha = _meta_weights(meta_weights, m)
    chunk = _chunk_size(n_samples, m, n, chunk_size)
    counts = np.zeros(m * m, dtype=np.int64)
    first_count = np.zeros(m, dtype=np.int64)
    first_wsum = np.zeros((m, n))
    n_failed = 0
    rank_idx = np.arange(m)[None, :]
    bar = None
    if _show_progress(progress, n_samples, m):
        from tqdm.auto import tqdm

        bar = tqdm(total=n_samples, desc=f"SMAA {bound.name}", unit="sample", file=sys.stderr)
    try:
        done = 0
        while done < n_samples:
            size = min(chunk, n_samples - done)
            W = given[done : done + size] if sampler is None else sampler.draw(size)
            U = bound.safe_utility(W)
            ok = np.all(np.isfinite(U), axis=1)
            if not ok.all():
                n_failed += int((~ok).sum())
                U, W = U[ok], W[ok]
            order = _rank_order(U)  # order[s, r] = partner at rank r + 1
            counts += np.bincount((order * m + rank_idx).reshape(-1), minlength=m * m)
            first = order[:, 0]
            first_count += np.bincount(first, minlength=m)
            for j in range(n):
                first_wsum[:, j] += np.bincount(first, weights=W[:, j], minlength=m)
            done += size
            if bar is not None:
                bar.update(size)
    finally:
        if bar is not None:
            bar.close()
    n_used = int(first_count.sum())
    notes: list[str] = []
    if n_used == 0:
        msg = (
            f"{bound.method.display_name} failed for every sampled weight vector; SMAA has "
            "nothing to count. Check the method's parameters."
        )
        raise ParameterError(msg, value=n_samples)
    if n_failed:
        notes.append(f"{n_failed} weight sample(s) where the method failed were skipped.")
    acc = counts.reshape(m, m) / n_used
    partners = pb.partners
    ranks = pd.Index(range(1, m + 1), name="rank")
    acceptability = pd.DataFrame(acc, index=partners, columns=ranks)
    with np.errstate(invalid="ignore", divide="ignore"):
        central = first_wsum / first_count[:, None]
    never = first_count == 0
    central[never] = np.nan
    if never.any():
        notes.append(
            "Never ranked first (no central weights, no confidence factor): "
            + ", ".join(map(str, partners[never]))
        )
    confidence = np.full(m, np.nan)
    if (~never).any():
        idx = np.flatnonzero(~never)
        Uc = bound.safe_utility(central[idx])
        winners = np.argmax(np.nan_to_num(Uc, nan=-np.inf), axis=1)
        confidence[idx] = (winners == idx).astype(float)
    return SMAAResult(
        acceptability=acceptability,
        holistic=pd.Series(acc @ alpha, index=partners, name="holistic"),
        meta_weights=pd.Series(alpha, index=ranks, name="meta_weight"),
        central_weights=pd.DataFrame(central, index=partners, columns=pb.criteria),
        confidence=pd.Series(confidence, index=partners, name="confidence"),
        std_error=pd.DataFrame(np.sqrt(acc * (1 - acc) / n_used), index=partners, columns=ranks),
        n_samples=n_used,
        random_state=seed,
        sampler=sampler_kind,
        constraints=None if constraints is None else dict(constraints),
        problem=pb,
        method=bound.name,
        params=bound.params,
        notes=tuple(notes),
    )
