"""The bundled sample: found, reproducible byte for byte, and holding each planned oddity."""

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect import datasets
from partnerselect.io import file_sha256

DATA = Path(__file__).resolve().parents[1] / "data"
TABLES = ("partners.csv", "track_records.csv", "evaluator_scores.csv", "kpis.csv")


@pytest.fixture(scope="module")
def sample():
    return ps.load_sample()


@pytest.fixture(scope="module")
def make_sample():
    spec = importlib.util.spec_from_file_location("make_sample", DATA / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_load_sample(sample):
    assert sample.data_dir == DATA
    assert set(sample.paths) == {
        "partners",
        "track_records",
        "scores",
        "model",
        "kpis",
        "monitoring_model",
    }
    assert sample.model_path == DATA / "model.toml"
    for key, frame in (("partners", sample.partners), ("track_records", sample.track_records),
                       ("scores", sample.scores)):  # fmt: skip
        assert frame.attrs["source"] == str(sample.paths[key])
        assert frame.attrs["sha256"] == file_sha256(sample.paths[key])
    assert "25 partners" in repr(sample)


def test_sample_is_frozen(sample):
    with pytest.raises(AttributeError):
        sample.partners = None
    with pytest.raises(TypeError):
        sample.paths["partners"] = Path("x")


def test_regenerated_files_are_byte_identical(tmp_path, make_sample):
    paths = make_sample.generate(tmp_path)
    assert sorted(p.name for p in paths.values()) == sorted(TABLES)
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_another_seed_gives_other_data(tmp_path, make_sample):
    make_sample.generate(tmp_path, seed=1)
    assert (tmp_path / "track_records.csv").read_bytes() != (
        DATA / "track_records.csv"
    ).read_bytes()


def test_package_data_folder_comes_first(tmp_path, monkeypatch):
    pkg = tmp_path / "pkg_data"
    pkg.mkdir()
    for name in TABLES:
        shutil.copy(DATA / name, pkg / name)
    monkeypatch.setattr(datasets, "_candidates", lambda: [pkg, DATA])
    assert datasets.data_dir() == pkg
    monkeypatch.setattr(datasets, "_candidates", lambda: [tmp_path / "empty", DATA])
    assert datasets.data_dir() == DATA


def test_missing_data_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(datasets, "_candidates", lambda: [tmp_path / "a", tmp_path / "b"])
    with pytest.raises(FileNotFoundError, match=r"sample data were not found.*make_sample"):
        datasets.load_sample()


def test_default_candidates_are_package_then_checkout():
    here = Path(datasets.__file__).resolve()
    assert datasets._candidates() == [here.parent / "data", here.parents[2] / "data"]


# ---------------------------------------------------------------- shape of the tender


def test_partners(sample):
    p = sample.partners
    assert p["partner_id"].tolist() == [f"P{i:02d}" for i in range(1, 26)]
    assert p["day_rate_eur"].between(350, 1400).all()
    for col in ("ai_engineers", "years_in_business", "day_rate_eur", "name", "country"):
        assert p[col].notna().all(), col
    assert {"India", "Ukraine", "Poland", "Vietnam", "Portugal", "United Kingdom"} <= set(
        p["country"]
    )


def test_track_records_span_and_size(sample):
    r = sample.track_records
    assert 450 <= len(r) <= 550
    assert r["start_date"].min() >= pd.Timestamp("2021-12-01")
    assert r["actual_end"].max() <= pd.Timestamp("2026-10-31")
    assert set(r["status"]) == {"completed", "cancelled", "ongoing"}
    ongoing = r[r["status"] == "ongoing"]
    assert ongoing["actual_end"].isna().all()
    assert ongoing["actual_cost_eur"].isna().all()
    done = r[r["status"] == "completed"]
    assert done["actual_end"].notna().all()
    assert done["actual_cost_eur"].notna().all()


def test_scores_cover_every_partner_and_criterion(sample):
    s = sample.scores
    assert set(s["evaluator"]) == {"A. Novak", "B. Okafor", "C. Lindqvist"}
    assert set(s["criterion"]) == {
        "communication",
        "collaboration",
        "ai_expertise",
        "risk_management",
    }
    assert len(s) == 3 * 4 * 25
    assert s["score"].between(1, 5).all()
    assert s["comment"].notna().sum() > 0


# ---------------------------------------------------------------- the planned oddities


def row(sample, pid):
    p = sample.partners
    return p[p["partner_id"] == pid].iloc[0]


def test_gate_failures(sample):
    p = sample.partners
    assert p.loc[~p["iso27001"].astype(bool), "partner_id"].tolist() == ["P15"]
    assert p.loc[~p["gdpr_dpa"].astype(bool), "partner_id"].tolist() == ["P20"]
    assert p.loc[p["day_rate_eur"] > 1200, "partner_id"].tolist() == ["P25"]


def test_dominated_pair_profile(sample):
    best, worse = row(sample, "P02"), row(sample, "P24")
    assert worse["day_rate_eur"] > best["day_rate_eur"]
    assert worse["ai_engineers"] < best["ai_engineers"]
    assert worse["timezone_overlap_h"] <= best["timezone_overlap_h"]
    assert worse["attrition_rate"] > best["attrition_rate"]
    assert worse["years_in_business"] < best["years_in_business"]
    assert worse["headcount"] <= best["headcount"]
    for gate in ("iso27001", "gdpr_dpa"):  # both pass the gates, so both get ranked
        assert bool(best[gate])
        assert bool(worse[gate])
    assert worse["day_rate_eur"] <= 1200


def test_dominated_pair_track_records(sample):
    r = sample.track_records
    a = r[r["partner_id"] == "P02"].reset_index(drop=True)
    b = r[r["partner_id"] == "P24"].reset_index(drop=True)
    assert len(a) == len(b) > 10
    for col in ("start_date", "planned_end", "budget_eur", "status"):
        pd.testing.assert_series_equal(a[col], b[col])
    late = (b["actual_end"] >= a["actual_end"]) | (a["actual_end"].isna() & b["actual_end"].isna())
    assert late.all()
    for col, worse in (("actual_cost_eur", np.greater_equal), ("defects", np.greater_equal),
                       ("escalations", np.greater_equal), ("quality_score", np.less_equal),
                       ("csat", np.less_equal)):  # fmt: skip
        both = a[col].notna() & b[col].notna()
        assert (a[col].isna() == b[col].isna()).all(), col
        assert worse(b.loc[both, col].astype(float), a.loc[both, col].astype(float)).all(), col


def test_dominated_pair_evaluator_scores(sample):
    s = sample.scores.set_index(["evaluator", "criterion", "partner_id"])["score"].unstack()
    assert (s["P24"] <= s["P02"]).all()
    assert (s["P24"] < s["P02"]).any()


def test_thin_and_absent_evidence(sample):
    counts = sample.track_records["partner_id"].value_counts()
    assert counts["P19"] == 1
    assert "P23" not in counts.index


def test_missing_values(sample):
    assert np.isnan(row(sample, "P10")["attrition_rate"])
    assert np.isnan(row(sample, "P17")["timezone_overlap_h"])
    assert sample.partners["attrition_rate"].isna().sum() == 1
    assert sample.partners["timezone_overlap_h"].isna().sum() == 1


def test_awkward_names(sample):
    names = sample.partners["name"].tolist()
    assert "Łódź Analityka Sp. z o.o." in names
    assert "Data & <Insight> Partners Ltd" in names


def test_records_of_an_unknown_partner(sample):
    known = set(sample.partners["partner_id"])
    unknown = sample.track_records[~sample.track_records["partner_id"].isin(known)]
    assert unknown["partner_id"].tolist() == ["P26", "P26"]


def test_evaluators_disagree_by_two_points_somewhere(sample):
    spread = sample.scores.groupby(["partner_id", "criterion"])["score"].agg(np.ptp)
    wide = spread[spread >= 2]
    assert len(wide) >= 2
    assert ("P07", "ai_expertise") in wide.index
