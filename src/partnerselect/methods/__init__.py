"""Ranking methods: registry, normalisations and one module per method family.

Importing this package registers every method (see :func:`list_methods`).
"""

from partnerselect.methods import (  # noqa: F401  (importing registers the methods)
    compromise,
    distance,
    electre,
    promethee,
    promethee_partial,
    ratio,
    spotis,
    topsis,
    vikor,
    wpm,
    wsm,
)
from partnerselect.methods._base import (
    Method,
    get_method,
    list_methods,
    rank,
    register,
    resolve_method,
)
from partnerselect.methods.promethee_partial import PartialRanking

__all__ = [
    "Method",
    "PartialRanking",
    "get_method",
    "list_methods",
    "rank",
    "register",
    "resolve_method",
]
