"""The fee-collection mart and what it says about each school's cashless target.

The plan counts a school as collecting fees without cash. The registry carries a yes/no flag
that a school declared once; a fee-collection report says what actually happened this period,
line by line. So a school's report, when it sent one, decides; the registry is the fallback.

Example::

    lines = fee_collection_table(fees, fee_findings, "2026-Q1")
    per_school = cashless_schools(dim_school, lines)  # passed, checked, source
"""

from __future__ import annotations

import pandas as pd

FEE_COLUMNS = [
    "school_code", "fee_item", "payers_total", "payers_cashless", "amount_total",
    "amount_cashless", "payment_channel", "cashless", "row_status", "source_file", "sheet",
    "source_row", "report_date", "period",
]  # fmt: skip
PUBLISHED = "published"


def fee_collection_table(fees: pd.DataFrame, findings: pd.DataFrame, period: str) -> pd.DataFrame:
    """Every fee line read, with `row_status`: published, superseded (the school sent a newer
    report) or quarantined (a rule refused the line, e.g. its school is unknown)."""
    quarantined = findings.loc[findings["action"] == "quarantined", "row_id"]
    status = pd.Series(PUBLISHED, index=fees.index, dtype=object)
    status[fees["superseded_by"].notna()] = "superseded"
    status[fees["row_id"].isin(quarantined)] = "quarantined"
    table = fees.assign(row_status=status, period=period)
    return table[FEE_COLUMNS].sort_values(["school_code", "source_file", "source_row"])


def cashless_schools(schools: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Per school: `passed` (1 when it collects without cash), `checked` (1 when known) and
    `source` (`fees` when its current report says, else `registry`)."""
    known = lines[(lines["row_status"] == PUBLISHED) & lines["cashless"].notna()]
    reported = known.groupby("school_code")["cashless"].all()
    by_report = pd.DataFrame(
        {"passed": reported.astype("int64"), "checked": 1, "source": "fees"}, index=reported.index
    )
    flags = schools.dropna(subset=["cashless_fees"]).drop_duplicates("school_code")
    by_registry = pd.DataFrame({
        "passed": flags["cashless_fees"].astype(bool).astype("int64").to_numpy(),
        "checked": 1, "source": "registry",
    }, index=pd.Index(flags["school_code"], name="school_code"))  # fmt: skip
    fallback = by_registry[~by_registry.index.isin(by_report.index)]
    return pd.concat([by_report, fallback])


def cashless_amounts(lines: pd.DataFrame) -> pd.DataFrame:
    """Per school: VND collected without cash (`passed`) of VND to collect (`checked`), over
    its current lines that give both amounts consistently (a line collecting more without
    cash than it had to collect is a typo the school is asked to fix, not data to add up)."""
    usable = lines[(lines["row_status"] == PUBLISHED)].dropna(
        subset=["amount_total", "amount_cashless"]
    )
    usable = usable[usable["amount_cashless"] <= usable["amount_total"]]
    sums = usable.groupby("school_code")[["amount_cashless", "amount_total"]].sum()
    return sums.rename(columns={"amount_cashless": "passed", "amount_total": "checked"}).assign(
        source="fees"
    )
