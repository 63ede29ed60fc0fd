"""Deduplication assets: identities, golden records and row lineage for students and staff.

Students and staff follow the same steps, so one factory builds both asset families.
"""

import dagster as dg
import pandas as pd

from edu_pipeline.dedupe.golden import golden_records
from edu_pipeline.dedupe.identity import current_people_only, identify
from edu_pipeline.dedupe.lineage import source_rows

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


def person_assets(people: str, singular: str, key_prefix: str, fields: list[str]) -> list:
    """identities, dim and source-rows assets for `students` or `teachers`."""
    key_name = f"{singular}_key"

    @dg.asset(
        name=f"{singular}_identities",
        group_name=GROUP,
        ins={"rows": dg.AssetIn(people), "findings": dg.AssetIn(f"{singular}_findings")},
        description=f"Mỗi dòng thuộc về người nào / Which person each {singular} row is. "
        "Quarantined rows get no identity.",
    )
    def identities(
        context: dg.AssetExecutionContext, rows: pd.DataFrame, findings: pd.DataFrame
    ) -> pd.DataFrame:
        quarantined = findings.loc[findings["action"] == "quarantined", "row_id"]
        eligible = rows[~rows["row_id"].isin(quarantined)]
        result = current_people_only(identify(eligible, key_prefix), eligible)
        context.add_output_metadata({
            "rows": len(rows), "quarantined_rows": len(rows) - len(eligible),
            "superseded_only_rows": len(eligible) - len(result),
            "people": int(result["person_key"].nunique()),
            "merged_rows": int(len(result) - result["person_key"].nunique()),
        })  # fmt: skip
        return result

    @dg.asset(
        name=f"dim_{singular}",
        group_name=GROUP,
        ins={"rows": dg.AssetIn(people), "identities": dg.AssetIn(f"{singular}_identities")},
        description=f"Bản ghi chuẩn mỗi người / One golden record per real {singular}.",
    )
    def dim(context: dg.AssetExecutionContext, rows: pd.DataFrame, identities: pd.DataFrame):
        golden = golden_records(rows, identities, key_name, fields)
        context.add_output_metadata({"people": len(golden)})
        return golden

    @dg.asset(
        name=f"{singular}_source_rows",
        group_name=GROUP,
        ins={"rows": dg.AssetIn(people), "identities": dg.AssetIn(f"{singular}_identities")},
        description="Dòng nguồn → người / Every row read, with its person key or quarantined.",
    )
    def lineage(context: dg.AssetExecutionContext, rows: pd.DataFrame, identities: pd.DataFrame):
        result = source_rows(rows, identities, key_name)
        context.add_output_metadata(
            {status: int(n) for status, n in result["row_status"].value_counts().items()}
        )
        return result

    return [identities, dim, lineage]


student_assets = person_assets("students", "student", "HS", STUDENT_FIELDS)
teacher_assets = person_assets("teachers", "teacher", "GV", TEACHER_FIELDS)
