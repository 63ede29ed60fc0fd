"""Which school a file belongs to, and which date it reports.

SPEC order for the school: a school-code column, else the folder the file sits in
(`…/<school_code>/file`), else the school's name in the title rows; otherwise the file is
reported, not guessed. The report date is the date written in the file ("ngày … tháng … năm
…", a "Ngày báo cáo" field), else the file's modification time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import pandas as pd

from edu_pipeline.ingest.headers import header_key
from edu_pipeline.vietnamese.text import fold_ascii

SCHOOL_CODE = re.compile(r"\d{8}")  # use with fullmatch
_DATE_WORDS = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_DATE_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_REPORT_LABEL = re.compile(r"ngay (bao cao|lap|cap nhat)")
# Words every school name repeats; matching on them would tie every school.
_GENERIC_NAME_WORDS = re.compile(r"\b(truong|so giao duc va dao tao|tinh dak lak)\b")


def report_date_from_text(texts: Iterable[str]) -> dt.date | None:
    """The first date written as "ngày 20 tháng 3 năm 2026" or after "Ngày báo cáo:".

    >>> report_date_from_text(["Đắk Lắk, ngày 20 tháng 3 năm 2026"])
    datetime.date(2026, 3, 20)
    """
    for text in texts:
        key = fold_ascii(str(text)).lower()
        match = _DATE_WORDS.search(key)
        if not match and _REPORT_LABEL.search(key):
            match = _DATE_NUMERIC.search(key)
        if match:
            day, month, year = (int(part) for part in match.groups())
            found = _safe_date(year, month, day)
            if found:
                return found
    return None


def report_date_from_values(values: Iterable[str]) -> dt.date | None:
    """The latest date of a "Ngày báo cáo" column (ISO from date cells, or d/m/y text)."""
    dates = []
    for value in set(values):  # every row repeats the same date or two
        if iso := _ISO_DATE.match(value):
            dates.append(_safe_date(*(int(part) for part in iso.groups())))
        elif numeric := _DATE_NUMERIC.search(value):
            day, month, year = (int(part) for part in numeric.groups())
            dates.append(_safe_date(year, month, day))
    dates = [d for d in dates if d]
    return max(dates) if dates else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def school_code_from_path(source_file: str) -> str | None:
    """The nearest folder of the path named like a school code."""
    for part in reversed(source_file.split("/")[:-1]):
        if SCHOOL_CODE.fullmatch(part):
            return part
    return None


def school_name_key(name: str) -> str:
    """ASCII key of a school name without the words every name shares."""
    key = fold_ascii(header_key(name))
    return " ".join(_GENERIC_NAME_WORDS.sub(" ", key).split())


class SchoolNames:
    """The registry's school names as keys, built once, to find a school named in a title."""

    def __init__(self, registry: pd.DataFrame) -> None:
        names = registry["school_name"].fillna("").astype(str)
        codes = registry["school_code"].astype(str)
        by_key: dict[str, set[str]] = {}
        for name, code in zip(names, codes, strict=True):
            if key := school_name_key(name):
                by_key.setdefault(key, set()).add(code)
        # Longest names first: "tieu hoc nguyen du ea kar" wins over "nguyen du".
        self._keys = sorted(by_key.items(), key=lambda item: -len(item[0]))

    def code_in(self, title: str) -> str | None:
        """The one registry school whose name appears in the title; None when none or several.

        >>> names = SchoolNames(pd.DataFrame({"school_name": ["Trường THCS Nguyễn Du"],
        ...                                   "school_code": ["66000101"]}))
        >>> names.code_in("SỞ GD&ĐT ĐẮK LẮK TRƯỜNG THCS NGUYỄN DU DANH SÁCH HỌC SINH")
        '66000101'
        """
        if not title:
            return None
        title_key = f" {school_name_key(title)} "
        found = [(key, codes) for key, codes in self._keys if f" {key} " in title_key]
        if not found:
            return None
        longest = [codes for key, codes in found if len(key) == len(found[0][0])]
        codes = set().union(*longest)
        return next(iter(codes)) if len(codes) == 1 else None
