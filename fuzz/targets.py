"""Fuzz targets: each takes bytes the pipeline did not write and checks what it promises.

- `read_file_bytes`: any bytes under any of the names schools send (.xlsx, .xls, .ods, .csv,
  .txt…) are parsed into records or refused with one known reason code, within the read
  limits; never an exception.
- `find_header_in_grid`: any grid of cells gives no header, or one inside the grid whose
  columns are distinct and hold distinct fields.
- `normalize_cell_text`: any cell text goes through every normaliser without an exception,
  and the normalisers that store a value give the same value when applied again.

    >>> read_file_bytes(b"STT,Ho va ten\\n1,An\\n", ".csv").sheet_report["status"].tolist()
    ['unrecognized_dataset']
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from edu_pipeline.ingest.grid import grid_from_rows
from edu_pipeline.ingest.headers import find_header, header_key
from edu_pipeline.ingest.limits import ReadLimits
from edu_pipeline.ingest.parse import ParsedFile, parse_file
from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.dates import parse_date
from edu_pipeline.vietnamese.emails import normalize_email
from edu_pipeline.vietnamese.ethnicity import normalize_ethnicity
from edu_pipeline.vietnamese.gender import normalize_gender
from edu_pipeline.vietnamese.ids import (
    normalize_citizen_id,
    normalize_moet_id,
    normalize_school_code,
)
from edu_pipeline.vietnamese.legacy_fonts import repair_legacy_cell
from edu_pipeline.vietnamese.money import read_amount
from edu_pipeline.vietnamese.names import name_match_key, normalize_name, split_name
from edu_pipeline.vietnamese.phones import normalize_phone

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".tsv", ".xlsb", "")
# small limits: a fuzzer must spend its time on many inputs, not one big one
LIMITS = ReadLimits(max_file_mib=2, max_inflated_mib=32, max_rows=50_000, max_cells=500_000,
                    max_seconds=20, max_memory_mib=1024)  # fmt: skip
REASONS = frozenset(
    row["rule"].removeprefix("file.")
    for row in read_reference_csv("issue_messages.csv")
    if row["rule"].startswith("file.")
)
HEADER_WORDS = sorted({row["wording"] for row in read_reference_csv("header_synonyms.csv")})
# a value a normaliser stores must be stored again unchanged
IDEMPOTENT: dict[str, Callable[[str], object]] = {
    "name": normalize_name,
    "ethnicity": normalize_ethnicity,
    "gender": normalize_gender,
    "school_code": normalize_school_code,
}
TOTAL: dict[str, Callable[[str], object]] = {  # must only not raise
    "date_dmy": lambda t: parse_date(t, "dmy"),
    "date_mdy": lambda t: parse_date(t, "mdy"),
    "citizen_id": normalize_citizen_id,
    "moet_id": normalize_moet_id,
    "phone": normalize_phone,
    "email": normalize_email,
    "amount": read_amount,
    "legacy_cell": repair_legacy_cell,
    "match_key": name_match_key,
    "split_name": split_name,
    "header_key": header_key,
}


def read_file_bytes(data: bytes, suffix: str, folder: Path | None = None) -> ParsedFile:
    """Parse ``data`` as a file named ``*<suffix>``; check the result keeps its promises."""
    with tempfile.TemporaryDirectory(dir=folder) as work:
        path = Path(work) / f"fuzz{suffix}"
        path.write_bytes(data)
        parsed = parse_file(path, LIMITS)
    assert parsed.error is None or parsed.error in REASONS, f"unknown reason {parsed.error!r}"
    if parsed.error is None:
        assert parsed.sheets, "a file read without error reports its sheets"
    rows = parsed.table
    if rows.num_rows:
        source_rows = rows.column("source_row").to_numpy(zero_copy_only=False)
        assert (source_rows >= 1).all(), "every record points at a row the school can find"
    return parsed


def find_header_in_grid(cells: list[list[str | None]]) -> None:
    """Look for a header in ``cells``; check what is found lies inside the grid."""
    grid = grid_from_rows("fuzz", cells, np.arange(1, len(cells) + 1))
    match = find_header(grid)
    if match is None:
        return
    assert 0 <= match.first_row <= match.last_row < grid.height, "header rows inside the grid"
    assert all(0 <= column < grid.width for column in match.columns), "columns inside the grid"
    assert len(set(match.columns.values())) == len(match.columns), "one column per field"


def normalize_cell_text(text: str) -> None:
    """Every normaliser on ``text``: none raises; stored values are fixed points."""
    for function in TOTAL.values():
        function(text)
    for name, function in IDEMPOTENT.items():
        once = function(text)
        if isinstance(once, str):
            assert function(once) == once, f"{name} is not idempotent"
