"""Report tables shared by every format, and safe CSV output.

Every table here is built from the evaluation's own frames; nothing is recomputed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from partnerselect.pipeline import Evaluation

__all__ = ["FORMULA_PREFIXES", "neutralize", "safe_cell", "summary_tables", "write_csv"]

#: A cell starting with one of these is read as a formula by spreadsheet programs
#: (OWASP "CSV injection"); tab and carriage return also start dangerous cells.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise a string that a spreadsheet would run as a formula.

    Prefixes a single quote, as OWASP recommends; numbers are left alone.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x","y")')
    '\\'=HYPERLINK("http://x","y")'
    >>> safe_cell("-12"), safe_cell(-12), safe_cell("Acme & Co")
    ("'-12", -12, 'Acme & Co')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralize(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every string cell (index and headers included) made safe."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    if out.index.dtype == object or pd.api.types.is_string_dtype(out.index.dtype):
        out.index = out.index.map(lambda v: safe_cell(v) if isinstance(v, str) else v)
    return out


def summary_tables(ev: Evaluation) -> dict[str, pd.DataFrame]:
    """The tables every report shows, by title."""
    ranking = ev.to_frame().reset_index()
    excluded = ev.excluded.merge(
        ev.partners[["partner_id", "name"]].astype({"partner_id": str}), on="partner_id", how="left"
    )[["partner_id", "name", "rule", "reason", "value"]]
    cells = ev.criteria.cells.reset_index()
    cells = cells[cells["partner_id"].isin(ev.problem.partners)]
    data = cells[["partner_id", "criterion", "value", "raw", "lower", "upper", "n", "insufficient", "imputed", "note"]]
    return {
        "Ranking": ranking,
        "Accounting": ev.accounting(),
        "Exclusions": excluded,
        "Weights": ev.weights,
        "Criteria data": data,
        "Unknown partners": ev.unknown_partners,
    }


def write_csv(ev: Evaluation, path: Path, **_: Any) -> Path:
    """The ranking and every excluded partner in one CSV (formula-safe, UTF-8 with BOM)."""
    acc = ev.accounting()
    ranked = ev.to_frame().reset_index()[["partner_id", "score"]]
    out = acc.merge(ranked, on="partner_id", how="left")
    out = out[["partner_id", "name", "status", "rank", "score", "reasons"]]
    out = pd.concat([out[out["status"] == "ranked"].sort_values("rank"), out[out["status"] != "ranked"]])
    neutralize(out).to_csv(path, index=False, encoding="utf-8-sig")
    return path
