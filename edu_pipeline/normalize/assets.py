"""Normalize assets: registry, students, staff and fee lines in their contract forms."""

import dagster as dg
import pandas as pd

from edu_pipeline.normalize.fees import normalize_fees
from edu_pipeline.normalize.people import normalize_people
from edu_pipeline.normalize.registry import normalize_registry
from edu_pipeline.progress import TerminalProgress
from edu_pipeline.resources import PipelineSettings

GROUP = "normalize"


def _described(context: dg.AssetExecutionContext, result: pd.DataFrame) -> pd.DataFrame:
    """`result`, with its rows and how many rows each `*_problem` column flags as metadata:
    counts only, never values."""
    problems = {c: int(result[c].notna().sum()) for c in result.columns if c.endswith("_problem")}
    context.add_output_metadata({"rows": len(result), **problems})
    return result


@dg.asset(group_name=GROUP, description="Danh mục trường đã chuẩn hoá / Normalized registry.")
def schools(
    context: dg.AssetExecutionContext, settings: PipelineSettings, registry_rows: pd.DataFrame
) -> pd.DataFrame:
    return _described(context, normalize_registry(registry_rows, settings.tone_style))


def _people_asset(dataset: str, upstream: str, description: str) -> dg.AssetsDefinition:
    @dg.asset(name=dataset, group_name=GROUP, description=description,
              ins={"rows": dg.AssetIn(upstream)})  # fmt: skip
    def people(
        context: dg.AssetExecutionContext,
        settings: PipelineSettings,
        progress: TerminalProgress,
        rows: pd.DataFrame,
    ) -> pd.DataFrame:
        progress.stage("normalize", f"{len(rows):,} {dataset} rows")
        result = normalize_people(rows, dataset, settings.tone_style, settings.as_of_date)
        return _described(context, result)

    return people


students = _people_asset(
    "students", "student_rows", "Học sinh đã chuẩn hoá / Normalized student rows."
)
teachers = _people_asset(
    "teachers", "teacher_rows", "CB-GV-NV đã chuẩn hoá / Normalized staff rows."
)


@dg.asset(
    group_name=GROUP,
    description="Báo cáo thu phí đã chuẩn hoá / Normalized fee-collection lines (amounts, "
    "channels, cashless or not).",
)
def fees(
    context: dg.AssetExecutionContext, settings: PipelineSettings, fee_rows: pd.DataFrame
) -> pd.DataFrame:
    return _described(context, normalize_fees(fee_rows, settings.tone_style))
