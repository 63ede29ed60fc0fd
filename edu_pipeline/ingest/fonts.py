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
from edu_pipeline.ingest.headers import HEADER_SEARCH_ROWS, is_exact_label
from edu_pipeline.vietnamese.legacy_fonts import (
    detect_legacy_font_column,
    has_legacy_only_characters,
    legacy_signals,
    repair_legacy_text,
)

DETECTION_SAMPLE = 80
# A column typed in a legacy font shows it in its first rows (titles, header, first people).
SUSPICION_ROWS = 200


def repair_grid_fonts(grid: SheetGrid) -> tuple[SheetGrid, str | None]:
    """The grid with legacy-font columns converted, and the font(s) found, if any."""
    columns = _suspect_columns(grid.cells[:SUSPICION_ROWS])
    if not columns:
        return grid, None
    cells, fonts = grid.cells.copy(), set()
    for column in columns:
        values = grid.cells[:, column]  # originals: header labels are restored from them
        distinct = pd.unique(values[pd.notna(values)])
        # The font of a column shows in a few dozen values; scoring thousands adds nothing.
        font = detect_legacy_font_column(distinct[:DETECTION_SAMPLE])
        if font is not None:
            fonts.add(font)
            cells[:, column] = map_cells(values, lambda text, f=font: repair_legacy_text(text, f))
            _keep_header_labels(cells[:HEADER_SEARCH_ROWS, column], values[:HEADER_SEARCH_ROWS])
    if not fonts:
        return grid, None
    return replace(grid, cells=cells), "+".join(sorted(fonts))


def _suspect_columns(cells: np.ndarray) -> list[int]:
    """Columns where cells that could be legacy-font text are at least as many as cells that
    are certainly Unicode Vietnamese (letters outside Windows-1252, like ư, ơ, đ, ạ)."""
    if not has_legacy_only_characters(cells.ravel().tolist()):
        return []  # most sheets: no character only a legacy font would produce
    codes, uniques = pd.factorize(cells.ravel(), use_na_sentinel=True)
    legacy_like, unicode_only = legacy_signals(list(uniques))
    counts = []
    for signal in (legacy_like, unicode_only):
        per_cell = np.append(signal, False)[codes]  # code -1 (empty cell) reads the False
        counts.append(per_cell.reshape(cells.shape).sum(axis=0))
    legacy_count, unicode_count = counts
    return np.flatnonzero((legacy_count > 0) & (legacy_count >= unicode_count)).tolist()


def _keep_header_labels(repaired: np.ndarray, original: np.ndarray) -> None:
    """Undo the repair of header labels a Unicode template put over a legacy column."""
    for index, text in enumerate(original):
        if text is not None and text != repaired[index] and is_exact_label(text):
            repaired[index] = text
