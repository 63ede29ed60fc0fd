"""Which dataset a sheet is, decided from its header (and title words), never from file names.

Fields that belong to only one dataset in `reference/fields.csv` are the evidence; words in the
title rows ("DANH SÁCH HỌC SINH", "CÁN BỘ, GIÁO VIÊN") break ties. A sheet without enough
evidence is reported as unrecognised rather than guessed.
"""

from __future__ import annotations

from functools import cache

from edu_pipeline.ingest.headers import header_key
from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.text import fold_ascii

PERSON_NAME_FIELDS = frozenset({"full_name", "given_name", "family_middle"})
PERSON_DETAIL_FIELDS = frozenset(
    {
        "birth_date",
        "birth_day",
        "birth_year",
        "gender",
        "female_mark",
        "citizen_id",
        "moet_id",
        "staff_code",
    }
)
REGISTRY_PLACE_FIELDS = frozenset({"commune", "address", "ownership"})
FEE_AMOUNT_FIELDS = frozenset(
    {"amount_total", "amount_cashless", "payers_total", "payers_cashless"}
)
TITLE_WEIGHT = 2
PUPILS_BORN_FROM, STAFF_BORN_UNTIL = 2005, 2000


@cache
def _fields_by_dataset() -> dict[str, frozenset[str]]:
    rows = read_reference_csv("fields.csv")
    datasets = {row["dataset"] for row in rows}
    return {d: frozenset(r["field"] for r in rows if r["dataset"] == d) for d in datasets}


@cache
def _exclusive_fields() -> dict[str, frozenset[str]]:
    by_dataset = _fields_by_dataset()
    return {
        dataset: fields.difference(*(f for d, f in by_dataset.items() if d != dataset))
        for dataset, fields in by_dataset.items()
    }


@cache
def _title_keywords() -> dict[str, tuple[str, ...]]:
    rows = read_reference_csv("dataset_keywords.csv")
    return {
        d: tuple(r["keyword"] for r in rows if r["dataset"] == d)
        for d in {r["dataset"] for r in rows}
    }


@cache
def field_aliases(dataset: str) -> dict[str, str]:
    """Header fields that mean something else once the dataset is known ("Tình trạng" of
    staff is the employment status), from `reference/field_aliases.csv`."""
    rows = read_reference_csv("field_aliases.csv")
    return {r["field"]: r["becomes"] for r in rows if r["dataset"] == dataset}


def recognize_dataset(
    fields: frozenset[str], title: str, class_hint: str | None, birth_year: int | None = None
) -> str | None:
    """`registry`, `students`, `teachers`, `fees`, or None when the evidence does not decide.

    `birth_year` (the median year of the birth dates) breaks a tie between two lists of
    people with the same columns: pupils are born after 2005, staff before 2000.

    >>> recognize_dataset(frozenset({"full_name", "birth_date", "class_name"}), "", None)
    'students'
    """
    exclusive = _exclusive_fields()
    title_words = f" {fold_ascii(header_key(title))} "
    scores = {}
    for dataset, keywords in _title_keywords().items():
        in_title = any(f" {keyword} " in title_words for keyword in keywords)
        scores[dataset] = len(fields & exclusive[dataset]) + (TITLE_WEIGHT if in_title else 0)
    if not fields & PERSON_NAME_FIELDS:
        if "fee_item" in fields and fields & FEE_AMOUNT_FIELDS:
            return "fees"
        # A list of schools with codes and names is not yet a registry (submission-status
        # reports and unit code lists have those too): a registry says where schools are.
        has_school = {"school_code", "school_name"} <= fields
        return "registry" if has_school and fields & REGISTRY_PLACE_FIELDS else None
    if not fields & PERSON_DETAIL_FIELDS:
        return None
    if class_hint:
        scores["students"] += 1
    if birth_year and scores["students"] == scores["teachers"]:
        if birth_year >= PUPILS_BORN_FROM:
            scores["students"] += 1
        elif birth_year <= STAFF_BORN_UNTIL:
            scores["teachers"] += 1
    students, teachers = scores["students"], scores["teachers"]
    if students == teachers:
        return None
    return "students" if students > teachers else "teachers"
