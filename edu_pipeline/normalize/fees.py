"""Normalize fee-collection lines: amounts, head counts, payment channels, cashless or not.

A school's cashless-fee report has one line per fee item (Học phí, Tiền ăn bán trú…), with
what it had to collect and what it collected without cash. The plan's target counts a school
as cashless when nothing was collected in cash, so each line gets `cashless`: from the
amounts when both are known, else from the head counts, else from the channel. Nothing is
judged here: an unreadable amount is left null with a reason in `<field>_problem`.
"""

from __future__ import annotations

import re

import pandas as pd

from edu_pipeline.normalize.values import canonical_value, none_for_missing, unrecognized
from edu_pipeline.vietnamese.ids import normalize_school_code
from edu_pipeline.vietnamese.money import read_amount
from edu_pipeline.vietnamese.text import ToneStyle, apply_tone_style, clean_spaces
from edu_pipeline.vietnamese.vectorize import map_distinct, map_distinct_fields

LINEAGE = ["row_id", "source_file", "sheet", "source_row", "report_date", "superseded_by"]
AMOUNT_FIELDS = ("payers_total", "payers_cashless", "amount_total", "amount_cashless")
CASH = "Tiền mặt"
_CHANNEL_PARTS = re.compile(r"\s*(?:[,;/+&]|\bvà\b|\bhoặc\b)\s*", re.IGNORECASE)


def normalize_fees(rows: pd.DataFrame, tone_style: ToneStyle) -> pd.DataFrame:
    """Normalized fee lines with `*_problem` reason codes, `raw_*` values and `cashless`."""
    out = rows[LINEAGE].copy()
    out["school_code"] = map_distinct(rows["school_code"], normalize_school_code).fillna(
        rows["school_code_hint"]
    )
    out["fee_item"] = map_distinct(
        rows["fee_item"], lambda text: apply_tone_style(clean_spaces(text), tone_style) or None
    )
    for field in AMOUNT_FIELDS:
        value, problem = map_distinct_fields(rows[field], _amount_fields, 2)
        out[field] = pd.array(value, dtype="Int64")
        out[f"{field}_problem"] = problem
    out["payment_channel"] = map_distinct(rows["payment_channel"], payment_channel)
    out["payment_channel_problem"] = unrecognized(rows["payment_channel"], out["payment_channel"])
    out["cashless"] = cashless_lines(out)
    for field in ("school_code", "fee_item", "payment_channel", *AMOUNT_FIELDS):
        out[f"raw_{field}"] = rows[field]
    return none_for_missing(out)


def _amount_fields(text: object) -> tuple[int | None, str | None]:
    result = read_amount(text)
    return result.value, result.problem


def payment_channel(text: str) -> str | None:
    """Each channel named, in its canonical spelling; None when one part is unknown.

    >>> payment_channel("chuyển khoản + TM"), payment_channel("Ví MoMo")
    ('Chuyển khoản, Tiền mặt', 'Ví điện tử')
    >>> payment_channel("Gửi cô chủ nhiệm") is None
    True
    """
    parts = [p for p in _CHANNEL_PARTS.split(str(text)) if p.strip()]
    named = [canonical_value(part, "payment_channel") for part in parts]
    if not named or None in named:
        return None
    return ", ".join(dict.fromkeys(named))  # type: ignore[arg-type]


def cashless_lines(lines: pd.DataFrame) -> pd.Series:
    """True when a line was collected without any cash; null when the line does not say.

    The amounts decide when both are known, else the head counts, else the channel.
    """
    by_amount = lines["amount_cashless"] >= lines["amount_total"]
    by_payers = lines["payers_cashless"] >= lines["payers_total"]
    channel = lines["payment_channel"]
    by_channel = pd.Series(
        (~channel.fillna("").str.contains(CASH)).where(channel.notna()), dtype="boolean"
    )
    return by_amount.fillna(by_payers).fillna(by_channel).astype("boolean")
