"""Committee report as one self-contained, printable HTML file.

The page is rendered by jinja2 with autoescaping on, from the templates in
``partnerselect/report/templates``. It needs no network or fonts: styles are inline and every
plot is embedded as ``<img src="data:image/png;base64,...">``. The only script is the
report's own, inline, in the "What if?" section (weight sliders re-ranking in the page; see
:mod:`partnerselect.report.whatif`); vendor text never reaches it except as JSON data
(``<``, ``>`` and ``&`` written as JSON unicode escapes) and ``textContent``. ``interactive=False``
leaves the section out and gives a page with no script at all.

Why PNG data URIs: an image loaded through ``<img>`` can never run script or fetch
anything, whatever it contains, so the report's safety does not rest on another library's
escaping; and the PNG is the same one the Markdown report writes, drawn once per evaluation
(see :mod:`partnerselect.report.plots`), which keeps writing every report format fast. The
cost: text inside plots cannot be selected or searched in the browser.

A plot that fails to draw does not stop the report: the page says which plot is unavailable
and why (``strict_plots=True`` raises instead, for tests).
"""

from __future__ import annotations

import base64
import functools
import io
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from partnerselect.report import tables as tb
from partnerselect.report.files import run_id
from partnerselect.report.plots import (
    PlotSpec,
    by_section,
    plot_specs,
    rendered_plots,
    start_plots,
)
from partnerselect.report.sanitize import clean_text
from partnerselect.report.tables import fmt

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from partnerselect.pipeline import Evaluation

__all__ = ["render_html", "svg_data_uri", "write_html"]

logger = logging.getLogger(__name__)

#: Sign-off lines printed when the model's ``[report]`` section names no signatories.
DEFAULT_SIGNATORIES = (
    "Chair of the evaluation committee",
    "Procurement lead",
    "Technical lead",
    "Legal and compliance",
)


# --------------------------------------------------------------------------- formatting
def _is_numeric(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
        series.dtype
    )


def table(
    df: pd.DataFrame | None,
    *,
    index: bool = False,
    formats: Mapping[str, Callable[[Any], str]] | None = None,
) -> dict[str, Any] | None:
    """A frame as ``{"columns", "rows", "numeric"}`` of strings, for the table macro."""
    if df is None:
        return None
    frame = df.reset_index() if index else df
    formats = formats or {}
    columns = [str(c) for c in frame.columns]
    numeric = [_is_numeric(frame[c]) for c in frame.columns]
    rows = []
    for values in frame.itertuples(index=False, name=None):
        rows.append(
            [formats.get(str(c), fmt)(v) for c, v in zip(frame.columns, values, strict=True)]
        )
    return {"columns": columns, "rows": rows, "numeric": numeric}


def pct(value: Any) -> str:
    """A share as a percentage with one decimal (blank when missing)."""
    text = fmt(value)
    return "" if text == "" else f"{100 * float(value):.1f} %"


# --------------------------------------------------------------------------- plots
def svg_data_uri(fig: Figure) -> str:
    """The figure as an SVG ``data:`` URI for an ``<img>`` element (cannot run script).

    Kept for callers who want vector plots; the report itself embeds the shared PNGs.
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _render_plots(
    ev: Evaluation, specs: Iterable[PlotSpec], *, strict: bool
) -> dict[str, list[dict[str, str]]]:
    drawn = rendered_plots(ev, strict=strict, specs=list(specs))
    return by_section(drawn, lambda p: p.data_uri())


# --------------------------------------------------------------------------- context
def _signatories(ev: Evaluation, given: Sequence[Any] | None) -> list[dict[str, str]]:
    items = given if given is not None else ev.model.report.get("signatories", DEFAULT_SIGNATORIES)
    out = []
    for item in items:
        if isinstance(item, Mapping):
            out.append({"role": str(item.get("role", "")), "name": str(item.get("name", ""))})
        else:
            out.append({"role": str(item), "name": ""})
    return out


def _evaluators(ev: Evaluation) -> dict[str, Any]:
    res = ev.criteria.evaluators
    if res is None:
        return {"present": False}
    cols = [
        "partner_id",
        "criterion",
        "value",
        "min",
        "max",
        "spread",
        "k",
        "moderated",
        "moderation_comment",
    ]
    frames = {}
    for key in ("disagreements", "moderations"):
        frame = getattr(res, key, None)
        if isinstance(frame, pd.DataFrame) and key == "disagreements":
            frame = frame[[c for c in cols if c in frame.columns]]
        frames[key] = table(frame)
    return {"present": True, **frames}


def _scenarios(ev: Evaluation) -> dict[str, Any] | None:
    tables = tb.scenario_tables(ev)
    if tables is None:
        return None
    summary, ranks = tables
    rank_table = table(ranks)
    assert rank_table is not None
    rank_table["numeric"] = [False, False] + [True] * (len(rank_table["columns"]) - 2)
    return {"summary": table(summary), "ranks": rank_table}


def _effective(ev: Evaluation, render: Callable[..., Any]) -> dict[str, Any]:
    """Stated vs effective weights with their reference ranges, and the flag thresholds."""
    from partnerselect.effective import EffectiveWeightSettings

    cfg = EffectiveWeightSettings.from_model(ev.model.sensitivity)
    frame = tb.effective_table(ev)
    return {
        "table": render(frame, formats={"stated": pct, "effective": pct, "effective_rank": pct}),
        "low": f"{cfg.low:.2g}",
        "high": f"{cfg.high:.2g}",
    }


def _text_table(df: pd.DataFrame | None, **kw: Any) -> dict[str, Any] | None:
    """:func:`table` for frames of preformatted text: every column but the first is numeric."""
    out = table(df, **kw)
    if out is not None:
        out["numeric"] = [False] + [True] * (len(out["columns"]) - 1)
    return out


def whatif_context(ev: Evaluation) -> dict[str, Any]:
    """The "What if?" section's context (see :mod:`partnerselect.report.whatif`)."""
    from partnerselect.report.whatif import whatif_context as build

    return build(ev)


def _confidence(ev: Evaluation, table: Callable[..., Any]) -> Any:
    frame = tb.condensed_confidence(ev)
    if frame is None:
        return None
    return table(frame, formats=dict.fromkeys(("p_best", "confidence", "confidence_se"), pct))


def context(
    ev: Evaluation,
    *,
    plots: bool = True,
    strict_plots: bool = False,
    signatories: Sequence[Any] | None = None,
    interactive: bool = True,
) -> dict[str, Any]:
    """Everything the template shows, as escaped-later strings and small tables."""
    from partnerselect import __version__

    acc_table = tb.condensed_acceptability(ev)
    acc = ev.accounting()
    n_ranked = int((acc["status"] == "ranked").sum())
    ranking = ev.to_frame().reset_index()[["rank", "partner_id", "name", "score", "dominated_by"]]
    return {
        "title": ev.model.name,
        "created": ev.created,
        "run_id": run_id(ev),
        "version": __version__,
        "seed": ev.model.seed,
        "as_of": fmt(ev.model.as_of),
        "model_source": ev.model.source or "(given in code)",
        "inputs": table(tb.inputs_table(ev)),
        "scope": {
            "n_partners": len(acc),
            "n_ranked": n_ranked,
            "n_excluded": len(acc) - n_ranked,
            "n_criteria": len(ev.problem.criteria),
            "n_gates": len(ev.model.gates),
            "n_unknown": len(ev.unknown_partners),
        },
        "accounting": table(acc),
        "gates": table(tb.gates_table(ev)),
        "exclusions": table(tb.summary_tables(ev)["Exclusions"]),
        "unknown": table(ev.unknown_partners) if len(ev.unknown_partners) else None,
        "weights": table(
            tb.weights_table(ev),
            formats={"group_weight": pct, "local_weight": pct, "global_weight": pct},
        ),
        "provenance": table(tb.provenance_table(ev)),
        "effective": _effective(ev, table),
        "matrix": _text_table(tb.decision_matrix(ev)),
        "track_record": _text_table(tb.evidence_wide(ev, "track_record", "projects")),
        "priors": table(tb.priors_table(ev)),
        "panel": _text_table(tb.evidence_wide(ev, "evaluators", "evaluators")),
        "method": {
            "name": ev.ranking.method,
            "params": ", ".join(f"{k} = {v!r}" for k, v in ev.ranking.params.items())
            or "(defaults)",
            "ties": ev.ranking.ties,
            "direction": "higher" if ev.ranking.higher_is_better else "lower",
        },
        "ranking": table(ranking),
        "contributions": table(tb.contributions_table(ev), index=True),
        "evaluators": _evaluators(ev),
        "verdict": None
        if ev.verdict is None
        else {
            "label": str(ev.verdict.label),
            "robust": bool(ev.verdict.robust),
            "summary": str(ev.verdict),
            "reasons": table(tb.verdict_reasons(ev)),
        },
        "acceptability": None
        if acc_table is None
        else table(acc_table, formats=dict.fromkeys(map(str, acc_table.columns[1:]), pct)),
        "confidence": _confidence(ev, table),
        "sens_tables": [
            {"title": title, "note": note, "table": table(frame)}
            for title, note, frame in tb.sensitivity_extracts(ev)
        ],
        "scenarios": _scenarios(ev),
        "recommendation": tb.recommendation(ev),
        "whatif": whatif_context(ev) if interactive else None,
        "notes": list(ev.notes),
        "plots": _render_plots(ev, plot_specs(ev), strict=strict_plots) if plots else {},
        "signatories": _signatories(ev, signatories),
    }


# --------------------------------------------------------------------------- entry points
def _finalize(value: Any) -> Any:
    """Every ``{{ value }}`` of the templates: text without control characters (then
    autoescaped); data URIs, numbers and already-rendered markup (macro output, whose own
    values went through here) pass unchanged."""
    from markupsafe import Markup

    if (
        isinstance(value, str)
        and not isinstance(value, Markup)
        and not value.startswith("data:image/")
    ):
        return clean_text(value)
    return value


@functools.cache
def _environment() -> Any:
    """The templates' environment, made once (it keeps the compiled templates)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("partnerselect", "report/templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    return env


def render_html(
    evaluation: Evaluation,
    *,
    plots: bool = True,
    strict_plots: bool = False,
    signatories: Sequence[Any] | None = None,
    interactive: bool = True,
) -> str:
    """The committee report as an HTML string.

    Parameters
    ----------
    evaluation : Evaluation
    plots : bool
        Draw the plots (PNG images inside the page); False gives a text-only report.
    strict_plots : bool
        Raise when a plot fails instead of marking it unavailable.
    signatories : sequence of str or {"name", "role"}, optional
        Sign-off lines; default: the model's ``[report] signatories`` or four standard roles.
    interactive : bool
        Include the "What if?" section (weight sliders; the page's only script).
    """
    # the plots are drawn by worker processes while the tables below are built
    pending = (
        start_plots(evaluation, strict=strict_plots, specs=plot_specs(evaluation))
        if plots
        else None
    )
    try:
        ctx = context(
            evaluation,
            plots=plots,
            strict_plots=strict_plots,
            signatories=signatories,
            interactive=interactive,
        )
    except BaseException:
        if pending is not None:
            pending.cancel()  # type: ignore[attr-defined]
        raise
    return str(_environment().get_template("report.html.j2").render(**ctx))


def write_html(evaluation: Evaluation, path: Path, **options: Any) -> Path:
    """Write the committee report to ``path`` (UTF-8); options as :func:`render_html`.

    Examples
    --------
    >>> ev.report("tender.html")  # doctest: +SKIP
    PosixPath('tender.html')
    """
    text = render_html(
        evaluation,
        plots=bool(options.get("plots", True)),
        strict_plots=bool(options.get("strict_plots", False)),
        signatories=options.get("signatories"),
        interactive=bool(options.get("interactive", True)),
    )
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)
