"""A check that cannot run is reported as raised_exception, never as failing rows."""

from __future__ import annotations

import pandas as pd
import pytest

from edu_pipeline.quality.gx_runner import validate_frame


@pytest.mark.parametrize(
    ("dataset", "drop", "raised_rules"),
    [
        ("students", ["ethnicity_problem"], ["students.ethnicity.unknown"]),
        (
            "students",
            ["birth_date_problem"],
            [
                # domain column missing
                "students.birth_date.invalid_date",
                "students.birth_date.unparseable",
                "students.birth_date.incomplete_date",
                "students.birth_date.year_only",
                "students.birth_date.future_date",
                "students.birth_date.other_problem",
                # row_condition column missing
                "students.birth_date.missing",
            ],
        ),
        (
            "teachers",
            ["employment_status"],
            [
                "teachers.employment_status.past_retirement_age_male",
                "teachers.employment_status.past_retirement_age_female",
                "teachers.employment_status.left",
            ],
        ),
        (
            "registry",
            ["school_code"],
            [
                "registry.school_code.missing",
                "registry.school_code.duplicate",
            ],
        ),
    ],
)
def test_missing_column_is_an_error_of_the_check(
    dataset, drop, raised_rules, gx_frame, gx_parameters, gx_expectations_dir
):
    df = gx_frame(dataset, 6)
    # a real defect elsewhere must still be found
    df.loc[df["row_id"] == 1003, ["full_name" if dataset != "registry" else "school_name"]] = None
    df = df.drop(columns=drop)

    outcome = validate_frame(df, dataset, gx_parameters, gx_expectations_dir)
    results = outcome.expectation_results.set_index("rule")

    raised = results[results["raised_exception"]]
    assert sorted(raised.index) == sorted(raised_rules)
    assert not raised["success"].any()
    assert raised["element_count"].isna().all() and raised["unexpected_count"].isna().all()
    for message in raised["exception_message"]:
        assert isinstance(message, str) and message
    assert outcome.checks_raised
    # no failing rows are invented for checks that did not run
    assert not outcome.findings["rule"].isin(raised_rules).any()
    missing_rule = f"{dataset}.{'full_name' if dataset != 'registry' else 'school_name'}.missing"
    assert outcome.findings.loc[outcome.findings["rule"] == missing_rule, "row_id"].tolist() == [
        1003
    ]


def test_exception_message_names_the_missing_column(gx_frame, gx_parameters, gx_expectations_dir):
    df = gx_frame("students", 3).drop(columns=["moet_id_problem"])
    outcome = validate_frame(df, "students", gx_parameters, gx_expectations_dir)
    results = outcome.expectation_results.set_index("rule")
    message = results.loc["students.moet_id.bad_length", "exception_message"]
    assert '"moet_id_problem"' in message


def test_parameter_of_the_wrong_type_raises_in_the_check(
    gx_frame, gx_parameters, gx_expectations_dir
):
    df = gx_frame("students", 3)
    parameters = {**gx_parameters, "min_birth_date": "không phải ngày"}
    outcome = validate_frame(df, "students", parameters, gx_expectations_dir)
    results = outcome.expectation_results.set_index("rule")
    assert results.loc["students.birth_date.outside_school_age", "raised_exception"]
    assert results["raised_exception"].sum() == 1
    assert outcome.findings.empty


def test_text_where_a_date_is_expected_raises_not_fails(
    gx_frame, gx_parameters, gx_expectations_dir
):
    df = gx_frame("students", 3)
    df["birth_date"] = pd.Series(["05/09/2015"] * 3, index=df.index, dtype="str")
    outcome = validate_frame(df, "students", gx_parameters, gx_expectations_dir)
    results = outcome.expectation_results.set_index("rule")
    assert results.loc["students.birth_date.outside_school_age", "raised_exception"]
    assert not outcome.findings["rule"].eq("students.birth_date.outside_school_age").any()
