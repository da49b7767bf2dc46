"""``partnerselect init``: a commented model template for AI/technology outsourcing.

The template covers the nine areas procurement guides for AI and technology outsourcing
stress (domain expertise, track record, communication, collaboration, risk management,
quality assurance and testing, scalability and flexibility, continuous improvement,
compliance and ethics) plus cost. Each criterion has a direction, a source and a one-line
reason; compliance items are gates.
"""

from __future__ import annotations

from pathlib import Path

from partnerselect.errors import ParameterError

__all__ = ["TEMPLATE", "write_template"]

TEMPLATE = """\
# partnerselect evaluation model (TOML). Every key is documented in partnerselect.model.
# Sources: "partners" = a column of the partner table, "track_record" = a metric computed
# from past projects, "evaluators" = the panel's scores. Objectives: "max" or "min".
# Missing-data policy per criterion: "exclude" | "prior" | "worst" | "error".

[tender]
name = "AI/technology outsourcing partner"
as_of = "2026-11-01"          # reference date for recency weighting
seed = 1                      # seed of every random analysis (SMAA, Monte Carlo)

# Additive value model (weighted sum, min-max normalisation): a weight is the value of moving
# a criterion from the worst to the best bid, so the weights act as stated. Other methods
# (topsis, vikor, promethee2...) are one line away; the report shows how far their effective
# weights drift from the stated ones. See partnerselect.list_methods().
[method]
name = "wsm"
params = { normalization = "minmax" }
ties = "min"

# ------------------------------------------------------------ compliance and ethics (gates)
[[gates]]
rule = "iso27001 == true"
reason = "ISO/IEC 27001 information-security certification is mandatory"

[[gates]]
rule = "gdpr_dpa == true"
reason = "A GDPR Art. 28 data-processing agreement must be signed"

[[gates]]
rule = "ethical_ai_policy == true"
reason = "A published ethical-AI / responsible-AI policy is required"
on_missing = "fail"           # a partner that did not answer fails the gate

# ------------------------------------------------------------ evidence settings
[track_record]
half_life_months = 24         # recency: a 2-year-old project counts half
prior_strength = "auto"       # shrink thin histories towards the portfolio, by as much as
                              # partners really differ (a number fixes the pseudo-projects)
min_projects = 3              # flag cells with fewer projects
level = 0.9                   # interval level

[evaluators]
aggregate = "mean"
spread_tolerance = 1.5        # flag evaluator disagreements above 1.5 points

# ------------------------------------------------------------ weights
[weighting]                   # weights of the groups; "ahp", "roc", "direct", ...
method = "direct"
values = { cost = 20, domain = 15, track_record = 20, communication = 8, collaboration = 7, risk = 10, quality = 8, scalability = 6, improvement = 6 }

[groups.cost]
label = "Cost"
[groups.domain]
label = "Domain expertise"
[groups.track_record]
label = "Track record"
[groups.communication]
label = "Communication"
[groups.collaboration]
label = "Collaboration"
[groups.risk]
label = "Risk management"
[groups.quality]
label = "Quality assurance and testing"
[groups.scalability]
label = "Scalability and flexibility"
[groups.improvement]
label = "Continuous improvement"

# ------------------------------------------------------------ criteria
[[criteria]]
name = "day_rate_eur"
group = "cost"
objective = "min"
source = "partners"
price_scoring = { formula = "lowest_ratio" }   # points = lowest price / price
why = "Blended day rate drives the total contract cost."

[[criteria]]
name = "ai_expertise"
group = "domain"
objective = "max"
source = "evaluators"
why = "Panel rating of AI/ML case studies and the technical proposal."

[[criteria]]
name = "ai_engineers"
group = "domain"
objective = "max"
source = "partners"
why = "Depth of the AI/ML bench available to the programme."

[[criteria]]
name = "on_time_rate"
group = "track_record"
objective = "max"
source = "track_record"
params = { tolerance_days = 14 }
missing = "prior"
why = "Share of completed projects delivered on time (shrunk for thin histories)."

[[criteria]]
name = "budget_overrun"
group = "track_record"
objective = "min"
source = "track_record"
missing = "prior"
why = "Median cost overrun of completed projects."

[[criteria]]
name = "csat"
group = "track_record"
objective = "max"
source = "track_record"
missing = "prior"
why = "Client satisfaction on past projects."

[[criteria]]
name = "communication"
group = "communication"
objective = "max"
source = "evaluators"
why = "Clarity and responsiveness in workshops and written answers."

[[criteria]]
name = "timezone_overlap_h"
group = "communication"
objective = "max"
source = "partners"
missing = "worst"
why = "Daily working hours shared with the client team."

[[criteria]]
name = "collaboration"
group = "collaboration"
objective = "max"
source = "evaluators"
why = "Fit of the proposed engagement and governance model."

[[criteria]]
name = "risk_management"
group = "risk"
objective = "max"
source = "evaluators"
why = "Quality of the risk, continuity and exit plan."

[[criteria]]
name = "attrition_rate"
group = "risk"
objective = "min"
source = "partners"
missing = "worst"
why = "High staff attrition loses project knowledge."

[[criteria]]
name = "quality"
group = "quality"
objective = "max"
source = "track_record"
missing = "prior"
why = "Client-rated delivery quality (testing, defects, acceptance)."

[[criteria]]
name = "escalation_rate"
group = "quality"
objective = "min"
source = "track_record"
missing = "prior"
why = "Share of projects that needed an escalation."

[[criteria]]
name = "headcount"
group = "scalability"
objective = "max"
source = "partners"
why = "Capacity to scale the team up or down."

[[criteria]]
name = "years_in_business"
group = "improvement"
objective = "max"
source = "partners"
why = "Sustained operation as a proxy for a learning organisation."

# ------------------------------------------------------------ robustness
[sensitivity]
smaa_samples = 10000
data_samples = 300
compare = ["wsm", "topsis", "vikor", "promethee2"]
verdict = { min_margin = 0.05, min_critical_change = 0.1, min_p_best = 0.6 }

# ------------------------------------------------------------ what-if scenarios
# Each scenario ranks the same partners again with some overrides; the report shows every
# partner's rank under each scenario beside the base ranking. `weights` gives listed groups
# (or criteria) a share of the total (40 = 40 %); the others share the rest as before.
# `gates` replaces the gates; `method` replaces the method.
[[scenarios]]
name = "Cost carries 40 %"
weights = { cost = 40 }
why = "What if price carried 40 % of the weight instead of about 23 %?"

[[scenarios]]
name = "PROMETHEE II"
method = { name = "promethee2" }
why = "Does an outranking method agree with TOPSIS?"

# [[scenarios]]
# name = "SOC 2 required"
# gates = [
#   { rule = "iso27001 == true", reason = "ISO/IEC 27001 is mandatory" },
#   { rule = "gdpr_dpa == true", reason = "GDPR Art. 28 agreement is mandatory" },
#   { rule = "soc2 == true", reason = "SOC 2 type II report required" },
# ]
"""


def write_template(path: str | Path = "model.toml", *, overwrite: bool = False) -> Path:
    """Write the commented model template to ``path`` (refuses to overwrite by default)."""
    target = Path(path)
    if target.exists() and not overwrite:
        msg = f"{target} already exists; choose another path or pass --force to overwrite it."
        raise ParameterError(msg, value=str(target))
    from partnerselect.report.files import atomic_path

    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:  # never a half-written model file
        tmp.write_text(TEMPLATE, encoding="utf-8")
    return target
