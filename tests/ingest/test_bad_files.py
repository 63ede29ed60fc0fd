"""Each bad file gives one clear reason, or is read for what it really is; the run goes on."""

import io
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir
from edu_pipeline.ingest.parse import parse_file

MILLION = 1_048_576


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.xlsx", b"", "empty_file"),
        ("truncated.xlsx", b"PK\x03\x04\x14\x00\x06\x00 cut off here", "corrupt_workbook"),
        ("scan.xlsx", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>", "not_a_spreadsheet"),
        ("photo.xls", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "not_a_spreadsheet"),
        ("web.xls", b"<html><body><table><tr><td>STT</td></tr></table></body></html>",
         "html_as_spreadsheet"),
        ("notes.docx", b"PK\x03\x04 a Word file", "unsupported_format"),
    ],
)  # fmt: skip
def test_unreadable_file_reasons(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    assert parse_file(path).error == reason


def test_password_protected_workbook(tmp_path, xlsx, student_table):
    header, rows = student_table
    plain = xlsx(tmp_path / "plain.xlsx", {"DS": [header, *rows]})
    encrypted = io.BytesIO()
    with plain.open("rb") as source:
        OOXMLFile(source).encrypt("matkhau2026", encrypted)
    path = tmp_path / "khoa.xlsx"
    path.write_bytes(encrypted.getvalue())
    assert parse_file(path).error == "password_protected"


def test_csv_saved_as_xls_is_read_as_text(tmp_path, csv_file, student_table):
    header, rows = student_table
    path = csv_file(tmp_path / "hs.xls", [header, *rows], encoding="utf-16", delimiter="\t")
    parsed = parse_file(path)
    assert parsed.error is None
    assert parsed.records["full_name"].tolist() == [row[1] for row in rows]


def test_workbook_saved_as_csv_is_read_as_a_workbook(tmp_path, xlsx, student_table):
    header, rows = student_table
    path = xlsx(tmp_path / "hs.xlsx", {"DS": [header, *rows]}).rename(tmp_path / "hs.csv")
    assert parse_file(path).records["full_name"].tolist() == [row[1] for row in rows]


def test_formatting_over_a_million_empty_rows_reads_only_the_data(tmp_path, xlsx, student_table):
    header, rows = student_table
    base = xlsx(tmp_path / "base.xlsx", {"DS": [header, *rows]})
    path = tmp_path / "template.xlsx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                formatted = "".join(
                    f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>'
                    for r in range(len(rows) + 2, MILLION + 1)
                )
                data = data.replace(b"</sheetData>", formatted.encode() + b"</sheetData>")
            out.writestr(item, data)
    parsed = parse_file(path)
    assert len(parsed.records) == len(rows)


def test_csv_with_a_short_header_keeps_the_named_columns(tmp_path, csv_file, student_table):
    header, rows = student_table
    short = header[:4]  # the data rows carry two more unnamed columns
    parsed = parse_file(csv_file(tmp_path / "hs.csv", [["DANH SÁCH HỌC SINH"], short, *rows]))
    assert parsed.records["full_name"].tolist() == [row[1] for row in rows]
    assert "citizen_id" not in parsed.records


def test_a_bad_file_does_not_stop_the_others(tmp_path, xlsx, student_table):
    raw = tmp_path / "raw"
    header, rows = student_table
    xlsx(raw / "66000101" / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows]})
    (raw / "66000101" / "hong.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache")
    assert len(result.datasets["students"]) == len(rows)
    files = result.files.set_index("source_file")
    assert files.loc["66000101/hong.xlsx", ["status", "reason"]].tolist() == [
        "unreadable", "corrupt_workbook"]  # fmt: skip
