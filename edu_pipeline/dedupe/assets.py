"""Deduplication assets: identities, golden records and row lineage for students and staff.

Students and staff follow the same steps, so one factory builds both asset families.
"""

import dagster as dg
import pandas as pd

from edu_pipeline.dedupe.assignments import staff_assignments
from edu_pipeline.dedupe.golden import golden_records
from edu_pipeline.dedupe.identity import (
    IDENTITY_INPUTS,
    current_people_only,
    identify,
    with_rejected_ids,
)
from edu_pipeline.dedupe.lineage import source_rows
from edu_pipeline.dedupe.linkage import LINKAGE_INPUTS, decide_pairs, model_path, predict_pairs
from edu_pipeline.dedupe.review import review_queue

GROUP = "dedupe"
STUDENT_FIELDS = [
    "moet_id", "full_name", "family_name", "middle_name", "given_name", "birth_date", "gender",
    "ethnicity", "citizen_id", "school_code", "grade", "class_name", "digital_record_signed",
    "status",
]  # fmt: skip
TEACHER_FIELDS = [
    "full_name", "family_name", "middle_name", "given_name", "birth_date", "gender",
    "citizen_id", "phone", "email", "school_code", "position", "subject",
    "digital_skills_trained", "ethnicity", "employment_status",
]  # fmt: skip


def person_assets(
    people: str, singular: str, key_prefix: str, fields: list[str], across_schools: bool
) -> list:
    """linkage, identities, review, dim and source-rows assets for `students` or `teachers`.

    `across_schools`: one name, birth date and gender is one person in any school (staff).
    """
    key_name = f"{singular}_key"

    @dg.asset(
        name=f"{singular}_linkage_pairs",
        group_name=GROUP,
        ins=_ins(people, singular, "rows", "findings"),
        description="Cặp dòng có thể là cùng một người (mô hình splink) / Candidate pairs "
        "scored by the splink model, each decided link, review or apart.",
    )
    def linkage_pairs(
        context: dg.AssetExecutionContext, rows: pd.DataFrame, findings: pd.DataFrame
    ) -> pd.DataFrame:
        eligible = _eligible(rows, findings, LINKAGE_INPUTS)
        decided = decide_pairs(predict_pairs(eligible, model_path(people)), eligible)
        context.add_output_metadata(
            {f"pairs_{d}": int(n) for d, n in decided["decision"].value_counts().items()}
        )
        return decided

    @dg.asset(
        name=f"{singular}_identities",
        group_name=GROUP,
        ins=_ins(people, singular, "rows", "findings", "pairs"),
        description=f"Mỗi dòng thuộc về người nào / Which person each {singular} row is. "
        "Quarantined rows get no identity.",
    )
    def identities(
        context: dg.AssetExecutionContext,
        rows: pd.DataFrame,
        findings: pd.DataFrame,
        pairs: pd.DataFrame,
    ) -> pd.DataFrame:
        eligible = _eligible(rows, findings, IDENTITY_INPUTS)
        links = pairs[pairs["decision"] == "link"]
        result = current_people_only(
            identify(eligible, key_prefix, links, across_schools), eligible
        )
        context.add_output_metadata({
            "rows": len(rows), "quarantined_rows": len(rows) - len(eligible),
            "superseded_only_rows": len(eligible) - len(result),
            "people": int(result["person_key"].nunique()),
            "merged_rows": int(len(result) - result["person_key"].nunique()),
            "merged_by_model": int((result["link_rule"] == "probabilistic").sum()),
        })  # fmt: skip
        return result

    @dg.asset(
        name=f"{singular}_review",
        group_name=GROUP,
        ins=_ins(people, singular, "rows", "pairs", "identities"),
        description="Cặp cần cán bộ xem xét / Pairs the model is unsure about, for an officer.",
    )
    def review(
        context: dg.AssetExecutionContext,
        rows: pd.DataFrame,
        pairs: pd.DataFrame,
        identities: pd.DataFrame,
    ) -> pd.DataFrame:
        queue = review_queue(pairs, rows, identities, people)
        context.add_output_metadata({"pairs_to_review": len(queue)})
        return queue

    @dg.asset(
        name=f"dim_{singular}",
        group_name=GROUP,
        ins=_ins(people, singular, "rows", "findings", "identities"),
        description=f"Bản ghi chuẩn mỗi người / One golden record per real {singular}.",
    )
    def dim(
        context: dg.AssetExecutionContext,
        rows: pd.DataFrame,
        findings: pd.DataFrame,
        identities: pd.DataFrame,
    ):
        golden = golden_records(with_rejected_ids(rows, findings), identities, key_name, fields)
        context.add_output_metadata({"people": len(golden)})
        return golden

    @dg.asset(
        name=f"{singular}_source_rows",
        group_name=GROUP,
        ins=_ins(people, singular, "rows", "identities"),
        description="Dòng nguồn → người / Every row read, with its person key or quarantined.",
    )
    def lineage(context: dg.AssetExecutionContext, rows: pd.DataFrame, identities: pd.DataFrame):
        result = source_rows(rows, identities, key_name)
        context.add_output_metadata(
            {status: int(n) for status, n in result["row_status"].value_counts().items()}
        )
        return result

    return [linkage_pairs, identities, review, dim, lineage]


def _ins(people: str, singular: str, *names: str) -> dict[str, dg.AssetIn]:
    """Inputs by role: the dataset's rows and the per-person assets built before this one."""
    assets = {
        "rows": people,
        "findings": f"{singular}_findings",
        "pairs": f"{singular}_linkage_pairs",
        "identities": f"{singular}_identities",
    }
    return {name: dg.AssetIn(assets[name]) for name in names}


def _eligible(
    rows: pd.DataFrame, findings: pd.DataFrame, columns: tuple[str, ...]
) -> pd.DataFrame:
    """The rows no finding quarantined, with the ``columns`` a step reads (those present).

    Only those columns are filtered: the province's rows have 44 columns, and taking all of
    them for 700,000 rows cost ~1 s a step.
    """
    quarantined = findings.loc[findings["action"] == "quarantined", "row_id"]
    rows = rows.loc[:, [column for column in rows.columns if column in columns]]
    return with_rejected_ids(rows[~rows["row_id"].isin(quarantined)], findings)


@dg.asset(
    group_name=GROUP,
    description="Hàng đợi xem xét trùng lặp / Pairs of students and of staff for an officer "
    "to decide: same person or not.",
)
def dedupe_review(student_review: pd.DataFrame, teacher_review: pd.DataFrame) -> pd.DataFrame:
    return pd.concat([student_review, teacher_review], ignore_index=True)


@dg.asset(
    group_name=GROUP,
    ins={"rows": dg.AssetIn("teachers"), "identities": dg.AssetIn("teacher_identities")},
    description="Phân công công tác / Where each member of staff works: one row per person "
    "and school (a teacher at two schools is one person with two assignments).",
)
def fct_staff_assignment(
    context: dg.AssetExecutionContext, rows: pd.DataFrame, identities: pd.DataFrame
) -> pd.DataFrame:
    assignments = staff_assignments(rows, identities)
    schools = assignments.groupby("teacher_key")["school_code"].transform("size")
    context.add_output_metadata({
        "assignments": len(assignments),
        "people_at_two_or_more_schools": int(assignments.loc[schools > 1, "teacher_key"].nunique()),
    })  # fmt: skip
    return assignments


student_assets = person_assets("students", "student", "HS", STUDENT_FIELDS, across_schools=False)
teacher_assets = person_assets("teachers", "teacher", "GV", TEACHER_FIELDS, across_schools=True)
