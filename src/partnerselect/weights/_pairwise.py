"""Pairwise comparison matrices: reading, checking, completing, priorities, consistency.

Pure functions over numpy arrays; :mod:`partnerselect.weights.ahp` wraps them. A matrix
is ``A (n, n)`` with ``A[i, j]`` = how much more important criterion i is than j on
Saaty's 1-9 scale, and NaN where the pair was not compared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from partnerselect._deprecation import keyword_only_after as keyword_only_after
from partnerselect.errors import JudgmentError, ParameterError
from partnerselect.weights._base import did_you_mean

#: Saaty's random consistency index RI(n), n = 1..15 (Saaty 1980, *The Analytic Hierarchy
#: Process*, McGraw-Hill, Table 1.4 extended in Saaty 2000, *Fundamentals of Decision
#: Making and Priority Theory*, RWS). The dip at n = 12 (1.48) is in the published table.
SAATY_RI: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
    10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}  # fmt: skip

#: Alonso & Lamata (2006) random index from 100,000 matrices per size, n = 1..15
#: (*Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems* 14(4), 445-459, Table 3).
ALONSO_LAMATA_RI: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.5245, 4: 0.8815, 5: 1.1086, 6: 1.2479, 7: 1.3417, 8: 1.4056,
    9: 1.4499, 10: 1.4854, 11: 1.5141, 12: 1.5365, 13: 1.5551, 14: 1.5713, 15: 1.5838,
}  # fmt: skip

#: Tummala & Ling (1998) mean random consistency index, n = 1..15 (*Theory and Decision*
#: 44(3), 221-230); the table pymcdm's AHP uses.
TUMMALA_LING_RI: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.5799, 4: 0.8921, 5: 1.1159, 6: 1.2358, 7: 1.3322, 8: 1.3952,
    9: 1.4537, 10: 1.4882, 11: 1.5117, 12: 1.5356, 13: 1.5571, 14: 1.5714, 15: 1.5831,
}  # fmt: skip

#: The legacy table many spreadsheet and MATLAB AHP tools use: Saaty's (1980) values for
#: n <= 10 extended to n = 15 with 1.52, 1.54, 1.56, 1.58, 1.59 (no dip at n = 12). Kept
#: so that results of such tools can be reproduced; prefer "saaty" or "alonso-lamata".
LEGACY_RI: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
    10: 1.49, 11: 1.52, 12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59,
}  # fmt: skip

RI_TABLES = {
    "saaty": SAATY_RI,
    "alonso-lamata": ALONSO_LAMATA_RI,
    "tummala-ling": TUMMALA_LING_RI,
    "legacy": LEGACY_RI,
}

#: Ways of deriving priorities from a pairwise matrix.
PRIORITY_METHODS = ("eigen", "rgmm", "mean")

#: Aguarón & Moreno-Jiménez (2003) GCI thresholds equivalent to CR = 0.10.
GCI_THRESHOLDS = {3: 0.31, 4: 0.35}
GCI_THRESHOLD_LARGE = 0.37

SCALE_MAX = 9.0
_LOW = 1.0 / SCALE_MAX * 0.98  # accepts 0.11 typed for 1/9
_RECIPROCAL_RTOL = 0.02  # accepts 0.33 typed for 1/3
SCALE = np.array([1.0 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])


def random_index(n: int, table: str = "saaty") -> float:
    """RI(n) from the chosen table; above n = 15, Alonso & Lamata's (2006) linear fit
    of the mean lambda_max, ``RI = (1.7699 n - 4.3513) / (n - 1)``."""
    if n <= 2:
        return 0.0
    ri = RI_TABLES[table]
    if n in ri:
        return ri[n]
    return (1.7699 * n - 4.3513) / (n - 1)


def gci_threshold(n: int) -> float:
    """Aguarón & Moreno-Jiménez's (2003) GCI threshold for n criteria (CR 0.10 level)."""
    return GCI_THRESHOLDS.get(n, GCI_THRESHOLD_LARGE) if n >= 3 else 0.0


def check_params(method: Any, cr_threshold: Any, random_index: Any) -> None:
    """Validate the AHP parameters (one message shape for every bad parameter)."""
    if method not in PRIORITY_METHODS:
        msg = (
            f"The 'method' parameter of AHP must be one of {list(PRIORITY_METHODS)}. "
            f"Got {method!r} instead."
        )
        raise ParameterError(msg, value=method)
    if (
        isinstance(cr_threshold, bool)
        or not isinstance(cr_threshold, int | float)
        or cr_threshold < 0
    ):
        msg = f"The 'cr_threshold' parameter of AHP must be a float >= 0. Got {cr_threshold!r} instead."
        raise ParameterError(msg, value=cr_threshold)
    if random_index not in RI_TABLES:
        msg = (
            "The 'random_index' parameter of AHP must be one of "
            f"{sorted(RI_TABLES)}. Got {random_index!r} instead."
        )
        raise ParameterError(msg, value=random_index)


# ---------------------------------------------------------------------------- reading


def _cell(i: str, j: str) -> str:
    return f"({i!r}, {j!r})"


def parse_value(value: Any, *, i: str, j: str) -> float:
    """A judgment as float, NaN when missing; accepts ``"1/3"`` strings (no eval)."""
    if value is None or value is pd.NA:
        return np.nan
    if isinstance(value, bool | np.bool_):
        msg = f"Judgment {_cell(i, j)} is a boolean ({value}); give a number on the 1-9 scale."
        raise JudgmentError(msg, row=i, column=j, value=value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return np.nan
        try:
            return float(Fraction(text.replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            msg = (
                f"Judgment {_cell(i, j)} is {value!r}, which is not a number. Write it as "
                "a number or a fraction such as '3' or '1/3'."
            )
            raise JudgmentError(msg, row=i, column=j, value=value) from None
    try:
        return float(value)
    except (TypeError, ValueError):
        msg = f"Judgment {_cell(i, j)} is {value!r}, which is not a number."
        raise JudgmentError(msg, row=i, column=j, value=value) from None


def _labels(criteria: Sequence[Any] | None, n: int) -> list[str]:
    if criteria is None:
        return [f"c{k + 1}" for k in range(n)]
    labels = [str(c) for c in criteria]
    if len(labels) != n:
        msg = f"Got {len(labels)} criterion names for a {n} x {n} matrix; give one per row."
        raise JudgmentError(msg, value=len(labels))
    if len(set(labels)) != n:
        dup = next(c for c in labels if labels.count(c) > 1)
        msg = f"Criterion {dup!r} is listed twice; each criterion must appear once."
        raise JudgmentError(msg, criterion=dup)
    return labels


def read_matrix(pairwise: Any, criteria: Sequence[Any] | None) -> tuple[list[str], np.ndarray]:
    """Labels and a float matrix (NaN = missing) from a DataFrame or array-like."""
    if isinstance(pairwise, pd.DataFrame):
        rows = [str(r) for r in pairwise.index]
        cols = [str(c) for c in pairwise.columns]
        if set(rows) != set(cols) or len(rows) != len(cols):
            odd = sorted(set(rows) ^ set(cols)) or rows
            msg = (
                "The pairwise matrix must have the same criteria as rows and columns; "
                f"{odd[0]!r} is in one but not the other."
            )
            raise JudgmentError(msg, criterion=odd[0])
        labels = _labels(rows, len(rows))
        frame = pairwise.copy()
        frame.index, frame.columns = rows, cols
        if criteria is not None:
            wanted = _labels(criteria, len(rows))
            unknown = [c for c in wanted if c not in rows]
            if unknown:
                msg = f"Criterion {unknown[0]!r} is not in the matrix.{did_you_mean(unknown[0], rows)}"
                raise JudgmentError(msg, criterion=unknown[0])
            labels = wanted
        cells = frame.loc[labels, labels].to_numpy(dtype=object)
    else:
        cells = np.asarray(pairwise, dtype=object)
        if cells.ndim != 2 or cells.shape[0] != cells.shape[1]:
            msg = f"The pairwise matrix must be square (n x n); got shape {cells.shape}."
            raise JudgmentError(msg, value=cells.shape)
        labels = _labels(criteria, cells.shape[0])
    n = len(labels)
    if n == 0:
        msg = "The pairwise matrix is empty; compare at least one criterion."
        raise JudgmentError(msg)
    A = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            A[i, j] = parse_value(cells[i, j], i=labels[i], j=labels[j])
    return labels, A


def read_upper(values: Any, criteria: Sequence[Any] | None) -> tuple[list[str], np.ndarray]:
    """From the upper triangle of a matrix, or a flat list ``a12, a13, ..., a23, ...``."""
    arr = np.asarray(values, dtype=object)
    if arr.ndim == 2 or isinstance(values, pd.DataFrame):
        labels, full = read_matrix(values, criteria)
        A = np.full_like(full, np.nan)
        iu = np.triu_indices(len(labels), 1)
        A[iu] = full[iu]
    elif arr.ndim == 1:
        if criteria is None:
            msg = "A flat list of upper-triangle judgments needs the criterion names (criteria=)."
            raise JudgmentError(msg)
        n = len(list(criteria))
        labels = _labels(criteria, n)
        if arr.size != n * (n - 1) // 2:
            msg = (
                f"{n} criteria need {n * (n - 1) // 2} upper-triangle judgments "
                f"(a12, a13, ..., a23, ...); got {arr.size}."
            )
            raise JudgmentError(msg, value=int(arr.size))
        A = np.full((n, n), np.nan)
        for (i, j), v in zip(zip(*np.triu_indices(n, 1), strict=True), arr, strict=True):
            A[i, j] = parse_value(v, i=labels[i], j=labels[j])
    else:
        msg = "Give the upper triangle as an n x n matrix or a flat list of judgments."
        raise JudgmentError(msg)
    np.fill_diagonal(A, 1.0)
    return labels, A


def split_pair(key: Any, known: Sequence[str] | None) -> tuple[str, str]:
    """``("a", "b")`` or ``"a/b"`` -> ``("a", "b")``."""
    if isinstance(key, tuple) and len(key) == 2:
        return str(key[0]), str(key[1])
    if isinstance(key, str) and "/" in key:
        cuts = [k for k, ch in enumerate(key) if ch == "/"]
        options = [(key[:k].strip(), key[k + 1 :].strip()) for k in cuts]
        if known is not None:
            for a, b in options:
                if a in known and b in known:
                    return a, b
        if len(options) == 1:
            return options[0]
    msg = (
        f"Judgment key {key!r} must name two criteria, as a tuple ('quality', 'price') or "
        "a string 'quality/price' (meaning: quality compared with price)."
    )
    raise JudgmentError(msg, value=key)


def read_judgments(
    judgments: Mapping[Any, Any], criteria: Sequence[Any] | None
) -> tuple[list[str], np.ndarray]:
    """From ``{("a", "b"): 3, "a/c": "1/2", ...}``; unlisted pairs are missing."""
    known = None if criteria is None else [str(c) for c in criteria]
    pairs = [(split_pair(k, known), v) for k, v in judgments.items()]
    if known is None:
        labels = list(dict.fromkeys(c for (a, b), _ in pairs for c in (a, b)))
    else:
        labels = _labels(known, len(known))
    index = {c: k for k, c in enumerate(labels)}
    n = len(labels)
    if n == 0:
        msg = "No judgments given; compare at least two criteria."
        raise JudgmentError(msg)
    A = np.full((n, n), np.nan)
    np.fill_diagonal(A, 1.0)
    for (a, b), v in pairs:
        for c in (a, b):
            if c not in index:
                msg = f"Judgment {a}/{b} names {c!r}, which is not a criterion.{did_you_mean(c, labels)}"
                raise JudgmentError(msg, criterion=c, value=v)
        value = parse_value(v, i=a, j=b)
        i, j = index[a], index[b]
        if not np.isnan(A[i, j]) and i != j:
            msg = f"The pair {a}/{b} is given twice; give each comparison once."
            raise JudgmentError(msg, row=a, column=b, value=v)
        A[i, j] = value
    return labels, A


# ---------------------------------------------------------------------------- checking


def validate(A: np.ndarray, labels: Sequence[str]) -> np.ndarray:
    """Check scale, diagonal and reciprocity; return an exactly reciprocal copy.

    A pair given on one side only is completed by its reciprocal; a pair given on both
    sides within 2 % of reciprocal is set to the geometric mean ``sqrt(a_ij / a_ji)``.
    """
    A = np.array(A, dtype=float)
    n = len(labels)
    for i in range(n):
        d = A[i, i]
        if not (np.isnan(d) or np.isclose(d, 1.0)):
            msg = (
                f"The diagonal cell {_cell(labels[i], labels[i])} is {d:g}; a criterion "
                "compared with itself must be 1."
            )
            raise JudgmentError(msg, row=labels[i], column=labels[i], value=d)
        A[i, i] = 1.0
    for i in range(n):
        for j in range(n):
            v = A[i, j]
            if np.isnan(v) or i == j:
                continue
            if not np.isfinite(v) or v <= 0:
                msg = (
                    f"Judgment {_cell(labels[i], labels[j])} is {v:g}; judgments must be "
                    "positive numbers on Saaty's 1-9 scale (1/9 ... 9)."
                )
                raise JudgmentError(msg, row=labels[i], column=labels[j], value=v)
            if v < _LOW or v > SCALE_MAX + 1e-9:
                msg = (
                    f"Judgment {_cell(labels[i], labels[j])} = {v:g} is outside Saaty's "
                    "1-9 scale: use 1 (equal) ... 9 (extreme) when the row criterion is "
                    "more important, and 1/2 ... 1/9 when it is less important."
                )
                raise JudgmentError(msg, row=labels[i], column=labels[j], value=v)
    for i in range(n):
        for j in range(i + 1, n):
            a, b = A[i, j], A[j, i]
            if np.isnan(a) and np.isnan(b):
                continue
            if np.isnan(b):
                A[j, i] = 1.0 / a
            elif np.isnan(a):
                A[i, j] = 1.0 / b
            elif abs(a * b - 1.0) > _RECIPROCAL_RTOL:
                msg = (
                    f"The matrix is not reciprocal: cell {_cell(labels[i], labels[j])} is "
                    f"{a:g} but cell {_cell(labels[j], labels[i])} is {b:g}. Set "
                    f"{_cell(labels[j], labels[i])} to 1/{a:g} = {1 / a:.4g}, or give only "
                    "the upper triangle with weights.ahp_from_upper()."
                )
                raise JudgmentError(msg, row=labels[i], column=labels[j], value=(a, b))
            else:
                g = float(np.sqrt(a / b))
                A[i, j], A[j, i] = g, 1.0 / g
    return A


def check_connected(A: np.ndarray, labels: Sequence[str]) -> None:
    """Error if the graph of given comparisons is disconnected."""
    from partnerselect._rankcorr import components  # not scipy.sparse: its import is slow

    given = ~np.isnan(A)
    n_comp, comp = components(given)
    if n_comp > 1:
        first = [labels[int(k)] for k in np.flatnonzero(comp == comp[0])]
        other = [labels[int(k)] for k in np.flatnonzero(comp != comp[0])]
        msg = (
            f"The comparisons do not connect all criteria: {', '.join(first)} are never "
            f"compared (directly or through others) with {', '.join(other)}. Add at least "
            f"one judgment such as {first[0]}/{other[0]}."
        )
        raise JudgmentError(msg, row=first[0], column=other[0])


# ---------------------------------------------------------------------------- numerics


def eigen_priorities(A: np.ndarray) -> np.ndarray:
    """Principal right eigenvector (Saaty 1977); Harker (1987) for missing entries.

    Harker's method replaces each missing ``a_ij`` by 0 and adds the number of missing
    entries of row i to its diagonal; its Perron vector equals the eigenvector of the
    matrix completed consistently with it (``a_ij = w_i / w_j``).
    """
    missing = np.isnan(A)
    C = np.where(missing, 0.0, A)
    C[np.diag_indices_from(C)] += missing.sum(axis=1)
    vals, vecs = np.linalg.eig(C)
    k = int(np.argmax(vals.real))
    w = np.abs(vecs[:, k].real)
    return np.asarray(w / w.sum())


def mean_priorities(A: np.ndarray, labels: Sequence[str] | None = None) -> np.ndarray:
    """Additive normalisation (Saaty 1980's approximation): divide every column by its sum,
    then average each row. Needs every pair compared.

    Examples
    --------
    >>> mean_priorities(np.array([[1.0, 3.0], [1 / 3, 1.0]])).tolist()
    [0.75, 0.25]
    """
    if np.isnan(A).any():
        i, j = (int(k[0]) for k in np.nonzero(np.isnan(A)))
        names = list(labels) if labels is not None else [f"c{k + 1}" for k in range(len(A))]
        msg = (
            f"AHP method='mean' needs every pair compared, but ({names[i]!r}, {names[j]!r}) "
            "is missing. Compare it, or use method='eigen' or 'rgmm', which handle "
            "incomplete judgments."
        )
        raise JudgmentError(msg, row=names[i], column=names[j])
    cols = A / A.sum(axis=0, keepdims=True)
    w = cols.mean(axis=1)
    return np.asarray(w / w.sum())


def rgmm_priorities(A: np.ndarray) -> np.ndarray:
    """Row geometric mean (Crawford & Williams 1985); logarithmic least squares over the
    comparison graph for missing entries (Bozóki, Fülöp & Rónyai 2010)."""
    given = ~np.isnan(A)
    np.fill_diagonal(given, False)
    logs = np.where(given, np.log(np.where(given, A, 1.0)), 0.0)
    L = np.diag(given.sum(axis=1).astype(float)) - given.astype(float)
    y = np.linalg.lstsq(L, logs.sum(axis=1), rcond=None)[0] if given.any() else np.zeros(len(A))
    w = np.exp(y - y.max())
    return np.asarray(w / w.sum())


def complete(A: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Fill missing entries with the consistent ratio ``w_i / w_j``."""
    return np.where(np.isnan(A), w[:, None] / w[None, :], A)


def lambda_max(A: np.ndarray) -> float:
    """Perron eigenvalue of a complete positive reciprocal matrix (>= n)."""
    n = len(A)
    if n <= 2:
        return float(n)
    return max(float(np.max(np.linalg.eigvals(A).real)), float(n))


def gci(A: np.ndarray) -> float:
    """Geometric consistency index (Aguarón & Moreno-Jiménez 2003) of a complete matrix,
    ``2 / ((n-1)(n-2)) sum_{i<j} ln^2(a_ij w_j / w_i)`` with RGMM priorities w."""
    n = len(A)
    if n <= 2:
        return 0.0
    w = rgmm_priorities(A)
    e = np.log(A * w[None, :] / w[:, None])
    iu = np.triu_indices(n, 1)
    return float(2.0 / ((n - 1) * (n - 2)) * np.sum(e[iu] ** 2))


def nearest_scale_value(x: float) -> float:
    """The value of Saaty's scale (1/9 ... 9) closest to ``x`` on a log scale."""
    return float(SCALE[np.argmin(np.abs(np.log(SCALE) - np.log(x)))])
