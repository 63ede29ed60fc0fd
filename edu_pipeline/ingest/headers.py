"""Find the header row of a sheet and map its columns to canonical fields.

Schools word headers in many ways ("Họ và tên", "Họ tên học sinh", "HO VA TEN\\n*"), put
title rows above them, and split some under a merged parent ("Ngày sinh" over "Ngày | Tháng |
Năm"). Headers are matched on normalised text against `reference/header_synonyms.csv`, never
on column positions. Matching with diacritics comes first because ASCII folding makes some
headers collide ("Năm" = year, "Nam" = male); the ASCII key is used only where it is
unambiguous.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

from edu_pipeline.ingest.grid import SheetGrid
from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.text import fold_ascii

HELPER_FIELDS = frozenset({"row_number", "birth_day", "birth_month", "birth_year", "report_date"})
IDENTIFYING_FIELDS = frozenset(
    {"full_name", "given_name", "family_middle", "school_code", "school_name", "fee_item"}
)
HEADER_SEARCH_ROWS = 40
ROWS_CHECKED_BELOW_HEADER = 3
_DIGIT = re.compile(r"\d")
_PUNCTUATION = re.compile(r"[^\w&]+|_")  # "MA_TRUONG" (CSDL field codes) = "ma truong"
_PARENTHESES = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which column holds which field."""

    first_row: int  # grid index of the first header row
    last_row: int  # grid index of the last header row (data starts below it)
    columns: dict[int, str]  # grid column -> canonical field

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(self.columns.values())


def header_key(text: str) -> str:
    """Header text reduced to lower-case words: punctuation, stars and line breaks removed."""
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(_PUNCTUATION.sub(" ", text).split())


@cache
def _synonym_index() -> tuple[dict[str, str], dict[str, str]]:
    rows = read_reference_csv("header_synonyms.csv")
    pairs = [(header_key(row["wording"]), row["field"]) for row in rows]
    exact = dict(pairs)
    ascii_fields: dict[str, set[str]] = {}
    for key, field in pairs:
        ascii_fields.setdefault(fold_ascii(key), set()).add(field)
    unambiguous = {key: next(iter(fs)) for key, fs in ascii_fields.items() if len(fs) == 1}
    return exact, unambiguous


@lru_cache(maxsize=1 << 16)  # templates repeat: the same header cells in thousands of files
def field_for_label(label: str | None) -> str | None:
    """The canonical field a header label names, or None.

    >>> field_for_label("HỌ VÀ TÊN *")
    'full_name'
    >>> field_for_label("Ho ten hoc sinh")
    'full_name'
    """
    if not label:
        return None
    exact, ascii_only = _synonym_index()
    for candidate in (label, _PARENTHESES.sub(" ", label)):
        key = header_key(candidate)
        if key in exact:
            return exact[key]
        if fold_ascii(key) in ascii_only:
            return ascii_only[fold_ascii(key)]
    return None


def is_exact_label(text: str) -> bool:
    """True when `text` is, with its diacritics, a known header wording ("Tên *", "Họ và tên").

    A cheap test (no ASCII folding) for cells that must not be touched by legacy-font repair.
    """
    exact, _ = _synonym_index()
    return header_key(text) in exact or header_key(_PARENTHESES.sub(" ", text)) in exact


def find_header(grid: SheetGrid) -> HeaderMatch | None:
    """The best header among the first rows: the one naming the most distinct fields.

    A row followed by a row of sub-labels (two-row header) is read as one header when the
    pair names more fields than the row alone. Ties go to the earliest row.
    """
    top = _fill_merged(grid, HEADER_SEARCH_ROWS)
    best: HeaderMatch | None = None
    best_score = (1, 0, 0)
    for row in range(len(top)):
        if best is not None and row > best.last_row + ROWS_CHECKED_BELOW_HEADER:
            break  # data rows follow: no header further down can be better
        for candidate in _candidates(top, row):
            score = _score(candidate)
            if score > best_score:
                best, best_score = candidate, score
    return best


def _candidates(top: np.ndarray, row: int) -> list[HeaderMatch]:
    labels = top[row].tolist()
    single = HeaderMatch(row, row, _map_labels(labels))
    if row + 1 >= len(top) or _looks_like_data(top[row + 1].tolist()):
        return [single]
    children = top[row + 1].tolist()
    combined: dict[int, str] = {}
    for column, (parent, child) in enumerate(
        zip(_spread_parents(labels, children), children, strict=True)
    ):
        field = _combined_field(parent, child)
        if field and field not in combined.values():
            combined[column] = field
    return [single, HeaderMatch(row, row + 1, combined)]


def _combined_field(parent: str | None, child: str | None) -> str | None:
    """The field of a column under a two-row header: a known sub-label of the parent's field
    ("Ngày sinh"/"NS" over "Ngày" is the birth day), else the joined or the child's label."""
    if parent and child and parent != child:
        parent_field = field_for_label(parent)
        sub = _sublabels().get((parent_field, fold_ascii(header_key(child))))
        return sub or field_for_label(f"{parent} {child}") or field_for_label(child)
    return field_for_label(child or parent)


@cache
def _sublabels() -> dict[tuple[str, str], str]:
    """(parent field, ASCII key of a sub-label) -> field, from `header_sublabels.csv`. ASCII
    is safe here: "Năm" and "Nam" never sit under the same parent."""
    rows = read_reference_csv("header_sublabels.csv")
    return {(r["parent_field"], fold_ascii(header_key(r["sublabel"]))): r["field"] for r in rows}


def _map_labels(labels: list[str | None]) -> dict[int, str]:
    mapped: dict[int, str] = {}
    for column, label in enumerate(labels):
        if not label or label[0].isdigit():
            continue  # no header wording starts with a digit; data rows' numbers and dates do
        field = field_for_label(label)
        if field and field not in mapped.values():
            mapped[column] = field
    return mapped


def _spread_parents(labels: list[str | None], children: list[str | None]) -> list[str | None]:
    """Repeat a parent label over the sub-labels to its right when no merge says so (CSV)."""
    spread = list(labels)
    for column in range(1, len(spread)):
        if not spread[column] and children[column] and children[column - 1]:
            spread[column] = spread[column - 1]
    return spread


# Sub-columns count as the field they make up, so "Ngày | Tháng | Năm" scores as a birth date.
_SCORED_AS = {
    "birth_day": "birth_date",
    "birth_month": "birth_date",
    "birth_year": "birth_date",
    "female_mark": "gender",
    "male_mark": "gender",
}


def _score(match: HeaderMatch) -> tuple[int, int, int]:
    """(distinct fields named, columns mapped, fewer rows); a header must name a person, a
    school or a fee. The last part keeps a caption above a one-row header out of the header."""
    if not match.fields & IDENTIFYING_FIELDS:
        return (0, 0, 0)
    named = {_SCORED_AS.get(field, field) for field in match.fields} - {"row_number", "report_date"}
    return (len(named), len(match.columns), match.first_row - match.last_row)


def _looks_like_data(cells: list[str | None]) -> bool:
    """A row with numbers or dates in it is data, not a row of sub-labels."""
    values = [cell for cell in cells if cell]
    return not values or _DIGIT.search("\n".join(values)) is not None


def _fill_merged(grid: SheetGrid, rows: int) -> np.ndarray:
    """The first rows with every merged range filled with its top-left value."""
    top = grid.cells[:rows].copy()
    for r0, c0, r1, c1 in grid.merged:
        if r0 < len(top) and c0 < top.shape[1]:
            top[r0 : r1 + 1, c0 : c1 + 1] = top[r0, c0]
    return top
