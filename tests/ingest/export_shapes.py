"""A catalog of the export shapes schools send, each with the records ingest must produce.

Every shape writes a real file (openpyxl, xlwt, odfpy through pandas, the csv module) and
returns what `parse_file` must read from it: the sheet, the Excel row number and the text of
each field. People are synthetic.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from fixture_files import write_csv, write_xls, write_xlsx

from edu_pipeline.vietnamese.legacy_fonts import encode_tcvn3, encode_vni


@dataclass(frozen=True)
class Shape:
    path: Path
    expected: list[dict]  # one dict per record: sheet, source_row and field texts


# name, birth date (d/m/y text), gender, ethnicity, personal ID
PUPILS = [
    ("Nguyễn Văn An", "05/03/2014", "Nam", "Kinh", "066214000101"),
    ("H'Hen Niê", "07/08/2014", "Nữ", "Ê-đê", "066314000102"),
    ("Trần Thị Thủy", "01/02/2014", "Nữ", "Kinh", "066314000103"),
]
STAFF = [
    ("Lê Thị Mai", "12/05/1985", "Nữ", "Giáo viên", "Toán"),
    ("Y Bhin Êban", "03/09/1979", "Nam", "Hiệu trưởng", "Ngữ văn"),
]
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số định danh cá nhân"]
TITLES = [["SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK"], ["TRƯỜNG THCS NGUYỄN DU"], [],
          ["DANH SÁCH HỌC SINH NĂM HỌC 2025-2026"], []]  # fmt: skip
SHAPES: dict[str, Callable[[Path], Shape]] = {}


def shape(builder: Callable[[Path], Shape]) -> Callable[[Path], Shape]:
    SHAPES[builder.__name__] = builder
    return builder


def pupil_rows(people=PUPILS) -> list[list]:
    return [[i + 1, *person] for i, person in enumerate(people)]


def expect(sheet: str, first_row: int, people=PUPILS, **extra) -> list[dict]:
    """Expected records for `people` written from `first_row` down, one row each."""
    fields = ("full_name", "birth_date", "gender", "ethnicity", "citizen_id")
    return [
        {"sheet": sheet, "source_row": first_row + i, **dict(zip(fields, person, strict=False)),
         **extra}
        for i, person in enumerate(people)
    ]  # fmt: skip


# --- .xlsx layouts -------------------------------------------------------------------------


@shape
def header_on_first_row(out: Path) -> Shape:
    path = write_xlsx(out / "hs.xlsx", {"Sheet1": [HEADER, *pupil_rows()]})
    return Shape(path, expect("Sheet1", 2))


@shape
def title_rows_above_header(out: Path) -> Shape:
    path = write_xlsx(out / "hs.xlsx", {"DS": [*TITLES, HEADER, *pupil_rows()]})
    return Shape(path, expect("DS", 7))


@shape
def merged_title_cells(out: Path) -> Shape:
    merges = {"DS": ["A1:F1", "A2:F2", "A4:F4"]}
    path = write_xlsx(out / "hs.xlsx", {"DS": [*TITLES, HEADER, *pupil_rows()]}, merges)
    return Shape(path, expect("DS", 7))


@shape
def table_not_at_a1(out: Path) -> Shape:
    rows = [[], [], [None, None, "DANH SÁCH HỌC SINH"], []]
    rows += [[None, None, *row] for row in [HEADER, *pupil_rows()]]
    path = write_xlsx(out / "hs.xlsx", {"DS": rows})
    return Shape(path, expect("DS", 6))


def _two_row_header(parent: str) -> list[list]:
    top = ["STT", "Họ và tên", parent, None, None, "Giới tính", "Dân tộc"]
    sub = [None, None, "Ngày", "Tháng", "Năm", None, None]
    body = [[i + 1, p[0], *map(int, p[1].split("/")), p[2], p[3]] for i, p in enumerate(PUPILS)]
    return [["DANH SÁCH HỌC SINH"], top, sub, *body]


def _as_dmy(text: str) -> str:
    day, month, year = (int(part) for part in text.split("/"))
    return f"{day}/{month}/{year}"


def _expect_parts(sheet: str, first_row: int) -> list[dict]:
    return [
        {"sheet": sheet, "source_row": first_row + i, "full_name": p[0],
         "birth_date": _as_dmy(p[1]), "gender": p[2], "ethnicity": p[3]}
        for i, p in enumerate(PUPILS)
    ]  # fmt: skip


@shape
def two_row_birth_date_header_merged(out: Path) -> Shape:
    merges = {"DS": ["C2:E2", "A2:A3", "B2:B3", "F2:F3", "G2:G3"]}
    path = write_xlsx(out / "hs.xlsx", {"DS": _two_row_header("Ngày sinh")}, merges)
    return Shape(path, _expect_parts("DS", 4))


@shape
def two_row_birth_date_header_unmerged(out: Path) -> Shape:
    path = write_xlsx(out / "hs.xlsx", {"DS": _two_row_header("Ngày tháng năm sinh")})
    return Shape(path, _expect_parts("DS", 4))


@shape
def abbreviated_parent_over_day_month_year(out: Path) -> Shape:
    path = write_xlsx(out / "hs.xlsx", {"DS": _two_row_header("NS")}, {"DS": ["C2:E2"]})
    return Shape(path, _expect_parts("DS", 4))


@shape
def gender_over_male_female_ticks(out: Path) -> Shape:
    top = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", None]
    sub = [None, None, None, "Nam", "Nữ"]
    body = [[i + 1, p[0], p[1], "x" if p[2] == "Nam" else None, "x" if p[2] == "Nữ" else None]
            for i, p in enumerate(PUPILS)]  # fmt: skip
    path = write_xlsx(out / "hs.xlsx", {"DS": [top, sub, *body]}, {"DS": ["D1:E1"]})
    expected = [
        {"sheet": "DS", "source_row": 3 + i, "full_name": p[0], "birth_date": p[1],
         "male_mark": "x" if p[2] == "Nam" else "", "female_mark": "x" if p[2] == "Nữ" else ""}
        for i, p in enumerate(PUPILS)
    ]  # fmt: skip
    return Shape(path, expected)


@shape
def female_tick_column_only(out: Path) -> Shape:
    header = ["STT", "Họ và tên", "Ngày sinh", "Nữ", "Lớp"]
    body = [[i + 1, p[0], p[1], "x" if p[2] == "Nữ" else None, "6A1"] for i, p in enumerate(PUPILS)]
    path = write_xlsx(out / "hs.xlsx", {"DS": [header, *body]})
    expected = [
        {"sheet": "DS", "source_row": 2 + i, "full_name": p[0],
         "female_mark": "x" if p[2] == "Nữ" else "", "class_name": "6A1"}
        for i, p in enumerate(PUPILS)
    ]  # fmt: skip
    return Shape(path, expected)


@shape
def split_family_middle_and_given_name(out: Path) -> Shape:
    header = ["STT", "Họ đệm", "Tên", "Ngày sinh", "Giới tính", "Lớp"]
    body = [[i + 1, *p[0].rsplit(" ", 1), p[1], p[2], "6A1"] for i, p in enumerate(PUPILS)]
    path = write_xlsx(out / "hs.xlsx", {"DS": [header, *body]})
    expected = [
        {"sheet": "DS", "source_row": 2 + i, "family_middle": p[0].rsplit(" ", 1)[0],
         "given_name": p[0].rsplit(" ", 1)[1], "birth_date": p[1]}
        for i, p in enumerate(PUPILS)
    ]  # fmt: skip
    return Shape(path, expected)


@shape
def headers_without_diacritics(out: Path) -> Shape:
    header = ["STT", "Ho va ten", "Ngay sinh", "Gioi tinh", "Dan toc", "So dinh danh ca nhan"]
    path = write_xlsx(out / "hs.xlsx", {"DS": [["DANH SACH HOC SINH"], header, *pupil_rows()]})
    return Shape(path, expect("DS", 3))


@shape
def headers_in_capitals_with_stars_and_line_breaks(out: Path) -> Shape:
    header = ["STT", "HỌ VÀ TÊN\nHỌC SINH *", "NGÀY SINH *", "GIỚI\nTÍNH", "DÂN TỘC", "SỐ CCCD"]
    path = write_xlsx(out / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *pupil_rows()]})
    return Shape(path, expect("DS", 3))


@shape
def columns_in_another_order_with_unknown_columns(out: Path) -> Shape:
    header = ["Ghi chú", "Số định danh cá nhân", "Giới tính", "Họ và tên", "Nơi sinh", "Ngày sinh"]
    body = [["", p[4], p[2], p[0], "Đắk Lắk", p[1]] for p in PUPILS]
    path = write_xlsx(out / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *body]})
    expected = expect("DS", 3)
    for record in expected:
        del record["ethnicity"]
    return Shape(path, expected)


@shape
def one_sheet_per_class(out: Path) -> Shape:
    sheets = {name: [HEADER, *pupil_rows([person])] for name, person in
              zip(["6A1", "Lớp 6A2", "Lop 7B"], PUPILS, strict=True)}  # fmt: skip
    path = write_xlsx(out / "hs.xlsx", sheets)
    expected = [
        *expect("6A1", 2, PUPILS[:1], class_hint="6A1"),
        *expect("Lớp 6A2", 2, PUPILS[1:2], class_hint="6A2"),
        *expect("Lop 7B", 2, PUPILS[2:], class_hint="7B"),
    ]
    return Shape(path, expected)


@shape
def stacked_class_blocks_with_captions(out: Path) -> Shape:
    rows = [["Lớp 6A1"], HEADER, *pupil_rows(PUPILS[:1]), [], ["Lớp: 6A2"], HEADER,
            *pupil_rows(PUPILS[1:])]  # fmt: skip
    path = write_xlsx(out / "hs.xlsx", {"Khối 6": rows})
    expected = [*expect("Khối 6", 3, PUPILS[:1], class_hint="6A1"),
                *expect("Khối 6", 7, PUPILS[1:], class_hint="6A2")]  # fmt: skip
    return Shape(path, expected)


@shape
def footer_total_date_line_and_signature(out: Path) -> Shape:
    footer = [[], ["Tổng số: 3 học sinh"], [None, None, None, "Đắk Lắk, ngày 20 tháng 3 năm 2026"],
              [None, None, None, "HIỆU TRƯỞNG"], [None, None, None, "(Ký, ghi rõ họ tên)"],
              [None, "Trần Văn Bình"]]  # fmt: skip
    path = write_xlsx(out / "hs.xlsx", {"DS": [HEADER, *pupil_rows(), *footer]})
    return Shape(path, expect("DS", 2))


@shape
def person_listed_after_the_total(out: Path) -> Shape:
    late = ("Võ Minh Khang", "09/09/2014", "Nam", "Kinh", "066214000104")
    rows = [HEADER, *pupil_rows(), ["Tổng số: 3 học sinh"], [4, *late]]
    path = write_xlsx(out / "hs.xlsx", {"DS": rows})
    return Shape(path, [*expect("DS", 2), *expect("DS", 6, [late])])


@shape
def blank_and_pre_numbered_empty_rows(out: Path) -> Shape:
    body = pupil_rows()
    rows = [HEADER, body[0], [], body[1], [None] * 6, body[2], [4], [5], [6]]
    path = write_xlsx(out / "hs.xlsx", {"DS": rows})
    expected = [*expect("DS", 2, PUPILS[:1]), *expect("DS", 4, PUPILS[1:2]),
                *expect("DS", 6, PUPILS[2:])]  # fmt: skip
    return Shape(path, expected)


@shape
def ids_stored_as_numbers(out: Path) -> Shape:
    body = [[i + 1, p[0], p[1], p[2], p[3], int(p[4])] for i, p in enumerate(PUPILS)]
    path = write_xlsx(out / "hs.xlsx", {"DS": [HEADER, *body]})
    expected = expect("DS", 2)
    for record, person in zip(expected, PUPILS, strict=True):
        record["citizen_id"] = person[4].lstrip("0")  # the cell lost the zero; ingest keeps digits
    return Shape(path, expected)


@shape
def dates_as_real_date_cells(out: Path) -> Shape:
    def as_date(text: str) -> dt.datetime:
        day, month, year = map(int, text.split("/"))
        return dt.datetime(year, month, day)

    body = [[i + 1, p[0], as_date(p[1]), *p[2:]] for i, p in enumerate(PUPILS)]
    path = write_xlsx(out / "hs.xlsx", {"DS": [HEADER, *body]})
    expected = expect("DS", 2)
    for record, person in zip(expected, PUPILS, strict=True):
        record["birth_date"] = as_date(person[1]).date().isoformat()
    return Shape(path, expected)


@shape
def dates_as_excel_serial_numbers(out: Path) -> Shape:
    serials = [41703, 41858, 41671]
    body = [[i + 1, p[0], serials[i], *p[2:]] for i, p in enumerate(PUPILS)]
    path = write_xlsx(out / "hs.xlsx", {"DS": [HEADER, *body]})
    expected = expect("DS", 2)
    for record, serial in zip(expected, serials, strict=True):
        record["birth_date"] = str(serial)
    return Shape(path, expected)


@shape
def decomposed_unicode_text(out: Path) -> Shape:
    body = [[i + 1, unicodedata.normalize("NFD", p[0]), *p[1:]] for i, p in enumerate(PUPILS)]
    path = write_xlsx(out / "hs.xlsx", {"DS": [HEADER, *body]})
    return Shape(path, expect("DS", 2))


@shape
def whole_file_in_tcvn3(out: Path) -> Shape:
    rows = [[encode_tcvn3(c) if isinstance(c, str) else c for c in row]
            for row in [*TITLES, HEADER, *pupil_rows()]]  # fmt: skip
    path = write_xlsx(out / "hs.xlsx", {"DS": rows})
    return Shape(path, expect("DS", 7))


@shape
def name_column_in_vni(out: Path) -> Shape:
    body = [[i + 1, encode_vni(p[0]), *p[1:]] for i, p in enumerate(PUPILS)]
    path = write_xlsx(out / "hs.xlsx", {"DS": [HEADER, *body]})
    return Shape(path, expect("DS", 2))


@shape
def staff_list(out: Path) -> Shape:
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Môn dạy"]
    body = [[i + 1, *s] for i, s in enumerate(STAFF)]
    rows = [["DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN"], header, *body]
    path = write_xlsx(out / "gv.xlsx", {"CBGV": rows})
    expected = [
        {"sheet": "CBGV", "dataset": "teachers", "source_row": 3 + i, "full_name": s[0],
         "birth_date": s[1], "gender": s[2], "position": s[3], "subject": s[4]}
        for i, s in enumerate(STAFF)
    ]  # fmt: skip
    return Shape(path, expected)


@shape
def schools_registry(out: Path) -> Shape:
    header = ["STT", "Mã trường", "Tên trường", "Cấp học", "Xã/phường", "Loại hình"]
    body = [
        [1, "66000101", "Trường THCS Nguyễn Du", "THCS", "Tuy Hòa", "Công lập"],
        [2, "54000202", "Trường Mầm non Hoa Sen", "Mầm non", "Xuân Lộc", "Tư thục"],
    ]
    path = write_xlsx(out / "dm.xlsx", {"Danh mục": [["DANH MỤC CƠ SỞ GIÁO DỤC"], header, *body]})
    expected = [
        {"sheet": "Danh mục", "dataset": "registry", "source_row": 3 + i, "school_code": b[1],
         "school_name": b[2], "level": b[3], "commune": b[4], "ownership": b[5]}
        for i, b in enumerate(body)
    ]  # fmt: skip
    return Shape(path, expected)


@shape
def students_staff_and_a_statistics_sheet_in_one_workbook(out: Path) -> Shape:
    staff_header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Chức vụ", "Môn dạy"]
    sheets = {
        "Học sinh": [["DANH SÁCH HỌC SINH"], HEADER, *pupil_rows()],
        "Thống kê": [["Tổng số lớp", 12], ["Tổng số học sinh", 360]],
        "Cán bộ": [staff_header, *[[i + 1, *s] for i, s in enumerate(STAFF)]],
    }
    path = write_xlsx(out / "tong_hop.xlsx", sheets)
    staff = [{"sheet": "Cán bộ", "dataset": "teachers", "source_row": 2 + i, "full_name": s[0]}
             for i, s in enumerate(STAFF)]  # fmt: skip
    return Shape(path, [*expect("Học sinh", 3, dataset="students"), *staff])


@shape
def report_date_field_in_the_title(out: Path) -> Shape:
    rows = [["DANH SÁCH HỌC SINH"], ["Ngày báo cáo: 18/03/2026"], HEADER, *pupil_rows()]
    path = write_xlsx(out / "hs.xlsx", {"DS": rows})
    return Shape(path, expect("DS", 4))


# --- other workbook formats ------------------------------------------------------------------


@shape
def legacy_xls_biff8(out: Path) -> Shape:
    path = write_xls(out / "hs.xls", {"DS": [*TITLES, HEADER, *pupil_rows()]})
    return Shape(path, expect("DS", 7))


@shape
def opendocument_ods(out: Path) -> Shape:
    path = out / "hs.ods"
    out.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(pupil_rows(), columns=HEADER).to_excel(path, sheet_name="DS", index=False,
                                                        engine="odf")  # fmt: skip
    return Shape(path, expect("DS", 2))


@shape
def macro_enabled_xlsm(out: Path) -> Shape:
    path = write_xlsx(out / "hs.xlsm", {"DS": [HEADER, *pupil_rows()]})
    return Shape(path, expect("DS", 2))


# --- CSV / TXT ---------------------------------------------------------------------------------


def _csv_shape(out: Path, name: str, encoding: str, delimiter: str) -> Shape:
    rows = [["DANH SÁCH HỌC SINH"], HEADER, *pupil_rows()]
    path = write_csv(out / name, rows, encoding=encoding, delimiter=delimiter)
    return Shape(path, expect("", 3))


@shape
def csv_utf8_comma(out: Path) -> Shape:
    return _csv_shape(out, "hs.csv", "utf-8", ",")


@shape
def csv_utf8_bom_semicolon(out: Path) -> Shape:
    return _csv_shape(out, "hs.csv", "utf-8-sig", ";")


@shape
def unicode_text_utf16_tabs(out: Path) -> Shape:
    return _csv_shape(out, "hs.txt", "utf-16", "\t")


@shape
def csv_windows_1258(out: Path) -> Shape:
    return _csv_shape(out, "hs.csv", "cp1258", ",")


@shape
def csv_with_quoted_line_break_in_a_cell(out: Path) -> Shape:
    header = ["STT", "Họ và tên", "Ngày sinh", "Địa chỉ"]
    rows = [header, [1, PUPILS[0][0], PUPILS[0][1], "Thôn 1,\nxã Ea Tu"],
            [2, PUPILS[1][0], PUPILS[1][1], "Buôn Ko Tam"]]  # fmt: skip
    path = write_csv(out / "hs.csv", [["DANH SÁCH HỌC SINH"], *rows])
    expected = [
        {"sheet": "", "source_row": 3, "full_name": PUPILS[0][0], "address": "Thôn 1,\nxã Ea Tu"},
        {"sheet": "", "source_row": 5, "full_name": PUPILS[1][0], "address": "Buôn Ko Tam"},
    ]  # the second record starts on line 5: the first one spans lines 3 and 4
    return Shape(path, expected)
