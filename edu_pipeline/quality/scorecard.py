"""School × dataset × dimension scores: the share of checks a school's data passed.

A row-level rule checks every row of the school once, so `checked` = rows × rules of the
dimension; `passed` = checked − distinct failing (row, rule) pairs. School-level rules add one
check per required dataset (submitted this period: complete) and one per file (on time: fresh).
A school that sent nothing scores 0 on completeness, not "no data".
"""

from __future__ import annotations

import pandas as pd

from edu_pipeline.quality.school_rules import ABSENCE_RULES

DIMENSIONS = ("correct", "complete", "clean", "fresh")
SCORE_COLUMNS = ["school_code", "dataset", "dimension", "checked", "passed", "score"]
PROVINCE_COLUMNS = ["dataset", "dimension", "checked", "passed", "score", "schools",
                    "schools_below_target"]  # fmt: skip
SCORE_TARGET = 0.95
_ROLL_UP = {
    "checked": ("checked", "sum"),
    "passed": ("passed", "sum"),
    "schools": ("school_code", "nunique"),
    "schools_below_target": ("below", "sum"),
}


def row_level_scores(
    rows: pd.DataFrame, rules: pd.DataFrame, findings: pd.DataFrame, dataset: str
) -> pd.DataFrame:
    """Scores of one dataset from its rows, its rules (rule, dimension) and its row findings."""
    rows_per_school = rows.groupby("school_code", dropna=False).size().rename("rows")
    rules_per_dimension = rules.drop_duplicates("rule").groupby("dimension").size().rename("rules")
    checked = (
        rows_per_school.reset_index()
        .merge(rules_per_dimension.reset_index(), how="cross")
        .assign(checked=lambda f: f["rows"] * f["rules"])
    )
    failing = findings.loc[findings["row_id"].notna(), ["row_id", "rule", "dimension"]]
    failing = failing.drop_duplicates(["row_id", "rule"])
    failing = failing.merge(rows[["row_id", "school_code"]], on="row_id")
    failed = failing.groupby(["school_code", "dimension"], dropna=False).size().rename("failed")
    scores = checked.merge(failed.reset_index(), on=["school_code", "dimension"], how="left")
    scores["passed"] = scores["checked"] - scores["failed"].fillna(0).astype("int64")
    return scores.assign(dataset=dataset)[
        ["school_code", "dataset", "dimension", "checked", "passed"]
    ]


def school_level_scores(
    submissions: pd.DataFrame,
    school_issues: pd.DataFrame,
    registry_codes: pd.Series,
    required: tuple[str, ...],
) -> pd.DataFrame:
    """Completeness (sent each required dataset) and freshness (each file on time)."""
    expected = pd.MultiIndex.from_product(
        [registry_codes.dropna().unique(), required], names=["school_code", "dataset"]
    ).to_frame(index=False)
    missing = school_issues[school_issues["rule"].isin(ABSENCE_RULES)]
    complete = expected.merge(
        missing[["school_code", "dataset"]].assign(failed=1), how="left",
        on=["school_code", "dataset"],
    )  # fmt: skip
    complete = complete.assign(
        dimension="complete", checked=1, passed=1 - complete["failed"].fillna(0).astype("int64")
    )
    people = submissions[submissions["dataset"].isin(required)]
    fresh = (
        people.groupby(["school_code", "dataset"])
        .agg(checked=("on_time", "size"), passed=("on_time", "sum"))
        .reset_index()
        .assign(dimension="fresh")
    )
    columns = ["school_code", "dataset", "dimension", "checked", "passed"]
    return pd.concat([complete[columns], fresh[columns]], ignore_index=True)


def combine_scores(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Sum the parts per school, dataset and dimension, and compute the score (0–1)."""
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    total = (
        pd.concat(parts, ignore_index=True)
        .groupby(["school_code", "dataset", "dimension"], as_index=False)[["checked", "passed"]]
        .sum()
    )
    total["passed"] = total["passed"].clip(lower=0)
    total["score"] = (total["passed"] / total["checked"]).where(total["checked"] > 0)
    return total[SCORE_COLUMNS]


def province_scores(scores: pd.DataFrame, target: float = SCORE_TARGET) -> pd.DataFrame:
    """The province roll-up: per dataset and dimension, and for all datasets ("all").

    A school's score in a dimension over all datasets is its passed / checked summed over
    them, so a school with a perfect registry row and a poor students list is still poor.
    """
    every = scores.groupby(["school_code", "dimension"], as_index=False)[["checked", "passed"]]
    parts = [scores, every.sum().assign(dataset="all")]
    rows = []
    for part in parts:
        part = part.assign(below=part["passed"] < target * part["checked"])
        grouped = part.groupby(["dataset", "dimension"], as_index=False)
        rows.append(grouped.agg(**_ROLL_UP))
    total = pd.concat(rows, ignore_index=True)
    total["score"] = (total["passed"] / total["checked"]).where(total["checked"] > 0)
    return total.astype({"schools_below_target": "int64"})[PROVINCE_COLUMNS]


def school_dimension_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """School × dimension over all datasets (passed / checked summed), one column per dimension."""
    total = scores.groupby(["school_code", "dimension"])[["passed", "checked"]].sum()
    score = total["passed"] / total["checked"].where(total["checked"] > 0)
    return score.unstack("dimension")


def worst_schools(scores: pd.DataFrame, names: pd.Series, limit: int = 10) -> pd.DataFrame:
    """The `limit` schools with the lowest score in any dimension, with all their scores.

    ``names`` maps school code -> school name.
    """
    table = school_dimension_scores(scores)
    worst = table.min(axis=1).dropna().nsmallest(limit).index
    shown = table.loc[worst].round(3).reset_index()
    return shown.assign(school_name=shown["school_code"].map(names))[
        ["school_code", "school_name", *table.columns]
    ]
