"""Submissions: on time, late or stale; required datasets not yet sent or missing."""

import datetime as dt

import pandas as pd
import pytest

from edu_pipeline.quality.periods import Period
from edu_pipeline.quality.school_rules import school_issues, submissions_table

DEADLINE = dt.date(2026, 3, 25)
PERIOD = Period.containing(DEADLINE)
DAY = dt.timedelta(days=1)


def _files(rows):
    frame = pd.DataFrame(rows, columns=["source_file", "school_code", "report_date",
                                        "report_date_source"])  # fmt: skip
    return frame.assign(superseded_by=None)


def _issues_for(report_dates: dict[str, dt.date], as_of: dt.date) -> set[tuple[str, str, str]]:
    """(school, dataset, rule) of every school finding for school A's files dated as given."""
    files = _files([[f"A/{d}.xlsx", "A", day, "file"] for d, day in report_dates.items()])
    rows = {d: pd.DataFrame({"source_file": [f"A/{d}.xlsx"]}) for d in report_dates}
    table = submissions_table(files, rows, Period.containing(as_of))
    issues = school_issues(table, pd.Series(["A"]), Period.containing(as_of), as_of)
    return set(zip(issues["school_code"], issues["dataset"], issues["rule"], strict=True))


def test_period_deadline_is_the_25th_of_the_quarters_last_month():
    assert (PERIOD.start, PERIOD.deadline, PERIOD.end) == (
        dt.date(2026, 1, 1),
        DEADLINE,
        dt.date(2026, 3, 31),
    )
    assert Period.containing(dt.date(2026, 11, 28)).deadline == dt.date(2026, 12, 25)


@pytest.mark.parametrize(
    ("report_date", "expected"),
    [
        (DEADLINE - DAY, set()),
        (DEADLINE, set()),
        (DEADLINE + DAY, {("A", "students", "school.late_submission")}),
        (
            dt.date(2025, 12, 20),
            {
                ("A", "students", "school.stale_submission"),
                ("A", "students", "school.missing_submission"),
            },
        ),
    ],
    ids=["day_before_deadline", "day_of_deadline", "day_after_deadline", "last_quarter"],
)
def test_a_file_is_judged_by_its_report_date(report_date, expected):
    as_of = DEADLINE + 3 * DAY
    found = _issues_for({"students": report_date, "teachers": DEADLINE - DAY}, as_of)
    assert found == expected


@pytest.mark.parametrize(
    ("as_of", "rule"),
    [
        (DEADLINE - DAY, "school.not_yet_submitted"),
        (DEADLINE, "school.not_yet_submitted"),
        (DEADLINE + DAY, "school.missing_submission"),
    ],
    ids=["day_before_deadline", "day_of_deadline", "day_after_deadline"],
)
def test_no_file_is_a_reminder_until_the_deadline_then_missing(as_of, rule):
    found = _issues_for({"teachers": DEADLINE - 5 * DAY}, as_of)
    assert found == {("A", "students", rule)}


def test_last_quarters_file_still_stands_until_the_deadline():
    as_of = DEADLINE - DAY
    found = _issues_for({"students": dt.date(2025, 12, 20), "teachers": as_of}, as_of)
    assert found == {("A", "students", "school.not_yet_submitted")}
    older = _issues_for({"students": dt.date(2025, 9, 20), "teachers": as_of}, as_of)
    assert ("A", "students", "school.stale_submission") in older


def test_a_replaced_file_is_not_judged():
    files = _files([["A/old.xlsx", "A", dt.date(2025, 12, 1), "file"],
                    ["A/new.xlsx", "A", DEADLINE - DAY, "file"]])  # fmt: skip
    files.loc[0, "superseded_by"] = "A/new.xlsx"
    rows = {"students": pd.DataFrame({"source_file": ["A/old.xlsx", "A/new.xlsx"]}),
            "teachers": pd.DataFrame({"source_file": ["A/new.xlsx"]})}  # fmt: skip
    table = submissions_table(files, rows, PERIOD)
    assert school_issues(table, pd.Series(["A"]), PERIOD, DEADLINE + DAY).empty


def test_on_time_late_stale_and_missing_across_schools():
    files = _files([
        ["a/hs.xlsx", "A", dt.date(2026, 3, 20), "file"],
        ["a/gv.xlsx", "A", dt.date(2026, 3, 26), "file"],
        ["b/hs.xlsx", "B", dt.date(2025, 12, 20), "file"],
    ])  # fmt: skip
    rows = {
        "students": pd.DataFrame({"source_file": ["a/hs.xlsx", "a/hs.xlsx", "b/hs.xlsx"]}),
        "teachers": pd.DataFrame({"source_file": ["a/gv.xlsx"]}),
    }
    table = submissions_table(files, rows, PERIOD)
    assert table.set_index("source_file")["on_time"].to_dict() == {
        "a/hs.xlsx": True, "a/gv.xlsx": False, "b/hs.xlsx": False}  # fmt: skip
    assert table.set_index("source_file")["rows"].to_dict()["a/hs.xlsx"] == 2

    issues = school_issues(table, pd.Series(["A", "B", "C"]), PERIOD, dt.date(2026, 3, 26))
    found = sorted(zip(issues["school_code"], issues["dataset"], issues["rule"], strict=True))
    assert found == [
        ("A", "teachers", "school.late_submission"),
        ("B", "students", "school.missing_submission"),
        ("B", "students", "school.stale_submission"),
        ("B", "teachers", "school.missing_submission"),
        ("C", "students", "school.missing_submission"),
        ("C", "teachers", "school.missing_submission"),
    ]
    assert issues["message"].str.contains("Quý 1/2026").all()
    assert issues.loc[issues["rule"] == "school.missing_submission", "message"].str.contains(
        "25/03/2026").all()  # fmt: skip
