"""Convert legacy-font text (TCVN3, VNI) in a sheet to Unicode, column by column.

Schools type a whole column (or a whole file) in one font, so the font is decided per column
from all its values; each cell is then decoded with its column's font, except cells that
already read as Unicode Vietnamese (pasted in later) and header labels of a Unicode template
("Tên *" over a column of TCVN3 names), which are left alone. Most sheets hold no legacy text
at all: a cheap character test finds the columns worth scoring.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from edu_pipeline.ingest.grid import SheetGrid, map_cells
from edu_pipeline.ingest.headers import is_exact_label
from edu_pipeline.vietnamese.legacy_fonts import (
    LegacyFont,
    detect_legacy_font_column,
    legacy_signals,
    repair_legacy_text,
)

DETECTION_SAMPLE = 80


def repair_grid_fonts(grid: SheetGrid) -> tuple[SheetGrid, str | None]:
    """The grid with legacy-font columns converted, and the font(s) found, if any."""
    columns = _suspect_columns(grid.cells)
    if not columns:
        return grid, None
    cells, fonts = grid.cells.copy(), set()
    for column in columns:
        values = cells[:, column]
        distinct = pd.unique(values[pd.notna(values)])
        # The font of a column shows in a few dozen values; scoring thousands adds nothing.
        font = detect_legacy_font_column(distinct[:DETECTION_SAMPLE])
        if font is not None:
            fonts.add(font)
            cells[:, column] = map_cells(values, lambda text, f=font: _repair_cell(text, f))
    if not fonts:
        return grid, None
    return replace(grid, cells=cells), "+".join(sorted(fonts))


def _suspect_columns(cells: np.ndarray) -> list[int]:
    """Columns where cells that could be legacy-font text are at least as many as cells that
    are certainly Unicode Vietnamese (letters outside Windows-1252, like ư, ơ, đ, ạ)."""
    if cells.size == 0:
        return []
    codes, uniques = pd.factorize(cells.ravel(), use_na_sentinel=True)
    legacy_like, unicode_only = legacy_signals(list(uniques))
    counts = []
    for signal in (legacy_like, unicode_only):
        per_cell = np.append(signal, False)[codes]  # code -1 (empty cell) reads the False
        counts.append(per_cell.reshape(cells.shape).sum(axis=0))
    legacy_count, unicode_count = counts
    return np.flatnonzero((legacy_count > 0) & (legacy_count >= unicode_count)).tolist()


def _repair_cell(text: str, font: LegacyFont) -> str:
    if is_exact_label(text):  # a header label as it stands is Unicode already
        return text
    return repair_legacy_text(text, font)
