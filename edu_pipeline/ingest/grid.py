"""A sheet as a grid of text cells, whatever format it came from.

Every reader (workbooks, CSV/TXT) produces `SheetGrid`s so that header detection and row
extraction work the same way on all formats. The grid is a 2-D NumPy object array: whole-grid
operations (which cells are empty, which row is a footer) are array operations, and each
distinct cell value is rendered to text once. Excel numbers that are whole lose the float's
``.0`` (an ID typed into a numeric cell comes back as ``66012345678.0``), real date cells
become ISO dates, text becomes NFC and loses surrounding spaces, empty cells become None.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

# A merged range as (first_row, first_col, last_row, last_col), 0-based, relative to the grid.
MergedRange = tuple[int, int, int, int]


@dataclass
class SheetGrid:
    """The cells of one sheet (or one CSV) with the row numbers the school sees."""

    name: str
    cells: np.ndarray  # 2-D object array of str or None
    row_numbers: np.ndarray  # 1-based row (Excel) or line (CSV) number of each grid row
    merged: list[MergedRange] = field(default_factory=list)

    @property
    def height(self) -> int:
        return int(self.cells.shape[0])

    @property
    def width(self) -> int:
        return int(self.cells.shape[1]) if self.cells.ndim == 2 else 0


def render_cell(value: Any) -> str | None:
    """Text of one cell as the school meant it.

    >>> render_cell(2503656229.0)
    '2503656229'
    >>> render_cell(dt.datetime(2012, 3, 5))
    '2012-03-05'
    """
    if value is None:
        return None
    if isinstance(value, str):
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        return value.strip() or None
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
    return render_cell(str(value))


def map_cells(cells: np.ndarray, func) -> np.ndarray:
    """`func` applied once per distinct cell value of an object array (None stays None)."""
    if cells.size == 0:
        return cells
    codes, uniques = pd.factorize(cells.ravel(), use_na_sentinel=True)
    results = np.empty(len(uniques) + 1, dtype=object)
    results[:-1] = [func(value) for value in uniques]
    results[-1] = None
    return results[codes].reshape(cells.shape)


def grid_from_rows(
    name: str,
    rows: list[list[Any]],
    row_numbers: list[int] | np.ndarray,
    merged: list[MergedRange] | None = None,
) -> SheetGrid:
    """A `SheetGrid` from raw Python cell values (ragged rows are padded)."""
    width = max(map(len, rows), default=0)
    rendered = _render(rows, width)
    cells = np.empty(len(rendered), dtype=object)
    cells[:] = rendered
    return SheetGrid(
        name, cells.reshape(len(rows), width), np.asarray(row_numbers, dtype=np.int64), merged or []
    )


def _render(rows: list[list[Any]], width: int) -> list[str | None]:
    """`render_cell` over the rows, flattened and padded to `width`, text (nearly every cell)
    handled inline.

    No deduplication first: most cells of a list are distinct (names, IDs, dates), and hashing
    every cell costs as much as rendering it. One pass over the rows as calamine and the csv
    module return them: filling a 2-D NumPy array from nested lists first costs as much again.
    """
    normalize = unicodedata.normalize
    rendered: list[str | None] = []
    append = rendered.append
    for row in rows:
        for value in row:
            if type(value) is str:
                value = value.strip()
                if value and not value.isascii():
                    value = normalize("NFC", value)
                append(value or None)
            elif value is None:
                append(None)
            elif type(value) is float and value.is_integer() and abs(value) < 1e16:
                append(str(int(value)))  # IDs and phones typed into number cells
            else:
                append(render_cell(value))
        if len(row) < width:
            rendered.extend([None] * (width - len(row)))
    return rendered
