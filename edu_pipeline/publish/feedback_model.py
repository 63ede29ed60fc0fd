"""What one school's feedback workbook says, gathered once from the province-wide tables.

`dq_issues`, `dq_scorecard` and `submissions` cover all 1,379 schools. Grouping them per school
in one pass (instead of filtering frames once per school) keeps writing every workbook fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd

from edu_pipeline.fingerprints import row_hash_totals
from edu_pipeline.publish.feedback_text import column_label
from edu_pipeline.quality.periods import Period

_FINDING_COLUMNS = [
    "school_code", "rule", "dataset", "source_file", "sheet", "source_row", "column_name",
    "raw_value", "message", "severity", "action",
]  # fmt: skip
_FILE_COLUMNS = [
    "school_code", "dataset", "source_file", "report_date", "on_time", "rows", "superseded_by",
]  # fmt: skip
_SCORE_COLUMNS = ["school_code", "dataset", "dimension", "checked", "passed"]


class Finding(NamedTuple):
    """One line the school reads: where (file, sheet, Excel row, column), what and what to do.

    A tuple, not a dataclass: a province run has ~300,000 of them, built and sent to worker
    processes in a few seconds. The message is split into problem and fix when written, in
    the worker processes.
    """

    rule: str
    dataset: str
    file: str | None
    sheet: str | None
    row: int | None
    column: str
    value: object
    message: str
    severity: str
    action: str

    @property
    def place(self) -> tuple[str, str, int]:
        """Sort key: file, sheet, row, with file- and sheet-level findings first."""
        return (self.file or "", self.sheet or "", -1 if self.row is None else self.row)


@dataclass(frozen=True, slots=True)
class SubmittedFile:
    """A file the school sent for one dataset, as the submissions table saw it."""

    dataset: str
    source_file: str
    report_date: dt.date | None
    on_time: bool
    rows: int | None
    superseded_by: str | None


@dataclass(frozen=True)
class Reporting:
    """The period the workbooks report on and the day the data was gathered."""

    period: Period
    as_of: dt.date

    @property
    def deadline_passed(self) -> bool:
        """The deadline day itself still counts as on time (as in `school_rules`)."""
        return self.as_of > self.period.deadline


@dataclass(frozen=True)
class SchoolFeedback:
    """Everything one school's workbook shows."""

    code: str
    name: str
    findings: list[Finding] = field(default_factory=list)
    scores: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    files: list[SubmittedFile] = field(default_factory=list)


def _present(value: object) -> bool:
    return value is not None and not (pd.api.types.is_scalar(value) and pd.isna(value))


def _text_or_none(value: object) -> str | None:
    return str(value) if _present(value) else None


def _texts(column: pd.Series) -> list[str]:
    return column.where(column.notna(), "").astype(str).tolist()


def _optional(column: pd.Series) -> list[object]:
    return column.astype(object).where(column.notna(), None).tolist()


def findings_by_school(issues: pd.DataFrame) -> dict[str, list[Finding]]:
    """Findings per school, in file/sheet/row order, with the school's column headers.

    Findings without a school (a file nobody could attribute) belong to no workbook.
    """
    frame = issues.reindex(columns=_FINDING_COLUMNS)
    frame = frame[frame["school_code"].notna()]
    files = [None if f is None else str(f) for f in _optional(frame["source_file"])]
    sheets = [None if s is None else str(s) for s in _optional(frame["sheet"])]
    excel_rows = pd.to_numeric(frame["source_row"], errors="coerce").tolist()
    rows = [None if r != r else int(r) for r in excel_rows]  # NaN != NaN
    datasets, columns = _texts(frame["dataset"]), _optional(frame["column_name"])
    labels = {pair: column_label(*pair) for pair in set(zip(datasets, columns, strict=True))}
    found: dict[str, list[Finding]] = {}
    for code, rule, dataset, file, sheet, row, column, value, message, severity, action in zip(
        _texts(frame["school_code"]), _texts(frame["rule"]), datasets, files, sheets, rows,
        columns, _optional(frame["raw_value"]), _texts(frame["message"]), _texts(frame["severity"]),
        _texts(frame["action"]), strict=True,
    ):  # fmt: skip
        found.setdefault(code, []).append(Finding(
            rule, dataset, file, sheet, row, labels[(dataset, column)], value, message, severity,
            action,
        ))  # fmt: skip
    for school_findings in found.values():
        school_findings.sort(key=lambda f: f.place)
    return found


def scores_by_school(scorecard: pd.DataFrame) -> dict[str, dict[tuple[str, str], tuple[int, int]]]:
    """(checked, passed) per school, dataset and dimension: the workbook adds them up for the
    overall row and column, so every percentage is a share of checks passed."""
    found: dict[str, dict[tuple[str, str], tuple[int, int]]] = {}
    for code, dataset, dimension, checked, passed in zip(
        *(scorecard[c].tolist() for c in _SCORE_COLUMNS), strict=True
    ):
        if _present(code) and _present(checked) and _present(passed):
            found.setdefault(str(code), {})[(dataset, dimension)] = (int(checked), int(passed))
    return found


def submissions_by_school(submissions: pd.DataFrame) -> dict[str, list[SubmittedFile]]:
    """The files each school sent, per dataset, oldest report date first."""
    frame = submissions.reindex(columns=_FILE_COLUMNS)
    frame = frame[frame["school_code"].notna()]
    days = pd.to_datetime(frame["report_date"], errors="coerce")
    found: dict[str, list[SubmittedFile]] = {}
    for code, dataset, file, day, on_time, rows, superseded_by in zip(
        frame["school_code"].tolist(), frame["dataset"].tolist(), frame["source_file"].tolist(),
        days.tolist(), frame["on_time"].tolist(), frame["rows"].tolist(),
        frame["superseded_by"].tolist(), strict=True,
    ):  # fmt: skip
        found.setdefault(str(code), []).append(SubmittedFile(
            dataset=str(dataset), source_file=str(file),
            report_date=day.date() if _present(day) else None,
            on_time=bool(on_time) if _present(on_time) else False,
            rows=int(rows) if _present(rows) else None, superseded_by=_text_or_none(superseded_by),
        ))  # fmt: skip
    for files in found.values():
        files.sort(key=lambda f: (f.report_date or dt.date.min, f.source_file))
    return found


def content_by_school(
    issues: pd.DataFrame, scorecard: pd.DataFrame, submissions: pd.DataFrame
) -> dict[str, str]:
    """Per school, a summary of every row its workbook is made of (findings, scores, files).

    Column operations over the province's ~300,000 findings, so deciding which workbooks
    changed costs no Python work per finding. Each table's rows are hashed and summed per
    school (with their count): the workbook sorts its rows itself, so their order in the
    tables does not matter.
    """
    found: dict[str, str] = {}
    for frame, columns in ((issues, _FINDING_COLUMNS), (scorecard, _SCORE_COLUMNS),
                           (submissions, _FILE_COLUMNS)):  # fmt: skip
        rows = frame.reindex(columns=columns)
        rows = rows[rows["school_code"].notna()].astype(str)  # one hash per value, any dtype
        for code, (n, total, _) in row_hash_totals(rows, "school_code", columns).items():
            found[code] = found.get(code, "") + f"{total}:{n};"
    return found
