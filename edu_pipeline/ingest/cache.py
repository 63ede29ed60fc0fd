"""Parsed files cached by content hash, so an unchanged file is never parsed twice.

An entry is one Arrow IPC file named by the parser fingerprint and the file's SHA-256: the
records as the table, the sheet report and file facts in its schema metadata. It is written
to a temporary name and renamed, so a run killed mid-write leaves no half-valid entry. Files
not in the cache are parsed in worker processes (one per core): parsing is CPU-bound Python,
and a worker bounds what one bad file can cost (`isolation.py`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from edu_pipeline.ingest.isolation import parse_isolated
from edu_pipeline.ingest.limits import DEFAULT_LIMITS, ReadLimits
from edu_pipeline.ingest.parse import PARSER_VERSION, ParsedFile, parse_file
from edu_pipeline.privacy import private_dir

_META_KEY = b"edu_pipeline"
TRANSIENT_ERRORS = frozenset({"read_timeout", "read_crashed"})  # of this run's machine, too


class ParseCache:
    """Content-addressed store of `ParsedFile`s under one folder."""

    def __init__(
        self, directory: Path, workers: int = 1, limits: ReadLimits = DEFAULT_LIMITS
    ) -> None:
        self.directory = directory
        self.workers = max(1, workers)
        self.limits = limits
        self.hits = 0
        self.misses = 0
        self._version = f"v{PARSER_VERSION}{limits.key()}"  # a refusal depends on the limits

    def entry(self, path: Path, sha256: str) -> Path:
        return self.directory / f"{self._version}-{sha256[:40]}{path.suffix.lower()}.arrow"

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
        parsed = [load_entry(entry) for entry in entries]
        for entry, result in zip(entries, parsed, strict=True):
            if result.error in TRANSIENT_ERRORS:  # a slow night is no verdict: retry next run
                entry.unlink(missing_ok=True)
        return parsed

    def _parse_into_cache(self, todo: list[tuple[str, str]]) -> Iterator[int]:
        """In worker processes bounded in time and memory (`isolation.py`); with one worker
        (tests, debugging), in this process without those bounds."""
        if not todo:
            return
        if self.workers == 1:
            yield from (parse_into_cache(path, entry, self.limits) for entry, path in todo)
            return
        yield from parse_isolated(todo, parse_into_cache, refuse_in_cache, self.limits,
                                  self.workers)  # fmt: skip


def parse_into_cache(path: str, entry: str, limits: ReadLimits = DEFAULT_LIMITS) -> int:
    """Parse one file and store the result (runs in a worker process); returns its rows."""
    parsed = parse_file(Path(path), limits)
    save_entry(Path(entry), parsed)
    return parsed.table.num_rows


def refuse_in_cache(entry: str, reason: str) -> None:
    """Cache a file that could not be read within the limits as that file-level finding."""
    save_entry(Path(entry), ParsedFile(pa.table({}), error=reason))


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
