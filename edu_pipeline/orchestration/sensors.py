"""Runs started by what happens, not by the clock.

- `raw_folder_sensor`: a new, changed or removed file under the raw folder starts one province
  run, once the folder has been quiet for a minute (a burst of 200 files is one run). Files
  are compared by content (`ingest/watch.py`): touching a file starts nothing.
- `school_status_after_province`: after a province run that published, one run refreshes
  every school's page of the per-school view (a run that found nothing changed published
  nothing, and the pages stand).
"""

import hashlib
import time

import dagster as dg

from edu_pipeline.ingest.watch import FolderState, look
from edu_pipeline.orchestration.jobs import all_schools_tags, province_job, school_status_job
from edu_pipeline.partitions import school_partitions
from edu_pipeline.resources import PipelineSettings

SETTLE_SECONDS = 60
CHECK_EVERY_SECONDS = 60


@dg.sensor(
    job=province_job,
    minimum_interval_seconds=CHECK_EVERY_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Theo dõi thư mục nhận dữ liệu: có tệp mới hoặc tệp thay đổi thì chạy một lần "
    "cho cả đợt / Watches the raw folder: new or changed files start one run per burst.",
)
def raw_folder_sensor(
    context: dg.SensorEvaluationContext, settings: PipelineSettings
) -> dg.SensorResult:
    raw = settings.raw_path
    if not raw.is_dir():
        return dg.SensorResult(skip_reason=f"Không tìm thấy thư mục dữ liệu / raw folder "
                               f"not found: {raw} (set EDU_RAW_DIR)")  # fmt: skip
    change = look(raw, FolderState.from_json(context.cursor), time.time(), SETTLE_SECONDS)
    if not change.files:  # the cursor still learns new times of touched, unchanged files
        return dg.SensorResult(skip_reason="Không có tệp mới hay thay đổi / no new or changed "
                               "file", cursor=change.state.to_json())  # fmt: skip
    if not change.settled:  # keep the old cursor: the burst is seen whole next time
        return dg.SensorResult(
            skip_reason=f"Tệp đang được chép vào / {len(change.files)} files still arriving"
        )
    state = change.state.to_json()
    counts = {"added": change.added, "changed": change.changed, "removed": change.removed}
    tags = {f"edu/{kind}": str(len(files)) for kind, files in counts.items()}
    request = dg.RunRequest(
        run_key=hashlib.sha256(state.encode()).hexdigest()[:32],
        tags={**tags, "edu/folders": ",".join(change.folders)[:200]},
    )
    context.log.info(
        f"{len(change.added)} new, {len(change.changed)} changed, {len(change.removed)} removed "
        f"files in {len(change.folders)} folders: one run"
    )
    return dg.SensorResult(run_requests=[request], cursor=state)


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[province_job],
    request_job=school_status_job,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Sau mỗi lần chạy toàn tỉnh, cập nhật trang từng trường trong một lần chạy / "
    "After each province run, refresh every school's page in one run.",
)
def school_status_after_province(
    context: dg.RunStatusSensorContext,
) -> dg.RunRequest | dg.SkipReason:
    published = context.instance.get_latest_materialization_event(dg.AssetKey("warehouse"))
    if published is None or published.run_id != context.dagster_run.run_id:
        return dg.SkipReason("Không có gì thay đổi / the run published nothing new")
    keys = context.instance.get_dynamic_partitions(school_partitions.name)
    if not keys:
        return dg.SkipReason("Chưa có trường nào trong danh mục / no school partition yet")
    return dg.RunRequest(run_key=context.dagster_run.run_id, tags=all_schools_tags(keys))
