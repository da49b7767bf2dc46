"""The fast data draws: float32 Box-Muller normals and the sample-innermost matrix layout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import partnerselect as ps
from partnerselect.sensitivity.sampling import MatrixSampler, standard_normal32


def test_standard_normal32_is_standard_normal():
    z = standard_normal32(np.random.default_rng(11), 400_001)
    assert z.dtype == np.float32
    assert z.shape == (400_001,)
    x = z.astype(float)
    # Kolmogorov-Smirnov against N(0, 1), and the first four moments within ~4 SE
    assert stats.kstest(x, "norm").pvalue > 1e-3
    n = x.size
    assert abs(x.mean()) < 4 / np.sqrt(n)
    assert abs(x.var() - 1) < 4 * np.sqrt(2 / n)
    assert abs(stats.skew(x)) < 4 * np.sqrt(6 / n)
    assert abs(stats.kurtosis(x)) < 4 * np.sqrt(24 / n)
    # the cosine and sine halves are independent of each other
    half = (n + 1) // 2
    assert abs(np.corrcoef(x[: half - 1], x[half : 2 * half - 1])[0, 1]) < 4 / np.sqrt(half)
    # tails: P(|Z| > 3) = 0.0027
    assert abs(np.mean(np.abs(x) > 3) - 0.0026998) < 4 * np.sqrt(0.0027 / n)
    assert np.isfinite(x).all()


def _problem(table: pd.DataFrame) -> ps.Problem:
    values = pd.DataFrame({"q": [1.0, 2.0, 3.0], "c": [10.0, 20.0, 30.0]}, index=["a", "b", "c"])
    return ps.Problem.from_frame(values, objectives={"q": "max", "c": "min"}, uncertainty=table)


@pytest.mark.parametrize("partial", [False, True])
def test_matrix_sampler_puts_each_cell_where_it_belongs(partial):
    cells = [("c", "c"), ("a", "q"), ("b", "c"), ("c", "q"), ("a", "c"), ("b", "q")]
    means = [300.0, 100.0, 200.0, 3000.0, 1000.0, 2000.0]
    sds = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    if partial:
        cells, means, sds = cells[:3], means[:3], sds[:3]
    table = pd.DataFrame(
        {"dist": "normal", "a": means, "b": sds}, index=pd.MultiIndex.from_tuples(cells)
    )
    pb = _problem(table)
    X = MatrixSampler(pb).draw(20_000, np.random.default_rng(5))
    assert X.shape == (20_000, 3, 2)
    rows = {"a": 0, "b": 1, "c": 2}
    cols = {"q": 0, "c": 1}
    drawn = np.zeros((3, 2), dtype=bool)
    for (p, c), mu, sd in zip(cells, means, sds, strict=True):
        v = X[:, rows[p], cols[c]]
        assert abs(v.mean() - mu) < 5 * sd / np.sqrt(v.size)
        assert abs(v.std() / sd - 1) < 0.03
        drawn[rows[p], cols[c]] = True
    # cells absent from the table keep the matrix value
    np.testing.assert_array_equal(
        X[:, ~drawn], np.broadcast_to(pb.values[~drawn], (20_000, (~drawn).sum()))
    )


def test_large_means_keep_full_precision():
    table = pd.DataFrame(
        {"dist": "normal", "a": [1e9 + 0.125], "b": [1e-3]},
        index=pd.MultiIndex.from_tuples([("a", "q")]),
    )
    X = MatrixSampler(_problem(table)).draw(50_000, np.random.default_rng(2))
    v = X[:, 0, 0] - 1e9
    assert abs(v.mean() - 0.125) < 5 * 1e-3 / np.sqrt(v.size)
    assert abs(v.std() / 1e-3 - 1) < 0.05
