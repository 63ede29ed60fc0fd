"""Read the whole raw folder: parse (or reuse) every file, attribute it, stack the datasets.

This is the ingest stage without Dagster: the asset calls `ingest_files` and only adds
metadata. The result keeps every data row with its lineage (`source_file`, `sheet`,
`source_row`) and a `row_id` unique within its dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from edu_pipeline.ingest.attribution import SCHOOL_CODE, SchoolNames, school_code_from_path
from edu_pipeline.ingest.cache import ParseCache
from edu_pipeline.ingest.limits import DEFAULT_LIMITS, ReadLimits
from edu_pipeline.ingest.parse import SHEET_COLUMNS, ParsedFile
from edu_pipeline.ingest.readers import SUPPORTED_SUFFIXES
from edu_pipeline.ingest.resubmissions import superseded_files
from edu_pipeline.reference import read_reference_csv

DATASETS = ("registry", "students", "teachers", "fees")
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINEAGE_COLUMNS = [
    "row_id", "source_file", "sheet", "source_row", "school_code_hint", "report_date",
    "class_hint", "superseded_by",
]  # fmt: skip
FILE_COLUMNS = [
    "source_file", "sha256", "status", "reason", "encoding", "datasets", "rows",
    "school_code", "attributed_by", "report_date", "report_date_source", "superseded_by",
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
    raw_dir: Path,
    inventory: pd.DataFrame,
    cache_dir: Path,
    progress: Progress | None = None,
    workers: int = 1,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> IngestResult:
    """Parse every inventoried file (cached by content hash) and stack the results.

    `inventory` is `scan_raw_dir(raw_dir)`; files of unsupported formats are reported. Files
    not in the cache are parsed by `workers` processes; a file beyond `limits` is refused.
    """
    parse_cache = ParseCache(cache_dir, workers, limits)
    supported = inventory[inventory["suffix"].isin(SUPPORTED_SUFFIXES)]
    names, hashes = supported["source_file"], supported["sha256"]
    paths = [(raw_dir / f, sha) for f, sha in zip(names, hashes, strict=True)]
    results = parse_cache.parsed_files(paths, progress)
    parsed = dict(zip(supported["source_file"], results, strict=True))
    files_report = _file_report(inventory, parsed)
    stacked = _stack_records(parsed)
    files_report = _attribute(files_report, parsed, stacked)
    files_report["superseded_by"] = files_report["source_file"].map(
        superseded_files(files_report, stacked)
    )
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
            datasets = sorted({sheet["dataset"] for sheet in result.sheets if sheet["dataset"]})
            row.update(
                status="ok" if datasets else "no_dataset",
                reason=None if datasets else "no_recognized_sheet",
                encoding=result.encoding,
                datasets=",".join(datasets),
                rows=result.table.num_rows,
            )
        written = result.report_date if result is not None else None
        row.update(
            report_date=written or mtime_date,
            report_date_source="file" if written else "modified_time",
        )
        rows.append(row)
    return pd.DataFrame(rows, columns=FILE_COLUMNS)


def _stack_records(parsed: dict[str, ParsedFile]) -> dict[str, pd.DataFrame]:
    """All files' records, one frame per dataset, stacked as Arrow tables without copies.

    A file is nearly always one dataset, so it is routed whole; only a workbook holding, say,
    students and staff is split. Files come in inventory order and rows in sheet order, so
    each frame is already sorted by file, sheet and row.
    """
    by_dataset: dict[str, list[pa.Table]] = {}
    for source_file, result in parsed.items():
        table = result.table
        if not table.num_rows:
            continue
        lineage = pa.array([source_file] * table.num_rows, type=pa.large_string())
        table = table.append_column("source_file", lineage)
        datasets = sorted({sheet["dataset"] for sheet in result.sheets if sheet["dataset"]})
        for dataset in datasets:
            part = (
                table if len(datasets) == 1 else table.filter(pc.equal(table["dataset"], dataset))
            )
            by_dataset.setdefault(dataset, []).append(part)
    return {
        dataset: pa.concat_tables(tables, promote_options="default").to_pandas()
        for dataset, tables in by_dataset.items()
    }


def _attribute(
    files_report: pd.DataFrame, parsed: dict[str, ParsedFile], stacked: dict[str, pd.DataFrame]
) -> pd.DataFrame:
    """School of each file: its school-code column, else its folder, else its title.

    Unreadable files are attributed by folder too, so the school still hears about them.
    """
    report = files_report.copy()
    registry_only = report["datasets"] == "registry"
    by_column = _codes_from_columns(stacked)
    folder = report["source_file"].map(school_code_from_path)
    names = SchoolNames(
        stacked.get("registry", pd.DataFrame(columns=["school_name", "school_code"]))
    )
    report["school_code"], report["attributed_by"] = None, None
    for method, codes in (("column", report["source_file"].map(by_column)), ("folder", folder)):
        take = report["school_code"].isna() & codes.notna() & ~registry_only
        report.loc[take, ["school_code", "attributed_by"]] = (
            codes[take].to_frame().assign(m=method).values
        )
    untitled = report["school_code"].isna() & ~registry_only & report["source_file"].isin(parsed)
    by_title = report.loc[untitled, "source_file"].map(
        lambda source_file: names.code_in(
            " ".join(s["title_text"] for s in parsed[source_file].sheets if s["title_text"])
        )
    )
    found = by_title.dropna()
    report.loc[found.index, "school_code"] = found
    report.loc[found.index, "attributed_by"] = "title"
    return report


def _codes_from_columns(stacked: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The most common well-formed school code of each file that has a school-code column
    (registry files list every school, so they have none)."""
    people = [stacked[d][["source_file", "school_code"]] for d in ("students", "teachers", "fees")
              if d in stacked and "school_code" in stacked[d]]  # fmt: skip
    if not people:
        return {}
    codes = pd.concat(people, ignore_index=True).dropna()
    codes = codes[codes["school_code"].astype(str).str.fullmatch(SCHOOL_CODE.pattern)]
    counts = codes.value_counts(["source_file", "school_code"]).reset_index()  # most first
    most_common = counts.drop_duplicates("source_file")
    return dict(zip(most_common["source_file"], most_common["school_code"], strict=True))


def _with_lineage(
    dataset: str, rows: pd.DataFrame | None, files_report: pd.DataFrame
) -> pd.DataFrame:
    fields = dataset_fields()[dataset]
    if rows is None or rows.empty:
        return pd.DataFrame(columns=LINEAGE_COLUMNS + fields)
    frame = rows.reindex(columns=["source_file", "sheet", "source_row", "class_hint", *fields])
    # Per-file facts spread over the rows by file position (a take, not a hash per row).
    codes, files = pd.factorize(frame["source_file"])
    by_file = files_report.set_index("source_file").reindex(files)
    frame["school_code_hint"] = by_file["school_code"].to_numpy()[codes]
    frame["superseded_by"] = by_file["superseded_by"].to_numpy()[codes]
    frame["report_date"] = pd.to_datetime(by_file["report_date"]).to_numpy()[codes]
    frame.insert(0, "row_id", np.arange(len(frame)))
    return frame[LINEAGE_COLUMNS + fields].reset_index(drop=True)


def _sheet_report(parsed: dict[str, ParsedFile]) -> pd.DataFrame:
    rows = [{"source_file": f, **sheet} for f, result in parsed.items() for sheet in result.sheets]
    return pd.DataFrame(rows, columns=["source_file", *SHEET_COLUMNS])
