"""The detail sheets of a school's workbook: one per dataset, one for files, one for duplicates.

Each line points at a place the school can open: file, sheet, Excel row number as the school
sees it, column header; then the value sent, the problem, how to fix it, how serious it is and
what the pipeline already did. Duplicates get their own sheet because a merged row only makes
sense next to the rows it was merged with.
"""

from __future__ import annotations

from openpyxl import Workbook

from edu_pipeline.publish.feedback_cells import (
    bold_row,
    row_cells,
    table_layout,
    text_cell,
)
from edu_pipeline.publish.feedback_model import Finding
from edu_pipeline.publish.feedback_text import as_text, explanations, labels, split_message

FILES_SHEET = "Tệp"
DATASET_SHEETS = {"registry": "Danh mục trường", "students": "Học sinh", "teachers": "Cán bộ GV NV",
                  "fees": "Thu phí"}  # fmt: skip
DUPLICATES_SHEET = "Trùng lặp"
SHEET_ORDER = (FILES_SHEET, *DATASET_SHEETS.values(), DUPLICATES_SHEET)
SHEET_PURPOSE = {
    FILES_SHEET: "Tệp không đọc được, trang tính không nhận ra, nộp muộn, dữ liệu cũ hoặc "
    "chưa nộp danh sách.",
    "Danh mục trường": "Các ô cần sửa trong danh mục trường.",
    "Học sinh": "Các ô cần sửa trong danh sách học sinh.",
    "Cán bộ GV NV": "Các ô cần sửa trong danh sách cán bộ, giáo viên, nhân viên.",
    "Thu phí": "Các ô cần sửa trong báo cáo thu phí (khoản thu, số tiền, hình thức thu).",
    DUPLICATES_SHEET: "Các dòng trùng người, trùng mã học sinh, học sinh có tên ở trường khác.",
}
FINDING_HEADERS = (
    "Tệp", "Trang tính", "Dòng", "Cột", "Giá trị đã gửi", "Vấn đề", "Cách sửa", "Mức độ",
    "Hệ thống đã",
)  # fmt: skip
FINDING_WIDTHS = (34, 16, 7, 20, 24, 60, 60, 10, 22)
WRAPPED = frozenset({5, 6})  # problem, fix
GROUP_HEADERS = ("Nhóm", "Loại")
GROUP_WIDTHS = (7, 20)
GROUP_INTRO = (
    "Các dòng có cùng số ở cột «Nhóm» là cùng một người (hoặc cùng một mã học sinh). "
    "Giải thích từng loại:"
)
DEDUPE_ORDER = (
    "dedupe.duplicate_person", "dedupe.id_conflict", "dedupe.listed_by_two_schools",
    "dedupe.superseded_only",
)  # fmt: skip
SCHOOL_LEVEL_PREFIXES = ("file.", "sheet.", "school.")


def sheet_for(finding: Finding) -> str:
    """The sheet a finding is listed on: each finding appears exactly once in the workbook."""
    if finding.rule.startswith("dedupe."):
        return DUPLICATES_SHEET
    if finding.rule.startswith(SCHOOL_LEVEL_PREFIXES):
        return FILES_SHEET
    return DATASET_SHEETS.get(finding.dataset, FILES_SHEET)


def plan_sheets(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Sheet name -> its findings (already in file/sheet/row order), in workbook order."""
    planned: dict[str, list[Finding]] = {}
    for finding in findings:
        planned.setdefault(sheet_for(finding), []).append(finding)
    return {name: planned[name] for name in SHEET_ORDER if name in planned}


def _finding_values(finding: Finding) -> list[object]:
    problem, fix = split_message(finding.message)
    return [
        finding.file, finding.sheet, finding.row, finding.column, finding.value, problem, fix,
        labels("severity").get(finding.severity, finding.severity),
        labels("action").get(finding.action, finding.action),
    ]  # fmt: skip


def write_findings_sheet(workbook: Workbook, name: str, findings: list[Finding]) -> None:
    """A table of findings: frozen header, filter, wrapped problem and fix."""
    sheet = workbook.create_sheet(name)
    table_layout(sheet, FINDING_WIDTHS, header_row=1, data_rows=len(findings))
    sheet.append(bold_row(sheet, FINDING_HEADERS, header=True))
    for finding in findings:
        sheet.append(row_cells(sheet, _finding_values(finding), WRAPPED))


def _group_key(finding: Finding) -> tuple:
    if finding.rule == "dedupe.duplicate_person":  # the message names the row that was kept
        return (finding.rule, finding.dataset, finding.message)
    if finding.rule == "dedupe.id_conflict":  # rows sharing one Ministry student ID
        return (finding.rule, finding.dataset, as_text(finding.value))
    return (finding.rule, finding.dataset, finding.place)


def duplicate_groups(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped so one group is one person (or one shared ID), kinds in a fixed order.

    A merged row's group is every row merged into the same kept row; a pupil listed by
    another school, or left only in a replaced file, is a group of one.
    """
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(_group_key(finding), []).append(finding)

    def rank(group: list[Finding]) -> tuple:
        rule = group[0].rule
        order = DEDUPE_ORDER.index(rule) if rule in DEDUPE_ORDER else len(DEDUPE_ORDER)
        return (order, group[0].place)

    return sorted(groups.values(), key=rank)


def write_duplicates_sheet(workbook: Workbook, findings: list[Finding]) -> None:
    """Duplicates and two-school listings, one numbered group per person, under a note that
    explains each kind (what the system did and what the school should do)."""
    sheet = workbook.create_sheet(DUPLICATES_SHEET)
    groups = duplicate_groups(findings)
    kinds = [rule for rule in DEDUPE_ORDER if any(g[0].rule == rule for g in groups)]
    kinds += sorted({g[0].rule for g in groups} - set(kinds))
    header_row = 2 + len(kinds) + 2  # title, intro, one note per kind, a blank row
    table_layout(
        sheet, (*GROUP_WIDTHS, *FINDING_WIDTHS), header_row=header_row, data_rows=len(findings)
    )
    sheet.append([text_cell(sheet, "CÁC DÒNG TRÙNG LẶP", style="title")])
    sheet.append([text_cell(sheet, GROUP_INTRO)])
    for rule in kinds:
        label = labels("dedupe").get(rule, rule)
        sheet.append([text_cell(sheet, f"{label}: {explanations('dedupe').get(rule, '')}")])
    sheet.append([])
    sheet.append(bold_row(sheet, (*GROUP_HEADERS, *FINDING_HEADERS), header=True))
    wrapped = frozenset(i + len(GROUP_HEADERS) for i in WRAPPED)
    for number, group in enumerate(groups, 1):
        kind = labels("dedupe").get(group[0].rule, group[0].rule)
        for finding in group:
            sheet.append(row_cells(sheet, [number, kind, *_finding_values(finding)], wrapped))
