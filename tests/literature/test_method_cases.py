"""Published worked examples of ranking methods, reproduced through the public API.

Every case file in ``cases/`` whose method is a ranking method has a test here named after
its id; numbers are the published ones and tolerances those stored with the case.

- topsis_hwang_yoon_1981_fighter_aircraft: Hwang & Yoon (1981), pp. 133-134.
- topsis_tzeng_huang_2011: Tzeng & Huang (2011), TOPSIS numerical example.
- wsm_triantaphyllou_2000 / wpm_triantaphyllou_2000: Triantaphyllou (2000), ch. 2.
- waspas_chakraborty_2015: Chakraborty, Zavadskas & Antucheviciene (2015).
- vikor_opricovic_tzeng_2004: Opricovic & Tzeng (2004), EJOR 156(2).
- vikor_opricovic_tzeng_2007_w1: Opricovic & Tzeng (2007), EJOR 178(2), weight set W1.
- promethee2_zhao_2013_usual: Zhao, Peng & Li (2013), Procedia Computer Science 17.
- promethee2_papathanasiou_ploskas_2018: Papathanasiou & Ploskas (2018), ch. 3.
- edas_ersoy_2021_equipment: Ersoy (2021), LogForum 17(3).
- mabac_pamucar_cirovic_2015_forklifts: Pamučar & Ćirović (2015), ESWA 42(6).
- codas_badi_2018_steel_supplier: Badi, Abdulshahed & Shetwan (2018).
- copras_goswami_mitra_2020_mobile / aras_goswami_mitra_2020_mobile: Goswami & Mitra (2020).
- moora_siregar_2021: Siregar et al. (2021), IOP Conf. Ser. 1088.
- marcos_stevic_2020_healthcare_supplier: Stević et al. (2020), CAIE 140.
- cocoso_yazdani_2019: Yazdani et al. (2019), Management Decision 57(9).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import partnerselect as ps
from partnerselect.errors import TieWarning

from ._cases import case_ids, case_problem, load_case

WEIGHT_PREFIXES = ("ahp_", "entropy_", "critic_", "merec_")
#: Outranking cases have their own tests (test_electre_cases.py): no scores to compare.
OUTRANKING_PREFIXES = ("electre",)
#: SMAA cases have their own tests (test_smaa_*.py): distributions, not a matrix.
SMAA_PREFIXES = ("smaa",)
METHOD_CASES = [
    c for c in case_ids() if not c.startswith(WEIGHT_PREFIXES + OUTRANKING_PREFIXES + SMAA_PREFIXES)
]


def _params(case: dict) -> dict:
    """Method parameters named as the library names them, from the case's params."""
    method, p = case["method"], case.get("params", {})
    if method in ("wsm", "wpm"):
        return {"normalization": "none"}  # both cases state "none (raw values)"
    if method in ("waspas", "cocoso"):
        return {"lambda_": p["lambda"]}
    if method == "vikor":
        return {"v": p["v"]}
    if method == "promethee2":
        if "q" in p:  # "linear (type V, V-shape with indifference)"
            return {"preference": "linear", "q": p["q"], "p": p["p"]}
        return {"preference": "usual"}
    if method == "topsis":
        return {"normalization": p["normalization"]}
    if method == "moora":
        return {"variant": "ratio"}
    if method == "codas":
        return {"tau": p["tau"]}
    return {}


def _rank(case: dict, ties: str = "min") -> ps.Ranking:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)  # the WSM case ties on purpose
        return ps.rank(case_problem(case), case["method"], ties=ties, **_params(case))


def _close(got, expected, tol):
    np.testing.assert_allclose(
        np.asarray(got, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=tol
    )


def test_every_method_case_is_covered():
    methods = {load_case(c)["method"] for c in METHOD_CASES}
    assert methods <= set(ps.list_methods())
    assert len(METHOD_CASES) >= 17


@pytest.mark.parametrize("case_id", METHOD_CASES)
def test_published_ranking(case_id):
    case = load_case(case_id)
    expected = case["expected"].get("ranking", case["expected"].get("ranking_by_Q"))
    assert _rank(case).ranks.tolist() == expected


@pytest.mark.parametrize(
    "case_id",
    [
        c
        for c in METHOD_CASES
        if "scores" in load_case(c)["expected"] and not c.startswith("waspas")
    ],
)
def test_published_scores(case_id):
    case = load_case(case_id)
    _close(_rank(case).scores, case["expected"]["scores"], case["tolerance"]["scores"])


def test_waspas_chakraborty_2015_scores_use_the_published_weights():
    # The published weights sum to 1.0155 and the paper's Q values use them as they are.
    # A Problem normalises weights to 1 (WASPAS is not invariant to that scale), so the
    # scores are reproduced through the public scorer with the raw weights; the ranking
    # (above) is the same either way.
    case = load_case("waspas_chakraborty_2015")
    pb = case_problem(case)
    assert pb.raw_weights.sum() == pytest.approx(1.0155)
    score = ps.get_method("waspas", lambda_=case["params"]["lambda"]).scorer(pb)
    _close(
        score(pb.raw_weights.to_numpy())[0], case["expected"]["scores"], case["tolerance"]["scores"]
    )


def test_wsm_triantaphyllou_2000_tie_is_declared():
    case = load_case("wsm_triantaphyllou_2000")
    with pytest.warns(TieWarning, match="A2, A3"):
        ps.rank(case_problem(case), "wsm", normalization="none")


def test_wpm_triantaphyllou_2000_pairwise_ratios():
    case = load_case("wpm_triantaphyllou_2000")
    s = _rank(case).scores
    for pair, value in case["expected"]["pairwise_ratios"].items():
        a, b = pair.split("/")
        assert s[a] / s[b] == pytest.approx(value, abs=case["tolerance"]["pairwise_ratios"])
    # the default linear-max normalisation gives the same ratios (a rescaling of columns)
    s2 = ps.rank(case_problem(case), "wpm").scores
    np.testing.assert_allclose(s2 / s2["A3"], s / s["A3"], rtol=1e-12)


def test_topsis_hwang_yoon_1981_fighter_aircraft_separations():
    case = load_case("topsis_hwang_yoon_1981_fighter_aircraft")
    steps = _rank(case).explain()
    tol = case["tolerance"]
    _close(
        steps["distance to ideal"], case["expected"]["separation_ideal"], tol["separation_ideal"]
    )
    _close(
        steps["distance to anti-ideal"],
        case["expected"]["separation_anti_ideal"],
        tol["separation_anti_ideal"],
    )


@pytest.mark.parametrize("case_id", ["vikor_opricovic_tzeng_2004", "vikor_opricovic_tzeng_2007_w1"])
def test_vikor_srq_and_compromise(case_id):
    case = load_case(case_id)
    r = _rank(case)
    exp, tol = case["expected"], case["tolerance"]
    assert not r.higher_is_better
    for key in ("S", "R", "Q"):
        _close(r.extra[key], exp[key], tol[key])
    _close(r.scores, exp["Q"], tol["Q"])
    assert r.extra["acceptable_advantage"] is exp["acceptable_advantage"]
    assert r.extra["acceptable_stability"] is exp["acceptable_stability"]
    assert r.extra["compromise_set"] == exp["compromise_set"]


@pytest.mark.parametrize("case_id", [c for c in METHOD_CASES if c.startswith("promethee2")])
def test_promethee2_net_flows(case_id):
    case = load_case(case_id)
    r = _rank(case)
    _close(r.scores, case["expected"]["net_flow"], case["tolerance"]["net_flow"])
    # the net flow is the weighted sum of its per-criterion contributions
    _close(r.contributions.sum(axis=1), r.scores, 1e-12)


def test_promethee2_zhao_2013_usual_preference_index():
    # the case notes: pi(A1,A2)=0.8, pi(A1,A3)=0.3, pi(A2,A3)=0.5
    pi = _rank(load_case("promethee2_zhao_2013_usual")).explain()["preference index pi(a, b)"]
    assert pi.loc["A1", "A2"] == pytest.approx(0.8)
    assert pi.loc["A1", "A3"] == pytest.approx(0.3)
    assert pi.loc["A2", "A3"] == pytest.approx(0.5)


def test_mabac_pamucar_cirovic_2015_forklifts_border_area():
    case = load_case("mabac_pamucar_cirovic_2015_forklifts")
    r = _rank(case)
    tol = case["tolerance"]["border_approximation_area"]
    _close(r.extra["border_approximation_area"], case["expected"]["border_approximation_area"], tol)
    # A6 (0.0465) and A7 (0.0464) differ only in the 4th decimal: keep their order
    assert r.scores["A6"] > r.scores["A7"]


def test_marcos_stevic_2020_weights_not_summing_to_one_are_accepted():
    # published weights sum to 0.997; MARCOS utilities are invariant to rescaling them
    case = load_case("marcos_stevic_2020_healthcare_supplier")
    pb = case_problem(case)
    assert pb.raw_weights.sum() == pytest.approx(0.997)
    raw = ps.get_method("marcos").scorer(pb)(pb.raw_weights.to_numpy())[0]
    _close(raw, case["expected"]["scores"], case["tolerance"]["scores"])


def test_aras_goswami_mitra_2020_optimal_row_is_normalised_with_the_rest():
    # PITFALL in the case notes: deriving A0 after normalising is off by up to 0.008
    case = load_case("aras_goswami_mitra_2020_mobile")
    steps = _rank(case).explain()
    assert steps["optimality of A0"] == pytest.approx(
        float(steps["optimal alternative A0 (normalized)"] @ case_problem(case).weight_vector)
    )
    _close(steps["utility degree K"], case["expected"]["scores"], case["tolerance"]["scores"])


def test_copras_goswami_mitra_2020_cost_lowers_the_score():
    # pymcdm 1.4's COPRAS has Q = S+ + S- (costs raise the score); ours must not:
    # A1 is cheapest (C1 = 80) and ranks first with utility 1.0
    r = _rank(load_case("copras_goswami_mitra_2020_mobile"))
    assert r.scores["A1"] == pytest.approx(1.0)
    assert r.best == "A1"
