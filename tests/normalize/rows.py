"""Ingest-shaped rows for the normalize tests."""

import pandas as pd

from edu_pipeline.ingest.collect import LINEAGE_COLUMNS, dataset_fields


def raw_rows(dataset: str, **columns) -> pd.DataFrame:
    """Ingest-shaped rows: every canonical field present, given ones filled."""
    n = len(next(iter(columns.values())))
    frame = pd.DataFrame({c: [None] * n for c in LINEAGE_COLUMNS + dataset_fields()[dataset]})
    frame["row_id"] = range(n)
    frame["source_file"] = columns.pop("source_file", ["66000101/hs.xlsx"] * n)
    frame["sheet"], frame["source_row"] = "DS", range(2, n + 2)
    frame["school_code_hint"], frame["report_date"] = "66000101", pd.Timestamp("2026-03-20")
    for name, values in columns.items():
        frame[name] = values
    return frame
