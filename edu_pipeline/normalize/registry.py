"""Normalize the schools registry: codes, names, levels and communes after the 2025 reform."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from edu_pipeline.normalize.values import (
    canonical_column,
    none_for_missing,
    unrecognized,
    yes_no_column,
)
from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.ids import normalize_school_code
from edu_pipeline.vietnamese.text import ToneStyle, apply_tone_style, clean_spaces, fold_key
from edu_pipeline.vietnamese.vectorize import map_distinct

_UNIT_PREFIX = re.compile(r"^(xã|phường|đặc khu|thị trấn)\s+", re.IGNORECASE)


@cache
def _communes() -> dict[str, str]:
    """fold key of a commune name (without "Xã"/"Phường") -> official name."""
    return {fold_key(r["name"]): r["name"] for r in read_reference_csv("admin_units_dak_lak.csv")}


def official_commune(raw: str) -> str | None:
    """The official name of a Đắk Lắk commune or ward typed in any style.

    >>> official_commune("phường  TUY HOÀ")
    'Tuy Hòa'
    """
    return _communes().get(fold_key(_UNIT_PREFIX.sub("", clean_spaces(raw))))


def normalize_registry(rows: pd.DataFrame, tone_style: ToneStyle) -> pd.DataFrame:
    """Normalized registry rows with `*_problem` reason codes and `raw_*` values."""
    out = rows[["row_id", "source_file", "sheet", "source_row", "report_date"]].copy()
    out["school_code"] = map_distinct(rows["school_code"], normalize_school_code)
    out["school_code_problem"] = unrecognized(rows["school_code"], out["school_code"], "bad_format")
    out["school_name"] = map_distinct(
        rows["school_name"], lambda text: apply_tone_style(clean_spaces(text), tone_style) or None
    )
    out["level"] = canonical_column(rows["level"], "school_level")
    out["level_problem"] = unrecognized(rows["level"], out["level"], "unknown")
    commune = map_distinct(rows["commune"], official_commune)
    out["commune"] = commune.map(
        lambda name: apply_tone_style(name, tone_style), na_action="ignore"
    )
    out["commune_problem"] = unrecognized(rows["commune"], commune, "unknown_commune")
    out["ownership"] = canonical_column(rows["ownership"], "ownership")
    out["cashless_fees"] = yes_no_column(rows["cashless_fees"])
    out["address"] = map_distinct(rows["address"], clean_spaces)
    out["phone"] = map_distinct(rows["phone"], clean_spaces)
    for field in ("school_code", "school_name", "level", "commune"):
        out[f"raw_{field}"] = rows[field]
    return none_for_missing(out)
