"""Submissions: on time or late or stale; required datasets missing per registry school."""

import datetime as dt

import pandas as pd

from edu_pipeline.quality.periods import Period
from edu_pipeline.quality.school_rules import school_issues, submissions_table

PERIOD = Period.containing(dt.date(2026, 3, 26))


def _files(rows):
    frame = pd.DataFrame(rows, columns=["source_file", "school_code", "report_date",
                                        "report_date_source"])  # fmt: skip
    return frame.assign(superseded_by=None)


def test_on_time_late_stale_and_missing():
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

    issues = school_issues(table, pd.Series(["A", "B", "C"]), PERIOD)
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
