"""A clean frame yields no findings, every expectation succeeds and none raised."""

from __future__ import annotations

import pytest

from edu_pipeline.quality.gx_runner import RESULT_COLUMNS, validate_frame
from edu_pipeline.quality.gx_suites import load_suite


@pytest.mark.parametrize("rows", [1, 25])
@pytest.mark.parametrize("dataset", ["registry", "students", "teachers"])
def test_clean_frame_has_no_findings(dataset, rows, gx_frame, gx_parameters, gx_expectations_dir):
    df = gx_frame(dataset, rows)
    outcome = validate_frame(df, dataset, gx_parameters, gx_expectations_dir)

    assert outcome.findings.empty
    results = outcome.expectation_results
    assert tuple(results.columns) == RESULT_COLUMNS
    suite_rules = [e.meta["rule"] for e in load_suite(dataset, gx_expectations_dir).expectations]
    assert results["rule"].tolist() == suite_rules  # suite order, not GX's regrouped order
    assert results["success"].all()
    assert not results["raised_exception"].any()
    assert results["exception_message"].isna().all()
    assert (results["unexpected_count"] == 0).all()
    assert (results["element_count"] <= rows).all()
    assert not outcome.checks_raised


@pytest.mark.parametrize("dataset", ["registry", "students", "teachers"])
def test_empty_frame_is_vacuously_clean(dataset, gx_frame, gx_parameters, gx_expectations_dir):
    df = gx_frame(dataset, 3).iloc[0:0]
    outcome = validate_frame(df, dataset, gx_parameters, gx_expectations_dir)
    assert outcome.findings.empty
    assert outcome.expectation_results["success"].all()
    assert (outcome.expectation_results["element_count"] == 0).all()
