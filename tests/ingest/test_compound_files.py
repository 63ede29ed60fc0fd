"""An .xls whose sector table is broken is refused before calamine follows it.

Found by fuzzing (`fuzz/run_atheris.py`, target `files`, seconds into the first run): a
mutated 5.7 KB .xls whose directory chain loops made calamine grow one buffer past 2 GB and
abort the process, taking the whole run down. Each file here is a real .xls written by xlwt,
then one entry of its sector table (FAT) rewritten; each is parsed in a child process with
the same time and memory budget as the other hostile files.
"""

import struct

import olefile
import pytest

from edu_pipeline.ingest.compound import ENDOFCHAIN
from tests.ingest.test_hostile_files import _parse_in_child


def _chain(fat: list[int], start: int) -> list[int]:
    chain = [start]
    while fat[chain[-1]] != ENDOFCHAIN:
        chain.append(fat[chain[-1]])
    return chain


def _with_fat_entry(data: bytes, sector: int, value: int) -> bytes:
    """``data`` with the FAT saying that ``sector`` is followed by ``value``."""
    size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    per_sector = size // 4
    fat_sector = struct.unpack_from("<I", data, 0x4C + 4 * (sector // per_sector))[0]
    at = (fat_sector + 1) * size + 4 * (sector % per_sector)
    return data[:at] + struct.pack("<I", value) + data[at + 4 :]


@pytest.fixture
def xls_bytes(tmp_path, xls, student_table) -> tuple[bytes, olefile.OleFileIO]:
    header, rows = student_table
    path = xls(tmp_path / "base.xls", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows * 40]})
    return path.read_bytes(), olefile.OleFileIO(str(path))


def _directory_loops(data: bytes, ole: olefile.OleFileIO) -> bytes:
    chain = _chain(list(ole.fat), ole.first_dir_sector)
    return _with_fat_entry(data, chain[-1], chain[0])


def _workbook_stream_loops(data: bytes, ole: olefile.OleFileIO) -> bytes:
    entry = ole.direntries[ole._find("Workbook")]  # the sheet data, in regular sectors
    chain = _chain(list(ole.fat), entry.isectStart)
    return _with_fat_entry(data, chain[len(chain) // 2], chain[1])


def _workbook_stream_leaves_the_table(data: bytes, ole: olefile.OleFileIO) -> bytes:
    entry = ole.direntries[ole._find("Workbook")]
    return _with_fat_entry(data, entry.isectStart, 0x7FFFFFF0)


@pytest.mark.parametrize(
    "break_it", [_directory_loops, _workbook_stream_loops, _workbook_stream_leaves_the_table]
)
def test_a_broken_sector_chain_is_a_corrupt_workbook(tmp_path, xls_bytes, break_it):
    data, ole = xls_bytes
    path = tmp_path / "DS hoc sinh.xls"
    path.write_bytes(break_it(data, ole))
    assert _parse_in_child(path)["error"] == "corrupt_workbook"


def test_the_file_before_breaking_is_read(tmp_path, xls_bytes):
    data, _ = xls_bytes
    (tmp_path / "DS hoc sinh.xls").write_bytes(data)
    outcome = _parse_in_child(tmp_path / "DS hoc sinh.xls")
    assert (outcome["error"], outcome["rows"]) == (None, 120)


def test_ole_magic_then_noise_is_unreadable_as_before(tmp_path):
    path = tmp_path / "DS CBGV (co mat khau).xls"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(range(256)) * 20)
    assert _parse_in_child(path)["error"] == "unreadable_workbook"


def test_the_fuzzers_own_input_kind_is_refused(tmp_path, xls_bytes):
    """The shape the fuzzer found: the directory sector's FAT entry pointing at itself."""
    data, ole = xls_bytes
    path = tmp_path / "fuzzed.xls"
    path.write_bytes(_with_fat_entry(data, ole.first_dir_sector, ole.first_dir_sector))
    assert _parse_in_child(path)["error"] == "corrupt_workbook"
