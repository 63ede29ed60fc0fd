"""Ethnicity: any typed spelling -> the official name of the 54-group list (+ foreigners).

Why: the warehouse contract stores the official name of the statistics office's code list
(as used by CSDL ngành): "Ê-đê", "Gia-rai", "Mnông". Schools type "Ede", "Ê Đê", "ê đê",
"Jrai", "M'nông", or the numeric code "12". Facts live in ``reference/ethnic_groups.csv``.

Matching runs in tiers, first hit wins: code; official name; common spelling; other
(historical/local) name — each tier first on ``fold_key`` (diacritics count) then on a compact
ASCII key (no diacritics, spaces, hyphens or apostrophes). A key claimed by two groups in the
same tier (e.g. "Thổ" is an other name of both Tày and Khơ-me, "Xá Lá Vàng" of three groups)
is dropped, so an ambiguous spelling is reported (None) rather than guessed.

Example:
    >>> normalize_ethnicity("ede"), normalize_ethnicity("12"), normalize_ethnicity("Jrai")
    ('Ê-đê', 'Ê-đê', 'Gia-rai')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.legacy_fonts import repair_legacy_cell
from edu_pipeline.vietnamese.text import ascii_key, clean_spaces, fold_key, normalize_apostrophes

__all__ = ["MAJORITY", "NOT_VIETNAMESE", "is_ethnic_minority", "normalize_ethnicity"]

MAJORITY = "Kinh"
NOT_VIETNAMESE = "Người nước ngoài"
_PARENS = re.compile(r"[()]")


def _compact_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", ascii_key(text))


def _fold_compact_key(text: str) -> str:
    return re.sub(r"[\s\-'.]", "", fold_key(text))


def _split_names(cell: str) -> list[str]:
    """ "Tày khao (Thái trắng)" -> ["Tày khao", "Thái trắng"]; "..." and empty parts dropped."""
    parts = []
    for name in cell.split(";"):
        parts += [clean_spaces(p) for p in _PARENS.split(name)]
    return [p for p in parts if p and p.strip(".")]


def _unambiguous(pairs: list[tuple[str, str]]) -> dict[str, str]:
    owners: dict[str, set[str]] = {}
    for key, official in pairs:
        owners.setdefault(key, set()).add(official)
    return {key: next(iter(names)) for key, names in owners.items() if len(names) == 1 and key}


@cache
def _tiers() -> tuple[dict[str, str], ...]:
    rows = read_reference_csv("ethnic_groups.csv")
    columns = {
        "name": lambda r: [r["name"]],
        "common": lambda r: _split_names(r["common_spellings"]),
        "other": lambda r: _split_names(r["other_names"]),
    }
    keys: tuple[Callable[[str], str], ...] = (_fold_compact_key, _compact_key)
    tiers: list[dict[str, str]] = [{}]
    for row in rows:  # codes: "12" and "012" also resolve
        tiers[0][str(int(row["code"]))] = row["name"]
    for names_of in columns.values():
        for key in keys:
            pairs = [(key(n), r["name"]) for r in rows for n in names_of(r)]
            tiers.append(_unambiguous(pairs))
    return tuple(tiers)


def normalize_ethnicity(raw: str | None) -> str | None:
    """Official group name for ``raw``, or None when blank, unknown or ambiguous.

    Example: ``normalize_ethnicity(" Ê-đê ")`` -> ``"Ê-đê"``; ``normalize_ethnicity("M'nông")``
    -> ``"Mnông"``; ``normalize_ethnicity("Kinh (Việt)")`` -> ``"Kinh"``.
    """
    if raw is None:
        return None
    text = clean_spaces(normalize_apostrophes(repair_legacy_cell(str(raw))))
    if not text:
        return None
    code, *_ = _tiers()
    if text.isascii() and text.isdigit():
        return code.get(str(int(text)))
    candidates = [text, _PARENS.split(text)[0]]  # "Kinh (Việt)" -> "Kinh"
    for candidate in candidates:
        for tier, key in zip(_tiers()[1:], (_fold_compact_key, _compact_key) * 3, strict=True):
            found = tier.get(key(candidate))
            if found:
                return found
    return None


def is_ethnic_minority(name: str | None) -> bool:
    """True for the 53 minority groups; False for Kinh, foreigners and unknown values.

    Why: minority status drives policy indicators (e.g. boarding schools, support); an
    unknown value is a data problem reported elsewhere, not a minority.
    Example: ``is_ethnic_minority("Ede")`` -> True, ``is_ethnic_minority("kinh")`` -> False.
    """
    official = normalize_ethnicity(name)
    return official is not None and official not in (MAJORITY, NOT_VIETNAMESE)
