"""Turn the rows under a header into records, keeping the row number the school sees.

Below the header come people, but also blank rows, repeated headers and class captions of
stacked blocks ("Lớp 6A2"), totals ("Tổng số: 35 học sinh"), the date line ("Đắk Lắk, ngày 20
tháng 3 năm 2026") and signatures ("HIỆU TRƯỞNG", then a name). Rows are classified with column
operations. A row that looks like a person (a name and at least two other details) is kept even
below a footer, so a list that continues after "Tổng số" loses nobody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from unidecode import unidecode

from edu_pipeline.ingest.grid import SheetGrid
from edu_pipeline.ingest.headers import HeaderMatch, header_key
from edu_pipeline.vietnamese.vectorize import map_distinct

NAME_FIELDS = ("full_name", "family_middle", "given_name")
NOT_DATA_FIELDS = frozenset({"row_number", "report_date"})
TICK_FIELDS = ("female_mark", "male_mark")
FOOTER_PATTERN = re.compile(
    r"^(tong so|tong cong|cong\b|nguoi lap|hieu truong|pho hieu truong|thu truong|giam doc|"
    r"ky ten|ky ghi ro|xac nhan|ghi chu|danh sach nay co|\S.* ngay \d{1,2} thang \d{1,2} nam)"
)
CAPTION_PATTERN = re.compile(r"^(danh sach hoc sinh )?(lop|nhom lop|nhom)\b")
CLASS_IN_TEXT = re.compile(r"(?i)^(?:danh sách học sinh\s+)?(?:nhóm\s*)?lớp\s*[:\-]?\s*(.+)$")
CLASS_SHEET_NAME = re.compile(
    r"^(lop\s*)?(\d{1,2}\s*[a-z]{0,3}\s*\d{0,2}|(mau giao|nha tre|mam|choi|la)\s*\S{0,6})$"
)


@dataclass
class SheetRecords:
    """Data rows of one sheet plus the text around them (titles, footers)."""

    records: pd.DataFrame  # source_row, class_hint and one column per mapped field
    title_text: str
    other_text: list[str]
    footer_names_skipped: int


def class_from_sheet_name(sheet: str) -> str | None:
    """'Lớp 6A1' -> '6A1'; 'Sheet1' -> None (a class only when the name looks like one)."""
    key = unidecode(header_key(sheet))
    if not key or not CLASS_SHEET_NAME.match(key):
        return None
    match = CLASS_IN_TEXT.match(sheet.strip())
    return (match.group(1) if match else sheet).strip().upper() or None


def extract_records(grid: SheetGrid, header: HeaderMatch, sheet_class: str | None) -> SheetRecords:
    """Classify every row below the header and keep the data rows."""
    body = grid.cells.iloc[header.last_row + 1 :]
    row_numbers = grid.row_numbers[header.last_row + 1 :]
    fields = body[list(header.columns)].set_axis(list(header.columns.values()), axis=1)
    data_fields = [f for f in fields.columns if f not in NOT_DATA_FIELDS]
    first_text = body.bfill(axis=1).iloc[:, 0] if body.shape[1] else pd.Series(dtype=object)
    # Footers and captions start with words; a row starting with its number (STT) is neither.
    wordy = first_text.notna() & ~first_text.astype(str).str.fullmatch(r"[\d.,\s]+")
    first_key = map_distinct(first_text.where(wordy), lambda text: unidecode(header_key(text)))
    first_key = first_key.fillna("")
    cells_per_row = body.notna().sum(axis=1)

    is_footer = first_key.str.match(FOOTER_PATTERN)
    is_caption = (cells_per_row == 1) & first_key.str.match(CAPTION_PATTERN)
    header_rows = grid.cells.iloc[[header.first_row, header.last_row], list(header.columns)]
    is_header_again = _repeats_header(fields, header, header_rows.iloc[0].tolist())
    is_header_again |= _repeats_header(fields, header, header_rows.iloc[1].tolist())
    has_name = fields.reindex(columns=list(NAME_FIELDS)).notna().any(axis=1)
    details = fields[[f for f in data_fields if f not in NAME_FIELDS]].notna().sum(axis=1)
    strong_person = has_name & (details >= 2)
    below_footer = is_footer.cummax()
    has_content = fields[data_fields].notna().any(axis=1)
    is_data = has_content & ~is_footer & ~is_caption & ~is_header_again
    is_data &= ~below_footer | strong_person

    title_cells = grid.cells.iloc[: header.first_row].stack().dropna().astype(str).tolist()
    title_class = next((c for c in map(_caption_class, reversed(title_cells)) if c), None)
    captions = first_text.where(is_caption).map(_caption_class, na_action="ignore")
    class_hint = captions.ffill().fillna(title_class or sheet_class or pd.NA)
    records = _combine_birth_parts(fields[is_data].copy())
    # An unticked cell of a tick column means "no", which differs from having no such column.
    marks = [f for f in TICK_FIELDS if f in records]
    records[marks] = records[marks].fillna("")
    records.insert(0, "source_row", row_numbers[is_data.to_numpy()])
    records.insert(1, "class_hint", class_hint[is_data].astype(object))
    skipped_text = first_text[~is_data & first_text.notna()].astype(str).tolist()
    return SheetRecords(
        records=records.reset_index(drop=True),
        title_text=" ".join(title_cells),
        other_text=skipped_text,
        footer_names_skipped=int((has_name & below_footer & ~is_data & ~is_footer).sum()),
    )


def _caption_class(text: str) -> str | None:
    match = CLASS_IN_TEXT.match(text.strip())
    return match.group(1).strip().upper() if match else None


def _repeats_header(fields: pd.DataFrame, header: HeaderMatch, labels: list) -> pd.Series:
    """Rows where at least two cells repeat their column's header label (stacked blocks)."""
    same = pd.DataFrame(index=fields.index)
    for field, label in zip(fields.columns, labels, strict=True):
        same[field] = fields[field].astype(str).str.strip().str.lower() == str(label).lower()
    return same.sum(axis=1) >= min(2, len(header.columns))


def _combine_birth_parts(records: pd.DataFrame) -> pd.DataFrame:
    """'Ngày | Tháng | Năm' columns become one d/m/y birth date text."""
    parts = [p for p in ("birth_day", "birth_month", "birth_year") if p in records]
    if not parts:
        return records
    if "birth_date" not in records and len(parts) == 3:
        day, month, year = (records[p] for p in parts)
        joined = day.fillna("") + "/" + month.fillna("") + "/" + year.fillna("")
        records["birth_date"] = joined.where(day.notna() | month.notna() | year.notna())
    elif "birth_date" not in records and parts == ["birth_year"]:
        records["birth_date"] = records["birth_year"]
    return records.drop(columns=parts)
