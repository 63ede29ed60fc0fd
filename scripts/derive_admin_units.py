"""Regenerate `edu_pipeline/reference/admin_units_dak_lak.csv` from the shared reference copy.

Source: thanglequoc/vietnamese-provinces-database (MIT), the 34 provinces and 3,321 communes
after the 1 July 2025 reform. We keep the 102 communes and wards of Đắk Lắk (code 66), with
the official tone-mark style of the government list ("Hòa") applied, because that is the
project's output style. Run from the repository root:

    python scripts/derive_admin_units.py \
        ../shared/reference/vn_admin_units_simplified.thanglequoc.json
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from edu_pipeline.vietnamese.text import apply_tone_style

PROVINCE_CODE = "66"
TARGET = Path("edu_pipeline/reference/admin_units_dak_lak.csv")


def main(source: str) -> None:
    provinces = json.loads(Path(source).read_text(encoding="utf-8"))
    province = next(p for p in provinces if p["Code"] == PROVINCE_CODE)
    with TARGET.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "kind", "province_code"])
        for ward in sorted(province["Wards"], key=lambda w: w["Code"]):
            kind = ward["FullName"].removesuffix(ward["Name"]).strip()
            writer.writerow(
                [ward["Code"], apply_tone_style(ward["Name"], "old"), kind, PROVINCE_CODE]
            )


if __name__ == "__main__":
    main(sys.argv[1])
