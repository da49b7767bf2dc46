"""Fuzzing: readers, model files and evaluate() let only partnerselect errors escape.

Example counts (``max_examples``) are kept modest so that the suite stays fast on two cores:
random bytes 60 per reader and suffix, CSV text 80, DataFrames 80, model text 60, model
dicts 60, evaluate() 40 (slow) and 25 with track records and scores (slow).
"""

from __future__ import annotations

import contextlib
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partnerselect as ps
from partnerselect.errors import PartnerSelectError, PartnerSelectWarning
from partnerselect.model import parse_model
from partnerselect.testing import (
    assert_all_accounted,
    csv_texts,
    messy_frames,
    models,
    partner_tables,
    score_tables,
    track_record_tables,
)

READERS = {
    "partners": ps.read_partners,
    "track_records": ps.read_track_records,
    "scores": ps.read_scores,
}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _read_or_partnerselect_error(reader, src) -> pd.DataFrame | None:
    """Run a reader: a DataFrame or a partnerselect error; anything else propagates."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        try:
            df = reader(src)
        except PartnerSelectError as exc:
            error = exc
        else:
            error = None
    if error is not None:
        assert str(error).strip(), "an error without a message"
        return None
    assert isinstance(df, pd.DataFrame)
    assert len(df) > 0
    return df


@pytest.mark.parametrize("kind", sorted(READERS))
@pytest.mark.parametrize("suffix", [".csv", ".json", ".xlsx"])
@FUZZ
@given(data=st.binary(max_size=400))
def test_readers_survive_random_bytes(tmp_path, kind, suffix, data):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _read_or_partnerselect_error(READERS[kind], path)


@pytest.mark.parametrize("kind", sorted(READERS))
@settings(FUZZ, max_examples=80)
@given(text=csv_texts(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
def test_readers_survive_csv_text(tmp_path, kind, text, encoding):
    path = tmp_path / "input.csv"
    try:
        path.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        path.write_bytes(text.encode("utf-8"))
    df = _read_or_partnerselect_error(READERS[kind], path)
    if df is not None:
        assert df.attrs["source"] == str(path)


@pytest.mark.parametrize("kind", sorted(READERS))
@settings(FUZZ, max_examples=80)
@given(frame=messy_frames())
def test_readers_survive_messy_frames(kind, frame):
    frozen = frame.copy(deep=True)
    df = _read_or_partnerselect_error(READERS[kind], frame)
    pd.testing.assert_frame_equal(frame, frozen)  # the input is never modified
    if df is not None:
        assert len(df) == len(frame)


@pytest.mark.parametrize("suffix", [".toml", ".yaml"])
@FUZZ
@given(text=st.text(max_size=300))
def test_read_model_survives_random_text(tmp_path, suffix, text):
    path = tmp_path / f"model{suffix}"
    path.write_text(text, encoding="utf-8")
    try:
        model = ps.read_model(path)
    except PartnerSelectError:
        return
    assert model.criteria


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@FUZZ
@given(
    raw=st.dictionaries(
        st.sampled_from(["tender", "method", "criteria", "gates", "weighting", "groups", "x"]),
        _JSONISH,
        max_size=4,
    )
)
def test_parse_model_survives_random_dicts(raw):
    with contextlib.suppress(PartnerSelectError):
        parse_model(raw)


def _evaluate(partners, records, model, scores) -> None:
    frozen = [x.copy(deep=True) if x is not None else None for x in (partners, records, scores)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PartnerSelectWarning)
        try:
            ev = ps.evaluate(partners, records, model, scores=scores, analyses=False)
        except PartnerSelectError as exc:
            error = exc
        else:
            error = None
    if error is not None:
        assert str(error).strip(), "an error without a message"
        return
    assert_all_accounted(ev, list(partners["partner_id"]))
    assert ev.ranking.ranks.between(1, len(ev.ranking.ranks)).all()
    for before, after in zip(frozen, (partners, records, scores), strict=True):
        if before is not None:
            pd.testing.assert_frame_equal(before, after)


@pytest.mark.slow
@settings(FUZZ, max_examples=40)
@given(data=st.data())
def test_evaluate_fuzz_partners_only(data):
    partners = data.draw(partner_tables(min_size=1, max_size=10))
    model = data.draw(models(records=False, scores=False))
    _evaluate(partners, None, model, None)


@pytest.mark.slow
@settings(FUZZ, max_examples=25)
@given(data=st.data())
def test_evaluate_fuzz_full(data):
    partners = data.draw(partner_tables(min_size=1, max_size=8))
    ids = list(partners["partner_id"])
    records = data.draw(track_record_tables(ids, max_projects=4))
    scores = data.draw(score_tables(ids))
    model = data.draw(models())
    if records.empty:
        records = None
        model["criteria"] = [c for c in model["criteria"] if c["source"] != "track_record"]
        if not model["criteria"]:
            model["criteria"] = [{"name": "day_rate_eur", "objective": "min"}]
    _evaluate(partners, records, model, scores)
