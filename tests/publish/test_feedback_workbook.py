"""The school's workbook: who and which period, the scores, and every row to fix, in Vietnamese."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from edu_pipeline.publish.feedback import write_feedback_workbooks
from edu_pipeline.quality.periods import Period

PERIOD = Period.containing(dt.date(2026, 3, 20))  # Quý 1/2026, deadline 25/03/2026
AS_OF = dt.date(2026, 3, 20)
CODE = "66000101"
SCHOOLS = pd.DataFrame(
    {"school_code": [CODE, "66000102"], "school_name": ["Trường THCS Nguyễn Du", "Trường TH Ea Tu"]}
)
NAME_MESSAGE = (
    "Họ và tên «Nguyen Van 2» có chữ số. Đề nghị xoá các chữ số, chỉ ghi họ và tên bằng chữ "
    "cái tiếng Việt có dấu."
)


def issue(**fields) -> dict:
    """A student-row finding of school CODE, with the given fields changed."""
    return {
        "dataset": "students", "school_code": CODE, "source_file": f"{CODE}/hs.xlsx",
        "sheet": "6A1", "source_row": 7.0, "column_name": "raw_full_name",
        "raw_value": "Nguyen Van 2", "dimension": "clean", "rule": "students.full_name.has_digits",
        "severity": "error", "action": "flagged", "message": NAME_MESSAGE, "row_id": 1,
    } | fields  # fmt: skip


def scorecard(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["dataset", "dimension", "checked", "passed"])
    frame.insert(0, "school_code", CODE)
    return frame.assign(score=frame["passed"] / frame["checked"])


def submission(dataset: str, file: str, day: dt.date, on_time: bool) -> dict:
    return {
        "source_file": file, "school_code": CODE, "dataset": dataset, "report_date": day,
        "on_time": on_time, "rows": 30, "report_date_source": "title", "period": PERIOD.label,
        "deadline": PERIOD.deadline, "superseded_by": None,
    }  # fmt: skip


SUBMISSIONS = pd.DataFrame([
    submission("students", f"{CODE}/hs.xlsx", dt.date(2026, 3, 10), True),
    submission("teachers", f"{CODE}/gv.xlsx", dt.date(2026, 3, 12), True),
])  # fmt: skip
EMPTY_SCORES = scorecard([])


def write(tmp_path, issues: list[dict], scores=EMPTY_SCORES, submissions=SUBMISSIONS):
    written = write_feedback_workbooks(
        SCHOOLS, pd.DataFrame(issues), scores, submissions, tmp_path, PERIOD, as_of=AS_OF
    )
    assert written == [tmp_path / f"{CODE}.xlsx", tmp_path / "66000102.xlsx"]
    return openpyxl.load_workbook(tmp_path / f"{CODE}.xlsx")


def row_starting(sheet, first: str) -> int:
    """The number of the first row whose column A holds `first`."""
    return next(row[0].row for row in sheet.iter_rows() if row[0].value == first)


def values(sheet, row: int) -> tuple:
    return tuple(cell.value for cell in sheet[row])


def test_summary_names_school_period_deadline_and_day(tmp_path):
    summary = write(tmp_path, [issue()])["Tổng quan"]
    assert summary["A1"].value == "PHẢN HỒI CHẤT LƯỢNG DỮ LIỆU - SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK"
    assert (summary["A3"].value, summary["B3"].value) == ("Trường", "Trường THCS Nguyễn Du")
    assert (summary["A4"].value, summary["B4"].value) == ("Mã trường", CODE)
    assert summary["B4"].data_type == "s"  # a code keeps its leading digits as text
    assert (summary["A5"].value, summary["B5"].value) == ("Kỳ báo cáo", "Quý 1/2026")
    assert (summary["A6"].value, summary["B6"].value) == ("Hạn nộp", "25/03/2026")
    assert (summary["A7"].value, summary["B7"].value) == ("Ngày tổng hợp", "20/03/2026")


def test_score_table_is_percent_of_checks_passed(tmp_path):
    scores = scorecard([
        ("students", "correct", 200, 190), ("students", "complete", 100, 100),
        ("students", "clean", 200, 180), ("students", "fresh", 1, 1),
        ("teachers", "correct", 50, 40), ("teachers", "complete", 1, 0),
    ])  # fmt: skip
    summary = write(tmp_path, [issue()], scores)["Tổng quan"]
    header = row_starting(summary, "Điểm chất lượng (%)")
    assert values(summary, header) == ("Điểm chất lượng (%)", "Đúng", "Đủ", "Sạch", "Sống", "Chung")
    assert values(summary, header + 1) == ("Danh sách học sinh", 95, 100, 90, 100, 94)
    assert values(summary, header + 2) == (
        "Danh sách cán bộ, giáo viên, nhân viên", 80, 0, None, None, 78.4,
    )  # fmt: skip
    # Overall: checks added up, not scores averaged (230/250, 100/101, 180/200, 1/1, 511/552).
    assert values(summary, header + 3) == ("Toàn trường", 92, 99, 90, 100, 92.6)
    assert summary.cell(header + 5, 1).value.startswith("Đúng: ")


def test_detail_sheet_row_points_at_the_cell_to_fix(tmp_path):
    book = write(tmp_path, [issue()])
    assert book.sheetnames == ["Tổng quan", "Học sinh"]
    sheet = book["Học sinh"]
    assert values(sheet, 1) == (
        "Tệp", "Trang tính", "Dòng", "Cột", "Giá trị đã gửi", "Vấn đề", "Cách sửa", "Mức độ",
        "Hệ thống đã",
    )  # fmt: skip
    assert values(sheet, 2) == (
        f"{CODE}/hs.xlsx", "6A1", 7, "Họ và tên", "Nguyen Van 2",
        "Họ và tên «Nguyen Van 2» có chữ số.",
        "Đề nghị xoá các chữ số, chỉ ghi họ và tên bằng chữ cái tiếng Việt có dấu.",
        "Lỗi", "Cần kiểm tra",
    )  # fmt: skip
    assert isinstance(sheet["C2"].value, int)


@pytest.mark.parametrize(
    ("fields", "sheet_name", "column"),
    [
        ({"dataset": "registry", "column_name": "raw_commune"}, "Danh mục trường", "Xã/phường"),
        ({"dataset": "teachers", "column_name": "raw_citizen_id"}, "Cán bộ GV NV", "Số CCCD"),
        ({"column_name": "raw_citizen_id"}, "Học sinh", "Số định danh cá nhân"),
        ({"dataset": "file", "rule": "file.password_protected", "source_row": None,
          "sheet": None, "column_name": None, "raw_value": None}, "Tệp", None),
        ({"dataset": "teachers", "rule": "school.late_submission", "source_row": None,
          "sheet": None, "column_name": "report_date", "raw_value": "2026-03-28"}, "Tệp",
         "Ngày báo cáo"),
    ],
)  # fmt: skip
def test_each_finding_goes_to_the_sheet_of_its_dataset(tmp_path, fields, sheet_name, column):
    book = write(tmp_path, [issue(**fields)])
    assert book.sheetnames == ["Tổng quan", sheet_name]
    assert book[sheet_name]["D2"].value == column


def test_detail_rows_sorted_by_file_sheet_row(tmp_path):
    issues = [
        issue(source_file="b.xlsx", sheet="6A1", source_row=3.0),
        issue(source_file="a.xlsx", sheet="6A2", source_row=12.0),
        issue(source_file="a.xlsx", sheet="6A2", source_row=9.0),
        issue(source_file="a.xlsx", sheet="6A1", source_row=40.0),
    ]
    sheet = write(tmp_path, issues)["Học sinh"]
    rows = list(sheet.iter_rows(min_row=2, max_col=3, values_only=True))
    assert rows == [("a.xlsx", "6A1", 40), ("a.xlsx", "6A2", 9), ("a.xlsx", "6A2", 12),
                    ("b.xlsx", "6A1", 3)]  # fmt: skip


def test_detail_sheet_has_frozen_header_filter_widths_and_wrapped_text(tmp_path):
    sheet = write(tmp_path, [issue(), issue(source_row=8.0)])["Học sinh"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I3"
    assert sheet.column_dimensions["F"].width == 60
    assert sheet["F2"].alignment.wrap_text and sheet["G2"].alignment.wrap_text
    assert sheet["A1"].font.b


def test_counts_by_action_and_severity(tmp_path):
    issues = [
        issue(), issue(severity="warning"), issue(action="quarantined"),
        issue(action="fixed", severity="warning"),
    ]  # fmt: skip
    summary = write(tmp_path, issues)["Tổng quan"]
    header = row_starting(summary, "Số vấn đề theo cách xử lý")
    assert values(summary, header)[:4] == ("Số vấn đề theo cách xử lý", "Lỗi", "Cảnh báo", "Tổng")
    rows = [values(summary, header + i)[:4] for i in range(1, 6)]
    assert rows == [
        ("Chưa đưa vào CSDL", 1, 0, 1), ("Hệ thống đã tự sửa", 0, 1, 1), ("Cần kiểm tra", 1, 1, 2),
        ("Đã gộp dòng trùng", 0, 0, 0), ("Tổng cộng", 2, 2, 4),
    ]  # fmt: skip
    verdict = summary.cell(row_starting(summary, "KẾT LUẬN") + 1, 1).value
    assert verdict.startswith("Có 4 vấn đề cần xem: 2 lỗi và 2 cảnh báo. Đề nghị")


def test_how_to_points_at_the_detail_sheets(tmp_path):
    summary = write(tmp_path, [issue(), issue(dataset="teachers")])["Tổng quan"]
    start = row_starting(summary, "CÁCH DÙNG TỆP NÀY")
    texts = [summary.cell(start + i, 1).value for i in range(1, 5)]
    assert texts[2:] == ["Trang «Học sinh»", "Trang «Cán bộ GV NV»"]
    assert "số dòng" in texts[0]


def test_school_with_clean_data_is_thanked_and_gets_only_the_summary(tmp_path):
    book = write(tmp_path, [])
    assert book.sheetnames == ["Tổng quan"]
    summary = book["Tổng quan"]
    verdict_row = row_starting(summary, "KẾT LUẬN") + 1
    assert summary.cell(verdict_row, 1).value == (
        "Dữ liệu đã nộp không có vấn đề nào cần sửa. Cảm ơn nhà trường!"
    )
    assert summary.cell(verdict_row + 1, 1).value is None


def test_findings_without_a_school_are_in_no_workbook(tmp_path):
    book = write(tmp_path, [issue(), issue(school_code=None, source_file="ai.xlsx")])
    files = [row[0] for row in book["Học sinh"].iter_rows(min_row=2, values_only=True)]
    assert files == [f"{CODE}/hs.xlsx"]
