"""Indicators are numerator / denominator per school; people who left are not counted."""

import pandas as pd
import pytest

from edu_pipeline.publish.fees import FEE_COLUMNS
from edu_pipeline.publish.kpis import enrollment_table, province_kpis, school_kpis

LEFT = {"students": ["Chuyển đi", "Thôi học"], "teachers": ["Nghỉ hưu"]}


def _inputs():
    schools = pd.DataFrame({"school_code": ["A", "B"], "cashless_fees": [True, None]})
    students = pd.DataFrame({
        "student_key": ["s1", "s2", "s3", "s4"], "school_code": ["A", "A", "A", "B"],
        "grade": [1, 1, 2, 1], "class_name": ["1A", "1A", "2A", "1A"],
        "gender": ["Nữ", "Nam", "Nữ", "Nam"], "ethnicity": ["Kinh", "Ê Đê", None, "Kinh"],
        "digital_record_signed": [True, False, None, True],
        "status": ["Đang học", "Đang học", "Đang học", "Chuyển đi"],
    })  # fmt: skip
    teachers = pd.DataFrame({
        "school_code": ["A", "A", "B"], "digital_skills_trained": [True, True, False],
        "employment_status": ["Đang làm việc", "Nghỉ hưu", "Đang làm việc"],
    })  # fmt: skip
    fee_lines = pd.DataFrame(columns=FEE_COLUMNS)  # no fee report: the registry decides
    scorecard = pd.DataFrame({"school_code": ["A", "A", "B"], "checked": [10, 10, 5],
                              "passed": [9, 10, 5]})  # fmt: skip
    submissions = pd.DataFrame({
        "school_code": ["A", "A", "A", "B"], "dataset": ["students", "teachers", "students",
                                                          "students"],
        "on_time": [True, False, True, True], "superseded_by": [None, None, "x", None],
    })  # fmt: skip
    return schools, students, teachers, fee_lines, scorecard, submissions


def test_school_indicators_count_only_who_is_there():
    kpis = school_kpis(*_inputs(), LEFT, "2026-Q1").set_index(["school_code", "kpi"])
    got = kpis[["numerator", "denominator"]].apply(tuple, axis=1).to_dict()
    assert got[("A", "digital_record_share")] == (1, 2)  # s3's record is unknown
    assert got[("B", "digital_record_share")] == (0, 0)  # s4 left
    assert pd.isna(kpis.loc[("B", "digital_record_share"), "value"])
    assert got[("A", "digital_skills_share")] == (1, 1)  # the retired teacher is not staff
    assert got[("A", "cashless_fees")] == (1, 1) and got[("B", "cashless_fees")] == (0, 0)
    assert kpis.loc[("A", "cashless_fees"), "source"] == "registry"
    assert got[("A", "data_quality_score")] == (19, 20)
    assert got[("A", "on_time_submission")] == (1, 2) and got[("B", "on_time_submission")] == (1, 2)
    assert (kpis["period"] == "2026-Q1").all()


def test_province_sums_numerators_and_denominators():
    province = province_kpis(school_kpis(*_inputs(), LEFT, "2026-Q1")).set_index("kpi")
    assert province.loc["data_quality_score", ["numerator", "denominator"]].tolist() == [24, 25]
    assert province.loc["data_quality_score", "value"] == pytest.approx(0.96)
    assert province.loc["on_time_submission", "value"] == pytest.approx(0.5)


def test_enrollment_by_class_gender_and_minority():
    _, students, *_ = _inputs()
    table = enrollment_table(students, LEFT["students"], "2026-Q1")
    one_a = table[(table["school_code"] == "A") & (table["class_name"] == "1A")].iloc[0]
    assert one_a[["students", "female", "male", "ethnic_minority"]].tolist() == [2, 1, 1, 1]
    assert table["students"].sum() == 3  # the pupil who moved away is not enrolled

