"""One consistent API: signatures, equality, the public namespace, numpydoc Parameters."""

from __future__ import annotations

import importlib
import inspect
import pydoc
import warnings

import numpy as np
import pandas as pd
import pytest

import partnerselect as ps
from partnerselect.errors import ParameterError, TieWarning
from partnerselect.methods import Method


@pytest.fixture
def problem():
    df = pd.DataFrame(
        {"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.3]}, index=["a", "b", "c"]
    )
    return ps.Problem.from_frame(
        df, objectives={"price": "min", "quality": "max"}, weights={"price": 1, "quality": 2}
    )


def test_help_shows_the_parameters():
    text = pydoc.render_doc(ps.get_method("topsis"), renderer=pydoc.plaintext)
    assert "TOPSIS(*, normalization: 'str' = 'vector')" in text
    sig = inspect.signature(type(ps.get_method("vikor")))
    assert list(sig.parameters) == ["v"]
    assert sig.parameters["v"].kind is inspect.Parameter.KEYWORD_ONLY


def test_unknown_and_positional_parameters_fail_at_construction():
    cls = type(ps.get_method("topsis"))
    with pytest.raises(ParameterError, match="unknown parameter"):
        cls(normalisation="minmax")
    with pytest.raises(ParameterError, match="by keyword"):
        cls("minmax")


def test_methods_are_frozen_and_compare_by_value():
    a, b = ps.get_method("vikor", v=0.3), ps.get_method("vikor", v=0.3)
    assert a == b
    assert a != ps.get_method("vikor", v=0.4)
    with pytest.raises(AttributeError):
        a.v = 0.9  # type: ignore[misc]


def test_prepare_is_a_deprecated_alias_of_validate(problem):
    m = ps.get_method("topsis")
    with pytest.warns(DeprecationWarning, match=r"prepare\(\) is deprecated.*validate"):
        kwargs = m.prepare(problem)
    assert kwargs == m.validate(problem)


def test_ranking_equality(problem):
    r1 = ps.rank(problem, "topsis")
    r2 = ps.rank(problem, "topsis")
    assert r1 == r2
    assert r1 != ps.rank(problem, "topsis", normalization="minmax")
    assert r1 != ps.rank(problem, "wsm")
    assert (r1 == "topsis") is False
    assert r1.explain() == r2.explain()
    with pytest.raises(TypeError):
        hash(r1)


def test_partial_rankings_compare_too(problem):
    assert ps.rank(problem, "promethee1") == ps.rank(problem, "promethee1")


def test_promethee1_uses_the_base_rank():
    cls = type(ps.get_method("promethee1"))
    assert "rank" not in vars(cls)
    assert cls.rank is Method.rank


def test_dir_shows_only_the_public_api():
    assert dir(ps) == sorted(ps.__all__)
    for name in ps.__all__:
        assert getattr(ps, name) is not None


def _needs_parameters(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return False
    return any(p.name not in ("self", "cls") for p in sig.parameters.values())


def _documented(obj):
    doc = inspect.getdoc(obj) or ""
    if "Parameters\n----------" in doc:
        return True
    return inspect.isclass(obj) and "Attributes\n----------" in doc


MODULES = [
    "partnerselect.methods",
    "partnerselect.ranking",
    "partnerselect.testing",
    "partnerselect.methods.normalization",
    "partnerselect.methods.electre",
    "partnerselect.methods.promethee",
]


@pytest.mark.parametrize("modname", MODULES)
def test_every_public_callable_has_a_parameters_section(modname):
    mod = importlib.import_module(modname)
    missing = []
    for name in mod.__all__:
        obj = getattr(mod, name)
        if inspect.ismodule(obj) or not callable(obj):
            continue
        targets = [(name, obj)]
        if inspect.isclass(obj):
            targets += [
                (f"{name}.{attr}", getattr(obj, attr))
                for attr, val in vars(obj).items()
                if not attr.startswith("_") and inspect.isfunction(val)
            ]
        missing += [q for q, o in targets if _needs_parameters(o) and not _documented(o)]
    assert not missing, f"no numpydoc Parameters section: {missing}"


@pytest.mark.parametrize("name", ps.list_methods())
def test_every_method_documents_its_parameters(name):
    cls = type(ps.get_method(name))
    if cls.defaults:
        doc = inspect.getdoc(cls) or ""
        assert "Parameters\n----------" in doc
        for field in cls.defaults:
            assert field in doc, f"{name}: parameter {field!r} is not documented"


def test_rank_batch_is_what_rankings_use(problem):
    from partnerselect.ranking import rank_batch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TieWarning)
        r = ps.rank(problem, "wsm")
    expected = rank_batch(r.scores.to_numpy(), higher_is_better=True, ties="min")
    assert r.ranks.tolist() == expected.tolist()
    assert np.issubdtype(r.ranks.dtype, np.integer)


def test_results_that_cannot_plot_have_no_plot(problem):
    from partnerselect.errors import PlotUnavailableError

    result = ps.sensitivity.rank_reversal(problem, "topsis")
    assert not hasattr(result, "plot")
    with pytest.raises(PlotUnavailableError, match="no plot for a RankReversalResult"):
        _ = result.plot


def test_gaia_plane_equality():
    from partnerselect.methods.promethee import gaia_plane

    flows = pd.DataFrame({"a": [-1.0, 0.0, 1.0], "b": [1.0, 0.5, -1.0]})
    assert gaia_plane(flows, [0.5, 0.5]) == gaia_plane(flows, [0.5, 0.5])
    assert gaia_plane(flows, [0.5, 0.5]) != gaia_plane(flows, [0.9, 0.1])
