"""What one file may cost to read, checked on its bytes before a reader opens it.

Files arrive by e-mail and USB stick from 1,379 schools, and the run is unattended: a zip
bomb, an XML entity bomb or a sheet whose used range claims a million rows by sixteen
thousand columns must be refused with one clear finding, not read until memory runs out.
`ReadLimits` are the bounds (settings, `EDU_MAX_*`); the file's size is checked here, a zipped
workbook's parts in `archives.py`, an OLE compound file's sector chains in `compound.py`, and
what the bytes cannot show by the reading workers (`isolation.py`).

Every refusal is `UnreadableFile` with a stable reason code (`reference/issue_messages.csv`
holds the Vietnamese message for the school).
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass
from pathlib import Path

MIB = 2**20
EXCEL_CELL_CHARS = 32_767


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
    # rows × columns of one sheet's used range; calamine holds ~130 bytes a cell: 1.3 GB here
    max_cells: int = 10_000_000
    max_seconds: float = 120.0  # to read one file (`isolation.py`); a school's list takes <1 s
    max_memory_mib: float = 4096.0  # address space of one reading process

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mib * MIB)

    def key(self) -> str:
        """A short digest: a parse refused under some limits is redone under others."""
        return hashlib.blake2b(repr(astuple(self)).encode(), digest_size=3).hexdigest()


DEFAULT_LIMITS = ReadLimits()


def check_size(path: Path, limits: ReadLimits) -> None:
    """Refuse a file larger than `limits` allow (`UnreadableFile`)."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise UnreadableFile("file_too_large", f"{size / MIB:.0f} MiB")
