"""Row accounting: every row read maps to a person key, or was quarantined.

`<dataset>_source_rows` is how an analyst or an officer goes from a published person back to
the exact rows the schools sent, and how the pipeline proves that nothing was lost.
"""

from __future__ import annotations

import pandas as pd

SOURCE_COLUMNS = ["source_file", "sheet", "source_row", "school_code", "row_status"]


def source_rows(people: pd.DataFrame, identities: pd.DataFrame, key_name: str) -> pd.DataFrame:
    """One row per data row read: its person key and `published`, `merged` or `quarantined`.

    Rows without an identity were quarantined by a rule; within a person, the newest row is
    the one published and the others were merged into it.
    """
    rows = people[["row_id", "source_file", "sheet", "source_row", "school_code", "report_date"]]
    rows = rows.merge(identities[["row_id", "person_key"]], on="row_id", how="left")
    # only people with several rows need the sort that finds their newest row
    several = rows["person_key"].notna() & rows["person_key"].duplicated(keep=False)
    newest = (
        rows[several]
        .sort_values(
            ["person_key", "report_date", "source_file", "source_row"],
            ascending=[True, False, True, True],
            kind="stable",
        )
        .drop_duplicates("person_key")["row_id"]
    )
    rows["row_status"] = "published"
    rows.loc[several & ~rows["row_id"].isin(newest), "row_status"] = "merged"
    rows.loc[rows["person_key"].isna(), "row_status"] = "quarantined"
    rows = rows.rename(columns={"person_key": key_name})
    return rows[["row_id", *SOURCE_COLUMNS[:3], key_name, *SOURCE_COLUMNS[3:]]]
