"""Row-level findings from GX's located rows: what a school reads about each failing row.

``findings_for`` turns one failed expectation (its ``meta`` and the ``row_id`` of each failing
row) into finding rows with the raw value the school typed and the Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

FINDING_COLUMNS: tuple[str, ...] = (
    "dataset",
    "row_id",
    "column_name",
    "raw_value",
    "dimension",
    "rule",
    "severity",
    "action",
    "message",
)
ROW_ID = "row_id"
EMPTY_VALUE_VI = "(trống)"


def row_ids_at(unexpected_index_list: Any, row_id_at: np.ndarray) -> list[Any]:
    """Row ids of GX's ``unexpected_index_list``: positions in the frame GX validated
    (its index is a RangeIndex, see :func:`_gx_frame`), looked up in ``row_id_at``."""
    positions = np.asarray(unexpected_index_list or [], dtype="int64")
    return row_id_at[positions].tolist()


def _text(value: Any) -> str | None:
    """A cell as the string shown to schools (None for missing)."""
    if value is None or (not isinstance(value, str | list | dict) and bool(pd.isna(value))):
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    return str(value)


def _values_at(df: pd.DataFrame, column: str | None, positions: np.ndarray) -> list[str | None]:
    """Cells of ``column`` at row positions, as text (position -1: unknown row -> None)."""
    if not column or column not in df.columns or len(positions) == 0:
        return [None] * len(positions)
    found = positions >= 0
    taken = df[column].iloc[np.where(found, positions, 0)].tolist()
    return [_text(v) if ok else None for v, ok in zip(taken, found, strict=True)]


def empty_findings() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in FINDING_COLUMNS})
    return frame.astype({ROW_ID: "Int64"})


def findings_for(
    dataset: str,
    meta: Mapping[str, Any],
    row_ids: list[Any] | None,
    df: pd.DataFrame,
    positions_of: pd.Index,
) -> pd.DataFrame:
    """Findings of one failed expectation (row_ids None: one table-level finding)."""
    column = meta["column"]
    if row_ids is None:
        ids: list[Any] = [None]
        raw: list[str | None] = [None]
    else:
        ids = row_ids
        positions = positions_of.get_indexer(pd.Index(row_ids))
        raw = _values_at(df, column, positions)
        fallback = meta.get("fallback_column")
        if fallback and any(v is None for v in raw):
            alt = _values_at(df, fallback, positions)
            raw = [a if r is None else r for r, a in zip(raw, alt, strict=True)]
    template = str(meta["message_vi"])
    if "{value}" in template:
        messages = [template.replace("{value}", EMPTY_VALUE_VI if v is None else v) for v in raw]
    else:
        messages = [template] * len(raw)
    n = len(ids)
    return pd.DataFrame(
        {
            "dataset": [dataset] * n,
            ROW_ID: pd.array(ids, dtype="Int64"),
            "column_name": [column] * n,
            "raw_value": pd.Series(raw, dtype=object),
            "dimension": [meta["dimension"]] * n,
            "rule": [meta["rule"]] * n,
            "severity": [meta["severity"]] * n,
            "action": [meta["action"]] * n,
            "message": messages,
        }
    )
