"""The real `dagster-daemon` of an installed server fires the nightly schedule and the run succeeds.

The server is installed by `deploy/install.sh` into an empty folder; its environment file
moves the nightly run to every minute (`EDU_NIGHTLY_CRON`, the operator's setting), so the
schedule is due within a minute instead of at 01:00. The daemon is started with its unit's
command. The raw-folder sensor sees the same new files and asks for a run too: the instance's
queue (one writer run at a time) must keep the two from overlapping.
"""

import itertools
import time

import dagster as dg
from installed_server import install, service, unit_environment, wait_for

from edu_pipeline.demo import generate_province
from edu_pipeline.publish.releases import current_release, verify
from edu_pipeline.server.history import FINISHED
from edu_pipeline.server.install import ServerLayout

SCHEDULE_TAG = "dagster/schedule_name"


def _scheduled_run(home: str) -> dg.DagsterRun | None:
    with dg.DagsterInstance.from_config(home) as instance:
        runs = instance.get_runs(dg.RunsFilter(tags={SCHEDULE_TAG: "nightly_province_run"}))
    return runs[0] if runs and runs[0].status in FINISHED else None


def _writer_runs(home: str) -> list[tuple[float, float, str]]:
    """(start, end, run id) of every run that started, in order of start."""
    with dg.DagsterInstance.from_config(home) as instance:
        records = instance.get_run_records(dg.RunsFilter(tags={"edu/writer": "warehouse"}))
    return sorted((r.start_time, r.end_time or time.time(), r.dagster_run.run_id)
                  for r in records if r.start_time)  # fmt: skip


def test_the_daemon_launches_the_due_schedule_and_the_run_publishes(tmp_path):
    raw = tmp_path / "raw"
    generate_province(raw, schools=3, students_per_school=20, seed=11)
    layout = ServerLayout(tmp_path / "server")
    assert install(layout.prefix, "--raw-dir", str(raw)).returncode == 0
    with layout.env_file.open("a") as settings:
        settings.write('EDU_NIGHTLY_CRON="* * * * *"\nEDU_AS_OF=2026-03-26\n')
    env = unit_environment(layout)
    log = tmp_path / "daemon.log"
    with service(layout, "edu-pipeline-daemon.service", env, log) as daemon:
        run = wait_for(lambda: _scheduled_run(env["DAGSTER_HOME"]), 600, "a scheduled run",
                       daemon, log)  # fmt: skip
        spans = _writer_runs(env["DAGSTER_HOME"])
    assert run.job_name == "province_job"
    assert run.status == dg.DagsterRunStatus.SUCCESS, log.read_text()[-3000:]
    release = current_release(layout.warehouse)
    assert release is not None and verify(release) == []
    # the sensor's run and the schedule's (one a minute while the first ran) took turns
    assert len(spans) >= 2
    assert [(a[2], b[2]) for a, b in itertools.pairwise(spans) if b[0] < a[1]] == []
