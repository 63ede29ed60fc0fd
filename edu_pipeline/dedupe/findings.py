"""What deduplication tells schools: rows merged into another, people listed by two schools.

These findings are facts about clusters, not per-row rules, so they are produced here rather
than by a Great Expectations suite. Their Vietnamese wording is in
`reference/issue_messages.csv`; a merged row's message points at the row it was merged into.
"""

from __future__ import annotations

import pandas as pd

from edu_pipeline.dedupe.identity import id_conflicts
from edu_pipeline.reference import issue_rules

FINDING_COLUMNS = [
    "dataset", "row_id", "column_name", "raw_value", "dimension", "rule", "severity",
    "action", "message",
]  # fmt: skip
PERSON_WORD = {"students": "Học sinh", "teachers": "Người"}


def duplicate_findings(
    people: pd.DataFrame, identities: pd.DataFrame, dataset: str
) -> pd.DataFrame:
    """`merged` for every row of a cluster but its newest; `flagged` when schools differ, or
    when rows share a Ministry student ID but not their personal ID (`identity.id_conflicts`).

    Rows of a file the school replaced by a newer one (`superseded_by`) are merged silently:
    resubmitting a corrected list is what schools are asked to do.

    Students listed by two schools in the same period are a finding for both schools; staff
    may legitimately work in two schools, so for teachers only true duplicates are reported.
    """
    rows = people[["row_id", "source_file", "sheet", "source_row", "school_code", "report_date",
                   "superseded_by"]]  # fmt: skip
    rows = rows.merge(identities[["row_id", "person_key"]], on="row_id")
    rows = rows[rows.duplicated("person_key", keep=False)]
    if rows.empty:
        return _id_conflicts(people, dataset)[FINDING_COLUMNS]
    rows = rows.sort_values(
        ["person_key", "report_date", "source_file", "source_row"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    keeper = rows.drop_duplicates("person_key").set_index("person_key")
    rows = rows.join(keeper, on="person_key", rsuffix="_kept")
    same_school = rows["school_code"].fillna("") == rows["school_code_kept"].fillna("")
    # A row of a file the school has since replaced is superseded, not a duplicate.
    superseded = rows["superseded_by"].notna()
    merged = rows[same_school & ~superseded & (rows["row_id"] != rows["row_id_kept"])]
    schools = rows.groupby("person_key")["school_code"].transform("nunique")
    two_schools = rows[(schools > 1).to_numpy()] if dataset == "students" else rows.iloc[0:0]
    return pd.concat(
        [_merged(merged, dataset), _two_schools(two_schools, rows, dataset),
         _id_conflicts(people, dataset)],
        ignore_index=True,
    )[FINDING_COLUMNS]  # fmt: skip


def _id_conflicts(people: pd.DataFrame, dataset: str) -> pd.DataFrame:
    if "moet_id" not in people:  # staff have no Ministry student ID
        return pd.DataFrame(columns=FINDING_COLUMNS)
    rows = people[id_conflicts(people)]
    rule = issue_rules()["dedupe.id_conflict"]
    counts = rows.groupby("moet_id")["row_id"].transform("size")
    messages = [rule["message_vi"].format(rows=n - 1) for n in counts]
    return _findings(rows, dataset, "dedupe.id_conflict", "moet_id", rows["moet_id"], messages)


def _merged(rows: pd.DataFrame, dataset: str) -> pd.DataFrame:
    rule = issue_rules()["dedupe.duplicate_person"]
    where = _place(rows, "_kept")
    messages = where.map(lambda w: rule["message_vi"].format(person=PERSON_WORD[dataset], where=w))
    return _findings(rows, dataset, "dedupe.duplicate_person", "full_name", None, messages)


def _two_schools(rows: pd.DataFrame, everyone: pd.DataFrame, dataset: str) -> pd.DataFrame:
    rule = issue_rules()["dedupe.listed_by_two_schools"]
    # one join per person listed twice (a few thousand), not a Python call per duplicate group
    listed = everyone.loc[everyone["person_key"].isin(rows["person_key"]),
                          ["person_key", "school_code"]].dropna().drop_duplicates()  # fmt: skip
    codes = listed.sort_values(["person_key", "school_code"]).groupby("person_key")[
        "school_code"
    ].agg(", ".join)
    messages = codes.map(lambda c: rule["message_vi"].format(schools=c))
    messages = rows["person_key"].map(messages)
    return _findings(
        rows, dataset, "dedupe.listed_by_two_schools", "school_code", rows["school_code"], messages
    )


def _findings(rows, dataset, rule_id, column, raw_values, messages) -> pd.DataFrame:
    rule = issue_rules()[rule_id]
    return pd.DataFrame({
        "dataset": dataset, "row_id": rows["row_id"], "column_name": column,
        "raw_value": raw_values, "dimension": rule["dimension"], "rule": rule_id,
        "severity": rule["severity"], "action": rule["action"], "message": messages,
    })  # fmt: skip


def _place(rows: pd.DataFrame, suffix: str) -> pd.Series:
    sheet = rows["sheet" + suffix].fillna("")
    where = "dòng " + rows["source_row" + suffix].astype(str)
    where = where + sheet.map(lambda s: f", trang «{s}»" if s else "")
    return where + ", tệp «" + rows["source_file" + suffix] + "»"


def superseded_findings(
    people: pd.DataFrame, identities: pd.DataFrame, quarantined: pd.Series, dataset: str
) -> pd.DataFrame:
    """Rows found only in a file the school has replaced: left out of the current picture."""
    left_out = people[
        people["superseded_by"].notna()
        & ~people["row_id"].isin(identities["row_id"])
        & ~people["row_id"].isin(quarantined)
    ]
    rule = issue_rules()["dedupe.superseded_only"]
    messages = [
        rule["message_vi"].format(person=PERSON_WORD[dataset], old=old, new=new)
        for old, new in zip(left_out["source_file"], left_out["superseded_by"], strict=True)
    ]
    return _findings(left_out, dataset, "dedupe.superseded_only", "full_name", None, messages)
