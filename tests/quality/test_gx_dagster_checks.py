"""The GX → Dagster adapter: suites become blocking/warning checks per dataset and dimension.

Real GX results (validate_frame on generated frames) feed real Dagster materializations; a
downstream asset shows whether a blocking check stopped the run.
"""

from __future__ import annotations

import dagster as dg
import pandas as pd
import pytest

from edu_pipeline.quality.gx_checks import dimension_groups, gx_asset_checks
from edu_pipeline.quality.gx_runner import validate_frame


def test_groups_and_blocking_follow_gx_severity(gx_expectations_dir):
    groups = {g.check_name: g for g in dimension_groups("students", gx_expectations_dir)}
    assert set(groups) == {"students_complete", "students_correct", "students_clean",
                           "students_fresh"}  # fmt: skip
    assert {n for n, g in groups.items() if g.blocking} == {"students_complete",
                                                            "students_correct"}  # fmt: skip
    assert set(groups["students_complete"].critical_rules) == {
        "students.full_name.missing", "students.school_code.missing"}  # fmt: skip
    assert "students.status.left" in groups["students_fresh"].rules


def _materialize(frame: pd.DataFrame, gx_parameters, gx_expectations_dir):
    """Materialize students → findings → a downstream asset, with the students checks."""
    outcome = validate_frame(frame, "students", gx_parameters, gx_expectations_dir)

    @dg.asset(name="students")
    def students() -> pd.DataFrame:
        return frame

    @dg.asset(name="student_findings", deps=["students"])
    def student_findings() -> pd.DataFrame:
        return outcome.findings

    @dg.asset(name="expectation_results", deps=["students"])
    def expectation_results() -> pd.DataFrame:
        return outcome.expectation_results.assign(dataset="students")

    @dg.asset(name="published", deps=["student_findings"])
    def published() -> None:
        return None

    checks = gx_asset_checks("students", gx_expectations_dir)
    result = dg.materialize(
        [students, student_findings, expectation_results, published, checks],
        raise_on_error=False,
    )
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    materialized = {e.asset_key.path[-1] for e in result.get_asset_materialization_events()}
    return result, evaluations, materialized


def test_clean_data_passes_every_check(gx_frame, gx_parameters, gx_expectations_dir):
    result, evaluations, materialized = _materialize(
        gx_frame("students", 6), gx_parameters, gx_expectations_dir
    )
    assert result.success
    assert set(evaluations) == {"students_complete", "students_correct", "students_clean",
                                "students_fresh"}  # fmt: skip
    assert all(e.passed for e in evaluations.values())
    assert "published" in materialized


def test_row_findings_warn_and_name_the_worst_school(
    gx_frame, gx_inject, gx_parameters, gx_expectations_dir
):
    frame = gx_frame("students", 9)
    gx_inject(frame, 1001, {"ethnicity_problem": "unknown", "raw_ethnicity": "?"})
    gx_inject(frame, 1004, {"ethnicity_problem": "unknown", "raw_ethnicity": "?"})
    result, evaluations, materialized = _materialize(frame, gx_parameters, gx_expectations_dir)
    correct = evaluations["students_correct"]
    assert not correct.passed and correct.severity == dg.AssetCheckSeverity.WARN
    assert correct.metadata["rows_with_findings"].value == 2
    worst = correct.metadata["worst_schools"].value
    school = frame.loc[frame["row_id"] == 1001, "school_code"].item()
    assert worst.splitlines()[2].split("|")[1].strip() == school  # first row of the table
    assert "students.ethnicity.unknown" in correct.metadata["failed_expectations"].value
    assert evaluations["students_complete"].passed
    assert result.success and "published" in materialized  # a warning never stops publishing


def test_a_few_missing_names_warn_but_most_missing_blocks(
    gx_frame, gx_inject, gx_parameters, gx_expectations_dir
):
    frame = gx_frame("students", 6)
    gx_inject(frame, 1001, {"full_name": None})
    _, evaluations, materialized = _materialize(frame, gx_parameters, gx_expectations_dir)
    assert evaluations["students_complete"].passed  # 1 of 6: within `mostly`
    assert "published" in materialized

    for row_id in range(1001, 1005):  # 4 of 6: the export lost its name column
        gx_inject(frame, row_id, {"full_name": None})
    result, evaluations, materialized = _materialize(frame, gx_parameters, gx_expectations_dir)
    complete = evaluations["students_complete"]
    assert not complete.passed and complete.severity == dg.AssetCheckSeverity.ERROR
    assert "published" not in materialized
    assert not result.success


@pytest.mark.parametrize("drop", ["ethnicity_problem", "status"])
def test_an_expectation_that_raised_is_a_check_error(
    drop, gx_frame, gx_parameters, gx_expectations_dir
):
    frame = gx_frame("students", 6).drop(columns=[drop])
    result, evaluations, _ = _materialize(frame, gx_parameters, gx_expectations_dir)
    broken = "students_correct" if drop == "ethnicity_problem" else "students_fresh"
    assert broken not in evaluations  # no verdict on the data…
    assert evaluations["students_clean"].passed  # …the other groups still report
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    message = failure.step_failure_data.user_failure_data.description
    assert "could not be evaluated" in message and broken in message
