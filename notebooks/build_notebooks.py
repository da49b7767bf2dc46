"""Write the tutorial notebooks of this folder from the cell texts below.

The notebooks are generated so that they can be reviewed as Python and regenerated
byte for byte: run ``python notebooks/build_notebooks.py`` after editing a cell here,
and ``python notebooks/build_notebooks.py --check`` to verify that the stored notebooks
match this script. They are stored without outputs (execution counts ``None``), with
stable cell ids and the ``python3`` kernel; the test suite executes them.

Cells tagged ``expect-warning`` are the only ones allowed to show a partnerselect
warning when the notebook runs (they demonstrate one on purpose).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

HERE = Path(__file__).resolve().parent

#: Kernel metadata shared by every notebook.
METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}

Cell = tuple[str, str, tuple[str, ...]]


def md(text: str) -> Cell:
    """A Markdown cell."""
    return ("markdown", text, ())


def code(text: str, *tags: str) -> Cell:
    """A code cell, optionally tagged (``expect-warning``)."""
    return ("code", text, tags)


# --------------------------------------------------------------------------- quickstart
QUICKSTART: list[Cell] = [
    md("""
        # Quickstart: from bids to a committee report

        This notebook walks through one complete partner selection with **partnerselect**:
        the bundled sample tender, in which an organisation in Berlin chooses an *AI platform
        engineering partner* among 25 bidders.

        ```
        partners + track records + evaluator scores + model
            -> must-have gates -> criteria with evidence -> weights -> ranking
            -> robustness checks -> committee report
        ```

        Every step below answers a question the tender committee will ask: *who was
        ranked, who was excluded and why, how solid is the evidence, why is the winner
        first, and can we defend the result?* Run the cells from top to bottom.
    """),
    code("""
        import tempfile
        import warnings
        from pathlib import Path

        import pandas as pd
        from IPython.display import display

        import partnerselect as ps
        from partnerselect.plot import evaluator_spread, forest

        pd.set_option("display.width", 140)
        pd.set_option("display.max_columns", 12)
        pd.set_option("display.max_colwidth", 90)
    """),
    md("""
        ## 1. The inputs

        A tender needs three tables and one model file:

        - **partners**: one row per bidder (day rate, certifications, bench depth...);
        - **track records**: one row per past project of a bidder (dates, budget, cost,
          client ratings, escalations);
        - **evaluator scores**: each panel member's 1-5 rating of each bidder on the
          criteria that need judgement (communication, AI expertise...);
        - the **evaluation model** (`model.toml`): gates, criteria, weights, method.

        `load_sample()` reads the bundled example. For your own tender use
        `ps.read_partners(...)`, `ps.read_track_records(...)`, `ps.read_scores(...)` and
        `ps.read_model(...)`: they check the files and say which row or column to fix.
    """),
    code("""
        sample = ps.load_sample()
        sample
    """),
    code("""
        sample.partners.head()
    """),
    code("""
        sample.track_records.head()
    """),
    code("""
        sample.scores.head()
    """),
    md("""
        The model says *what matters and how much*. Each criterion has a direction (`max`:
        more is better, `min`: less is better), a source (a partner column, a metric
        computed from the track records, or the evaluators' scores) and a one-line reason
        that goes into the report.
    """),
    code("""
        model = ps.read_model(sample.model_path)
        pd.DataFrame(
            [
                {
                    "criterion": c.name,
                    "group": c.group,
                    "objective": c.objective,
                    "source": c.source,
                    "why": c.why,
                }
                for c in model.criteria
            ]
        )
    """),
    code("""
        pd.DataFrame([{"rule": g.rule, "reason": g.reason} for g in model.gates])
    """),
    md("""
        ## 2. Evaluate

        `ps.evaluate` runs the whole flow in one call and keeps every intermediate result
        for the audit trail. Real data always has oddities (a bidder without projects, an
        empty cell, evaluators who disagree); each one raises a warning. Instead of letting
        a dozen warnings scroll past, we collect them: `ev.notes` keeps every one, and
        the report lists them too.
    """),
    code("""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ps.errors.PartnerSelectWarning)
            ev = ps.evaluate(
                sample.partners,
                sample.track_records,
                sample.model_path,
                scores=sample.scores,
            )
        for note in ev.notes:
            print("-", note)
    """),
    md("""
        **How to read the notes.** *Imputation* means a value was missing and was filled by
        the policy the model declares (`prior`: the portfolio average; `worst`: the worst
        observed value, so a gap never helps a bidder). *Insufficient evidence* means a
        track-record figure rests on fewer projects than the model's `min_projects`.
        *Dominance* means another bidder is at least as good on every criterion.
        *Evaluator disagreement* lists cells the panel should discuss before the decision.
    """),
    md("""
        ## 3. The ranking

        Rank 1 is best. The score is the method's own (here the weighted sum of min-max
        normalised values, WSM: between 0 and 1, higher is better), so compare scores within
        one ranking, not across methods. `dominated_by` names a bidder that is at least as
        good as this one on every criterion (and better on some): whatever the weights, the
        dominated bidder cannot overtake it.
    """),
    code("""
        ev.to_frame()
    """),
    md("""
        ## 4. Who was excluded, and why

        Every bidder ends up either ranked or excluded with a reason; nobody disappears
        silently. The must-have gates exclude a bidder however good it is elsewhere. These
        reasons are what you tell unsuccessful bidders, so check them carefully.
    """),
    code("""
        ev.excluded
    """),
    code("""
        accounting = ev.accounting()
        print(accounting["status"].value_counts().to_string())
        accounting.loc[accounting["status"] == "excluded", ["partner_id", "name", "reasons"]]
    """),
    md("""
        Two more things are reported rather than dropped: track records of a partner id
        that is not in the partner table (a bidder that withdrew, or a typo), and
        dominated bidders.
    """),
    code("""
        display(ev.unknown_partners)
        display(ev.dominated)
    """),
    md("""
        ## 5. Evidence: how many projects, how sure

        A track-record criterion is an *estimate*. An on-time rate of 100 % from one
        project says much less than 80 % from twenty. partnerselect therefore keeps, for
        every cell:

        - `raw`: the plain figure from the bidder's projects (recent projects count more);
        - `value`: the figure used for ranking, pulled towards the portfolio average in
          proportion to how little evidence there is;
        - `lower`, `upper`: a 90 % interval; `n`: the number of projects;
        - `insufficient` / `imputed`: flags for thin or missing evidence.
    """),
    code("""
        cells = ev.criteria.cells
        on_time = cells.xs("on_time_rate", level="criterion")
        on_time[["raw", "value", "lower", "upper", "n", "insufficient", "imputed"]].sort_values(
            "value", ascending=False
        ).round(3)
    """),
    code("""
        flagged = cells[cells["insufficient"] | cells["imputed"]]
        flagged[["value", "n", "insufficient", "imputed", "note"]]
    """),
    md("""
        The forest plot shows the same thing at a glance: one line per bidder from `lower`
        to `upper`, the dot at `value`, `n` written next to it. Overlapping lines mean the
        data cannot really separate those bidders on this criterion. Open diamonds mark
        thin evidence.
    """),
    code("""
        ax = forest(ev, "on_time_rate")
    """),
    md("""
        For the panel's ratings, each dot is one evaluator and the bar is the mean. Rows in
        vermillion are the cells where the panel disagrees by more than the model's
        `spread_tolerance`: discuss them, and record a moderated value with a comment if
        needed.
    """),
    code("""
        ax = evaluator_spread(ev, "ai_expertise")
    """),
    md("""
        ## 6. Plots for the committee

        **Ranking bars.** The number in brackets is the lead over the bidder ranked next. A
        tiny lead at the top (as here) is the first sign that the choice is close and needs
        the robustness checks of section 7.
    """),
    code("""
        ax = ev.ranking.plot()
    """),
    md("""
        **Why is #1 ahead of #2?** Each bar is a criterion's part of the difference between
        the two bidders (blue: favours the winner; orange: favours the runner-up). This is
        the plot to show when someone asks "why not the other one?". For an additive method
        (WSM) the bars add up to the score gap; for TOPSIS they are differences in the
        weighted, normalised values, which show the direction and size of each advantage
        but do not add up to the gap.
    """),
    code("""
        ax = ev.ranking.plot.contributions()
    """),
    md("""
        **Profiles.** The radar compares the top three on every criterion, each scaled from
        0 (worst value among the ranked bidders) to 1 (best), so outward is better for `min`
        criteria too. A large, round shape is an all-rounder; a spiky one is strong in
        places and weak in others.
    """),
    code("""
        ax = ev.ranking.plot.radar(top=3)
    """),
    md("""
        **Value for money.** Price on the x-axis, score on the y-axis. The model turns the
        day rate into price points before ranking, so we pass the actual day rates from the
        partner table. The blue step line is the Pareto frontier: bidders for which no other
        bidder is both cheaper and better. A choice off the frontier needs a reason.
    """),
    code("""
        day_rates = sample.partners.set_index("partner_id")["day_rate_eur"]
        ax = ev.ranking.plot.value_for_money(price=day_rates)
    """),
    md("""
        ## 7. Can we defend the result?

        The model asks for robustness analyses (SMAA over the weights, Monte Carlo over the
        data, critical weights, rank-reversal tests); `ev.verdict` sums them up as *robust*
        or *fragile*, with one sentence per check. A fragile verdict does not mean the
        ranking is wrong: it means the committee should look at the close contenders, not
        only at rank 1. The `sensitivity.ipynb` notebook goes through each analysis.
    """),
    code("""
        print(ev.verdict)
        ev.verdict.to_frame()[["check", "value", "threshold", "passed"]]
    """),
    md("""
        ## 8. The committee report

        `ev.report(path)` writes the whole evaluation; the format follows the file suffix:
        `.html` (a self-contained page for the committee), `.xlsx` (one sheet per table),
        `.md`, `.json` (the audit record with file hashes and every parameter) and `.csv`
        (the ranking). Here we write to a temporary folder.
    """),
    code("""
        out = Path(tempfile.mkdtemp(prefix="partnerselect-"))
        written = [
            ev.report(out / f"tender-report{suffix}")
            for suffix in (".html", ".xlsx", ".md", ".json", ".csv")
        ]
        sizes = {p.name: round(p.stat().st_size / 1024, 1) for p in written}
        pd.Series(sizes, name="kB").to_frame()
    """),
    code("""
        print((out / "tender-report.md").read_text(encoding="utf-8")[:1500])
    """),
    md("""
        ## Next steps

        - `sensitivity.ipynb`: how much the weights and the data can move before the
          winner changes;
        - `weights.ipynb`: where weights come from (AHP, group AHP, rankings, data-driven
          weights, hierarchies);
        - for your own tender, `partnerselect init` writes a commented model template and
          `partnerselect validate` checks your files before you evaluate.
    """),
]

# --------------------------------------------------------------------------- sensitivity
SENSITIVITY: list[Cell] = [
    md("""
        # How robust is the choice? Sensitivity analysis

        A ranking depends on two things that are never exact: the **weights** (a judgement
        of the committee) and the **data** (track-record estimates from a few projects,
        ratings from a few evaluators). Before awarding a contract, check how far either
        can move before the winner changes. This notebook runs each analysis on the sample
        tender, with sample sizes kept small so that it runs in seconds; use the model's
        sizes (or more) for a real decision.
    """),
    code("""
        import warnings

        import pandas as pd

        import partnerselect as ps

        pd.set_option("display.width", 140)
        pd.set_option("display.max_columns", 12)

        sample = ps.load_sample()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ps.errors.PartnerSelectWarning)
            ev = ps.evaluate(
                sample.partners,
                sample.track_records,
                sample.model_path,
                scores=sample.scores,
                analyses=False,
            )

        problem = ev.problem  # the decision matrix, weights, uncertainty
        method = ev.model.method  # "wsm"
        params = dict(ev.model.method_params)  # {"normalization": "minmax"}
        SEED = ev.model.seed  # every random analysis is reproducible
        leader = ev.ranking.best
        ev.to_frame().head(5)
    """),
    md("""
        The top two are very close. Keep that in mind: the analyses below show *how* close,
        in terms the committee can discuss (weights and evidence).

        ## 1. Weight sweeps

        A sweep moves one criterion's weight from 0 to 1 while the other weights keep their
        proportions, and re-ranks at each step. Lines that cross are rank changes; the
        dashed vertical line is the current weight. If the winner's line is crossed close
        to the dashed line, a small change of opinion about that criterion would change the
        award. The table lists the day-rate weights at which the leader's line crosses
        another bidder's.
    """),
    code("""
        sweep = ps.sensitivity.weight_sweep(problem, method, **params)
        print(f"current weight of day_rate_eur: {problem.weights['day_rate_eur']:.3f}")
        crossings = sweep.crossovers  # every crossing of every sweep
        with_leader = (crossings["partner_a"] == leader) | (crossings["partner_b"] == leader)
        crossings[with_leader & (crossings["criterion"] == "day_rate_eur")].round(3)
    """),
    code("""
        ax = sweep.plot.sweep("day_rate_eur")
    """),
    md("""
        The tornado diagram summarises all sweeps: each bar is the change in the leader's
        score when one weight moves by +/- 20 % (orange: less weight, blue: more), longest
        bar first; a `#2` label means the leader would drop to second place. Criteria at the
        top are the ones whose weights deserve the most discussion.
    """),
    code("""
        tornado = sweep.tornado(0.2)
        display_cols = ["criterion", "weight", "rank_low", "rank_high", "best_low", "best_high"]
        tornado.to_frame()[display_cols].head(6)
    """),
    code("""
        ax = tornado.plot()
    """),
    md("""
        ## 2. Critical weights

        For each criterion: the smallest change of its weight (the others rescaled) that
        lets another bidder overtake the leader (Triantaphyllou & Sánchez, 1997).
        `delta_rel` is relative to the current weight: -0.10 would mean "10 % less weight on
        this criterion and `partner_b` overtakes the leader". Criteria with
        `feasible = False` cannot change the winner at any weight. A critical change of a
        few percent is well within the precision of any weighting exercise.
    """),
    code("""
        critical = ps.sensitivity.critical_weights(problem, method, **params)
        print("Most critical criterion:", critical.most_critical)
        critical.by_criterion()[
            ["criterion", "partner_b", "weight", "delta_rel", "new_weight", "feasible"]
        ].round(3)
    """),
    code("""
        ax = critical.plot()
    """),
    md("""
        ## 3. Stability intervals

        The same question the other way round: for each criterion, the range of its weight
        within which the leader stays first. A narrow interval around the current weight is
        a fragile spot; `best_below` / `best_above` say who wins outside the interval.
    """),
    code("""
        stability = ps.sensitivity.stability_intervals(problem, method, **params)
        stability.to_frame().round(3)
    """),
    code("""
        ax = stability.plot()
    """),
    md("""
        ## 4. SMAA: what if we did not know the weights at all?

        Stochastic multicriteria acceptability analysis (SMAA-2, Lahdelma & Salminen 2001)
        draws thousands of weight vectors at random and ranks the bidders for each:

        - **rank acceptability** `b1, b2, ...`: the share of weight vectors that put a bidder
          at each rank (`p_best` = share of first places);
        - **central weights**: the typical weights that make a bidder first - "what you
          would have to believe for this bidder to win";
        - **confidence factor**: whether the bidder really is first at its central weights.

        A bidder with a large `p_best` wins under many opinions; one that is never first has
        no central weights.
    """),
    code("""
        smaa = ps.sensitivity.smaa(problem, method, n_samples=2_000, random_state=SEED, **params)
        smaa.to_frame()[["name", "holistic", "p_best", "confidence", "expected_rank"]].head(8)
    """),
    code("""
        ax = smaa.plot()
    """),
    code("""
        contenders = smaa.p_best.sort_values(ascending=False).index[:3]
        smaa.central_weights.loc[contenders].T.round(3)
    """),
    code("""
        ax = smaa.plot.central_weights(top=5)
    """),
    md("""
        The Monte Carlo error of each acceptability is `smaa.std_error`; with 2,000 samples
        it stays around one percentage point. The model file asks for 10,000.
    """),
    code("""
        print(f"largest standard error of p_best: {smaa.std_error[1].max():.4f}")
    """),
    md("""
        ## 5. Data uncertainty

        The weights stay as the committee set them; now the *data* vary. Each draw takes
        every uncertain cell from its distribution (track-record rates from their Beta
        posterior; means such as quality, overrun or the panel's average rating from a
        Student t around the estimate) and re-ranks. The heatmap shows the probability of
        each rank for each bidder: a bidder whose probability mass spreads over many ranks
        is one the evidence cannot place precisely. Compare `p_best` here with the SMAA
        table: the first asks "what if the data were a little different?", the second
        "what if the weights were?".
    """),
    code("""
        data = ps.sensitivity.data_uncertainty(
            ev,
            method,
            n_samples=300,
            random_state=SEED,
            **params,
        )
        data.to_frame()[["name", "p_best", "expected_rank", "q5", "q50", "q95"]].head(8)
    """),
    code("""
        ax = data.plot.rank_probability(top=10)
    """),
    md("""
        ## 6. Rank reversal

        Removing a losing bidder, or adding a copy of one, should not change the order of
        the others; with methods that normalise over the bidders (TOPSIS, VIKOR...) it
        sometimes does. If the winner changes when an irrelevant bidder is removed, the
        award is open to challenge.
    """),
    code("""
        reversal = ps.sensitivity.rank_reversal(problem, method, **params)
        print(
            f"{reversal.n_reversals} order reversals; "
            f"the winner changed in {reversal.winner_changes} variant(s)"
        )
        summary = reversal.summary
        summary[summary["winner_changed"]]
    """),
    md("""
        ## 7. Comparison with other methods

        Different MCDM methods encode different ideas of "best". When they agree, the
        method is not driving the decision; when they do not, say so in the report.
    """),
    code("""
        comparison = ps.compare(
            problem, methods=list(ev.model.sensitivity["compare"]), params={method: params}
        )
        comparison.ranks.sort_values(method).head(8)
    """),
    code("""
        comparison.correlation("kendall").round(2)
    """),
    md("""
        ## 8. Verdict

        The verdict combines the checks, each with a threshold from the `verdict` entry of
        the model's `[sensitivity]` section: the leader's margin, the critical weight change, the
        SMAA chance of being first, rank reversals and agreement between methods. It is
        *robust* only when every check passes.

        A *fragile* verdict is a finding, not a failure: present the close contenders to the
        committee, discuss the weights that decide between them (sections 2-3), and
        consider collecting more evidence where the data are thin (section 5).
    """),
    code("""
        thresholds = dict(ev.model.sensitivity.get("verdict", {}))
        verdict = ps.sensitivity.verdict(
            problem,
            method,
            smaa=smaa,
            critical=critical,
            reversal=reversal,
            comparison=comparison,
            **thresholds,
            **params,
        )
        print(verdict)
        verdict.to_frame()[["check", "value", "threshold", "passed"]]
    """),
]

# --------------------------------------------------------------------------- weights
WEIGHTS: list[Cell] = [
    md("""
        # Where do the weights come from?

        Weights usually decide a close tender, so the committee must be able to say where
        each one came from. partnerselect offers the common ways to obtain them, each
        returning weights that sum to 1 together with their provenance (for the report):

        | You have | Use |
        |---|---|
        | pairwise judgments ("delivery matters twice as much as cost") | `ahp`, `group_ahp` |
        | only an order of importance | `roc`, `rank_sum`, `reciprocal` |
        | points or percentages | `direct`, `swing` |
        | nothing but the data | `entropy`, `critic` (and `combine` with the above) |
        | criteria in groups | `hierarchy` |
    """),
    code("""
        import warnings

        import pandas as pd

        import partnerselect as ps
        from partnerselect import weights

        pd.set_option("display.width", 140)
    """),
    md("""
        ## 1. AHP: weights from pairwise judgments

        In the Analytic Hierarchy Process (Saaty, 1977) the committee compares the criteria
        two at a time on a 1-9 scale: 1 = equally important, 3 = moderately more,
        5 = strongly more, 7 = very strongly more, 9 = extremely more (2, 4, 6, 8 in
        between). `"delivery/cost": 2` reads "delivery is between equally and moderately
        more important than cost". The weights are the principal eigenvector of the
        judgment matrix.

        Judgments are rarely perfectly consistent (if A = 2B and B = 2C, then A should be
        4C). The **consistency ratio** CR measures how far they are from consistent;
        Saaty's rule of thumb accepts CR <= 0.10.
    """),
    code("""
        groups = ["cost", "delivery", "capability", "collaboration", "risk"]
        judgments = {
            "delivery/cost": 2,
            "delivery/capability": 2,
            "delivery/collaboration": 3,
            "delivery/risk": 2,
            "capability/cost": 1,
            "capability/collaboration": 2,
            "capability/risk": 1,
            "cost/collaboration": 2,
            "cost/risk": 1,
            "risk/collaboration": 2,
        }
        group_weights = weights.ahp(judgments, criteria=groups)
        print(
            f"Consistency ratio CR = {group_weights.consistency_ratio:.3f} "
            f"(acceptable up to {group_weights.cr_threshold}); "
            f"lambda_max = {group_weights.lambda_max:.3f}"
        )
        group_weights.to_frame()
    """),
    code("""
        group_weights.matrix.round(2)  # the full reciprocal matrix the figures refer to
    """),
    md("""
        ### An inconsistent set of judgments

        Here a committee member says delivery beats capability strongly (5) and capability
        beats risk (4), yet risk beats delivery strongly (5): a circle. partnerselect still
        returns weights, but warns (the warning appears below the cell) and names the
        judgments to revisit first. `consistent_value` is what the judgment would be if it
        agreed with the resulting weights; `suggested` is the nearest value on the 1-9
        scale. Take these back to the committee member rather than editing them yourself.
    """),
    code(
        """
        c4 = ["delivery", "cost", "capability", "risk"]
        pairwise = pd.DataFrame(
            [
                ["1", "3", "5", "1/5"],
                ["1/3", "1", "3", "1/2"],
                ["1/5", "1/3", "1", "4"],
                ["5", "2", "1/4", "1"],
            ],
            index=c4,
            columns=c4,
        )
        circular = weights.ahp(pairwise)
        print(
            f"Consistency ratio CR = {circular.consistency_ratio:.3f} "
            f"(acceptable up to {circular.cr_threshold})"
        )
    """,
        "expect-warning",
    ),
    code("""
        circular.judgments_to_revisit.round(2)
    """),
    md("""
        ## 2. Group AHP: three evaluators

        When several people give judgments, combine the *judgments* by geometric mean
        (aggregation of individual judgments, Forman & Peniwati 1998) and check:

        - each evaluator's own CR (`individual_cr`);
        - Saaty's **compatibility index** of each evaluator with the group (above 1.1: that
          person's priorities differ markedly from the group's; a warning says so);
        - the pairs on which the evaluators disagree most (`most_dispersed`: geometric
          standard deviation of the judgments).
    """),
    code(
        """
        panel = {
            "Procurement": {
                "delivery/cost": 2,
                "cost/capability": 2,
                "cost/collaboration": 3,
                "cost/risk": 2,
                "delivery/capability": 1,
                "delivery/collaboration": 2,
                "delivery/risk": 1,
                "capability/collaboration": 2,
                "capability/risk": 1,
                "risk/collaboration": 2,
            },
            "Engineering": {
                "delivery/cost": 3,
                "capability/cost": 3,
                "cost/collaboration": 1,
                "cost/risk": 1,
                "delivery/capability": 1,
                "delivery/collaboration": 3,
                "delivery/risk": 2,
                "capability/collaboration": 3,
                "capability/risk": 2,
                "risk/collaboration": 1,
            },
            "Security": {
                "delivery/cost": 2,
                "capability/cost": 1,
                "cost/collaboration": 2,
                "risk/cost": 3,
                "delivery/capability": 1,
                "delivery/collaboration": 2,
                "risk/delivery": 2,
                "capability/collaboration": 2,
                "risk/capability": 3,
                "risk/collaboration": 4,
            },
        }
        group = weights.group_ahp(panel, criteria=groups)
        print(f"Group consistency ratio CR = {group.consistency_ratio:.3f}")
        group.to_frame().round(3)
    """,
        "expect-warning",
    ),
    code("""
        pd.DataFrame(
            {"consistency ratio": group.individual_cr, "compatibility": group.compatibility}
        ).round(3)
    """),
    code("""
        group.most_dispersed().round(2)
    """),
    md("""
        Security puts risk far above everything else and Engineering puts capability
        first: legitimate views, and exactly the discussion the committee should have
        before the weights are fixed.

        ## 3. From an order of importance: ROC and rank-sum

        Sometimes the committee can only agree on an *order* ("on-time delivery first, then
        quality..."). Rank order centroid (ROC, Barron & Barrett 1996) weights are the
        centre of all weight vectors consistent with that order; rank-sum weights are
        proportional to reversed positions and are flatter. Ties are written as a nested
        list.
    """),
    code("""
        order = ["on_time_rate", "quality", "budget_overrun", "csat", "escalation_rate"]
        pd.DataFrame(
            {
                "ROC": weights.roc(order).weights,
                "rank-sum": weights.rank_sum(order).weights,
                "reciprocal": weights.reciprocal(order).weights,
                "ROC, quality tied with overrun": weights.roc(
                    ["on_time_rate", ["quality", "budget_overrun"], "csat", "escalation_rate"]
                ).weights,
            }
        ).round(3)
    """),
    md("""
        ## 4. Objective weights from the data: entropy and CRITIC

        Data-driven weights measure how much each criterion *separates* the bidders in this
        tender, not how much it matters to you: a criterion on which every bidder scores the
        same gets almost no weight. Use them as a cross-check or in combination with the
        committee's weights, never alone.

        - **Entropy** (Zeleny 1982) treats each criterion as shares of a total, so it needs
          non-negative values. The budget overrun can be negative (under budget), and the
          library refuses rather than guess:
    """),
    code("""
        sample = ps.load_sample()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ps.errors.PartnerSelectWarning)
            ev = ps.evaluate(
                sample.partners,
                sample.track_records,
                sample.model_path,
                scores=sample.scores,
                analyses=False,
            )
        problem = ev.problem
        try:
            weights.entropy(problem)
        except ps.errors.DataError as err:
            print(f"{type(err).__name__}: {err}")
    """),
    md("""
        So we compute entropy weights on the other 13 criteria, and use **CRITIC**
        (Diakoulaki et al. 1995), which works on min-max scaled values and rewards criteria
        that vary a lot *and* are not correlated with the others, on all 14.
    """),
    code("""
        non_negative = problem.matrix.drop(columns="budget_overrun")
        problem_13 = ps.Problem.from_frame(
            non_negative, objectives={c: problem.objectives[c] for c in non_negative.columns}
        )
        objective = pd.DataFrame(
            {
                "committee (model)": problem.weights,
                "entropy (13 criteria)": weights.entropy(problem_13),
                "CRITIC": weights.critic(problem),
            }
        )
        objective.reindex(problem.criteria).round(3)
    """),
    md("""
        `combine` mixes the committee's weights with objective ones: *multiplicative*
        (w = s x o, renormalised) or *additive* with `alpha` = the committee's share.
    """),
    code("""
        critic = weights.critic(problem)
        pd.DataFrame(
            {
                "committee": problem.weights,
                "CRITIC": critic,
                "multiplicative": weights.combine(problem.weights, critic).weights,
                "additive, 70 % committee": weights.combine(
                    problem.weights, critic, "additive", alpha=0.7
                ).weights,
            }
        ).round(3)
    """),
    md("""
        ## 5. A criteria hierarchy: group weight x local weight = global weight

        Large models are easier to weigh in two steps: first the groups (here from the
        panel's group AHP), then the criteria within each group (points, an order, or
        another AHP). The global weight of a criterion is its group's weight times its
        local weight (Saaty 1980), so the global weights still sum to 1.
    """),
    code("""
        tree = weights.hierarchy(
            group,
            {
                "cost": {"day_rate_eur": 1},
                "delivery": weights.roc(order),
                "capability": {"ai_engineers": 2, "ai_expertise": 3, "years_in_business": 1},
                "collaboration": {"communication": 2, "collaboration": 2, "timezone_overlap_h": 1},
                "risk": {"attrition_rate": 1, "risk_management": 2},
            },
        )
        table = tree.to_frame()
        table["group x local"] = table["group_weight"] * table["local_weight"]
        print(f"sum of global weights: {table['global_weight'].sum():.6f}")
        table.round(4)
    """),
    md("""
        What do the panel's weights change? Re-rank the same data with them:
    """),
    code("""
        method, params = ev.model.method, dict(ev.model.method_params)
        panel_ranking = ps.rank(problem.replace(weights=tree), method, **params)
        ranks = pd.DataFrame({"model weights": ev.ranking.ranks, "panel": panel_ranking.ranks})
        ranks.sort_values("model weights").head(8)
    """),
    md("""
        ## 6. How the sample model declares its weights

        In a model file the same ideas are written as data: the `[weighting]` table weights
        the groups (here AHP judgments), each group may carry its own `weighting` (here ROC
        for delivery), and otherwise each criterion's `weight` is its local weight (points).
    """),
    code("""
        text = sample.model_path.read_text(encoding="utf-8")
        print(text[text.index("[weighting]") : text.index("[[criteria]]")])
    """),
    md("""
        The evaluation resolves the declaration into the same tree as above and records how
        each level was obtained (for AHP: the judgments and their consistency), so the
        report can show the committee exactly where every weight came from.
    """),
    code("""
        provenance = ev.weight_provenance["groups"]
        print(
            f"group weights: {provenance['method']}, "
            f"consistency ratio CR = {provenance['consistency_ratio']:.4f}"
        )
        ev.weights.round(4)
    """),
    code("""
        spec = ev.model.groups["delivery"]["weighting"]
        print(spec)
        weights.from_spec(spec, order).to_frame()
    """),
]

MONITORING: list[Cell] = [
    md("""
        # After the award: monitoring partners

        The sample tender awarded three partners (P09, P05, P08). For twelve months their
        contract managers reported three KPIs each month: on-time milestones (with the
        number of milestones `n`), a quality review score and client satisfaction.
        `ps.monitor` scores every observation against its target, and watches each partner
        against its *own* baseline so a decline is caught before it breaches the contract.
    """),
    code("""
        import pandas as pd

        import partnerselect as ps

        sample = ps.load_sample()
        kpis = pd.read_csv(sample.paths["kpis"])
        kpis.head(6)
    """),
    md("""
        ## 1. The monitoring model

        A model file with only a `[monitoring]` section is enough. Each KPI has a direction,
        a target (the contractual level) and an optional amber edge; the drift detector is a
        one-sided CUSUM whose threshold gives one false alarm per 370 months per KPI.
    """),
    code("""
        print(sample.paths["monitoring_model"].read_text(encoding="utf-8"))
    """),
    code("""
        m = ps.monitor(sample.paths["kpis"], sample.paths["monitoring_model"])
        m
    """),
    md("""
        ## 2. The scorecard and the alerts

        One row per observation, with its status (green / amber / red), trend, the partner's
        baseline level and the drift statistic. `latest()` is the committee's one-glance
        view; the alerts say what fired, where and when.
    """),
    code("""
        m.latest()
    """),
    code("""
        pd.set_option("display.max_colwidth", 140)
        m.alerts[["partner_id", "kpi", "period", "kind", "message"]]
    """),
    code("""
        counts = pd.crosstab(m.alerts["partner_id"], m.alerts["kind"])
        print(counts)
    """),
    md("""
        ## 3. Control charts

        Values, target and amber edge, the baseline window (shaded) with its level and
        +-3 sd limits, and the alerts: P05 slides through its targets; P08's quality drops
        by about three noise standard deviations but stays above target: a *drift* alert,
        months before any breach.
    """),
    code("""
        ax = m.plot.control_chart("P05", "on_time_rate")
        ax.get_title()
    """),
    code("""
        ax = m.plot.control_chart("P08", "quality_score")
        ax.get_title()
    """),
    code("""
        ax = m.plot()  # the latest status of every partner and KPI
        ax.get_title()
    """),
    md("""
        ## 4. Would we still choose them today?

        The monitored months feed the track record (as ongoing projects, for the KPIs that
        map to a track-record column), and the original tender is ranked again.
    """),
    code("""
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ps.errors.PartnerSelectWarning)  # sample oddities
            ev = ps.evaluate(
                sample.partners, sample.track_records, sample.model_path,
                scores=sample.scores, analyses=False,
            )
        again = ps.reevaluate(ev, m)
        print(again)
        again.table
    """),
    code("""
        import tempfile
        from pathlib import Path

        out = Path(tempfile.mkdtemp())
        for suffix in (".html", ".xlsx", ".md"):
            print(m.report(out / f"monitoring{suffix}").name)
    """),
]

NOTEBOOKS: dict[str, list[Cell]] = {
    "monitoring": MONITORING,
    "quickstart": QUICKSTART,
    "sensitivity": SENSITIVITY,
    "weights": WEIGHTS,
}


def build(name: str) -> NotebookNode:
    """The notebook ``name`` (without outputs), with stable cell ids."""
    nb = nbformat.v4.new_notebook(metadata=METADATA)
    for i, (kind, text, tags) in enumerate(NOTEBOOKS[name]):
        source = textwrap.dedent(text).strip("\n")
        cell_id = f"{name}-{i:02d}"
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source, id=cell_id)
        else:
            cell = nbformat.v4.new_code_cell(source, id=cell_id)
        if tags:
            cell.metadata["tags"] = list(tags)
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render(nb: NotebookNode) -> str:
    """The notebook as stored: nbformat's JSON with a final newline."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def path_of(name: str) -> Path:
    """Where the notebook ``name`` is stored."""
    return HERE / f"{name}.ipynb"


def main(argv: list[str] | None = None) -> int:
    """Write the notebooks, or with ``--check`` report those that differ from this script."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if a notebook is stale"
    )
    args = parser.parse_args(argv)
    stale = []
    for name in NOTEBOOKS:
        target = path_of(name)
        text = render(build(name))
        if args.check:
            if not target.is_file() or target.read_text(encoding="utf-8") != text:
                stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {target}")
    if stale:
        print(
            f"stale notebook(s): {', '.join(stale)}; run python notebooks/build_notebooks.py",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
