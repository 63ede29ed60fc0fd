"""Which files a school replaced by sending a newer one.

Schools resubmit: "DS hoc sinh (cap nhat).xlsx" after "DS hoc sinh.xlsx". The newer file is the
current picture; the older one is superseded. But a school may also send one file per grade,
and those must all count. The two cases differ in content, not in names: a resubmission lists
mostly the same people. So an older file of the same school and dataset is superseded by a
newer one when at least half of its people (ASCII name + birth-date digits) are in it.

A fee-collection report is a statement for the period, not a list to add up: a school's
newest report replaces its older ones.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from edu_pipeline.vietnamese.text import fold_ascii_array

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
        shared, listed = _shared_people(people)
        newest_first = candidates.sort_values(
            ["school_code", "report_date", "source_file"], ascending=[True, False, False]
        )
        for _, group in newest_first.groupby("school_code", sort=False):
            replaced.update(_replacements(list(group["source_file"]), shared, listed))
    replaced.update(_older_reports(files, stacked.get("fees")))
    return replaced


def _older_reports(files: pd.DataFrame, rows: pd.DataFrame | None) -> dict[str, str]:
    """Each school's older fee reports -> its newest one."""
    if rows is None or rows.empty:
        return {}
    candidates = _files_with_siblings(files, rows, "fees").sort_values(
        ["school_code", "report_date", "source_file"], ascending=[True, False, False]
    )
    newest = candidates.groupby("school_code")["source_file"].transform("first")
    older = candidates["source_file"] != newest
    return dict(zip(candidates.loc[older, "source_file"], newest[older], strict=True))


def _files_with_siblings(files: pd.DataFrame, rows: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Files of this dataset whose school sent more than one."""
    in_dataset = files[files["source_file"].isin(rows["source_file"].unique())]
    in_dataset = in_dataset.dropna(subset=["school_code"])
    counts = in_dataset["school_code"].map(in_dataset["school_code"].value_counts())
    return in_dataset[counts > 1]


def _people_keys(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (file, person): ASCII name with single spaces + the birth date's digits."""
    rows = rows.reindex(columns=["source_file", "full_name", "family_middle", "given_name",
                                 "birth_date"])  # fmt: skip
    split = (rows["family_middle"].fillna("") + " " + rows["given_name"].fillna("")).str.strip()
    name = fold_ascii_array(pa.array(rows["full_name"].fillna(split), type=pa.string()))
    name = pc.utf8_trim_whitespace(pc.replace_substring_regex(pc.utf8_lower(name), r"\s+", " "))
    digits = rows["birth_date"].fillna("").astype(str).str.replace(r"\D", "", regex=True)
    person = pd.Series(name, index=rows.index, dtype="str") + "|" + digits
    return pd.DataFrame({"source_file": rows["source_file"], "person": person}).drop_duplicates()


def _shared_people(people: pd.DataFrame) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """People each pair of files share, and people each file lists (a self-join on person)."""
    pairs = people.merge(people, on="person", suffixes=("", "_other"))
    pairs = pairs[pairs["source_file"] != pairs["source_file_other"]]
    shared = pairs.groupby(["source_file", "source_file_other"]).size()
    return shared.to_dict(), people["source_file"].value_counts().to_dict()


def _replacements(
    newest_first: list[str], shared: dict[tuple[str, str], int], listed: dict[str, int]
) -> dict[str, str]:
    """Within one school: each file that a newer file mostly repeats -> the newest such file."""
    replaced: dict[str, str] = {}
    for position, older in enumerate(newest_first):
        for newer in newest_first[:position]:
            if shared.get((older, newer), 0) >= SAME_LIST_SHARE * listed.get(older, 0) > 0:
                replaced[older] = replaced.get(newer, newer)
                break
    return replaced
