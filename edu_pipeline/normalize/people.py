"""Normalize student and staff rows: one contract form per value, and why a value failed.

Every rule is a pure function of `edu_pipeline.vietnamese`, applied once per distinct value.
Nothing is dropped or judged here: a value that cannot be normalized is left null with a
reason code in `<field>_problem`, and the raw text stays in `raw_<field>`, so the GX suites
can decide (and tell the school) what is wrong.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from edu_pipeline.normalize.values import (
    canonical_column,
    none_for_missing,
    unrecognized,
    yes_no_column,
)
from edu_pipeline.vietnamese.dates import detect_date_orders, parse_dates
from edu_pipeline.vietnamese.emails import normalize_email
from edu_pipeline.vietnamese.ethnicity import normalize_ethnicity
from edu_pipeline.vietnamese.gender import gender_from_female_mark, normalize_gender
from edu_pipeline.vietnamese.ids import (
    normalize_citizen_id,
    normalize_id_column,
    normalize_moet_id,
    normalize_school_code,
    unknown_province_ids,
)
from edu_pipeline.vietnamese.name_columns import NAME_COLUMNS, names_frame
from edu_pipeline.vietnamese.phones import normalize_phone_column
from edu_pipeline.vietnamese.school_age import grade_age_gap, grade_number, is_future
from edu_pipeline.vietnamese.text import ToneStyle, clean_spaces, fold_key
from edu_pipeline.vietnamese.vectorize import map_distinct, map_distinct_fields

LINEAGE = ["row_id", "source_file", "sheet", "source_row", "report_date", "superseded_by"]
RAW_FIELDS = {
    "students": ["full_name", "birth_date", "gender", "ethnicity", "citizen_id", "moet_id",
                 "phone", "school_code", "grade", "class_name", "status"],
    "teachers": ["full_name", "birth_date", "gender", "ethnicity", "citizen_id", "phone",
                 "email", "school_code", "employment_status"],
}  # fmt: skip


def normalize_people(
    rows: pd.DataFrame, dataset: str, tone_style: ToneStyle, as_of: dt.date
) -> pd.DataFrame:
    """Normalized `students` or `teachers` rows (see docs/normalization.md for the columns).

    ``as_of`` is the run's date: birth dates after it are "future_date" problems, and it
    fixes the school year that pupils' ages are compared with.
    """
    out = rows[LINEAGE].copy()
    raw_name = _raw_full_name(rows)
    out["school_code"] = map_distinct(rows["school_code"], normalize_school_code).fillna(
        rows["school_code_hint"]
    )
    out[NAME_COLUMNS] = names_frame(raw_name, rows["ethnicity"], tone_style)
    # the name as dedupe compares it; here, because this stage is memoized per file
    out["name_key"] = map_distinct(out["full_name"], fold_key)
    _birth_dates(out, rows, as_of)
    _gender(out, rows)
    out["ethnicity"] = map_distinct(rows["ethnicity"], normalize_ethnicity)
    out["ethnicity_problem"] = unrecognized(rows["ethnicity"], out["ethnicity"])
    _citizen_ids(out, rows)
    _phones(out, rows["phone"])
    if dataset == "students":
        _student_fields(out, rows)
        out["grade_age_gap"] = grade_age_gap(out["birth_date"], out["grade"], as_of)
    else:
        _teacher_fields(out, rows)
    for field in RAW_FIELDS[dataset]:
        out[f"raw_{field}"] = raw_name if field == "full_name" else rows[field]
    return none_for_missing(out)


def _raw_full_name(rows: pd.DataFrame) -> pd.Series:
    """The name as typed: the full-name cell, or "Họ đệm" + "Tên" when split in two columns."""
    split = (rows["family_middle"].fillna("") + " " + rows["given_name"].fillna("")).str.strip()
    return rows["full_name"].fillna(split.where(split != ""))


def _birth_dates(out: pd.DataFrame, rows: pd.DataFrame, as_of: dt.date) -> None:
    """Parse dates in the order each file uses (a whole file may be month-first); a date
    after the run's date is kept out of the contract column (raw value stays) with a reason."""
    order = detect_date_orders(rows["birth_date"], rows["source_file"])
    values = pd.Series(None, index=rows.index, dtype=object)
    problems = pd.Series(None, index=rows.index, dtype=object)
    for file_order in order.dropna().unique():
        mask = order == file_order
        values[mask], problems[mask] = parse_dates(rows.loc[mask, "birth_date"], file_order)
    birth_date = pd.to_datetime(values, errors="coerce")
    future = is_future(birth_date, as_of)
    out["birth_date"] = birth_date.mask(future)
    out["birth_date_problem"] = problems.mask(future, "future_date")


def _gender(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    """The gender column, else the "Nữ"/"Nam" tick columns (present in the file = not null)."""
    typed = map_distinct(rows["gender"], normalize_gender)
    ticked_female = map_distinct(rows["female_mark"], gender_from_female_mark)
    male_ticked = rows["male_mark"].fillna("").str.strip() != ""
    from_marks = ticked_female.mask(male_ticked & (ticked_female != "Nữ"), "Nam")
    out["gender"] = typed.fillna(from_marks)
    out["gender_problem"] = unrecognized(rows["gender"], typed)


def _citizen_ids(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    """Parse the ID; whether its digits agree with birth date and gender is a GX rule
    (`expect_citizen_id_to_agree_with_birth_date_and_gender`), not a problem code."""
    value, problem, fixed = normalize_id_column(rows["citizen_id"], normalize_citizen_id, 12)
    out["citizen_id"] = value
    out["citizen_id_problem"] = problem.mask(unknown_province_ids(value), "unknown_province")
    out["citizen_id_fixed"] = fixed


def _phones(out: pd.DataFrame, raw: pd.Series) -> None:
    out["phone"], out["phone_problem"], out["phone_fixed"] = normalize_phone_column(raw)


def _student_fields(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    out["moet_id"], out["moet_id_problem"], _ = normalize_id_column(
        rows["moet_id"], normalize_moet_id, 10
    )
    class_name = map_distinct(rows["class_name"].fillna(rows["class_hint"]), clean_spaces)
    out["class_name"] = class_name.str.upper()
    grade = map_distinct(rows["grade"].fillna(class_name), grade_number)
    out["grade"] = pd.to_numeric(grade, errors="coerce").astype("Int64")
    out["digital_record_signed"] = yes_no_column(rows["digital_record"])
    out["status"] = canonical_column(rows["status"], "student_status")


def _teacher_fields(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    out["email"], out["email_problem"] = map_distinct_fields(rows["email"], normalize_email, 2)
    for field in ("position", "subject"):
        out[field] = map_distinct(rows[field], clean_spaces)
    out["digital_skills_trained"] = yes_no_column(rows["digital_skills"])
    status = canonical_column(rows["employment_status"], "employment_status")
    out["employment_status"] = status.fillna("Đang làm việc")
