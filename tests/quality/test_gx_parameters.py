"""Suite parameters are applied at validation time (registry codes, age windows, retirement)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from edu_pipeline.quality.gx_parameters import default_parameters, statutory_retirement_age_months
from edu_pipeline.quality.gx_runner import validate_frame

from_registry = "students.school_code.not_in_registry"


def _failing_rules(outcome, row_id):
    findings = outcome.findings
    return sorted(findings.loc[findings["row_id"] == row_id, "rule"])


@pytest.mark.parametrize(
    ("registry", "flagged"),
    [
        (["40000001", "40000002", "40000003"], []),
        (["40000001", "40000003"], [1002, 1005]),  # rows of school 40000002
        ({"40000001", "40000002", "40000003", "49999999"}, []),  # sets are accepted
        ((), [1001, 1002, 1003, 1004, 1005, 1006]),
    ],
)
def test_school_code_must_be_in_the_registry_given(
    registry, flagged, gx_frame, gx_parameters, gx_expectations_dir
):
    df = gx_frame("students", 6)
    parameters = {**gx_parameters, "registry_school_codes": registry}
    outcome = validate_frame(df, "students", parameters, gx_expectations_dir)
    found = outcome.findings[outcome.findings["rule"] == from_registry]
    assert sorted(found["row_id"]) == flagged
    assert (found["action"] == "quarantined").all()
    result = outcome.expectation_results.set_index("rule").loc[from_registry]
    assert result["unexpected_count"] == len(flagged)


@pytest.mark.parametrize(
    ("birth", "window", "flagged"),
    [
        ("2001-03-21", (25, 6), False),  # 24 years 364 days
        ("2001-03-19", (25, 6), True),  # over 25
        ("2025-09-20", (25, 6), False),  # exactly 6 months old
        ("2025-12-01", (25, 6), True),  # younger than 6 months
        ("1990-01-01", (40, 6), False),  # a wider window given by the caller
    ],
)
def test_student_age_window_comes_from_as_of_date(
    birth, window, flagged, gx_frame, gx_inject, gx_expectations_dir
):
    df = gx_frame("students", 2)
    gx_inject(df, 1002, {"birth_date": pd.Timestamp(birth), "grade_age_gap": None})
    max_years, min_months = window
    parameters = default_parameters(
        dt.date(2026, 3, 20),
        ["40000001", "40000002", "40000003"],
        student_max_age_years=max_years,
        student_min_age_months=min_months,
    )
    outcome = validate_frame(df, "students", parameters, gx_expectations_dir)
    expected = ["students.birth_date.outside_school_age"] if flagged else []
    assert _failing_rules(outcome, 1002) == expected


@pytest.mark.parametrize(
    ("gender", "birth", "status", "ages", "flagged"),
    [
        ("Nam", "1964-09-19", "Đang làm việc", None, "male"),  # 61y6m on 2026-03-20
        ("Nam", "1964-09-21", "Đang làm việc", None, None),
        ("Nữ", "1969-03-19", "Đang làm việc", None, "female"),  # 57y
        ("Nữ", "1969-03-21", "Đang làm việc", None, None),
        ("Nữ", "1969-03-19", "Nghỉ hưu", None, None),  # only staff listed as working
        ("Nam", "1970-01-01", "Đang làm việc", (55 * 12, 50 * 12), "male"),  # caller's ages
        ("Nữ", "1975-01-01", "Đang làm việc", (55 * 12, 50 * 12), "female"),
    ],
)
def test_retirement_age_is_a_parameter(
    gender, birth, status, ages, flagged, gx_frame, gx_inject, gx_expectations_dir
):
    df = gx_frame("teachers", 2)
    gx_inject(
        df,
        1002,
        {
            "gender": gender,
            "birth_date": pd.Timestamp(birth),
            "employment_status": status,
            "raw_employment_status": status,
        },
    )
    male, female = ages or (None, None)
    parameters = default_parameters(
        dt.date(2026, 3, 20),
        ["40000001", "40000002", "40000003"],
        retirement_age_months_male=male,
        retirement_age_months_female=female,
    )
    outcome = validate_frame(df, "teachers", parameters, gx_expectations_dir)
    expected = [f"teachers.employment_status.past_retirement_age_{flagged}"] if flagged else []
    if status == "Nghỉ hưu":  # listed although retired: a finding of its own
        expected = ["teachers.employment_status.left"]
    assert _failing_rules(outcome, 1002) == expected


@pytest.mark.parametrize(
    ("gender", "year", "months"),
    [
        ("Nam", 2020, 720),
        ("Nam", 2021, 723),  # 60 years 3 months
        ("Nam", 2026, 738),
        ("Nam", 2028, 744),  # 62, then constant
        ("Nam", 2040, 744),
        ("Nữ", 2021, 664),  # 55 years 4 months
        ("Nữ", 2026, 684),
        ("Nữ", 2035, 720),  # 60, then constant
        ("Nữ", 2040, 720),
    ],
)
def test_statutory_retirement_roadmap(gender, year, months):
    assert statutory_retirement_age_months(gender, year) == months


def test_default_parameters_are_dates_and_codes():
    parameters = default_parameters(dt.date(2026, 3, 20), ["40000002", "40000001", "40000002"])
    assert parameters["registry_school_codes"] == ["40000001", "40000002"]
    assert parameters["min_birth_date"] == pd.Timestamp("2001-03-20")
    assert parameters["max_birth_date"] == pd.Timestamp("2025-09-20")
    assert parameters["staff_max_birth_date"] == pd.Timestamp("2008-03-20")
    assert parameters["retirement_min_birth_date_male"] == pd.Timestamp("1964-09-20")
    assert parameters["retirement_min_birth_date_female"] == pd.Timestamp("1969-03-20")


@pytest.mark.parametrize(
    "as_date", [dt.date(2001, 3, 20), dt.datetime(2001, 3, 20), "np", pd.Timestamp("2001-03-20")]
)
def test_date_parameters_of_any_date_type(
    as_date, gx_frame, gx_inject, gx_parameters, gx_expectations_dir
):
    import numpy as np

    value = np.datetime64("2001-03-20") if as_date == "np" else as_date
    df = gx_frame("students", 2)
    gx_inject(df, 1002, {"birth_date": pd.Timestamp("2001-03-19"), "grade_age_gap": None})
    parameters = {**gx_parameters, "min_birth_date": value}
    outcome = validate_frame(df, "students", parameters, gx_expectations_dir)
    assert _failing_rules(outcome, 1002) == ["students.birth_date.outside_school_age"]


def test_missing_parameter_is_a_caller_error(gx_frame, gx_parameters, gx_expectations_dir):
    df = gx_frame("teachers", 2)
    parameters = {k: v for k, v in gx_parameters.items() if not k.startswith("retirement")}
    with pytest.raises(ValueError, match="retirement_min_birth_date_female"):
        validate_frame(df, "teachers", parameters, gx_expectations_dir)
