"""Regenerate `edu_pipeline/reference/admin_units_dak_lak_pre2025.csv` from the shared copies.

Source: the government's old -> new conversion table of commune-level units (the rearrangement
of Đắk Lắk's communes and wards decided by the National Assembly Standing Committee in 2025,
in force since 1 July 2025), as published in sunshine-tech/VietnamProvinces
(`BangChuyendoiĐVHCmoi_cu_khong_merge.csv`, GPL; read here, never bundled nor read at run time).
The GSO list of pre-reform units as of 2025-01-04 (same repository) is read to cross-check codes,
districts and provinces and to give the kind ("Xã"/"Phường"/"Thị trấn") of every old unit, since
the conversion table leaves it out of two names and calls Hòa Tân Đông a "Phường".

We keep the 294 rows whose new unit is in Đắk Lắk (66): the old units of the former Đắk Lắk (66)
and Phú Yên (54) provinces. Each output row is one (old unit, new unit) pair with the old unit's
code, name (spelling of the conversion table, project's old tone style), kind, district and
province code, and whether the old unit went wholly or partly into the new one ("whole"/"part").
Codes are trusted over labels (see `shared/reference/SOURCES.md`). Run from the repository root:

    python scripts/derive_admin_units_pre2025.py \
        ../shared/reference/vn_admin_2025_old_to_new_wards.sunshine-tech.csv \
        ../shared/reference/vn_admin_pre2025_wards_2025-01-04.sunshine-tech.csv
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

from edu_pipeline.vietnamese.text import apply_tone_style, clean_spaces, fold_key

NEW_PROVINCE = "Tỉnh Đắk Lắk (66)"
OLD_PROVINCES = frozenset({"54", "66"})
CURRENT = Path("edu_pipeline/reference/admin_units_dak_lak.csv")
TARGET = Path("edu_pipeline/reference/admin_units_dak_lak_pre2025.csv")
COLUMNS = ["old_code", "old_name", "old_kind", "old_district", "old_province_code", "new_code",
           "merge"]  # fmt: skip
KINDS = ("Thị trấn", "Phường", "Xã")
_KIND_PREFIX = re.compile(r"^(thị trấn|phường|xã)\s+", re.IGNORECASE)
_TRAILING_CODE = re.compile(r"\s*\((\d+)\)$")


class OldUnit(NamedTuple):
    """One pre-reform unit of the GSO list (2025-01-04)."""

    name: str
    kind: str
    district: str
    district_code: str
    province_code: str


class Conversion(NamedTuple):
    """One row of the conversion table: an old unit going (wholly or partly) into a new one."""

    new_name: str
    new_code: str
    old_name: str
    old_code: str
    note: str
    old_district: str
    old_district_code: str
    old_province_code: str


def _label_and_code(label: str) -> tuple[str, str]:
    """("Huyện Krông Pắc (654)") -> ("Huyện Krông Pắc", "654")."""
    match = _TRAILING_CODE.search(label)
    assert match, f"no code in {label!r}"
    return label[: match.start()], match.group(1)


def _district_name(label: str) -> str:
    """One spelling per district: single spaces, "Thị xã" (the table also writes "Thị Xã")."""
    return apply_tone_style(re.sub(r"^Thị Xã ", "Thị xã ", clean_spaces(label)), "old")


def read_conversions(source: Path) -> list[Conversion]:
    """The table's rows whose new unit is in Đắk Lắk, with cells cleaned of stray whitespace."""
    conversions = []
    with source.open(encoding="utf-8", newline="") as handle:
        for cells in csv.reader(handle):
            cells = [clean_spaces(cell) for cell in cells]
            if len(cells) < 8 or cells[0] != NEW_PROVINCE or not cells[2]:
                continue
            district, district_code = _label_and_code(cells[6])
            _, province_code = _label_and_code(cells[7])
            conversions.append(Conversion(*cells[1:6], district, district_code, province_code))
    return conversions


def read_old_units(source: Path) -> dict[str, OldUnit]:
    """GSO pre-reform units of the former Đắk Lắk and Phú Yên provinces, by old code."""
    units = {}
    with source.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows)
        for cells in rows:
            cells = [clean_spaces(cell) for cell in cells]
            if cells[1] in OLD_PROVINCES:
                units[cells[5]] = OldUnit(cells[4], cells[6], cells[2], cells[3], cells[1])
    return units


def _merge_kinds(conversions: list[Conversion]) -> dict[str, str]:
    """Whether each old unit went "part" (split between several new units) or "whole"; the
    table's note ("Nhập một phần" / "Nhập toàn bộ", "Giữ nguyên", "Đổi tên") must agree."""
    pieces = Counter(row.old_code for row in conversions)
    merge = {code: "part" if count > 1 else "whole" for code, count in pieces.items()}
    for row in conversions:
        noted = "part" if "một phần" in row.note.lower() else "whole"
        assert noted == merge[row.old_code], f"note {row.note!r} of old unit {row.old_code}"
    return merge


def _old_name(row: Conversion) -> str:
    """The conversion table's spelling without its kind prefix, in the old tone style."""
    return apply_tone_style(_KIND_PREFIX.sub("", row.old_name), "old")


def _check(row: Conversion, unit: OldUnit, current: dict[str, str]) -> None:
    """Codes rule: district and province agree with the GSO list, the new unit is current."""
    assert row.old_district_code == unit.district_code, row
    assert fold_key(_district_name(row.old_district)) == fold_key(_district_name(unit.district))
    assert row.old_province_code == unit.province_code, row
    assert unit.kind in KINDS, unit
    assert row.new_code in current, f"new code {row.new_code} is not a current unit"


def derive(conversions: list[Conversion], old_units: dict[str, OldUnit]) -> list[list[str]]:
    """Output rows sorted by old code, then new code."""
    current = {row["code"]: row["name"] for row in csv.DictReader(CURRENT.open(encoding="utf-8"))}
    merge = _merge_kinds(conversions)
    rows = []
    for row in conversions:
        unit = old_units[row.old_code]
        _check(row, unit, current)
        district = _district_name(row.old_district)
        old = [row.old_code, _old_name(row), unit.kind, district, row.old_province_code]
        rows.append([*old, row.new_code, merge[row.old_code]])
    assert len({r[5] for r in rows}) == len(current) == 102, "every current unit has old units"
    assert set(old_units) == {r[0] for r in rows}, "every old unit goes somewhere"
    assert len({(r[0], r[5]) for r in rows}) == len(rows), "one row per (old, new) pair"
    return sorted(rows, key=lambda r: (r[0], r[5]))


def main(conversion_table: str, pre_reform_list: str) -> None:
    rows = derive(read_conversions(Path(conversion_table)), read_old_units(Path(pre_reform_list)))
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    whole = len({r[0] for r in rows if r[6] == "whole"})
    old_units, new_units = len({r[0] for r in rows}), len({r[5] for r in rows})
    print(f"{len(rows)} rows, {old_units} old units ({whole} whole), {new_units} new -> {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
