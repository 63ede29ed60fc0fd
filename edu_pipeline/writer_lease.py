"""One writer at a time: a lease on the warehouse folder, held by one run.

The nightly schedule, the raw-folder sensor, an officer's "Materialize" in the UI and
`edu-pipeline run` all write the same folder: the stage tables between steps (`_stage/`), the
parse cache, the releases. Two runs interleaving there would read each other's half-finished
stage tables. So the first step of a run takes a lease on the folder, and a run that finds it
held by another run waits until that run is gone, or stops with a clear message after
`writer_wait_minutes`.

Why not a lock file held open (`flock`) for the run: Dagster's multiprocess executor runs each
step in its own process, so no process of ours lives exactly as long as the run. The lease
names the run and the process that runs it (the run worker, or the command for an in-process
run); every step of that run takes it again. Nobody has to release it for it to be free: it is
free once its process is gone (pid, start time and boot id from `/proc`, so neither a reused
pid nor a power cut keeps it), or once Dagster says its run ended. A killed run therefore never
leaves a stale lock. The lease file itself is only read and written under an `flock`, which
the kernel drops with its process.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> acquire(folder, "run-a", "province_job", os.getpid()).fresh
    True
    >>> acquire(folder, "run-a", "province_job", os.getpid()).fresh  # the same run's next step
    False
    >>> release(folder, "run-a")
    True
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

LEASE_FILE, GUARD_FILE = ".writer-lease.json", ".writer-lease.lock"
POLL_SECONDS = 2.0


@dataclass(frozen=True)
class Holder:
    """Who writes the warehouse: a run, the process running it, since when."""

    run_id: str
    job: str
    pid: int
    process: str  # boot id and start time of `pid`: a reused pid is another process
    host: str
    since: str  # ISO time, UTC

    def describe(self) -> str:
        where = f"pid {self.pid} on {self.host}"
        return f"run {self.run_id[:8]} ({self.job}, {where}, since {self.since})"


@dataclass(frozen=True)
class Lease:
    holder: Holder
    fresh: bool  # taken now, not already this run's: the previous writer is gone


class WarehouseBusy(RuntimeError):
    """Another run kept the warehouse longer than this run was willing to wait."""

    def __init__(self, holder: Holder, waited_seconds: float) -> None:
        self.holder = holder
        super().__init__(
            f"another run is writing the warehouse: {holder.describe()}; this run waited "
            f"{waited_seconds / 60:.1f} min and stopped without writing anything"
        )


def acquire(
    warehouse_dir: Path,
    run_id: str,
    job: str,
    pid: int,
    *,
    run_ended: Callable[[str], bool] = lambda run_id: False,
    wait_seconds: float = 0.0,
    on_wait: Callable[[Holder, float], None] = lambda holder, waited: None,
    on_take: Callable[[], None] = lambda: None,
) -> Lease:
    """Take the lease for ``run_id`` (run by process ``pid``), waiting up to ``wait_seconds``
    while another live run holds it; `WarehouseBusy` after that. ``run_ended`` asks the
    orchestrator whether a run is over, for a holder whose process this machine cannot see.
    ``on_take`` runs when the lease is taken fresh, before any other step of the run can
    take it too (clearing a dead run's files while a sibling step writes its own would not
    do)."""
    started = time.monotonic()
    while True:
        with _guard(warehouse_dir):
            holder = read_holder(warehouse_dir)
            if holder is not None and holder.run_id == run_id:
                return Lease(holder, fresh=False)
            if holder is None or not _alive(holder, run_ended):
                on_take()
                mine = Holder(run_id, job, pid, process_identity(pid), socket.gethostname(),
                              dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))  # fmt: skip
                _write(warehouse_dir, mine)
                return Lease(mine, fresh=True)
        waited = time.monotonic() - started
        if waited >= wait_seconds:
            raise WarehouseBusy(holder, waited)
        on_wait(holder, waited)
        time.sleep(min(POLL_SECONDS, max(wait_seconds - waited, 0.05)))


def wait_until_free(
    warehouse_dir: Path,
    wait_seconds: float,
    on_wait: Callable[[Holder, float], None],
    run_ended: Callable[[str], bool] = lambda run_id: False,
) -> None:
    """Return once no live run holds the lease (a command about to start a run says why it
    waits); `WarehouseBusy` after ``wait_seconds``. The run itself then takes the lease."""
    started = time.monotonic()
    while (holder := current_writer(warehouse_dir, run_ended)) is not None:
        waited = time.monotonic() - started
        if waited >= wait_seconds:
            raise WarehouseBusy(holder, waited)
        on_wait(holder, waited)
        time.sleep(min(POLL_SECONDS, max(wait_seconds - waited, 0.05)))


def once_a_minute(say: Callable[[Holder, float], None]) -> Callable[[Holder, float], None]:
    """An ``on_wait`` that says so at once, then once a minute (waits poll every 2 s)."""
    said: list[float] = []

    def on_wait(holder: Holder, waited: float) -> None:
        if not said or waited - said[-1] >= 60:
            said.append(waited)
            say(holder, waited)

    return on_wait


def release(warehouse_dir: Path, run_id: str) -> bool:
    """Give the lease up if ``run_id`` holds it (a run's last process ends it sooner)."""
    with _guard(warehouse_dir):
        holder = read_holder(warehouse_dir)
        if holder is None or holder.run_id != run_id:
            return False
        (warehouse_dir / LEASE_FILE).unlink(missing_ok=True)
        return True


def current_writer(warehouse_dir: Path, run_ended: Callable[[str], bool] = lambda _: False
                   ) -> Holder | None:  # fmt: skip
    """The live run holding the warehouse, if any (for `status` and a waiting command)."""
    holder = read_holder(warehouse_dir)
    return holder if holder is not None and _alive(holder, run_ended) else None


def read_holder(warehouse_dir: Path) -> Holder | None:
    try:
        return Holder(**json.loads((warehouse_dir / LEASE_FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):  # none, or torn by a crash: nobody holds it
        return None


def process_identity(pid: int) -> str:
    """`<boot id>:<start time in clock ticks>` of a live process; "" for a dead one (a zombie
    is dead: a killed run worker whose parent has not reaped it yet) or without `/proc`."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return ""
    state, start_ticks = fields[0], fields[19]  # fields 3 and 22 of proc(5)
    return "" if state in ("Z", "X") else f"{boot}:{start_ticks}"


def _alive(holder: Holder, run_ended: Callable[[str], bool]) -> bool:
    if run_ended(holder.run_id):
        return False
    if holder.host != socket.gethostname():  # its process is not ours to see
        return True
    if holder.process:
        return process_identity(holder.pid) == holder.process
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _write(warehouse_dir: Path, holder: Holder) -> None:
    tmp = warehouse_dir / f"{LEASE_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(asdict(holder)), encoding="utf-8")
    os.replace(tmp, warehouse_dir / LEASE_FILE)


@contextmanager
def _guard(warehouse_dir: Path) -> Iterator[None]:
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    with open(warehouse_dir / GUARD_FILE, "a+b") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)  # dropped by the kernel if this process dies
        try:
            yield
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)
