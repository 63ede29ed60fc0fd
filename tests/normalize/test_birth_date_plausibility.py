"""Birth dates after the run's date and pupils far from their grade's age are flagged."""

import datetime as dt

import pandas as pd
import pytest

from edu_pipeline.normalize.people import normalize_people
from tests.normalize.rows import raw_rows

AS_OF = dt.date(2026, 3, 26)


@pytest.mark.parametrize("dataset", ["students", "teachers"])
def test_future_birth_date_is_a_problem_and_keeps_the_raw_value(dataset):
    rows = raw_rows(dataset, birth_date=["05/03/2027", "26/03/2026", "05/03/2014"])
    out = normalize_people(rows, dataset, "old", AS_OF)
    assert out["birth_date_problem"].tolist() == ["future_date", None, None]
    assert out["birth_date"].isna().tolist() == [True, False, False]
    assert out["raw_birth_date"].tolist()[0] == "05/03/2027"


@pytest.mark.parametrize(
    ("birth_date", "grade", "gap"),
    [
        ("15/06/2019", "1", 0),  # turns 6 in 2025, grade 1 in 2025-2026
        ("01/01/2018", "1", 1),  # a year late (repeater or late start)
        ("31/12/2020", "1", -1),  # a year early
        ("10/10/2008", "2", 10),  # year typed wrong: 2008 for 2018
        ("20/02/2010", "10", 0),
        ("20/02/2010", None, None),  # no grade, no gap
    ],
)
def test_grade_age_gap_counts_calendar_years_from_the_legal_age(birth_date, grade, gap):
    rows = raw_rows("students", birth_date=[birth_date], grade=[grade])
    out = normalize_people(rows, "students", "old", AS_OF)
    value = out["grade_age_gap"].iloc[0]
    assert (None if pd.isna(value) else int(value)) == gap


def test_school_year_rolls_over_in_august():
    rows = raw_rows("students", birth_date=["15/06/2019"], grade=["1"])
    march = normalize_people(rows, "students", "old", dt.date(2026, 3, 26))
    august = normalize_people(rows, "students", "old", dt.date(2026, 8, 20))
    assert [march["grade_age_gap"].iloc[0], august["grade_age_gap"].iloc[0]] == [0, 1]
