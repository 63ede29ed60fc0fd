"""A 30-school province shows every file shape and every scenario at least once."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_pipeline.demo import DemoSummary, generate_province
from edu_pipeline.demo.readback import read_truth, tags_of

SHAPES = {
    "xlsx",
    "xls",
    "ods",
    "csv",
    "enc_utf-8",
    "enc_utf-8-sig",
    "enc_utf-16",
    "enc_cp1258",
    "comma",
    "semicolon",
    "tab",
    "title_rows",
    "merged_title",
    "two_row_header",
    "layout_sheet_per_class",
    "layout_class_captions",
    "footer",
    "blank_date_line",
    "header_case_upper",
    "header_case_no_diacritics",
    "header_star",
    "newline_header",
    "no_stt",
    "split_name",
    "female_mark",
    "legacy_tcvn3_file",
    "legacy_vni_file",
    "legacy_tcvn3_name_column",
    "nfd",
    "tone_new",
    "name_case_upper",
    "stray_spaces",
    "id_style_number",
    "id_style_spaced",
    "id_style_dotted",
    "id_style_apostrophe",
    "date_style_cell",
    "date_style_serial",
    "date_style_dmy_slash",
    "date_style_dmy_dash",
    "date_style_iso",
    "date_style_dmy_dot2",
    "date_style_mdy_slash",
    "phone_style_plus84",
    "phone_style_dots",
    "phone_style_old_prefix",
    "report_place_footer_line",
    "report_place_title_field",
    "report_place_column",
    "school_code_column",
    "ethnicity_variants",
    "swap_birth_gender",
    "placement_code_folder",
    "placement_name_folder",
    "placement_shared_folder",
    "resubmission",
    "extra_stats_sheet",
    "truncated",
    "empty",
    "garbage",
}
SCENARIOS = {
    "duplicate_exact",
    "duplicate_near_typo",
    "duplicate_near_tone",
    "duplicate_near_date_swap",
    "twins",
    "citizen_id_birth_year_mismatch",
    "invalid_date",
    "name_has_digits",
    "missing_required",
    "unknown_school_code",
    "past_retirement_age",
    "student_in_two_schools",
    "teacher_in_two_schools",
    "namesake",
    "missing_submission",
    "missing_dataset",
    "late_submission",
    "stale_submission",
    "resubmission",
    "unreadable_file",
    "not_a_dataset",
    "unrecognised_sheet",
}


def _check(root: Path) -> None:
    files = read_truth(root, "files")
    seen = set().union(*(tags_of(f) for f in files))
    assert SHAPES - seen == set()
    assert {f["report_date_source"] for f in files if f["dataset"] == "students"} == {
        "file",
        "mtime",
    }
    kinds = {d["kind"] for d in read_truth(root, "defects")}
    assert SCENARIOS - kinds == set()
    ethnicities = {p["ethnicity"] for p in read_truth(root, "people")}
    assert {"Kinh", "Ê-đê", "Gia-rai", "Mnông"} <= ethnicities


def test_default_demo_has_every_shape(root: Path) -> None:
    _check(root)


@pytest.mark.parametrize("seed", [7, 99])
def test_other_seeds_too(tmp_path: Path, seed: int) -> None:
    generate_province(tmp_path / "raw", schools=30, students_per_school=40, seed=seed)
    _check(tmp_path / "raw")


def test_summary_counts(province: tuple[Path, DemoSummary]) -> None:
    root, summary = province
    assert summary.data_rows == len(read_truth(root, "people"))
    assert summary.files == len(read_truth(root, "files"))
    assert summary.schools == 30
    assert sum(summary.defects.values()) == len(read_truth(root, "defects"))
