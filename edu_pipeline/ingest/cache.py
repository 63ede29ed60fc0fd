"""Parsed files cached by content hash, so an unchanged file is never parsed twice.

A cache entry is three files named by the parser version and the file's SHA-256: the records
and the sheet report as Parquet, and a small JSON written last. An entry counts only when its
JSON exists, so a run killed mid-write leaves nothing half-valid behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pandas as pd

from edu_pipeline.ingest.parse import PARSER_VERSION, ParsedFile, parse_file


class ParseCache:
    """Content-addressed store of `ParsedFile`s under one folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.hits = 0
        self.misses = 0

    def parsed(self, path: Path, sha256: str) -> ParsedFile:
        """The parse of `path`, from the cache when its content was seen before."""
        stem = self.directory / f"v{PARSER_VERSION}-{sha256[:40]}{path.suffix.lower()}"
        cached = self._load(stem)
        if cached is not None:
            self.hits += 1
            return cached
        self.misses += 1
        self._save(stem, parse_file(path))
        # Read back what was stored so a fresh parse and a cache hit give identical frames.
        return self._load(stem)

    def _load(self, stem: Path) -> ParsedFile | None:
        meta_path = stem.with_name(stem.name + ".json")
        if not meta_path.exists():
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        report_date = dt.date.fromisoformat(meta["report_date"]) if meta["report_date"] else None
        return ParsedFile(
            records=pd.read_parquet(stem.with_name(stem.name + ".records.parquet")),
            sheets=pd.read_parquet(stem.with_name(stem.name + ".sheets.parquet")),
            encoding=meta["encoding"],
            error=meta["error"],
            report_date=report_date,
        )

    def _save(self, stem: Path, parsed: ParsedFile) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        for part, frame in (("records", parsed.records), ("sheets", parsed.sheets)):
            _write_atomically(stem.with_name(f"{stem.name}.{part}.parquet"), frame)
        meta = {
            "encoding": parsed.encoding,
            "error": parsed.error,
            "report_date": parsed.report_date.isoformat() if parsed.report_date else None,
        }
        tmp = stem.with_name(f"{stem.name}.json.tmp")
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, stem.with_name(stem.name + ".json"))


def _write_atomically(path: Path, frame: pd.DataFrame) -> None:
    tmp = path.with_name(path.name + ".tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
