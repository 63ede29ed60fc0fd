"""Blank rows, totals, date lines and signatures are skipped; people never are."""

import pytest

from edu_pipeline.ingest.parse import parse_file
from edu_pipeline.vietnamese import legacy_fonts


def test_footer_and_signature_rows_are_not_people(tmp_path, xlsx, student_table):
    header, rows = student_table
    sheet = [
        ["DANH SÁCH HỌC SINH"],
        header,
        *rows,
        [],
        ["Tổng số: 3 học sinh"],
        [None, None, None, "Đắk Lắk, ngày 20 tháng 3 năm 2026"],
        [None, None, None, "HIỆU TRƯỞNG"],
        [None, None, None, "(Ký, ghi rõ họ tên)"],
        [None, "Trần Văn Bình"],
    ]
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": sheet}))
    assert len(parsed.records) == 3
    assert parsed.sheet_report["footer_names_skipped"].tolist() == [0]  # a signature


def test_a_name_with_details_below_the_footer_is_counted_not_dropped_silently(
    tmp_path, xlsx, student_table
):
    header, rows = student_table
    sheet = [header, *rows, ["Tổng số: 3 học sinh"], [4, "Võ Minh Khang", "09/09/2014"]]
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": sheet}))
    assert len(parsed.records) == 3  # name + one detail is not enough to read it as a person
    assert parsed.sheet_report["footer_names_skipped"].tolist() == [1]  # but it is reported


def test_report_date_comes_from_the_date_line(tmp_path, xlsx, student_table):
    header, rows = student_table
    sheet = [header, *rows, ["Buôn Ma Thuột, ngày 18 tháng 3 năm 2026"]]
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": sheet}))
    assert parsed.report_date.isoformat() == "2026-03-18"


def test_person_after_a_footer_is_kept(tmp_path, xlsx, student_table):
    header, rows = student_table
    late = [4, "Võ Minh Khang", "09/09/2014", "Nam", "Kinh", "066214000104"]
    sheet = [header, *rows, ["Tổng số: 3 học sinh"], late]
    records = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": sheet})).records
    assert records["full_name"].tolist()[-1] == "Võ Minh Khang"
    assert records["source_row"].tolist()[-1] == 6


def test_blank_and_numbered_empty_rows_are_skipped(tmp_path, xlsx, student_table):
    header, rows = student_table
    sheet = [header, rows[0], [], rows[1], [None] * 6, rows[2], [4], [5]]
    records = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": sheet})).records
    assert records["source_row"].tolist() == [2, 4, 6]


def test_a_row_missing_its_name_is_still_a_data_row(tmp_path, xlsx, student_table):
    header, rows = student_table
    rows[1][1] = None
    records = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": [header, *rows]})).records
    assert len(records) == 3
    assert records["full_name"].isna().tolist() == [False, True, False]


def test_stacked_class_blocks_take_their_caption(tmp_path, xlsx, student_table):
    header, rows = student_table
    sheet = [["Lớp 6A1"], header, rows[0], [], ["Lớp 6A2"], header, rows[1], rows[2]]
    records = parse_file(xlsx(tmp_path / "hs.xlsx", {"Khối 6": sheet})).records
    assert records["class_hint"].tolist() == ["6A1", "6A2", "6A2"]
    assert records["source_row"].tolist() == [3, 7, 8]


@pytest.mark.parametrize("font", ["tcvn3", "vni"])
def test_legacy_font_footers_far_below_the_header_are_footers(tmp_path, xlsx, font):
    # A long Unicode list whose footer block was pasted from an old TCVN3/VNI template: the
    # footer is beyond the rows the font test samples, yet "Tæng sè" is still a total line.
    encode = getattr(legacy_fonts, f"encode_{font}")
    header = ["STT", "Họ và tên", "Ngày sinh", "Mã định danh"]
    people = [[i + 1, f"Nguyễn Văn An {chr(65 + i % 26)}", "05/03/2014", f"{4200000000 + i}"]
              for i in range(250)]  # fmt: skip
    footer = [
        [None, None, None, encode("Tổng số: 250 học sinh")],
        [None, None, None, encode("Người lập biểu")],
        [None, None, encode("Hiệu trưởng"), encode("(Ký, ghi rõ họ tên)")],
        [None, None, "Võ Đình Đại", "La Thế Duy"],
    ]
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": [header, *people, *footer]}))
    assert len(parsed.records) == 250
