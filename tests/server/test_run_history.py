"""Finished runs older than the retention are deleted with their output; waiting for quiet."""

import datetime as dt
import os
from pathlib import Path

import dagster as dg
import pytest

from edu_pipeline import writer_lease
from edu_pipeline.server.history import prune, runs_in_progress, wait_until_idle


@dg.op
def say_something(context: dg.OpExecutionContext) -> None:
    print("captured output of a step")  # kept by the compute log manager


@dg.job
def small_job() -> None:
    say_something()


@pytest.fixture
def instance(tmp_path: Path):
    with dg.instance_for_test(temp_dir=str(tmp_path)) as instance:
        yield instance


def _started_run(instance: dg.DagsterInstance) -> dg.DagsterRun:
    run = instance.create_run_for_job(small_job)
    instance.handle_run_event(run.run_id, dg.DagsterEvent(
        event_type_value="PIPELINE_START", job_name=run.job_name))  # fmt: skip
    return instance.get_run_by_id(run.run_id)


def _log_folders(instance: dg.DagsterInstance) -> set[str]:
    base = Path(instance.compute_log_manager._base_dir)
    return {p.name for p in base.iterdir()} if base.exists() else set()


def test_runs_younger_than_the_retention_are_kept(instance):
    ran = [small_job.execute_in_process(instance=instance).run_id for _ in range(3)]
    assert prune(instance, keep_days=1) == 0
    assert {r.run_id for r in instance.get_runs()} == set(ran)


def test_finished_runs_past_the_retention_go_with_their_output(instance):
    finished = small_job.execute_in_process(instance=instance).run_id
    failed = instance.create_run_for_job(small_job)
    instance.report_run_failed(failed)
    in_progress = _started_run(instance)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=181)
    assert finished in _log_folders(instance)
    assert prune(instance, keep_days=180, now=later) == 2
    assert [r.run_id for r in instance.get_runs()] == [in_progress.run_id]
    assert finished not in _log_folders(instance)
    assert instance.get_records_for_run(finished).records == []


def test_waits_for_a_run_in_progress(instance, tmp_path):
    run = _started_run(instance)
    said = []
    assert runs_in_progress(instance) == [run.run_id]
    assert not wait_until_idle(instance, tmp_path, minutes=0, say=said.append)
    instance.report_run_failed(run)
    assert wait_until_idle(instance, tmp_path, minutes=0)


def test_waits_for_a_writer_outside_dagster(instance, tmp_path):
    lease = writer_lease.acquire(tmp_path, "cli-run", "province_job", os.getpid())
    assert not wait_until_idle(instance, tmp_path, minutes=0)
    writer_lease.release(tmp_path, lease.holder.run_id)
    assert wait_until_idle(instance, tmp_path, minutes=0)
