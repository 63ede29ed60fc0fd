"""Phone numbers -> 10-digit Vietnamese mobile numbers starting with 0.

Why: staff phones arrive as "+84 912 345 678", "84912345678", "0912.345.678", a numeric
cell that lost its leading zero ("912345678"), or the 11-digit mobile numbers used before
the 2018 renumbering ("01691234567" is now "0391234567"). The ``phonenumbers`` library
(Google's libphonenumber metadata, region VN) decides validity, but it does not know the
retired prefixes, so they are converted first from ``reference/phone_prefix_changes.csv``.

The contract column holds mobiles only: a valid fixed-line number is reported
(``problem="landline"``) rather than stored.

Example:
    >>> normalize_phone("+84 912 345 678")
    PhoneResult(value='0912345678', problem=None, fixed=None)
    >>> normalize_phone("01691234567")
    PhoneResult(value='0391234567', problem=None, fixed='old_prefix_converted')
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import pandas as pd
import phonenumbers
from phonenumbers import PhoneNumberType

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.vectorize import map_distinct, map_distinct_fields

__all__ = ["PhoneResult", "normalize_phone", "normalize_phone_column"]

_REGION = "VN"
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)
_SPLIT = re.compile(r"[;,/|\n]|\s[-–]\s|\bhoặc\b|\bor\b", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_FLOAT_ZERO = re.compile(r"^(\d+)\.0+$")
_DECIDING_DIGITS = 5  # "0" + the four national digits libphonenumber's patterns look at
_LOST_ZERO_FIRST_DIGITS = {9: "35789", 10: "12"}  # mobile / old 11-digit mobile, landline


class PhoneResult(NamedTuple):
    """``value`` = 10-digit mobile or None; ``problem`` = reason code; ``fixed`` = repairs
    applied (";"-separated when several)."""

    value: str | None
    problem: str | None
    fixed: str | None


@cache
def _prefix_changes() -> dict[str, str]:
    rows = read_reference_csv("phone_prefix_changes.csv")
    return {r["old_prefix"]: r["new_prefix"] for r in rows}


def _national_digits(candidate: str) -> tuple[str | None, list[str]]:
    """Digits in national format ("0…") plus the fixes applied, or (None, []) if not digits."""
    text = candidate.strip().lstrip("'’")
    if m := _FLOAT_ZERO.match(text):
        text = m.group(1)
    compact = re.sub(r"[\s.\-()]", "", text)
    if not re.fullmatch(r"\+?\d+", compact):
        return None, []
    fixes: list[str] = []
    if compact.startswith("+84") or compact.startswith("0084"):
        compact = "0" + compact.removeprefix("+84").removeprefix("0084")
    elif compact.startswith("84") and len(compact) in (11, 12):
        compact = "0" + compact[2:]
    elif compact.startswith("+"):
        return None, []
    if compact[0] in _LOST_ZERO_FIRST_DIGITS.get(len(compact), ""):
        compact, fixes = "0" + compact, ["leading_zero_restored"]
    new_prefix = _prefix_changes().get(compact[:4])
    if len(compact) == 11 and new_prefix:
        compact, fixes = new_prefix + compact[4:], [*fixes, "old_prefix_converted"]
    return compact, fixes


@lru_cache(maxsize=1 << 12)
def _kind(prefix: str, length: int) -> PhoneNumberType | None:
    """libphonenumber's type for numbers of ``length`` digits starting with ``prefix``, or
    None when they are not valid.

    Why per prefix: the library's Vietnamese patterns look at four national digits at most
    ("121[0-3]", "5(?:2[238]|59)", "1800") and then only count digits, so every number with
    the same leading digits and length gets the same answer; parsing each of 700,000 numbers
    would cost ~100 µs apiece (tests/vietnamese/test_phones.py checks the equivalence).
    """
    parsed = phonenumbers.parse(prefix.ljust(length, "0"), _REGION)
    return phonenumbers.number_type(parsed) if phonenumbers.is_valid_number(parsed) else None


def _classify(number: str, fixes: list[str]) -> PhoneResult:
    fixed = ";".join(fixes) or None
    if len(number) not in (10, 11):
        return PhoneResult(None, "bad_length", None)
    # "00…" is an international prefix, never a Vietnamese national number
    kind = None if number.startswith("00") else _kind(number[:_DECIDING_DIGITS], len(number))
    if kind is None:
        return PhoneResult(None, "invalid_number", None)
    if kind == PhoneNumberType.FIXED_LINE:
        return PhoneResult(None, "landline", None)
    if kind not in _MOBILE_TYPES or len(number) != 10:
        return PhoneResult(None, "not_mobile", None)
    return PhoneResult(number, None, fixed)


def normalize_phone(raw: str | None) -> PhoneResult:
    """Normalize one phone cell to a 10-digit mobile number starting with 0.

    Handles +84 / 84 / 0084, spaces, dots, dashes, parentheses, a leading apostrophe, a
    ".0" float read-back, a lost leading zero ("leading_zero_restored") and the pre-2018
    11-digit prefixes ("old_prefix_converted"). A cell with several numbers keeps the first
    valid one ("first_of_several"). Problems: "scientific_notation", "not_digits",
    "bad_length", "invalid_number", "landline", "not_mobile". Blank -> all None.
    Example: ``normalize_phone("0912.345.678 / 0987654321").fixed`` -> ``"first_of_several"``.
    """
    if isinstance(raw, str) and len(raw) == 10 and raw[0] == "0" != raw[1] and raw.isdigit():
        return _classify(raw, [])  # most cells are already in the stored form
    if raw is None or not str(raw).strip():
        return PhoneResult(None, None, None)
    text = str(raw).strip()
    if _SCIENTIFIC.match(text):
        return PhoneResult(None, "scientific_notation", None)
    candidates = [c for c in _SPLIT.split(text) if c and c.strip()]
    if not candidates:  # only separators (",", "/")
        return PhoneResult(None, "not_digits", None)
    results = []
    for candidate in candidates:
        number, fixes = _national_digits(candidate)
        results.append(
            PhoneResult(None, "not_digits", None) if number is None else _classify(number, fixes)
        )
    first_valid = next((r for r in results if r.value is not None), None)
    if first_valid is None:
        return results[0]
    if len(candidates) > 1:
        extra = "first_of_several"
        fixed = f"{first_valid.fixed};{extra}" if first_valid.fixed else extra
        return first_valid._replace(fixed=fixed)
    return first_valid


def _plain_national_numbers(series: pd.Series) -> pd.Series:
    """ "0" + nine digits for cells that hold just one such number, written with spaces,
    dots, dashes or parentheses and +84 / 84 / 0084 ("+84 912 345 678", "0912.345.678");
    null for every other cell (left to ``normalize_phone``, which reads these the same way).
    """
    text = series.astype("string[pyarrow]")
    simple = text.str.fullmatch(r"['’]?\+?[0-9][0-9 .\-()]*") & ~text.str.contains(r"\s-\s")
    simple &= ~text.str.contains(r"[.,]0+\s*$")  # maybe a float read-back: the rule decides
    compact = text.str.replace(r"[^0-9+]", "", regex=True).where(simple.fillna(False))
    national = compact.str.replace(r"^(?:\+84|0084|84)([1-9][0-9]{8})$", r"0\1", regex=True)
    return national.where(national.str.fullmatch("0[1-9][0-9]{8}").fillna(False))


def normalize_phone_column(series: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(value, problem, fixed) columns of ``normalize_phone`` over ``series``.

    Cells holding one 10-digit mobile-shaped number, apart from separators and a +84/84/0084
    prefix, are read by column operations and judged by their leading digits (once per
    distinct prefix, see ``_kind``); only the others go through ``normalize_phone``, once per
    distinct value.
    Example: ``normalize_phone_column(pd.Series(["0912345678", "+84 912 345 678"]))[0]
    .tolist()`` -> ``["0912345678", "0912345678"]``.
    """
    national = _plain_national_numbers(series)
    ready = national.notna()
    prefixes = national.str[:_DECIDING_DIGITS].astype(object).where(ready, None)
    ready_problem = map_distinct(prefixes, lambda p: _classify(p.ljust(10, "0"), []).problem)
    rest = series.astype(object).where(~ready & series.notna(), None)
    value, problem, fixed = map_distinct_fields(rest, normalize_phone, 3)
    value = value.mask(ready & ready_problem.isna(), national.astype(object))
    problem = problem.mask(ready, ready_problem)
    return value, problem, fixed
