"""One school at a glance, for the per-school view of the Dagster UI and `edu-pipeline status`.

An officer who picks a school wants what the school's feedback workbook opens with: what it
sent and when, how many rows were taken, set aside or merged, how many problems per quality
dimension and the scores, and where the workbook is. Counts and file names only: no person.

Example::

    facts = school_facts(dim_school, submissions, file_report, source_rows, dq_issues,
                         dq_scorecard)
    facts["54103646"].scores  # {"correct": 0.99, ...}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from edu_pipeline.quality.scorecard import school_dimension_scores

DIMENSIONS = ("correct", "complete", "clean", "fresh")


@dataclass
class SchoolFacts:
    """What one school sent this period and how good it was."""

    code: str
    name: str
    files: pd.DataFrame  # source_file, dataset, report_date, rows, status
    rows: dict[str, int] = field(default_factory=dict)  # published / merged / quarantined
    findings: dict[str, int] = field(default_factory=dict)  # per dimension
    scores: dict[str, float] = field(default_factory=dict)  # per dimension, 0-1


def school_facts(
    schools: pd.DataFrame,
    submissions: pd.DataFrame,
    files: pd.DataFrame,
    source_rows: pd.DataFrame,
    issues: pd.DataFrame,
    scorecard: pd.DataFrame,
) -> dict[str, SchoolFacts]:
    """Facts of every registry school, each table grouped once (not filtered per school)."""
    sent = _file_statuses(submissions, files)
    by_file = dict(tuple(sent.drop(columns="school_code").groupby(sent["school_code"])))
    rows = _counts(source_rows, "row_status")
    findings = _counts(issues, "dimension")
    scores = school_dimension_scores(scorecard)
    score_by_school = {code: row.dropna().to_dict() for code, row in scores.iterrows()}
    empty = pd.DataFrame(columns=FILE_COLUMNS)
    facts = {}
    for code, name in zip(schools["school_code"], schools["school_name"], strict=True):
        facts[code] = SchoolFacts(
            code, name, by_file.get(code, empty), rows.get(code, {}), findings.get(code, {}),
            score_by_school.get(code, {}),
        )  # fmt: skip
    return facts


FILE_COLUMNS = ["source_file", "dataset", "report_date", "rows", "status"]


def _file_statuses(submissions: pd.DataFrame, files: pd.DataFrame) -> pd.DataFrame:
    """Each file a school sent: on time, late, superseded, or why it could not be used."""
    after_deadline = pd.to_datetime(submissions["report_date"]) > pd.to_datetime(
        submissions["deadline"]
    )
    read = submissions.assign(status="stale")  # dated before the period
    read.loc[after_deadline.to_numpy(), "status"] = "late"
    read.loc[submissions["on_time"].fillna(False).astype(bool).to_numpy(), "status"] = "on_time"
    read.loc[read["superseded_by"].notna(), "status"] = "superseded"
    unusable = files[files["status"] != "ok"].assign(
        dataset=None, rows=0, status=lambda f: "unusable: " + f["reason"].fillna(f["status"])
    )
    both = pd.concat([read, unusable], ignore_index=True)
    return both[["school_code", *FILE_COLUMNS]].dropna(subset=["school_code"])


def _counts(frame: pd.DataFrame, column: str) -> dict[str, dict[str, int]]:
    counts = frame.dropna(subset=["school_code"]).groupby(["school_code", column]).size()
    by_school: dict[str, dict[str, int]] = {}
    for (code, value), n in zip(counts.index.tolist(), counts.tolist(), strict=True):
        by_school.setdefault(code, {})[value] = n
    return by_school
