"""SMAA-2: stochastic multicriteria acceptability analysis over the weight space."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from partnerselect._deprecation import keyword_only_after
from partnerselect.errors import ParameterError, WeightError
from partnerselect.methods._stack import work_array
from partnerselect.problem import Problem
from partnerselect.ranking import TIE_RTOL
from partnerselect.sensitivity._budget import check_memory
from partnerselect.sensitivity._core import (
    PairedScorer,
    RankTally,
    _rank_batch,
    as_problem,
    bind,
    blas_one_thread,
)
from partnerselect.sensitivity._parallel import chunk_generator, run_parallel
from partnerselect.sensitivity._results import ResultMixin, plot_accessor
from partnerselect.sensitivity.sampling import (
    GivenMatrices,
    MatrixSampler,
    WeightSampler,
    as_generator,
)
from partnerselect.sensitivity.scales import apply_scales, check_scales

__all__ = ["SMAAResult", "smaa"]

#: Size of one chunk's arrays (weights, scores, rank order, temporaries). Small enough
#: for a chunk to stay in the processor's cache: a chunk of a few thousand samples runs
#: several times faster per sample than one of 64 MiB, whose every temporary is a fresh
#: allocation from main memory.
CHUNK_BYTES = 4 * 2**20
#: Fewest samples per chunk (the fixed cost of a chunk is a few numpy calls).
MIN_CHUNK = 64
#: Size of one chunk's arrays with sampled data (matrices, work arrays, scores, ranks):
#: larger than without, since a chunk's fixed cost (a few dozen numpy calls on small
#: per-sample arrays) is then a larger share. 16 MiB (about 1,000 samples of 50 x 10):
#: as fast as 8 MiB on one thread and 5-10 % faster on two (half as many chunks to hand
#: out and join); a thread's work arrays stay within the processor's shared cache.
DATA_CHUNK_BYTES = 16 * 2**20
#: Size of one chunk's arrays for the confidence factors (each sampled matrix is scored
#: with every central weight vector).
CONF_CHUNK_BYTES = 16 * 2**20


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
        Confidence factor ``p_i^c``: the probability that the partner is ranked first
        with its central weights under the data distribution (Lahdelma & Salminen 2001);
        1.0 or 0.0 when the data are fixed; NaN when never first.
    std_error : pandas.DataFrame
        Monte Carlo standard errors ``sqrt(b (1 - b) / N)`` of ``acceptability``.
    sample_data : bool
        Whether the criteria values were sampled with the weights.
    central_weights_std_error : pandas.DataFrame or None
        Monte Carlo standard errors of the central weights (``sd / sqrt(N b_i^1)``).
    confidence_std_error : pandas.Series or None
        Monte Carlo standard errors ``sqrt(p (1 - p) / N_c)`` of the confidence factors
        (0 with fixed data, where they are exact).
    confidence_samples : int
        Data samples behind the confidence factors (1 when the data are fixed).
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

    plot = plot_accessor("SMAAPlot")

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
    sample_data: bool = False
    central_weights_std_error: pd.DataFrame | None = None
    confidence_std_error: pd.Series | None = None
    confidence_samples: int = 1

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
            f"SMAAResult of {self.method}: {self.n_samples} weight"
            f"{' and data' if self.sample_data else ''} samples ({self.sampler}), "
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
    return int(max(min(n_samples, CHUNK_BYTES // per_sample), min(n_samples, MIN_CHUNK), 1))


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


def _sample_data_flag(sample_data: Any, pb: Problem) -> bool:
    has = pb.uncertainty is not None and len(pb.uncertainty) > 0
    if sample_data == "auto":
        return has
    if isinstance(sample_data, bool | np.bool_):
        return bool(sample_data)
    msg = f"The 'sample_data' parameter must be True, False or 'auto'. Got {sample_data!r} instead."
    raise ParameterError(msg, value=sample_data)


def _parse_preferences(pb: Problem, preferences: Any) -> list[tuple[int, int]]:
    """``[(better, worse), ...]`` positions from ``[("A", "B"), ...]`` (A preferred to B)."""
    if preferences is None:
        return []
    ids = [str(p) for p in pb.partners]
    out = []
    for item in preferences:
        try:
            a, b = (str(x) for x in item)
        except (TypeError, ValueError):
            msg = (
                "Each holistic preference must be a pair (preferred, other) of partner ids. "
                f"Got {item!r} instead."
            )
            raise ParameterError(msg, value=item) from None
        for pid in (a, b):
            if pid not in ids:
                msg = f"Holistic preference {item!r} names {pid!r}, which is not a partner."
                raise ParameterError(msg, partner=pid, value=item)
        if a == b:
            msg = f"Holistic preference {item!r} compares a partner with itself."
            raise ParameterError(msg, value=item)
        out.append((ids.index(a), ids.index(b)))
    return out


def _value_problem(pb: Problem, scales: dict[int, Any]) -> Problem:
    """The problem on the partial-value scale: scaled criteria become benefits."""
    if not scales:
        return pb
    matrix = pd.DataFrame(apply_scales(pb.values, scales), index=pb.partners, columns=pb.criteria)
    objectives = {
        str(c): ("max" if j in scales else ("max" if s > 0 else "min"))
        for j, (c, s) in enumerate(zip(pb.criteria, pb.signs, strict=True))
    }
    return pb.replace(matrix=matrix, objectives=objectives)


@keyword_only_after(2)
@blas_one_thread
def smaa(
    problem: Any,
    method: Any = "topsis",
    *,
    n_samples: int = 10_000,
    random_state: int | np.random.Generator | None = None,
    constraints: Mapping[str, Any] | None = None,
    chunk_size: int | None = None,
    progress: bool | None = None,
    weights: Any = None,
    meta_weights: Sequence[float] | None = None,
    sample_data: bool | Literal["auto"] = False,
    data_samples: Any = None,
    scales: Mapping[str, Any] | None = None,
    preferences: Sequence[tuple[Any, Any]] | None = None,
    confidence_samples: int | None = None,
    max_seconds: float | None = None,
    **params: Any,
) -> SMAAResult:
    """SMAA-2 over the weight space, optionally with uncertain criteria values.

    Weight vectors are drawn (uniformly on the simplex by default, see
    :mod:`partnerselect.sensitivity.sampling` for constraints); with ``sample_data`` each
    weight vector is paired with a decision matrix drawn from :attr:`Problem.uncertainty`
    (Lahdelma & Salminen 2001). The partners are ranked for every pair with the method's
    kernel, and rank counts, central weights and confidence factors are accumulated chunk
    by chunk.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
        Registered method name (default ``"topsis"``) or a Method instance. The additive
        value model of SMAA-2 is ``"wsm"`` with ``normalization="none"`` on partial
        values (see ``scales``).
    n_samples : int
        Number of weight vectors (default 10,000); ignored when ``weights`` is given.
    random_state : int, numpy Generator or None
        Seed; when None a fresh seed is drawn and recorded in the result.
    constraints : mapping, optional
        ``{"order": [best, ..., worst]}``, ``{"intervals": {crit: (lo, hi)}}`` or
        ``{"around": 0.2}``; optionally ``"sampler"``.
    chunk_size : int, optional
        Samples per chunk; by default chosen so that a chunk's arrays stay under a few
        MiB (in the processor's cache). It does not depend on the number of threads; a
        different chunk size gives different (equally valid) draws with sampled data.
    progress : bool, optional
        ``True`` forces a tqdm progress bar, ``False`` hides it; by default it shows when
        the run is estimated to take over a second and stderr is a terminal.
    weights : array-like, optional
        Your own weight samples ``(n_samples, n_criteria)`` (rows are normalised).
    meta_weights : sequence of float, optional
        ``alpha_1 >= ... >= alpha_m`` for the holistic acceptability; default linear
        ``alpha_r = (m - r) / (m - 1)``.
    sample_data : bool or "auto"
        Draw the criteria values from :attr:`Problem.uncertainty` jointly with the weights
        (default False: the values are fixed). ``"auto"``: when the problem carries an
        uncertainty table.
    data_samples : array-like, optional
        Your own joint draws of the criteria values, ``(draws, partners, criteria)`` in the
        problem's units and order, for values correlated across cells (posterior draws of
        a network meta-analysis, JSMAA's relative-effect measurements, a bootstrap of
        whole track records), which :attr:`Problem.uncertainty` cannot express. Implies
        sampled data (the uncertainty table is then not used). Weight sample ``k`` is
        paired with draw ``k`` when there are exactly as many draws as samples; otherwise
        with a draw chosen uniformly at random, with replacement. The confidence factors
        use the draws by the same rule.
    scales : mapping, optional
        ``{criterion: LinearScale(...) | PiecewiseLinearScale(...)}``: partial value
        functions applied to every (sampled) value before the method (a scaled criterion
        becomes a benefit). See :mod:`partnerselect.sensitivity.scales`.
    preferences : sequence of pairs, optional
        Holistic statements ``[("A", "B"), ...]``, "A is preferred to B": only weight
        vectors under which the method scores A at least as high as B (on the problem's
        values) are kept, by acceptance-rejection.
    confidence_samples : int, optional
        Data samples for the confidence factors (default ``n_samples``).
    max_seconds : float, optional
        Refuse (with the estimate) a run estimated to take longer.
    **params
        Method parameters.

    Returns
    -------
    SMAAResult

    Raises
    ------
    ParameterError
        Bad parameters, a run estimated over ``max_seconds``, holistic preferences that
        (almost) no weight vector satisfies, or a method that fails on every sample.

    Notes
    -----
    Ties: partners whose scores are equal (to a relative 1e-9) share the better rank
    (competition ranking, as JSMAA and the R ``smaa`` package), so identical partners get
    identical acceptabilities. The central weight vector of a partner is the mean of the
    weight vectors that rank it first; its confidence factor ``p_i^c`` is the probability
    that it is ranked first with its central weights under the data distribution (with
    fixed data, 1 or 0). Monte Carlo standard errors: ``sqrt(b (1 - b) / N)`` for
    acceptabilities and confidence factors, ``sd / sqrt(N b_i^1)`` for central weights.

    Speed: the samples run in chunks on :func:`~partnerselect.sensitivity.get_threads`
    threads (``set_threads(1)`` or ``PARTNERSELECT_THREADS=1`` for one). The result does
    not depend on the number of threads: the weights are drawn in chunk order from the
    run's generator, and with ``sample_data`` the matrices of chunk ``i`` come from a
    generator of their own (child ``i`` of a seed drawn from the run's generator), so the
    same ``random_state`` gives the same result, bit for bit, on any machine with the
    same chunk size. Every sample is still one independent joint draw of a weight vector
    and a matrix. Methods with a stacked kernel (TOPSIS, WSM, WPM, WASPAS, VIKOR, MOORA)
    score a chunk's matrices in a few array operations; the others through
    :class:`~partnerselect.sensitivity._core.PairedScorer`'s blocks.

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
    pb0 = as_problem(problem)
    with_data = data_samples is not None or _sample_data_flag(sample_data, pb0)
    scale_map = check_scales(scales, [str(c) for c in pb0.criteria])
    pb_v = _value_problem(pb0, scale_map)
    bound = bind(pb_v, method, params)
    m, n = pb0.shape
    check_memory(8.0 * m * (m + 3 * n), "SMAA", "Rank fewer partners at once.")
    prefs = _parse_preferences(pb0, preferences)
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
        sampler = WeightSampler(pb0, constraints, rng)
        sampler_kind = sampler.kind
    alpha = _meta_weights(meta_weights, m)
    chunk = _chunk_size(n_samples, m, n, chunk_size)
    if with_data and chunk_size is None:
        per_sample = 8 * (3 * m * n + 10 * m + 4 * n)
        chunk = max(min(chunk, DATA_CHUNK_BYTES // per_sample), min(chunk, MIN_CHUNK), 1)
    notes: list[str] = []
    paired = PairedScorer(bound) if with_data else None

    def matrices(total: int) -> MatrixSampler | GivenMatrices:
        if data_samples is not None:
            return GivenMatrices(data_samples, (m, n), total)
        return MatrixSampler(pb0)

    msampler = matrices(n_samples) if with_data else None
    if isinstance(msampler, GivenMatrices):
        k_draws = msampler.draws.shape[0]
        notes.append(
            f"Criteria values from {k_draws:,} given joint draws, "
            + ("each paired with one weight sample." if msampler.in_order else "resampled.")
        )
    tally = RankTally(m, n)
    state = {"failed": 0, "rejected": 0, "drawn": 0}
    base_u = bound.safe_utility if prefs else None

    def draw_weights(start: int, size: int) -> np.ndarray:
        if sampler is None:
            return given[start : start + size]
        if not prefs:
            return sampler.draw(size)
        parts, got = [], 0
        while got < size:
            batch = sampler.draw(max(size - got, 64))
            state["drawn"] += batch.shape[0]
            assert base_u is not None
            U0 = base_u(batch)
            keep = np.ones(batch.shape[0], dtype=bool)
            for a, b in prefs:
                keep &= U0[:, a] >= U0[:, b]
            parts.append(batch[keep])
            got += int(keep.sum())
            if state["drawn"] >= 20_000 and got / state["drawn"] < 1e-3:
                msg = (
                    "Fewer than 1 in 1,000 weight vectors satisfy the holistic preferences "
                    f"{list(preferences or [])}; they (nearly) contradict each other or the "
                    "weight constraints."
                )
                raise ParameterError(msg, value=list(preferences or []))
        return np.vstack(parts)[:size]

    # Chunks run on several threads (see _parallel): the weights are drawn here in chunk
    # order; the matrices of chunk i come from its own generator (child i of a seed drawn
    # from the run's generator), or, for given joint draws, are taken here in order.
    root = _seed_sequence(rng) if with_data else None

    def prepare(index: int, start: int, size: int) -> tuple[np.ndarray, np.ndarray | None, int]:
        W = draw_weights(start, size)
        if isinstance(msampler, GivenMatrices):
            return W, msampler.draw(W.shape[0], rng), index
        return W, None, index

    def work(payload: tuple[np.ndarray, np.ndarray | None, int]) -> tuple[RankTally, int]:
        W, X, index = payload
        if paired is not None:
            if X is None:
                assert isinstance(msampler, MatrixSampler)
                assert root is not None
                size = W.shape[0]
                buf = work_array("smaa-matrices", (size * m * n,))  # reused chunk to chunk
                X = msampler.draw(size, chunk_generator(root, index), out=buf)
            U = paired.utility(apply_scales(X, scale_map), W)[:, 0, :]
        else:
            U = bound.safe_utility(W)
        ok = np.all(np.isfinite(U), axis=1)
        failed = int((~ok).sum())
        if failed:
            U, W = U[ok], W[ok]
        part = RankTally(m, n)
        part.add(U, W)  # competition ranks, ties shared
        return part, failed

    def combine(result: tuple[RankTally, int]) -> None:
        tally.merge(result[0])
        state["failed"] += result[1]

    desc = f"SMAA {bound.name}" + (" with data" if with_data else "")
    run_parallel(
        n_samples,
        chunk,
        prepare,
        work,
        combine,
        desc=desc,
        progress=progress,
        max_seconds=max_seconds,
    )
    n_used = n_samples - state["failed"]
    if n_used <= 0:
        msg = (
            f"{bound.method.display_name} failed for every sampled weight vector; SMAA has "
            "nothing to count. Check the method's parameters."
        )
        raise ParameterError(msg, value=n_samples)
    if state["failed"]:
        notes.append(f"{state['failed']} sample(s) where the method failed were skipped.")
    if prefs:
        rate = n_samples / max(state["drawn"], 1)
        notes.append(
            f"Holistic preferences kept {rate:.1%} of the weight vectors drawn (acceptance-"
            "rejection)."
        )
    if scale_map:
        notes.append(
            "Partial value functions applied to: "
            + ", ".join(str(pb0.criteria[j]) for j in sorted(scale_map))
            + "."
        )
    counts, first_count = tally.counts, tally.first_count
    first_wsum, first_wsq = tally.first_wsum, tally.first_wsq
    acc = counts.reshape(m, m) / n_used
    partners = pb0.partners
    ranks = pd.Index(range(1, m + 1), name="rank")
    with np.errstate(invalid="ignore", divide="ignore"):
        central = first_wsum / first_count[:, None]
        var = np.maximum(first_wsq / first_count[:, None] - central**2, 0.0)
        cw_se = np.sqrt(var * first_count[:, None] / np.maximum(first_count[:, None] - 1, 1))
        cw_se = cw_se / np.sqrt(first_count[:, None])
    never = first_count == 0
    central[never] = np.nan
    cw_se[never] = np.nan
    if never.any():
        notes.append(
            "Never ranked first (no central weights, no confidence factor): "
            + ", ".join(map(str, partners[never]))
        )
    confidence = np.full(m, np.nan)
    conf_n = 0
    if (~never).any():
        idx = np.flatnonzero(~never)
        if paired is None:
            Uc = bound.safe_utility(central[idx])
            Rc = _rank_batch(Uc)
            confidence[idx] = (Rc[np.arange(idx.size), idx] == 1).astype(float)
            conf_n = 1
        else:
            confidence[idx], conf_n = _data_confidence(
                matrices(confidence_samples or n_samples),
                paired,
                central[idx],
                idx,
                scale_map,
                rng,
                confidence_samples or n_samples,
                chunk,
                progress,
                max_seconds,
            )
    if paired is not None and paired.note:
        notes.append(paired.note)
    conf_se = np.sqrt(confidence * (1 - confidence) / conf_n) if conf_n > 1 else np.zeros(m)
    conf_se = np.where(np.isnan(confidence), np.nan, conf_se)
    return SMAAResult(
        acceptability=pd.DataFrame(acc, index=partners, columns=ranks),
        holistic=pd.Series(acc @ alpha, index=partners, name="holistic"),
        meta_weights=pd.Series(alpha, index=ranks, name="meta_weight"),
        central_weights=pd.DataFrame(central, index=partners, columns=pb0.criteria),
        confidence=pd.Series(confidence, index=partners, name="confidence"),
        std_error=pd.DataFrame(np.sqrt(acc * (1 - acc) / n_used), index=partners, columns=ranks),
        n_samples=n_used,
        random_state=seed,
        sampler=sampler_kind,
        constraints=None if constraints is None else dict(constraints),
        problem=pb0,
        method=bound.name,
        params=bound.params,
        notes=tuple(notes),
        sample_data=with_data,
        central_weights_std_error=pd.DataFrame(cw_se, index=partners, columns=pb0.criteria),
        confidence_std_error=pd.Series(conf_se, index=partners, name="confidence_se"),
        confidence_samples=conf_n,
    )


def _seed_sequence(rng: np.random.Generator) -> np.random.SeedSequence:
    """A seed sequence drawn from ``rng``: the root of the run's per-chunk generators."""
    return np.random.SeedSequence([int(v) for v in rng.integers(0, 2**63, size=4)])


def _data_confidence(
    msampler: MatrixSampler | GivenMatrices,
    paired: PairedScorer,
    central: np.ndarray,
    idx: np.ndarray,
    scale_map: Mapping[int, Any],
    rng: np.random.Generator,
    n_conf: int,
    chunk: int,
    progress: bool | None,
    max_seconds: float | None,
) -> tuple[np.ndarray, int]:
    """Confidence factors under the data distribution: for each partner ``idx[j]``, the
    share of sampled matrices in which it ranks first with its central weights.

    Every sampled matrix is scored with all the central weight vectors at once (one
    matrix product per chunk with a stacked kernel); chunks run on several threads, each
    with its own generator, as in :func:`smaa`.
    """
    k = idx.size
    m, n = msampler.shape if isinstance(msampler, MatrixSampler) else msampler.draws.shape[1:]
    hits = np.zeros(k, dtype=np.int64)
    used = np.zeros(k, dtype=np.int64)
    # a chunk holds its matrices and k scores per partner and matrix
    per = int(max(1, min(n_conf, CONF_CHUNK_BYTES // (8 * (3 * k * m + 3 * m * n)))))
    root = _seed_sequence(rng)

    def prepare(index: int, start: int, size: int) -> tuple[int, int, np.ndarray | None]:
        if isinstance(msampler, GivenMatrices):
            return index, size, msampler.draw(size, rng)
        return index, size, None

    def work(payload: tuple[int, int, np.ndarray | None]) -> tuple[np.ndarray, np.ndarray]:
        index, size, X = payload
        if X is None:
            assert isinstance(msampler, MatrixSampler)
            buf = work_array("smaa-matrices", (size * m * n,))  # reused chunk to chunk
            X = msampler.draw(size, chunk_generator(root, index), out=buf)
        X = apply_scales(X, scale_map)
        U = paired.utility(X, np.broadcast_to(central, (size, k, central.shape[1])))
        # first (ties shared, as in _rank_batch) <=> within the tie tolerance of the best
        best, low = np.max(U, axis=2), np.min(U, axis=2)
        ok = np.isfinite(best) & np.isfinite(low)  # (size, k): no NaN and no infinity
        tol = np.maximum(TIE_RTOL * np.maximum(best, -low), 1e-12)
        own = U[:, np.arange(k), idx] >= best - tol
        return (own & ok).sum(axis=0), ok.sum(axis=0)

    def combine(result: tuple[np.ndarray, np.ndarray]) -> None:
        hits[:] += result[0]
        used[:] += result[1]

    run_parallel(
        int(n_conf),
        per,
        prepare,
        work,
        combine,
        desc="SMAA confidence factors",
        progress=progress,
        max_seconds=max_seconds,
        parameter="confidence_samples",
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        return hits / used, int(used.min()) if used.size else 0
