"""One name for one idea: ``random_state`` (never ``rng``), ``problem`` first, options
keyword-only after ``(problem, method)``, one default seed policy; old spellings keep
working with a DeprecationWarning (see docs/deprecations.md)."""

from __future__ import annotations

import importlib
import inspect
import types

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect import sensitivity as sens

ANALYSES = [
    "weight_sweep",
    "tornado",
    "critical_weights",
    "stability_intervals",
    "smaa",
    "data_uncertainty",
    "rank_reversal",
    "verdict",
]


@pytest.fixture(scope="module")
def pb() -> ps.Problem:
    df = pd.DataFrame(
        {"price": [900.0, 1100.0, 1000.0, 950.0], "quality": [3.0, 4.5, 4.2, 3.9]},
        index=["p1", "p2", "p3", "p4"],
    )
    return ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})


def _public_functions():
    mods = [ps] + [
        importlib.import_module(f"partnerselect.{n}")
        for n in ps.__all__
        if isinstance(getattr(ps, n), types.ModuleType)
    ]
    for mod in mods:
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                yield f"{mod.__name__}.{name}", obj


def test_seeds_are_called_random_state():
    for qual, func in _public_functions():
        params = inspect.signature(func).parameters
        if "rng" in params:  # only as the deprecated, keyword-only spelling
            assert params["rng"].kind is inspect.Parameter.KEYWORD_ONLY, qual
            assert "random_state" in params, qual
            assert "Deprecated name of ``random_state``" in (func.__doc__ or ""), qual
        assert "seed" not in params, qual


@pytest.mark.parametrize("name", ANALYSES)
def test_analyses_take_problem_method_then_keywords(name):
    params = list(inspect.signature(getattr(sens, name)).parameters.values())
    assert [p.name for p in params[:2]] == ["problem", "method"]
    for p in params[2:]:
        assert p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD), f"{name}: {p.name}"


def test_one_default_seed_policy():
    defaults = {
        name: inspect.signature(getattr(sens, name)).parameters["random_state"].default
        for name in ("smaa", "data_uncertainty", "verdict")
    }
    assert set(defaults.values()) == {None}, defaults


def test_verdict_records_the_seed_it_drew(pb):
    v = sens.verdict(pb, "wsm", n_samples=300, check_reversal=False)
    assert isinstance(v.random_state, int)
    again = sens.verdict(
        pb, "wsm", n_samples=300, check_reversal=False, random_state=v.random_state
    )
    assert again == v
    given = sens.verdict(pb, "wsm", n_samples=300, check_reversal=False, random_state=7)
    assert given.random_state == 7


def test_options_by_position_still_work_with_a_warning(pb):
    with pytest.warns(
        DeprecationWarning, match=r"smaa\(\): pass n_samples, random_state by keyword"
    ):
        old = sens.smaa(pb, "wsm", 300, 4)
    assert old == sens.smaa(pb, "wsm", n_samples=300, random_state=4)
    with pytest.warns(DeprecationWarning, match=r"tornado\(\): pass delta by keyword"):
        assert sens.tornado(pb, "wsm", 0.1) == sens.tornado(pb, "wsm", delta=0.1)
    with pytest.warns(DeprecationWarning, match="pass criterion, grid by keyword"):
        sweep = sens.weight_sweep(pb, "wsm", "quality", 11)
    assert sweep == sens.weight_sweep(pb, "wsm", criterion="quality", grid=11)


def test_data_uncertainty_old_first_parameter_name(pb):
    unc = pd.DataFrame(
        {"dist": ["normal"], "a": [4.5], "b": [0.2]},
        index=pd.MultiIndex.from_tuples([("p2", "quality")], names=["partner_id", "criterion"]),
    )
    noisy = pb.replace(uncertainty=unc)
    with pytest.warns(DeprecationWarning, match=r"evaluation_or_problem=\.\.\.\) is deprecated"):
        old = sens.data_uncertainty(evaluation_or_problem=noisy, n_samples=50, random_state=1)
    assert old == sens.data_uncertainty(noisy, n_samples=50, random_state=1)


def test_trackrecord_sampling_takes_random_state():
    from partnerselect.trackrecord import sample_uncertainty

    table = pd.DataFrame({"dist": ["uniform"], "a": [0.0], "b": [1.0]})
    a = sample_uncertainty(table, 5, random_state=2)
    with pytest.warns(DeprecationWarning, match="rng=...") as record:
        b = sample_uncertainty(table, 5, rng=2)
    assert "random_state" in str(record[0].message)
    np.testing.assert_array_equal(a, b)
