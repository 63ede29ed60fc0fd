"""Normalize assets: registry, students, staff and fee lines in their contract forms."""

import dagster as dg
import pandas as pd

from edu_pipeline.fingerprints import pipeline_code_version
from edu_pipeline.incremental import REUSED_ATTR, FileMemo
from edu_pipeline.normalize.fees import normalize_fees
from edu_pipeline.normalize.people import LINEAGE, normalize_people
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


def _people_memo(settings: PipelineSettings, dataset: str) -> FileMemo:
    """Students and staff are normalized file by file (a file's date order is its own), so an
    unchanged file's rows are taken from the last run (`incremental.py`)."""
    code = pipeline_code_version(settings.expectations_path)
    return FileMemo(
        key="|".join([dataset, code, settings.tone_style, settings.as_of_date.isoformat()]),
        lineage=LINEAGE,
    )


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
        result = _people_memo(settings, dataset).apply(
            rows,
            lambda part: normalize_people(part, dataset, settings.tone_style, settings.as_of_date),
            settings.stage_path / f"{dataset}.parquet",
        )
        context.add_output_metadata({"rows_reused_from_last_run": result.attrs[REUSED_ATTR]})
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
