"""Publish assets: the DuckDB/Parquet warehouse for analysts and a workbook for each school."""

import dagster as dg
import pandas as pd
import pyarrow as pa

from edu_pipeline.failures import io_failure_for
from edu_pipeline.fingerprints import inputs_fingerprint
from edu_pipeline.progress import TerminalProgress
from edu_pipeline.publish.feedback import (
    FEEDBACK_DIR,
    schools_without_submission,
    write_feedback_workbooks,
)
from edu_pipeline.publish.fees import fee_collection_table
from edu_pipeline.publish.kpis import (
    LEFT_RULES,
    enrollment_table,
    left_statuses,
    province_kpis,
    school_kpis,
)
from edu_pipeline.publish.warehouse import contract, publish_marts
from edu_pipeline.quality.periods import Period
from edu_pipeline.resources import ARROW_INPUT, IO_RETRY, PipelineSettings

GROUP = "publish"


@dg.asset(
    group_name=GROUP,
    retry_policy=IO_RETRY,
    description="Kho dữ liệu edu.duckdb (schema marts) và parquet/ / The analysts' warehouse, "
    "swapped in atomically at the end of the run.",
    ins={
        "raw_file_inventory": dg.AssetIn(),
        **{mart: dg.AssetIn(metadata={ARROW_INPUT: True}) for mart in contract()},
    },
)
def warehouse(
    settings: PipelineSettings, **inputs: pd.DataFrame | pa.Table
) -> dg.MaterializeResult:
    """The contract's marts go to DuckDB as the stage's Arrow tables (no pandas round trip)."""
    raw_file_inventory = inputs.pop("raw_file_inventory")
    marts = inputs
    with io_failure_for(settings.warehouse_path, "ghi kho dữ liệu / writing the warehouse"):
        published = publish_marts(
            marts, settings.warehouse_path, keep=settings.backup_count,
            as_of=settings.as_of_date.isoformat(),
            input_fingerprint=inputs_fingerprint(raw_file_inventory, settings.result_settings()),
        )  # fmt: skip
    return dg.MaterializeResult(
        metadata={
            "database": dg.MetadataValue.path(str(published.database)),
            "release": published.version,
            "parquet": dg.MetadataValue.path(str(published.parquet_dir)),
            **{f"rows_{table}": n for table, n in published.row_counts.items()},
        }
    )


@dg.asset(
    group_name=GROUP,
    description="Sĩ số theo trường, khối, lớp / Enrollment per school, grade and class, by "
    "gender and ethnic minority (people who left are not counted).",
)
def fct_enrollment(settings: PipelineSettings, dim_student: pd.DataFrame) -> pd.DataFrame:
    left = left_statuses("students", settings.expectations_path)
    return enrollment_table(dim_student, left, Period.containing(settings.as_of_date).label)


@dg.asset(
    group_name=GROUP,
    description="Các khoản thu phí / Every fee-collection line read, with its row status "
    "(published, superseded by a newer report, quarantined) and whether it was cashless.",
)
def fct_fee_collection(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    fees: pd.DataFrame,
    fee_findings: pd.DataFrame,
) -> pd.DataFrame:
    table = fee_collection_table(
        fees, fee_findings, Period.containing(settings.as_of_date).label
    )
    current = table[table["row_status"] == "published"]
    context.add_output_metadata({
        "lines": len(table), "schools_reporting": int(current["school_code"].nunique()),
        **{f"lines_{s}": int(n) for s, n in table["row_status"].value_counts().items()},
    })  # fmt: skip
    return table


@dg.asset(
    group_name=GROUP,
    description="Chỉ tiêu kế hoạch 2026 theo trường / The plan's indicators per school, each "
    "with numerator, denominator and period (docs/warehouse.md).",
)
def kpi_school(
    settings: PipelineSettings,
    dim_school: pd.DataFrame,
    dim_student: pd.DataFrame,
    dim_teacher: pd.DataFrame,
    fct_fee_collection: pd.DataFrame,
    dq_scorecard: pd.DataFrame,
    submissions: pd.DataFrame,
) -> pd.DataFrame:
    left = {d: left_statuses(d, settings.expectations_path) for d in LEFT_RULES}
    period = Period.containing(settings.as_of_date).label
    return school_kpis(
        dim_school, dim_student, dim_teacher, fct_fee_collection, dq_scorecard, submissions,
        left, period,
    )  # fmt: skip


@dg.asset(
    group_name=GROUP,
    description="Chỉ tiêu kế hoạch 2026 toàn tỉnh / The plan's indicators for the province.",
)
def kpi_province(context: dg.AssetExecutionContext, kpi_school: pd.DataFrame) -> pd.DataFrame:
    province = province_kpis(kpi_school)
    values = province.dropna(subset=["value"]).set_index("kpi")["value"].round(4)
    context.add_output_metadata(values.astype(float).to_dict())
    return province


@dg.asset(
    group_name=GROUP,
    retry_policy=IO_RETRY,
    description="Tệp phản hồi cho từng trường / One Vietnamese feedback workbook per school.",
)
def feedback_workbooks(
    settings: PipelineSettings,
    progress: TerminalProgress,
    dim_school: pd.DataFrame,
    dq_issues: pd.DataFrame,
    dq_scorecard: pd.DataFrame,
    submissions: pd.DataFrame,
) -> dg.MaterializeResult:
    period = Period.containing(settings.as_of_date)
    out_dir = settings.warehouse_path / FEEDBACK_DIR
    progress.stage("feedback", f"{len(dim_school)} schools")
    with io_failure_for(out_dir, "ghi tệp phản hồi / writing the feedback workbooks"):
        written = write_feedback_workbooks(
            dim_school, dq_issues, dq_scorecard, submissions, out_dir, period,
            as_of=settings.as_of_date, workers=settings.worker_count,
        )  # fmt: skip
    return dg.MaterializeResult(
        metadata={
            "workbooks": len(written),
            "schools_with_nothing_submitted": schools_without_submission(dim_school, submissions),
            "folder": dg.MetadataValue.path(str(out_dir)),
        }
    )
