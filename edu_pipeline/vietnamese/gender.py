"""Gender: typed spellings -> "Nam" / "Nữ" (the two values of the CSDL ngành list).

Why: schools write nam/Nam/NAM, nữ/nu/NU, male/female, M/F, the list's codes 01/02, or mark
a separate "Nữ" column with "x". Facts are in ``reference/gender_synonyms.csv``.

Numbers: in a gender column "1"/"01" means Nam and "2"/"02" means Nữ (the official codes).
"0" is NOT mapped: it only appears in 0/1 flag columns, whose meaning depends on the
header, so such a column must go through ``gender_from_female_mark`` (a "Nữ" column, where
1 = female) instead.

Example:
    >>> normalize_gender("NU"), normalize_gender("male"), normalize_gender("02")
    ('Nữ', 'Nam', 'Nữ')
    >>> gender_from_female_mark("x"), gender_from_female_mark(None)
    ('Nữ', 'Nam')
"""

from __future__ import annotations

from functools import cache

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.legacy_fonts import repair_legacy_cell
from edu_pipeline.vietnamese.text import ascii_key, clean_spaces, fold_key

__all__ = ["FEMALE", "MALE", "gender_from_female_mark", "normalize_gender"]

MALE = "Nam"
FEMALE = "Nữ"
# Marks meaning "ticked" in a "Nữ" column (1 = yes); blanks and these mean "not ticked".
_TICKED = frozenset({"x", "1", "✓", "✔", "v", "có", "co", "yes", "true", "nữ", "nu"})
_UNTICKED = frozenset({"", "0", "-", "no", "false", "không", "khong"})


@cache
def _synonyms() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in read_reference_csv("gender_synonyms.csv"):
        table[fold_key(row["synonym"])] = row["gender"]
        table.setdefault(ascii_key(row["synonym"]), row["gender"])
    return table


def normalize_gender(raw: str | None) -> str | None:
    """ "Nam" or "Nữ" for a typed gender, None when blank or not recognised.

    Matching ignores case, spacing and diacritics ("NỮ", "nu", " Nu "); a trailing ".0" of
    a numeric cell is dropped ("2.0" -> Nữ); legacy-font spellings are decoded ("N÷" -> Nữ).
    Example: ``normalize_gender("F")`` -> ``"Nữ"``.
    """
    if raw is None:
        return None
    text = clean_spaces(repair_legacy_cell(str(raw)))
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if not text:
        return None
    table = _synonyms()
    return table.get(fold_key(text)) or table.get(ascii_key(text))


def gender_from_female_mark(mark: str | None) -> str:
    """Gender from a "Nữ" tick column: ticked ("x", "X", "1", "✓") -> Nữ, empty -> Nam.

    Why: many templates have no gender column, only "Nữ" with an "x" for girls. A mark that
    is itself a gender word ("Nam"/"Nữ") is taken at its word; any other non-empty mark counts
    as ticked, because the column holds nothing but ticks.
    Example: ``gender_from_female_mark(" X ")`` -> ``"Nữ"``; ``gender_from_female_mark("")``
    -> ``"Nam"``.
    """
    if mark is None:
        return MALE
    text = fold_key(str(mark))
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if text in _TICKED:
        return FEMALE
    if text in _UNTICKED:
        return MALE
    return normalize_gender(text) or FEMALE
