"""CSV/TXT in every encoding schools use, .xls and .xlsx: same records, same row numbers."""

import pytest

from edu_pipeline.ingest.parse import parse_file


@pytest.mark.parametrize(
    ("encoding", "delimiter", "suffix"),
    [
        ("utf-8", ",", ".csv"),
        ("utf-8-sig", ",", ".csv"),
        ("utf-8-sig", ";", ".csv"),
        ("utf-16", "\t", ".txt"),
        ("cp1258", ",", ".csv"),
    ],
)
def test_csv_encodings_and_delimiters(
    tmp_path, csv_file, student_table, encoding, delimiter, suffix
):
    header, rows = student_table
    path = csv_file(tmp_path / f"hs{suffix}", [["DANH SÁCH HỌC SINH"], header, *rows],
                    encoding=encoding, delimiter=delimiter)  # fmt: skip
    parsed = parse_file(path)
    assert parsed.error is None
    assert parsed.records["full_name"].tolist() == [r[1] for r in rows]
    assert parsed.records["source_row"].tolist() == [3, 4, 5]
    assert parsed.records["sheet"].tolist() == [""] * 3


def test_xls_is_read_like_xlsx(tmp_path, xls, xlsx, student_table):
    header, rows = student_table
    from_xls = parse_file(xls(tmp_path / "hs.xls", {"DS": [header, *rows]})).records
    from_xlsx = parse_file(xlsx(tmp_path / "hs.xlsx", {"DS": [header, *rows]})).records
    assert from_xls.drop(columns="sheet").equals(from_xlsx.drop(columns="sheet"))


def test_id_typed_into_a_number_cell_keeps_its_digits(tmp_path, xlsx, student_table):
    header, rows = student_table
    rows[0][5] = 66214000101  # Excel dropped the leading zero; no ".0" may appear
    records = parse_file(xlsx(tmp_path / "hs.xlsx", {"DS": [header, *rows]})).records
    assert records["citizen_id"].iloc[0] == "66214000101"


def test_real_date_cells_become_iso_dates(tmp_path, xlsx, student_table):
    import datetime as dt

    header, rows = student_table
    rows[0][2] = dt.datetime(2014, 3, 5)
    records = parse_file(xlsx(tmp_path / "hs.xlsx", {"DS": [header, *rows]})).records
    assert records["birth_date"].iloc[0] == "2014-03-05"


def test_legacy_font_column_is_converted(tmp_path, xlsx, student_table):
    from edu_pipeline.vietnamese.legacy_fonts import encode_tcvn3

    header, rows = student_table
    names = [row[1] for row in rows]
    typed = [[row[0], encode_tcvn3(row[1]), *row[2:]] for row in rows]
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"DS": [header, *typed]}))
    assert parsed.records["full_name"].tolist() == names
    assert parsed.sheet_report["legacy_font"].tolist() == ["tcvn3"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.xlsx", b"", "empty_file"),
        ("broken.xlsx", b"PK\x03\x04 this is not a zip", "corrupt_workbook"),
        ("notes.pdf", b"%PDF-1.4", "unsupported_format"),
    ],
)
def test_unreadable_files_get_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert parse_file(path).error == reason


@pytest.mark.parametrize("encode", ["tcvn3", "vni"])
def test_unicode_header_over_a_legacy_font_column_keeps_its_meaning(tmp_path, xlsx, encode):
    # Template header in Unicode, names pasted from an old file: "Tên" must not be decoded
    # into its (equally plausible) TCVN3 reading "Tờn", or the given names would be lost.
    from edu_pipeline.vietnamese import legacy_fonts

    encoder = getattr(legacy_fonts, f"encode_{encode}")
    people = [("H'Yim", "Niê"), ("Nguyễn Thị", "Hương"), ("Y Tlang", "Alê"), ("Lê Văn", "Bình")]
    rows = [
        [i + 1, family, encoder(given), "05/03/2014"] for i, (family, given) in enumerate(people)
    ]
    header = ["TT", "Họ đệm", "Tên", "Ngày sinh"]
    parsed = parse_file(xlsx(tmp_path / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows]}))
    assert parsed.records["given_name"].tolist() == [given for _, given in people]
    assert parsed.records["family_middle"].tolist() == [family for family, _ in people]
