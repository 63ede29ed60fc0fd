"""Parsed files cached by content hash, so an unchanged file is never parsed twice.

An entry is one Arrow IPC file named by the parser fingerprint and the file's SHA-256: the
records as the table, the sheet report and file facts in its schema metadata. It is written
to a temporary name and renamed, so a run killed mid-write leaves no half-valid entry. Files
not in the cache are parsed in worker processes (one per core): parsing is CPU-bound Python.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa

from edu_pipeline.ingest.parse import PARSER_VERSION, ParsedFile, parse_file
from edu_pipeline.privacy import private_dir

_META_KEY = b"edu_pipeline"
# Below this many files, starting worker processes (about 2 s) costs more than it saves.
MIN_FILES_FOR_WORKERS = 200


class ParseCache:
    """Content-addressed store of `ParsedFile`s under one folder."""

    def __init__(self, directory: Path, workers: int = 1) -> None:
        self.directory = directory
        self.workers = max(1, workers)
        self.hits = 0
        self.misses = 0

    def entry(self, path: Path, sha256: str) -> Path:
        return self.directory / f"v{PARSER_VERSION}-{sha256[:40]}{path.suffix.lower()}.arrow"

    def parsed_files(self, files: list[tuple[Path, str]], progress=None) -> list[ParsedFile]:
        """The parse of every (path, sha256), parsing only what the cache does not hold."""
        entries = [self.entry(path, sha) for path, sha in files]
        missing = {
            str(e): str(p) for (p, _), e in zip(files, entries, strict=True) if not e.exists()
        }
        self.misses = sum(not entry.exists() for entry in entries)
        self.hits = len(files) - self.misses
        private_dir(self.directory)
        done = len(files) - len(missing)
        for _ in self._parse_into_cache(list(missing.items())):  # same bytes: parsed once
            done += 1
            if progress:
                progress(done, len(files))
        if progress and not missing:
            progress(len(files), len(files))
        # Entries are read back from disk (Arrow IPC, no decoding) rather than sent between
        # processes: cheaper than pickling tables, and a fresh parse equals a cache hit.
        return [load_entry(entry) for entry in entries]

    def _parse_into_cache(self, todo: list[tuple[str, str]]) -> Iterator[int]:
        if self.workers == 1 or len(todo) < MIN_FILES_FOR_WORKERS:
            yield from (parse_into_cache(path, entry) for entry, path in todo)
            return
        context = multiprocessing.get_context("spawn")  # no fork of a threaded Dagster process
        entries, paths = zip(*todo, strict=True)
        with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            yield from pool.map(parse_into_cache, paths, entries, chunksize=8)


def parse_into_cache(path: str, entry: str) -> int:
    """Parse one file and store the result (runs in a worker process); returns its rows."""
    parsed = parse_file(Path(path))
    save_entry(Path(entry), parsed)
    return parsed.table.num_rows


def save_entry(entry: Path, parsed: ParsedFile) -> None:
    meta = {
        "encoding": parsed.encoding,
        "error": parsed.error,
        "report_date": parsed.report_date.isoformat() if parsed.report_date else None,
        "sheets": parsed.sheets,
    }
    table = parsed.table.replace_schema_metadata({_META_KEY: json.dumps(meta).encode("utf-8")})
    tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
    with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    os.replace(tmp, entry)


def load_entry(entry: Path) -> ParsedFile:
    table = pa.ipc.open_file(pa.BufferReader(entry.read_bytes())).read_all()
    meta = json.loads(table.schema.metadata[_META_KEY])
    report_date = meta["report_date"]
    return ParsedFile(
        table=table.replace_schema_metadata(None),
        sheets=meta["sheets"],
        encoding=meta["encoding"],
        error=meta["error"],
        report_date=dt.date.fromisoformat(report_date) if report_date else None,
    )
