"""The Dagster code location: every stage's assets and checks, the jobs, schedule and sensors.

`dagster dev` (workspace.yaml) and `edu-pipeline run` both load this module, so the UI and
the command line run the same definitions with the same settings (`EDU_*` variables).
"""

import datetime as dt

import dagster as dg
from dagster_duckdb import DuckDBResource

from edu_pipeline.dedupe import assets as dedupe
from edu_pipeline.ingest import assets as ingest
from edu_pipeline.normalize import assets as normalize
from edu_pipeline.orchestration.jobs import province_job, school_job, school_status_job
from edu_pipeline.orchestration.schedules import nightly_schedule
from edu_pipeline.orchestration.sensors import raw_folder_sensor, school_status_after_province
from edu_pipeline.progress import TerminalProgress
from edu_pipeline.publish import assets as publish
from edu_pipeline.publish import checks as publish_checks
from edu_pipeline.publish import school_status
from edu_pipeline.publish.warehouse import DATABASE_NAME
from edu_pipeline.quality import assets as quality
from edu_pipeline.quality import checks as quality_checks
from edu_pipeline.quality.gx_checks import gx_asset_checks
from edu_pipeline.quality.gx_suites import DATASETS
from edu_pipeline.resources import PipelineSettings, StageParquetIOManager

settings = PipelineSettings.from_env()
OWNERS = {"ingest": "team:ky-thuat-du-lieu", "normalize": "team:ky-thuat-du-lieu",
          "dedupe": "team:ky-thuat-du-lieu", "quality": "team:can-bo-du-lieu",
          "publish": "team:can-bo-du-lieu", "schools": "team:can-bo-du-lieu"}  # fmt: skip
# Published data older than a day is late: the nightly run is at 01:00 and takes minutes.
PUBLISHED_FRESHNESS = dg.FreshnessPolicy.time_window(
    warn_window=dt.timedelta(hours=24), fail_window=dt.timedelta(hours=26)
)


def _operational(spec: dg.AssetSpec) -> dg.AssetSpec:
    fresh = spec.group_name == "publish"
    return spec.replace_attributes(
        owners=[OWNERS[spec.group_name]],
        freshness_policy=PUBLISHED_FRESHNESS if fresh else spec.freshness_policy,
    )


assets = dg.load_assets_from_modules([ingest, normalize, quality, dedupe, publish, school_status])

defs = dg.Definitions(
    assets=dg.map_asset_specs(_operational, assets),
    asset_checks=[
        *dg.load_asset_checks_from_modules([quality_checks, publish_checks]),
        *(gx_asset_checks(dataset, settings.expectations_path) for dataset in DATASETS),
    ],
    jobs=[province_job, school_job, school_status_job],
    schedules=[nightly_schedule(settings.nightly_cron)],
    sensors=[raw_folder_sensor, school_status_after_province],
    resources={
        "settings": settings,
        "progress": TerminalProgress(enabled=settings.show_progress),
        "io_manager": StageParquetIOManager(
            stage_dir=str(settings.stage_path),
            recent_bytes=settings.stage_memory_mib * 2**20,
            lease_dir=str(settings.warehouse_path),
            wait_minutes=settings.writer_wait_minutes,
        ),
        "warehouse_db": DuckDBResource(
            database=str(settings.warehouse_path / DATABASE_NAME),
            connection_config={"access_mode": "READ_ONLY"},
        ),
    },
)
