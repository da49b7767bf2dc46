"""Run the robustness analyses an evaluation model asks for.

The ``[sensitivity]`` section of the model selects them::

    [sensitivity]
    compare = ["wsm", "topsis", "vikor"]   # cross-method comparison (default: none)
    smaa_samples = 10000                   # SMAA-2 over the weight simplex (0 = skip)
    sample_data = "auto"                   # SMAA-2 draws the data too: true, false or
                                           # "auto" (when the criteria carry uncertainty)
    confidence_samples = 2000              # data draws behind the confidence factors
    data_samples = 300                     # Monte Carlo over the data uncertainty (0 = skip)
    critical = true                        # critical weight changes of the top pairs
    rank_reversal_max_partners = 5000      # above this the rank-reversal test is skipped
    verdict = { min_margin = 0.05 }        # verdict thresholds (see sensitivity.verdict)
    effective_weight_min_stated = 0.05     # effective-weight check (partnerselect.effective):
    effective_weight_low = 0.3333          # warn when effective / stated falls outside
    effective_weight_high = 3.0            # [low, high] for a stated weight >= min_stated

Every random analysis uses the model's seed, so the same inputs give the same numbers. The
results come back as an :class:`Analyses` object (``ev.analyses.smaa``); it also reads as a
mapping of the analyses that ran (``ev.analyses["smaa"]``, ``"smaa" in ev.analyses``), the
form earlier versions returned.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

from partnerselect._equality import value_equality
from partnerselect.errors import ConstantCriterionWarning
from partnerselect.model import EvaluationModel
from partnerselect.problem import Problem
from partnerselect.ranking import Ranking

__all__ = ["Analyses", "run_analyses"]

_NAMES = (
    "comparison",
    "smaa",
    "data_uncertainty",
    "critical",
    "sweep",
    "rank_reversal",
    "verdict",
    "effective_weights",
)


@value_equality
@dataclasses.dataclass(frozen=True, eq=False)
class Analyses(Mapping[str, Any]):
    """The robustness analyses of an evaluation; ``None`` for those that did not run.

    Attributes
    ----------
    comparison, smaa, data_uncertainty, critical, sweep, rank_reversal, verdict : object or None
        The result objects (see :mod:`partnerselect.sensitivity`).
    effective_weights : EffectiveWeights or None
        Stated vs effective weights (see :mod:`partnerselect.effective`).
    skipped : mapping
        Analysis name -> why it was skipped (also in the evaluation's notes).

    Examples
    --------
    >>> a = Analyses(verdict="robust")
    >>> a.verdict, a.smaa, list(a), "smaa" in a
    ('robust', None, ['verdict'], False)
    """

    comparison: Any = None
    smaa: Any = None
    data_uncertainty: Any = None
    critical: Any = None
    sweep: Any = None
    rank_reversal: Any = None
    verdict: Any = None
    effective_weights: Any = None
    skipped: Mapping[str, str] = dataclasses.field(default_factory=dict)

    # Mapping view (the analyses that ran), for code written against the earlier dict.
    def __getitem__(self, key: str) -> Any:
        if key in _NAMES and getattr(self, key) is not None:
            return getattr(self, key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (n for n in _NAMES if getattr(self, n) is not None)

    def __len__(self) -> int:
        return sum(getattr(self, n) is not None for n in _NAMES)

    def __repr__(self) -> str:
        ran = ", ".join(self) or "none"
        return f"<Analyses: {ran}>"


def run_analyses(
    problem: Problem, ranking: Ranking, model: EvaluationModel, *, effective: Any = None
) -> Analyses:
    """Run the analyses of ``model.sensitivity`` on ``problem`` (ranked as ``ranking``);
    ``effective`` (stated vs effective weights) is counted by the verdict when given."""
    return Analyses(**_run(problem, model, effective), effective_weights=effective)


def _run(problem: Problem, model: EvaluationModel, effective: Any = None) -> dict[str, Any]:
    from partnerselect import sensitivity
    from partnerselect.compare import compare

    cfg = model.sensitivity
    method, params = model.method, dict(model.method_params)
    out: dict[str, Any] = {}
    if problem.shape[0] < 2:
        return out
    methods = list(cfg.get("compare", []))
    if methods:
        if method not in methods:
            methods.insert(0, method)
        out["comparison"] = compare(problem, methods=methods, params={method: params})
    n_smaa = int(cfg.get("smaa_samples", 0))
    if n_smaa:
        out["smaa"] = sensitivity.smaa(
            problem,
            method,
            n_samples=n_smaa,
            random_state=model.seed,
            sample_data=_sample_data(cfg),
            confidence_samples=int(cfg.get("confidence_samples", min(n_smaa, 2_000))),
            **params,
        )
    n_data = int(cfg.get("data_samples", 0))
    if n_data and problem.uncertainty is not None:
        out["data_uncertainty"] = sensitivity.data_uncertainty(
            problem, method, n_samples=n_data, random_state=model.seed, **params
        )
    if cfg.get("critical", True):
        out["critical"] = sensitivity.critical_weights(problem, method, pairs="top", **params)
    if cfg.get("sweep", True):
        out["sweep"] = sensitivity.weight_sweep(problem, method, **params)
    reversal_limit = int(cfg.get("rank_reversal_max_partners", 5000))
    if cfg.get("rank_reversal", True) and problem.shape[0] <= reversal_limit:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConstantCriterionWarning)
            out["rank_reversal"] = sensitivity.rank_reversal(problem, method, **params)
    elif cfg.get("rank_reversal", True):
        # Re-ranking 3 m variants and comparing every pair grows with m^3.
        out["skipped"] = {
            "rank_reversal": (
                f"{problem.shape[0]} partners exceed rank_reversal_max_partners = "
                f"{reversal_limit}; raise it in [sensitivity] to run the test anyway"
            )
        }
    thresholds = dict(cfg.get("verdict", {}))
    out["verdict"] = sensitivity.verdict(
        problem,
        method,
        smaa=out.get("smaa"),
        critical=out.get("critical"),
        reversal=out.get("rank_reversal"),
        check_reversal="rank_reversal" in out,
        comparison=out.get("comparison"),
        effective=effective,
        random_state=model.seed,
        **thresholds,
        **params,
    )
    return out


def _sample_data(cfg: Any) -> Any:
    """``[sensitivity] sample_data``: true, false or "auto" (the default)."""
    from partnerselect.errors import ModelError

    value = cfg.get("sample_data", "auto")
    if isinstance(value, str) and value.strip().lower() == "auto":
        return "auto"
    if isinstance(value, bool):
        return value
    msg = f'[sensitivity] sample_data must be true, false or "auto". Got {value!r} instead.'
    raise ModelError(msg, value=value)
