"""Dates as schools type them: ISO, Excel serials, d/m/y in any separator, Vietnamese words.

Ingest renders real Excel date cells as ISO ``YYYY-MM-DD``; everything else arrives as
text: Excel serial numbers ("40301", "40301.0"; 1900 date system), "05/03/2012",
"5-3-12", "05.03.2012", "ngày 5 tháng 3 năm 2012", or day/month/year in three columns
(``compose_date``). A whole file may be typed month-first (``detect_date_order``).

Two-digit years use Excel's own pivot: 00-29 -> 2000-2029, 30-99 -> 1930-1999. It fits both
populations (the oldest staff were born in the 1960s, the youngest children after 2020) and
agrees with what Excel itself did when the school typed the value.

Excel serials are accepted from 10000 to 73050 (1927-05-18 .. 2099-12-31): smaller numbers
are not plausible dates here (a bare "2012" is a year, reported as "year_only").

Example:
    >>> parse_date("ngày 5 tháng 3 năm 2012")
    DateResult(value=datetime.date(2012, 3, 5), problem=None)
    >>> parse_date("40301").value, parse_date("31/02/2012").problem
    (datetime.date(2010, 5, 3), 'invalid_date')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from edu_pipeline.vietnamese.text import ascii_key
from edu_pipeline.vietnamese.vectorize import map_distinct_fields

__all__ = [
    "DateOrder",
    "DateResult",
    "compose_date",
    "detect_date_order",
    "detect_date_orders",
    "expand_two_digit_year",
    "parse_date",
    "parse_dates",
]

DateOrder = Literal["dmy", "mdy"]
TWO_DIGIT_YEAR_PIVOT = 30  # 00-29 -> 20xx, 30-99 -> 19xx (Excel's rule)
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 once Excel's 1900 leap bug is
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 10000, 73050  # absorbed (serials >= 61 are all we take)
MIN_YEAR, MAX_YEAR = 1900, 2099

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_SERIAL = re.compile(r"^(\d{5})(?:\.\d+)?$")  # a fraction is the time of day
_YEAR_ONLY = re.compile(r"^(\d{4})(?:\.0+)?$")
_PARTS = re.compile(
    r"^(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# _PARTS for pyarrow's RE2 (named groups are how extract_regex names its fields).
_PARTS_RE2 = (
    r"^(?P<a>\d{1,4})\s*[/.\-]\s*(?P<b>\d{1,2})\s*[/.\-]\s*(?P<c>\d{1,4})"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{2,4})$")


class DateResult(NamedTuple):
    """``value`` = the date or None; ``problem`` = reason code when not usable."""

    value: dt.date | None
    problem: str | None


def expand_two_digit_year(year: int) -> int:
    """Four-digit year for a two-digit one (pivot 30): ``expand_two_digit_year(9)`` -> 2009."""
    if year >= 100:
        return year
    return 2000 + year if year < TWO_DIGIT_YEAR_PIVOT else 1900 + year


def _as_int(part: object) -> int | None:
    if part is None or (isinstance(part, float) and math.isnan(part)):
        return None
    text = str(part).strip()
    if re.fullmatch(r"\d+(?:\.0+)?", text):
        return int(text.split(".")[0])
    return None


def compose_date(day: object, month: object, year: object) -> DateResult:
    """Date from three parts (two-row headers "Ngày sinh" over "Ngày | Tháng | Năm").

    Parts may be ints, floats ("5.0") or strings; a two-digit year is expanded. A missing
    or non-numeric part -> "incomplete_date"; an impossible date -> "invalid_date".
    Example: ``compose_date("05", 3.0, "12")`` -> ``DateResult(date(2012, 3, 5), None)``.
    """
    parts = [_as_int(p) for p in (day, month, year)]
    if any(p is None for p in parts):
        return DateResult(None, "incomplete_date")
    d, m, y = parts  # type: ignore[misc]
    return _make(y, m, d)  # type: ignore[arg-type]


def _make(year: int, month: int, day: int) -> DateResult:
    year = expand_two_digit_year(year)
    if not MIN_YEAR <= year <= MAX_YEAR:
        return DateResult(None, "invalid_date")
    try:
        return DateResult(dt.date(year, month, day), None)
    except ValueError:
        return DateResult(None, "invalid_date")


def _from_serial(serial: int) -> DateResult:
    if not EXCEL_SERIAL_MIN <= serial <= EXCEL_SERIAL_MAX:
        return DateResult(None, "invalid_date")
    return DateResult(EXCEL_EPOCH + dt.timedelta(days=serial), None)


def parse_date(raw: str | None, order: DateOrder = "dmy") -> DateResult:
    """Parse one date as typed; ``order`` says how to read "a/b/y" (file-level decision).

    Accepts ISO (with an optional time), Excel serials, d/m/y (or m/d/y) with / . -
    separators and 2- or 4-digit years, y/m/d when the first part has 4 digits, and
    "ngày 5 tháng 3 năm 2012" (with or without diacritics). Blank -> ``DateResult(None,
    None)``; impossible dates -> "invalid_date"; a bare year -> "year_only"; anything else
    -> "unparseable".
    Example: ``parse_date("03/15/2012", "mdy").value`` -> ``date(2012, 3, 15)``.
    """
    if raw is None:
        return DateResult(None, None)
    text = " ".join(str(raw).split())
    if not text:
        return DateResult(None, None)
    if m := _ISO.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _SERIAL.match(text):
        return _from_serial(int(m[1]))
    if _YEAR_ONLY.match(text):
        return DateResult(None, "year_only")
    if m := _PARTS.match(text):
        a, b, c = m[1], m[2], m[3]
        if len(a) == 4:  # 2012/03/05
            return _make(int(a), int(b), int(c))
        if len(c) not in (2, 4):
            return DateResult(None, "unparseable")
        day, month = (a, b) if order == "dmy" else (b, a)
        return _make(int(c), int(month), int(day))
    if m := _WORDS.match(ascii_key(text).replace(",", " ").strip()):
        return _make(int(m[3]), int(m[2]), int(m[1]))
    return DateResult(None, "unparseable")


def detect_date_order(values: Iterable[str | None]) -> DateOrder:
    """ "mdy" when a file is typed month-first, else "dmy" (the Vietnamese default).

    Why: in a month-first file many values have a second part > 12 (a day) and none has a
    first part > 12. "mdy" needs no first part > 12 and at least 5% of the a/b/y values
    (at least one) with a second part > 12.
    Example: ``detect_date_order(["03/15/2012", "04/02/2012"])`` -> ``"mdy"``.
    """
    column = pd.Series(list(values), dtype=object)
    if column.empty:
        return "dmy"
    return detect_date_orders(column, pd.Series(0, index=column.index)).iloc[0]


def detect_date_orders(values: pd.Series, groups: pd.Series) -> pd.Series:
    """``detect_date_order`` for each group (file) of a column at once, as a column.

    The rule's one implementation: the first two parts of every a/b/y value are extracted
    in one pass of column operations, then counted per group.
    Example: ``detect_date_orders(pd.Series(["03/15/2012", "15/03/2012"]), pd.Series(["a",
    "b"])).tolist()`` -> ``["mdy", "dmy"]``.
    """
    text = pa.array(values.astype(object).where(values.notna(), None), type=pa.string())
    text = pc.utf8_trim_whitespace(pc.replace_substring_regex(text, r"\s+", " "))
    parts = pc.extract_regex(text, _PARTS_RE2)
    first, second = pc.struct_field(parts, "a"), pc.struct_field(parts, "b")
    usable = pc.and_(pc.is_valid(parts), pc.not_equal(pc.utf8_length(first), 4))

    def big(part: pa.Array) -> np.ndarray:
        over = pc.and_(usable, pc.greater(pc.cast(part, pa.int64()), 12))
        return pc.fill_null(over, False).to_numpy(zero_copy_only=False)

    counts = pd.DataFrame({
        "group": groups.to_numpy(),
        "total": pc.fill_null(usable, False).to_numpy(zero_copy_only=False),
        "first_big": big(first),
        "second_big": big(second),
    }).groupby("group", dropna=False).sum()  # fmt: skip
    needed = (0.05 * counts["total"]).apply(math.ceil).clip(lower=1)
    month_first = (counts["first_big"] == 0) & (counts["second_big"] >= needed)
    order = month_first.map({True: "mdy", False: "dmy"})
    return pd.Series(order.reindex(groups.to_numpy()).to_numpy(), index=values.index)


def parse_dates(series: pd.Series, order: DateOrder = "dmy") -> tuple[pd.Series, pd.Series]:
    """Vectorized ``parse_date`` (once per distinct value): returns (values, problems).

    ``values`` holds ``datetime.date`` objects or None (object dtype; convert with
    ``pd.to_datetime`` when a datetime64 column is needed); ``problems`` holds reason codes
    or None. Both keep the index of ``series``.
    """
    values, problems = map_distinct_fields(series, lambda raw: parse_date(str(raw), order), 2)
    return values, problems
