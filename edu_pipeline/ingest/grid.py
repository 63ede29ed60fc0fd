"""A sheet as a grid of text cells, whatever format it came from.

Every reader (workbooks, CSV/TXT) produces `SheetGrid`s so that header detection and row
extraction work the same way on all formats. Cells are rendered to text once per distinct
value: Excel numbers that are whole lose the float's ``.0`` (an ID typed into a numeric cell
comes back as ``66012345678.0``), real date cells become ISO dates, text becomes NFC.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from edu_pipeline.vietnamese.vectorize import map_distinct

# A merged range as (first_row, first_col, last_row, last_col), 0-based, relative to the grid.
MergedRange = tuple[int, int, int, int]


@dataclass
class SheetGrid:
    """The cells of one sheet (or one CSV) with the row numbers the school sees."""

    name: str
    cells: pd.DataFrame  # object dtype; str or None
    row_numbers: np.ndarray  # 1-based row (Excel) or line (CSV) number of each grid row
    merged: list[MergedRange] = field(default_factory=list)

    @property
    def height(self) -> int:
        return len(self.cells)


def render_cell(value: Any) -> str | None:
    """Text of one cell as the school meant it.

    >>> render_cell(2503656229.0)
    '2503656229'
    >>> render_cell(dt.datetime(2012, 3, 5))
    '2012-03-05'
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).strip()
    return text or None


def grid_from_rows(
    name: str,
    rows: list[list[Any]],
    row_numbers: list[int] | np.ndarray,
    merged: list[MergedRange] | None = None,
) -> SheetGrid:
    """Build a `SheetGrid` from raw Python cell values, rendering each distinct value once."""
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    frame = frame.replace("", None)
    cells = frame.apply(lambda column: map_distinct(column, render_cell)) if len(frame) else frame
    cells = cells.astype(object).where(cells.notna(), None)
    cells.columns = range(cells.shape[1])
    return SheetGrid(name, cells, np.asarray(row_numbers, dtype=np.int64), merged or [])
