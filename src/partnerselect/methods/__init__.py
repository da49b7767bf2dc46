"""Ranking methods: registry, normalisations and one module per method family."""

from partnerselect.methods import topsis, wsm  # noqa: F401  (registers the methods)
from partnerselect.methods._base import Method, get_method, list_methods, rank, register

__all__ = ["Method", "get_method", "list_methods", "rank", "register"]
