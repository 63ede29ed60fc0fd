"""Parse one file into records and a per-sheet report.

`parse_file` depends only on the file's bytes (and its name), so its result is cached by
content hash: an unchanged file is never parsed twice. Attribution to a school needs the
registry and is done afterwards, for all files at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from edu_pipeline.ingest.attribution import report_date_from_text, report_date_from_values
from edu_pipeline.ingest.datasets import field_aliases, recognize_dataset
from edu_pipeline.ingest.fonts import repair_grid_fonts
from edu_pipeline.ingest.headers import find_header
from edu_pipeline.ingest.readers import UnreadableFile, read_grids
from edu_pipeline.ingest.records import class_from_sheet_name, extract_records


def _parser_fingerprint() -> str:
    """Hash of the code and fact tables parsing depends on.

    Cached parses are keyed by it, so changing the reader, a header synonym or a legacy-font
    table re-parses every file without anyone having to remember to bump a version.
    """
    package = Path(__file__).resolve().parent.parent
    sources = sorted(
        [*package.joinpath("ingest").glob("*.py"), *package.joinpath("vietnamese").glob("*.py"),
         *package.joinpath("reference").glob("*.csv")]
    )  # fmt: skip
    digest = hashlib.blake2b(digest_size=6)
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


PARSER_VERSION = _parser_fingerprint()

SHEET_COLUMNS = [
    "sheet", "dataset", "status", "header_row", "rows", "legacy_font", "title_text",
    "footer_names_skipped",
]  # fmt: skip


@dataclass
class ParsedFile:
    """What one file holds: data rows of recognised sheets, and what happened to every sheet."""

    records: pd.DataFrame  # dataset, sheet, source_row, class_hint, <fields…>
    sheets: pd.DataFrame  # SHEET_COLUMNS
    encoding: str = ""
    error: str | None = None  # reason code when the whole file could not be read
    report_date: dt.date | None = None
    notes: list[str] = field(default_factory=list)


def parse_file(path: Path) -> ParsedFile:
    """Read a file and turn each sheet that is one of our datasets into records."""
    try:
        grids, encoding = read_grids(path)
    except UnreadableFile as error:
        return ParsedFile(pd.DataFrame(), pd.DataFrame(columns=SHEET_COLUMNS), error=error.reason)
    frames, sheet_rows, texts, report_values = [], [], [], []
    for raw_grid in grids:
        grid, font = repair_grid_fonts(raw_grid)
        sheet = _parse_sheet(grid, font)
        sheet_rows.append(sheet.report)
        texts.extend(sheet.texts)
        if sheet.records is not None:
            frames.append(sheet.records)
            if "report_date" in sheet.records:
                report_values.extend(sheet.records["report_date"].dropna().astype(str))
    records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    records = records.drop(columns=["report_date"], errors="ignore")
    report_date = report_date_from_values(report_values) or report_date_from_text(texts)
    sheets = pd.DataFrame(sheet_rows, columns=SHEET_COLUMNS)
    if sheets.empty:
        return ParsedFile(records, sheets, encoding, error="no_sheets")
    return ParsedFile(records, sheets, encoding, report_date=report_date)


@dataclass
class _SheetResult:
    report: dict
    texts: list[str]
    records: pd.DataFrame | None = None


def _parse_sheet(grid, font: str | None) -> _SheetResult:
    report = dict.fromkeys(SHEET_COLUMNS)
    report.update(sheet=grid.name, legacy_font=font, rows=0, footer_names_skipped=0)
    if grid.height == 0:
        report["status"] = "empty_sheet"
        return _SheetResult(report, [])
    header = find_header(grid)
    all_text = grid.cells.stack().dropna().astype(str).tolist()
    if header is None:
        report["status"] = "no_header"
        return _SheetResult(report, all_text)
    sheet_class = class_from_sheet_name(grid.name)
    extracted = extract_records(grid, header, sheet_class)
    dataset = recognize_dataset(
        header.fields, extracted.title_text, sheet_class, _median_birth_year(extracted.records)
    )
    report.update(
        header_row=int(grid.row_numbers[header.last_row]),
        title_text=extracted.title_text[:500],
        footer_names_skipped=extracted.footer_names_skipped,
    )
    texts = [extracted.title_text, *extracted.other_text]
    if dataset is None:
        report["status"] = "unrecognized_dataset"
        return _SheetResult(report, texts)
    records = extracted.records.rename(columns=field_aliases(dataset))
    records.insert(0, "dataset", dataset)
    records.insert(1, "sheet", grid.name)
    report.update(dataset=dataset, status="ok" if len(records) else "no_rows", rows=len(records))
    return _SheetResult(report, texts, records)


def _median_birth_year(records: pd.DataFrame) -> int | None:
    """Median four-digit year found in the birth-date texts (None when there is none)."""
    if "birth_date" not in records:
        return None
    years = records["birth_date"].astype("string").str.extract(r"\b((?:19|20)\d\d)\b")[0]
    years = pd.to_numeric(years, errors="coerce").dropna()
    return int(years.median()) if len(years) else None
