"""``ps.explore``: live weight sliders in Jupyter, re-ranking with the library's own kernels.

The notebook twin of the HTML report's "What if?" section: one slider per criterion (raw
weight 0-100, starting at the stated weight x 100; the weights used are the values divided
by their sum), a slider per criteria group when there are groups, a reset button, the
current weights as text for the model file, and the ranking table and plot updating as the
sliders move. Every re-ranking is :func:`partnerselect.rank` itself, so it works for every
method, not only those the report page can recompute.

Needs ``ipywidgets`` (``pip install "partnerselect[notebook]"``).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from partnerselect.errors import ParameterError

__all__ = ["Explorer", "explore"]


def _widgets() -> Any:
    try:
        import ipywidgets
    except ImportError:  # pragma: no cover - exercised by monkeypatching in the tests
        msg = (
            "partnerselect.explore needs ipywidgets. Install it with "
            'pip install "partnerselect[notebook]" (or pip install ipywidgets).'
        )
        raise ImportError(msg) from None
    return ipywidgets


class Explorer:
    """Weight sliders bound to a problem and a method (see :func:`explore`).

    Attributes
    ----------
    problem : Problem
        The problem with the stated weights.
    method : str
    params : dict
        Method parameters.
    sliders : dict
        Criterion -> ``FloatSlider``.
    group_sliders : dict
        Group -> ``FloatSlider`` (empty without groups).
    ranking : Ranking
        The ranking for the current slider values.
    widget : ipywidgets.Widget
        The whole control (displayed when the explorer is the cell's value).
    """

    def __init__(
        self,
        problem: Any,
        method: str,
        params: Mapping[str, Any],
        *,
        ties: str = "min",
        groups: Mapping[str, str] | None = None,
        plot: bool = True,
    ) -> None:
        w = _widgets()
        self.problem = problem
        self.method = method
        self.params = dict(params)
        self.ties = ties
        self.groups = {str(k): str(v) for k, v in (groups or {}).items()}
        self._plot = plot
        self._busy = False
        self._stated = {
            str(c): float(x) * 100
            for c, x in zip(problem.criteria, problem.weight_vector, strict=True)
        }
        layout = w.Layout(width="460px")
        style = {"description_width": "180px"}
        self.sliders = {
            name: w.FloatSlider(
                value=value, min=0.0, max=100.0, step=0.1, description=name,
                continuous_update=False, readout_format=".1f", layout=layout, style=style,
            )
            for name, value in self._stated.items()
        }  # fmt: skip
        self.group_sliders = {
            g: w.FloatSlider(
                value=self._group_total(g), min=0.0, max=100.0, step=0.1,
                description=f"group {g}", continuous_update=False, readout_format=".1f",
                layout=layout, style=style,
            )
            for g in sorted(set(self.groups.values()))
        }  # fmt: skip
        self.reset_button = w.Button(
            description="Reset to the stated weights", layout=w.Layout(width="220px")
        )
        self.status = w.HTML()
        self.table = w.HTML()
        self.weights_text = w.Textarea(layout=w.Layout(width="460px", height="140px"))
        self.image = w.Image(format="png", layout=w.Layout(width="460px"))
        for s in self.sliders.values():
            s.observe(self._on_change, names="value")
        for g, s in self.group_sliders.items():
            s.observe(lambda change, g=g: self._on_group(g, change), names="value")
        self.reset_button.on_click(lambda _: self.reset())
        controls = [
            *(
                [w.HTML("<b>Groups</b>"), *self.group_sliders.values(), w.HTML("<b>Criteria</b>")]
                if self.group_sliders
                else []
            ),
            *self.sliders.values(),
            self.reset_button,
            self.status,
            w.HTML("<b>Weights for the model file</b>"),
            self.weights_text,
        ]
        right = [w.HTML(f"<b>Ranking ({html.escape(method)})</b>"), self.table]
        if plot:
            right.append(self.image)
        self.widget = w.HBox([w.VBox(controls), w.VBox(right)])
        self.ranking: Any = None
        self._update()

    # ------------------------------------------------------------------ state
    def _group_total(self, group: str) -> float:
        return float(sum(v for c, v in self._stated.items() if self.groups.get(c) == group))

    def values(self) -> dict[str, float]:
        """Current raw slider values by criterion."""
        return {name: float(s.value) for name, s in self.sliders.items()}

    def weights(self) -> dict[str, float]:
        """Current weights (slider values divided by their sum)."""
        raw = self.values()
        total = sum(raw.values())
        return {k: v / total for k, v in raw.items()} if total > 0 else raw

    def set_weights(self, values: Mapping[str, float]) -> None:
        """Move sliders programmatically (raw values 0-100) and re-rank once.

        Raises
        ------
        ParameterError
            A criterion the problem does not have, or a value outside [0, 100].
        """
        for name, value in values.items():
            if name not in self.sliders:
                msg = f"Unknown criterion {name!r}. Criteria: {', '.join(self.sliders)}."
                raise ParameterError(msg, value=name)
            if not 0.0 <= float(value) <= 100.0:
                msg = f"The slider value for {name!r} must be in [0, 100]. Got {value!r} instead."
                raise ParameterError(msg, value=value)
        self._busy = True
        try:
            for name, value in values.items():
                self.sliders[name].value = float(value)
        finally:
            self._busy = False
        self._update()

    def reset(self) -> None:
        """Back to the stated weights."""
        self.set_weights(self._stated)

    # ------------------------------------------------------------------ events
    def _on_change(self, _: Any) -> None:
        if not self._busy:
            self._update()

    def _on_group(self, group: str, change: Mapping[str, Any]) -> None:
        if self._busy:
            return
        members = [c for c, g in self.groups.items() if g == group and c in self.sliders]
        total = sum(self.sliders[c].value for c in members)
        target = float(change["new"])
        values = {
            c: min(
                100.0,
                self.sliders[c].value * target / total if total > 0 else target / len(members),
            )
            for c in members
        }
        self.set_weights(values)

    def _update(self) -> None:
        from partnerselect.methods import rank

        raw = self.values()
        if not sum(raw.values()) > 0:
            self.status.value = "<i>All weights are zero: move at least one slider above 0.</i>"
            return
        self.status.value = ""
        self._busy = True
        try:
            for g, s in self.group_sliders.items():
                s.value = min(100.0, sum(v for c, v in raw.items() if self.groups.get(c) == g))
        finally:
            self._busy = False
        stated = rank(self.problem, self.method, ties=self.ties, **self.params)
        self.ranking = rank(
            self.problem.replace(weights=raw), self.method, ties=self.ties, **self.params
        )
        frame = self.ranking.to_frame()
        moves = [int(stated.ranks[p]) - int(self.ranking.ranks[p]) for p in frame.index]
        frame["change"] = [
            f"\u25b2 {d}" if d > 0 else f"\u25bc {-d}" if d < 0 else "\u2013" for d in moves
        ]
        cols = [
            c for c in ("rank", "partner_id", "name", "score", "change") if c in frame.reset_index()
        ]
        self.table.value = frame.reset_index()[cols].to_html(
            index=False, escape=True, float_format=lambda x: f"{x:.4f}", border=0
        )
        self.weights_text.value = self._toml()
        if self._plot:
            self._draw()

    def _toml(self) -> str:
        w = self.weights()
        lines = [
            "# What-if weights (global, sum to 1)",
            "# weight = ... in each [[criteria]] table:",
        ]
        lines += [f"{name} = {value:.4f}" for name, value in w.items()]
        return "\n".join(lines)

    def _draw(self) -> None:
        import io

        import matplotlib.pyplot as plt

        ax = self.ranking.plot.bars(top=min(15, len(self.problem.partners)))
        fig = ax.get_figure(root=True)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=80)
        plt.close(fig)
        self.image.value = buf.getvalue()

    def _ipython_display_(self) -> None:  # pragma: no cover - needs a front end
        from IPython.display import display

        display(self.widget)

    def __repr__(self) -> str:
        return f"<Explorer: {self.method} on {len(self.problem.partners)} partners, {len(self.sliders)} sliders>"


def explore(obj: Any, method: str | None = None, *, plot: bool = True, **params: Any) -> Explorer:
    """Live weight sliders for a problem or an evaluation, in a Jupyter notebook.

    Parameters
    ----------
    obj : Problem or Evaluation
        An evaluation brings its method, parameters, tie policy and criteria groups.
    method : str, optional
        Method name (default: the evaluation's, or ``"topsis"`` for a problem).
    plot : bool
        Also draw the ranking plot, updated on every move.
    **params
        Method parameters (default: the evaluation's).

    Returns
    -------
    Explorer
        Displayed as the controls when it is the value of a notebook cell; its
        ``set_weights`` / ``reset`` / ``ranking`` also work from code.

    Raises
    ------
    ImportError
        ipywidgets is not installed (``pip install "partnerselect[notebook]"``).

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"cost": [3.0, 1.0, 2.0], "quality": [3.0, 1.0, 4.0]}, index=list("ABC"))
    >>> p = ps.Problem.from_frame(df, objectives={"cost": "min", "quality": "max"})
    >>> ex = ps.explore(p, "wsm", plot=False)
    >>> ex.ranking.best
    'C'
    >>> ex.set_weights({"cost": 100, "quality": 0})
    >>> ex.ranking.best
    'B'
    """
    from partnerselect.problem import Problem

    if isinstance(obj, Problem):
        return Explorer(obj, method or "topsis", params, plot=plot)
    problem = getattr(obj, "problem", None)
    ranking = getattr(obj, "ranking", None)
    if not isinstance(problem, Problem) or ranking is None:
        msg = f"explore() takes a Problem or an Evaluation. Got {type(obj).__name__} instead."
        raise ParameterError(msg, value=type(obj).__name__)
    weights = getattr(obj, "weights", None)
    groups: dict[str, str] = {}
    if weights is not None and "criterion" in weights and "group" in weights:
        groups = {
            str(c): str(g)
            for c, g in zip(weights["criterion"], weights["group"], strict=True)
            if isinstance(g, str) and g
        }
    chosen = method or str(ranking.method)
    chosen_params = params or (dict(ranking.params) if chosen == ranking.method else {})
    return Explorer(
        problem, chosen, chosen_params, ties=str(ranking.ties), groups=groups, plot=plot
    )
