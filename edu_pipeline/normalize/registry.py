"""Normalize the schools registry: codes, names, levels and communes after the 2025 reform.

Communes typed with a pre-reform name are mapped in `edu_pipeline.normalize.communes`.
"""

from __future__ import annotations

import pandas as pd

from edu_pipeline.normalize.communes import commune_columns, official_commune
from edu_pipeline.normalize.values import (
    canonical_column,
    none_for_missing,
    unrecognized,
    yes_no_column,
)
from edu_pipeline.vietnamese.ids import normalize_school_code
from edu_pipeline.vietnamese.text import ToneStyle, apply_tone_style, clean_spaces
from edu_pipeline.vietnamese.vectorize import map_distinct

__all__ = ["normalize_registry", "official_commune"]  # official_commune: current names only


def normalize_registry(rows: pd.DataFrame, tone_style: ToneStyle) -> pd.DataFrame:
    """Normalized registry rows with `*_problem` / `*_fixed` reason codes and `raw_*` values."""
    out = rows[["row_id", "source_file", "sheet", "source_row", "report_date"]].copy()
    out["school_code"] = map_distinct(rows["school_code"], normalize_school_code)
    out["school_code_problem"] = unrecognized(rows["school_code"], out["school_code"], "bad_format")
    out["school_name"] = map_distinct(
        rows["school_name"], lambda text: apply_tone_style(clean_spaces(text), tone_style) or None
    )
    out["level"] = canonical_column(rows["level"], "school_level")
    out["level_problem"] = unrecognized(rows["level"], out["level"], "unknown")
    out["commune"], out["commune_problem"], out["commune_fixed"] = commune_columns(
        rows["commune"], tone_style
    )
    out["ownership"] = canonical_column(rows["ownership"], "ownership")
    out["cashless_fees"] = yes_no_column(rows["cashless_fees"])
    out["address"] = map_distinct(rows["address"], clean_spaces)
    out["phone"] = map_distinct(rows["phone"], clean_spaces)
    for field in ("school_code", "school_name", "level", "commune"):
        out[f"raw_{field}"] = rows[field]
    return none_for_missing(out)
