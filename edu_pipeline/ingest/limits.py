"""What one file may cost to read, checked on its bytes before a reader opens it.

Files arrive by e-mail and USB stick from 1,379 schools, and the run is unattended: a zip
bomb, an XML entity bomb or a sheet whose used range claims a million rows by sixteen
thousand columns must be refused with one clear finding, not read until memory runs out.
python-calamine (Rust) reads what it is given and builds each sheet as a dense grid, so the
bounds are checked here first, by streaming each part of an .xlsx/.xlsm/.ods through the
standard library's `zipfile` (sizes are those the archive declares, and a part that inflates
to more than it declared fails its CRC check, so the declaration can be trusted once read):

- the file's size, the archive's inflated size and its compression ratio;
- a DTD in any XML part (Office files never carry one; entity bombs and external entities
  need one), refused before any XML parser sees it;
- per worksheet, the used range (highest row and column of a cell holding something: the
  dense grid a reader builds), and formulas of which not one has a saved value (a tool
  that wrote formulas but never calculated them: the computed columns would be read empty;
  Excel saves every value, an empty text result as an empty value);
- a cell longer than Excel's own limit of 32,767 characters.

Every refusal is `UnreadableFile` with a stable reason code (`reference/issue_messages.csv`
holds the Vietnamese message for the school).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import astuple, dataclass
from pathlib import Path

MIB = 2**20
_CHUNK = MIB
_OVERLAP = 4096  # a match may straddle two chunks
_RATIO_FLOOR = 8 * MIB  # small archives may compress well without being bombs
_MAX_PARTS = 10_000
EXCEL_CELL_CHARS = 32_767
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
# a cell that holds something (not `<c r="A5" s="1"/>`, a formatted empty cell, which readers
# skip: templates format a million empty rows)
_FILLED_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,3})(\d+)\"[^>]*(?<!/)>")
_LONG_TEXT = re.compile(rb"[^<]{%d}" % (EXCEL_CELL_CHARS + 1))  # text between two tags
_FORMULA = re.compile(rb"</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>")
_FORMULA_VALUE = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*<(?:\w+:)?v>[^<]")


class UnreadableFile(Exception):
    """A file that cannot be read at all; `reason` is a stable code for findings."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on one input file; the defaults are far above any school's real list.

    >>> ReadLimits(max_file_mib=5).max_file_bytes
    5242880
    """

    max_file_mib: float = 100.0
    max_inflated_mib: float = 1024.0  # an .xlsx's parts, uncompressed
    max_compression_ratio: float = 100.0  # inflated / compressed; bombs are 1,000× and more
    max_rows: int = 1_048_576  # rows of one sheet's used range (Excel's own maximum)
    max_cells: int = 50_000_000  # rows × columns of one sheet's used range
    max_seconds: float = 120.0  # to read one file (`isolation.py`); a school's list takes <1 s
    max_memory_mib: float = 4096.0  # address space of one reading process

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mib * MIB)

    def key(self) -> str:
        """A short digest: a parse refused under some limits is redone under others."""
        return hashlib.blake2b(repr(astuple(self)).encode(), digest_size=3).hexdigest()


DEFAULT_LIMITS = ReadLimits()


def check_file(path: Path, kind: str, limits: ReadLimits) -> None:
    """Refuse `path` (raise `UnreadableFile`) when reading it would exceed `limits`."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UnreadableFile("file_too_large", f"{size / MIB:.0f} MiB")
    if kind == "zip":
        _check_archive(path, limits)
    elif kind == "ole" and "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
        raise UnreadableFile("password_protected", "encrypted package")


def _check_archive(path: Path, limits: ReadLimits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_sizes(parts, limits)
            for part in parts:
                _check_part(archive, part, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as error:
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


def _check_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: ReadLimits) -> None:
    """Stream one part: DTDs in any XML, used range and uncalculated formulas in sheets."""
    name = part.filename.lower()
    if not name.endswith((".xml", ".rels", ".vml")):
        return
    is_sheet = "worksheets/" in name
    holds_text = is_sheet or name.endswith(("sharedstrings.xml", "content.xml"))
    max_row, max_column, cells, formulas, calculated = 0, 0, 0, 0, 0
    with archive.open(part) as stream:
        tail, prolog = b"", True
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            if prolog:
                prolog = _check_prolog(data)
            if holds_text and _LONG_TEXT.search(data):
                raise UnreadableFile("cell_too_long", part.filename)
            if is_sheet:
                refs = _FILLED_CELL.findall(data)
                max_row = max([max_row, *(int(row) for _, row in refs)])
                max_column = max([max_column, *map(_column_number, {c for c, _ in refs})])
                cells += len(_FILLED_CELL.findall(chunk))  # a lower bound: not counted twice
                # counted so that a match across two chunks errs towards reading the file
                formulas += len(_FORMULA.findall(chunk))
                calculated += len(_FORMULA_VALUE.findall(data))
            tail = data[-_OVERLAP:]
    if is_sheet:
        _check_range(max_row, max(max_column, 1), cells, limits)
    if formulas and not calculated:  # Excel saves values; a tool that never calculated does not
        raise UnreadableFile("formulas_not_calculated", part.filename)


def _check_prolog(data: bytes) -> bool:
    """Raise on a DTD before the root element; False once the root element has started."""
    root = re.search(rb"<[A-Za-z]", data)
    head = data if root is None else data[: root.start()]
    if _DTD.search(head):
        raise UnreadableFile("xml_entities", "DTD in an Office XML part")
    return root is None


def _check_range(rows: int, columns: int, cells: int, limits: ReadLimits) -> None:
    if rows > limits.max_rows:
        raise UnreadableFile("too_many_rows", f"{rows} rows")
    if max(rows * columns, cells) > limits.max_cells:
        raise UnreadableFile("sheet_too_large", f"{rows} rows × {columns} columns")


def _column_number(letters: bytes) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
