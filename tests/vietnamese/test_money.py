"""Amounts and head counts as schools type them: Vietnamese dots, English commas, numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_pipeline.vietnamese.money import AmountResult, parse_amount, read_amount


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.250.000", 1_250_000),
        ("1.250.000 đ", 1_250_000),
        ("1.250.000đ", 1_250_000),
        ("1.250.000 VNĐ", 1_250_000),
        ("1.250.000 đồng", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1 250 000", 1_250_000),
        ("1250000", 1_250_000),
        ("1250000.0", 1_250_000),  # a spreadsheet number that went through text
        (1250000, 1_250_000),
        ("1.000", 1_000),  # Vietnamese thousands, not one
        ("0", 0),
        ("1,5 triệu", 1_500_000),
        ("2 triệu", 2_000_000),
        ("2tr", 2_000_000),
        ("150k", 150_000),
        ("150 nghìn", 150_000),
    ],
)
def test_readable_forms(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["khoảng 2 triệu", "1.2OO.000", "12.50", "1.25", "3,000.50", "1.25.000", "miễn", "x"],
)
def test_refused_not_guessed(raw):
    assert read_amount(raw) == AmountResult(None, "not_a_number")


@pytest.mark.parametrize("raw", ["-500.000", "−500000"])
def test_negative_amounts_are_refused(raw):
    assert read_amount(raw) == AmountResult(None, "negative")


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_is_missing_not_a_problem(raw):
    assert read_amount(raw) == AmountResult(None, None)


@given(st.integers(min_value=0, max_value=10**12))
def test_every_whole_amount_round_trips_in_each_style(amount):
    dotted = f"{amount:,}".replace(",", ".")
    assert {parse_amount(dotted), parse_amount(f"{amount:,}"), parse_amount(str(amount)),
            parse_amount(f"{dotted} đ")} == {amount}  # fmt: skip


@given(st.text(max_size=20))
def test_never_raises(text):
    result = read_amount(text)
    assert result.value is None or result.value >= 0
