"""One golden record per person, chosen by written survivorship rules.

1. A valid ID wins: ID numbers come only from rows where the ID passed its checks.
2. The most recent submission wins for where the person is now (school, grade, class,
   position): a pupil who moved is published at the new school.
3. Otherwise the most complete row wins, field by field (first non-null value in the order
   newest report, most filled-in row, lowest row number).
"""

from __future__ import annotations

import pandas as pd

CURRENT_PLACE_FIELDS = ("school_code", "grade", "class_name", "position", "subject")
VALIDATED_ID_FIELDS = {"citizen_id": "citizen_id_problem", "moet_id": "moet_id_problem"}


def golden_records(
    people: pd.DataFrame, identities: pd.DataFrame, key_name: str, fields: list[str]
) -> pd.DataFrame:
    """`key_name` + `fields` for each person, plus how many source rows were merged."""
    lineage = ["row_id", "report_date", "source_file", "source_row"]
    wanted = [*dict.fromkeys([*lineage, *fields, *VALIDATED_ID_FIELDS.values()])]
    rows = people[[c for c in wanted if c in people]].merge(
        identities[["row_id", "person_key"]], on="row_id", how="inner"
    )
    for field, problem in VALIDATED_ID_FIELDS.items():
        if field in rows and problem in rows:
            rows[field] = rows[field].where(rows[problem].isna())
    # Most people are one row: only the merged ones are sorted for the field-by-field choice
    # (sorting all 700,000 rows of a province, every column, cost more than the rest).
    merged = rows["person_key"].duplicated(keep=False).to_numpy()
    alone = rows[~merged].set_index("person_key")
    alone = alone[fields].assign(source_rows=1, last_report_date=alone["report_date"])
    several = rows[merged]
    ordered = several.assign(_filled=several[fields].notna().sum(axis=1)).sort_values(
        ["person_key", "report_date", "_filled", "source_file", "source_row"],
        ascending=[True, False, False, True, True],
        kind="stable",
    )
    golden = pd.concat([alone, _merged_people(ordered, fields)]).sort_index()
    golden = golden.rename_axis(key_name).reset_index()
    return golden[[key_name, *fields, "source_rows", "last_report_date"]]


def _merged_people(ordered: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """Rule 2 for where the person is now, rule 3 for the rest (rows in survivorship order)."""
    grouped = ordered.groupby("person_key", sort=True)
    place = [f for f in fields if f in CURRENT_PLACE_FIELDS]
    other = [f for f in fields if f not in CURRENT_PLACE_FIELDS]
    golden = grouped[other].first()
    newest = ordered.drop_duplicates("person_key").set_index("person_key")
    golden[place] = newest[place]
    golden["source_rows"] = grouped.size()
    golden["last_report_date"] = grouped["report_date"].max()
    return golden[[*fields, "source_rows", "last_report_date"]]
