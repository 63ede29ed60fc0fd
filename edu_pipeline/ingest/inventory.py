"""List the files under the raw folder with a content hash (the cache key of parsing).

Folders and files whose name starts with "_" or "." are not input (ground truth of the demo
generator, editor lock files such as "~$list.xlsx" are skipped too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

INVENTORY_COLUMNS = ["source_file", "suffix", "size_bytes", "modified_at", "sha256"]
SKIPPED_PREFIXES = ("_", ".", "~$")


def scan_raw_dir(raw_dir: Path) -> pd.DataFrame:
    """One row per input file, sorted by path, with `source_file` relative to `raw_dir`."""
    rows = [
        {
            "source_file": source_file,
            "suffix": Path(source_file).suffix.lower(),
            "size_bytes": stat.st_size,
            "modified_at": dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC),
            "sha256": file_sha256(raw_dir / source_file),
        }
        for source_file, stat in input_files(raw_dir)
    ]
    return pd.DataFrame(rows, columns=INVENTORY_COLUMNS)


def input_files(raw_dir: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to `raw_dir`, its stat) of every input file, sorted by path."""
    for directory, subdirs, names in os.walk(raw_dir):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith(SKIPPED_PREFIXES))
        for name in sorted(names):
            if not name.startswith(SKIPPED_PREFIXES):
                path = Path(directory, name)
                yield path.relative_to(raw_dir).as_posix(), path.stat()


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks so big files stay cheap on memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
