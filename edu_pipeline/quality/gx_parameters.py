"""Suite parameters: the dates and code lists the suites compare against, from the as-of date.

Pure Python (no GX import): ``default_parameters`` is what the pipeline passes to
``validate_frame``; tests and notebooks can build other windows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd


def statutory_retirement_age_months(gender: str, year: int) -> int:
    """Retirement age in months under the 2019 Labour Code (art. 169, Decree 135/2020).

    From 2021 men retire at 60 years 3 months, +3 months a year until 62 (2028); women at
    55 years 4 months, +4 months a year until 60 (2035). Using the age of the as-of year for
    everybody is conservative: older cohorts had lower ages, so nobody is flagged early.

    >>> statutory_retirement_age_months("Nam", 2026), statutory_retirement_age_months("Nữ", 2026)
    (738, 684)
    """
    steps = max(0, year - 2020)
    if gender == "Nữ":
        return min(55 * 12 + 4 * steps, 60 * 12)
    return min(60 * 12 + 3 * steps, 62 * 12)


def default_parameters(
    as_of: dt.date,
    registry_school_codes: Iterable[str],
    *,
    student_min_age_months: int = 6,
    student_max_age_years: int = 25,
    staff_min_age_years: int = 18,
    retirement_age_months_male: int | None = None,
    retirement_age_months_female: int | None = None,
) -> dict[str, Any]:
    """Suite parameters for all three datasets, derived from the as-of date.

    Students are plausible from 6 months (nhà trẻ) to 25 years (continuing education);
    working staff must be 18 or older and younger than the retirement age of their gender
    (statutory for the as-of year unless given).

    >>> p = default_parameters(dt.date(2026, 3, 20), ["40000001"])
    >>> p["min_birth_date"].date(), p["max_birth_date"].date()
    (datetime.date(2001, 3, 20), datetime.date(2025, 9, 20))
    """
    today = pd.Timestamp(as_of).normalize()
    male = retirement_age_months_male or statutory_retirement_age_months("Nam", today.year)
    female = retirement_age_months_female or statutory_retirement_age_months("Nữ", today.year)
    return {
        "registry_school_codes": sorted({str(code) for code in registry_school_codes}),
        "min_birth_date": today - pd.DateOffset(years=student_max_age_years),
        "max_birth_date": today - pd.DateOffset(months=student_min_age_months),
        "staff_max_birth_date": today - pd.DateOffset(years=staff_min_age_years),
        "retirement_min_birth_date_male": today - pd.DateOffset(months=male),
        "retirement_min_birth_date_female": today - pd.DateOffset(months=female),
    }


def gx_parameter(value: Any) -> Any:
    """Make a parameter value comparable inside GX: dates -> Timestamp, collections -> list."""
    if isinstance(value, pd.Timestamp):
        return value
    if isinstance(value, dt.date | np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if isinstance(value, tuple | pd.Index | pd.Series | np.ndarray):
        return list(value.tolist() if hasattr(value, "tolist") else value)
    return value
