"""The server's event log (`PooledSqliteEventLogStorage`, selected by `deploy/dagster.yaml`)
stores what Dagster's own stores, in the same files, and keeps only a few databases open."""

import threading
from pathlib import Path

import dagster as dg
import pytest

from edu_pipeline.orchestration.event_log import OPEN_DATABASES, PooledSqliteEventLogStorage
from edu_pipeline.server.install import render


@dg.asset
def pupils_counted() -> int:
    return 3


@dg.asset_check(asset=pupils_counted)
def pupils_counted_is_positive(pupils_counted: int) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=pupils_counted > 0)


def _server_home(tmp_path: Path) -> Path:
    home = tmp_path / "dagster"
    home.mkdir()
    (home / "dagster.yaml").write_text(render("dagster.yaml", {"DAGSTER_HOME": str(home)}))
    return home


def _events(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [e.dagster_event.event_type_value for e in instance.all_logs(run_id) if e.dagster_event]


def test_the_server_instance_uses_it_and_dagster_reads_its_history(tmp_path):
    home = _server_home(tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        result = dg.materialize([pupils_counted, pupils_counted_is_positive], instance=instance)
        assert result.success
        stored = _events(instance, result.run_id)
    assert {"ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION", "STEP_SUCCESS"} <= set(stored)

    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")  # Dagster's default
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert type(instance.event_log_storage).__name__ == "SqliteEventLogStorage"
        assert _events(instance, result.run_id) == stored
        latest = instance.get_latest_materialization_event(dg.AssetKey("pupils_counted"))
        assert latest is not None and latest.run_id == result.run_id
        check = instance.event_log_storage.get_latest_asset_check_execution_by_key(
            [dg.AssetCheckKey(dg.AssetKey("pupils_counted"), "pupils_counted_is_positive")]
        )
        assert len(check) == 1


def test_only_the_last_databases_stay_open(tmp_path):
    home = _server_home(tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = [dg.materialize([pupils_counted], instance=instance).run_id for _ in range(10)]
        storage = instance.event_log_storage
        assert len(storage._engines) == OPEN_DATABASES
        assert all(len(_events(instance, run_id)) > 5 for run_id in runs)  # closed ones reopen
        instance.delete_run(runs[-1])
        assert _events(instance, runs[-1]) == []
    assert storage._engines == {}  # the instance closed them


def test_events_from_several_threads_are_all_stored(tmp_path):
    home = _server_home(tmp_path)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        run = instance.get_run_by_id(dg.materialize([pupils_counted], instance=instance).run_id)

        def report(n: int) -> None:
            for i in range(n):
                instance.report_engine_event(f"event {i}", run)

        threads = [threading.Thread(target=report, args=(25,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        engine_events = [e for e in instance.all_logs(run.run_id) if e.message.startswith("event ")]
        assert len(engine_events) == 100


@pytest.mark.parametrize("wipe", ["wipe", "dispose"])
def test_wiping_or_disposing_closes_the_databases(tmp_path, wipe):
    storage = PooledSqliteEventLogStorage(str(tmp_path / "runs"))
    storage.get_logs_for_run("a-run")
    assert "a-run" in storage._engines
    getattr(storage, wipe)()
    assert "a-run" not in storage._engines  # (wiping empties the index: it opens that again)
