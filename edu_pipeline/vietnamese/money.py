"""Amounts of money and head counts as Vietnamese schools type them.

Why by hand: VND has no minor unit, and Vietnamese writes thousands with dots ("1.250.000 đ"),
while English-style exports use commas ("1,250,000") and spreadsheets give a number (1250000,
or "1250000.0" once a float went through text). Locale parsers (babel) need the locale up
front and reject mixed forms; here one file can hold all three, plus words for millions
("1,5 triệu"). Anything approximate ("khoảng 2 triệu") or not a number is refused, never
guessed: the school is asked to fix it.

Example:
    >>> parse_amount("1.250.000 đ"), parse_amount("1,250,000"), parse_amount("1,5 triệu")
    (1250000, 1250000, 1500000)
    >>> parse_amount("khoảng 2 triệu") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edu_pipeline.vietnamese.text import fold_ascii

_CURRENCY = re.compile(r"\s*(vnd|vnđ|dong|đồng|đ|d)\.?\s*$", re.IGNORECASE)
_GROUPED = re.compile(r"\d{1,3}(?:([.,\s])\d{3})(?:\1\d{3})*")
_PLAIN = re.compile(r"\d+")
_FLOAT_TEXT = re.compile(r"(\d+)\.0+")  # a spreadsheet number that went through text
_DECIMAL = re.compile(r"(\d+)(?:[.,](\d+))?")
_UNITS = {"trieu": 1_000_000, "tr": 1_000_000, "nghin": 1_000, "ngan": 1_000, "k": 1_000}
_WITH_UNIT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(trieu|tr|nghin|ngan|k)\.?")


@dataclass(frozen=True, slots=True)
class AmountResult:
    """The whole number read, or why none was: `not_a_number` or `negative`."""

    value: int | None
    problem: str | None


def parse_amount(text: object) -> int | None:
    """A whole, non-negative amount (VND or a head count), or None when it is not one."""
    return read_amount(text).value


def read_amount(text: object) -> AmountResult:
    """`parse_amount` with the reason for a refusal.

    >>> read_amount("-500.000"), read_amount("1.2OO.000")
    (AmountResult(value=None, problem='negative'), AmountResult(value=None, problem='not_a_number'))
    """
    raw = "" if text is None else str(text).strip()
    if not raw:
        return AmountResult(None, None)
    negative = raw.startswith(("-", "−"))
    value = _unsigned(raw.lstrip("-−").strip())
    if value is None:
        return AmountResult(None, "not_a_number")
    if negative and value > 0:
        return AmountResult(None, "negative")
    return AmountResult(value, None)


def _unsigned(text: str) -> int | None:
    text = _CURRENCY.sub("", text).strip()
    if _PLAIN.fullmatch(text):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,\s]", "", text))
    if match := _FLOAT_TEXT.fullmatch(text):
        return int(match.group(1))
    if match := _WITH_UNIT.fullmatch(fold_ascii(text).lower()):
        return _scaled(match.group(1), _UNITS[match.group(2)])
    return None


def _scaled(number: str, unit: int) -> int | None:
    """'1,5' × 1,000,000; None when the result would not be whole."""
    whole, fraction = _DECIMAL.fullmatch(number).groups()  # type: ignore[union-attr]
    fraction = fraction or ""
    scaled = (int(whole) * 10 ** len(fraction) + int(fraction or 0)) * unit
    return scaled // 10 ** len(fraction) if scaled % 10 ** len(fraction) == 0 else None
