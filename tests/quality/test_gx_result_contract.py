"""Shape of ValidationOutcome and the edge cases of locating failing rows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from edu_pipeline.quality.gx_runner import FINDING_COLUMNS, RESULT_COLUMNS, validate_frame


def test_columns_and_types(gx_frame, gx_parameters, gx_expectations_dir):
    df = gx_frame("students", 4)
    df.loc[df["row_id"] == 1002, ["full_name", "raw_full_name"]] = None
    outcome = validate_frame(df, "students", gx_parameters, gx_expectations_dir)

    findings = outcome.findings
    assert tuple(findings.columns) == FINDING_COLUMNS
    assert str(findings["row_id"].dtype) == "Int64"
    assert findings["raw_value"].isna().all()
    assert findings.loc[0, "message"].startswith("Không có họ và tên")

    results = outcome.expectation_results
    assert tuple(results.columns) == RESULT_COLUMNS
    assert results["success"].dtype == bool and results["raised_exception"].dtype == bool
    assert str(results["element_count"].dtype) == "Int64"
    assert str(results["unexpected_count"].dtype) == "Int64"


@pytest.mark.parametrize("failing", [1, 201, 1500])
def test_every_failing_row_is_located(failing, gx_frame, gx_parameters, gx_expectations_dir):
    """GX caps value lists at 200 records (MAX_RESULT_RECORDS); row ids must not be capped."""
    df = gx_frame("students", 2000)
    bad = df["row_id"].sample(failing, random_state=3)
    df.loc[df["row_id"].isin(bad), "ethnicity_problem"] = "unknown"
    outcome = validate_frame(df, "students", gx_parameters, gx_expectations_dir)
    assert sorted(outcome.findings["row_id"]) == sorted(bad)
    result = outcome.expectation_results.set_index("rule").loc["students.ethnicity.unknown"]
    assert result["unexpected_count"] == failing
    assert result["element_count"] == 2000


def test_duplicate_school_codes_point_at_every_row_involved(
    gx_frame, gx_parameters, gx_expectations_dir
):
    df = gx_frame("registry", 6)
    involved = df["row_id"].isin([1002, 1005, 1006])
    df.loc[involved, "school_code"] = "40000009"
    df.loc[involved, "raw_school_code"] = "40000009"
    df.loc[df["row_id"] == 1006, "raw_school_code"] = "40000009 "
    outcome = validate_frame(df, "registry", gx_parameters, gx_expectations_dir)
    findings = outcome.findings
    assert findings["rule"].unique().tolist() == ["registry.school_code.duplicate"]
    assert sorted(findings["row_id"]) == [1002, 1005, 1006]
    assert sorted(findings["raw_value"]) == ["40000009", "40000009", "40000009 "]
    assert (findings["dimension"] == "clean").all()


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns", "date_objects"])
def test_birth_dates_in_any_datetime_unit(
    unit, gx_frame, gx_inject, gx_parameters, gx_expectations_dir
):
    df = gx_frame("students", 4)
    gx_inject(df, 1002, {"birth_date": pd.Timestamp("1980-01-01"), "grade_age_gap": None})
    if unit == "date_objects":
        df["birth_date"] = pd.Series(
            [None if pd.isna(v) else v.date() for v in df["birth_date"]],
            index=df.index,
            dtype=object,
        )
    else:
        df["birth_date"] = df["birth_date"].astype(f"datetime64[{unit}]")
    outcome = validate_frame(df, "students", gx_parameters, gx_expectations_dir)
    assert outcome.findings[["row_id", "rule"]].values.tolist() == [
        [1002, "students.birth_date.outside_school_age"]
    ]


def test_dates_outside_the_nanosecond_range_are_still_flagged(
    gx_frame, gx_parameters, gx_expectations_dir
):
    df = gx_frame("students", 3)
    df["birth_date"] = df["birth_date"].astype("datetime64[s]")
    df.loc[df["row_id"] == 1002, "birth_date"] = np.datetime64("0215-09-05", "s")  # typo 2015
    df.loc[df["row_id"] == 1003, "birth_date"] = np.datetime64("2915-09-05", "s")
    df.loc[df["row_id"].isin([1002, 1003]), ["citizen_id", "raw_citizen_id"]] = None
    outcome = validate_frame(df, "students", gx_parameters, gx_expectations_dir)
    assert sorted(outcome.findings["row_id"]) == [1002, 1003]
    assert outcome.findings["rule"].eq("students.birth_date.outside_school_age").all()


def test_frame_is_not_modified(gx_frame, gx_parameters, gx_expectations_dir):
    df = gx_frame("teachers", 5)
    df.loc[df["row_id"] == 1003, "citizen_id_problem"] = "old_cmnd"
    before = df.copy()
    validate_frame(df, "teachers", gx_parameters, gx_expectations_dir)
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda df: df.drop(columns=["row_id"]), "no 'row_id' column"),
        (lambda df: df.assign(row_id=7), "'row_id' is not unique"),
    ],
)
def test_caller_errors(mutate, error, gx_frame, gx_parameters, gx_expectations_dir):
    with pytest.raises(ValueError, match=error):
        validate_frame(
            mutate(gx_frame("students", 3)), "students", gx_parameters, gx_expectations_dir
        )
    with pytest.raises(ValueError, match="unknown dataset"):
        validate_frame(gx_frame("students", 3), "pupils", gx_parameters, gx_expectations_dir)


def test_as_of_dates_can_be_plain_dates(gx_frame, gx_expectations_dir):
    from edu_pipeline.quality.gx_parameters import default_parameters

    parameters = default_parameters(dt.date(2026, 3, 20), ["40000001", "40000002", "40000003"])
    outcome = validate_frame(gx_frame("teachers", 3), "teachers", parameters, gx_expectations_dir)
    assert outcome.findings.empty


def test_table_level_failure_is_one_finding_without_row(tmp_path, gx_frame, gx_parameters):
    import json

    suite = {
        "name": "registry",
        "expectations": [
            {
                "type": "expect_table_row_count_to_be_between",
                "kwargs": {"min_value": 10},
                "meta": {
                    "rule": "registry.table.too_few_schools",
                    "dimension": "complete",
                    "severity": "error",
                    "action": "flagged",
                    "column": "raw_school_code",
                    "message_vi": "Danh mục có quá ít trường. Đề nghị gửi đủ danh mục.",
                },
            }
        ],
    }
    (tmp_path / "registry.json").write_text(json.dumps(suite), encoding="utf-8")
    outcome = validate_frame(gx_frame("registry", 3), "registry", gx_parameters, tmp_path)
    (finding,) = outcome.findings.to_dict("records")
    assert finding["rule"] == "registry.table.too_few_schools"
    assert pd.isna(finding["row_id"]) and finding["raw_value"] is None
    assert finding["message"] == "Danh mục có quá ít trường. Đề nghị gửi đủ danh mục."
    (result,) = outcome.expectation_results.to_dict("records")
    assert not result["success"] and not result["raised_exception"]
