"""Enrollment and the 2026 plan's indicators, from the golden records and the quality marts.

Every indicator is published as numerator, denominator and value for one period, so an analyst
can re-aggregate it (by commune, by school level) without averaging averages:

| kpi | numerator / denominator |
|---|---|
| `digital_record_share` | students with a signed digital record (học bạ số) / students |
| `digital_skills_share` | staff trained in digital skills / staff |
| `cashless_fees` | cashless schools / schools known (their fee report, else the registry) |
| `cashless_fee_amount` | VND collected without cash / VND to collect (fee reports) |
| `data_quality_score` | quality checks passed / checks made (all datasets and dimensions) |
| `on_time_submission` | required lists received on time / required lists (2 per school) |

People whose status says they left (the suite's "left" rules) are not counted as enrolled or
as staff: the rule's value set is read from `expectations/`, not written here again. Each
school row says where its numbers come from (`source`): a school's own fee report outranks the
registry's declared flag (see `edu_pipeline.publish.fees`).

Example::

    enrollment = enrollment_table(dim_student, left_statuses("students", EXPECTATIONS_DIR))
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from edu_pipeline.publish.fees import cashless_amounts, cashless_schools
from edu_pipeline.quality.gx_suites import suite_path
from edu_pipeline.quality.school_rules import REQUIRED_DATASETS

KPI_COLUMNS = ["school_code", "kpi", "numerator", "denominator", "value", "source", "period"]
LEFT_RULES = {"students": "students.status.left", "teachers": "teachers.employment_status.left"}
MAJORITY_ETHNICITY = "Kinh"


def left_statuses(dataset: str, expectations_dir: Path) -> list[str]:
    """The statuses the suite's "left but still listed" rule names (e.g. "Chuyển đi")."""
    suite = json.loads(suite_path(dataset, expectations_dir).read_text(encoding="utf-8"))
    (rule,) = [e for e in suite["expectations"] if e["meta"]["rule"] == LEFT_RULES[dataset]]
    return list(rule["kwargs"]["value_set"])


def enrollment_table(students: pd.DataFrame, left: list[str], period: str) -> pd.DataFrame:
    """School × grade × class: students, girls, boys and ethnic-minority pupils."""
    current = students[~students["status"].isin(left)]
    counts = current.assign(
        female=current["gender"].eq("Nữ"),
        male=current["gender"].eq("Nam"),
        ethnic_minority=current["ethnicity"].notna() & current["ethnicity"].ne(MAJORITY_ETHNICITY),
    )
    table = counts.groupby(["school_code", "grade", "class_name"], dropna=False).agg(
        students=("student_key", "size"),
        female=("female", "sum"),
        male=("male", "sum"),
        ethnic_minority=("ethnic_minority", "sum"),
    )
    return table.reset_index().assign(period=period)


def school_kpis(
    schools: pd.DataFrame,
    students: pd.DataFrame,
    teachers: pd.DataFrame,
    fee_lines: pd.DataFrame,
    scorecard: pd.DataFrame,
    submissions: pd.DataFrame,
    left: dict[str, list[str]],
    period: str,
) -> pd.DataFrame:
    """One row per school and indicator; every registry school gets every indicator."""
    enrolled = students[~students["status"].isin(left["students"])]
    working = teachers[~teachers["employment_status"].isin(left["teachers"])]
    current = submissions[submissions["superseded_by"].isna()
                          & submissions["dataset"].isin(REQUIRED_DATASETS)]  # fmt: skip
    on_time = current[current["on_time"]].drop_duplicates(["school_code", "dataset"])
    parts = {
        "digital_record_share": _share(enrolled, "digital_record_signed").assign(
            source="dim_student"
        ),
        "digital_skills_share": _share(working, "digital_skills_trained").assign(
            source="dim_teacher"
        ),
        "cashless_fees": cashless_schools(schools, fee_lines),
        "cashless_fee_amount": cashless_amounts(fee_lines),
        "data_quality_score": scorecard.groupby("school_code")[["passed", "checked"]]
        .sum()
        .assign(source="dq_scorecard"),
        "on_time_submission": pd.DataFrame(
            {"passed": on_time.groupby("school_code").size(), "source": "submissions"}
        ).assign(checked=len(REQUIRED_DATASETS)),
    }
    codes = pd.Index(schools["school_code"].dropna().unique(), name="school_code")
    rows = []
    for kpi, frame in parts.items():
        frame = frame.reindex(codes)
        if kpi == "on_time_submission":  # sending nothing is 0 of 2, not unknown
            frame = frame.fillna({"passed": 0, "checked": len(REQUIRED_DATASETS),
                                  "source": "submissions"})  # fmt: skip
        rows.append(pd.DataFrame({
            "school_code": codes, "kpi": kpi,
            "numerator": frame["passed"].fillna(0).astype("int64").to_numpy(),
            "denominator": frame["checked"].fillna(0).astype("int64").to_numpy(),
            "source": frame["source"].to_numpy(dtype=object),
        }))  # fmt: skip
    table = pd.concat(rows, ignore_index=True).assign(period=period)
    return _with_value(table)[KPI_COLUMNS]


def province_kpis(kpis: pd.DataFrame) -> pd.DataFrame:
    """The province's indicators: numerators and denominators summed over schools."""
    total = kpis.groupby(["kpi", "period"], as_index=False)[["numerator", "denominator"]].sum()
    return _with_value(total)[["kpi", "numerator", "denominator", "value", "period"]]


def _share(frame: pd.DataFrame, flag: str) -> pd.DataFrame:
    """Per school: rows where ``flag`` is true (passed) and rows where it is known (checked)."""
    known = frame.loc[frame[flag].notna(), ["school_code"]].assign(
        flag=frame[flag].dropna().astype(bool)
    )
    return known.groupby("school_code").agg(passed=("flag", "sum"), checked=("flag", "size"))


def _with_value(table: pd.DataFrame) -> pd.DataFrame:
    value = table["numerator"] / table["denominator"].where(table["denominator"] > 0)
    return table.assign(value=value.round(6))
