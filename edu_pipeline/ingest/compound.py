"""OLE compound files (.xls, and an .xlsx saved with a password) checked before calamine.

A compound file is a small file system: a table of sectors (the FAT) chains each stream's
sectors together, and a reader follows a chain until its end mark. calamine follows it
without counting, so a chain that loops back on itself (one flipped byte in the table) makes
it grow a buffer until memory runs out, and the process aborts: no exception to catch. The
fuzzer found this in seconds (`fuzz/`, a mutated .xls of 5.7 KB). olefile, a maintained
pure-Python reader of the format, reads the tables here; every chain a reader would follow
(the directory, the mini-sector table, each stream) is walked with a step bound: a chain
longer than the file has sectors, or pointing outside the table, is a corrupt workbook.

    >>> _chain_ends([1, 2, ENDOFCHAIN], 0)
    True
    >>> _chain_ends([1, 0], 0)  # a loop
    False
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import olefile

from edu_pipeline.ingest.limits import UnreadableFile

ENDOFCHAIN, FREESECT = 0xFFFFFFFE, 0xFFFFFFFF
MINI_SECTOR = 64


def check_compound_file(path: Path) -> None:
    """Refuse an encrypted or structurally broken compound file (`UnreadableFile`)."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage"):
                raise UnreadableFile("password_protected", "encrypted package")
            broken = _broken_chain(ole)
    except UnreadableFile:
        raise
    except Exception as error:  # olefile raises many kinds on a container it cannot read
        # what calamine says of the same files: the school is asked to save it again as .xlsx
        raise UnreadableFile("unreadable_workbook", f"compound file: {type(error).__name__}"
                             ) from None  # fmt: skip
    if broken:
        raise UnreadableFile("corrupt_workbook", f"compound file: {broken} chain does not end")


def _broken_chain(ole: olefile.OleFileIO) -> str | None:
    """The name of the first chain that loops or leaves its table, or None."""
    fat = ole.fat
    if not _chain_ends(fat, ole.first_dir_sector):
        return "directory"
    if ole.num_mini_fat_sectors and not _chain_ends(fat, ole.first_mini_fat_sector):
        return "mini-sector table"
    root = ole.root
    if root is not None and root.size and not _chain_ends(fat, root.isectStart):
        return "mini stream"
    mini_fat = None
    for entry in ole.direntries:
        if entry is None or entry.entry_type != olefile.STGTY_STREAM or not entry.size:
            continue
        if entry.size >= ole.minisectorcutoff:
            if not _chain_ends(fat, entry.isectStart):
                return "stream"
            continue
        if mini_fat is None:
            ole.loadminifat()
            mini_fat = ole.minifat
        if not _chain_ends(mini_fat, entry.isectStart):
            return "mini stream"
    return None


def _chain_ends(table: Sequence[int], start: int) -> bool:
    """Whether the chain from ``start`` reaches its end mark within ``len(table)`` steps."""
    sector = start
    for _ in range(len(table) + 1):
        if sector in (ENDOFCHAIN, FREESECT):
            return True
        if sector >= len(table):
            return False
        sector = table[sector]
    return False
