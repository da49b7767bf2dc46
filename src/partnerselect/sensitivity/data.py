"""Monte Carlo over data uncertainty (track-record evidence), optionally with weights."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._deprecation import keyword_only_after, renamed_parameter
from partnerselect.errors import DegenerateDataWarning, ParameterError
from partnerselect.problem import Problem
from partnerselect.sensitivity._budget import check_memory, run_chunks
from partnerselect.sensitivity._core import (
    PairedScorer,
    as_problem,
    bind,
    blas_one_thread,
    competition_ranks,
)
from partnerselect.sensitivity._results import ResultMixin, plot_accessor
from partnerselect.sensitivity.sampling import MatrixSampler, as_generator, dirichlet
from partnerselect.sensitivity.scales import apply_scales, check_scales
from partnerselect.sensitivity.smaa import _value_problem

__all__ = ["DataUncertaintyResult", "data_uncertainty"]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class DataUncertaintyResult(ResultMixin):
    """Rank distribution of each partner under data (and optionally weight) uncertainty.

    Attributes
    ----------
    rank_probabilities : pandas.DataFrame
        ``P(rank = r)``: partners x ranks 1..m, rows sum to 1.
    p_best : pandas.Series
        ``P(rank = 1)``.
    expected_rank : pandas.Series
    rank_quantiles : pandas.DataFrame
        Partners x quantile levels (default 0.05, 0.5, 0.95) of the rank.
    score_summary : pandas.DataFrame
        Mean, standard deviation, 5 % and 95 % quantiles of each partner's score.
    n_samples : int
        Samples used (failed samples excluded).
    n_failed : int
        Samples where the method failed on the drawn data (skipped, with a warning).
    random_state : int or None
    joint_weights : bool
    notes : tuple of str
    """

    plot = plot_accessor("DataUncertaintyPlot")

    rank_probabilities: pd.DataFrame
    p_best: pd.Series
    expected_rank: pd.Series
    rank_quantiles: pd.DataFrame
    score_summary: pd.DataFrame
    n_samples: int
    n_failed: int
    random_state: int | None
    joint_weights: bool
    problem: Problem
    method: str
    params: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    @property
    def acceptability(self) -> pd.DataFrame:
        """Alias of :attr:`rank_probabilities` (the SMAA name)."""
        return self.rank_probabilities

    def to_frame(self) -> pd.DataFrame:
        """Per partner, sorted by expected rank: name, P(best), expected rank, rank
        quantiles (``q5``, ``q50``...) and ``P(rank = r)`` as ``p1``, ``p2``..."""
        q = self.rank_quantiles.copy()
        q.columns = [f"q{round(100 * float(c)):d}" for c in q.columns]
        probs = self.rank_probabilities.copy()
        probs.columns = [f"p{r}" for r in probs.columns]
        df = pd.concat(
            [
                self.problem.names.reindex(self.p_best.index).rename("name"),
                self.p_best,
                self.expected_rank,
                q,
                probs,
            ],
            axis=1,
        )
        df.index.name = "partner_id"
        return df.sort_values("expected_rank", kind="stable")

    def _headline(self) -> str:
        what = "data and weight" if self.joint_weights else "data"
        return (
            f"DataUncertaintyResult of {self.method}: {self.n_samples} {what} samples, "
            f"seed {self.random_state}"
        )


@renamed_parameter("evaluation_or_problem", "problem")
@keyword_only_after(2)
@blas_one_thread
def data_uncertainty(
    problem: Any,
    method: Any = "topsis",
    *,
    n_samples: int = 2_000,
    random_state: int | np.random.Generator | None = None,
    joint_weights: bool = False,
    quantiles: Sequence[float] = (0.05, 0.5, 0.95),
    scales: Mapping[str, Any] | None = None,
    progress: bool | None = None,
    max_seconds: float | None = None,
    **params: Any,
) -> DataUncertaintyResult:
    """Rank distribution when the criterion values are uncertain.

    Each sample draws a decision matrix from :attr:`Problem.uncertainty` (cells absent
    from the table are fixed) and ranks it with the method (with the problem's weights,
    or with weights uniform on the simplex when ``joint_weights=True``).

    Parameters
    ----------
    problem : Problem or Evaluation
        Anything with a ``.problem`` is accepted.
    method : str or Method
    n_samples : int
        Number of Monte Carlo samples (default 2,000).
    random_state : int, numpy Generator or None
        Seed; when None a fresh one is drawn and recorded.
    joint_weights : bool
        Also draw the weights, uniformly on the simplex (SMAA-2 with uncertain data).
    quantiles : sequence of float
        Levels reported in :attr:`DataUncertaintyResult.rank_quantiles`.
    scales : mapping, optional
        Partial value functions ``{criterion: LinearScale(...)}`` applied to every drawn
        value (see :mod:`partnerselect.sensitivity.scales`).
    progress : bool, optional
        Force (True) or hide (False) the progress bar; by default it shows on a terminal
        when the run is estimated to take over a second.
    max_seconds : float, optional
        Refuse, with the estimate, a run estimated to take longer.
    **params
        Method parameters.

    Returns
    -------
    DataUncertaintyResult

    Warns
    -----
    DegenerateDataWarning
        The method failed (or returned non-finite scores) on some drawn matrices; those
        samples are skipped and counted in ``n_failed``.

    Notes
    -----
    The method is validated once on the given problem; the drawn matrices are scored in
    blocks through its kernel (see :class:`~partnerselect.sensitivity._core.PairedScorer`).
    Partners with equal scores share a rank (competition ranking), so identical partners
    get identical rank probabilities. Methods whose scores are undefined for some drawn
    values (for example logarithms of negative numbers) lose those samples, which is
    reported.

    References
    ----------
    Lahdelma, R., Hokkanen, J. & Salminen, P. (1998). SMAA - Stochastic multiobjective
    acceptability analysis. European Journal of Operational Research 106(1), 137-143.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> unc = pd.DataFrame({"dist": ["normal"], "a": [2.0], "b": [1.0]},
    ...                    index=pd.MultiIndex.from_tuples([("p1", "q")]))
    >>> pb = ps.Problem.from_frame(pd.DataFrame({"q": [2.0, 2.5]}, index=["p1", "p2"]),
    ...                            objectives={"q": "max"}, uncertainty=unc)
    >>> res = ps.sensitivity.data_uncertainty(pb, "wsm", n_samples=4000, random_state=0)
    >>> bool(0.25 < res.p_best["p1"] < 0.37)  # P(N(2, 1) > 2.5) = 0.31
    True
    """
    pb = as_problem(problem)
    scale_map = check_scales(scales, [str(c) for c in pb.criteria])
    bound = bind(_value_problem(pb, scale_map), method, params)
    if isinstance(n_samples, bool) or not isinstance(n_samples, int | np.integer) or n_samples < 1:
        msg = f"The 'n_samples' parameter must be a positive int. Got {n_samples!r} instead."
        raise ParameterError(msg, value=n_samples)
    levels = np.asarray(quantiles, dtype=float)
    if levels.ndim != 1 or np.any((levels < 0) | (levels > 1)):
        msg = f"The 'quantiles' parameter must be levels in [0, 1]. Got {quantiles!r} instead."
        raise ParameterError(msg, value=quantiles)
    rng, seed = as_generator(random_state)
    m, n = pb.shape
    total = int(n_samples)
    # kept for the result: utilities (S, m) and ranks (S, m)
    check_memory(
        16.0 * total * m,
        f"data_uncertainty with {total:,} samples x {m:,} partners",
        "Lower 'n_samples'.",
    )
    notes: list[str] = []
    if pb.uncertainty is None or len(pb.uncertainty) == 0:
        notes.append("The problem carries no uncertainty table: every value is fixed.")
    paired = PairedScorer(bound)
    msampler = MatrixSampler(pb)
    U = np.full((total, m), np.nan)
    w0 = pb.weight_vector
    chunk = max(1, min(total, (16 * 2**20) // max(8 * (3 * m * n + 4 * m), 1)))

    def step(start: int, size: int) -> None:
        X = apply_scales(msampler.draw(size, rng), scale_map)
        W = dirichlet(rng, size, n) if joint_weights else np.broadcast_to(w0, (size, n))
        U[start : start + size] = paired.utility(X, W)[:, 0, :]

    run_chunks(
        total,
        chunk,
        step,
        desc=f"Data uncertainty {bound.name}",
        progress=progress,
        max_seconds=max_seconds,
    )
    if paired.note:
        notes.append(paired.note)
    if scale_map:
        notes.append(
            "Partial value functions applied to: "
            + ", ".join(str(pb.criteria[j]) for j in sorted(scale_map))
            + "."
        )
    ok = np.all(np.isfinite(U), axis=1)
    n_failed = int((~ok).sum())
    if n_failed == n_samples:
        msg = (
            f"{bound.method.display_name} failed on every sampled matrix; check the "
            "uncertainty table (values outside the method's domain?)."
        )
        raise ParameterError(msg, value=n_samples)
    if n_failed:
        warnings.warn(
            f"{bound.method.display_name} failed or returned non-finite scores on {n_failed} "
            f"of {n_samples} sampled matrices (values outside its domain?); they were skipped.",
            DegenerateDataWarning,
            stacklevel=2,
        )
        notes.append(f"{n_failed} sample(s) skipped where the method failed.")
    U = U[ok]
    R = competition_ranks(U)  # rank_batch's ranks: identical partners share a rank
    used = R.shape[0]
    counts = np.bincount((np.arange(m)[None, :] * m + R - 1).reshape(-1), minlength=m * m).reshape(
        m, m
    )
    probs = counts / used
    partners = pb.partners
    ranks_idx = pd.Index(range(1, m + 1), name="rank")
    scores = bound.sign * U
    summary = pd.DataFrame(
        {
            "mean": scores.mean(axis=0),
            "std": scores.std(axis=0, ddof=1) if used > 1 else np.zeros(m),
            "q5": np.quantile(scores, 0.05, axis=0),
            "q95": np.quantile(scores, 0.95, axis=0),
        },
        index=partners,
    )
    return DataUncertaintyResult(
        rank_probabilities=pd.DataFrame(probs, index=partners, columns=ranks_idx),
        p_best=pd.Series(probs[:, 0], index=partners, name="p_best"),
        expected_rank=pd.Series(R.mean(axis=0), index=partners, name="expected_rank"),
        rank_quantiles=pd.DataFrame(
            np.quantile(R, levels, axis=0, method="inverted_cdf").T,
            index=partners,
            columns=pd.Index(levels, name="quantile"),
        ),
        score_summary=summary,
        n_samples=used,
        n_failed=n_failed,
        random_state=seed,
        joint_weights=bool(joint_weights),
        problem=pb,
        method=bound.name,
        params=bound.params,
        notes=tuple(notes),
    )
