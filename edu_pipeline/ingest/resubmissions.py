"""Which files a school replaced by sending a newer one.

Schools resubmit: "DS hoc sinh (cap nhat).xlsx" after "DS hoc sinh.xlsx". The newer file is the
current picture; the older one is superseded. But a school may also send one file per grade,
and those must all count. The two cases differ in content, not in names: a resubmission lists
mostly the same people. So an older file of the same school and dataset is superseded by a
newer one when at least half of its people (ASCII name + birth-date digits) are in it.
"""

from __future__ import annotations

import pandas as pd

from edu_pipeline.vietnamese.text import fold_ascii
from edu_pipeline.vietnamese.vectorize import map_distinct

SAME_LIST_SHARE = 0.5
PEOPLE = ("students", "teachers")


def superseded_files(files: pd.DataFrame, stacked: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Older file -> the newer file of the same school and dataset that replaces it."""
    replaced: dict[str, str] = {}
    for dataset in PEOPLE:
        rows = stacked.get(dataset)
        if rows is None or rows.empty:
            continue
        candidates = _files_with_siblings(files, rows, dataset)
        if candidates.empty:
            continue
        people = _people_keys(rows[rows["source_file"].isin(candidates["source_file"])])
        members = people.groupby("source_file")["person"].agg(set).to_dict()
        for _, group in candidates.groupby(["school_code"]):
            replaced.update(_replacements(group, members))
    return replaced


def _files_with_siblings(files: pd.DataFrame, rows: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Files of this dataset whose school sent more than one."""
    in_dataset = files[files["source_file"].isin(rows["source_file"].unique())]
    in_dataset = in_dataset.dropna(subset=["school_code"])
    counts = in_dataset["school_code"].map(in_dataset["school_code"].value_counts())
    return in_dataset[counts > 1]


def _people_keys(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.reindex(columns=["source_file", "full_name", "family_middle", "given_name",
                                 "birth_date"])  # fmt: skip
    split = (rows["family_middle"].fillna("") + " " + rows["given_name"].fillna("")).str.strip()
    name = rows["full_name"].fillna(split)
    digits = rows["birth_date"].fillna("").astype(str).str.replace(r"\D", "", regex=True)
    key = map_distinct(name, lambda text: " ".join(fold_ascii(text).lower().split())) + "|" + digits
    return pd.DataFrame({"source_file": rows["source_file"], "person": key})


def _replacements(group: pd.DataFrame, members: dict[str, set[str]]) -> dict[str, str]:
    """Within one school: each file that a newer file mostly repeats -> the newest such file."""
    ordered = group.sort_values(["report_date", "source_file"], ascending=False)
    replaced: dict[str, str] = {}
    names = list(ordered["source_file"])
    for position, older in enumerate(names):
        mine = members.get(older, set())
        for newer in names[:position]:
            if mine and len(mine & members.get(newer, set())) >= SAME_LIST_SHARE * len(mine):
                replaced[older] = replaced.get(newer, newer)
                break
    return replaced
