"""Small hand-made input tables shared by the reader tests."""

import pandas as pd
import pytest

PARTNER_ROWS = [
    [
        "partner_id",
        "name",
        "country",
        "headcount",
        "day_rate_eur",
        "iso27001",
        "domains",
        "attrition_rate",
    ],
    ["P1", "Acme Analytics", "Poland", "120", "700", "true", "banking;retail", "0.12"],
    ["P2", "Łódź Data & <Co>", "Poland", "45", "650.5", "no", "", ""],
    ["P3", "Brno AI", "Czechia", "", "900", "Y", "Health Care ; energy", "8 %"],
]

EXPECTED_PARTNERS = {
    "partner_id": ["P1", "P2", "P3"],
    "name": ["Acme Analytics", "Łódź Data & <Co>", "Brno AI"],
    "headcount": [120, 45, None],
    "day_rate_eur": [700.0, 650.5, 900.0],
    "iso27001": [True, False, True],
    "domains": [["banking", "retail"], [], ["health care", "energy"]],
    "attrition_rate": [0.12, None, 0.08],
}


def write_csv(path, rows, delimiter=",", encoding="utf-8"):
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


def partner_frame():
    return pd.DataFrame(PARTNER_ROWS[1:], columns=PARTNER_ROWS[0])


def check_partners(df):
    """The typed partner table equals EXPECTED_PARTNERS, whatever the source format."""
    for col, want in EXPECTED_PARTNERS.items():
        got = df[col].tolist()
        got = [None if (not isinstance(v, list) and pd.isna(v)) else v for v in got]
        if col == "attrition_rate":
            assert got[0] == pytest.approx(want[0])
            assert got[1] is None
            assert got[2] == pytest.approx(want[2])
        else:
            assert got == want, col
