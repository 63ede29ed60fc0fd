"""Parse one file into records and a per-sheet report.

`parse_file` depends only on the file's bytes (and its name), so its result is cached by
content hash: an unchanged file is never parsed twice. Attribution to a school needs the
registry and is done afterwards, for all files at once.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from edu_pipeline.fingerprints import source_digest
from edu_pipeline.ingest.attribution import report_date_from_text, report_date_from_values
from edu_pipeline.ingest.datasets import field_aliases, recognize_dataset
from edu_pipeline.ingest.fonts import repair_grid_fonts
from edu_pipeline.ingest.grid import SheetGrid
from edu_pipeline.ingest.headers import find_header
from edu_pipeline.ingest.limits import DEFAULT_LIMITS, ReadLimits
from edu_pipeline.ingest.readers import UnreadableFile, read_grids
from edu_pipeline.ingest.records import class_from_sheet_name, extract_records
from edu_pipeline.vietnamese.dates import parse_date


def _parser_fingerprint() -> str:
    """Hash of the code and fact tables parsing depends on.

    Cached parses are keyed by it, so changing the reader, a header synonym or a legacy-font
    table re-parses every file without anyone having to remember to bump a version.
    """
    package = Path(__file__).resolve().parent.parent
    return source_digest(
        [
            *package.joinpath("ingest").glob("*.py"),
            *package.joinpath("vietnamese").glob("*.py"),
            *package.joinpath("reference").glob("*.csv"),
        ],
        digest_size=6,
    )


PARSER_VERSION = _parser_fingerprint()

BIRTH_YEAR_SAMPLE = 15
SHEET_COLUMNS = [
    "sheet", "dataset", "status", "header_row", "rows", "legacy_font", "title_text",
    "footer_names_skipped",
]  # fmt: skip


@dataclass
class ParsedFile:
    """What one file holds: data rows of recognised sheets, and what happened to every sheet.

    Records are an Arrow table (columns `dataset, sheet, source_row, class_hint, <fields…>`):
    that is what the cache stores and what ingest stacks for the whole province without copies.
    """

    table: pa.Table
    sheets: list[dict] = field(default_factory=list)  # one report per sheet (SHEET_COLUMNS)
    encoding: str = ""
    error: str | None = None  # reason code when the whole file could not be read
    report_date: dt.date | None = None

    @property
    def records(self) -> pd.DataFrame:
        return self.table.to_pandas()

    @property
    def sheet_report(self) -> pd.DataFrame:
        return pd.DataFrame(self.sheets, columns=SHEET_COLUMNS)


def parse_file(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ParsedFile:
    """Read a file and turn each sheet that is one of our datasets into records."""
    try:
        grids, encoding = read_grids(path, limits)
    except UnreadableFile as error:
        return ParsedFile(pa.table({}), error=error.reason)
    frames, sheets, texts, report_values = [], [], [], []
    for raw_grid in grids:
        grid, font = repair_grid_fonts(raw_grid)
        sheet = _parse_sheet(grid, font)
        sheets.append(sheet.report)
        texts.extend(sheet.texts)
        if sheet.records is not None:
            report_values.extend(v for v in sheet.records.pop("report_date", []) if v)
            frames.append(sheet.records)
    table = _stack(frames)
    report_date = report_date_from_values(report_values) or report_date_from_text(texts)
    if not sheets:
        return ParsedFile(table, sheets, encoding, error="no_sheets")
    return ParsedFile(table, sheets, encoding, report_date=report_date)


def _stack(sheets: list[dict[str, np.ndarray]]) -> pa.Table:
    """One table from the sheets' columns (a field missing from a sheet is all null).

    Every text column goes through one Arrow conversion and is then sliced (zero copy): a
    conversion per column costs more than the data of a short sheet.
    """
    if not sheets:
        return pa.table({})
    names = list(dict.fromkeys(name for sheet in sheets for name in sheet))
    rows = sum(len(sheet["source_row"]) for sheet in sheets)
    columns = {
        name: np.concatenate([_column(sheet, name) for sheet in sheets])
        if len(sheets) > 1
        else sheets[0][name]
        for name in names
    }
    texts = [name for name in names if name != "source_row"]
    # large_string is what pandas' string columns hold: no cast when ingest stacks them.
    flat = pa.array(np.concatenate([columns[name] for name in texts]), type=pa.large_string())
    table = {name: flat.slice(i * rows, rows) for i, name in enumerate(texts)}
    table["source_row"] = pa.array(columns["source_row"], type=pa.int64())
    return pa.table({name: table[name] for name in names})


def _column(sheet: dict[str, np.ndarray], name: str) -> np.ndarray:
    return sheet[name] if name in sheet else np.full(len(sheet["source_row"]), None)


@dataclass
class _SheetResult:
    report: dict
    texts: list[str]
    records: dict[str, np.ndarray] | None = None


def _parse_sheet(grid: SheetGrid, font: str | None) -> _SheetResult:
    report = dict.fromkeys(SHEET_COLUMNS)
    report.update(sheet=grid.name, legacy_font=font, rows=0, footer_names_skipped=0)
    if grid.height == 0:
        report["status"] = "empty_sheet"
        return _SheetResult(report, [])
    header = find_header(grid)
    if header is None:
        report["status"] = "no_header"
        return _SheetResult(report, [str(c) for c in grid.cells.ravel() if c is not None])
    sheet_class = class_from_sheet_name(grid.name)
    extracted = extract_records(grid, header, sheet_class)
    columns = extracted.records
    dataset = recognize_dataset(header.fields, extracted.title_text, sheet_class)
    if dataset is None:  # lists of pupils and of staff with the same columns: ages decide
        dataset = recognize_dataset(
            header.fields, extracted.title_text, sheet_class, _median_birth_year(columns)
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
    aliases = field_aliases(dataset)
    rows = len(columns["source_row"])
    records = {
        "dataset": np.full(rows, dataset, dtype=object),
        "sheet": np.full(rows, grid.name, dtype=object),
        **{aliases.get(name, name): values for name, values in columns.items()},
    }
    report.update(dataset=dataset, status="ok" if rows else "no_rows", rows=rows)
    return _SheetResult(report, texts, records)


def _median_birth_year(columns: dict[str, np.ndarray]) -> int | None:
    """Median birth year of the first rows (any date form, Excel serials too), or None."""
    sample = [v for v in columns.get("birth_date", [])[:BIRTH_YEAR_SAMPLE] if v is not None]
    years = [found.value.year for text in sample if (found := parse_date(str(text))).value]
    return int(statistics.median(years)) if years else None
