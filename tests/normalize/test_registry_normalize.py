"""Registry rows: codes, levels and communes after the 2025 reform."""

import pandas as pd

from edu_pipeline.normalize.registry import normalize_registry, official_commune


def test_registry_values():
    rows = pd.DataFrame({
        "row_id": [0, 1], "source_file": "dm.xlsx", "sheet": "DM", "source_row": [2, 3],
        "report_date": pd.Timestamp("2026-03-01"),
        "school_code": ["66000101", "6600A"], "school_name": [" Trường  THCS Hoà Bình", None],
        "level": ["thcs", "Đại học"], "commune": ["Phường Tuy Hoà", "Quận 1"],
        "ownership": ["CL", None], "cashless_fees": ["Có", "x"], "address": None, "phone": None,
    })  # fmt: skip
    out = normalize_registry(rows, "old")
    assert out["school_code"].tolist() == ["66000101", None]
    assert out["school_code_problem"].tolist() == [None, "bad_format"]
    assert out["school_name"].tolist()[0] == "Trường THCS Hòa Bình"
    assert out["level"].tolist() == ["THCS", None]
    assert out["level_problem"].tolist() == [None, "unknown"]
    assert out["commune"].tolist() == ["Tuy Hòa", None]
    assert out["commune_problem"].tolist() == [None, "unknown_commune"]
    assert out["cashless_fees"].tolist() == [True, True]


def test_commune_names_in_any_style():
    assert official_commune("xã  xuân lộc") == "Xuân Lộc"
    assert official_commune("Phường Bình Kiến") == "Bình Kiến"
    assert official_commune("Phường 1") is None
