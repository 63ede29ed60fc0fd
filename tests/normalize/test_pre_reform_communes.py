"""Registry communes typed with a pre-reform (before 1 July 2025) name of Đắk Lắk or Phú Yên."""

import pandas as pd
import pytest

from edu_pipeline.normalize.communes import match_commune
from edu_pipeline.normalize.registry import normalize_registry
from edu_pipeline.reference import read_reference_csv

FIXED, AMBIGUOUS, UNKNOWN = "pre_reform_name", "pre_reform_ambiguous", "unknown_commune"

# fmt: off
CASES = [
    # typed, commune, commune_problem, commune_fixed
    ("Phường Tuy Hoà", "Tuy Hòa", None, None),  # current name, new tone style
    ("Tân Lập", "Tân Lập", None, None),  # current name that is also an old one elsewhere
    ("Phường 1", "Tuy Hòa", None, FIXED),  # old Phú Yên ward 22015, wholly in Tuy Hòa
    ("Xã Ea Tu", "Tân An", None, FIXED),  # old Đắk Lắk commune 24163, wholly in Tân An
    ("xã  hòa khánh", "Hòa Phú", None, FIXED),  # 24175, wholly in Hòa Phú
    ("Thị trấn Phú Hoà", "Phú Hòa 1", None, FIXED),  # 22319 town, "Thị trấn" typed
    ("Hòa Thắng", None, AMBIGUOUS, None),  # in Phú Hòa (-> Phú Hòa 1) and Buôn Ma Thuột
    ("Phường 9", None, AMBIGUOUS, None),  # 22024 split between Tuy Hòa and Bình Kiến
    ("Xã Ea Bhốk, huyện Cư Kuin", None, AMBIGUOUS, None),  # split: a district cannot decide
    ("Xã Ea Tu, TP. Buôn Ma Thuột", "Tân An", None, FIXED),
    ("Xã Hòa Thắng, TP. Buôn Ma Thuột", "Tân Lập", None, FIXED),
    ("Hòa Thắng - Phú Hòa", "Phú Hòa 1", None, FIXED),
    ("Hòa An (Krông Pắc)", "Krông Pắc", None, FIXED),
    ("Hòa An, huyện Phú Hòa", None, AMBIGUOUS, None),  # 22315 split between two units
    ("Phường Xuân Phú", "Sông Cầu", None, FIXED),  # the kind decides: Sông Cầu ward, not Ea Kar
    ("Xã Tân Lập, H. Krông Búk", "Pơng Drang", None, FIXED),  # old district beats current name
    ("Quận 1", None, UNKNOWN, None),
    ("9", None, UNKNOWN, None),  # a bare number is no ward
    (" , ", None, UNKNOWN, None),  # punctuation only
    ("   ", None, None, None),  # blank: reported by the "missing" rule
]
# fmt: on


@pytest.mark.parametrize(("typed", "commune", "problem", "fixed"), CASES)
def test_match_commune(typed, commune, problem, fixed):
    assert tuple(match_commune(typed)) == (commune, problem, fixed)


def test_registry_columns_in_run_tone_style():
    typed = ["Xã Ea Tu", "Hòa Thắng", "Quận 1", None, "Xã Ea Tu", "Phường Tuy Hòa"]
    rows = pd.DataFrame({
        "row_id": range(6), "source_file": "dm.xlsx", "sheet": "DM", "source_row": range(2, 8),
        "report_date": pd.Timestamp("2026-03-01"), "school_code": "66000101",
        "school_name": "Trường THCS Hòa Bình", "level": "THCS", "commune": typed,
        "ownership": None, "cashless_fees": None, "address": None, "phone": None,
    })  # fmt: skip
    out = normalize_registry(rows, "new")
    assert out["commune"].tolist() == ["Tân An", None, None, None, "Tân An", "Tuy Hoà"]
    assert out["commune_problem"].tolist() == [None, AMBIGUOUS, UNKNOWN, None, None, None]
    assert out["commune_fixed"].tolist() == [FIXED, None, None, None, FIXED, None]
    assert out["raw_commune"].tolist() == typed


def test_pre_reform_table_points_at_current_units():
    current = {row["code"] for row in read_reference_csv("admin_units_dak_lak.csv")}
    rows = read_reference_csv("admin_units_dak_lak_pre2025.csv")
    assert {row["new_code"] for row in rows} == current
    assert {row["old_province_code"] for row in rows} == {"54", "66"}
    assert {row["old_kind"] for row in rows} <= {"Xã", "Phường", "Thị trấn"}
    assert {row["merge"] for row in rows} == {"whole", "part"}
    assert len({row["old_code"] for row in rows}) == 286
