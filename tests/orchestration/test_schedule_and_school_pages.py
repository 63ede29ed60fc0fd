"""The nightly schedule's time, and one run for every school's page after a province run."""

import dagster as dg
import pytest

from edu_pipeline.definitions import defs
from edu_pipeline.orchestration.jobs import RANGE_END, RANGE_START
from edu_pipeline.orchestration.schedules import nightly_schedule
from edu_pipeline.orchestration.sensors import school_status_after_province
from edu_pipeline.resources import PipelineSettings


def test_nightly_at_one_in_dak_lak_even_without_new_files():
    schedule = nightly_schedule()
    assert (schedule.cron_schedule, schedule.execution_timezone) == (
        "0 1 * * *", "Asia/Ho_Chi_Minh")
    assert schedule.job_name == "province_job"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    # the schedule asks for no condition: it runs every night, changed files or not
    context = dg.build_schedule_context(scheduled_execution_time=None)
    (request,) = schedule.evaluate_tick(context).run_requests
    assert request.job_name in (None, "province_job")


def test_the_server_may_move_the_nightly_run(monkeypatch):
    monkeypatch.setenv("EDU_NIGHTLY_CRON", "30 2 * * *")
    assert nightly_schedule(PipelineSettings.from_env().nightly_cron).cron_schedule == "30 2 * * *"
    monkeypatch.setenv("EDU_NIGHTLY_CRON", "at two")
    with pytest.raises(ValueError, match="EDU_NIGHTLY_CRON"):
        PipelineSettings.from_env()


def _finished_run(instance: dg.DagsterInstance, published: bool = True):
    """A successful run that published a warehouse, or one that found nothing changed."""

    @dg.asset(name="warehouse")
    def stand_in_warehouse() -> None: ...

    @dg.op
    def noop() -> None: ...

    @dg.job(name="province_job")
    def nothing_changed():
        noop()

    result = (dg.materialize([stand_in_warehouse], instance=instance) if published
              else nothing_changed.execute_in_process(instance=instance))  # fmt: skip
    return result.dagster_run, result.get_run_success_event()


def _evaluate(instance: dg.DagsterInstance, published: bool = True):
    run, event = _finished_run(instance, published)
    context = dg.build_run_status_sensor_context(
        sensor_name="school_status_after_province", dagster_event=event,
        dagster_instance=instance, dagster_run=run)  # fmt: skip
    return run, school_status_after_province(context)


def test_one_run_covers_every_school_page():
    with dg.instance_for_test() as instance:
        assert isinstance(_evaluate(instance)[1], dg.SkipReason)  # no school partition yet
        instance.add_dynamic_partitions("school", ["54000003", "54000001", "54000002"])
        run, request = _evaluate(instance)
    assert request.run_key == run.run_id  # one request per province run, never twice
    assert (request.tags[RANGE_START], request.tags[RANGE_END]) == ("54000003", "54000002")


def test_a_run_that_found_nothing_changed_refreshes_no_page():
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("school", ["54000001"])
        _evaluate(instance)  # an earlier run published
        assert isinstance(_evaluate(instance, published=False)[1], dg.SkipReason)


def test_jobs_sensors_and_schedule_are_in_the_code_location():
    assert {j.name for j in defs.resolve_all_job_defs()} >= {
        "province_job", "school_job", "school_status_job"}
    assert {s.name for s in defs.sensors} == {"raw_folder_sensor", "school_status_after_province"}
    graph = defs.resolve_asset_graph()
    school_status = graph.get(dg.AssetKey("school_status"))
    assert school_status.partitions_def.name == "school"
    assert school_status.backfill_policy == dg.BackfillPolicy.single_run()
