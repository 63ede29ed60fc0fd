"""A zipped workbook broken in its archive structure is a corrupt workbook, never a crash.

Found by the hypothesis fuzz test of mutated real files (`tests/fuzzing/test_fuzz_files.py`):
an .xlsx whose end record says its central directory starts later than it does made
`zipfile` seek before the file's start (OSError: invalid argument), which the archive check
let through as a crash. Each file is a real .xlsx written by openpyxl, then one field of its
zip structure rewritten.
"""

import struct
import zipfile
from pathlib import Path

import pytest

from edu_pipeline.ingest.parse import parse_file


@pytest.fixture
def xlsx_bytes(tmp_path, xlsx, student_table) -> bytes:
    header, rows = student_table
    return xlsx(tmp_path / "base.xlsx", {"DS": [header, *rows]}).read_bytes()


def _end_record_field(data: bytes, offset: int, value: int) -> bytes:
    at = data.rfind(b"PK\x05\x06") + offset
    return data[:at] + struct.pack("<I", value) + data[at + 4 :]


def _directory_said_later(data: bytes) -> bytes:
    at = data.rfind(b"PK\x05\x06")
    start = struct.unpack_from("<I", data, at + 16)[0]
    return _end_record_field(data, 16, start + 4096)  # the case the fuzzer found


def _directory_size_lies(data: bytes) -> bytes:
    return _end_record_field(data, 12, 0x7FFFFFFF)


def _deflate_stream_damaged(data: bytes) -> bytes:
    at = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 8
    return data[:at] + bytes(b ^ 0x5A for b in data[at : at + 64]) + data[at + 64 :]


def _entries_marked_encrypted(data: bytes) -> bytes:
    # flag bit 0 of every central directory entry (offset 8 in its header)
    out, at = bytearray(data), data.find(b"PK\x01\x02")
    while at != -1:
        out[at + 8] |= 0x1
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    ("break_it", "reason"),
    [(_directory_said_later, "corrupt_workbook"), (_directory_size_lies, "corrupt_workbook"),
     (_deflate_stream_damaged, "corrupt_workbook"),
     (_entries_marked_encrypted, "password_protected")],
)  # fmt: skip
def test_a_broken_archive_is_one_finding(tmp_path: Path, xlsx_bytes, break_it, reason):
    path = tmp_path / "DS hoc sinh.xlsx"
    path.write_bytes(break_it(xlsx_bytes))
    assert parse_file(path).error == reason


def test_the_fuzzers_case_made_zipfile_itself_fail(tmp_path: Path, xlsx_bytes):
    path = tmp_path / "DS hoc sinh.xlsx"
    path.write_bytes(_directory_said_later(xlsx_bytes))
    with pytest.raises(OSError), zipfile.ZipFile(path) as archive:
        archive.read(archive.infolist()[0])
