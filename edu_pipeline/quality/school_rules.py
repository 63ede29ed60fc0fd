"""School-level rules: which files count for this period, on time or not, and who is missing.

These rules are about submissions, not rows, so they are computed here from the file report
(the row-level rules live in the Great Expectations suites). Their wording is in
`reference/issue_messages.csv`.
"""

from __future__ import annotations

import pandas as pd

from edu_pipeline.quality.periods import Period
from edu_pipeline.reference import issue_rules

REQUIRED_DATASETS = ("students", "teachers")
SUBMISSION_COLUMNS = [
    "source_file", "school_code", "dataset", "report_date", "on_time", "rows",
    "report_date_source", "period", "deadline", "superseded_by",
]  # fmt: skip
ISSUE_COLUMNS = [
    "dataset", "school_code", "source_file", "sheet", "source_row", "column_name", "raw_value",
    "dimension", "rule", "severity", "action", "message",
]  # fmt: skip


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
    submissions: pd.DataFrame, registry_codes: pd.Series, period: Period
) -> pd.DataFrame:
    """Late or stale files (fresh) and required datasets a school did not send (complete)."""
    people = submissions[submissions["dataset"].isin(REQUIRED_DATASETS)]
    in_period = people["report_date"] >= period.start
    current = people["superseded_by"].isna()  # a replaced file is no longer the school's answer
    late = people[in_period & ~people["on_time"] & current]
    stale = people[~in_period & current]
    found = [
        _issue(late, "school.late_submission", period),
        _issue(stale, "school.stale_submission", period),
        _missing(people[in_period], registry_codes, period),
    ]
    return (
        pd.concat([f for f in found if not f.empty], ignore_index=True).reindex(
            columns=ISSUE_COLUMNS
        )
        if any(not f.empty for f in found)
        else pd.DataFrame(columns=ISSUE_COLUMNS)
    )


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


def _missing(in_period: pd.DataFrame, registry_codes: pd.Series, period: Period) -> pd.DataFrame:
    rule = issue_rules()["school.missing_submission"]
    expected = pd.MultiIndex.from_product(
        [registry_codes.dropna().unique(), REQUIRED_DATASETS], names=["school_code", "dataset"]
    )
    sent = pd.MultiIndex.from_frame(in_period[["school_code", "dataset"]].dropna())
    missing = expected.difference(sent).to_frame(index=False)
    names = {"students": "danh sách học sinh", "teachers": "danh sách cán bộ, giáo viên, nhân viên"}
    missing["message"] = missing["dataset"].map(
        lambda d: rule["message_vi"].format(
            dataset=names[d],
            period=period.label_vi,
            deadline=period.deadline.strftime("%d/%m/%Y"),
        )
    )
    return missing.assign(
        dimension=rule["dimension"], rule="school.missing_submission",
        severity=rule["severity"], action=rule["action"],
    )  # fmt: skip
