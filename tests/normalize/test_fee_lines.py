"""Fee lines: amounts read, channels named, and whether each line was collected without cash."""

import pandas as pd
import pytest

from edu_pipeline.normalize.fees import normalize_fees, payment_channel


def _rows(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "row_id": range(n), "source_file": ["54000001/thu_phi.xlsx"] * n, "sheet": ["Thu phí"] * n,
        "source_row": range(6, 6 + n), "report_date": [pd.Timestamp("2026-03-20")] * n,
        "superseded_by": [None] * n, "school_code_hint": ["54000001"] * n,
        "school_code": [None] * n,
        "fee_item": ["Tiền ăn bán trú"] * n, "payers_total": [None] * n,
        "payers_cashless": [None] * n, "amount_total": [None] * n, "amount_cashless": [None] * n,
        "payment_channel": [None] * n,
    }  # fmt: skip
    return pd.DataFrame({**base, **columns})


@pytest.mark.parametrize(
    ("total", "cashless", "payers", "channel", "expected"),
    [
        ("36.000.000", "36.000.000", ("120", "118"), "Tiền mặt", True),  # the amounts decide
        ("36.000.000", "35.400.000", ("120", "120"), "Chuyển khoản", False),
        (None, None, ("120", "120"), "Tiền mặt", True),  # then the head counts
        (None, "1.000", ("120", "119"), None, False),
        (None, None, (None, None), "Chuyển khoản, ví điện tử", True),  # then the channel
        (None, None, (None, None), "chuyển khoản + tiền mặt", False),
        (None, None, (None, None), None, None),  # the line does not say
    ],
)  # fmt: skip
def test_cashless_line(total, cashless, payers, channel, expected):
    rows = _rows(amount_total=[total], amount_cashless=[cashless], payers_total=[payers[0]],
                 payers_cashless=[payers[1]], payment_channel=[channel])  # fmt: skip
    got = normalize_fees(rows, "old")["cashless"].iloc[0]
    assert (pd.isna(got) and expected is None) or got == expected


def test_unreadable_amounts_keep_their_text_and_reason():
    rows = _rows(amount_total=["khoảng 2 triệu", "-5.000", "2.500.000 đ"],
                 amount_cashless=["1.2OO.000", "0", "2,500,000"])  # fmt: skip
    out = normalize_fees(rows, "old")
    assert out["amount_total"].tolist()[2] == 2_500_000
    assert out["amount_total_problem"].tolist() == ["not_a_number", "negative", None]
    assert out["amount_cashless_problem"].tolist() == ["not_a_number", None, None]
    assert out["raw_amount_total"].tolist()[0] == "khoảng 2 triệu"
    assert str(out["amount_total"].dtype) == "Int64"


def test_school_code_from_the_column_else_the_file():
    rows = _rows(school_code=["54000002", None])
    assert normalize_fees(rows, "old")["school_code"].tolist() == ["54000002", "54000001"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CK", "Chuyển khoản"),
        ("Chuyển khoản, tiền mặt", "Chuyển khoản, Tiền mặt"),
        ("Ví MoMo / Chuyển khoản", "Ví điện tử, Chuyển khoản"),
        ("Quẹt thẻ", "Thẻ/POS"),
        ("chuyển khoản và chuyển khoản", "Chuyển khoản"),
        ("Gửi cô chủ nhiệm", None),
        ("Chuyển khoản, nhờ người quen", None),  # one unknown part: not guessed
    ],
)
def test_payment_channels(raw, expected):
    assert payment_channel(raw) == expected


def test_unknown_channel_is_a_problem():
    out = normalize_fees(_rows(payment_channel=["Gửi cô", "CK"]), "old")
    assert out["payment_channel_problem"].tolist() == ["unknown", None]
