"""A teacher at two schools is one person with two assignments; replaced files do not count."""

import pandas as pd

from edu_pipeline.dedupe.assignments import staff_assignments
from edu_pipeline.dedupe.identity import identify

TEACHER = {"full_name": "Nguyễn Thị Hoa", "birth_date": "1985-04-02", "gender": "Nữ",
           "citizen_id": "066185000123", "employment_status": "Đang làm việc"}  # fmt: skip


def test_one_person_two_schools_is_two_assignments(people):
    rows = people([
        {**TEACHER, "position": "Giáo viên", "subject": "Âm nhạc"},
        {**TEACHER, "school_code": "66000202", "source_file": "66000202/gv.xlsx",
         "position": "Giáo viên", "subject": "Âm nhạc"},
    ])  # fmt: skip
    identities = identify(rows, "GV")
    assert identities["person_key"].nunique() == 1
    assignments = staff_assignments(rows, identities)
    assert sorted(assignments["school_code"]) == ["66000101", "66000202"]
    assert assignments["teacher_key"].nunique() == 1


def test_the_newest_row_of_a_school_gives_the_position(people):
    rows = people([
        {**TEACHER, "position": "Giáo viên", "subject": "Toán",
         "report_date": pd.Timestamp("2026-01-10")},
        {**TEACHER, "position": "Tổ trưởng", "subject": "Toán", "source_file": "66000101/gv2.xlsx",
         "report_date": pd.Timestamp("2026-03-20")},
    ])  # fmt: skip
    assignment = staff_assignments(rows, identify(rows, "GV")).iloc[0]
    assert assignment["position"] == "Tổ trưởng"
    assert str(assignment["first_report_date"].date()) == "2026-01-10"
    assert str(assignment["last_report_date"].date()) == "2026-03-20"


def test_a_replaced_file_is_not_a_current_assignment(people):
    rows = people([
        {**TEACHER, "position": "Giáo viên", "subject": "Toán",
         "superseded_by": "66000101/gv-moi.xlsx"},
        {**TEACHER, "school_code": "66000202", "source_file": "66000202/gv.xlsx",
         "position": "Giáo viên", "subject": "Toán"},
    ])  # fmt: skip
    assignments = staff_assignments(rows, identify(rows, "GV"))
    assert list(assignments["school_code"]) == ["66000202"]
