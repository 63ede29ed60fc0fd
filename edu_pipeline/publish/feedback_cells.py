"""Cells of the feedback workbooks: text that can never run as a formula, and table layout.

Schools open these workbooks in Excel. A file name, sheet name or value a school typed may
start with "=", "+", "-", "@", a tab or a carriage return; written as a plain value, openpyxl
would store "=…" as a formula (and "#N/A" as an error) and Excel would run it. Every string is
therefore stored as text (data type "s"): risky ones as explicit text cells that also carry
Excel's quote prefix, so they stay text even after the teacher edits the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from weakref import WeakKeyDictionary

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from edu_pipeline.publish.feedback_text import as_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
STYLES = {
    "title": {"font": Font(bold=True, size=14)},
    "bold": {"font": Font(bold=True)},
    "header": {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DDEBF7")},
    "wrap": {"alignment": Alignment(wrap_text=True, vertical="top")},
}
# Setting a font or alignment makes openpyxl hash the style object (~0.1 ms a cell); the style
# array it yields is only valid in its own workbook, so it is computed once per workbook.
_STYLE_ARRAYS: WeakKeyDictionary = WeakKeyDictionary()


def _apply_style(cell: WriteOnlyCell, name: str) -> None:
    arrays = _STYLE_ARRAYS.setdefault(cell.parent.parent, {})
    if name in arrays:
        cell._style = copy(arrays[name])
        return
    for attribute, value in STYLES[name].items():
        setattr(cell, attribute, value)
    arrays[name] = copy(cell._style)


def text_cell(
    sheet: WriteOnlyWorksheet, value: object, *, style: str | None = None
) -> WriteOnlyCell | None:
    """A cell that always holds text (None for a blank), never a formula.

    `style` is one of `STYLES`; risky text also gets Excel's quote prefix.
    """
    text = as_text(value)
    if text is None:
        return None
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if style is not None:
        _apply_style(cell, style)
    if not _plain_text_is_safe(text):
        cell.quotePrefix = True
    return cell


def _plain_text_is_safe(text: str) -> bool:
    """openpyxl stores a plain string as text (data type "s") unless it starts with "=" (a
    formula) or is an error code such as "#N/A"; those, and the other risky starts, need an
    explicit text cell. Plain strings skip building a cell object: writing stays fast."""
    return not text.startswith(FORMULA_STARTS) and text not in ERROR_CODES


def row_cells(
    sheet: WriteOnlyWorksheet, values: Iterable[object], wrap: frozenset[int] = frozenset()
) -> list[object]:
    """One worksheet row: numbers stay numbers, everything else is stored as text.

    `wrap` holds the 0-based positions whose text wraps (long problem/fix sentences).
    """
    out: list[object] = []
    for index, value in enumerate(values):
        if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            out.append(value)
        elif index in wrap:
            out.append(text_cell(sheet, value, style="wrap"))
        else:
            text = as_text(value)
            safe = text is None or _plain_text_is_safe(text)
            out.append(text if safe else text_cell(sheet, text))
    return out


def bold_row(sheet: WriteOnlyWorksheet, values: Iterable[object], *, header: bool = False) -> list:
    """A row of bold text (a table header also gets a light fill)."""
    return [text_cell(sheet, value, style="header" if header else "bold") for value in values]


def set_widths(sheet: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Column widths; a write-only sheet needs them before its first row."""
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def table_layout(
    sheet: WriteOnlyWorksheet, widths: Sequence[float], header_row: int, data_rows: int
) -> None:
    """Widths, the header frozen on screen and a filter on the table's columns.

    Call before the first row is written (write-only sheets write their top part then).
    """
    set_widths(sheet, widths)
    sheet.freeze_panes = f"A{header_row + 1}"
    last_row = header_row + max(data_rows, 1)
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(widths))}{last_row}"
