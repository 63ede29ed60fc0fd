"""Small enumerations schools type freely: yes/no marks, school levels, statuses, ownership.

The spellings live in `reference/value_synonyms.csv` (domain, value, canonical); matching is
on `fold_key`, so case, spacing and tone-mark style do not matter.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.text import fold_key
from edu_pipeline.vietnamese.vectorize import map_distinct

_PARENTHESES = re.compile(r"\([^)]*\)")


@cache
def _synonyms(domain: str) -> dict[str, str]:
    rows = read_reference_csv("value_synonyms.csv")
    return {fold_key(r["value"]): r["canonical"] for r in rows if r["domain"] == domain}


def canonical_value(raw: str | None, domain: str) -> str | None:
    """The canonical spelling of `raw` in `domain`, or None when unknown; a detail in
    parentheses is ignored when the whole text is not known.

    >>> canonical_value("ĐÃ KÝ SỐ", "yes_no"), canonical_value("Liên cấp (TH-THCS)", "school_level")
    ('yes', 'Liên cấp')
    """
    if raw is None:
        return None
    synonyms = _synonyms(domain)
    text = str(raw)
    return synonyms.get(fold_key(text)) or synonyms.get(fold_key(_PARENTHESES.sub(" ", text)))


def canonical_column(values: pd.Series, domain: str) -> pd.Series:
    """`canonical_value` over a column, once per distinct value."""
    return map_distinct(values, lambda raw: canonical_value(raw, domain))


def yes_no_column(values: pd.Series) -> pd.Series:
    """A nullable boolean column from "x", "Có", "Đã ký", "Chưa"…; unknown spellings are null."""
    meaning = canonical_column(values, "yes_no")
    return meaning.map({"yes": True, "no": False}).astype("boolean")


def unrecognized(raw: pd.Series, normalized: pd.Series, code: str = "unknown") -> pd.Series:
    """`code` where something was typed but could not be normalized, else null."""
    flagged = raw.notna() & normalized.isna()
    return pd.Series(code, index=raw.index, dtype=object).where(flagged, None)


def none_for_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns are object columns holding None (not NaN) for a missing value, whatever
    step produced them (pandas 3 infers its NaN-based `str` dtype from string results)."""
    for column in frame.columns:
        values = frame[column]
        if values.dtype == "object":
            array = values.to_numpy()
            if np.equal(array[pd.isna(array)], None).all():
                continue  # nulls are None already: most columns, nothing to copy
            frame[column] = values.where(values.notna(), None)
        elif pd.api.types.is_string_dtype(values.dtype):
            as_objects = values.to_numpy(dtype=object, na_value=None)
            frame[column] = pd.Series(as_objects, index=values.index, dtype=object)
    return frame
