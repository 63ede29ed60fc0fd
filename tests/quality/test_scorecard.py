"""Scores are the share of checks passed, per school, dataset and dimension."""

import pandas as pd
import pytest

from edu_pipeline.quality.scorecard import (
    combine_scores,
    province_scores,
    row_level_scores,
    school_level_scores,
)


def test_row_level_scores_count_rows_times_rules():
    rows = pd.DataFrame({"row_id": [0, 1, 2, 3], "school_code": ["A", "A", "A", "B"]})
    rules = pd.DataFrame({"rule": ["r1", "r2", "r3"], "dimension": ["correct", "correct", "clean"]})
    findings = pd.DataFrame({"row_id": [0, 0, 3], "rule": ["r1", "r1", "r3"],
                             "dimension": ["correct", "correct", "clean"]})  # fmt: skip
    scores = combine_scores([row_level_scores(rows, rules, findings, "students")])
    got = scores.set_index(["school_code", "dimension"])[["checked", "passed"]]
    assert got.loc[("A", "correct")].tolist() == [6, 5]
    assert got.loc[("A", "clean")].tolist() == [3, 3]
    assert got.loc[("B", "clean")].tolist() == [1, 0]


def test_a_school_that_sent_nothing_scores_zero_on_completeness():
    submissions = pd.DataFrame({"school_code": ["A"], "dataset": ["students"], "on_time": [True]})
    issues = pd.DataFrame({"school_code": ["B", "B", "A"],
                           "dataset": ["students", "teachers", "teachers"],
                           "rule": ["school.missing_submission"] * 3})  # fmt: skip
    scores = combine_scores([school_level_scores(
        submissions, issues, pd.Series(["A", "B"]), ("students", "teachers"))])  # fmt: skip
    complete = scores[scores["dimension"] == "complete"].set_index(["school_code", "dataset"])
    assert complete["score"].to_dict() == {
        ("A", "students"): 1.0, ("A", "teachers"): 0.0,
        ("B", "students"): 0.0, ("B", "teachers"): 0.0}  # fmt: skip


def test_province_roll_up_sums_schools_and_counts_those_below_target():
    scores = pd.DataFrame({
        "school_code": ["A", "B", "A", "B"],
        "dataset": ["students", "students", "teachers", "teachers"],
        "dimension": ["correct"] * 4,
        "checked": [100, 100, 10, 10], "passed": [99, 90, 5, 10],
    })  # fmt: skip
    province = province_scores(scores).set_index(["dataset", "dimension"])
    students = province.loc[("students", "correct")]
    assert (students["checked"], students["passed"], students["schools"]) == (200, 189, 2)
    assert students["score"] == pytest.approx(0.945)
    assert students["schools_below_target"] == 1  # B: 90 %
    # over all datasets A has 104 of 110 (94.5 %) and B 100 of 110 (90.9 %): both below
    everything = province.loc[("all", "correct")]
    assert (everything["checked"], everything["schools_below_target"]) == (220, 2)
