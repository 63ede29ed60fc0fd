"""The commune of a school: the unit in force since 1 July 2025, from what the school typed.

On 1 July 2025 Đắk Lắk and Phú Yên were merged and their 286 communes, wards and towns were
rearranged into 102 units; districts were abolished. Registries keep being filled from old
records, so a school may write its current unit ("Phường Tuy Hòa"), a pre-reform one
("Phường 1", "Xã Ea Tu"), or a pre-reform one with its old district ("Xã Hòa Thắng,
TP. Buôn Ma Thuột"). Facts come from two bundled tables: `admin_units_dak_lak.csv` (current
units) and `admin_units_dak_lak_pre2025.csv` (old unit -> new unit, see reference/SOURCES.md).

Example:
    >>> match_commune("Xã Ea Tu - Buôn Ma Thuột")
    CommuneMatch(commune='Tân An', problem=None, fixed='pre_reform_name')
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import NamedTuple

import pandas as pd

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.text import ToneStyle, apply_tone_style, clean_spaces, fold_key
from edu_pipeline.vietnamese.vectorize import map_distinct_fields

__all__ = ["CommuneMatch", "commune_columns", "match_commune", "official_commune"]

# "Xã", "Phường", "Đặc khu", "Thị trấn" and their abbreviations "X.", "P.", "TT." / "TT".
_UNIT_PREFIX = re.compile(
    r"^(?:(xã|phường|đặc khu|thị trấn)\s+|(x|p|tt)\.\s*|(tt)\s+)", re.IGNORECASE
)
_ABBREVIATED_KIND = {"x": "xã", "p": "phường", "tt": "thị trấn"}
# "Thành phố", "TP.", "TP", "Thị xã", "TX.", "Huyện", "H." before an old district name.
_DISTRICT_PREFIX = re.compile(
    r"^(?:(?:thành phố|thị xã|huyện|quận)\s+|(?:tp|tx|h)\.\s*|(?:tp|tx)\s+)", re.IGNORECASE
)
# The commune comes first; a district or province may follow after ",", ";", " - " or "(".
_PLACE_SEPARATOR = re.compile(r"\s*[,;()]\s*|\s+[-–]\s+")


class CommuneMatch(NamedTuple):
    """Official name (or None), `commune_problem` and `commune_fixed` reason codes."""

    commune: str | None
    problem: str | None
    fixed: str | None


class _OldUnit(NamedTuple):
    kind: str  # fold key: "xã", "phường", "thị trấn"
    district: str  # fold key of the district name without "Huyện"/"Thành phố"/"Thị xã"
    new_code: str


@cache
def _current_names() -> dict[str, str]:
    """fold key of a current unit's name (without "Xã"/"Phường") -> official name."""
    return {fold_key(r["name"]): r["name"] for r in read_reference_csv("admin_units_dak_lak.csv")}


@cache
def _name_of_code() -> dict[str, str]:
    """Code of a current unit -> official name."""
    return {r["code"]: r["name"] for r in read_reference_csv("admin_units_dak_lak.csv")}


@cache
def _old_units() -> dict[str, tuple[_OldUnit, ...]]:
    """fold key of a pre-reform name -> every (old unit, new unit) pair of that name: the same
    name was used in several districts, and a split unit has one pair per new unit."""
    units: dict[str, list[_OldUnit]] = defaultdict(list)
    for row in read_reference_csv("admin_units_dak_lak_pre2025.csv"):
        unit = _OldUnit(fold_key(row["old_kind"]), _district_key(row["old_district"]),
                        row["new_code"])  # fmt: skip
        units[fold_key(row["old_name"])].append(unit)
    return {name: tuple(found) for name, found in units.items()}


def _district_key(text: str) -> str:
    """Fold key of a district name typed with or without its kind.

    >>> _district_key("TP. Buôn Ma Thuột") == _district_key("Thành phố Buôn Ma Thuột")
    True
    """
    return fold_key(_DISTRICT_PREFIX.sub("", clean_spaces(text)))


def _split_kind(text: str) -> tuple[str | None, str]:
    """(fold key of the typed kind or None, name): the kind narrows old names down.

    >>> _split_kind("P. Xuân Phú"), _split_kind("Ea Tu")
    (('phường', 'Xuân Phú'), (None, 'Ea Tu'))
    """
    match = _UNIT_PREFIX.match(text)
    if match is None:
        return None, text
    word, abbreviation, town = match.groups()
    kind = fold_key(word) if word else _ABBREVIATED_KIND[(abbreviation or town).lower()]
    return kind, text[match.end() :]


def official_commune(raw: str) -> str | None:
    """The official name of a current Đắk Lắk commune or ward typed in any style.

    >>> official_commune("phường  TUY HOÀ")
    'Tuy Hòa'
    """
    return _current_names().get(fold_key(_split_kind(clean_spaces(raw))[1]))


def _candidates(name: str, kind: str | None, districts: set[str]) -> tuple[_OldUnit, ...]:
    """Old units called `name`, narrowed to the typed districts and kind when that leaves any.

    A bare number ("9") is an old ward only when typed with its kind ("Phường 9").
    >>> len(_candidates("Hòa Thắng", None, set())), len(_candidates("Hòa Thắng", None, {"phú hòa"}))
    (2, 1)
    """
    if name.isdigit() and kind is None:
        return ()
    found = _old_units().get(fold_key(name), ())
    found = tuple(u for u in found if u.district in districts) or found
    return tuple(u for u in found if u.kind == kind) or found


def _keeps_current(current: str, name: str, districts: set[str]) -> bool:
    """Current names win over old ones (many new units kept an old name), unless an old district
    was typed too, and the old unit of that name in that district became another unit.

    >>> _keeps_current("Tân Tiến", "Tân Tiến", {"buôn ma thuột"})
    False
    """
    in_district = [u for u in _old_units().get(fold_key(name), ()) if u.district in districts]
    return all(_name_of_code()[u.new_code] == current for u in in_district)


def match_commune(raw: str) -> CommuneMatch:
    """The current unit a typed commune means, with the reason codes of the registry.

    Old names merged into one unit become that unit ("pre_reform_name" fix); an old name
    that maps to several units (split, or used in several districts) is "pre_reform_ambiguous".
    >>> match_commune("Phường 1").commune, match_commune("Phường 9").problem
    ('Tuy Hòa', 'pre_reform_ambiguous')
    """
    text = clean_spaces(str(raw))
    if not text:
        return CommuneMatch(None, None, None)  # blank: the "missing" rule reports it
    head, *rest = [part for part in _PLACE_SEPARATOR.split(text) if part] or [text]
    kind, name = _split_kind(head)
    districts = {_district_key(part) for part in rest}
    current = _current_names().get(fold_key(name))
    if current and _keeps_current(current, name, districts):
        return CommuneMatch(current, None, None)
    new_codes = {u.new_code for u in _candidates(name, kind, districts)}
    if len(new_codes) == 1:
        return CommuneMatch(_name_of_code()[new_codes.pop()], None, "pre_reform_name")
    if new_codes:
        return CommuneMatch(None, "pre_reform_ambiguous", None)
    return CommuneMatch(None, "unknown_commune", None)


def commune_columns(raw: pd.Series, tone_style: ToneStyle) -> tuple[pd.Series, ...]:
    """`commune` (in the run's tone style), `commune_problem`, `commune_fixed`, computed once
    per distinct typed value.

    >>> name, problem, fixed = commune_columns(pd.Series(["Xã Ea Tu", None]), "new")
    >>> name.tolist(), fixed.tolist()
    (['Tân An', None], ['pre_reform_name', None])
    """

    def styled(value: str) -> CommuneMatch:
        match = match_commune(value)
        if match.commune is None:
            return match
        return match._replace(commune=apply_tone_style(match.commune, tone_style))

    return map_distinct_fields(raw, styled, len(CommuneMatch._fields))
