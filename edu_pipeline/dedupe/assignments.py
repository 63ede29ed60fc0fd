"""Where each member of staff works: one row per person and school.

A teacher who teaches at two schools (common for music, PE and IT in small communes) is one
person in `dim_teacher` and two assignments here, unlike a pupil listed by two schools, which
is a finding. Only current files count: a file its school replaced says where someone used to
work.
"""

from __future__ import annotations

import pandas as pd

ASSIGNMENT_COLUMNS = [
    "teacher_key", "school_code", "position", "subject", "employment_status",
    "first_report_date", "last_report_date", "source_file", "source_row",
]  # fmt: skip


def staff_assignments(rows: pd.DataFrame, identities: pd.DataFrame) -> pd.DataFrame:
    """Per (person, school): the newest row's position and subject, and when it was reported."""
    current = rows[rows["superseded_by"].isna()].merge(
        identities[["row_id", "person_key"]], on="row_id"
    )
    current = current.dropna(subset=["school_code"]).rename(columns={"person_key": "teacher_key"})
    newest_first = current.sort_values(
        ["teacher_key", "school_code", "report_date", "source_file", "source_row"],
        ascending=[True, True, False, True, True],
        kind="stable",
    )
    grouped = newest_first.groupby(["teacher_key", "school_code"], sort=True)
    assignments = grouped.first()[["position", "subject", "employment_status", "source_file",
                                   "source_row", "report_date"]]  # fmt: skip
    assignments["first_report_date"] = grouped["report_date"].min()
    assignments = assignments.rename(columns={"report_date": "last_report_date"})
    return assignments.reset_index()[ASSIGNMENT_COLUMNS]
