import datetime as dt

import pytest

from edu_pipeline.vietnamese.dates import DateResult, compose_date


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [(5, 3, 2012), ("05", "03", "2012"), (5.0, 3.0, 2012.0), ("5.0", "3", "12"), (" 5 ", 3, 12)],
)
def test_compose(day, month, year):
    assert compose_date(day, month, year) == DateResult(dt.date(2012, 3, 5), None)


@pytest.mark.parametrize(
    ("day", "month", "year", "problem"),
    [
        (None, 3, 2012, "incomplete_date"),
        (5, "", 2012, "incomplete_date"),
        (5, 3, float("nan"), "incomplete_date"),
        ("năm", 3, 2012, "incomplete_date"),
        (31, 2, 2012, "invalid_date"),
        (5, 13, 2012, "invalid_date"),
    ],
)
def test_compose_problems(day, month, year, problem):
    assert compose_date(day, month, year) == DateResult(None, problem)
