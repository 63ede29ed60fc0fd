"""Turn the rows under a header into records, keeping the row number the school sees.

Below the header come people, but also blank rows, repeated headers and class captions of
stacked blocks ("Lớp 6A2"), totals ("Tổng số: 35 học sinh"), the date line ("Đắk Lắk, ngày 20
tháng 3 năm 2026") and signatures ("HIỆU TRƯỞNG", then a name). Rows are classified with array
operations over the whole sheet. A row that looks like a person (a name and at least two other
details) is kept even below a footer, so a list that continues after "Tổng số" loses nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from edu_pipeline.ingest.grid import SheetGrid
from edu_pipeline.ingest.headers import HeaderMatch, header_key
from edu_pipeline.vietnamese.legacy_fonts import repair_legacy_cell
from edu_pipeline.vietnamese.text import fold_ascii

NAME_FIELDS = ("full_name", "family_middle", "given_name")
NOT_DATA_FIELDS = frozenset({"row_number", "report_date"})
TICK_FIELDS = ("female_mark", "male_mark")
FOOTER_PATTERN = re.compile(
    r"^(tong so|tong cong|cong\b|nguoi lap|hieu truong|pho hieu truong|thu truong|giam doc|"
    r"ky ten|ky ghi ro|xac nhan|ghi chu|danh sach nay co|"
    r"(\S.* )?ngay( \d{1,2})? thang( \d{1,2})? nam\b)"  # the date left blank: "ngày … tháng …"
)
CAPTION_PATTERN = re.compile(r"^(danh sach hoc sinh )?(lop|nhom lop|nhom)\b")
CLASS_IN_TEXT = re.compile(
    r"(?i)^(?:danh s[áa]ch h[ọo]c sinh\s+)?(?:nh[óo]m\s*)?l[ớo]p\s*[:\-]?\s*(.+)$"
)
CLASS_SHEET_NAME = re.compile(
    r"^(lop\s*)?(\d{1,2}\s*[a-z]{0,3}\s*\d{0,2}|(mau giao|nha tre|mam|choi|la)\s*\S{0,6})$"
)
_NUMBER_ONLY = re.compile(r"[\d.,\s]+")


@dataclass
class SheetRecords:
    """Data rows of one sheet plus the text around them (titles, footers)."""

    records: dict[str, np.ndarray]  # source_row, class_hint and one column per mapped field
    title_text: str
    other_text: list[str]
    footer_names_skipped: int


def class_from_sheet_name(sheet: str) -> str | None:
    """'Lớp 6A1' -> '6A1'; 'Sheet1' -> None (a class only when the name looks like one)."""
    key = fold_ascii(header_key(sheet))
    if not key or not CLASS_SHEET_NAME.match(key):
        return None
    match = CLASS_IN_TEXT.match(sheet.strip())
    return (match.group(1) if match else sheet).strip().upper() or None


def extract_records(grid: SheetGrid, header: HeaderMatch, sheet_class: str | None) -> SheetRecords:
    """Classify every row below the header and keep the data rows."""
    body = grid.cells[header.last_row + 1 :]
    filled = _filled(body)
    first_text = _first_text(body, filled)
    kind = _line_kinds(first_text, filled.sum(axis=1))
    names, mapped = list(header.columns.values()), list(header.columns)
    fields, present = body[:, mapped], filled[:, mapped]
    data_cols = np.array([f not in NOT_DATA_FIELDS for f in names], dtype=bool)
    name_cols = np.array([f in NAME_FIELDS for f in names], dtype=bool)
    has_name = present[:, name_cols].any(axis=1)
    details = present[:, data_cols & ~name_cols].sum(axis=1)
    below_footer = np.maximum.accumulate(kind == "footer") if len(kind) else kind == "footer"
    is_data = present[:, data_cols].any(axis=1) & (kind == "") & ~_repeats_header(grid, header)
    is_data &= ~below_footer | (has_name & (details >= 2))

    title_cells = [str(c) for c in grid.cells[: header.first_row].ravel() if c is not None]
    title_class = next((c for c in map(_caption_class, reversed(title_cells)) if c), None)
    class_hint = _class_hints(first_text, kind == "caption", title_class or sheet_class)
    columns = {
        "source_row": grid.row_numbers[header.last_row + 1 :][is_data],
        "class_hint": class_hint[is_data],
        **{name: fields[is_data, i] for i, name in enumerate(names)},
    }
    for mark in TICK_FIELDS:  # an unticked cell means "no", unlike having no such column
        if mark in columns:
            columns[mark] = np.where(_filled(columns[mark]), columns[mark], "")
    records = _combine_birth_parts(columns)
    skipped = first_text[~is_data]
    return SheetRecords(
        records=records,
        title_text=" ".join(title_cells),
        other_text=[str(t) for t in skipped if t is not None],
        # A signature is a name alone; a name with another detail looked like a person.
        footer_names_skipped=int(
            (has_name & (details >= 1) & below_footer & ~is_data & (kind != "footer")).sum()
        ),
    )


def _filled(cells: np.ndarray) -> np.ndarray:
    """Non-empty cells of a rendered grid (its empty cells are None, never NaN)."""
    return np.not_equal(cells, None)


def _first_text(body: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """The first non-empty cell of each row (None for a blank row)."""
    if body.size == 0:
        return np.full(len(body), None, dtype=object)
    first = body[np.arange(len(body)), filled.argmax(axis=1)]
    first[~filled.any(axis=1)] = None
    return first


def _line_kinds(first_text: np.ndarray, cells_per_row: np.ndarray) -> np.ndarray:
    """'footer', 'caption' or '' for each row, from its first text (computed once per text)."""
    kinds = np.full(len(first_text), "", dtype=object)
    # A row that starts with its number (STT) is neither; isdigit() spares the regex that call
    # for the hundreds of distinct numbers of a long list.
    texts = {text for text in first_text.tolist() if text is not None and not text.isdigit()}
    for text in texts:
        if kind := _kind_of_line(text):
            kinds[first_text == text] = kind
    kinds[(kinds == "caption") & (cells_per_row != 1)] = ""
    return kinds


@lru_cache(maxsize=1 << 14)  # "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)" end thousands of lists
def _kind_of_line(text: str) -> str:
    if _NUMBER_ONLY.fullmatch(text):
        return ""
    # Footers below the rows the font test samples may still be in a legacy font.
    key = fold_ascii(header_key(repair_legacy_cell(text)))
    if FOOTER_PATTERN.match(key):
        return "footer"
    return "caption" if CAPTION_PATTERN.match(key) else ""


def _repeats_header(grid: SheetGrid, header: HeaderMatch) -> np.ndarray:
    """Rows where at least two cells repeat a header row's label (stacked class blocks)."""
    columns = list(header.columns)
    body = grid.cells[header.last_row + 1 :, columns]
    needed = min(2, len(columns))
    repeated = np.zeros(len(body), dtype=bool)
    for label_row in {header.first_row, header.last_row}:
        labels = grid.cells[label_row, columns]
        same = (body == labels) & _filled(labels)
        repeated |= same.sum(axis=1) >= needed
    return repeated


def _class_hints(first_text: np.ndarray, is_caption: np.ndarray, default: str | None) -> np.ndarray:
    """The class of each row: the last caption above it, else the title or sheet name's."""
    if not is_caption.any():
        return np.full(len(first_text), default, dtype=object)
    captions = pd.Series(first_text).where(is_caption).map(_caption_class, na_action="ignore")
    hints = captions.ffill().to_numpy(dtype=object)
    hints[pd.isna(hints)] = default
    return hints


def _caption_class(text: str) -> str | None:
    match = CLASS_IN_TEXT.match(str(text).strip())
    return match.group(1).strip().upper() if match else None


def _combine_birth_parts(records: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """'Ngày | Tháng | Năm' columns become one d/m/y birth date text."""
    parts = [records.pop(p) for p in ("birth_day", "birth_month", "birth_year") if p in records]
    if "birth_date" in records or not parts:
        return records
    if len(parts) == 3:
        present = _filled(np.stack(parts)).any(axis=0)
        texts = [pc.fill_null(pa.array(part, type=pa.string()), "") for part in parts]
        joined = pc.binary_join_element_wise(*texts, "/").to_numpy(zero_copy_only=False)
        records["birth_date"] = np.where(present, joined, None)
    elif len(parts) == 1:
        records["birth_date"] = parts[0]  # only "Năm sinh": the year, reported as incomplete
    return records
