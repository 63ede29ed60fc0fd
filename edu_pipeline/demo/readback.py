"""Plain readers (calamine, csv) for a generated province and its truth, for tests and scoring.

No pipeline code: this reads back what the generator wrote, to check the truth against it."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path

from python_calamine import CalamineWorkbook

from edu_pipeline.demo.textstyle import old_tone_style
from edu_pipeline.vietnamese.legacy_fonts import decode_tcvn3, decode_vni

Rows = dict[str, list[list[str]]]  # sheet name ("" for CSV) -> rows of text cells


def read_truth(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "_truth" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def tags_of(file_row: dict[str, str]) -> set[str]:
    return set(file_row["tags"].split(";"))


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def decode_csv(data: bytes, tags: set[str]) -> str:
    for enc in ("utf-8-sig", "utf-16", "cp1258", "utf-8"):
        if f"enc_{enc}" in tags:
            return unicodedata.normalize("NFC", data.decode(enc))
    raise ValueError(f"no encoding tag in {tags}")


@cache
def read_rows(path: Path, tags: frozenset[str]) -> Rows:
    """Every sheet as text cells, row 0 = the row a school sees as row 1."""
    if "csv" in tags:
        text = decode_csv(path.read_bytes(), set(tags))
        delimiter = "\t" if "tab" in tags else (";" if "semicolon" in tags else ",")
        return {"": list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))}
    wb = CalamineWorkbook.from_path(str(path))
    out: Rows = {}
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        rows = [[_text(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        out[name] = rows
    return out


def clean_name(text: str, tags: set[str] | frozenset[str] = frozenset()) -> str:
    """Undo the presentation quirks the generator applies to names."""
    if any(t.startswith("legacy_tcvn3") for t in tags):
        text = decode_tcvn3(text)
    elif any(t.startswith("legacy_vni") for t in tags):
        text = decode_vni(text)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip()
    return old_tone_style(text).casefold()


def row_names(cells: list[str], tags: set[str] | frozenset[str]) -> set[str]:
    """Candidate names in a row: each cell, and each pair of adjacent cells (split names)."""
    found = {clean_name(c, tags) for c in cells if c}
    found |= {clean_name(f"{a} {b}", tags) for a, b in pairwise(cells) if a and b}
    return found
