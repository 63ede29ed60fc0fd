"""Zipped workbooks (.xlsx, .xlsm, .ods) checked part by part before a reader opens them.

python-calamine (Rust) reads what it is given and builds each sheet as a dense grid, so the
bounds are checked here first, by streaming each part through the standard library's
`zipfile` (sizes are those the archive declares, and a part that inflates to more than it
declared fails its CRC check, so the declaration can be trusted once read):

- the archive's inflated size and its compression ratio;
- a DTD in any XML part (Office files never carry one; entity bombs and external entities
  need one), refused before any XML parser sees it;
- per .xlsx worksheet, the used range (highest row and column of a cell holding something:
  the dense grid a reader builds), and formulas of which not one has a saved value (a tool
  that wrote formulas but never calculated them: the computed columns would be read empty;
  Excel saves every value, an empty text result as an empty value);
- in an .ods, the rows and cells holding something, repeats counted: one 1.6 KB row element
  "repeated" a hundred thousand times over a hundred columns is ten million cells, 1.3 GB
  in calamine (which refuses only past a hundred million);
- a cell longer than Excel's own limit of 32,767 characters.

Each part is read in chunks cut after their last `>`, so no tag is split and no match is
counted twice; the province's 1,641 workbooks are scanned in 5-6 s of CPU here, against 15 s
before this file (each sheet was searched twice, and a long text from every byte).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from edu_pipeline.ingest.limits import EXCEL_CELL_CHARS, MIB, ReadLimits, UnreadableFile

_CHUNK = MIB
_RATIO_FLOOR = 8 * MIB  # small archives may compress well without being bombs
_MAX_PARTS = 10_000
_ENCRYPTED = 0x1  # general purpose flag bit 0 of a zip entry
# what `zipfile` raises on a broken archive: besides its own errors, a negative seek (an end
# record pointing past its central directory: OSError, found by fuzzing), a bad deflate
# stream (zlib.error), a member overlapping another (ValueError)
_BROKEN_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
               OSError, ValueError, zlib.error)  # fmt: skip
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
# a cell that holds something (not `<c r="A5" s="1"/>`, a formatted empty cell, which readers
# skip: templates format a million empty rows)
_FILLED_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})(\d+)\"[^>]*(?<!/)>")
# an element's text (searched in `b">" + chunk`: a chunk starts where a text may; a pattern
# starting with a literal is searched 6× faster than one starting with a look-behind)
_LONG_TEXT = re.compile(rb">[^<]{%d}" % (EXCEL_CELL_CHARS + 1))
_FORMULA = re.compile(rb"</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>")
_FORMULA_VALUE = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*<(?:\w+:)?v>[^<]")
_ODS_TOKEN = re.compile(
    rb"<table:table-row\b([^>]*)>|<table:(?:covered-)?table-cell\b([^>]*)>|</table:table-row>"
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')


def check_archive(path: Path, limits: ReadLimits) -> None:
    """Refuse a zipped workbook (`UnreadableFile`) that would exceed ``limits`` to read."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_sizes(parts, limits)
            if any(part.flag_bits & _ENCRYPTED for part in parts):
                raise UnreadableFile("password_protected", "encrypted zip entries")
            for part in parts:
                _check_part(archive, part, limits)
    except _BROKEN_ZIP as error:
        raise UnreadableFile("corrupt_workbook", type(error).__name__) from None


def _check_sizes(parts: list[zipfile.ZipInfo], limits: ReadLimits) -> None:
    inflated = sum(part.file_size for part in parts)
    packed = max(1, sum(part.compress_size for part in parts))
    if len(parts) > _MAX_PARTS:
        raise UnreadableFile("zip_bomb", f"{len(parts)} parts")
    if inflated > limits.max_inflated_mib * MIB:
        raise UnreadableFile("inflated_too_large", f"{inflated / MIB:.0f} MiB")
    if inflated > _RATIO_FLOOR and inflated / packed > limits.max_compression_ratio:
        raise UnreadableFile("zip_bomb", f"{inflated / packed:.0f}× compression")


@dataclass
class _Range:
    """Cells holding something in one part: how many, the highest row and column."""

    rows: int = 0
    columns: int = 0
    cells: int = 0
    formulas: int = 0
    calculated: int = 0
    # an .ods row being read: its repeat count and the columns up to its last value
    row_repeat: int = 1
    column: int = 0
    width: int = 0


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: ReadLimits) -> None:
    """Stream one part: DTDs in any XML; used range and formulas in sheets; long texts."""
    name = part.filename.lower()
    if not name.endswith((".xml", ".rels", ".vml")):
        return
    is_sheet, is_ods = "worksheets/" in name, name == "content.xml"
    holds_text = is_sheet or is_ods or name.endswith("sharedstrings.xml")
    found, tail, prolog = _Range(), b"", True
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data, tail = _whole_tags(tail + chunk)
            if prolog:
                prolog = _check_prolog(data + tail)
            if holds_text and (_LONG_TEXT.search(b">" + data) or _long_run(tail)):
                raise UnreadableFile("cell_too_long", part.filename)
            if is_sheet:
                _count_sheet(data, found)
            elif is_ods:
                _count_ods(data, found)
            _check_range(found, limits)
    if is_sheet and found.formulas and not found.calculated:
        raise UnreadableFile("formulas_not_calculated", part.filename)


def _whole_tags(data: bytes) -> tuple[bytes, bytes]:
    """``data`` cut after its last `>`: (whole tags and texts, the rest for the next chunk)."""
    end = data.rfind(b">") + 1
    return data[:end], data[end:]


def _long_run(tail: bytes) -> bool:
    """A remainder with no tag end in over a cell's worth of bytes: a text too long (or a tag
    that never ends), caught here before the remainders pile up."""
    return len(tail) > EXCEL_CELL_CHARS and b"<" not in tail[-EXCEL_CELL_CHARS - 1 :]


def _count_sheet(data: bytes, found: _Range) -> None:
    refs = _FILLED_CELL.findall(data)
    if refs:
        columns, rows = zip(*refs, strict=True)
        found.rows = max(found.rows, *map(int, set(rows)))
        found.columns = max(found.columns, *map(_column_number, set(columns)))
        found.cells += len(refs)
    if b"f>" in data or b"f " in data or b"f/" in data:  # rare: two scans skipped without
        found.formulas += len(_FORMULA.findall(data))
        found.calculated += len(_FORMULA_VALUE.findall(data))


def _count_ods(data: bytes, found: _Range) -> None:
    for token in _ODS_TOKEN.finditer(data):
        row, cell = token.group(1), token.group(2)
        if row is not None:
            repeat = b"repeated" in row and _ROWS_REPEATED.search(row)
            found.row_repeat, found.column, found.width = int(repeat[1]) if repeat else 1, 0, 0
        elif cell is not None:
            repeat = b"repeated" in cell and _COLUMNS_REPEATED.search(cell)
            found.column += int(repeat[1]) if repeat else 1
            if b"value-type=" in cell:
                found.width = found.column
        elif found.width:  # the end of a row holding something
            found.rows += found.row_repeat
            found.columns = max(found.columns, found.width)
            found.cells += found.row_repeat * found.width


def _check_prolog(data: bytes) -> bool:
    """Raise on a DTD before the root element; False once the root element has started."""
    root = re.search(rb"<[A-Za-z]", data)
    head = data if root is None else data[: root.start()]
    if _DTD.search(head):
        raise UnreadableFile("xml_entities", "DTD in an Office XML part")
    return root is None


def _check_range(found: _Range, limits: ReadLimits) -> None:
    if found.rows > limits.max_rows:
        raise UnreadableFile("too_many_rows", f"{found.rows} rows")
    if max(found.rows * max(found.columns, 1), found.cells) > limits.max_cells:
        raise UnreadableFile("sheet_too_large", f"{found.rows} rows × {found.columns} columns")


def _column_number(letters: bytes) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
