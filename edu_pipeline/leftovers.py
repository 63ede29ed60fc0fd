"""What a killed run leaves behind, cleared by the next run before it writes anything.

Every file the pipeline writes under the warehouse folder is written under a temporary name
and renamed into place (cache entries, stage tables, releases, the `current` link, workbooks,
the data docs site), so a run killed or stopped by a full disk leaves no half-written file
under a real name: only temporary ones. The next run deletes them once it holds the writer
lease (`writer_lease.py`): then no other run can be writing them. Without this a full disk
would stay full of a dead run's half-built release, and the parse cache would grow with
half-written entries nobody reads.
"""

from __future__ import annotations

import shutil
from pathlib import Path

# (folder under the warehouse, glob): each writer's temporary names
TEMPORARY = (
    (".", ".*.tmp"),  # `current` and the entry links being switched; the lease file
    (".", ".data_docs.building-*"),
    (".", ".data_docs.old-*"),
    ("_cache", "*.tmp"),
    ("_stage", "**/*.parquet.tmp"),
    ("releases", ".*.tmp"),
    ("feedback", "*.tmp"),
)


def sweep(warehouse_dir: Path) -> list[Path]:
    """Delete what dead runs left half-written under ``warehouse_dir``; return what it was.

    Only to be called by the holder of the writer lease, before it writes.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "_cache").mkdir()
    >>> _ = (folder / "_cache" / "v1-abc.xlsx.arrow.4242.tmp").write_bytes(b"half")
    >>> [p.name for p in sweep(folder)]
    ['v1-abc.xlsx.arrow.4242.tmp']
    """
    found = [path for folder, glob in TEMPORARY for path in (warehouse_dir / folder).glob(glob)]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found
