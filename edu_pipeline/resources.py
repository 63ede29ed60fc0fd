"""Settings and storage shared by every stage, configured from the environment.

`PipelineSettings` is the one typed settings object: folders, the as-of date that freshness
rules use, the tone-mark style of published names. The CLI, the Dagster UI and the tests all
build it from the same environment variables (`EDU_RAW_DIR`, `EDU_WAREHOUSE_DIR`,
`EDU_AS_OF`, `EDU_TONE_STYLE`, `EDU_BACKUP_COUNT`…), so a run from the command line and a run
from the UI see the same configuration.
"""

import datetime as dt
import hashlib
import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

import dagster as dg
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from dagster._utils.schedules import is_valid_cron_string
from pydantic import PrivateAttr, field_validator

from edu_pipeline import leftovers, writer_lease
from edu_pipeline.failures import io_failure_for
from edu_pipeline.incremental import MEMO_ATTR, REUSED_ATTR
from edu_pipeline.ingest.limits import DEFAULT_LIMITS, ReadLimits
from edu_pipeline.privacy import private_dir

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Reading the raw share and writing the warehouse can fail for a moment (a network drive, a
# file still locked by the copy); the steps that do such I/O are retried, twice at most.
# Input metadata: hand this input over as the stored Arrow table (for steps that give it to
# DuckDB or Arrow as it is, without a round trip through pandas).
ARROW_INPUT = "edu_arrow_table"
IO_RETRY = dg.RetryPolicy(max_retries=2, delay=10, backoff=dg.Backoff.EXPONENTIAL)
ENV_PREFIX = "EDU_"
REPO_EXPECTATIONS = Path(__file__).resolve().parent.parent / "expectations"


ArrowAllocator = Literal["jemalloc", "system", "mimalloc"]
_ARROW_POOLS = {"jemalloc": pa.jemalloc_memory_pool, "system": pa.system_memory_pool,
                "mimalloc": pa.mimalloc_memory_pool}  # fmt: skip


def use_arrow_allocator(name: ArrowAllocator) -> None:
    """Allocate Arrow memory with ``name``, in this process and in the processes it starts.

    Why not Arrow's default (mimalloc): it hands freed pages back to the kernel at once, and
    a run allocates and frees hundreds of MB per step, so the next step faults them in again.
    On the benchmark machine a one-school run spent a fifth to a third of its time in the
    kernel, and was 5.5 s faster (median of 3 runs each, alternating) with the C library's
    allocator; jemalloc was as fast, with the lowest peak (docs/BENCHMARKS.md).
    A build of pyarrow without jemalloc (Windows) falls back to the C library's allocator.

    >>> use_arrow_allocator("jemalloc"); pa.default_memory_pool().backend_name
    'jemalloc'
    """
    try:
        pool = _ARROW_POOLS[name]()
    except NotImplementedError:
        name, pool = "system", pa.system_memory_pool()
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = name  # read by pyarrow in reading workers
    pa.set_memory_pool(pool)


class PipelineSettings(dg.ConfigurableResource):
    """Where the pipeline reads and writes, and which day it considers "today"."""

    raw_dir: str = "data/raw"
    warehouse_dir: str = "data/warehouse"
    as_of: str = ""  # YYYY-MM-DD; empty means today in Asia/Ho_Chi_Minh
    tone_style: Literal["old", "new"] = "old"
    expectations_dir: str = str(REPO_EXPECTATIONS)
    show_progress: bool = False  # the CLI turns it on; the UI shows the run instead
    workers: int = 0  # processes for CPU-bound stages; 0 = one per core
    backup_count: int = 7  # published releases kept in <warehouse>/releases/
    stage_memory_mib: int = 1024  # stage tables kept in memory between steps of a run; 0 = off
    writer_wait_minutes: float = 60.0  # a run waits this long for another to finish writing
    nightly_cron: str = "0 1 * * *"  # when the nightly province run starts, Asia/Ho_Chi_Minh
    run_retention_days: int = 180  # finished runs kept in the UI's history (`prune-history`)
    arrow_allocator: ArrowAllocator = "jemalloc"  # Arrow's memory pool (`use_arrow_allocator`)
    # what one input file may cost to read (`ingest/limits.py`); beyond it, a file finding
    max_file_mib: float = DEFAULT_LIMITS.max_file_mib
    max_inflated_mib: float = DEFAULT_LIMITS.max_inflated_mib
    max_compression_ratio: float = DEFAULT_LIMITS.max_compression_ratio
    max_rows: int = DEFAULT_LIMITS.max_rows
    max_cells: int = DEFAULT_LIMITS.max_cells
    max_seconds: float = DEFAULT_LIMITS.max_seconds
    max_memory_mib: float = DEFAULT_LIMITS.max_memory_mib

    @field_validator("nightly_cron")
    @classmethod
    def _a_cron_expression(cls, cron: str) -> str:
        if not is_valid_cron_string(cron):
            raise ValueError(f"EDU_NIGHTLY_CRON must be a cron expression like '0 1 * * *', "
                             f"got {cron!r}")  # fmt: skip
        return cron

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        use_arrow_allocator(self.arrow_allocator)

    @property
    def read_limits(self) -> ReadLimits:
        return ReadLimits(**{f.name: getattr(self, f.name) for f in fields(ReadLimits)})

    @property
    def worker_count(self) -> int:
        return self.workers or os.cpu_count() or 1

    @classmethod
    def from_env(cls) -> "PipelineSettings":
        """Settings from `EDU_*` variables (`EDU_RAW_DIR` sets `raw_dir`…), defaults for the rest.

        >>> PipelineSettings(as_of="2026-03-26").as_of_date
        datetime.date(2026, 3, 26)
        """
        values = {
            name: os.environ[ENV_PREFIX + name.upper()]
            for name in cls.model_fields
            if os.environ.get(ENV_PREFIX + name.upper())
        }
        return cls.model_validate(values)

    @property
    def as_of_date(self) -> dt.date:
        if self.as_of:
            return dt.date.fromisoformat(self.as_of)
        return dt.datetime.now(LOCAL_TZ).date()

    def result_settings(self) -> dict[str, str]:
        """The settings a release's content depends on (not folders, progress or workers)."""
        # a new pseudonym key changes the analytics; only a hash of it is kept
        key = hashlib.sha256(b"edu\0" + os.environ.get("EDU_PSEUDONYM_KEY", "").encode())
        return {
            "as_of": self.as_of_date.isoformat(),
            "tone_style": self.tone_style,
            "expectations_dir": str(self.expectations_path),
            "pseudonym_key": key.hexdigest(),
            "read_limits": self.read_limits.key(),  # what is refused is a result too
        }

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir).resolve()

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse_dir).resolve()

    @property
    def expectations_path(self) -> Path:
        return Path(self.expectations_dir).resolve()

    @property
    def cache_path(self) -> Path:
        """Parsed-file cache; kept beside the warehouse so a fresh clone starts cold."""
        return self.warehouse_path / "_cache"

    @property
    def stage_path(self) -> Path:
        """Intermediate results between assets (Parquet), not for analysts."""
        return self.warehouse_path / "_stage"


class StageParquetIOManager(dg.ConfigurableIOManager):
    """Stores each DataFrame asset as `<stage_dir>/<asset>.parquet`.

    Parquet rather than pickles: intermediate results of 700,000 rows load fast, stay typed,
    and a data officer can open them with DuckDB when a stage looks wrong. A file-local
    stage's memo (`incremental.py`) is stored in the same file's metadata, so both are
    replaced by one rename; a later step gets it back in `attrs`.

    Within one process (the in-process executor: the CLI, tests) the Arrow tables just written
    are also kept, up to `recent_bytes`, and a later step reads its input from memory while
    the file is still the one written (same size and time): the same table, without decoding
    Parquet again (the province's `students` is read by ten steps, ~0.8 s each). The file is
    written by a background thread meanwhile (Arrow's writer leaves the interpreter free: ~5 s
    of a province run done on the second core); a step that must read a file waits for its
    write, a failed write fails the next step, and the run ends only once every file is down.

    The stage folder is one run's at a time: with `lease_dir` set (the warehouse folder), each
    step first takes the writer lease for its run (`writer_lease.py`), waiting up to
    `wait_minutes` for another run to end; the step that takes it fresh first deletes what a
    killed run left half-written (`leftovers.py`).
    """

    stage_dir: str
    recent_bytes: int = 2**30
    lease_dir: str = ""
    wait_minutes: float = 60.0
    _recent: OrderedDict = PrivateAttr(default_factory=OrderedDict)
    _writes: dict = PrivateAttr(default_factory=dict)
    _writer: ThreadPoolExecutor | None = PrivateAttr(default=None)

    def _path(self, context: dg.OutputContext | dg.InputContext) -> Path:
        return Path(self.stage_dir, *context.asset_key.path).with_suffix(".parquet")

    def handle_output(self, context: dg.OutputContext, obj: pd.DataFrame) -> None:
        self._raise_failed_writes()
        path = self._path(context)
        private_dir(Path(self.stage_dir))
        path.parent.mkdir(parents=True, exist_ok=True)
        memo = obj.attrs.pop(MEMO_ATTR, None)
        obj.attrs.pop(REUSED_ATTR, None)
        table = pa.Table.from_pandas(obj, preserve_index=False)
        if memo is not None:
            table = table.replace_schema_metadata(
                {**(table.schema.metadata or {}), MEMO_ATTR.encode(): memo.encode()}
            )
        # one chunk per column, as a Parquet read gives: string operations on a column of
        # thousands of chunks (one per file read) are ~10% slower
        written = _Written(table.combine_chunks())
        self._remember(path, written)
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stage-writer")
        self._writes[path] = self._writer.submit(_write_parquet, path, written)

    def load_input(self, context: dg.InputContext) -> pd.DataFrame | pa.Table:
        """A DataFrame, or the Arrow table itself for an input marked `ARROW_INPUT`."""
        path = self._path(context)
        written = self._recent.get(path)
        if written is not None and (written.state is None or written.state == _file_state(path)):
            self._recent.move_to_end(path)
            table = written.table
        else:
            if path in self._writes:
                self._finish(self._writes.pop(path))
            table = pq.read_table(path)
        if (context.definition_metadata or {}).get(ARROW_INPUT):
            return table
        frame = table.to_pandas()  # what pd.read_parquet gives for the same table
        memo = (table.schema.metadata or {}).get(MEMO_ATTR.encode())
        if memo is not None:  # a later stage may rely on what this one found unchanged
            frame.attrs[MEMO_ATTR] = memo.decode()
        return frame

    def flush(self) -> None:
        """Wait until every file written so far is on disk; raise the first failed write."""
        writes, self._writes = self._writes, {}
        for future in writes.values():
            self._finish(future)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        if self.lease_dir and context.dagster_run is not None:
            _hold_writer_lease(context, Path(self.lease_dir), self.wait_minutes)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self.flush()
        # the process that runs the whole run (in-process executor) ends it; in a step process
        # of the multiprocess executor, the run worker's exit does
        if self.lease_dir and context.dagster_run is not None and _run_pid() == os.getpid():
            writer_lease.release(Path(self.lease_dir), context.run_id)

    def _raise_failed_writes(self) -> None:
        for path, future in list(self._writes.items()):
            if future.done():
                del self._writes[path]
                self._finish(future)

    def _finish(self, write: Future) -> None:
        """A stage table written, or a failure that says why (a full disk, most likely)."""
        with io_failure_for(Path(self.stage_dir), "ghi dữ liệu trung gian / writing stage tables"):
            write.result()

    def _remember(self, path: Path, written: "_Written") -> None:
        self._recent.pop(path, None)
        if written.table.nbytes > self.recent_bytes:
            return
        self._recent[path] = written
        while sum(w.table.nbytes for w in self._recent.values()) > self.recent_bytes:
            self._recent.popitem(last=False)


def _hold_writer_lease(context: dg.InitResourceContext, folder: Path, minutes: float) -> None:
    def say(holder: writer_lease.Holder, waited: float) -> None:
        context.log.warning(f"waiting for {holder.describe()} to finish writing {folder}")

    def clear_leftovers() -> None:
        removed = leftovers.sweep(folder)
        if removed:
            context.log.info(f"removed {len(removed)} temporary files left by an interrupted run")

    writer_lease.acquire(
        folder, context.run_id, context.dagster_run.job_name, _run_pid(),
        run_ended=dagster_run_ended(context.instance), wait_seconds=minutes * 60,
        on_wait=writer_lease.once_a_minute(say), on_take=clear_leftovers,
    )  # fmt: skip


def _run_pid() -> int:
    """The process that runs this run: the run worker for a step process of the multiprocess
    executor, else this one."""
    parent = multiprocessing.parent_process()
    return parent.pid if parent is not None and parent.pid else os.getpid()


def dagster_run_ended(instance: dg.DagsterInstance | None) -> Callable[[str], bool]:
    """Whether a run of ``instance`` is over (False for a run it does not know)."""

    def ended(run_id: str) -> bool:
        run = instance.get_run_by_id(run_id) if instance is not None else None
        return run is not None and run.is_finished

    return ended


@dataclass
class _Written:
    """A table handed to the writer; `state` is its file's (size, time) once it is down."""

    table: pa.Table
    state: tuple[int, int] | None = None


def _write_parquet(path: Path, written: _Written) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        pq.write_table(written.table, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    written.state = _file_state(path)


def _file_state(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns
