"""A bad file is one finding with a Vietnamese message, and the run goes on."""

import pandas as pd

from edu_pipeline.quality.file_rules import file_issues


def test_unusable_unattributed_and_unrecognised():
    files = pd.DataFrame({
        "source_file": ["a/broken.xlsx", "inbox/hs.xlsx", "a/hs.xlsx", "a/weird.bin"],
        "status": ["unreadable", "ok", "ok", "unreadable"],
        "reason": ["corrupt_workbook", None, None, "something_new"],
        "datasets": [None, "students", "students", None],
        "school_code": ["A", None, "A", "A"],
    })  # fmt: skip
    sheets = pd.DataFrame({"source_file": ["a/hs.xlsx", "a/hs.xlsx"], "sheet": ["6A", "Thống kê"],
                           "status": ["ok", "unrecognized_dataset"],
                           "footer_names_skipped": [2, 0]})  # fmt: skip
    issues = file_issues(files, sheets)
    assert sorted(zip(issues["source_file"], issues["rule"], strict=True)) == [
        ("a/broken.xlsx", "file.corrupt_workbook"),
        ("a/hs.xlsx", "sheet.rows_after_footer"),
        ("a/hs.xlsx", "sheet.unrecognized"),
        ("a/weird.bin", "file.unreadable_workbook"),
        ("inbox/hs.xlsx", "file.unattributed"),
    ]
    assert issues["source_row"].isna().all()
    assert issues["message"].str.lower().str.contains("đề nghị").all()
    assert "Có 2 dòng" in issues.loc[issues["rule"] == "sheet.rows_after_footer", "message"].iloc[0]
