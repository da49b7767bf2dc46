"""Generate the bundled sample tender: partners, track records and evaluator scores.

The data are synthetic but plausible: 25 candidate partners for an AI platform engineering
contract, about 500 past projects between December 2021 and October 2026, and three
evaluators' panel scores. Each partner has latent qualities (delivery discipline, cost
discipline, craft quality) that drive its projects' lateness, cost overrun, quality, client
satisfaction, defects and escalations. A handful of deliberate oddities exercise screening,
dominance checks, thin evidence and data-quality reporting; ``data/README.md`` lists them.

The output is deterministic: a fixed seed drives a numpy ``Generator`` and every number is
formatted explicitly, so re-running the script reproduces the committed files byte for byte.

Usage::

    python data/make_sample.py            # rewrite the CSV files next to this script
    python data/make_sample.py --out DIR  # write them somewhere else
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

SEED = 20261101
FIRST_START = dt.date(2021, 12, 1)
LAST_START = dt.date(2026, 9, 30)
CUTOFF = dt.date(2026, 10, 31)  # records are a snapshot taken at the end of October 2026

PARTNER_COLUMNS = [
    "partner_id",
    "name",
    "country",
    "headcount",
    "day_rate_eur",
    "iso27001",
    "iso9001",
    "soc2",
    "gdpr_dpa",
    "ethical_ai_policy",
    "ai_engineers",
    "domains",
    "timezone_overlap_h",
    "attrition_rate",
    "years_in_business",
    "min_contract_eur",
]
RECORD_COLUMNS = [
    "partner_id",
    "project_id",
    "domain",
    "start_date",
    "planned_end",
    "actual_end",
    "budget_eur",
    "actual_cost_eur",
    "quality_score",
    "csat",
    "defects",
    "escalations",
    "status",
]
SCORE_COLUMNS = ["evaluator", "partner_id", "criterion", "score", "comment"]
EVALUATORS = ["A. Novak", "B. Okafor", "C. Lindqvist"]
PANEL_CRITERIA = ["communication", "collaboration", "ai_expertise", "risk_management"]

# id, name, country, day rate (EUR), Berlin working-hours overlap (h), headcount,
# years in business, iso27001, gdpr_dpa
_PROFILES: list[tuple[str, str, str, int, float, int, float, bool, bool]] = [
    ("P01", "Nordlicht Data Engineering GmbH", "Germany", 1120, 8.0, 310, 14.0, True, True),
    ("P02", "Vistula AI Labs Sp. z o.o.", "Poland", 720, 8.0, 260, 9.0, True, True),
    ("P03", "Łódź Analityka Sp. z o.o.", "Poland", 640, 8.0, 95, 6.0, True, True),
    ("P04", "Data & <Insight> Partners Ltd", "United Kingdom", 1050, 7.0, 180, 12.0, True, True),
    ("P05", "Bengaluru Cognitive Systems Pvt Ltd", "India", 420, 4.5, 2400, 21.0, True, True),
    ("P06", "Kyiv Neural Works LLC", "Ukraine", 560, 7.0, 340, 11.0, True, True),
    ("P07", "Lisbon Applied ML Lda", "Portugal", 690, 7.0, 120, 7.0, True, True),
    ("P08", "Saigon Code Factory JSC", "Vietnam", 380, 3.0, 900, 10.0, True, True),
    ("P09", "Pune Analytics Services Pvt Ltd", "India", 400, 4.5, 1300, 16.0, True, True),
    ("P10", "Lviv Software Collective LLC", "Ukraine", 520, 7.0, 210, 8.0, True, True),
    ("P11", "Brno Intelligent Systems s.r.o.", "Czechia", 760, 8.0, 150, 13.0, True, True),
    ("P12", "Cluj Data Studio SRL", "Romania", 590, 7.0, 230, 9.0, True, True),
    ("P13", "Amsterdam Model Ops B.V.", "Netherlands", 1180, 8.0, 140, 10.0, True, True),
    ("P14", "Madrid Sistemas Cognitivos S.L.", "Spain", 810, 8.0, 200, 15.0, True, True),
    ("P15", "Hanoi Digital Engineering Co.", "Vietnam", 360, 3.0, 1100, 12.0, False, True),
    ("P16", "Porto Data Craft Lda", "Portugal", 650, 7.0, 85, 5.0, True, True),
    ("P17", "Chennai AI Delivery Pvt Ltd", "India", 450, 4.5, 1800, 19.0, True, True),
    ("P18", "Manchester Machine Learning Ltd", "United Kingdom", 980, 7.0, 130, 8.0, True, True),
    ("P19", "Tallinn Data Forge OÜ", "Estonia", 740, 7.0, 35, 2.0, True, True),
    ("P20", "Sofia Algorithmics EOOD", "Bulgaria", 540, 7.0, 170, 7.0, True, False),
    ("P21", "Kraków Vision Labs Sp. z o.o.", "Poland", 700, 8.0, 160, 10.0, True, True),
    ("P22", "Hyderabad Enterprise AI Pvt Ltd", "India", 470, 4.5, 2100, 17.0, True, True),
    ("P23", "Dublin Applied Intelligence Ltd", "Ireland", 1010, 7.0, 45, 1.5, True, True),
    ("P24", "Gdańsk Data Partners Sp. z o.o.", "Poland", 780, 8.0, 240, 8.0, True, True),
    ("P25", "Zürich Quant Consulting AG", "Switzerland", 1380, 8.0, 220, 18.0, True, True),
]
DOMINATOR, DOMINATED = "P02", "P24"  # P24 is a strictly worse copy of P02
SINGLE_PROJECT, NO_RECORDS = "P19", "P23"
MISSING_ATTRITION, MISSING_OVERLAP = "P10", "P17"
UNKNOWN_PARTNER = "P26"  # a bidder that withdrew: its records remain in the export
INDUSTRIES = [
    "banking",
    "insurance",
    "retail",
    "healthcare",
    "manufacturing",
    "logistics",
    "public sector",
    "telecom",
    "energy",
]
# Cells where the panel disagrees by at least 2 points: (partner, criterion, A, B, C, why)
_DISAGREEMENTS = [
    (
        "P07",
        "ai_expertise",
        5,
        4,
        2,
        "Case studies look strong, but the proposed team has little production ML experience",
    ),
    (
        "P11",
        "risk_management",
        2,
        4,
        4,
        "Continuity plan relies on two key people; others found the plan adequate",
    ),
    ("P05", "communication", 4, 2, 3, "Workshop answers were slow and often off-topic"),
]
_COMMENTS = {
    "communication": ("Clear written answers", "Hard to follow in the workshop"),
    "collaboration": ("Proposes joint squads with our team", "Wants a fixed-scope handover model"),
    "ai_expertise": ("Strong MLOps and LLM evaluation references", "Mostly classic BI work"),
    "risk_management": ("Credible continuity and exit plan", "No named backup for key roles"),
}


def _fmt_bool(value: bool) -> str:
    return "true" if value else "false"


def _fmt_float(value: float, digits: int) -> str:
    return f"{value:.{digits}f}"


def _latent(rng: np.random.Generator) -> dict[str, dict[str, float]]:
    """Latent qualities per partner: delivery, cost, craft (standard normal scale)."""
    out: dict[str, dict[str, float]] = {}
    for pid, *_ in _PROFILES:
        z = rng.normal(size=3)
        out[pid] = {"delivery": z[0], "cost": z[1], "craft": z[2]}
    out["P25"] = {"delivery": 1.4, "cost": 1.1, "craft": 1.5}  # excellent but over the rate cap
    out["P15"] = {"delivery": 0.9, "cost": 0.8, "craft": 0.7}  # good and cheap, no ISO 27001
    out[DOMINATOR] = {"delivery": 0.6, "cost": 0.5, "craft": 0.6}
    out[UNKNOWN_PARTNER] = {"delivery": 0.0, "cost": 0.0, "craft": 0.0}
    return out


def make_partners(
    rng: np.random.Generator, latent: dict[str, dict[str, float]]
) -> list[dict[str, str]]:
    """One row per candidate partner, formatted as CSV text."""
    rows: list[dict[str, str]] = []
    for pid, name, country, rate, overlap, headcount, years, iso27001, gdpr in _PROFILES:
        craft = latent[pid]["craft"]
        # AI/ML engineers the partner can put on this programme (not its whole AI staff):
        # grows with the log of its size and with its craft.
        bench = 12.0 + 4.0 * np.log2(headcount / 35.0) + 6.0 * craft + rng.normal(0, 3.0)
        ai_engineers = int(np.clip(np.round(bench), 4, min(60, headcount // 3)))
        attrition = float(
            np.clip((0.19 if country == "India" else 0.12) + rng.normal(0, 0.03), 0.05, 0.3)
        )
        n_domains = int(rng.integers(2, 5))
        domains = sorted(rng.choice(INDUSTRIES, size=n_domains, replace=False).tolist())
        min_contract = "" if rng.random() < 0.3 else str(int(rng.integers(2, 16)) * 25_000)
        rows.append(
            {
                "partner_id": pid,
                "name": name,
                "country": country,
                "headcount": str(headcount),
                "day_rate_eur": str(rate),
                "iso27001": _fmt_bool(iso27001),
                "iso9001": _fmt_bool(bool(rng.random() < 0.7)),
                "soc2": _fmt_bool(bool(rng.random() < 0.4)),
                "gdpr_dpa": _fmt_bool(gdpr),
                "ethical_ai_policy": _fmt_bool(bool(rng.random() < 0.6)),
                "ai_engineers": str(ai_engineers),
                "domains": ";".join(domains),
                "timezone_overlap_h": _fmt_float(overlap, 1),
                "attrition_rate": _fmt_float(attrition, 2),
                "years_in_business": _fmt_float(years, 1),
                "min_contract_eur": min_contract,
            }
        )
    by_id = {r["partner_id"]: r for r in rows}
    best, worse = by_id[DOMINATOR], by_id[DOMINATED]
    # The dominated partner: same offer shape, worse or equal on every profile column.
    worse.update(
        {
            "headcount": str(int(best["headcount"]) - 20),
            "iso9001": best["iso9001"],
            "soc2": "false",
            "ethical_ai_policy": best["ethical_ai_policy"],
            "ai_engineers": str(int(best["ai_engineers"]) - 12),
            "domains": best["domains"],
            "timezone_overlap_h": best["timezone_overlap_h"],
            "attrition_rate": _fmt_float(float(best["attrition_rate"]) + 0.05, 2),
            "min_contract_eur": best["min_contract_eur"],
        }
    )
    by_id[MISSING_ATTRITION]["attrition_rate"] = ""
    by_id[MISSING_OVERLAP]["timezone_overlap_h"] = ""
    return rows


def _project(
    rng: np.random.Generator, z: dict[str, float], domains: Sequence[str]
) -> dict[str, Any]:
    """One simulated project (dates as ``datetime.date``, numbers unformatted)."""
    span = (LAST_START - FIRST_START).days
    start = FIRST_START + dt.timedelta(days=int(rng.integers(0, span + 1)))
    planned = int(rng.integers(60, 421))
    planned_end = start + dt.timedelta(days=planned)
    budget = float(np.clip(np.round(rng.lognormal(np.log(320_000), 0.7), -3), 40_000, 2_500_000))
    on_time_p = 1.0 / (1.0 + np.exp(-(1.0 + 1.1 * z["delivery"])))
    if rng.random() < on_time_p:
        delay = int(rng.integers(-12, 15))
    else:
        delay = 15 + int(rng.exponential(25.0 * np.exp(-0.35 * z["delivery"])))
    cancel_p = 0.05 * np.exp(-0.6 * z["delivery"])
    status = "completed"
    actual_end: dt.date | None = planned_end + dt.timedelta(days=delay)
    overrun = max(-0.15, rng.normal(0.06 - 0.06 * z["cost"], 0.07))
    cost: float | None = budget * (1.0 + overrun)
    if rng.random() < cancel_p:
        status = "cancelled"
        actual_end = start + dt.timedelta(days=int(planned * rng.uniform(0.25, 0.8)))
        cost = budget * rng.uniform(0.3, 0.8)
    quality: float | None = float(
        np.clip(np.round(3.7 + 0.45 * z["craft"] + rng.normal(0, 0.4), 1), 1.0, 5.0)
    )
    csat: float | None = float(
        np.clip(
            np.round(3.8 + 0.3 * z["craft"] + 0.25 * z["delivery"] + rng.normal(0, 0.45), 1),
            1.0,
            5.0,
        )
    )
    if status == "cancelled":
        assert quality is not None
        assert csat is not None
        quality, csat = max(1.0, quality - 1.0), max(1.0, csat - 1.2)
    defects = int(rng.poisson(2.5 * budget / 250_000 * np.exp(-0.45 * z["craft"])))
    escalations = int(rng.poisson(0.35 * np.exp(-0.6 * z["delivery"]))) + int(delay > 30)
    if actual_end is not None and actual_end > CUTOFF:
        status, actual_end, cost, quality, csat = "ongoing", None, None, None, None
    return {
        "domain": str(rng.choice(list(domains))),
        "start_date": start,
        "planned_end": planned_end,
        "actual_end": actual_end,
        "budget_eur": budget,
        "actual_cost_eur": None if cost is None else float(np.round(cost, -2)),
        "quality_score": quality,
        "csat": csat,
        "defects": defects,
        "escalations": escalations,
        "status": status,
    }


def _worse_copy(rng: np.random.Generator, p: dict[str, Any]) -> dict[str, Any]:
    """The same project delivered worse or equal on every outcome."""
    q = dict(p)
    if p["status"] == "completed":
        assert p["actual_end"] is not None
        later = p["actual_end"] + dt.timedelta(days=int(rng.integers(0, 10)))
        q["actual_end"] = min(later, CUTOFF)
    if p["actual_cost_eur"] is not None:
        q["actual_cost_eur"] = p["actual_cost_eur"] + float(rng.integers(0, 6)) * 1000.0
    for key in ("quality_score", "csat"):
        if p[key] is not None:
            q[key] = max(1.0, round(p[key] - float(rng.choice([0.0, 0.1, 0.2, 0.3])), 1))
    q["defects"] = p["defects"] + int(rng.integers(0, 3))
    q["escalations"] = p["escalations"] + int(rng.random() < 0.2)
    return q


def _fmt_record(pid: str, project_id: str, p: dict[str, Any]) -> dict[str, str]:
    def date(d: dt.date | None) -> str:
        return "" if d is None else d.isoformat()

    def num(x: float | None, digits: int) -> str:
        return "" if x is None else _fmt_float(x, digits)

    return {
        "partner_id": pid,
        "project_id": project_id,
        "domain": p["domain"],
        "start_date": date(p["start_date"]),
        "planned_end": date(p["planned_end"]),
        "actual_end": date(p["actual_end"]),
        "budget_eur": num(p["budget_eur"], 0),
        "actual_cost_eur": num(p["actual_cost_eur"], 0),
        "quality_score": num(p["quality_score"], 1),
        "csat": num(p["csat"], 1),
        "defects": str(p["defects"]),
        "escalations": str(p["escalations"]),
        "status": p["status"],
    }


def make_records(
    rng: np.random.Generator,
    latent: dict[str, dict[str, float]],
    partners: Sequence[dict[str, str]],
) -> list[dict[str, str]]:
    """About 500 past projects; see the module docstring for the oddities."""
    domains = {r["partner_id"]: r["domains"].split(";") for r in partners}
    domains[UNKNOWN_PARTNER] = ["banking", "retail"]
    projects: dict[str, list[dict[str, Any]]] = {}
    for pid in [*domains]:
        if pid in (DOMINATED, NO_RECORDS):
            continue
        n = (
            1
            if pid == SINGLE_PROJECT
            else 2
            if pid == UNKNOWN_PARTNER
            else int(rng.integers(14, 32))
        )
        projects[pid] = sorted(
            (_project(rng, latent[pid], domains[pid]) for _ in range(n)),
            key=lambda p: (p["start_date"], p["budget_eur"]),
        )
    projects[DOMINATED] = [_worse_copy(rng, p) for p in projects[DOMINATOR]]
    rows: list[dict[str, str]] = []
    for pid in sorted(projects):
        for k, p in enumerate(projects[pid], start=1):
            rows.append(_fmt_record(pid, f"{pid}-{k:03d}", p))
    return rows


def make_scores(
    rng: np.random.Generator, latent: dict[str, dict[str, float]]
) -> list[dict[str, str]]:
    """Three evaluators score every partner on four panel criteria (1-5)."""
    overlap = {pid: ov for pid, _, _, _, ov, *_ in _PROFILES}
    cells: dict[tuple[str, str], list[int]] = {}
    for pid, *_ in _PROFILES:
        z = latent[pid]
        base = {
            "communication": 3.2 + 0.4 * z["delivery"] + 0.15 * (overlap[pid] - 6.0),
            "collaboration": 3.3 + 0.35 * z["delivery"] + 0.2 * z["craft"],
            "ai_expertise": 3.2 + 0.6 * z["craft"],
            "risk_management": 3.1 + 0.35 * z["cost"] + 0.3 * z["delivery"],
        }
        for crit in PANEL_CRITERIA:
            b = int(np.clip(np.round(base[crit] + rng.normal(0, 0.3)), 1, 4))
            bumps = rng.random(len(EVALUATORS)) < 0.4
            cells[pid, crit] = [int(b + bump) for bump in bumps]
    for crit in PANEL_CRITERIA:  # the dominated partner never scores above its twin
        cells[DOMINATED, crit] = [
            max(1, s - int(rng.random() < 0.5)) for s in cells[DOMINATOR, crit]
        ]
        if cells[DOMINATED, crit] == cells[DOMINATOR, crit]:
            cells[DOMINATED, crit][0] = max(1, cells[DOMINATED, crit][0] - 1)
    notes: dict[tuple[str, str, int], str] = {}
    for pid, crit, a, b, c, why in _DISAGREEMENTS:
        cells[pid, crit] = [a, b, c]
        low = int(np.argmin([a, b, c]))
        notes[pid, crit, low] = why
    rows: list[dict[str, str]] = []
    for e, evaluator in enumerate(EVALUATORS):
        for pid, *_ in _PROFILES:
            for crit in PANEL_CRITERIA:
                score = cells[pid, crit][e]
                comment = notes.get((pid, crit, e), "")
                if not comment and rng.random() < 0.25 and score != 3:
                    comment = _COMMENTS[crit][0 if score >= 4 else 1]
                rows.append(
                    {
                        "evaluator": evaluator,
                        "partner_id": pid,
                        "criterion": crit,
                        "score": str(score),
                        "comment": comment,
                    }
                )
    return rows


KPI_COLUMNS = ["partner_id", "period", "kpi", "value", "n", "comment"]
KPI_SEED_OFFSET = 19  # own generator (the tender files never change); an offset whose draws show
# the designed story without a chance false alarm (false-alarm rates are measured in the tests)
KPI_MONTHS = 12  # November 2025 to October 2026, after the award


def make_kpis(seed: int = SEED) -> list[dict[str, str]]:
    """Twelve months of KPIs for the three awarded partners (P09, P05, P08).

    Levels start near each partner's track record in ``track_records.csv``:

    * P09 stays stable, comfortably above every target;
    * P05 is stable for six months, then slides below its targets (on-time rate, quality
      and CSAT decline linearly to 0.74, 2.5 and 2.6 by the last month);
    * P08 drifts within target: its quality drops by about three noise standard deviations
      (4.0 to 3.7) from month seven but stays above the 3.0 target; its CSAT for July 2026
      was never reported (a missing period).
    """
    rng = np.random.default_rng(seed + KPI_SEED_OFFSET)
    months = [dt.date(2025 + (10 + i) // 12, (10 + i) % 12 + 1, 1) for i in range(KPI_MONTHS)]
    rows: list[dict[str, str]] = []

    def slide(i: int, start: float, end: float) -> float:
        return start if i < 6 else start + (end - start) * (i - 5) / (KPI_MONTHS - 6)

    comments = {
        ("P05", 7): "Tech lead moved to another client; replacement onboarding.",
        ("P05", 10): "Two releases slipped; recovery plan requested.",
        ("P08", 8): "New team members on the data pipeline.",
    }
    for pid in ("P09", "P05", "P08"):
        for i, month in enumerate(months):
            period = f"{month.year}-{month.month:02d}"
            n = int(rng.integers(30, 46))
            p_on_time = {"P09": 0.95, "P05": slide(i, 0.93, 0.74), "P08": 0.93}[pid]
            on_time = rng.binomial(n, p_on_time) / n
            quality = {
                "P09": 4.25,
                "P05": slide(i, 3.3, 2.5),
                "P08": 4.0 if i < 6 else 3.7,
            }[pid] + rng.normal(0, 0.1)
            csat = {"P09": 4.4, "P05": slide(i, 3.5, 2.6), "P08": 4.0}[pid] + rng.normal(0, 0.12)
            comment = comments.get((pid, i), "")
            rows.append(
                {
                    "partner_id": pid,
                    "period": period,
                    "kpi": "on_time_rate",
                    "value": f"{on_time:.3f}",
                    "n": str(n),
                    "comment": comment,
                }
            )
            rows.append(
                {
                    "partner_id": pid,
                    "period": period,
                    "kpi": "quality_score",
                    "value": f"{min(quality, 5.0):.2f}",
                    "n": "",
                    "comment": "",
                }
            )
            if not (pid == "P08" and period == "2026-07"):
                rows.append(
                    {
                        "partner_id": pid,
                        "period": period,
                        "kpi": "csat",
                        "value": f"{min(csat, 5.0):.2f}",
                        "n": "",
                        "comment": "",
                    }
                )
    return rows


def _write(path: Path, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(out_dir: str | Path, seed: int = SEED) -> dict[str, Path]:
    """Write ``partners.csv``, ``track_records.csv``, ``evaluator_scores.csv``, ``kpis.csv``.

    Parameters
    ----------
    out_dir : str or Path
        Directory to write into (created if needed).
    seed : int
        Seed of the numpy random generator; the default reproduces the bundled files.

    Returns
    -------
    dict
        File kind -> path written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    latent = _latent(rng)
    partners = make_partners(rng, latent)
    records = make_records(rng, latent, partners)
    scores = make_scores(rng, latent)
    paths = {
        "partners": out / "partners.csv",
        "track_records": out / "track_records.csv",
        "scores": out / "evaluator_scores.csv",
        "kpis": out / "kpis.csv",
    }
    _write(paths["partners"], PARTNER_COLUMNS, partners)
    _write(paths["track_records"], RECORD_COLUMNS, records)
    _write(paths["scores"], SCORE_COLUMNS, scores)
    _write(paths["kpis"], KPI_COLUMNS, make_kpis(seed))
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    for path in generate(args.out, seed=args.seed).values():
        print(path)


if __name__ == "__main__":
    main()
