"""The writer lease: one run writes a warehouse at a time, and a dead run never blocks the next.

Holders are real processes (a `sleep` child, killed or left alive); several processes race
for the lease and the test checks that no two ever held it at once.
"""

import json
import multiprocessing
import os
import subprocess
import time
from pathlib import Path

import pytest

from edu_pipeline.resources import _run_pid
from edu_pipeline.writer_lease import (
    LEASE_FILE,
    WarehouseBusy,
    acquire,
    current_writer,
    process_identity,
    read_holder,
    release,
    wait_until_free,
)


@pytest.fixture
def live_process():
    child = subprocess.Popen(["sleep", "60"])
    yield child
    child.kill()
    child.wait()


def _held_by(folder: Path, pid: int, run_id: str = "other-run") -> None:
    acquire(folder, run_id, "province_job", pid)


def test_a_free_warehouse_is_taken_fresh_and_again_by_the_same_run(tmp_path):
    taken: list[str] = []
    first = acquire(tmp_path, "run-1", "province_job", os.getpid(),
                    on_take=lambda: taken.append("sweep"))  # fmt: skip
    again = acquire(tmp_path, "run-1", "province_job", os.getpid(),
                    on_take=lambda: taken.append("sweep again"))  # fmt: skip
    assert (first.fresh, again.fresh) == (True, False)
    assert taken == ["sweep"]  # a dead run's files are cleared once, by the run's first step
    assert read_holder(tmp_path).run_id == "run-1"


def test_another_live_run_makes_this_one_stop_with_a_clear_message(tmp_path, live_process):
    _held_by(tmp_path, live_process.pid)
    started = time.monotonic()
    with pytest.raises(WarehouseBusy) as busy:
        acquire(tmp_path, "run-2", "school_job", os.getpid(), wait_seconds=0.5)
    assert 0.5 <= time.monotonic() - started < 5
    assert "another run is writing the warehouse: run other-ru (province_job" in str(busy.value)
    assert "stopped without writing anything" in str(busy.value)
    assert read_holder(tmp_path).run_id == "other-run"  # untouched


def test_a_killed_run_leaves_no_stale_lease(tmp_path, live_process):
    _held_by(tmp_path, live_process.pid)
    live_process.kill()
    live_process.wait()
    assert acquire(tmp_path, "run-2", "province_job", os.getpid(), wait_seconds=0).fresh


def test_a_reused_pid_is_another_process(tmp_path, live_process):
    _held_by(tmp_path, live_process.pid)
    lease = json.loads((tmp_path / LEASE_FILE).read_text())
    # as after a power cut: the same pid, started at another time (or in another boot)
    lease["process"] = lease["process"].rsplit(":", 1)[0] + ":1"
    (tmp_path / LEASE_FILE).write_text(json.dumps(lease))
    assert acquire(tmp_path, "run-2", "province_job", os.getpid()).fresh


def test_a_run_dagster_says_ended_no_longer_holds_it(tmp_path, live_process):
    _held_by(tmp_path, live_process.pid)
    ended = {"other-run"}
    lease = acquire(tmp_path, "run-2", "province_job", os.getpid(), run_ended=ended.__contains__)
    assert lease.fresh


def test_a_holder_on_another_machine_counts_as_alive(tmp_path):
    _held_by(tmp_path, os.getpid())
    lease = json.loads((tmp_path / LEASE_FILE).read_text())
    (tmp_path / LEASE_FILE).write_text(json.dumps({**lease, "host": "another-server"}))
    with pytest.raises(WarehouseBusy):
        acquire(tmp_path, "run-2", "province_job", os.getpid(), wait_seconds=0)


@pytest.mark.parametrize("content", ["", "{", '{"run_id": "x"}', "[1, 2]"])
def test_a_torn_lease_file_holds_nothing(tmp_path, content):
    (tmp_path / LEASE_FILE).write_text(content)
    assert current_writer(tmp_path) is None
    assert acquire(tmp_path, "run-2", "province_job", os.getpid()).fresh


def test_a_waiting_run_goes_on_when_the_writer_ends(tmp_path):
    writer = subprocess.Popen(["sleep", "1.5"])
    _held_by(tmp_path, writer.pid)
    waits: list[float] = []
    lease = acquire(tmp_path, "run-2", "province_job", os.getpid(), wait_seconds=30,
                    on_wait=lambda holder, waited: waits.append(waited))  # fmt: skip
    writer.wait()
    assert lease.fresh and waits and waits[0] == pytest.approx(0, abs=0.5)


def test_wait_until_free_returns_at_once_on_a_free_warehouse_and_gives_up_on_a_busy_one(
    tmp_path, live_process
):
    wait_until_free(tmp_path, 0, lambda holder, waited: None)
    _held_by(tmp_path, live_process.pid)
    with pytest.raises(WarehouseBusy):
        wait_until_free(tmp_path, 0.3, lambda holder, waited: None)


def test_release_frees_only_its_own_run(tmp_path):
    _held_by(tmp_path, os.getpid(), "run-1")
    assert not release(tmp_path, "run-2")
    assert release(tmp_path, "run-1")
    assert current_writer(tmp_path) is None


def test_process_identity_tells_processes_apart(live_process):
    assert process_identity(os.getpid()) == process_identity(os.getpid())
    assert process_identity(live_process.pid) not in ("", process_identity(os.getpid()))


def _contend(folder: str, run_id: str, log: str) -> None:
    acquire(Path(folder), run_id, "province_job", os.getpid(), wait_seconds=60)
    with open(log, "a") as out:
        out.write(f"{run_id} start {time.monotonic()}\n")
    time.sleep(0.2)
    with open(log, "a") as out:
        out.write(f"{run_id} end {time.monotonic()}\n")
    release(Path(folder), run_id)


def test_racing_runs_hold_it_one_after_another(tmp_path):
    log = tmp_path / "log.txt"
    context = multiprocessing.get_context("spawn")
    racers = [context.Process(target=_contend, args=(str(tmp_path / "wh"), f"run-{i}", str(log)))
              for i in range(5)]  # fmt: skip
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(90)
    events = [line.split() for line in log.read_text().splitlines()]
    assert len(events) == 10
    # each start is followed by the same run's end: no two held the lease together
    for start, end in zip(events[::2], events[1::2], strict=True):
        assert (start[1], end[1], start[0]) == ("start", "end", end[0])


def _report_run_pid(queue) -> None:
    queue.put(_run_pid())


def test_a_step_process_names_the_process_that_runs_the_run():
    """Dagster's multiprocess executor runs each step in a child of the run worker: the lease
    names the run worker, which lives as long as the run."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_report_run_pid, args=(queue,))
    child.start()
    assert queue.get(timeout=60) == os.getpid()
    child.join(30)
    assert _run_pid() == os.getpid()  # an in-process run: this process
