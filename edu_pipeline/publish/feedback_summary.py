"""The "Tổng quan" sheet: who, which period, the verdict, scores, what was received, counts.

A head teacher reads this sheet first and may read nothing else, so it says in plain words
whether the school has sent its lists for the period, whether the deadline has passed, and
how many problems wait in the other sheets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from edu_pipeline.publish.feedback_cells import (
    bold_row,
    row_cells,
    set_widths,
    text_cell,
)
from edu_pipeline.publish.feedback_model import Finding, Reporting, SchoolFeedback, SubmittedFile
from edu_pipeline.publish.feedback_sheets import SHEET_PURPOSE
from edu_pipeline.publish.feedback_text import day_text, explanations, labels
from edu_pipeline.quality.periods import Period
from edu_pipeline.quality.school_rules import OPTIONAL_DATASETS, REQUIRED_DATASETS

SUMMARY_SHEET = "Tổng quan"
TITLE = "PHẢN HỒI CHẤT LƯỢNG DỮ LIỆU - SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK"
SUMMARY_WIDTHS = (40, 36, 14, 10, 28, 12)
OVERALL = "Chung"
SCORE_HEADER = "Điểm chất lượng (%)"
SUBMISSION_HEADERS = (
    "Tình hình nộp dữ liệu", "Tệp", "Ngày báo cáo", "Số dòng", "Tình trạng", "Ghi chú",
)  # fmt: skip
COUNT_HEADERS = ("Số vấn đề theo cách xử lý", "Lỗi", "Cảnh báo", "Tổng")


def write_summary_sheet(
    workbook: Workbook, school: SchoolFeedback, reporting: Reporting, sheet_names: list[str]
) -> None:
    """The first sheet of every workbook, including a school that sent nothing."""
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    set_widths(sheet, SUMMARY_WIDTHS)
    period = reporting.period
    sheet.append([text_cell(sheet, TITLE, style="title")])
    sheet.append([])
    for label, value in (
        ("Trường", school.name), ("Mã trường", school.code), ("Kỳ báo cáo", period.label_vi),
        ("Hạn nộp", day_text(period.deadline)), ("Ngày tổng hợp", day_text(reporting.as_of)),
    ):  # fmt: skip
        sheet.append([*bold_row(sheet, [label]), text_cell(sheet, value)])
    sheet.append([])
    _section(sheet, "KẾT LUẬN", [[line] for line in conclusion(school, reporting)])
    _table(sheet, [SCORE_HEADER, *labels("dimension").values(), OVERALL], score_rows(school))
    for code, label in labels("dimension").items():
        sheet.append([text_cell(sheet, f"{label}: {explanations('dimension')[code]}")])
    sheet.append([])
    _table(sheet, SUBMISSION_HEADERS, submission_rows(school.files, reporting))
    _table(sheet, COUNT_HEADERS, count_rows(school.findings))
    _section(sheet, "CÁCH DÙNG TỆP NÀY", how_to_rows(sheet_names))


def _section(sheet: WriteOnlyWorksheet, title: str, rows: list[list[object]]) -> None:
    sheet.append(bold_row(sheet, [title]))
    for row in rows:
        sheet.append(row_cells(sheet, row))
    sheet.append([])


def _table(sheet: WriteOnlyWorksheet, headers: Sequence[str], rows: list[list[object]]) -> None:
    sheet.append(bold_row(sheet, headers, header=True))
    for row in rows:
        sheet.append(row_cells(sheet, row))
    sheet.append([])


def _count(number: int) -> str:
    """Thousands grouped with dots, as Vietnamese writes them.

    >>> _count(2682)
    '2.682'
    """
    return f"{number:,}".replace(",", ".")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _missing_datasets(files: list[SubmittedFile], period: Period) -> list[str]:
    """Required datasets with no current file dated in the period."""
    current = {
        f.dataset
        for f in files
        if f.superseded_by is None and f.report_date is not None and f.report_date >= period.start
    }
    return [d for d in REQUIRED_DATASETS if d not in current]


def _submit_advice(reporting: Reporting) -> str:
    deadline = day_text(reporting.period.deadline)
    if reporting.deadline_passed:
        return f"Đã quá hạn nộp ngày {deadline}. Đề nghị nộp ngay."
    return f"Đề nghị nộp trước ngày {deadline}."


def conclusion(school: SchoolFeedback, reporting: Reporting) -> list[str]:
    """The verdict in one or a few sentences, each "<problem>. Đề nghị <what to do>."."""
    period = reporting.period
    names = [_lower_first(labels("dataset")[d]) for d in REQUIRED_DATASETS]
    if not school.files:
        unreadable = any(f.rule.startswith(("file.", "sheet.")) for f in school.findings)
        sent = " (các tệp đã gửi không đọc được, xem trang «Tệp»)" if unreadable else ""
        return [
            f"Nhà trường chưa nộp dữ liệu nào của kỳ {period.label_vi}{sent}.",
            f"Cần nộp {' và '.join(names)}. {_submit_advice(reporting)}",
        ]
    lines = [
        f"Nhà trường chưa nộp {_lower_first(labels('dataset')[d])} của kỳ {period.label_vi}. "
        + _submit_advice(reporting)
        for d in _missing_datasets(school.files, period)
    ]
    severities = Counter(f.severity for f in school.findings)
    if school.findings:
        lines.append(
            f"Có {_count(len(school.findings))} vấn đề cần xem: {_count(severities['error'])} lỗi "
            f"và {_count(severities['warning'])} cảnh báo. Đề nghị xem các trang chi tiết, sửa "
            "trong tệp gốc của trường rồi gửi lại."
        )
    else:
        lines.append("Dữ liệu đã nộp không có vấn đề nào cần sửa. Cảm ơn nhà trường!")
    return lines


def _percent(checked: int, passed: int) -> float | None:
    return round(100 * passed / checked, 1) if checked else None


def score_rows(school: SchoolFeedback) -> list[list[object]]:
    """Percent of checks passed per dataset × dimension, an overall column and row."""
    if not school.scores:
        return [["Chưa có dữ liệu để chấm điểm."]]
    dimensions = list(labels("dimension"))
    datasets = [d for d in labels("dataset") if any((d, m) in school.scores for m in dimensions)]
    datasets += sorted({d for d, _ in school.scores} - set(datasets))

    def percent(cells: list[tuple[int, int]]) -> float | None:
        return _percent(sum(c for c, _ in cells), sum(p for _, p in cells))

    rows = []
    for dataset in datasets:
        cells = [school.scores.get((dataset, m)) for m in dimensions]
        rows.append([
            labels("dataset").get(dataset, dataset),
            *(None if c is None else _percent(*c) for c in cells),
            percent([c for c in cells if c is not None]),
        ])  # fmt: skip
    per_dimension = [[v for (_, m), v in school.scores.items() if m == d] for d in dimensions]
    rows.append(["Toàn trường", *(percent(c) for c in per_dimension),
                 percent(list(school.scores.values()))])  # fmt: skip
    return rows


def _file_status(file: SubmittedFile, period: Period) -> tuple[str, str]:
    """(status label, note) of one received file."""
    status = labels("submission")
    if file.superseded_by is not None:
        return status["superseded"], f"Thay bằng tệp «{file.superseded_by}»"
    if file.report_date is None:
        return status["undated"], ""
    if file.report_date < period.start:
        return status["stale"], f"Thuộc {Period.containing(file.report_date).label_vi}"
    if file.on_time:
        return status["on_time"], ""
    return status["late"], f"Sau hạn nộp {day_text(period.deadline)}"


def submission_rows(files: list[SubmittedFile], reporting: Reporting) -> list[list[object]]:
    """Each required dataset: the files received (date, rows, status), or «Chưa nộp» when no
    current file is dated in the period; optional reports (fees) only when sent."""
    period = reporting.period
    missing = set(_missing_datasets(files, period))
    rows: list[list[object]] = []
    for dataset in (*REQUIRED_DATASETS, *OPTIONAL_DATASETS):
        label = labels("dataset")[dataset]
        for file in (f for f in files if f.dataset == dataset):
            status, note = _file_status(file, period)
            rows.append([label, file.source_file, file.report_date, file.rows, status, note])
        if dataset in missing:
            rows.append([label, None, None, None, labels("submission")["missing"],
                         _submit_advice(reporting)])  # fmt: skip
    return rows


def count_rows(findings: list[Finding]) -> list[list[object]]:
    """Findings per action (rows) and severity (columns), with totals."""
    counts = Counter((f.action, f.severity) for f in findings)
    actions = list(labels("action")) + sorted({a for a, _ in counts} - set(labels("action")))
    rows = []
    for action in actions:
        errors, warnings = counts[(action, "error")], counts[(action, "warning")]
        total = sum(n for (a, _), n in counts.items() if a == action)
        rows.append([labels("action").get(action, action), errors, warnings, total])
    severities = Counter(f.severity for f in findings)
    rows.append(["Tổng cộng", severities["error"], severities["warning"], len(findings)])
    return rows


def how_to_rows(sheet_names: list[str]) -> list[list[object]]:
    """How to read the workbook, and what each detail sheet holds."""
    if not sheet_names:
        return [["Không có chi tiết nào cần xem thêm nên tệp này chỉ có trang «Tổng quan»."]]
    return [
        ["Mỗi dòng ở các trang chi tiết chỉ rõ tệp, trang tính, số dòng (đúng như trong tệp "
         "của trường), cột, giá trị đã gửi, vấn đề và cách sửa."],
        ["Đề nghị sửa trong tệp gốc của trường rồi gửi lại cho Sở trước hạn nộp; có thể dùng "
         "bộ lọc ở dòng tiêu đề để lọc theo «Mức độ» hoặc «Cột»."],
        *([f"Trang «{name}»", SHEET_PURPOSE.get(name, "")] for name in sheet_names),
    ]  # fmt: skip
