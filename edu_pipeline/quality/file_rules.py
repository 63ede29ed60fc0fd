"""File-level findings: files that could not be read, recognised or attributed to a school.

A bad file never stops the run: it becomes one finding (source_row NULL) that tells the school
what to do, and the run goes on with the other files.
"""

from __future__ import annotations

import pandas as pd

from edu_pipeline.quality.school_rules import ISSUE_COLUMNS
from edu_pipeline.reference import issue_rules

PERSON_DATASETS = ("students", "teachers")


def file_issues(files: pd.DataFrame, sheets: pd.DataFrame) -> pd.DataFrame:
    """One finding per unusable file, unattributed file, and unrecognised sheet."""
    unusable = files[files["status"] != "ok"]
    carries_people = files["datasets"].fillna("").str.contains("|".join(PERSON_DATASETS))
    unattributed = files[(files["status"] == "ok") & carries_people & files["school_code"].isna()]
    found = [
        _issues(unusable, "file." + unusable["reason"].fillna("unreadable_workbook"), sheet=None),
        _issues(unattributed, pd.Series("file.unattributed", index=unattributed.index), None),
    ]
    if not sheets.empty:
        odd = sheets[sheets["status"].isin(["unrecognized_dataset", "no_header"])]
        odd = odd.merge(files[["source_file", "school_code", "status"]], on="source_file")
        odd = odd[odd["status_y"] == "ok"]  # a file with no usable sheet is reported once
        found.append(_issues(odd, pd.Series("sheet.unrecognized", index=odd.index), odd["sheet"]))
        found.append(_rows_after_footer(sheets, files))
    found = [f for f in found if not f.empty]
    if not found:
        return pd.DataFrame(columns=ISSUE_COLUMNS)
    return pd.concat(found, ignore_index=True)[ISSUE_COLUMNS]


def _rows_after_footer(sheets: pd.DataFrame, files: pd.DataFrame) -> pd.DataFrame:
    """Sheets where rows with a name and other details sat below the totals and signatures."""
    skipped = sheets[pd.to_numeric(sheets["footer_names_skipped"], errors="coerce").fillna(0) > 0]
    skipped = skipped.merge(files[["source_file", "school_code"]], on="source_file")
    issues = _issues(skipped, pd.Series("sheet.rows_after_footer", index=skipped.index),
                     skipped["sheet"])  # fmt: skip
    template = issue_rules()["sheet.rows_after_footer"]["message_vi"]
    counts = skipped["footer_names_skipped"].astype(int).tolist()
    issues["message"] = [template.format(count=n) for n in counts]
    return issues


def _issues(rows: pd.DataFrame, rule_ids: pd.Series, sheet: pd.Series | None) -> pd.DataFrame:
    rules = issue_rules()
    known = rule_ids.where(rule_ids.isin(list(rules)), "file.unreadable_workbook")
    return pd.DataFrame({
        "dataset": "file", "school_code": rows["school_code"], "source_file": rows["source_file"],
        "sheet": sheet, "source_row": None, "column_name": None, "raw_value": None,
        "dimension": known.map(lambda r: rules[r]["dimension"]), "rule": known,
        "severity": known.map(lambda r: rules[r]["severity"]),
        "action": known.map(lambda r: rules[r]["action"]),
        "message": known.map(lambda r: rules[r]["message_vi"]),
    })  # fmt: skip
