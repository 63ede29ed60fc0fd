"""The three ways the pipeline runs, as officers see them in the UI.

- `province_job`: everything for the whole province; what the schedule, the raw-folder sensor
  and `edu-pipeline run` start.
- `school_job`: the same, for one school's partition: the officer re-runs a school after it
  fixed its file. Unchanged files come from the parse cache, so only that school's files are
  read again, and only its rows change.
- `school_status_job`: every school's page of the per-school view, in one run.
"""

import dagster as dg

from edu_pipeline.partitions import school_partitions

PER_SCHOOL = dg.AssetSelection.assets("school_status")
# A run tagged so rebuilds everything even when no input changed (`edu-pipeline run --force`).
FULL_RUN_TAG = "edu/full_run"
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
# Every job writes the warehouse: the instance queues runs with this tag one at a time
# (deploy/dagster.yaml); the writer lease (`writer_lease.py`) guards runs outside the queue.
WRITER_TAGS = {"edu/writer": "warehouse"}

province_job = dg.define_asset_job(
    "province_job",
    selection=dg.AssetSelection.all() - PER_SCHOOL,
    description="Toàn bộ quy trình cho cả tỉnh / The whole pipeline for the whole province.",
    tags={"dagster/max_retries": "2", "dagster/retry_strategy": "FROM_FAILURE", **WRITER_TAGS},
)

school_job = dg.define_asset_job(
    "school_job",
    selection=dg.AssetSelection.all(),
    partitions_def=school_partitions,
    tags=WRITER_TAGS,
    description="Chạy lại một trường sau khi trường sửa tệp: bấm Materialize all…, chọn Custom "
    "trong Partition selection, đánh dấu mã trường rồi bấm Launch 1 run / Re-run one school "
    "after it fixed its file: Materialize all…, Custom partitions, tick its code, Launch 1 run.",
)

school_status_job = dg.define_asset_job(
    "school_status_job",
    selection=PER_SCHOOL,
    partitions_def=school_partitions,
    tags=WRITER_TAGS,
    description="Cập nhật trang từng trường / Refresh every school's page of the per-school view.",
)


def all_schools_tags(keys: list[str]) -> dict[str, str]:
    """Run tags that make one run cover every school partition (single-run backfill)."""
    return {RANGE_START: keys[0], RANGE_END: keys[-1]}
