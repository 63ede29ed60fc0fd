"""Ingest assets: the raw folder's inventory and every file parsed into dataset rows."""

from collections.abc import Iterator

import dagster as dg
import pandas as pd

from edu_pipeline.failures import io_failure_for, missing_raw_folder
from edu_pipeline.fingerprints import inputs_fingerprint
from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir
from edu_pipeline.ingest.isolation import start_reading_workers
from edu_pipeline.orchestration.jobs import FULL_RUN_TAG
from edu_pipeline.progress import TerminalProgress
from edu_pipeline.publish.releases import current_release
from edu_pipeline.resources import IO_RETRY, PipelineSettings

GROUP = "ingest"
ROWS_OUT = {"registry": "registry_rows", "students": "student_rows", "teachers": "teacher_rows",
            "fees": "fee_rows"}  # fmt: skip


@dg.asset(
    group_name=GROUP,
    retry_policy=IO_RETRY,
    output_required=False,
    description="Danh sách tệp trong thư mục nhận dữ liệu / Every file under the raw folder, "
    "with its content hash. When no file, setting or code changed since the published "
    "release, nothing is materialized and every later step is skipped.",
)
def raw_file_inventory(
    context: dg.AssetExecutionContext, settings: PipelineSettings, progress: TerminalProgress
) -> Iterator[dg.Output[pd.DataFrame]]:
    if not settings.raw_path.is_dir():
        raise missing_raw_folder(settings.raw_path)
    with io_failure_for(settings.raw_path, "đọc thư mục nhận dữ liệu / reading the raw folder"):
        inventory = scan_raw_dir(settings.raw_path)
    release = current_release(settings.warehouse_path)
    fingerprint = inputs_fingerprint(inventory, settings.result_settings())
    if release and release.input_fingerprint == fingerprint and not _full_run(context):
        progress.stage("inventory", f"nothing changed since release {release.version}")
        context.log.info(f"{len(inventory)} files, settings and code as in release "
                         f"{release.version}: nothing to do")  # fmt: skip
        return
    progress.stage("inventory", f"{len(inventory)} files under {settings.raw_path}")
    if settings.worker_count > 1:
        start_reading_workers()
    yield dg.Output(
        inventory, metadata={"files": len(inventory), "bytes": int(inventory["size_bytes"].sum())}
    )


def _full_run(context: dg.AssetExecutionContext) -> bool:
    return context.run.tags.get(FULL_RUN_TAG) == "true"


@dg.multi_asset(
    group_name=GROUP,
    retry_policy=IO_RETRY,
    outs={
        "registry_rows": dg.AssetOut(description="Dòng danh mục trường / Registry rows as read."),
        "student_rows": dg.AssetOut(description="Dòng học sinh / Student rows as read."),
        "teacher_rows": dg.AssetOut(description="Dòng CB-GV-NV / Staff rows as read."),
        "fee_rows": dg.AssetOut(
            description="Dòng báo cáo thu phí / Fee-collection report lines as read."
        ),
        "file_report": dg.AssetOut(
            description="Kết quả đọc từng tệp / What happened to each file."
        ),
        "sheet_report": dg.AssetOut(description="Kết quả đọc từng trang tính / Each sheet."),
    },
)
def ingested_rows(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    progress: TerminalProgress,
    raw_file_inventory: pd.DataFrame,
):
    """Parse every file (unchanged files come from the content-hash cache)."""
    result = ingest_files(
        settings.raw_path,
        raw_file_inventory,
        settings.cache_path,
        progress=lambda done, total: progress.update("ingest", done, total),
        workers=settings.worker_count,
        limits=settings.read_limits,
    )
    files = result.files
    unreadable = files[files["status"] != "ok"]
    context.log.info(
        f"Read {len(files)} files: {len(unreadable)} not usable, "
        f"{result.cache_hits} from cache, {result.cache_misses} parsed"
    )
    for name, output in ROWS_OUT.items():
        rows = result.datasets[name]
        yield dg.Output(
            rows, output, metadata={"rows": len(rows), "files": int(rows["source_file"].nunique())}
        )
    yield dg.Output(
        files,
        "file_report",
        metadata={
            "files": len(files),
            "unusable_files": len(unreadable),
            "cache_hits": result.cache_hits,
            "parsed_now": result.cache_misses,
            "unusable": dg.MetadataValue.md(_markdown(unreadable[["source_file", "reason"]])),
        },
    )
    yield dg.Output(result.sheets, "sheet_report", metadata={"sheets": len(result.sheets)})


def _markdown(frame: pd.DataFrame, limit: int = 50) -> str:
    if frame.empty:
        return "_none_"
    return frame.head(limit).to_markdown(index=False)
