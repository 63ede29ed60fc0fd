"""Duplicates are shown together: which rows are one person, and what the school should do."""

import datetime as dt

import openpyxl
import pandas as pd

from edu_pipeline.publish.feedback import write_feedback_workbooks
from edu_pipeline.quality.periods import Period

PERIOD = Period.containing(dt.date(2026, 3, 20))
CODE = "66000101"
SCORES = pd.DataFrame(columns=["school_code", "dataset", "dimension", "checked", "passed", "score"])
SUBMISSIONS = pd.DataFrame(columns=["school_code", "dataset", "source_file", "report_date"])
KEPT_A = (
    "Học sinh này trùng với dòng 5, trang «6A1», tệp «hs.xlsx»; hệ thống đã gộp thành một người."
)
KEPT_B = (
    "Học sinh này trùng với dòng 8, trang «6A2», tệp «hs.xlsx»; hệ thống đã gộp thành một người."
)
DELETE = "Đề nghị xóa dòng trùng trong danh sách."
ID_CONFLICT = (
    "Mã định danh Bộ GD&ĐT của học sinh này trùng với 1 dòng khác nhưng số CCCD khác nhau, nên "
    "hệ thống không gộp các dòng này. Đề nghị kiểm tra lại mã định danh hoặc số CCCD."
)
TWO_SCHOOLS = (
    "Học sinh này có tên trong danh sách của nhiều trường trong cùng kỳ (66000101, 66000202). "
    "Nếu học sinh đã chuyển trường, đề nghị cập nhật trạng thái hoặc xóa khỏi danh sách."
)


def finding(rule, row, message, sheet="6A1", column="full_name", value=None, action="merged"):
    return {
        "dataset": "students", "school_code": CODE, "source_file": "hs.xlsx", "sheet": sheet,
        "source_row": row, "column_name": column, "raw_value": value, "dimension": "clean",
        "rule": rule, "severity": "warning", "action": action, "message": message,
    }  # fmt: skip


def duplicates_sheet(tmp_path, findings):
    write_feedback_workbooks(
        pd.DataFrame({"school_code": [CODE], "school_name": ["Trường THCS Nguyễn Du"]}),
        pd.DataFrame(findings), SCORES, SUBMISSIONS, tmp_path, PERIOD, as_of=dt.date(2026, 3, 20),
    )  # fmt: skip
    return openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")


FINDINGS = [
    finding("dedupe.listed_by_two_schools", 30, TWO_SCHOOLS, column="school_code",
            value="66000101", action="flagged"),
    finding("dedupe.duplicate_person", 12, f"{KEPT_A} {DELETE}"),
    finding("dedupe.duplicate_person", 9, f"{KEPT_B} {DELETE}", sheet="6A2"),
    finding("dedupe.duplicate_person", 7, f"{KEPT_A} {DELETE}"),
    finding("dedupe.id_conflict", 20, ID_CONFLICT, column="moet_id", value="0660001234",
            action="flagged"),
    finding("dedupe.id_conflict", 21, ID_CONFLICT, column="moet_id", value="0660001234",
            action="flagged"),
    finding("students.full_name.has_digits", 7, "Họ và tên «An 2» có chữ số. Đề nghị xoá số.",
            column="raw_full_name", value="An 2", action="flagged"),
]  # fmt: skip


def test_duplicates_have_their_own_sheet_and_are_not_repeated_elsewhere(tmp_path):
    book = duplicates_sheet(tmp_path, FINDINGS)
    assert book.sheetnames == ["Tổng quan", "Học sinh", "Trùng lặp"]
    students = list(book["Học sinh"].iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in students] == ["An 2"]


def test_notes_explain_each_kind_found(tmp_path):
    sheet = duplicates_sheet(tmp_path, FINDINGS)["Trùng lặp"]
    assert sheet["A1"].value == "CÁC DÒNG TRÙNG LẶP"
    assert sheet["A2"].value.startswith("Các dòng có cùng số ở cột «Nhóm» là cùng một người")
    notes = [sheet.cell(row, 1).value for row in (3, 4, 5)]
    assert [note.split(":")[0] for note in notes] == [
        "Trùng người", "Trùng mã học sinh", "Có tên ở trường khác",
    ]  # fmt: skip
    assert "Hệ thống đã gộp thành một người" in notes[0] and "Đề nghị xóa" in notes[0]
    assert "Nếu học sinh đã chuyển trường, đề nghị" in notes[2]
    assert sheet["A6"].value is None


def test_rows_of_one_person_share_a_group_number(tmp_path):
    sheet = duplicates_sheet(tmp_path, FINDINGS)["Trùng lặp"]
    assert sheet.freeze_panes == "A8" and sheet.auto_filter.ref == "A7:K13"
    rows = list(sheet.iter_rows(min_row=7, values_only=True))
    assert rows[0] == (
        "Nhóm", "Loại", "Tệp", "Trang tính", "Dòng", "Cột", "Giá trị đã gửi", "Vấn đề",
        "Cách sửa", "Mức độ", "Hệ thống đã",
    )  # fmt: skip
    assert rows[1] == (1, "Trùng người", "hs.xlsx", "6A1", 7, "Họ và tên", None, KEPT_A, DELETE,
                       "Cảnh báo", "Đã gộp dòng trùng")  # fmt: skip
    assert [row[:5] for row in rows[2:]] == [
        (1, "Trùng người", "hs.xlsx", "6A1", 12),  # merged into the same kept row as row 7
        (2, "Trùng người", "hs.xlsx", "6A2", 9),
        (3, "Trùng mã học sinh", "hs.xlsx", "6A1", 20),
        (3, "Trùng mã học sinh", "hs.xlsx", "6A1", 21),
        (4, "Có tên ở trường khác", "hs.xlsx", "6A1", 30),
    ]
    two_schools = rows[-1]
    assert two_schools[5:9] == (
        "Mã trường", "66000101",
        "Học sinh này có tên trong danh sách của nhiều trường trong cùng kỳ (66000101, 66000202).",
        "Nếu học sinh đã chuyển trường, đề nghị cập nhật trạng thái hoặc xóa khỏi danh sách.",
    )  # fmt: skip


def test_summary_lists_the_duplicates_sheet(tmp_path):
    summary = duplicates_sheet(tmp_path, FINDINGS[:2])["Tổng quan"]
    texts = [row[0] for row in summary.iter_rows(values_only=True)]
    assert "Trang «Trùng lặp»" in texts
