"""The definitions `dagster dev` loads are valid, and materialize end to end in-process."""

import importlib
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from edu_pipeline.orchestration.jobs import all_schools_tags

REPO = Path(__file__).resolve().parents[2]


def test_workspace_loads_like_dagster_dev(tmp_path):
    dagster = Path(sys.executable).with_name("dagster")
    completed = subprocess.run(
        [dagster, "definitions", "validate", "-w", str(REPO / "workspace.yaml")],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
        env={"PATH": str(dagster.parent), "DAGSTER_HOME": str(tmp_path)},
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert "Validation successful" in completed.stderr + completed.stdout


@pytest.fixture
def definitions(small_province, tmp_path, monkeypatch):
    """`edu_pipeline.definitions` re-imported with settings pointing at temporary folders."""
    monkeypatch.setenv("EDU_RAW_DIR", str(small_province))
    monkeypatch.setenv("EDU_WAREHOUSE_DIR", str(tmp_path / "warehouse"))
    monkeypatch.setenv("EDU_AS_OF", "2026-03-26")
    module = importlib.reload(importlib.import_module("edu_pipeline.definitions"))
    yield module.defs
    monkeypatch.undo()
    importlib.reload(module)


def test_province_job_materializes_every_asset_and_runs_every_check(definitions, tmp_path):
    job = definitions.resolve_job_def("province_job")
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        schools = instance.get_dynamic_partitions("school")
        pages = definitions.resolve_job_def("school_status_job").execute_in_process(
            instance=instance, tags=all_schools_tags(schools))
    assert result.success and pages.success
    all_assets = definitions.resolve_asset_graph().get_all_asset_keys()
    materialized = {e.asset_key for e in result.get_asset_materialization_events()}
    assert materialized == set(all_assets) - {dg.AssetKey("school_status")}
    # every registry school got its page, in one run
    with duckdb.connect(str(tmp_path / "warehouse" / "edu.duckdb"), read_only=True) as db:
        codes = db.execute("SELECT school_code FROM marts.dim_school").fetchall()
    registry = {code for (code,) in codes}
    assert set(schools) == registry
    assert {e.partition for e in pages.get_asset_materialization_events()} == set(schools)
    evaluations = result.get_asset_check_evaluations()
    assert {e.check_name for e in evaluations} >= {
        "registry_present", "files_readable", "row_accounting", "published_contract",
        "quality_correct", "quality_complete", "quality_clean", "quality_fresh",
        *(f"{d}_{m}" for d in ("students", "teachers") for m in
          ("correct", "complete", "clean", "fresh")),
        "registry_correct", "registry_complete", "registry_clean",
        "fees_correct", "fees_complete", "fees_clean"}  # fmt: skip
    blocking = [e for e in evaluations if e.severity == dg.AssetCheckSeverity.ERROR]
    assert blocking and all(e.passed for e in blocking)
    assert (tmp_path / "warehouse" / "edu.duckdb").exists()
    assert (tmp_path / "warehouse" / "data_docs" / "index.html").exists()


def test_nightly_schedule_runs_the_province_job_at_one_in_the_morning(definitions):
    schedule = definitions.resolve_schedule_def("nightly_province_run")
    assert schedule.cron_schedule == "0 1 * * *"
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"
    assert schedule.job_name == "province_job"
