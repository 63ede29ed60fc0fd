"""One Vietnamese feedback workbook per school: its scores and every row it should fix.

The school sees the file, sheet, Excel row number, column, the value it typed, what is wrong
and what the pipeline did. Values it typed are written back as text even when they start with
"=", "+", "-" or "@", so a value can never run as a formula in the school's Excel.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from edu_pipeline.reference import read_reference_csv

FEEDBACK_DIR = "feedback"
ISSUE_HEADERS = [
    "Tệp", "Trang tính", "Dòng", "Cột", "Giá trị đã nhập", "Vấn đề và cách sửa", "Mức độ",
    "Hệ thống đã",
]  # fmt: skip
ISSUE_WIDTHS = [38, 14, 7, 20, 26, 90, 10, 22]


@cache
def labels(kind: str) -> dict[str, str]:
    """Vietnamese labels of dimensions, actions, severities, datasets."""
    return {
        r["code"]: r["label_vi"] for r in read_reference_csv("dq_labels.csv") if r["kind"] == kind
    }


@cache
def column_labels() -> dict[str, str]:
    return {r["field"]: r["label_vi"] for r in read_reference_csv("fields.csv")}


def write_feedback_workbooks(
    schools: pd.DataFrame,
    issues: pd.DataFrame,
    scorecard: pd.DataFrame,
    out_dir: Path,
    period: str,
) -> list[Path]:
    """Write `<out_dir>/<school_code>.xlsx` for every school of the registry."""
    out_dir.mkdir(parents=True, exist_ok=True)
    issues_by_school = dict(tuple(issues.groupby("school_code", sort=False)))
    scores_by_school = dict(tuple(scorecard.groupby("school_code", sort=False)))
    written = []
    empty_issues, empty_scores = issues.iloc[0:0], scorecard.iloc[0:0]
    for school in schools.itertuples(index=False):
        path = out_dir / f"{school.school_code}.xlsx"
        _write_workbook(
            path,
            school,
            issues_by_school.get(school.school_code, empty_issues),
            scores_by_school.get(school.school_code, empty_scores),
            period,
        )
        written.append(path)
    return written


def _write_workbook(
    path: Path, school, issues: pd.DataFrame, scores: pd.DataFrame, period: str
) -> None:
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, school, issues, scores, period)
    _issues_sheet(workbook, issues)
    tmp = path.with_name(path.name + ".tmp")
    workbook.save(tmp)
    os.replace(tmp, path)


def _summary_sheet(
    workbook: Workbook, school, issues: pd.DataFrame, scores: pd.DataFrame, period: str
) -> None:
    sheet = workbook.create_sheet("Tổng quan")
    sheet.column_dimensions["A"].width = 42
    sheet.append([_bold(sheet, "PHẢN HỒI CHẤT LƯỢNG DỮ LIỆU - SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK")])
    sheet.append([f"Trường: {school.school_name or ''} (mã {school.school_code})"])
    sheet.append([f"Kỳ báo cáo: {period}"])
    sheet.append([])
    sheet.append(
        [
            _bold(sheet, "Điểm chất lượng (%)"),
            *(_bold(sheet, v) for v in labels("dimension").values()),
        ]
    )
    pivot = scores.pivot_table(index="dataset", columns="dimension", values="score", aggfunc="mean")
    for dataset, row in pivot.iterrows():
        values = [
            None if pd.isna(row.get(d)) else round(100 * row.get(d), 1) for d in labels("dimension")
        ]
        sheet.append([labels("dataset").get(dataset, dataset), *values])
    sheet.append([])
    sheet.append([_bold(sheet, "Số vấn đề theo cách xử lý")])
    counts = issues["action"].value_counts()
    for action, label in labels("action").items():
        sheet.append([label, int(counts.get(action, 0))])
    sheet.append([])
    if issues.empty:
        sheet.append(["Không có vấn đề nào cần sửa. Cảm ơn nhà trường!"])
    else:
        sheet.append(["Chi tiết từng dòng cần sửa ở trang «Cần sửa»."])


def _issues_sheet(workbook: Workbook, issues: pd.DataFrame) -> None:
    sheet = workbook.create_sheet("Cần sửa")
    for index, width in enumerate(ISSUE_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, header) for header in ISSUE_HEADERS])
    ordered = issues.sort_values(["source_file", "sheet", "source_row"], na_position="first")
    columns = column_labels()
    for issue in ordered.itertuples(index=False):
        column = str(issue.column_name or "").removeprefix("raw_")
        sheet.append([
            _text(sheet, issue.source_file), _text(sheet, issue.sheet),
            None if pd.isna(issue.source_row) else int(issue.source_row),
            columns.get(column, column), _text(sheet, issue.raw_value), issue.message,
            labels("severity").get(issue.severity, issue.severity),
            labels("action").get(issue.action, issue.action),
        ])  # fmt: skip


def _bold(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _text(sheet, value) -> WriteOnlyCell | None:
    """A cell that always holds text: values starting like a formula are never evaluated."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    cell = WriteOnlyCell(sheet, value=str(value))
    cell.data_type = "s"
    return cell
