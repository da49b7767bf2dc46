"""partnerselect.testing.check_method over every registered method (the public contract)."""

from __future__ import annotations

import pytest

import partnerselect as ps
from partnerselect.methods import Method, register
from partnerselect.testing import METHOD_CHECKS, check_method, method_checks

CASES = [
    (name, check_name, check)
    for name in ps.list_methods()
    for check_name, check in method_checks(type(ps.get_method(name)))
]


@pytest.mark.parametrize(
    ("name", "check_name", "check"), CASES, ids=[f"{n}-{c}" for n, c, _ in CASES]
)
def test_registered_methods_keep_the_contract(name, check_name, check):
    check(random_state=0)


def test_exemptions_are_declared_with_reasons():
    for name in ps.list_methods():
        cls = type(ps.get_method(name))
        for check, reason in cls.check_exemptions.items():
            assert check in METHOD_CHECKS
            assert isinstance(reason, str)
            assert reason.strip()


def test_a_broken_third_party_method_is_caught():
    import numpy as np

    class Backwards(Method):  # ranks the worst first: breaks dominance
        label = "Backwards"

        def kernel(self, matrix, signs, weights, **params):
            u = (matrix - matrix.min(axis=0)) / np.ptp(matrix, axis=0) * (signs > 0)
            return -(np.atleast_2d(weights) @ u.T)

    with pytest.raises(AssertionError, match="dominat"):
        check_method(Backwards)
    assert register  # the class need not be registered to be checked


def test_a_legacy_defaults_subclass_becomes_a_dataclass():
    import numpy as np

    class Legacy(Method):
        label = "Legacy"
        defaults = {"scale": 1.0}  # noqa: RUF012  (the 0.1 way of declaring parameters)

        def kernel(self, matrix, signs, weights, **params):
            u = matrix * signs
            return np.atleast_2d(weights) @ ((u - u.min(axis=0)) / np.ptp(u, axis=0)).T

    assert Legacy().scale == 1.0
    assert Legacy(scale=2.0).params == {"scale": 2.0}
    assert "construction" in check_method(Legacy)
