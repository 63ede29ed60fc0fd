"""A school's own fee report outranks the registry's declared flag; only current lines count."""

import pandas as pd
import pytest

from edu_pipeline.publish.fees import (
    cashless_amounts,
    cashless_schools,
    fee_collection_table,
)

SCHOOLS = pd.DataFrame({"school_code": ["A", "B", "C", "D"],
                        "cashless_fees": [True, True, False, None]})  # fmt: skip


def _fees(lines: list[tuple]) -> pd.DataFrame:
    """(school, file, superseded_by, total, cashless, cashless flag) per line."""
    frame = pd.DataFrame(lines, columns=["school_code", "source_file", "superseded_by",
                                         "amount_total", "amount_cashless", "cashless"])
    n = len(frame)
    return frame.assign(
        row_id=range(n), fee_item=[f"Khoản {i}" for i in range(n)], payers_total=pd.NA,
        payers_cashless=pd.NA, payment_channel=None, sheet="Thu phí", source_row=range(5, 5 + n),
        report_date=pd.Timestamp("2026-03-20"),
    ).astype({"amount_total": "Int64", "amount_cashless": "Int64", "cashless": "boolean"})


LINES = _fees([
    ("A", "A/old.xlsx", "A/new.xlsx", 100, 100, True),  # superseded: ignored
    ("A", "A/new.xlsx", None, 100, 60, False),  # the registry says yes; the report says cash
    ("A", "A/new.xlsx", None, 50, 50, True),
    ("C", "C/r.xlsx", None, 80, 80, True),  # the registry says no; the report says no cash
    ("C", "C/r.xlsx", None, 10, 90, True),  # inconsistent amounts: not added up
    (None, "x/r.xlsx", None, 1000, 1000, True),  # quarantined below
])  # fmt: skip
FINDINGS = pd.DataFrame({"row_id": [5], "action": ["quarantined"]})


@pytest.fixture
def table() -> pd.DataFrame:
    return fee_collection_table(LINES, FINDINGS, "2026-Q1")


def test_every_line_is_kept_with_its_status(table):
    assert len(table) == len(LINES)
    assert table["row_status"].value_counts().to_dict() == {
        "published": 4, "superseded": 1, "quarantined": 1}


def test_report_outranks_the_registry(table):
    got = cashless_schools(SCHOOLS, table)
    assert got.loc["A"].tolist() == [0, 1, "fees"]
    assert got.loc["C"].tolist() == [1, 1, "fees"]
    assert got.loc["B"].tolist() == [1, 1, "registry"]
    assert "D" not in got.index  # neither a report nor a flag: unknown, not "no"


def test_amounts_over_current_consistent_lines(table):
    got = cashless_amounts(table)
    assert got.loc["A", ["passed", "checked"]].tolist() == [110, 150]
    assert got.loc["C", ["passed", "checked"]].tolist() == [80, 80]
    assert set(got.index) == {"A", "C"}
