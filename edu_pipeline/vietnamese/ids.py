"""Identity numbers: personal ID (CCCD / số định danh cá nhân), old CMND, MOET student ID,
school code.

The personal ID has 12 digits ``PPP G YY NNNNNN``: PPP = code of the province where the
birth was registered ("0" + the GSO province code, ``reference/citizen_id_provinces.csv``),
G = century and gender (0/1 = male/female born 1900-1999, 2/3 = 2000-2099, 4/5 = 2100-2199),
YY = last two digits of the birth year, then a serial. So the number can be checked against
the row's gender and birth date.

Excel damages these numbers: typed as numbers they lose the leading zero ("66209012345"),
come back as floats ("2503656229.0") or, in wide columns, as scientific notation
("6.6209012345E+10", the last digits are gone: not recoverable). People type them with
spaces, dots, dashes or a leading apostrophe (Excel's "keep as text" prefix).

Old 9-digit CMND numbers are recognised but never treated as personal IDs: the result has
``value=None, problem="cmnd9"`` (the caller keeps the raw digits; the contract column
``citizen_id`` only holds 12-digit numbers).

Example:
    >>> normalize_citizen_id("66 209 012 345")
    IdResult(value='066209012345', problem=None, fixed='leading_zero_restored')
    >>> check_citizen_id("066209012345", "Nữ", 2009)
    ['gender_mismatch']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.gender import FEMALE, MALE, normalize_gender
from edu_pipeline.vietnamese.vectorize import map_distinct_fields

__all__ = [
    "CITIZEN_ID_PARTS",
    "IdResult",
    "check_citizen_id",
    "citizen_id_mismatches",
    "clean_id_digits",
    "normalize_citizen_id",
    "normalize_id_column",
    "normalize_moet_id",
    "normalize_school_code",
    "province_of_citizen_id",
    "unknown_province_ids",
]

CITIZEN_ID_LENGTH = 12
CMND_LENGTH = 9
MOET_ID_LENGTH = 10
SCHOOL_CODE_LENGTH = 8
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_FLOAT_ZERO = re.compile(r"^(\d+)[.,]0+$")
_SEPARATORS = re.compile(r"[\s.\-_/]")


class IdResult(NamedTuple):
    """``value`` = normalized digits or None; ``problem`` = reason code when unusable;
    ``fixed`` = what was repaired when the value was usable only after a fix."""

    value: str | None
    problem: str | None
    fixed: str | None


def clean_id_digits(raw: str) -> str:
    """Strip what people and Excel add around ID digits; keep anything else for the caller.

    Removes surrounding spaces, a leading apostrophe, a trailing ".0" of a number read back
    as a float, and inner spaces, dots, dashes, slashes. Scientific notation is returned
    unchanged (its digits are lost; callers report it).
    Example: ``clean_id_digits("'066.209.012.345")`` -> ``"066209012345"``;
    ``clean_id_digits("2503656229.0")`` -> ``"2503656229"``.
    """
    text = re.sub(r"\s", "", str(raw)).lstrip("'’`")
    if _SCIENTIFIC.match(text):
        return text
    float_zero = _FLOAT_ZERO.match(text)
    if float_zero:
        return float_zero.group(1)
    return _SEPARATORS.sub("", text)


def _pre_check(raw: str | None) -> tuple[str, IdResult | None]:
    """Common start: blank -> empty result; unrecoverable forms -> problem result."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        return raw, None  # most cells: digits only, nothing to clean
    if raw is None or not str(raw).strip():
        return "", IdResult(None, None, None)
    digits = clean_id_digits(str(raw))
    if _SCIENTIFIC.match(digits):
        return digits, IdResult(None, "scientific_notation", None)
    if not digits.isdigit() or not digits.isascii():
        return digits, IdResult(None, "not_digits", None)
    return digits, None


@cache
def _provinces() -> dict[str, str]:
    return {r["code"]: r["province"] for r in read_reference_csv("citizen_id_provinces.csv")}


def province_of_citizen_id(cid: str) -> str | None:
    """Province where the birth was registered (pre-2025 name), or None if the code is unknown.

    Example: ``province_of_citizen_id("066209012345")`` -> ``"Đắk Lắk"``.
    """
    return _provinces().get(cid[:3])


def normalize_citizen_id(raw: str | None) -> IdResult:
    """Normalize a personal ID to its 12 digits.

    - 12 digits: kept (check the parts with ``check_citizen_id``);
    - 11 or 10 digits whose restored province code exists: a numeric cell lost its leading
      zero(s) — two for the provinces 001–009 (Hà Nội 001…) — restored
      (``fixed="leading_zero_restored"``);
    - 9 digits: an old CMND number, ``problem="cmnd9"`` (never validated as a personal ID);
    - scientific notation, letters or any other length: ``problem`` = "scientific_notation",
      "not_digits", "bad_length". Blank input gives ``IdResult(None, None, None)``:
      missing values are a completeness rule, not a format problem.
    Example: ``normalize_citizen_id("6.6209012345E+10").problem`` -> ``"scientific_notation"``.
    """
    digits, early = _pre_check(raw)
    if early is not None:
        return early
    if len(digits) == CITIZEN_ID_LENGTH:
        return IdResult(digits, None, None)
    lost = CITIZEN_ID_LENGTH - len(digits)
    if lost in (1, 2) and ("0" * lost + digits)[:3] in _provinces():
        return IdResult("0" * lost + digits, None, "leading_zero_restored")
    if len(digits) == CMND_LENGTH:
        return IdResult(None, "cmnd9", None)
    return IdResult(None, "bad_length", None)


def _century_and_gender(digit: int) -> tuple[int, str]:
    return 1900 + 100 * (digit // 2), FEMALE if digit % 2 else MALE


def check_citizen_id(cid: str, gender: str | None, birth_year: int | None) -> list[str]:
    """Which parts of a 12-digit personal ID disagree with the row (empty list = consistent).

    Codes: "unknown_province" (PPP not a province code), "gender_mismatch" (odd G = female),
    "century_mismatch" (G's century is not the birth year's; without a birth year, a century
    after 2099 is flagged), "year_mismatch" (YY is not the birth year's last two digits).
    ``gender`` may be any spelling ``normalize_gender`` knows; None skips that check.
    Example: ``check_citizen_id("066309012345", "Nữ", 2009)`` -> ``[]``.
    """
    problems: list[str] = []
    if province_of_citizen_id(cid) is None:
        problems.append("unknown_province")
    century, id_gender = _century_and_gender(int(cid[3]))
    known_gender = normalize_gender(gender)
    if known_gender is not None and known_gender != id_gender:
        problems.append("gender_mismatch")
    if birth_year is None:
        if century > 2099:  # nobody alive was born after 2099
            problems.append("century_mismatch")
        return problems
    if century != birth_year // 100 * 100:
        problems.append("century_mismatch")
    if cid[4:6] != f"{birth_year % 100:02d}":
        problems.append("year_mismatch")
    return problems


CITIZEN_ID_PARTS = ("gender", "century", "year")
_ASCII_DIGITS = pa.array(list("0123456789"))


def citizen_id_mismatches(
    cids: pd.Series,
    genders: pd.Series,
    birth_years: pd.Series,
    parts: Sequence[str] = CITIZEN_ID_PARTS,
) -> pd.DataFrame:
    """Which parts of each 12-digit ID disagree with its row: one boolean column per part.

    Columns ``gender``, ``century``, ``year`` (:data:`CITIZEN_ID_PARTS`, or the ``parts``
    asked for), as ``check_citizen_id``'s ``*_mismatch`` codes, but every part on its own (a
    row can fail two). ``cids`` holds normalized 12-digit numbers or nulls, ``genders``
    "Nam"/"Nữ" or nulls, ``birth_years`` integers or nulls; a null skips the checks it feeds
    (False). Vectorized: a few column operations instead of a Python call per row. The GX
    custom expectation ``expect_citizen_id_to_agree_with_birth_date_and_gender`` calls this.
    Example: ``citizen_id_mismatches(pd.Series(["066209012345"]), pd.Series(["Nữ"]),
    pd.Series([2009])).iloc[0].to_dict()`` -> ``{'gender': True, 'century': False,
    'year': False}``.
    """
    ids = pa.array(cids.astype("string").array)
    years = pd.to_numeric(birth_years, errors="coerce").astype("Int64")
    known = years.notna().to_numpy()
    year = years.fillna(0).to_numpy(dtype=np.int64)
    digit = np.maximum(_digit_at(ids, 3), 0)  # sex and century; not a digit counts as 0

    def gender() -> np.ndarray:
        expected_female = digit % 2 == 1
        female, male = ((genders == value).fillna(False).to_numpy(bool) for value in (FEMALE, MALE))
        return genders.notna().to_numpy() & ~np.where(expected_female, female, male)

    def century() -> np.ndarray:
        born = 1900 + 100 * (digit // 2)
        return np.where(known, born != year // 100 * 100, born > 2099)

    def year_digits() -> np.ndarray:
        tens, units = _digit_at(ids, 4), _digit_at(ids, 5)
        id_yy = np.where((tens >= 0) & (units >= 0), tens * 10 + units, -1)
        return known & (id_yy != year % 100)

    checks = {"gender": gender, "century": century, "year": year_digits}
    present = cids.notna().to_numpy()
    return pd.DataFrame({part: checks[part]() & present for part in parts}, index=cids.index)


def _digit_at(ids: pa.Array | pa.ChunkedArray, position: int) -> np.ndarray:
    """The value of each text's character at `position`: -1 where there is none or it is
    not an ASCII digit (a short text, a letter, a null). Arrow slices whole columns: no
    Python string per row."""
    character = pc.utf8_slice_codeunits(ids, position, position + 1)
    value = pc.index_in(character, value_set=_ASCII_DIGITS)
    return pc.fill_null(value, -1).to_numpy().astype(np.int64)


def unknown_province_ids(cids: pd.Series) -> pd.Series:
    """True where a normalized 12-digit ID's first three digits are no province code.

    Example: ``unknown_province_ids(pd.Series(["066209012345", "999209012345", None]))
    .tolist()`` -> ``[False, True, False]``.
    """
    return cids.notna() & ~cids.fillna("").astype(str).str[:3].isin(_provinces().keys())


def _plain_digits(series: pd.Series, length: int) -> pd.Series:
    """The ``length`` digits of cells that hold only them, apart from separators and a
    leading apostrophe ("066.209.012.345", "'066209012345"); null for every other cell.

    These are most cells, and ``clean_id_digits`` reads them the same way; a float read-back
    ("2503656229.0") is left to it.
    """
    text = series.astype("string[pyarrow]")
    simple = text.str.fullmatch(r"['’`]?[0-9][0-9 .\-_/]*") & ~text.str.contains(r"[.,]0+\s*$")
    digits = text.str.replace(r"[^0-9]", "", regex=True).where(simple.fillna(False))
    return digits.where(digits.str.len() == length).astype(object)


def normalize_id_column(
    series: pd.Series, normalize: Callable[[str | None], IdResult], length: int
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(value, problem, fixed) columns of ``normalize`` (``normalize_citizen_id`` or
    ``normalize_moet_id``, whose stored form has ``length`` digits) over ``series``.

    Cells that are the stored digits apart from separators are read by column operations;
    only the others go through ``normalize``, once per distinct value.
    Example: ``normalize_id_column(pd.Series(["2503656229", "2503656229.0"]),
    normalize_moet_id, 10)[0].tolist()`` -> ``["2503656229", "2503656229"]``.
    """
    digits = _plain_digits(series, length)
    ready = digits.notna()
    rest = series.astype(object).where(~ready & series.notna(), None)
    value, problem, fixed = map_distinct_fields(rest, normalize, 3)
    return value.mask(ready, digits), problem, fixed


def normalize_moet_id(raw: str | None) -> IdResult:
    """Normalize the Ministry's 10-digit student ID (mã định danh Bộ GD&ĐT).

    Kept apart from the personal ID: different length, different meaning. Float read-backs
    are restored exactly ("2503656229.0" -> "2503656229"); other lengths -> "bad_length".
    Example: ``normalize_moet_id("2503656229.0").value`` -> ``"2503656229"``.
    """
    digits, early = _pre_check(raw)
    if early is not None:
        return early
    if len(digits) != MOET_ID_LENGTH:
        return IdResult(None, "bad_length", None)
    return IdResult(digits, None, None)


def normalize_school_code(raw: str | None) -> str | None:
    """The 8-digit school code as text (never a number), or None when it is not 8 digits.

    Example: ``normalize_school_code(" 66012345.0 ")`` -> ``"66012345"``.
    """
    digits, early = _pre_check(raw)
    if early is not None or len(digits) != SCHOOL_CODE_LENGTH:
        return None
    return digits
