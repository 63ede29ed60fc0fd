"""The header is found below title rows, in many wordings, and over two rows."""

import pytest

from edu_pipeline.ingest.parse import parse_file

TITLES = [["SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK"], ["TRƯỜNG THCS NGUYỄN DU"], [], ["DANH SÁCH HỌC SINH"]]


@pytest.mark.parametrize("titles", [[], TITLES[:1], TITLES])
def test_header_below_any_number_of_title_rows(tmp_path, xlsx, student_table, titles):
    header, rows = student_table
    path = xlsx(tmp_path / "hs.xlsx", {"DS": [*titles, header, *rows]})
    parsed = parse_file(path)
    records = parsed.records
    assert list(records["full_name"]) == [r[1] for r in rows]
    first_data_row = len(titles) + 2
    assert list(records["source_row"]) == list(range(first_data_row, first_data_row + len(rows)))


@pytest.mark.parametrize(
    "label",
    [
        "Họ và tên",
        "HỌ VÀ TÊN",
        "Ho va ten",
        "Họ tên học sinh",
        "Họ và tên\nhọc sinh",
        "Họ và tên *",
    ],
)
def test_name_header_wordings(tmp_path, xlsx, student_table, label):
    header, rows = student_table
    header[1] = label
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"DS": [header, *rows]}))
    assert parsed.records["full_name"].tolist() == [r[1] for r in rows]


@pytest.mark.parametrize("merged", [True, False])
def test_two_row_birth_date_header_becomes_one_date(tmp_path, xlsx, merged):
    sheet = [
        ["DANH SÁCH HỌC SINH"],
        ["STT", "Họ và tên", "Ngày sinh", None, None, "Giới tính"],
        [None, None, "Ngày", "Tháng", "Năm", None],
        [1, "Lê Văn Tám", 9, 11, 2013, "Nam"],
    ]
    merges = {"S": ["C2:E2", "A2:A3", "B2:B3", "F2:F3"]} if merged else None
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": sheet}, merges))
    record = parsed.records.iloc[0]
    assert record["birth_date"] == "9/11/2013"
    assert record["gender"] == "Nam"
    assert record["source_row"] == 4


def test_split_name_columns_and_female_tick_column(tmp_path, xlsx):
    sheet = [
        ["STT", "Họ đệm", "Tên", "Ngày sinh", "Nữ", "Lớp"],
        [1, "Nguyễn Thị", "Hoa", "2014-01-02", "x", "3A"],
        [2, "Phạm Văn", "Nam", "2014-03-04", None, "3A"],
    ]
    records = parse_file(xlsx(tmp_path / "hs.xlsx", {"S": sheet})).records
    assert records["family_middle"].tolist() == ["Nguyễn Thị", "Phạm Văn"]
    assert records["given_name"].tolist() == ["Hoa", "Nam"]
    # an unticked cell means "not female", which differs from having no such column
    assert records["female_mark"].tolist() == ["x", ""]


def test_sheet_without_header_is_reported_not_guessed(tmp_path, xlsx):
    sheet = [["Báo cáo thống kê"], ["Tổng số trường", 12], ["Tổng số lớp", 340]]
    parsed = parse_file(xlsx(tmp_path / "bc.xlsx", {"BC": sheet}))
    assert parsed.records.empty
    assert parsed.sheet_report["status"].tolist() == ["no_header"]
