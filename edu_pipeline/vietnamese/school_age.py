"""Ages against the calendar and the grade: future birth dates, age for the grade.

Why: a birth date in the future is a typing error, and so, usually, is a child far too old
or too young for its grade ("2018" typed for "2008"). Vietnamese law counts school age by
calendar year: a child enters grade 1 in the school year of the calendar year it turns 6
(Luật Giáo dục 2019, Điều 28), so the expected birth year of grade ``g`` in the school year
starting in year ``Y`` is ``Y - 5 - g``. The school year starts in September; lists made
from August on already describe the new year. How far from the expected age is still
plausible (repeaters, late starters allowed up to 3 years in ethnic-minority areas) is a
threshold of the GX suite, not of this module.

Example:
    >>> school_year_start(dt.date(2026, 3, 26)), school_year_start(dt.date(2026, 8, 15))
    (2025, 2026)
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from edu_pipeline.vietnamese.text import fold_ascii

__all__ = ["FIRST_GRADE_AGE", "grade_age_gap", "grade_number", "is_future", "school_year_start"]

FIRST_GRADE_AGE = 6
NEW_SCHOOL_YEAR_MONTH = 8  # enrolment for September's school year happens in August


LAST_GRADE = 12
_GRADE = re.compile(r"^(?:khoi|lop|k)?\s*(\d{1,2})(?:\.0+)?(?:\s*[a-z]{1,3}\s*\d{0,2})?$")


def grade_number(text: str) -> int | None:
    """The grade (1-12) a cell or class name states, or None for preschool and anything else.

    Why: preschool lists put the age group where the grade goes ("5 tuổi", "24-36 tháng",
    "Lá"); read as grade 5 it would make every kindergarten child "too young for its grade".
    Example: ``[grade_number(t) for t in ("Khối 6", "10A2", "5 tuổi", "13")]`` ->
    ``[6, 10, None, None]``.
    """
    match = _GRADE.match(fold_ascii(" ".join(str(text).split())).lower())
    grade = int(match.group(1)) if match else 0
    return grade if 1 <= grade <= LAST_GRADE else None


def school_year_start(day: dt.date) -> int:
    """Calendar year in which the school year containing ``day`` began."""
    return day.year if day.month >= NEW_SCHOOL_YEAR_MONTH else day.year - 1


def is_future(dates: pd.Series, as_of: dt.date) -> pd.Series:
    """True where a date lies after ``as_of`` (missing dates are False).

    Example: ``is_future(pd.Series(pd.to_datetime(["2030-01-01", None])), dt.date(2026, 3,
    1)).tolist()`` -> ``[True, False]``.
    """
    return (dates > pd.Timestamp(as_of)).fillna(False).astype(bool)


def grade_age_gap(birth_dates: pd.Series, grades: pd.Series, as_of: dt.date) -> pd.Series:
    """Years by which each pupil is older (+) or younger (-) than its grade's legal age.

    ``birth_dates`` is a datetime column, ``grades`` a nullable integer column (1-12);
    preschool groups and missing values give <NA>. Vectorized: one subtraction per column.
    Example: a pupil born in 2016 in grade 3 of school year 2025-2026 has gap
    ``(2025 - 2016) - (3 + FIRST_GRADE_AGE - 1)`` = 1 (one year older, e.g. a repeater).
    """
    age_in_years = school_year_start(as_of) - birth_dates.dt.year.astype("Int64")
    expected = grades.astype("Int64") + (FIRST_GRADE_AGE - 1)
    return (age_in_years - expected).where(grades.astype("Int64") >= 1)
