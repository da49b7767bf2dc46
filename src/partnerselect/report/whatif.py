"""The data behind the report's "What if?" section: re-ranking in the browser.

A committee moves one slider per criterion; the page recomputes every partner's score from
the weights and weight-independent arrays embedded here, with the same formulas and the
same tie rule as :func:`partnerselect.rank`. Five score families cover the methods whose
score can be recomputed that way:

``linear``
    ``score = F w`` (WSM, PROMETHEE II net flows, MABAC and every method whose score is
    linear in the weights; ``F[:, j]`` is the score under weight 1 on criterion ``j``);
``loglinear``
    ``log score = L w`` (WPM);
``mix``
    ``lambda F w + (1 - lambda) exp(L w)`` (WASPAS);
``topsis``
    ``C = s- / (s+ + s-)`` with ``s+- = sqrt(sum_j w_j^2 G+-_ij)`` (TOPSIS);
``vikor``
    ``S = d w``, ``R = max_j w_j d_ij``, ``Q = v S~ + (1 - v) R~`` (VIKOR, lower is better).

The family is never assumed: the embedded arrays are recomputed here with the same
formulas as the page's script (:func:`mirror_scores`) at random weight vectors and compared
with the method's own scores. A method that does not match (EDAS, CODAS, ...) gets no
sliders and the section says why, rather than showing wrong numbers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation
    from partnerselect.problem import Problem

__all__ = ["mirror_scores", "payload", "render_page", "section_context", "whatif_context"]

_CHECKS = 24  # random weight vectors the embedded formulas must reproduce
_RTOL = 1e-9


def _tie_rule() -> dict[str, float]:
    from partnerselect import ranking

    return {
        "rtol": float(getattr(ranking, "TIE_RTOL", 1e-9)),
        "atol": 1e-12,
    }


def mirror_scores(data: Mapping[str, Any], W: np.ndarray) -> np.ndarray:
    """Scores ``(S, m)`` for weight rows ``W`` computed exactly as the page's script does."""
    kind = data["kind"]
    W = np.atleast_2d(np.asarray(W, dtype=float))
    W = W / W.sum(axis=1, keepdims=True)
    if kind == "linear":
        return W @ np.asarray(data["F"]).T
    if kind == "loglinear":
        return np.exp(W @ np.asarray(data["L"]).T)
    if kind == "mix":
        lam = float(data["lambda"])
        return lam * (W @ np.asarray(data["F"]).T) + (1 - lam) * np.exp(W @ np.asarray(data["L"]).T)
    if kind == "topsis":
        W2 = W**2
        sp = np.sqrt(np.maximum(W2 @ np.asarray(data["Gp"]).T, 0.0))
        sm = np.sqrt(np.maximum(W2 @ np.asarray(data["Gm"]).T, 0.0))
        tot = sp + sm
        return np.divide(sm, tot, out=np.full_like(tot, 0.5), where=tot > 0)
    if kind == "vikor":
        d = np.asarray(data["d"])
        v = float(data["v"])
        S = W @ d.T
        R = (W[:, None, :] * d[None, :, :]).max(axis=2)

        def scaled(a: np.ndarray) -> np.ndarray:
            lo = a.min(axis=1, keepdims=True)
            rng = a.max(axis=1, keepdims=True) - lo
            ok = rng > 1e-12 * np.maximum(1.0, np.abs(lo))
            return np.divide(a - lo, rng, out=np.zeros_like(a), where=ok)

        return v * scaled(S) + (1 - v) * scaled(R)
    msg = f"unknown what-if score family {kind!r}"
    raise ValueError(msg)


def _candidates(problem: Problem, method: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Score families to try for ``method``, most specific first."""
    from partnerselect.methods import get_method

    n = len(problem.criteria)
    eye = np.eye(n)
    out: list[dict[str, Any]] = []
    if method == "topsis":
        from partnerselect.methods.topsis import _oriented

        norm = params.get("normalization", "vector")
        r, sg = _oriented(problem.values, problem.signs, norm)
        hi, lo = r.max(axis=0), r.min(axis=0)
        up = np.asarray(sg) > 0
        gp = np.square(r - np.where(up, hi, lo))
        gm = np.square(r - np.where(up, lo, hi))
        out.append({"kind": "topsis", "Gp": gp, "Gm": gm})
    elif method == "vikor":
        from partnerselect.methods.vikor import _regrets

        _, _, d = _regrets(problem.values, problem.signs)
        out.append({"kind": "vikor", "d": d, "v": float(params.get("v", 0.5))})
    elif method == "waspas":
        lam = float(params.get("lambda_", 0.5))
        f = get_method("waspas", lambda_=1.0).scorer(problem)(eye).T
        prod = get_method("waspas", lambda_=0.0).scorer(problem)(eye).T
        if np.all(prod > 0):
            out.append({"kind": "mix", "F": f, "L": np.log(prod), "lambda": lam})
    scorer = get_method(method, **params).scorer(problem)
    base = np.asarray(scorer(eye), dtype=float).T  # (m, n): score under one-hot weights
    out.append({"kind": "linear", "F": base})
    if np.all(base > 0):
        out.append({"kind": "loglinear", "L": np.log(base)})
    return out


def payload(
    problem: Problem, method: str, params: Mapping[str, Any], *, seed: int = 0
) -> dict[str, Any]:
    """The arrays the page needs for ``method``, or the reason the page cannot re-rank.

    Returns
    -------
    dict
        ``supported`` (bool), ``reason`` (str, when not), ``kind`` and its arrays.
    """
    from partnerselect.methods import get_method

    if method == "promethee1":
        return {
            "supported": False,
            "reason": (
                "PROMETHEE I gives a partial ranking (incomparable pairs); this page re-ranks "
                "complete rankings only. Use promethee2 for a what-if."
            ),
        }
    try:
        scorer = get_method(method, **params).scorer(problem)
    except Exception as exc:  # a scikit-criteria pipeline, or no batched scorer
        return {"supported": False, "reason": f"{method} has no batched score function ({exc})."}
    n = len(problem.criteria)
    rng = np.random.default_rng(seed)
    W = np.vstack([problem.weight_vector, rng.dirichlet(np.ones(n), size=_CHECKS)])
    truth = np.asarray(scorer(W), dtype=float)
    try:
        candidates = _candidates(problem, method, params)
    except Exception:  # a kernel that rejects one-hot weights: fall through to "unsupported"
        candidates = []
    for cand in candidates:
        with np.errstate(all="ignore"):
            got = mirror_scores(cand, W)
        scale = max(1.0, float(np.nanmax(np.abs(truth))))
        if np.all(np.isfinite(got)) and np.allclose(got, truth, rtol=_RTOL, atol=_RTOL * scale):
            return {"supported": True, **cand}
    return {
        "supported": False,
        "reason": (
            f"The {method} score is not a function of the weights that this page can recompute "
            "exactly (it renormalises with the weights); use partnerselect.explore in a "
            "notebook, or one of wsm, wpm, waspas, topsis, vikor, promethee2."
        ),
    }


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Mapping):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def script_json(data: Mapping[str, Any]) -> str:
    """JSON safe to put inside ``<script type="application/json">`` (no ``</script>``)."""
    # ASCII only: every control or non-ASCII character is a \\u escape (DEL is ASCII but a
    # control character, so it is escaped by hand)
    text = json.dumps(_jsonable(data), ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return (
        text.replace("\x7f", "\\u007f")
        .replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def whatif_context(ev: Evaluation) -> dict[str, Any]:
    """The template context of the "What if?" section for an evaluation."""
    groups: dict[str, str] = {}
    w = ev.weights
    if "criterion" in w and "group" in w:
        for crit, grp in zip(w["criterion"], w["group"], strict=True):
            if isinstance(grp, str) and grp:
                groups[str(crit)] = grp
    return section_context(ev.problem, ev.ranking, groups=groups)


def section_context(
    problem: Problem, ranking: Any, *, groups: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The "What if?" context for a problem and its ranking (method, parameters, ties).

    Parameters
    ----------
    problem : Problem
    ranking : Ranking
        The ranking with the stated weights (its method, parameters and tie policy are the
        ones the page reproduces).
    groups : mapping, optional
        Criterion -> group, for the group sliders.
    """
    method = str(ranking.method)
    params = dict(ranking.params)
    data = payload(problem, method, params)
    groups = dict(groups or {})
    criteria = [
        {
            "name": str(name),
            "weight": float(problem.weight_vector[j]),
            "group": groups.get(str(name)),
        }
        for j, name in enumerate(problem.criteria)
    ]
    from partnerselect.report.sanitize import clean_text

    names = getattr(problem, "names", None)
    partners = [
        {
            "id": str(pid),  # the page matches it against data-partner, so kept exactly
            "name": clean_text(names.get(pid, "")) if names is not None else "",
        }
        for pid in problem.partners
    ]
    stated = ranking.ranks.reindex(problem.partners).astype(int).tolist()
    info = {
        "method": method,
        "higher_is_better": bool(ranking.higher_is_better),
        "ties": str(ranking.ties),
        "tie_rule": _tie_rule(),
        "criteria": criteria,
        "partners": partners,
        "stated_ranks": stated,
        "score": {k: v for k, v in data.items() if k not in ("supported", "reason")},
    }
    return {
        "supported": bool(data["supported"]),
        "reason": str(data.get("reason", "")),
        "method": method,
        "criteria": criteria,
        "groups": sorted({c["group"] for c in criteria if c["group"]}),
        "json": script_json(info) if data["supported"] else "",
    }


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>What if?</title></head>
<body>{% include "whatif.html.j2" %}</body></html>
"""


def render_page(problem: Problem, ranking: Any, *, groups: Mapping[str, str] | None = None) -> str:
    """A standalone HTML page holding only the "What if?" section (same template)."""
    from partnerselect.report.html import _environment

    env = _environment()
    return str(
        env.from_string(_PAGE).render(whatif=section_context(problem, ranking, groups=groups))
    )
