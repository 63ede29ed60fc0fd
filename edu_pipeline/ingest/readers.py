"""Read any supported file into `SheetGrid`s.

Workbooks (.xlsx/.xlsm/.xls/.ods) go through python-calamine: it is an order of magnitude
faster than openpyxl, reads the old BIFF .xls and .ods too, and reports merged ranges, which
two-row headers need. CSV/TXT go through `text_files`, which detects the encoding and the
delimiter. Any failure becomes `UnreadableFile` with a reason code, never a traceback.
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

from python_calamine import CalamineWorkbook

from edu_pipeline.ingest.archives import check_archive
from edu_pipeline.ingest.compound import check_compound_file
from edu_pipeline.ingest.grid import MergedRange, SheetGrid, grid_from_rows
from edu_pipeline.ingest.limits import (
    DEFAULT_LIMITS,
    EXCEL_CELL_CHARS,
    ReadLimits,
    UnreadableFile,
    check_size,
)
from edu_pipeline.ingest.signatures import file_kind
from edu_pipeline.ingest.text_files import decode_text_file, sniff_delimiter

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
TEXT_SUFFIXES = frozenset({".csv", ".txt"})
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES | TEXT_SUFFIXES
WORKBOOK_KINDS = frozenset({"zip", "ole"})


def read_grids(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> tuple[list[SheetGrid], str]:
    """All sheets of a file as grids, plus a short description of how it was read.

    What the bytes are decides, not the extension: a CSV saved as ".xls" is read as text and a
    workbook saved as ".csv" as a workbook; a PDF or a web page under a spreadsheet name is
    refused with its own reason. A file that would exceed `limits` is refused before it is
    read (`limits.py`, `archives.py`, `compound.py`).
    """
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise UnreadableFile("empty_file")
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile("unsupported_format", suffix or "no extension")
    kind = file_kind(path)
    check_size(path, limits)
    if kind == "zip":
        check_archive(path, limits)  # bombs, DTDs, used ranges (`archives.py`)
    elif kind == "ole":
        check_compound_file(path)  # encrypted, or sector chains a reader would loop on
    if kind in WORKBOOK_KINDS or (kind == "unknown" and suffix in WORKBOOK_SUFFIXES):
        described = suffix.lstrip(".") if suffix in WORKBOOK_SUFFIXES else f"{kind} as {suffix}"
        return read_workbook(path), described
    if kind == "text":
        return read_text_table(path)
    if kind == "html":
        raise UnreadableFile("html_as_spreadsheet")
    raise UnreadableFile("not_a_spreadsheet", kind)


def read_workbook(path: Path) -> list[SheetGrid]:
    """Every visible worksheet of a workbook; hidden and chart sheets are skipped."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except BaseException as error:
        raise _unreadable(error) from None
    grids = []
    try:
        for meta in workbook.sheets_metadata:
            if str(meta.visible).endswith("Hidden") or not str(meta.typ).endswith("WorkSheet"):
                continue
            grids.append(_sheet_grid(workbook, meta.name))
    except BaseException as error:
        raise _unreadable(error) from None
    finally:
        workbook.close()
    return grids


def _sheet_grid(workbook: CalamineWorkbook, name: str) -> SheetGrid:
    sheet = workbook.get_sheet_by_name(name)
    rows = sheet.to_python()
    first_row, first_col = sheet.start or (0, 0)
    merged: list[MergedRange] = []
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        merged.append((r0 - first_row, c0 - first_col, r1 - first_row, c1 - first_col))
    row_numbers = range(first_row + 1, first_row + 1 + len(rows))
    return grid_from_rows(name, rows, list(row_numbers), merged)


def _unreadable(error: BaseException) -> BaseException:
    """The finding for what calamine raised: several unrelated types for bad files, and on
    some broken ones a Rust panic (an .xls whose last directory sector is cut short, found by
    fuzzing), which pyo3 raises as `PanicException`, a BaseException that `except Exception`
    would let through and that cannot be imported. Anything else (Ctrl-C) goes on up."""
    if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
        return error
    return UnreadableFile(_calamine_reason(error), type(error).__name__)


def _calamine_reason(error: BaseException) -> str:
    name = type(error).__name__
    if name == "PasswordError":
        return "password_protected"
    if name in {"ZipError", "XmlError", "PanicException"}:
        return "corrupt_workbook"
    return "unreadable_workbook"


def read_text_table(path: Path) -> tuple[list[SheetGrid], str]:
    """A CSV/TXT file as one grid whose row numbers are the file's line numbers."""
    text, encoding = decode_text_file(path.read_bytes())
    text = text.replace("\0", "")  # NUL bytes are never data, and no spreadsheet takes them
    delimiter = sniff_delimiter(text)
    if '"' not in text:  # no quoted cell, so no cell spans lines: record i is line i
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        row_numbers = list(range(1, len(rows) + 1))
    else:
        rows, row_numbers = _quoted_records(text, delimiter)
    if max(map(len, itertools.chain.from_iterable(rows)), default=0) > EXCEL_CELL_CHARS:
        raise UnreadableFile("cell_too_long")
    name_of_delimiter = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}[delimiter]
    return [grid_from_rows("", rows, row_numbers)], f"{encoding}/{name_of_delimiter}"


def _quoted_records(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """Records of a CSV with quotes, refusing a quote left open: read leniently, it would
    swallow every line after it into one cell (those rows silently lost)."""
    try:  # strict first: one pass for a well-formed file, the usual case
        strict = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        return _records_with_line_numbers(strict)
    except csv.Error as error:
        if "unexpected end of data" in str(error):
            raise UnreadableFile("malformed_csv", "a quote is never closed") from None
    try:  # a stray quote inside a cell: read as spreadsheets do
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return _records_with_line_numbers(reader)
    except csv.Error as error:
        raise UnreadableFile("malformed_csv", str(error)) from None


def _records_with_line_numbers(reader) -> tuple[list[list[str]], list[int]]:
    """Each record with the line it starts on (a quoted cell may hold line breaks)."""
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    next_line = 1
    for record in reader:
        rows.append(record)
        row_numbers.append(next_line)
        next_line = reader.line_num + 1
    return rows, row_numbers
