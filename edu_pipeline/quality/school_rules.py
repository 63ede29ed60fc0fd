"""School-level rules: which files count for this period, on time or not, and who is missing.

These rules are about submissions, not rows, so they are computed here from the file report
(the row-level rules live in the Great Expectations suites). Their wording is in
`reference/issue_messages.csv`.

Until the deadline (the 25th of the quarter's last month, inclusive) a school still has time:
a dataset not sent yet is a reminder (`school.not_yet_submitted`, warning) and last quarter's
file is still its latest answer. From the day after, the dataset is missing
(`school.missing_submission`, error) and an earlier quarter's file is stale.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from edu_pipeline.quality.periods import Period
from edu_pipeline.reference import issue_rules

REQUIRED_DATASETS = ("students", "teachers")
OPTIONAL_DATASETS = ("fees",)  # reported when sent, never missing
ABSENCE_RULES = ("school.missing_submission", "school.not_yet_submitted")
SUBMISSION_COLUMNS = [
    "source_file", "school_code", "dataset", "report_date", "on_time", "rows",
    "report_date_source", "period", "deadline", "superseded_by",
]  # fmt: skip
ISSUE_COLUMNS = [
    "dataset", "school_code", "source_file", "sheet", "source_row", "column_name", "raw_value",
    "dimension", "rule", "severity", "action", "message",
]  # fmt: skip
DATASET_NAMES_VI = {
    "students": "danh sách học sinh",
    "teachers": "danh sách cán bộ, giáo viên, nhân viên",
}


def submissions_table(
    files: pd.DataFrame, dataset_rows: dict[str, pd.DataFrame], period: Period
) -> pd.DataFrame:
    """One row per (file, dataset) read, with the period it counts for and whether on time."""
    counts = [
        rows.groupby("source_file").size().rename("rows").reset_index().assign(dataset=dataset)
        for dataset, rows in dataset_rows.items()
        if not rows.empty
    ]
    if not counts:
        return pd.DataFrame(columns=SUBMISSION_COLUMNS)
    per_file = pd.concat(counts, ignore_index=True)
    table = per_file.merge(
        files[["source_file", "school_code", "report_date", "report_date_source", "superseded_by"]],
        on="source_file",
        how="left",
    )
    report = pd.to_datetime(table["report_date"]).dt.date
    table["report_date"] = report
    table["on_time"] = (report >= period.start) & (report <= period.deadline)
    table["period"] = period.label
    table["deadline"] = period.deadline
    return table[SUBMISSION_COLUMNS]


def school_issues(
    submissions: pd.DataFrame, registry_codes: pd.Series, period: Period, as_of: dt.date
) -> pd.DataFrame:
    """Late or stale files (fresh) and required datasets a school did not send (complete).

    Example: as of 20/03/2026 (before the Q1 deadline) a school without a students list gets
    `school.not_yet_submitted`; as of 26/03/2026 it gets `school.missing_submission`.
    """
    people = submissions[submissions["dataset"].isin(REQUIRED_DATASETS)]
    in_period = people["report_date"] >= period.start
    current = people["superseded_by"].isna()  # a replaced file is no longer the school's answer
    late = people[in_period & ~people["on_time"] & current]
    stale = people[~in_period & current & (people["report_date"] < _stale_before(period, as_of))]
    absence = "school.missing_submission" if as_of > period.deadline else "school.not_yet_submitted"
    found = [
        _issue(late, "school.late_submission", period),
        _issue(stale, "school.stale_submission", period),
        _absent(people[in_period], registry_codes, period, absence),
    ]
    found = [f for f in found if not f.empty]
    if not found:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    return pd.concat(found, ignore_index=True).reindex(columns=ISSUE_COLUMNS)


def _stale_before(period: Period, as_of: dt.date) -> dt.date:
    """Files dated before this day are stale: this quarter's start once its deadline passed,
    else the previous quarter's start (last quarter's file still stands until the deadline)."""
    if as_of > period.deadline:
        return period.start
    return Period.containing(period.start - dt.timedelta(days=1)).start


def _issue(files: pd.DataFrame, rule_id: str, period: Period) -> pd.DataFrame:
    rule = issue_rules()[rule_id]
    messages = files["report_date"].map(
        lambda day: rule["message_vi"].format(
            report_date=day.strftime("%d/%m/%Y"),
            deadline=period.deadline.strftime("%d/%m/%Y"),
            period=period.label_vi,
        )
    )
    return pd.DataFrame({
        "dataset": files["dataset"], "school_code": files["school_code"],
        "source_file": files["source_file"], "column_name": "report_date",
        "raw_value": files["report_date"].astype(str), "dimension": rule["dimension"],
        "rule": rule_id, "severity": rule["severity"], "action": rule["action"],
        "message": messages,
    })  # fmt: skip


def _absent(
    in_period: pd.DataFrame, registry_codes: pd.Series, period: Period, rule_id: str
) -> pd.DataFrame:
    rule = issue_rules()[rule_id]
    expected = pd.MultiIndex.from_product(
        [registry_codes.dropna().unique(), REQUIRED_DATASETS], names=["school_code", "dataset"]
    )
    sent = pd.MultiIndex.from_frame(in_period[["school_code", "dataset"]].dropna())
    absent = expected.difference(sent).to_frame(index=False)
    absent["message"] = absent["dataset"].map(
        lambda d: rule["message_vi"].format(
            dataset=DATASET_NAMES_VI[d],
            period=period.label_vi,
            deadline=period.deadline.strftime("%d/%m/%Y"),
        )
    )
    return absent.assign(
        dimension=rule["dimension"], rule=rule_id, severity=rule["severity"],
        action=rule["action"],
    )  # fmt: skip
