"""The run history's upkeep, and waiting until no run is in progress.

Dagster keeps every run, its events and its captured output until deleted; OSS Dagster has
no retention for runs (`retention:` in dagster.yaml covers schedule and sensor ticks only).
`prune` deletes finished runs older than `EDU_RUN_RETENTION_DAYS`, with their captured
output; a weekly systemd timer calls it. The warehouse's releases are not touched.

`wait_until_idle` is what an operator waits for before stopping the services (an upgrade, a
restore drill): no run started, starting or being cancelled, and no writer lease held.

    >>> FINISHED[:2]
    (<DagsterRunStatus.SUCCESS: 'SUCCESS'>, <DagsterRunStatus.FAILURE: 'FAILURE'>)
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from edu_pipeline.writer_lease import current_writer

FINISHED = (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE,
            dg.DagsterRunStatus.CANCELED)  # fmt: skip
IN_PROGRESS = (dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED,
               dg.DagsterRunStatus.CANCELING)  # fmt: skip


def prune(instance: dg.DagsterInstance, keep_days: int, now: dt.datetime | None = None) -> int:
    """Delete finished runs created more than `keep_days` ago; how many were deleted."""
    now = now or dt.datetime.now(dt.UTC)
    old = dg.RunsFilter(statuses=list(FINISHED), created_before=now - dt.timedelta(days=keep_days))
    deleted = 0
    while records := instance.get_run_records(filters=old, limit=500):
        for record in records:
            run_id = record.dagster_run.run_id
            instance.compute_log_manager.delete_logs(prefix=[run_id])
            instance.delete_run(run_id)
            deleted += 1
    return deleted


def runs_in_progress(instance: dg.DagsterInstance) -> list[str]:
    """Ids of the runs started, starting or being cancelled."""
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=list(IN_PROGRESS)))
    return [record.dagster_run.run_id for record in records]


def wait_until_idle(instance: dg.DagsterInstance, warehouse: Path, minutes: float,
                    say: Callable[[str], None] = print) -> bool:  # fmt: skip
    """Wait until no run is in progress and nobody writes `warehouse`; False on timeout."""
    deadline = time.monotonic() + minutes * 60
    said = ""
    while True:
        busy = [f"run {run_id}" for run_id in runs_in_progress(instance)]
        holder = current_writer(warehouse)
        if holder is not None:
            busy.append(holder.describe())
        if not busy:
            return True
        if time.monotonic() >= deadline:
            return False
        if ", ".join(busy) != said:
            said = ", ".join(busy)
            say(f"waiting for {said} to finish")
        time.sleep(5)
