"""Parse files in worker processes that a bad file can only cost its own bounded time and memory.

The checks in `limits.py`, `archives.py` and `compound.py` refuse what can be seen in a file's
bytes. What cannot (an old .xls whose records make the reader build a huge grid or ask for
more memory than exists, which aborts the process; a sheet whose header search is slow)
is bounded here: each worker process may use at most `max_memory_mib` of address space (an
allocation beyond it fails inside that worker, or kills it), and a file still being read
after `max_seconds` has its worker killed. Either way the file gets its own finding
(`read_timeout`, `read_crashed`), a fresh worker takes its place, and the other files are
read as usual. `multiprocessing.Pool` replaces a dead worker by itself; each worker reports
which file it starts and when, which is how a stuck or dead worker is matched to its file.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import resource
import signal
import time
from collections.abc import Callable, Iterator
from multiprocessing import forkserver
from typing import Any

from edu_pipeline.ingest.limits import MIB, ReadLimits

_POLL_SECONDS = 0.05
_START_SECONDS = 60.0  # a worker's start-up (imports) is not a file's reading time
_PRELOAD = ["edu_pipeline.ingest.cache"]  # the readers, imported once in the fork server
_started: Any = None  # in a worker: the queue it reports each file's start to


def parse_isolated(
    tasks: list[tuple[str, str]],
    parse: Callable[[str, str, ReadLimits], int],
    refuse: Callable[[str, str], None],
    limits: ReadLimits,
    workers: int,
) -> Iterator[int]:
    """Run `parse(path, entry, limits)` for each `(entry, path)` in `workers` processes.

    Yields once per file as it ends. A file that overruns its time or kills its worker is
    recorded by `refuse(entry, reason)` instead (in this process).
    """
    context = _context()
    started = context.Queue()
    memory = int(limits.max_memory_mib * MIB)
    with context.Pool(min(workers, len(tasks)), _init_worker, (started, memory)) as pool:
        pending = {
            index: pool.apply_async(_parse_one, (index, path, entry, limits, parse))
            for index, (entry, path) in enumerate(tasks)
        }
        running: dict[int, tuple[int, float]] = {}  # file index -> (worker pid, start)
        progress = time.monotonic()
        while pending:
            known = len(running)
            _drain(started, running)
            finished = [i for i, result in pending.items() if result.ready()]
            for index in finished:
                pending.pop(index).get()  # re-raises a bug in parsing, as in-process would
                yield 1
            if finished or len(running) > known:
                progress = time.monotonic()
            overrun = _overrun(running, pending, limits.max_seconds)
            if time.monotonic() - progress > limits.max_seconds + _START_SECONDS:
                # no worker starts a file any more (each dies as it starts): give up on them
                overrun += [(i, "read_crashed") for i in pending if i not in running]
            for index, reason in overrun:
                if index in running:
                    _kill(running.pop(index)[0])
                del pending[index]
                refuse(tasks[index][0], reason)
                yield 1
            time.sleep(_POLL_SECONDS)


def start_reading_workers() -> None:
    """Start the process reading workers are forked from, now, so that its imports (~2 s)
    overlap the work before the first file is parsed (the run's cache lookups).

    A fork server, not a fork of this threaded Dagster process: workers fork from a clean
    single-threaded process that has already imported the readers.
    """
    _context()
    forkserver.ensure_running()


def _context() -> Any:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _init_worker(started: Any, memory_bytes: int) -> None:
    global _started
    _started = started
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _parse_one(
    index: int, path: str, entry: str, limits: ReadLimits, parse: Callable[..., int]
) -> int:
    _started.put((index, os.getpid(), time.monotonic()))
    try:
        return parse(path, entry, limits)
    except MemoryError:  # the worker may be left broken: end it, the parent records the file
        os._exit(1)


def _drain(started: Any, running: dict[int, tuple[int, float]]) -> None:
    while True:
        try:
            index, pid, since = started.get_nowait()
        except queue.Empty:
            return
        running[index] = (pid, since)


def _overrun(
    running: dict[int, tuple[int, float]], pending: dict[int, Any], seconds: float
) -> list[tuple[int, str]]:
    """Files still pending whose worker is dead (`read_crashed`) or late (`read_timeout`)."""
    now = time.monotonic()
    found = []
    for index, (pid, since) in running.items():
        if index not in pending or pending[index].ready():
            continue
        if not _alive(pid):
            found.append((index, "read_crashed"))
        elif now - since > seconds:
            found.append((index, "read_timeout"))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a dead child not yet reaped by the pool is a zombie: dead for our purpose
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
