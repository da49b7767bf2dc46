"""Method base class and the registry.

A method is a small class over a pure, batched numpy kernel. The class stores its
parameters as given (no logic in ``__init__``), validates them against the problem in
:meth:`Method.validate`, and wraps the kernel's scores in a :class:`~partnerselect.Ranking`.

Kernels take ``matrix (m, n)``, ``signs (n,)`` (+1 max, -1 min) and a weight batch
``(S, n)`` and return scores ``(S, m)``; sensitivity analyses call them through
:meth:`Method.scorer` with thousands of weight vectors at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import warnings
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError, UnknownMethodError
from partnerselect.methods._checks import warn_wide_span
from partnerselect.problem import Problem
from partnerselect.ranking import PartialRanking, Ranking, Steps, _check_ties

__all__ = ["Method", "get_method", "list_methods", "rank", "register"]

_REGISTRY: dict[str, type[Method]] = {}

Scorer = Callable[[np.ndarray], np.ndarray]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Method:
    """Base class of every ranking method.

    A method is a frozen dataclass whose fields are its parameters, so
    ``help(ps.get_method("topsis"))`` shows them and an unknown parameter fails when the
    method is built. Subclasses declare their parameters as annotated class attributes with
    defaults (every subclass is turned into a frozen, keyword-only dataclass automatically),
    set ``name`` (through :func:`register`) and ``higher_is_better``, and implement
    :meth:`kernel`. They may override :meth:`validate` (check and normalise parameters
    against a problem), :meth:`steps` (labelled intermediate results) and
    :meth:`contributions`.

    Expected exemptions from :func:`partnerselect.testing.check_method` are declared in
    ``check_exemptions`` (check name -> reason).

    Parameters
    ----------
    *args
        Refused: parameters are keyword-only (a positional value raises ParameterError).
    **params
        The subclass's fields, by keyword only (``TOPSIS(normalization="minmax")``).

    Examples
    --------
    >>> import partnerselect as ps
    >>> ps.get_method("topsis")
    TOPSIS(normalization='vector')
    >>> ps.get_method("topsis", normalisation="minmax")
    Traceback (most recent call last):
    ...
    partnerselect.errors.ParameterError: TOPSIS got unknown parameter(s) ['normalisation']. Its parameters are: normalization.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    higher_is_better: ClassVar[bool] = True
    #: Default value of every parameter (derived from the dataclass fields).
    defaults: ClassVar[Mapping[str, Any]] = {}
    #: Steps that are not partners-first: label -> ``"c"`` (one value per criterion) or
    #: ``"pp"`` (partners x partners). Other steps are labelled by shape; the declaration
    #: matters when there are as many partners as criteria.
    step_axes: ClassVar[Mapping[str, str]] = {}
    #: Caption -> machine key for steps whose key must not follow the caption's wording
    #: (by default a step's key is :func:`partnerselect.ranking.step_key` of its caption).
    step_keys: ClassVar[Mapping[str, str]] = {}
    #: Checks of :func:`partnerselect.testing.check_method` this method is exempt from,
    #: with the reason (for example ``{"rescaling": "bounds are given in data units"}``).
    check_exemptions: ClassVar[Mapping[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not callable(getattr(cls, "kernel", None)):
            msg = f"Method subclass {cls.__name__} must define kernel()."
            raise TypeError(msg)
        legacy = cls.__dict__.get("defaults")
        if legacy is not None:
            # Older subclasses list parameters in a ``defaults`` mapping: turn them into
            # dataclass fields so that they behave like every other method.
            if not isinstance(legacy, Mapping):
                msg = f"{cls.__name__}.defaults must be a mapping of parameter defaults."
                raise TypeError(msg)
            annotations = dict(inspect.get_annotations(cls))
            annotations.pop("defaults", None)
            for key, value in legacy.items():
                annotations[key] = "Any"
                setattr(cls, key, dataclasses.field(default_factory=_const(value)))
            cls.__annotations__ = annotations
        dataclasses.dataclass(frozen=True, kw_only=True)(cls)
        cls.defaults = MappingProxyType(
            {f.name: _field_default(f) for f in dataclasses.fields(cls) if f.init}
        )

    def __new__(cls, *args: Any, **params: Any) -> Method:
        if args:
            msg = (
                f"{cls.label or cls.__name__} takes its parameters by keyword "
                f"({', '.join(cls.defaults) or 'none'}); got {len(args)} positional value(s)."
            )
            raise ParameterError(msg, value=list(args))
        unknown = sorted(set(params) - set(cls.defaults))
        if unknown:
            known = ", ".join(sorted(cls.defaults)) or "none"
            display = cls.label or cls.name.upper() or cls.__name__
            msg = f"{display} got unknown parameter(s) {unknown}. Its parameters are: {known}."
            raise ParameterError(msg, value=unknown)
        return super().__new__(cls)

    @property
    def params(self) -> dict[str, Any]:
        """The parameters as a dict (field name -> value)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init}

    @property
    def display_name(self) -> str:
        return self.label or self.name.upper() or type(self).__name__

    # ---------------------------------------------------------------- to override
    def validate(self, problem: Problem) -> dict[str, Any]:
        """Check parameters against ``problem``; return the keyword arguments of the kernel.

        Parameters
        ----------
        problem : Problem

        Returns
        -------
        dict
            Keyword arguments passed to :meth:`kernel`, :meth:`steps` and the other hooks.
        """
        return dict(self.params)

    def kernel(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        """Scores ``(S, m)`` for a weight batch ``(S, n)``.

        Parameters
        ----------
        matrix : numpy.ndarray, shape (m, n)
            Values, partners x criteria.
        signs : numpy.ndarray, shape (n,)
            +1 for a benefit criterion, -1 for a cost criterion.
        weights : numpy.ndarray, shape (S, n)
            A batch of weight vectors.
        **params
            What :meth:`validate` returned.

        Returns
        -------
        numpy.ndarray, shape (S, m)
        """
        raise NotImplementedError

    def stacked_kernel(
        self, matrices: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray:
        """Scores ``(S, k, m)`` of a stack of matrices, each with its own weight vectors.

        Optional: the Monte Carlo analyses with uncertain data (SMAA-2 with
        ``sample_data``, data uncertainty, rank reversal) score thousands of sampled
        matrices; a method that provides this scores them in a few array operations
        instead of one :meth:`kernel` call per block. Row ``j`` of sample ``s`` must equal
        ``kernel(matrices[s], signs, weights[s, j:j + 1])`` (to rounding). Methods without
        one raise ``NotImplementedError`` (see :attr:`has_stacked_kernel`).

        Parameters
        ----------
        matrices : numpy.ndarray, shape (S, m, n)
            Values of ``S`` matrices, partners x criteria (any memory layout; the
            samplers put the sample axis innermost).
        signs : numpy.ndarray, shape (n,)
            +1 for a benefit criterion, -1 for a cost criterion.
        weights : numpy.ndarray, shape (S, k, n)
            ``k`` weight vectors per matrix.
        **params
            What :meth:`validate` returned.

        Returns
        -------
        numpy.ndarray, shape (S, k, m)
        """
        raise NotImplementedError

    @property
    def has_stacked_kernel(self) -> bool:
        """Whether :meth:`stacked_kernel` is provided for this class's own :meth:`kernel`.

        A subclass that overrides :meth:`kernel` but inherits the stacked kernel of its
        parent does not have one (the inherited one would compute the parent's scores).
        """

        def owner(attr: str) -> type:
            return next(c for c in type(self).__mro__ if attr in c.__dict__)

        stacked = owner("stacked_kernel")
        return stacked is not Method and issubclass(stacked, owner("kernel"))

    def steps(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> dict[str, Any]:
        """Labelled intermediate arrays for one weight vector ``(n,)``.

        Parameters
        ----------
        matrix : numpy.ndarray, shape (m, n)
            Values, partners x criteria.
        signs : numpy.ndarray, shape (n,)
            +1 for a benefit criterion, -1 for a cost criterion.
        weights : numpy.ndarray, shape (n,)
        **params
            What :meth:`validate` returned.

        Returns
        -------
        dict
            Display caption -> array (keys of the ranking's steps derive from them).
        """
        return {}

    def contributions(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> np.ndarray | None:
        """Per-criterion contributions ``(m, n)`` summing to the score (additive methods).

        Parameters
        ----------
        matrix : numpy.ndarray, shape (m, n)
            Values, partners x criteria.
        signs : numpy.ndarray, shape (n,)
            +1 for a benefit criterion, -1 for a cost criterion.
        weights : numpy.ndarray, shape (n,)
        **params
            What :meth:`validate` returned.

        Returns
        -------
        numpy.ndarray or None
        """
        return None

    def extra(
        self, problem: Problem, scores: np.ndarray, steps: Mapping[str, Any], **params: Any
    ) -> dict[str, Any]:
        """Method-specific results kept on the Ranking (e.g. VIKOR's compromise set).

        Parameters
        ----------
        problem : Problem
        scores : numpy.ndarray, shape (m,)
        steps : mapping
            What :meth:`steps` returned.
        **params
            What :meth:`validate` returned.

        Returns
        -------
        dict
        """
        return {}

    def relation(
        self, matrix: np.ndarray, signs: np.ndarray, weights: np.ndarray, **params: Any
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """``(preferred, indifferent)`` boolean ``(m, m)`` relations for methods that give
        a partial order (PROMETHEE I, ELECTRE); ``None`` (the default) for a complete
        ranking by score. When given, :meth:`rank` returns a
        :class:`~partnerselect.ranking.PartialRanking`.

        Parameters
        ----------
        matrix : numpy.ndarray, shape (m, n)
            Values, partners x criteria.
        signs : numpy.ndarray, shape (n,)
            +1 for a benefit criterion, -1 for a cost criterion.
        weights : numpy.ndarray, shape (n,)
        **params
            What :meth:`validate` returned.

        Returns
        -------
        tuple of numpy.ndarray or None
        """
        return None

    # ---------------------------------------------------------------- machinery
    def param_error(self, name: str, expected: str, got: Any) -> ParameterError:
        """The one message shape for every bad parameter.

        Parameters
        ----------
        name : str
            Parameter name.
        expected : str
            What it must be ("a float in [0, 1]").
        got : object
            The value given.

        Returns
        -------
        ParameterError
        """
        msg = f"The {name!r} parameter of {self.display_name} must be {expected}. Got {got!r} instead."
        return ParameterError(msg, value=got)

    def check_problem(self, problem: Any) -> None:
        """Raise a ParameterError unless ``problem`` is a :class:`Problem`.

        Parameters
        ----------
        problem : object
        """
        if not isinstance(problem, Problem):
            msg = (
                f"{self.display_name}.rank() needs a partnerselect.Problem, got "
                f"{type(problem).__name__}. Build one with Problem.from_frame(...)."
            )
            raise ParameterError(msg, value=type(problem).__name__)

    def prepare(self, problem: Problem) -> dict[str, Any]:
        """Deprecated alias of :meth:`validate` (kept for code written against 0.1).

        .. deprecated:: 0.2
           Call :meth:`validate`; ``prepare`` will be removed in 0.4.

        Parameters
        ----------
        problem : Problem

        Returns
        -------
        dict
            What :meth:`validate` returns.

        Warns
        -----
        DeprecationWarning
            Always: the method was renamed :meth:`validate`.
        """
        warnings.warn(
            f"{type(self).__name__}.prepare() is deprecated and will be removed in 0.4; "
            "call .validate(problem) instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.validate(problem)

    def scorer(self, problem: Problem) -> Scorer:
        """A function ``W (S, n) -> scores (S, m)`` with parameters validated once.

        Parameters
        ----------
        problem : Problem

        Returns
        -------
        callable
        """
        kwargs = self.validate(problem)
        values = problem.values
        signs = problem.signs

        def score(weights: np.ndarray) -> np.ndarray:
            W = np.atleast_2d(np.asarray(weights, dtype=float))
            return np.asarray(self.kernel(values, signs, W, **kwargs), dtype=float)

        return score

    def utility_scorer(self, problem: Problem) -> Scorer:
        """Like :meth:`scorer` but oriented so that a larger value is always better.

        Parameters
        ----------
        problem : Problem

        Returns
        -------
        callable
        """
        score = self.scorer(problem)
        if self.higher_is_better:
            return score
        return lambda W: -score(W)

    def rank(self, problem: Problem, *, ties: str = "min") -> Ranking:
        """Rank the partners of ``problem``.

        Parameters
        ----------
        problem : Problem
        ties : {"min", "dense", "order"}, default "min"
            Tie policy (see :mod:`partnerselect.ranking`); checked but not used by
            methods that give a partial order.

        Returns
        -------
        Ranking
            A :class:`~partnerselect.ranking.PartialRanking` when the method gives a
            partial order.
        """
        _check_ties(ties)
        self.check_problem(problem)
        kwargs = self.validate(problem)
        warn_wide_span(self, problem)
        values, signs, w = problem.values, problem.signs, problem.weight_vector
        scores = np.asarray(self.kernel(values, signs, w[None, :], **kwargs), dtype=float)[0]

        def details() -> tuple[Mapping[str, Any], Any, dict[str, Any]]:
            steps = self.steps(values, signs, w, **kwargs)
            raw = self.contributions(values, signs, w, **kwargs)
            contrib = (
                None
                if raw is None
                else pd.DataFrame(raw, index=problem.partners, columns=problem.criteria)
            )
            extra = self.extra(problem, scores, steps, **kwargs)
            labelled = Steps(label_steps(steps, problem, self.step_axes), keys=self.step_keys)
            return labelled, contrib, extra

        partial = self.relation(values, signs, w, **kwargs)
        if partial is not None:
            preferred, indifferent = partial
            return PartialRanking.from_relation(
                problem,
                scores,
                preferred,
                indifferent,
                method=self.name,
                params=self.params,
                details=details,
            )
        return Ranking.from_scores(
            problem,
            scores,
            method=self.name,
            params=self.params,
            higher_is_better=self.higher_is_better,
            ties=ties,
            details=details,
        )


def _const(value: Any) -> Callable[[], Any]:
    return lambda: value


def _field_default(f: dataclasses.Field[Any]) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def label_steps(
    steps: Mapping[str, Any], problem: Problem, axes: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Turn bare arrays into pandas objects labelled by partner and criterion.

    ``axes`` declares steps that are per criterion (``"c"``) or partners x partners
    (``"pp"``); the rest are labelled by their shape (partners first).
    """
    m, n = problem.shape
    axes = axes or {}
    out: dict[str, Any] = {}
    for key, val in steps.items():
        if isinstance(val, pd.Series | pd.DataFrame):
            out[key] = val
            continue
        arr = np.asarray(val)
        kind = axes.get(key)
        if kind == "c" and arr.shape == (n,):
            out[key] = pd.Series(arr, index=problem.criteria, name=key)
        elif kind == "pp" and arr.shape == (m, m):
            out[key] = pd.DataFrame(arr, index=problem.partners, columns=problem.partners)
        elif arr.shape == (m, n):
            out[key] = pd.DataFrame(arr, index=problem.partners, columns=problem.criteria)
        elif arr.shape == (m, m):
            out[key] = pd.DataFrame(arr, index=problem.partners, columns=problem.partners)
        elif arr.shape == (m,):
            out[key] = pd.Series(arr, index=problem.partners, name=key)
        elif arr.shape == (n,):
            out[key] = pd.Series(arr, index=problem.criteria, name=key)
        else:
            out[key] = arr if arr.ndim else val
    return out


def register(name: str) -> Callable[[type[Method]], type[Method]]:
    """Class decorator: register a :class:`Method` under a lower-case ``name``.

    Parameters
    ----------
    name : str
        Lower-case registry name, used by :func:`get_method` and :func:`rank`.

    Returns
    -------
    callable
        The decorator (it returns the class unchanged).
    """

    def deco(cls: type[Method]) -> type[Method]:
        if name != name.lower() or not name:
            msg = f"Method names are lower case; got {name!r}."
            raise ValueError(msg)
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            msg = f"A method named {name!r} is already registered ({_REGISTRY[name].__name__})."
            raise ValueError(msg)
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def list_methods() -> list[str]:
    """Names of every registered method, sorted.

    Examples
    --------
    >>> "topsis" in list_methods() and "wsm" in list_methods()
    True
    """
    return sorted(_REGISTRY)


def get_method(name: str, **params: Any) -> Method:
    """Instantiate the method registered under ``name`` with ``params``.

    Parameters
    ----------
    name : str
        Registered name (see :func:`list_methods`), case-insensitive.
    **params
        The method's parameters (fields of its dataclass).

    Returns
    -------
    Method

    Raises
    ------
    UnknownMethodError
        No method of that name (the message suggests the closest).
    ParameterError
        An unknown parameter.
    """
    if not isinstance(name, str):
        msg = f"A method name must be a string; got {type(name).__name__}."
        raise UnknownMethodError(msg, value=name)
    key = name.strip().lower()
    if key not in _REGISTRY:
        options = list_methods()
        close = difflib.get_close_matches(key, options, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        msg = f"Unknown method {name!r}.{hint} Must be one of: {', '.join(options)}."
        raise UnknownMethodError(msg, value=name)
    return _REGISTRY[key](**params)


def resolve_method(method: Any, **params: Any) -> Method:
    """A :class:`Method` from a name, a Method instance or a scikit-criteria decision maker.

    Parameters
    ----------
    method : str, Method or scikit-criteria decision maker
    **params
        Parameters to build (or, for an instance, to replace) with.

    Returns
    -------
    Method
    """
    if isinstance(method, Method):
        if params:
            return dataclasses.replace(method, **params)
        return method
    if isinstance(method, str):
        return get_method(method, **params)
    if callable(getattr(method, "evaluate", None)):  # a scikit-criteria decision maker or pipeline
        from partnerselect.methods.skcriteria_adapter import SKCriteriaMethod

        return SKCriteriaMethod(decision_maker=method, **params)
    msg = (
        f"Cannot use {method!r} as a method: pass a registered name ({', '.join(list_methods())}), "
        "a partnerselect Method, or a scikit-criteria decision maker."
    )
    raise UnknownMethodError(msg, value=repr(method))


def rank(problem: Problem, method: Any = "topsis", *, ties: str = "min", **params: Any) -> Ranking:
    """Rank the partners of ``problem`` with ``method``.

    Parameters
    ----------
    problem : Problem
    method : str, Method or scikit-criteria decision maker
        Registered name (see :func:`list_methods`), default ``"topsis"``.
    ties : {"min", "dense", "order"}
        Tie policy (see :mod:`partnerselect.ranking`).
    **params
        Method parameters, named as the literature names them.

    Returns
    -------
    Ranking

    Raises
    ------
    UnknownMethodError
        ``method`` is not registered (the message lists what is).
    ParameterError
        A parameter is unknown or invalid.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"price": [900, 1100, 1000], "quality": [3.0, 4.5, 4.0]},
    ...                   index=["p1", "p2", "p3"])
    >>> pb = ps.Problem.from_frame(df, objectives={"price": "min", "quality": "max"})
    >>> ps.rank(pb, "topsis").ranks.tolist()
    [3, 1, 2]
    """
    return resolve_method(method, **params).rank(problem, ties=ties)
