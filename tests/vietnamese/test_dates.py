import datetime as dt

import pandas as pd
import pytest

from edu_pipeline.vietnamese.dates import DateResult, parse_date, parse_dates

D = dt.date(2012, 3, 5)


@pytest.mark.parametrize(
    "raw",
    [
        "2012-03-05",
        "2012-03-05 00:00:00",
        "2012-03-05T00:00:00",
        "2012-3-5",
        "05/03/2012",
        "5/3/2012",
        "05-03-2012",
        "05.03.2012",
        " 05 / 03 / 2012 ",
        "05/03/12",
        "05/03/2012 00:00",
        "2012/03/05",
        "ngày 5 tháng 3 năm 2012",
        "Ngày 05 tháng 03 năm 2012",
        "ngay 5 thang 3 nam 2012",
        "5 tháng 3 năm 2012",
        "40973",
        "40973.0",
    ],
)
def test_accepted_forms(raw):
    assert parse_date(raw) == DateResult(D, None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("40301", dt.date(2010, 5, 3)),
        ("10000", dt.date(1927, 5, 18)),
        ("73050", dt.date(2099, 12, 31)),
    ],
)
def test_excel_serials(raw, expected):
    assert parse_date(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("05/03/29", 2029), ("05/03/30", 1930), ("05/03/00", 2000), ("05/03/99", 1999)],
)
def test_two_digit_year_pivot(raw, expected):
    assert parse_date(raw).value.year == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("31/02/2012", "invalid_date"),
        ("29/02/2011", "invalid_date"),
        ("05/13/2012", "invalid_date"),
        ("00/01/2012", "invalid_date"),
        ("2012-02-30", "invalid_date"),
        ("05/03/1850", "invalid_date"),
        ("99999", "invalid_date"),
        ("2012", "year_only"),
        ("abc", "unparseable"),
        ("05/03/201", "unparseable"),
        ("tháng 3", "unparseable"),
    ],
)
def test_problems(raw, problem):
    assert parse_date(raw) == DateResult(None, problem)


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank(raw):
    assert parse_date(raw) == DateResult(None, None)


def test_leap_day_is_valid():
    assert parse_date("29/02/2012").value == dt.date(2012, 2, 29)


def test_month_first_order():
    assert parse_date("03/05/2012", "mdy").value == D
    assert parse_date("03/15/2012", "mdy").value == dt.date(2012, 3, 15)
    assert parse_date("2012-03-05", "mdy").value == D  # ISO is never reordered


def test_parse_dates_vectorized():
    series = pd.Series(["05/03/2012", None, "x", "05/03/2012"], index=[7, 8, 9, 10])
    values, problems = parse_dates(series)
    assert values.tolist() == [D, None, None, D]
    assert problems.tolist() == [None, None, "unparseable", None]
    assert values.index.tolist() == [7, 8, 9, 10]
