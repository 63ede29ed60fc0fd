"""Convert legacy-font text (TCVN3, VNI) in a sheet to Unicode, column by column.

Schools type a whole column (or a whole file) in one font, so the font is decided per column
from all its values; each cell is then decoded with its column's font, except cells that
already read as Unicode Vietnamese (pasted in later) and header labels of a Unicode template
("Tên *" over a column of TCVN3 names), which are left alone.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from edu_pipeline.ingest.grid import SheetGrid
from edu_pipeline.ingest.headers import field_for_label
from edu_pipeline.vietnamese.legacy_fonts import (
    LegacyFont,
    detect_legacy_font_column,
    repair_legacy_text,
)
from edu_pipeline.vietnamese.vectorize import map_distinct


def repair_grid_fonts(grid: SheetGrid) -> tuple[SheetGrid, str | None]:
    """The grid with legacy-font columns converted, and the font(s) found, if any."""
    if grid.cells.empty:
        return grid, None
    columns, fonts = {}, set()
    for column in grid.cells.columns:
        values = grid.cells[column]
        font = detect_legacy_font_column(values.dropna().unique())
        if font is None:
            columns[column] = values
            continue
        fonts.add(font)
        columns[column] = map_distinct(values, lambda text, f=font: _repair_cell(text, f))
    if not fonts:
        return grid, None
    cells = pd.DataFrame(columns, index=grid.cells.index)
    return replace(grid, cells=cells), "+".join(sorted(fonts))


def _repair_cell(text: str, font: LegacyFont) -> str:
    if field_for_label(text):  # a header label as it stands is Unicode already
        return text
    return repair_legacy_text(text, font)
