"""The per-school view: one partition per school, each materialization telling its story.

A province run materializes every school's partition in one step (a single-run backfill
policy: one run, not 1,379); re-running one school after it fixed its file is a run of
`school_job` for that school's partition. Either way the officer opens `school_status`,
picks the school and reads its files, rows, findings, scores and workbook path.
"""

import dagster as dg
import pandas as pd

from edu_pipeline.partitions import school_partitions
from edu_pipeline.publish.feedback import FEEDBACK_DIR
from edu_pipeline.publish.school_view import DIMENSIONS, SchoolFacts, school_facts
from edu_pipeline.quality.data_docs import DATA_DOCS_DIR
from edu_pipeline.resources import PipelineSettings

ROW_STATUSES = ("published", "merged", "quarantined")
STATUS_VI = {"on_time": "Đúng hạn", "late": "Nộp muộn", "stale": "Dữ liệu kỳ trước",
             "superseded": "Đã được thay bằng tệp sau"}  # fmt: skip


@dg.asset(
    group_name="schools",
    partitions_def=school_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    output_required=False,
    deps=["feedback_workbooks"],
    description="Tình hình từng trường: tệp đã nộp, số dòng, lỗi theo tiêu chí, điểm, tệp phản "
    "hồi / One school per partition: files sent, rows, findings per dimension, scores and "
    "its feedback workbook. Pick a school in the Partitions tab.",
)
def school_status(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    dim_school: pd.DataFrame,
    submissions: pd.DataFrame,
    file_report: pd.DataFrame,
    student_source_rows: pd.DataFrame,
    teacher_source_rows: pd.DataFrame,
    dq_issues: pd.DataFrame,
    dq_scorecard: pd.DataFrame,
):
    rows = pd.concat([student_source_rows, teacher_source_rows], ignore_index=True)
    facts = school_facts(dim_school, submissions, file_report, rows, dq_issues, dq_scorecard)
    for code in context.partition_keys:
        metadata = school_metadata(facts.get(code), settings)
        context.log_event(
            dg.AssetMaterialization(asset_key=context.asset_key, partition=code, metadata=metadata)
        )
    yield from ()  # one materialization per school is logged above; nothing to store


def school_metadata(facts: SchoolFacts | None, settings: PipelineSettings) -> dict[str, object]:
    """What the UI shows for one school (counts and file names, never a person)."""
    if facts is None:
        return {"trường / school": "không có trong danh mục / not in the registry"}
    files = facts.files.assign(status=facts.files["status"].map(lambda s: STATUS_VI.get(s, s)))
    workbook = settings.warehouse_path / FEEDBACK_DIR / f"{facts.code}.xlsx"
    return {
        "trường / school": facts.name,
        "tệp đã nộp / files": dg.MetadataValue.md(
            files.to_markdown(index=False) if len(files) else "_Chưa nộp tệp nào / nothing sent_"
        ),
        **{f"rows_{status}": facts.rows.get(status, 0) for status in ROW_STATUSES},
        **{f"findings_{d}": facts.findings.get(d, 0) for d in DIMENSIONS},
        **{f"score_{d}": round(float(score), 4) for d, score in facts.scores.items()},
        "feedback_workbook": dg.MetadataValue.path(str(workbook)),
        "data_docs": dg.MetadataValue.path(str(settings.warehouse_path / DATA_DOCS_DIR)),
    }
