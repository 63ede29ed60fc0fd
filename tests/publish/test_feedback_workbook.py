"""The school's workbook points at its rows, in Vietnamese, and never runs a formula."""

import openpyxl
import pandas as pd

from edu_pipeline.publish.feedback import write_feedback_workbooks


def test_workbook_lists_rows_to_fix_as_text(tmp_path):
    schools = pd.DataFrame(
        {
            "school_code": ["66000101", "66000102"],
            "school_name": ["Trường THCS Nguyễn Du", "Trường TH Ea Tu"],
        }
    )
    issues = pd.DataFrame({
        "school_code": ["66000101"], "source_file": ["66000101/hs.xlsx"], "sheet": ["6A1"],
        "source_row": [7], "column_name": ["raw_full_name"], "raw_value": ["=HYPERLINK(1)"],
        "message": ["Họ và tên có ký hiệu không hợp lệ."], "severity": ["error"],
        "action": ["flagged"], "dataset": ["students"], "dimension": ["clean"],
    })  # fmt: skip
    scores = pd.DataFrame({"school_code": ["66000101"], "dataset": ["students"],
                           "dimension": ["clean"], "checked": [10], "passed": [9],
                           "score": [0.9]})  # fmt: skip
    written = write_feedback_workbooks(schools, issues, scores, tmp_path, "Quý 1/2026")
    assert sorted(p.name for p in written) == ["66000101.xlsx", "66000102.xlsx"]

    book = openpyxl.load_workbook(tmp_path / "66000101.xlsx")
    assert book.sheetnames == ["Tổng quan", "Cần sửa"]
    header, row = list(book["Cần sửa"].iter_rows(values_only=True))[:2]
    assert header[:4] == ("Tệp", "Trang tính", "Dòng", "Cột")
    assert row[:5] == ("66000101/hs.xlsx", "6A1", 7, "Họ và tên", "=HYPERLINK(1)")
    assert book["Cần sửa"]["E2"].data_type == "s"  # text, not a formula
    summary = [c for r in book["Tổng quan"].iter_rows(values_only=True) for c in r if c]
    assert 90.0 in summary

    clean = openpyxl.load_workbook(tmp_path / "66000102.xlsx")
    texts = [c for r in clean["Tổng quan"].iter_rows(values_only=True) for c in r if c]
    assert any("Không có vấn đề" in str(t) for t in texts)
