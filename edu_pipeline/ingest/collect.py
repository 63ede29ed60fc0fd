"""Read the whole raw folder: parse (or reuse) every file, attribute it, stack the datasets.

This is the ingest stage without Dagster: the asset calls `ingest_raw_dir` and only adds
metadata. The result keeps every data row with its lineage (`source_file`, `sheet`,
`source_row`) and a `row_id` unique within its dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from edu_pipeline.ingest.attribution import (
    majority_code,
    school_code_from_path,
    school_code_from_title,
)
from edu_pipeline.ingest.cache import ParseCache
from edu_pipeline.ingest.parse import ParsedFile
from edu_pipeline.ingest.readers import SUPPORTED_SUFFIXES
from edu_pipeline.reference import read_reference_csv

DATASETS = ("registry", "students", "teachers")
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINEAGE_COLUMNS = [
    "row_id", "source_file", "sheet", "source_row", "school_code_hint", "report_date",
    "class_hint",
]  # fmt: skip
FILE_COLUMNS = [
    "source_file", "sha256", "status", "reason", "encoding", "datasets", "rows",
    "school_code", "attributed_by", "report_date", "report_date_source",
]  # fmt: skip

Progress = Callable[[int, int], None]


@cache
def dataset_fields() -> dict[str, list[str]]:
    """Canonical fields of each dataset, in the order of `reference/fields.csv`."""
    rows = read_reference_csv("fields.csv")
    return {d: [r["field"] for r in rows if r["dataset"] == d] for d in DATASETS}


@dataclass
class IngestResult:
    """Every dataset's raw rows, and what happened to every file and sheet."""

    datasets: dict[str, pd.DataFrame]
    files: pd.DataFrame
    sheets: pd.DataFrame
    cache_hits: int = 0
    cache_misses: int = 0


def ingest_files(
    raw_dir: Path, inventory: pd.DataFrame, cache_dir: Path, progress: Progress | None = None
) -> IngestResult:
    """Parse every inventoried file (cached by content hash) and stack the results.

    `inventory` is `scan_raw_dir(raw_dir)`; files of unsupported formats are reported.
    """
    parse_cache = ParseCache(cache_dir)
    parsed: dict[str, ParsedFile] = {}
    for done, item in enumerate(inventory.itertuples(index=False), start=1):
        if item.suffix in SUPPORTED_SUFFIXES:
            parsed[item.source_file] = parse_cache.parsed(raw_dir / item.source_file, item.sha256)
        if progress:
            progress(done, len(inventory))
    files_report = _file_report(inventory, parsed)
    stacked = _stack_records(parsed)
    registry = stacked.get("registry", pd.DataFrame(columns=["school_code", "school_name"]))
    files_report = _attribute(files_report, parsed, stacked, registry)
    datasets = {name: _with_lineage(name, stacked.get(name), files_report) for name in DATASETS}
    sheets = _sheet_report(parsed)
    return IngestResult(datasets, files_report, sheets, parse_cache.hits, parse_cache.misses)


def _file_report(inventory: pd.DataFrame, parsed: dict[str, ParsedFile]) -> pd.DataFrame:
    rows = []
    for item in inventory.itertuples(index=False):
        result = parsed.get(item.source_file)
        mtime_date = item.modified_at.astimezone(LOCAL_TZ).date()
        row = dict.fromkeys(FILE_COLUMNS)
        row.update(source_file=item.source_file, sha256=item.sha256, rows=0)
        if result is None:
            row.update(status="unreadable", reason="unsupported_format")
        elif result.error:
            row.update(status="unreadable", reason=result.error, encoding=result.encoding)
        else:
            datasets = sorted(set(result.sheets["dataset"].dropna()))
            row.update(
                status="ok" if datasets else "no_dataset",
                reason=None if datasets else "no_recognized_sheet",
                encoding=result.encoding,
                datasets=",".join(datasets),
                rows=len(result.records),
            )
        written = result.report_date if result is not None else None
        row.update(
            report_date=written or mtime_date,
            report_date_source="file" if written else "modified_time",
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=FILE_COLUMNS)


def _stack_records(parsed: dict[str, ParsedFile]) -> dict[str, pd.DataFrame]:
    frames = []
    for source_file, result in parsed.items():
        if not result.records.empty:
            frames.append(result.records.assign(source_file=source_file))
    if not frames:
        return {}
    everything = pd.concat(frames, ignore_index=True)
    return {name: rows for name, rows in everything.groupby("dataset", sort=False)}


def _attribute(
    files_report: pd.DataFrame,
    parsed: dict[str, ParsedFile],
    stacked: dict[str, pd.DataFrame],
    registry: pd.DataFrame,
) -> pd.DataFrame:
    """School of each file: its school-code column, else its folder, else its title.

    Unreadable files are attributed by folder too, so the school still hears about them.
    """
    people = [stacked[d] for d in ("students", "teachers") if d in stacked]
    by_column: dict[str, str | None] = {}
    if people:
        rows = pd.concat(people, ignore_index=True)
        if "school_code" in rows:
            codes = rows.groupby("source_file")["school_code"].agg(majority_code)
            by_column = codes.dropna().to_dict()
    report = files_report.copy()
    for index, source_file in report["source_file"].items():
        result = parsed.get(source_file)
        readable = result is not None and not result.error and not result.records.empty
        if readable and set(result.records["dataset"]) == {"registry"}:
            continue
        titles = " ".join(result.sheets["title_text"].dropna()) if readable else ""
        for method, code in (
            ("column", by_column.get(source_file)),
            ("folder", school_code_from_path(source_file)),
            ("title", school_code_from_title(titles, registry) if titles else None),
        ):
            if code:
                report.loc[index, ["school_code", "attributed_by"]] = [code, method]
                break
    return report


def _with_lineage(
    dataset: str, rows: pd.DataFrame | None, files_report: pd.DataFrame
) -> pd.DataFrame:
    fields = dataset_fields()[dataset]
    if rows is None or rows.empty:
        return pd.DataFrame(columns=LINEAGE_COLUMNS + fields)
    by_file = files_report.set_index("source_file")
    frame = rows.reindex(columns=["source_file", "sheet", "source_row", "class_hint", *fields])
    frame["school_code_hint"] = frame["source_file"].map(by_file["school_code"])
    frame["report_date"] = pd.to_datetime(frame["source_file"].map(by_file["report_date"]))
    frame = frame.sort_values(["source_file", "sheet", "source_row"], kind="stable")
    frame.insert(0, "row_id", range(len(frame)))
    return frame[LINEAGE_COLUMNS + fields].reset_index(drop=True)


def _sheet_report(parsed: dict[str, ParsedFile]) -> pd.DataFrame:
    frames = [r.sheets.assign(source_file=f) for f, r in parsed.items() if not r.sheets.empty]
    if not frames:
        return pd.DataFrame()
    sheets = pd.concat(frames, ignore_index=True)
    return sheets[["source_file", *[c for c in sheets.columns if c != "source_file"]]]
