"""Normalize student and staff rows: one contract form per value, and why a value failed.

Every rule is a pure function of `edu_pipeline.vietnamese`, applied once per distinct value.
Nothing is dropped or judged here: a value that cannot be normalized is left null with a
reason code in `<field>_problem`, and the raw text stays in `raw_<field>`, so the GX suites
can decide (and tell the school) what is wrong.
"""

from __future__ import annotations

import pandas as pd

from edu_pipeline.normalize.values import (
    canonical_column,
    none_for_missing,
    unrecognized,
    yes_no_column,
)
from edu_pipeline.vietnamese.dates import detect_date_order, parse_dates
from edu_pipeline.vietnamese.ethnicity import normalize_ethnicity
from edu_pipeline.vietnamese.gender import gender_from_female_mark, normalize_gender
from edu_pipeline.vietnamese.ids import (
    check_citizen_id,
    normalize_citizen_id,
    normalize_moet_id,
    normalize_school_code,
)
from edu_pipeline.vietnamese.names import name_problem, normalize_name, split_name
from edu_pipeline.vietnamese.phones import normalize_phone
from edu_pipeline.vietnamese.text import ToneStyle, clean_spaces
from edu_pipeline.vietnamese.vectorize import map_distinct, map_distinct_fields

LINEAGE = ["row_id", "source_file", "sheet", "source_row", "report_date", "superseded_by"]
RAW_FIELDS = {
    "students": ["full_name", "birth_date", "gender", "ethnicity", "citizen_id", "moet_id",
                 "phone", "school_code", "grade", "class_name"],
    "teachers": ["full_name", "birth_date", "gender", "ethnicity", "citizen_id", "phone",
                 "email", "school_code"],
}  # fmt: skip


def normalize_people(rows: pd.DataFrame, dataset: str, tone_style: ToneStyle) -> pd.DataFrame:
    """Normalized `students` or `teachers` rows (see docs/architecture.md for the columns)."""
    out = rows[LINEAGE].copy()
    raw_name = _raw_full_name(rows)
    out["school_code"] = map_distinct(rows["school_code"], normalize_school_code).fillna(
        rows["school_code_hint"]
    )
    _names(out, raw_name, rows.get("given_name"), tone_style)
    _birth_dates(out, rows)
    _gender(out, rows)
    out["ethnicity"] = map_distinct(rows["ethnicity"], normalize_ethnicity)
    out["ethnicity_problem"] = unrecognized(rows["ethnicity"], out["ethnicity"])
    _citizen_ids(out, rows)
    _phones(out, rows["phone"])
    if dataset == "students":
        _student_fields(out, rows)
    else:
        _teacher_fields(out, rows)
    for field in RAW_FIELDS[dataset]:
        out[f"raw_{field}"] = raw_name if field == "full_name" else rows[field]
    return none_for_missing(out)


def _raw_full_name(rows: pd.DataFrame) -> pd.Series:
    """The name as typed: the full-name cell, or "Họ đệm" + "Tên" when split in two columns."""
    split = (rows["family_middle"].fillna("") + " " + rows["given_name"].fillna("")).str.strip()
    return rows["full_name"].fillna(split.where(split != ""))


def _names(out: pd.DataFrame, raw: pd.Series, given_hint, tone_style: ToneStyle) -> None:
    full = map_distinct(raw, lambda text: normalize_name(text, tone_style) or None)
    out["full_name"] = full
    out["name_problem"] = map_distinct(full, name_problem)
    hint = given_hint.where(given_hint.notna(), None) if given_hint is not None else None
    pairs = pd.DataFrame({"full": full, "hint": hint if hint is not None else None})
    parts = pairs.drop_duplicates().dropna(subset=["full"])
    split = [
        split_name(f, h if isinstance(h, str) else None) for f, h in parts.itertuples(index=False)
    ]
    part_columns = ["family_name", "middle_name", "given_name", "name_split_rule"]
    parts[part_columns] = pd.DataFrame(split, index=parts.index, columns=part_columns)
    merged = pairs.merge(parts, on=["full", "hint"], how="left").set_index(out.index)
    for column in part_columns:
        out[column] = (
            merged[column].replace("", None).astype(object).where(merged[column].notna(), None)
        )


def _birth_dates(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    """Parse dates in the order each file uses (a whole file may be month-first)."""
    order = rows.groupby("source_file")["birth_date"].transform(
        lambda values: detect_date_order(values.dropna())
    )
    values = pd.Series(None, index=rows.index, dtype=object)
    problems = pd.Series(None, index=rows.index, dtype=object)
    for file_order in order.dropna().unique():
        mask = order == file_order
        values[mask], problems[mask] = parse_dates(rows.loc[mask, "birth_date"], file_order)
    out["birth_date"] = pd.to_datetime(values, errors="coerce")
    out["birth_date_problem"] = problems


def _gender(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    """The gender column, else the "Nữ"/"Nam" tick columns (present in the file = not null)."""
    typed = map_distinct(rows["gender"], normalize_gender)
    ticked_female = map_distinct(rows["female_mark"], gender_from_female_mark)
    male_ticked = rows["male_mark"].fillna("").str.strip() != ""
    from_marks = ticked_female.mask(male_ticked & (ticked_female != "Nữ"), "Nam")
    out["gender"] = typed.fillna(from_marks)
    out["gender_problem"] = unrecognized(rows["gender"], typed)


def _citizen_ids(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    value, problem, fixed = map_distinct_fields(rows["citizen_id"], normalize_citizen_id, 3)
    checks = pd.DataFrame({"cid": value, "gender": out["gender"],
                           "year": out["birth_date"].dt.year.astype("Int64")})  # fmt: skip
    disagreement = _first_disagreement(checks)
    out["citizen_id"] = value
    out["citizen_id_problem"] = problem.fillna(disagreement)
    out["citizen_id_fixed"] = fixed


def _first_disagreement(checks: pd.DataFrame) -> pd.Series:
    """The first part of each ID that disagrees with the row, checked once per distinct triple."""
    distinct = checks.dropna(subset=["cid"]).drop_duplicates()
    found = [
        (check_citizen_id(cid, gender, None if pd.isna(year) else int(year)) or [None])[0]
        for cid, gender, year in distinct.itertuples(index=False)
    ]
    distinct = distinct.assign(problem=found)
    merged = checks.merge(distinct, on=["cid", "gender", "year"], how="left")
    return pd.Series(merged["problem"].to_numpy(), index=checks.index, dtype=object)


def _phones(out: pd.DataFrame, raw: pd.Series) -> None:
    out["phone"], out["phone_problem"], out["phone_fixed"] = map_distinct_fields(
        raw, normalize_phone, 3
    )


def _student_fields(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    out["moet_id"], out["moet_id_problem"], _ = map_distinct_fields(
        rows["moet_id"], normalize_moet_id, 3
    )
    class_name = map_distinct(rows["class_name"].fillna(rows["class_hint"]), clean_spaces)
    out["class_name"] = class_name.str.upper()
    grade_text = rows["grade"].fillna(class_name.str.extract(r"^(\d{1,2})", expand=False))
    out["grade"] = pd.to_numeric(grade_text.str.extract(r"(\d{1,2})", expand=False),
                                 errors="coerce").astype("Int64")  # fmt: skip
    out["digital_record_signed"] = yes_no_column(rows["digital_record"])
    out["status"] = canonical_column(rows["status"], "student_status")


def _teacher_fields(out: pd.DataFrame, rows: pd.DataFrame) -> None:
    email = map_distinct(rows["email"], lambda text: clean_spaces(text).lower() or None)
    out["email"] = email
    valid = email.str.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}").astype("boolean")
    out["email_problem"] = pd.Series("invalid", index=email.index, dtype=object).where(
        valid.eq(False).fillna(False), None
    )
    for field in ("position", "subject"):
        out[field] = map_distinct(rows[field], clean_spaces)
    out["digital_skills_trained"] = yes_no_column(rows["digital_skills"])
    status = canonical_column(rows["employment_status"], "employment_status")
    out["employment_status"] = status.fillna("Đang làm việc")
