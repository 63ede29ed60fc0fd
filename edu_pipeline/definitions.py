"""The Dagster code location: every stage's assets and checks, one job, the nightly schedule.

`dagster dev` (workspace.yaml) and `edu-pipeline run` both load this module, so the UI and
the command line run the same definitions with the same settings (`EDU_*` variables).
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from edu_pipeline.dedupe import assets as dedupe
from edu_pipeline.ingest import assets as ingest
from edu_pipeline.normalize import assets as normalize
from edu_pipeline.progress import TerminalProgress
from edu_pipeline.publish import assets as publish
from edu_pipeline.publish import checks as publish_checks
from edu_pipeline.publish.warehouse import DATABASE_NAME
from edu_pipeline.quality import assets as quality
from edu_pipeline.quality import checks as quality_checks
from edu_pipeline.quality.gx_checks import gx_asset_checks
from edu_pipeline.quality.gx_suites import DATASETS
from edu_pipeline.resources import PipelineSettings, StageParquetIOManager

settings = PipelineSettings.from_env()

province_job = dg.define_asset_job(
    "province_job",
    selection=dg.AssetSelection.all(),
    description="Toàn bộ quy trình cho cả tỉnh / The whole pipeline for the whole province.",
)

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_province_run",
    job=province_job,
    cron_schedule="0 1 * * *",
    execution_timezone="Asia/Ho_Chi_Minh",
    description="Chạy lúc 01:00 hằng đêm / Every night at 01:00 Asia/Ho_Chi_Minh.",
)

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([ingest, normalize, quality, dedupe, publish]),
    asset_checks=[
        *dg.load_asset_checks_from_modules([quality_checks, publish_checks]),
        *(gx_asset_checks(dataset, settings.expectations_path) for dataset in DATASETS),
    ],
    jobs=[province_job],
    schedules=[nightly_schedule],
    resources={
        "settings": settings,
        "progress": TerminalProgress(enabled=settings.show_progress),
        "io_manager": StageParquetIOManager(stage_dir=str(settings.stage_path)),
        "warehouse_db": DuckDBResource(
            database=str(settings.warehouse_path / DATABASE_NAME),
            connection_config={"access_mode": "READ_ONLY"},
        ),
    },
)
