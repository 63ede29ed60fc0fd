"""Survivorship: valid ID wins, the newest submission says where the person is now."""

import pandas as pd

from edu_pipeline.dedupe.golden import golden_records
from edu_pipeline.dedupe.identity import identify

FIELDS = ["full_name", "birth_date", "citizen_id", "school_code", "class_name", "ethnicity"]


def test_newest_school_and_most_complete_values_survive(people):
    frame = people([
        {"full_name": "Nguyễn Văn An", "birth_date": "2014-03-05", "citizen_id": "066214000101",
         "school_code": "66000101", "class_name": "6A1", "ethnicity": "Kinh",
         "report_date": pd.Timestamp("2026-01-10")},
        {"full_name": "Nguyễn Văn An", "birth_date": "2014-03-05", "citizen_id": "066214000101",
         "school_code": "66000102", "class_name": "6B", "ethnicity": None,
         "report_date": pd.Timestamp("2026-03-10"), "source_file": "66000102/hs.xlsx"},
    ])  # fmt: skip
    golden = golden_records(frame, identify(frame, "HS"), "student_key", FIELDS)
    assert len(golden) == 1
    record = golden.iloc[0]
    assert (record["school_code"], record["class_name"]) == ("66000102", "6B")
    assert record["ethnicity"] == "Kinh"
    assert record["source_rows"] == 2


def test_an_id_that_failed_its_checks_is_not_published(people):
    frame = people([
        {"full_name": "Lê Văn Bảy", "birth_date": "2014-03-05", "citizen_id": "066299000101",
         "citizen_id_problem": "year_mismatch", "ethnicity": "Kinh"},
    ])  # fmt: skip
    golden = golden_records(frame, identify(frame, "HS"), "student_key", FIELDS)
    assert golden.loc[0, "citizen_id"] is None or pd.isna(golden.loc[0, "citizen_id"])
