"""The review queue: pairs the model is unsure about, with the evidence, for an officer.

A pair the model scores between `REVIEW_PROBABILITY` and `MATCH_PROBABILITY`, or one it
scores high but a guard keeps apart (a given name typed differently, which twins also show),
is neither merged nor forgotten: `marts.dedupe_review` lists both rows where the schools
sent them, their person keys, the probability and which fields agreed, were similar or
differed, so a person decides.
"""

from __future__ import annotations

import pandas as pd

REVIEW_COLUMNS = [
    "dataset", "person_key_l", "person_key_r", "match_probability", "fields_equal",
    "fields_similar", "fields_different", "source_file_l", "sheet_l", "source_row_l",
    "school_code_l", "source_file_r", "sheet_r", "source_row_r", "school_code_r",
]  # fmt: skip
_PLACE = ["row_id", "source_file", "sheet", "source_row", "school_code"]


def review_queue(
    decided: pd.DataFrame, people: pd.DataFrame, identities: pd.DataFrame, dataset: str
) -> pd.DataFrame:
    """Pairs to review whose rows are still two people after linkage, most likely first."""
    pairs = decided[decided["decision"] == "review"]
    places = people[_PLACE].merge(identities[["row_id", "person_key"]], on="row_id")
    for side in ("l", "r"):
        pairs = pairs.merge(
            places.add_suffix(f"_{side}"), left_on=f"row_id_{side}", right_on=f"row_id_{side}"
        )
    pairs = pairs[pairs["person_key_l"] != pairs["person_key_r"]]
    pairs = pairs.sort_values("match_probability", ascending=False, kind="stable")
    return pairs.assign(dataset=dataset)[REVIEW_COLUMNS].reset_index(drop=True)
