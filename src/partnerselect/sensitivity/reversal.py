"""Rank-reversal tests: does the order of the others change when a partner changes?

Three tests, after Wang & Triantaphyllou (2008) and Belton & Gear (1983):

``leave_one_out``
    each partner in turn is removed;
``add_copy``
    an exact copy of each non-winner is added (id ``<id>__copy``);
``worse_copy``
    each non-winner is replaced by a worse version of itself: every value moves towards
    the worse end by ``worse_by`` (default 10 %) of the criterion's range (of ``|x|`` when
    the criterion is constant, or by ``worse_by`` when that is 0 too).

For each variant the relative order of every pair of the *other* partners is compared
with the original ranking; every change is reported.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from partnerselect.errors import ParameterError, PartnerSelectError, PartnerSelectWarning
from partnerselect.problem import Problem
from partnerselect.ranking import rank_scores
from partnerselect.sensitivity._core import (
    Bound,
    PairedScorer,
    _order_and_ranks,
    bind,
    blas_one_thread,
    competition_ranks,
)
from partnerselect.sensitivity._results import ResultMixin

__all__ = ["RankReversalResult", "rank_reversal"]

TESTS = ("leave_one_out", "add_copy", "worse_copy")
#: Changed pairs listed in the table at most (the summary counts every one).
MAX_ROWS = 100_000
#: Largest reach (positions in base order) at which the changed pairs of a variant are
#: searched in a batch (see ``_FastVariants._near_changes``); beyond it, one at a time.
MAX_REACH = 128


class _Rows:
    """The rows of the table, in order: single rows (tuples in ``COLUMNS`` order) and
    blocks of rows given column by column (the array path), without building a tuple
    per row of a block."""

    def __init__(self) -> None:
        self._parts: list[list[tuple[Any, ...]] | dict[str, list[Any]]] = []
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, row: tuple[Any, ...]) -> None:
        self.extend([row])

    def extend(self, rows: Any) -> None:
        rows = list(rows)
        if not rows:
            return
        last = self._parts[-1] if self._parts else None
        if isinstance(last, list):
            last.extend(rows)
        else:
            self._parts.append(rows)
        self._n += len(rows)

    def add_columns(self, columns: dict[str, list[Any]]) -> None:
        self._parts.append(columns)
        self._n += len(columns[COLUMNS[0]])

    def frame(self) -> pd.DataFrame:
        if not self._n:
            return pd.DataFrame([], columns=COLUMNS)
        out: dict[str, list[Any]] = {name: [] for name in COLUMNS}
        for part in self._parts:
            cols = (
                part
                if isinstance(part, dict)
                else dict(zip(COLUMNS, zip(*part, strict=True), strict=True))
            )
            for name in COLUMNS:
                out[name].extend(cols[name])
        return pd.DataFrame(out)


class _NearChanges:
    """Changed pairs of a batch of variants (positions in each variant's base order).

    ``v, x, y, r0, r1`` list the pairs in the order they were found; the pairs of one
    variant, ordered by ``(x, y)``, are sorted out only when the table lists them.
    """

    def __init__(self, **arrays: np.ndarray) -> None:
        self.local = arrays["local"]  # (V,) bool: every change of the variant is here
        self.S = arrays["S"]  # (V, m - 1): the unchanged partners in base order
        self.v, self.x, self.y = arrays["v"], arrays["x"], arrays["y"]
        self.r0, self.r1 = arrays["r0"], arrays["r1"]  # sign(rank y - rank x) before/after
        self.n_rev, self.n_tie = arrays["n_rev"], arrays["n_tie"]
        self.win_changed = arrays["win_changed"]
        self._start: np.ndarray | None = None

    def pairs(self, v: int, take: int) -> tuple[np.ndarray, ...]:
        """``x, y, r0, r1`` of the first ``take`` changed pairs of variant ``v``."""
        if self._start is None:  # sort once, by variant then (x, y)
            m = self.S.shape[1] + 1
            order = np.argsort((self.v * m + self.x) * m + self.y, kind="stable")
            for name in ("v", "x", "y", "r0", "r1"):
                setattr(self, name, getattr(self, name)[order])
            self._start = np.searchsorted(self.v, np.arange(self.local.size + 1))
        lo = int(self._start[v])
        sl = slice(lo, lo + take)
        return self.x[sl], self.y[sl], self.r0[sl], self.r1[sl]


COLUMNS = [
    "test",
    "changed_partner",
    "partner_a",
    "partner_b",
    "before",
    "after",
    "kind",
    "winner_changed",
]


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class RankReversalResult(ResultMixin):
    """Every change of relative order among the unchanged partners.

    Attributes
    ----------
    table : pandas.DataFrame
        ``test, changed_partner, partner_a, partner_b, before, after, kind,
        winner_changed``: ``before``/``after`` give partner_a's position relative to
        partner_b (``"above"``, ``"tied"``, ``"below"``); ``kind`` is ``"reversal"`` when
        the order flips and ``"tie"`` when a tie appears or disappears;
        ``winner_changed`` is True when the pair involves the original winner (among the
        remaining partners) and it loses first place.
    summary : pandas.DataFrame
        One row per test and changed partner: number of reversals and ties, and whether
        the winner among the others changed.
    notes : tuple of str
        Warnings raised while building the variants (constant criteria...) and variants
        the method could not rank, once each.
    """

    table: pd.DataFrame
    summary: pd.DataFrame
    problem: Problem
    method: str
    params: Mapping[str, Any]
    notes: tuple[str, ...] = ()

    @property
    def n_reversals(self) -> int:
        """Number of strict order reversals over all tests (from the summary, which counts
        every changed pair even when the table lists only the first ones)."""
        return int(self.summary["reversals"].sum())

    @property
    def winner_changes(self) -> int:
        """Number of variants in which the winner among the unchanged partners changed."""
        return int(self.summary["winner_changed"].sum())

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _headline(self) -> str:
        return (
            f"RankReversalResult of {self.method}: {self.n_reversals} reversal(s) in "
            f"{len(self.summary)} variant(s), winner changed in {self.winner_changes}"
        )

    def __repr__(self) -> str:
        lines = [f"<{self._headline()}>"]
        lines.extend(f"note: {n}" for n in self.notes)
        lines.append(self.summary.to_string(index=False))
        return "\n".join(lines)


def _relation(r_a: int, r_b: int) -> str:
    return "above" if r_a < r_b else ("below" if r_a > r_b else "tied")


def _worse(matrix: pd.DataFrame, signs: np.ndarray, pid: Any, by: float) -> pd.DataFrame:
    out = matrix.copy()
    values = matrix.to_numpy(dtype=float)
    span = np.ptp(values, axis=0)
    row = out.loc[pid].to_numpy(dtype=float)
    step = np.where(span > 0, span, np.where(row != 0, np.abs(row), 1.0)) * by
    out.loc[pid] = row - signs * step
    return out


@blas_one_thread
def rank_reversal(
    problem: Any,
    method: Any = "topsis",
    *,
    tests: Sequence[str] = TESTS,
    worse_by: float = 0.1,
    **params: Any,
) -> RankReversalResult:
    """Check a method for rank reversals on this problem.

    Parameters
    ----------
    problem : Problem or Evaluation
    method : str or Method
    tests : sequence of str
        Any of ``"leave_one_out"``, ``"add_copy"``, ``"worse_copy"`` (default all).
    worse_by : float
        Fraction of each criterion's range by which the worse copy is worse (default 0.1).
    **params
        Method parameters.

    Returns
    -------
    RankReversalResult

    Notes
    -----
    Each variant is built with :meth:`Problem.subset` / :meth:`Problem.replace` and ranked
    with the same method and parameters (ties: ``"min"``). Warnings raised while doing so
    (a criterion that becomes constant when a partner is removed, ties) are recorded once
    in ``notes`` instead of being emitted. A variant the method cannot rank is noted and
    skipped.

    References
    ----------
    Belton, V. & Gear, T. (1983). On a short-coming of Saaty's method of analytic
    hierarchies. Omega 11(3), 228-230.
    Wang, X. & Triantaphyllou, E. (2008). Ranking irregularities when evaluating
    alternatives by using some ELECTRE methods. Omega 36(1), 45-63.

    Examples
    --------
    >>> import pandas as pd, partnerselect as ps
    >>> df = pd.DataFrame({"q": [3.0, 1.0, 2.0], "c": [1.0, 3.0, 2.0]}, index=["a", "b", "c"])
    >>> pb = ps.Problem.from_frame(df, objectives={"q": "max", "c": "min"})
    >>> ps.sensitivity.rank_reversal(pb, "wsm").n_reversals
    0
    """
    unknown = [t for t in tests if t not in TESTS]
    if unknown or not tests:
        msg = f"The 'tests' parameter must list some of {list(TESTS)}. Got {list(tests)!r} instead."
        raise ParameterError(msg, value=list(tests))
    if isinstance(worse_by, bool) or not isinstance(worse_by, int | float) or worse_by <= 0:
        msg = f"The 'worse_by' parameter must be a positive float. Got {worse_by!r} instead."
        raise ParameterError(msg, value=worse_by)
    bound = bind(problem, method, params)
    pb = bound.problem
    obj = bound.method
    partners = list(pb.partners)
    w = pb.weight_vector
    base = rank_scores(bound.score(w[None, :])[0], higher_is_better=obj.higher_is_better)
    base_rank = dict(zip(partners, base.tolist(), strict=True))
    winner = partners[int(np.argmin(base))]
    notes: dict[str, None] = {}

    def ranks_of(variant: Problem) -> dict[Any, int] | None:
        try:
            scorer = obj.scorer(variant)
            with np.errstate(all="ignore"):
                s = scorer(variant.weight_vector[None, :])[0]
        except (PartnerSelectError, ArithmeticError, ValueError) as exc:
            notes[f"could not rank a variant: {exc}"] = None
            return None
        if not np.all(np.isfinite(s)):
            notes["a variant gave non-finite scores and was skipped"] = None
            return None
        r = rank_scores(s, higher_is_better=obj.higher_is_better)
        return dict(zip(variant.partners, r.tolist(), strict=True))

    def build(kind: str, pid: Any) -> Problem | None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", PartnerSelectWarning)
            try:
                if kind == "leave_one_out":
                    return pb.subset([p for p in partners if p != pid])
                if kind == "add_copy":
                    new_id = f"{pid}__copy"
                    while new_id in partners:
                        new_id += "_"
                    row = pb.matrix.loc[[pid]].copy()
                    row.index = pd.Index([new_id], name=pb.matrix.index.name)
                    names = pd.concat([pb.names, pd.Series({new_id: f"{pb.names[pid]} (copy)"})])
                    return pb.replace(
                        matrix=pd.concat([pb.matrix, row]), names=names, uncertainty=None
                    )
                return pb.replace(
                    matrix=_worse(pb.matrix, pb.signs, pid, float(worse_by)), uncertainty=None
                )
            except PartnerSelectError as exc:
                notes[f"{kind} without {pid}: {exc}"] = None
                return None
            finally:
                for c in caught:
                    notes[f"{c.category.__name__}: {c.message}"] = None

    rows = _Rows()
    summary: list[tuple[Any, ...]] = []
    fast = _FastVariants.create(bound, worse_by=float(worse_by))
    for test in tests:
        changed = partners if test == "leave_one_out" else [p for p in partners if p != winner]
        if test == "leave_one_out" and len(partners) < 3:
            continue
        done: set[Any] = set()
        if fast is not None:
            ok = fast.run(test, changed, base, rows, summary, notes)
            done = set(ok)
        for pid in changed:
            if pid in done:
                continue
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", PartnerSelectWarning)
                variant = build(test, pid)
                after = None if variant is None else ranks_of(variant)
            for c in caught:
                notes[f"{c.category.__name__}: {c.message}"] = None
            if after is None:
                continue
            others = [p for p in partners if p != pid]
            old_win = min(others, key=lambda p: (base_rank[p], partners.index(p)))
            new_best = min(after[p] for p in others)
            win_changed = after[old_win] != new_best or any(
                after[p] == new_best and base_rank[p] > base_rank[old_win] for p in others
            )
            n_rev = n_tie = 0
            for i, first in enumerate(others):
                for second in others[i + 1 :]:
                    a, b = first, second
                    rel0 = _relation(base_rank[a], base_rank[b])
                    rel1 = _relation(after[a], after[b])
                    if rel0 == rel1:
                        continue
                    if rel0 == "below" or (rel0 == "tied" and rel1 == "below"):
                        # report with partner_a ahead before (a local swap: the outer
                        # partner must stay the same for the next pairs)
                        a, b = b, a
                        rel0, rel1 = (
                            _relation(base_rank[a], base_rank[b]),
                            _relation(after[a], after[b]),
                        )
                    kind = "reversal" if "tied" not in (rel0, rel1) else "tie"
                    n_rev += kind == "reversal"
                    n_tie += kind == "tie"
                    rows.append(
                        (test, pid, a, b, rel0, rel1, kind, win_changed and old_win in (a, b))
                    )
            summary.append((test, pid, n_rev, n_tie, bool(win_changed)))
    if fast is not None and fast.room < 0:
        listed = len(rows)
        notes[
            f"The table lists the first {listed:,} changed pairs of "
            f"{int(summ_total(summary)):,}; the summary counts all of them."
        ] = None
    # column by column: much cheaper than pandas reading 100,000 row tuples
    table = rows.frame()
    summ = pd.DataFrame(
        summary, columns=["test", "changed_partner", "reversals", "ties", "winner_changed"]
    )
    return RankReversalResult(
        table=table,
        summary=summ,
        problem=pb,
        method=bound.name,
        params=bound.params,
        notes=tuple(notes),
    )


def _same(a: Any, b: Any) -> bool:
    """Equality of prepared kernel arguments (arrays compared by value)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return bool(np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


class _FastVariants:
    """Rank-reversal variants scored as arrays, many per kernel call.

    Used when the method's prepared arguments do not depend on the data (checked by
    preparing a perturbed copy of the problem): the variants of one test all have the same
    shape, so they are scored in blocks by :class:`PairedScorer` without building a
    Problem for each. Relations are compared only for the partners that moved (a pair
    whose order changed always involves a partner out of place or a tie), so a test costs
    ``O(m log m)`` per variant plus the changed pairs, never ``O(m^2)``. Variants the
    arrays cannot vouch for (a worse copy pushed out of a positive domain) are left to the
    exact per-variant path.
    """

    def __init__(self, bound: Bound, worse_by: float) -> None:
        self.bound = bound
        self.pb = bound.problem
        self.X = self.pb.values
        self.w = self.pb.weight_vector
        self.worse_by = worse_by
        self.scorer = PairedScorer(bound)
        self.room = MAX_ROWS  # changed pairs still to list in the table

    @classmethod
    def create(cls, bound: Bound, worse_by: float) -> _FastVariants | None:
        pb = bound.problem
        if pb.shape[0] < 3:
            return None
        try:
            base = bound.method.validate(pb)
            X = pb.values
            span = np.ptp(X, axis=0) + np.abs(X).max(axis=0) + 1.0
            probes = [X * 1.37 + 0.91, X.copy(), X.copy()]
            probes[1][0] = X.max(axis=0) + span  # a new best/worst beyond the data
            probes[2][0] = X.min(axis=0) - span
            # the probes check the method's arguments only: no uncertainty, no names
            pb = pb.replace(uncertainty=None, names=None)
            prepared = []
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PartnerSelectWarning)
                for P in probes:
                    frame = pd.DataFrame(P, index=pb.partners, columns=pb.criteria)
                    try:
                        prepared.append(bound.method.validate(pb.replace(matrix=frame)))
                    except (PartnerSelectError, ArithmeticError, ValueError):
                        return None  # the method's domain depends on the data
        except (PartnerSelectError, ArithmeticError, ValueError):
            return None
        if not all(_same(base, probe) for probe in prepared):
            return None
        return cls(bound, worse_by)

    def _variants(self, test: str, pos: np.ndarray) -> np.ndarray:
        X = self.X
        m = X.shape[0]
        if test == "leave_one_out":
            j = np.arange(m - 1)[None, :]
            return X[j + (j >= pos[:, None])]  # every row but the removed one, in order
        if test == "add_copy":
            out = np.empty((pos.size, m + 1, X.shape[1]))
            out[:, :m] = X
            out[:, m] = X[pos]
            return out
        span = np.ptp(X, axis=0)
        rows = X[pos]
        step = np.where(span > 0, span, np.where(rows != 0, np.abs(rows), 1.0)) * self.worse_by
        out = np.broadcast_to(X, (pos.size, *X.shape)).copy()
        out[np.arange(pos.size), pos] = rows - self.pb.signs * step
        return out

    def run(
        self,
        test: str,
        changed: list[Any],
        base: np.ndarray,
        rows: _Rows,
        summary: list[tuple[Any, ...]],
        notes: dict[str, None],
    ) -> list[Any]:
        pb = self.pb
        partners = list(pb.partners)
        index = {p: i for i, p in enumerate(partners)}
        pos_all = np.array([index[p] for p in changed], dtype=np.int64)
        X = self.X
        if test == "worse_copy":
            positive = np.all(X > 0, axis=0)
            span = np.ptp(X, axis=0)
            rows_x = X[pos_all]
            step = np.where(span > 0, span, np.where(rows_x != 0, np.abs(rows_x), 1.0))
            new = rows_x - pb.signs * step * self.worse_by
            bad = np.any(positive & (new <= 0), axis=1)
            pos_all = pos_all[~bad]  # left to the exact path
        if test == "leave_one_out":
            self._constant_notes(notes)
        handled: list[Any] = []
        m = len(partners)
        chunk = max(1, (32 * 2**20) // max(8 * (m + 1) * X.shape[1] * 3, 1))
        for start in range(0, pos_all.size, chunk):
            pos = pos_all[start : start + chunk]
            V = self._variants(test, pos)
            W = np.broadcast_to(self.w, (pos.size, 1, self.w.size))
            U = self.scorer.utility(V, W)[:, 0, :]
            finite = np.all(np.isfinite(U), axis=1)
            near = self._near_changes(test, pos, base, U)
            pending: list[tuple[Any, int, int, bool]] = []
            for v, p in enumerate(pos):
                pid = partners[int(p)]
                handled.append(pid)
                if not finite[v]:
                    notes["a variant gave non-finite scores and was skipped"] = None
                    continue
                if near is not None and near.local[v]:
                    self._emit(test, pid, v, near, pending, summary)
                    continue
                self._flush(test, near, pending, partners, rows)  # keep the rows in order
                others = np.delete(np.arange(m), p)
                R = competition_ranks(U[v : v + 1])[0]
                # leave-one-out variants hold only the others, in order
                after = R if test == "leave_one_out" else R[others]
                self._compare(test, pid, others, base[others], after, partners, rows, summary)
            self._flush(test, near, pending, partners, rows)
        return handled

    def _near_changes(
        self, test: str, pos: np.ndarray, base: np.ndarray, U: np.ndarray
    ) -> _NearChanges | None:
        """Changed pairs of a batch of variants, all at once, for the variants whose ranks
        moved only locally.

        Ranks are first restricted to the unchanged partners (the changed partner, and
        its copy, no longer count: ``rank - number of them strictly ahead``), which keeps
        every relation among the others. Let ``e = rank after - rank before``. In base
        order (base rank, then input order), for ``x`` ahead of ``y`` whose order flips,
        ``rb_y - rb_x <= e_x - e_y <= max e - min e``, and their positions differ by at
        most ``rb_y - rb_x + g - 1`` (``g``: the largest group tied before). So comparing
        each partner with the next ``reach = max e - min e + g - 1`` ones finds every
        change; a variant whose reach exceeds ``MAX_REACH`` is left to :meth:`_compare`.
        """
        m = base.size
        nv = pos.size
        if nv == 0 or m < 3:
            return None
        rows_v = np.arange(nv)[:, None]
        border = np.lexsort((np.arange(m), base))  # base order: rank, then input order
        where = np.empty(m, dtype=np.intp)
        where[border] = np.arange(m)
        j = np.arange(m - 1)[None, :]
        S = border[j + (j >= where[pos][:, None])]  # base order without the changed one
        # the variant's scores, the unchanged partners first in base order (so nearly
        # sorted), then the changed partner and its copy: ranked as rank_batch ranks the
        # variant (the same values), sorted in about linear time
        cols = S - (pos[:, None] < S) if test == "leave_one_out" else S
        extra = {"leave_one_out": [], "worse_copy": [pos], "add_copy": [pos, np.full(nv, m)]}
        parts = [U[rows_v, cols]] + [U[np.arange(nv), e][:, None] for e in extra[test]]
        full = np.concatenate(parts, axis=1)
        order, ranks = _order_and_ranks(full, nearly_sorted=True)
        ra = np.empty(full.shape, dtype=np.int64)
        ra[rows_v, order] = np.arange(1, full.shape[1] + 1) if ranks is None else ranks
        after = ra[:, : m - 1].copy()
        for k in range(len(extra[test])):  # restricted to the unchanged partners
            after -= ra[:, m - 1 + k][:, None] < ra[:, : m - 1]
        before = base[S] - (base[pos][:, None] < base[S])
        small = "int16" if m < 2**15 else "int32"  # ranks: less memory to stream
        sb = before.astype(small)
        sa = after.astype(small)
        group = int(np.bincount(base).max())
        moved = sa.astype(np.int64) - sb
        reach = moved.max(axis=1) - moved.min(axis=1) + group - 1
        local = reach <= MAX_REACH
        sel = np.flatnonzero(local)
        found: list[tuple[np.ndarray, ...]] = []
        if sel.size:
            sel = sel[np.argsort(-reach[sel], kind="stable")]  # farthest reach first
            far = reach[sel]
            sbl, sal = sb[sel], sa[sel]
            for off in range(1, min(int(far[0]), m - 2) + 1):
                n_off = int(np.searchsorted(-far, -off, side="right"))  # reach >= off
                ax, ay = sal[:n_off, :-off], sal[:n_off, off:]
                if group == 1:  # no tie before: x was ahead of y; changed unless still
                    vi, xi = np.nonzero(ay <= ax)
                    r0 = np.ones(vi.size, dtype=np.int8)
                else:
                    ahead = sbl[:n_off, off:] > sbl[:n_off, :-off]  # or tied, in base order
                    # changed: x was ahead and no longer is, or tied and no longer is
                    vi, xi = np.nonzero(np.where(ahead, ay <= ax, ay != ax))
                    r0 = ahead[vi, xi].astype(np.int8)
                yi = xi + off
                r1 = np.sign(sal[vi, yi] - sal[vi, xi]).astype(np.int8)
                found.append((sel[vi], xi, yi, r0, r1))
        if found:
            v_, x_, y_, r0_, r1_ = (np.concatenate(parts) for parts in zip(*found, strict=True))
        else:
            v_ = x_ = y_ = r0_ = r1_ = np.zeros(0, dtype=np.intp)
        best = sa.min(axis=1)
        win = (sa[:, 0] != best) | np.any((sa == best[:, None]) & (sb > sb[:, :1]), axis=1)
        rev = (r0_ != 0) & (r1_ != 0)
        return _NearChanges(
            local=local,
            S=S,
            v=v_,
            x=x_,
            y=y_,
            r0=r0_,
            r1=r1_,
            n_rev=np.bincount(v_[rev], minlength=nv),
            n_tie=np.bincount(v_[~rev], minlength=nv),
            win_changed=win,
        )

    def _emit(
        self,
        test: str,
        pid: Any,
        v: int,
        near: _NearChanges,
        pending: list[tuple[Any, int, int, bool]],
        summary: list[tuple[Any, ...]],
    ) -> None:
        """Count variant ``v``'s changes; its listed rows wait in ``pending`` (see
        :meth:`_flush`)."""
        n_rev, n_tie = int(near.n_rev[v]), int(near.n_tie[v])
        win_changed = bool(near.win_changed[v])
        take = min(n_rev + n_tie, max(self.room, 0))
        self.room -= n_rev + n_tie
        if take > 0:
            pending.append((pid, v, take, win_changed))
        summary.append((test, pid, n_rev, n_tie, win_changed))

    @staticmethod
    def _flush(
        test: str,
        near: _NearChanges | None,
        pending: list[tuple[Any, int, int, bool]],
        partners: list[Any],
        rows: _Rows,
    ) -> None:
        """The table rows of the pending variants, built for all of them at once."""
        if not pending or near is None:
            pending.clear()
            return
        parts = [near.pairs(v, take) for _, v, take, _ in pending]
        x, y, r0, r1 = (np.concatenate(col) for col in zip(*parts, strict=True))
        takes = [take for _, _, take, _ in pending]
        vs = np.repeat([v for _, v, _, _ in pending], takes)
        win = np.repeat([w for _, _, _, w in pending], takes)
        # partner_a is the one ahead before (x, in base order), or, for a tie that breaks,
        # the one ahead after
        flip = (r0 == 0) & (r1 < 0)
        a = np.where(flip, y, x)
        b = np.where(flip, x, y)
        r1 = np.where(flip, -r1, r1)
        ids = np.asarray(partners, dtype=object)
        names = np.array(["below", "tied", "above"], dtype=object)
        kind = np.where((r0 != 0) & (r1 != 0), "reversal", "tie").astype(object)
        flag = win & ((a == 0) | (b == 0))
        pids = [pid for pid, _, take, _ in pending for _ in range(take)]
        block = [
            [test] * len(pids),
            pids,
            ids[near.S[vs, a]].tolist(),
            ids[near.S[vs, b]].tolist(),
            names[r0 + 1].tolist(),
            names[r1 + 1].tolist(),
            kind.tolist(),
            flag.tolist(),
        ]
        rows.add_columns(dict(zip(COLUMNS, block, strict=True)))
        pending.clear()

    def _constant_notes(self, notes: dict[str, None]) -> None:
        X, crit = self.X, self.pb.criteria
        for j in range(X.shape[1]):
            vals, counts = np.unique(X[:, j], return_counts=True)
            if vals.size == 2 and counts.min() == 1 and X.shape[0] >= 3:
                val = float(vals[int(np.argmax(counts))])
                notes[
                    f"ConstantCriterionWarning: Criterion {crit[j]!r} has the same value "
                    f"({val:g}) for every partner, so it cannot discriminate between them. "
                    "Remove it or check the data."
                ] = None

    def _compare(
        self,
        test: str,
        pid: Any,
        others: np.ndarray,
        rb: np.ndarray,
        ra: np.ndarray,
        partners: list[Any],
        rows: _Rows,
        summary: list[tuple[Any, ...]],
    ) -> None:
        k = others.size
        order = np.lexsort((np.arange(k), rb))  # by base rank, then input order
        sb, sa = rb[order], ra[order]
        old_win = 0  # position (in sorted order) of the winner among the others
        new_best = sa.min()
        win_changed = bool(sa[old_win] != new_best or np.any((sa == new_best) & (sb > sb[old_win])))
        moved = np.sort(sa) != sa
        # ranks are small positive integers: tie groups by counting
        cand = np.flatnonzero(moved | (np.bincount(sa)[sa] > 1) | (np.bincount(sb)[sb] > 1))
        if cand.size * k > 50_000:  # many moved: count in O(k log k), list while room
            n_rev, n_tie = _pair_counts(sb, sa)
            enumerate_all = False
        else:
            n_rev = n_tie = 0
            enumerate_all = True
        in_c = np.zeros(k, dtype=bool)
        in_c[cand] = True
        names = ("below", "tied", "above")  # relation of a to b from sign(r_b - r_a)
        step = max(1, 65_536 // max(k, 1))
        for start in range(0, cand.size, step):
            if not enumerate_all and self.room <= 0:
                break
            cs = cand[start : start + step]
            rel0 = np.sign(sb[None, :] - sb[cs][:, None])  # +1: y below x before
            rel1 = np.sign(sa[None, :] - sa[cs][:, None])
            diff = rel0 != rel1
            diff &= ~in_c[None, :] | (np.arange(k)[None, :] > cs[:, None])  # each pair once
            xi, yi = np.nonzero(diff)
            r0 = rel0[xi, yi]
            r1 = rel1[xi, yi]
            if enumerate_all:
                rev = (r0 != 0) & (r1 != 0)
                n_rev += int(rev.sum())
                n_tie += int((~rev).sum())
            take = min(xi.size, max(self.room, 0))
            self.room -= xi.size
            if take <= 0:
                continue
            xa, yb = cs[xi[:take]], yi[:take]
            r0, r1 = r0[:take], r1[:take]
            flip = (r0 < 0) | ((r0 == 0) & (r1 < 0))
            a = np.where(flip, yb, xa)
            b = np.where(flip, xa, yb)
            r0, r1 = np.where(flip, -r0, r0), np.where(flip, -r1, r1)
            kind = np.where((r0 != 0) & (r1 != 0), "reversal", "tie")
            ids = np.asarray(partners, dtype=object)[others[order]]
            flag = win_changed & ((a == old_win) | (b == old_win))
            rows.extend(
                zip(
                    [test] * take,
                    [pid] * take,
                    ids[a].tolist(),
                    ids[b].tolist(),
                    [names[v + 1] for v in r0.tolist()],
                    [names[v + 1] for v in r1.tolist()],
                    kind.tolist(),
                    flag.tolist(),
                    strict=True,
                )
            )
        summary.append((test, pid, n_rev, n_tie, win_changed))


def _pair_counts(sb: np.ndarray, sa: np.ndarray) -> tuple[int, int]:
    """Strict reversals and tie changes between two rankings in ``O(k log k)``.

    From Kendall's tau-b: with ``T`` pairs, ``X`` / ``Y`` tied before / after and ``B``
    tied in both, concordant minus discordant pairs is ``tau sqrt((T - X)(T - Y))`` and
    their sum ``T - X - Y + B``.
    """
    k = sb.size
    total = k * (k - 1) // 2

    def tied(v: np.ndarray) -> int:
        counts = np.bincount(v)
        return int((counts * (counts - 1) // 2).sum())

    x, y = tied(sb), tied(sa)
    both = tied(sb * (int(sa.max()) + 1) + sa) if x and y else 0
    fast = _kendall_discordant()
    if fast is not None:
        # scipy's O(k log k) discordant-pair count, fed as kendalltau feeds it: dense
        # ranks, sorted by the first ranking (stable), then by the second
        perm = np.argsort(sa, kind="stable")
        a, b = sb[perm], sa[perm]
        b = np.r_[True, b[1:] != b[:-1]].cumsum(dtype=np.intp)
        perm = np.argsort(a, kind="mergesort")
        a, b = a[perm], b[perm]
        a = np.r_[True, a[1:] != a[:-1]].cumsum(dtype=np.intp)
        return int(fast(a, b)), (x - both) + (y - both)
    from scipy.stats import kendalltau

    tau = float(kendalltau(sb, sa).statistic) if total - x > 0 and total - y > 0 else 0.0
    diff = (0.0 if np.isnan(tau) else tau) * np.sqrt(float(total - x) * float(total - y))
    dis = round(((total - x - y + both) - diff) / 2)
    return int(dis), (x - both) + (y - both)


def summ_total(summary: list[tuple[Any, ...]]) -> int:
    """Changed pairs counted in the summary rows (reversals + tie changes)."""
    return sum(int(r[2]) + int(r[3]) for r in summary)


def _kendall_discordant() -> Any:
    """scipy's compiled discordant-pair counter when this scipy has it, else None (the
    public ``kendalltau`` is then used, which is slower per call but gives the same)."""
    try:
        from scipy.stats._stats import _kendall_dis
    except ImportError:  # pragma: no cover - depends on the scipy version
        return None
    return _kendall_dis
