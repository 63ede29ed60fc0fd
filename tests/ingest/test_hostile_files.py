"""Hostile and broken files: each is read correctly or refused with one reason, within bounds.

Every file is made here by code (a valid workbook, then its parts rewritten). Each is parsed
in a child process that reports its wall time and peak memory, so a bomb that got through
would show as a blown budget, not as a slow test run.
"""

import json
import random
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from edu_pipeline.ingest.limits import EXCEL_CELL_CHARS, ReadLimits

SECONDS = 30.0  # per file, child start-up included
PEAK_MIB = 1024.0
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from edu_pipeline.ingest.limits import ReadLimits
from edu_pipeline.ingest.parse import parse_file
started = time.perf_counter()
parsed = parse_file(Path(sys.argv[1]), ReadLimits(**json.loads(sys.argv[2])))
print(json.dumps({"error": parsed.error, "rows": parsed.table.num_rows,
                  "seconds": time.perf_counter() - started,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _parse_in_child(path: Path, limits: dict | None = None) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), json.dumps(limits or {})],
        capture_output=True, text=True, timeout=SECONDS * 4, check=True,
    )  # fmt: skip
    outcome = json.loads(completed.stdout)
    assert outcome["seconds"] < SECONDS and outcome["peak_mib"] < PEAK_MIB, outcome
    return outcome


def _rewritten(base: Path, out: Path, parts: dict[str, Callable[[bytes], bytes]]) -> Path:
    """`base` with some parts rewritten (and new parts added), as one more zip."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in source.infolist():
            data = source.read(item.filename)
            zf.writestr(item, parts.pop(item.filename, lambda d: d)(data))
        for name, make in parts.items():
            zf.writestr(name, make(b""))
    return out


@pytest.fixture
def workbook(tmp_path, xlsx, student_table) -> Path:
    header, rows = student_table
    return xlsx(tmp_path / "base.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows]})


def _with_dtd(dtd: str) -> Callable[[bytes], bytes]:
    def add(data: bytes) -> bytes:
        declaration, _, rest = data.partition(b"?>")
        return declaration + b"?>" + dtd.encode() + rest

    return add


BILLION_LAUGHS = "<!DOCTYPE sst [<!ENTITY a0 'ha'>" + "".join(
    f"<!ENTITY a{i} '{f'&a{i - 1};' * 10}'>" for i in range(1, 10)
) + "]>"  # fmt: skip
QUADRATIC = f"<!DOCTYPE sst [<!ENTITY big '{'x' * 30_000}'>]>"
EXTERNAL = "<!DOCTYPE sst [<!ENTITY secret SYSTEM 'file:///etc/passwd'>]>"


@pytest.mark.parametrize("dtd", [BILLION_LAUGHS, QUADRATIC, EXTERNAL],
                         ids=["billion laughs", "quadratic blowup", "external entity"])  # fmt: skip
def test_xml_entity_bombs_are_refused_before_any_parser(tmp_path, workbook, dtd):
    path = _rewritten(workbook, tmp_path / "bomb.xlsx", {STRINGS: _with_dtd(dtd)})
    assert _parse_in_child(path)["error"] == "xml_entities"


def test_a_zip_bomb_is_refused(tmp_path, workbook):
    filler = b" " * (200 * 2**20)  # 200 MiB of blanks deflate ~1,000:1
    path = _rewritten(workbook, tmp_path / "bomb.xlsx",
                      {"xl/media/filler.xml": lambda _: filler})  # fmt: skip
    assert path.stat().st_size < 2**20
    assert _parse_in_child(path)["error"] == "zip_bomb"


def test_an_archive_inflating_past_the_limit_is_refused(tmp_path, workbook):
    noise = random.Random(7).randbytes(40 * 2**20)  # 40 MiB that does not compress
    path = _rewritten(workbook, tmp_path / "big.xlsx", {"xl/media/noise.bin": lambda _: noise})
    assert _parse_in_child(path, {"max_inflated_mib": 30})["error"] == "inflated_too_large"


def test_a_file_over_the_size_limit_is_refused(tmp_path, workbook):
    noise = random.Random(7).randbytes(8 * 2**20)
    path = _rewritten(workbook, tmp_path / "big.xlsx", {"xl/media/noise.bin": lambda _: noise})
    assert _parse_in_child(path, {"max_file_mib": 5})["error"] == "file_too_large"


def test_sixteen_thousand_columns_are_read(tmp_path, xlsx, student_table):
    header, rows = student_table
    extra = [f"Cột {i}" for i in range(16_384 - len(header))]
    table = [["DANH SÁCH HỌC SINH"], header + extra, *[row + ["x"] * len(extra) for row in rows]]
    outcome = _parse_in_child(xlsx(tmp_path / "wide.xlsx", {"DS": table}))
    assert (outcome["error"], outcome["rows"]) == (None, len(rows))


def test_a_million_rows_beyond_the_row_limit_are_refused(tmp_path, workbook):
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'
                   for r in range(10, 1_000_010))  # fmt: skip
    path = _rewritten(workbook, tmp_path / "long.xlsx", {
        SHEET: lambda data: data.replace(b"</sheetData>", rows.encode() + b"</sheetData>")})
    assert _parse_in_child(path, {"max_rows": 500_000})["error"] == "too_many_rows"


def test_one_far_away_cell_is_a_sheet_too_large(tmp_path, workbook):
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _rewritten(workbook, tmp_path / "far.xlsx", {
        SHEET: lambda data: data.replace(b"</sheetData>", far.encode() + b"</sheetData>")})
    assert _parse_in_child(path)["error"] == "sheet_too_large"


def test_a_ten_megabyte_cell_is_refused(tmp_path, xlsx, student_table):
    header, rows = student_table
    rows[0][1] = "Nguyễn " * (10 * 2**20 // 7)
    outcome = _parse_in_child(xlsx(tmp_path / "huge.xlsx", {"DS": [header, *rows]}))
    assert outcome["error"] == "cell_too_long"


def test_a_ten_megabyte_csv_cell_is_refused(tmp_path, csv_file, student_table):
    header, rows = student_table
    rows[0][1] = "x" * (EXCEL_CELL_CHARS + 1)
    outcome = _parse_in_child(csv_file(tmp_path / "huge.csv", [header, *rows]))
    assert outcome["error"] == "cell_too_long"


def test_macros_are_never_run_and_the_data_is_read(tmp_path, workbook, student_table):
    _, rows = student_table
    path = _rewritten(workbook, tmp_path / "macro.xlsm", {
        "xl/vbaProject.bin": lambda _: b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\n"})
    outcome = _parse_in_child(path)
    assert (outcome["error"], outcome["rows"]) == (None, len(rows))


def test_formulas_never_calculated_are_refused(tmp_path, xlsx, student_table):
    header, rows = student_table
    with_formula = [[*row, "=YEAR(C3)"] for row in rows]  # openpyxl saves no value
    path = xlsx(tmp_path / "formula.xlsx", {"DS": [[*header, "Năm sinh"], *with_formula]})
    assert _parse_in_child(path)["error"] == "formulas_not_calculated"


def test_limits_are_part_of_the_parse_cache_key():
    assert ReadLimits().key() != ReadLimits(max_rows=10).key()
    assert ReadLimits().key() == ReadLimits().key()


def test_formulas_with_saved_values_are_read(tmp_path, xlsx, student_table):
    """As Excel saves them: every formula with its value, an empty text result as `<v></v>`."""
    header, rows = student_table
    with_formula = [[*row, "=YEAR(C3)"] for row in rows]
    base = xlsx(tmp_path / "formula.xlsx", {"DS": [[*header, "Năm sinh"], *with_formula]})
    values = iter([b"<v>2014</v>", b"<v></v>", b"<v>2014</v>"])
    path = _rewritten(base, tmp_path / "saved.xlsx", {
        SHEET: lambda data: re.sub(rb"<v ?/>", lambda _: next(values), data)})
    outcome = _parse_in_child(path)
    assert (outcome["error"], outcome["rows"]) == (None, len(rows))


def test_an_xlsb_is_refused_with_its_own_finding(tmp_path, workbook):
    """Binary workbooks are not read (no maintained Python writer to test a reader against);
    the school is asked for an .xlsx instead of getting a broken-file message."""
    binary = {"xl/workbook.bin": lambda _: b"\x83\x01"}
    path = _rewritten(workbook, tmp_path / "binary.xlsb", binary)
    assert _parse_in_child(path)["error"] == "unsupported_format"
