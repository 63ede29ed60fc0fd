"""Merged rows point at the row they were merged into; two schools is a finding for both."""

import pandas as pd

from edu_pipeline.dedupe.findings import duplicate_findings, superseded_findings
from edu_pipeline.dedupe.identity import current_people_only, identify
from edu_pipeline.dedupe.lineage import source_rows


def test_duplicate_in_one_sheet_is_merged_into_the_first_row(people):
    frame = people([
        {"full_name": "Hồ Văn Sơn", "birth_date": "2014-03-05", "source_row": 5},
        {"full_name": "Hồ Văn Sơn", "birth_date": "2014-03-05", "source_row": 9},
    ])  # fmt: skip
    identities = identify(frame, "HS")
    findings = duplicate_findings(frame, identities, "students")
    assert findings[["row_id", "rule", "action"]].values.tolist() == [
        [1, "dedupe.duplicate_person", "merged"]]  # fmt: skip
    assert "dòng 5" in findings.loc[0, "message"]
    statuses = source_rows(frame, identities, "student_key")["row_status"].tolist()
    assert statuses == ["published", "merged"]


def test_student_in_two_schools_is_flagged_for_both(people):
    frame = people([
        {"full_name": "Y Bhin Êban", "birth_date": "2013-05-01", "citizen_id": "066213000301"},
        {"full_name": "Y Bhin Êban", "birth_date": "2013-05-01", "citizen_id": "066213000301",
         "school_code": "66000102", "source_file": "66000102/hs.xlsx",
         "report_date": pd.Timestamp("2026-03-21")},
    ])  # fmt: skip
    findings = duplicate_findings(frame, identify(frame, "HS"), "students")
    flagged = findings[findings["rule"] == "dedupe.listed_by_two_schools"]
    assert sorted(flagged["row_id"]) == [0, 1]
    assert (findings["rule"] == "dedupe.duplicate_person").sum() == 0


def test_staff_in_two_schools_is_not_a_finding(people):
    frame = people([
        {"full_name": "Lê Thị Mai", "birth_date": "1985-05-12", "citizen_id": "066185000111"},
        {"full_name": "Lê Thị Mai", "birth_date": "1985-05-12", "citizen_id": "066185000111",
         "school_code": "66000102", "source_file": "66000102/gv.xlsx"},
    ])  # fmt: skip
    assert duplicate_findings(frame, identify(frame, "GV"), "teachers").empty


def test_quarantined_rows_are_accounted_for(people):
    frame = people([
        {"full_name": "Hồ Văn Sơn", "birth_date": "2014-03-05"},
        {"full_name": None, "birth_date": "2014-03-05"},
    ])  # fmt: skip
    identities = identify(frame[frame["full_name"].notna()], "HS")
    lineage = source_rows(frame, identities, "student_key")
    assert lineage["row_status"].tolist() == ["published", "quarantined"]
    assert lineage["student_key"].isna().tolist() == [False, True]


def test_rows_of_a_replaced_file_are_merged_without_a_finding(people):
    old = {
        "full_name": "Hồ Văn Sơn",
        "birth_date": "2014-03-05",
        "source_file": "66000101/hs_cu.xlsx",
        "report_date": pd.Timestamp("2026-03-01"),
        "superseded_by": "66000101/hs_moi.xlsx",
    }
    new = {**old, "source_file": "66000101/hs_moi.xlsx",
           "report_date": pd.Timestamp("2026-03-20"), "superseded_by": None}  # fmt: skip
    frame = people([old, new])
    identities = identify(frame, "HS")
    assert duplicate_findings(frame, identities, "students").empty
    statuses = source_rows(frame, identities, "student_key")["row_status"].tolist()
    assert statuses == ["merged", "published"]


def test_a_person_only_in_a_replaced_file_leaves_the_current_picture(people):
    gone = {
        "full_name": "Lò Văn Pó",
        "birth_date": "2014-02-02",
        "source_file": "66000101/hs_cu.xlsx",
        "superseded_by": "66000101/hs_moi.xlsx",
    }
    kept = {"full_name": "Hồ Văn Sơn", "birth_date": "2014-03-05",
            "source_file": "66000101/hs_moi.xlsx"}  # fmt: skip
    frame = people([gone, kept])
    identities = current_people_only(identify(frame, "HS"), frame)
    assert identities["row_id"].tolist() == [1]
    findings = superseded_findings(frame, identities, pd.Series(dtype=int), "students")
    assert findings[["row_id", "action"]].values.tolist() == [[0, "quarantined"]]
    assert "hs_moi.xlsx" in findings.loc[0, "message"]
