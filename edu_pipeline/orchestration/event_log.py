"""Dagster's SQLite event log, keeping each database's connection open between events.

Why: Dagster's `SqliteEventLogStorage` builds a SQLAlchemy engine, connects, commits and
disposes of it for every event it stores. That was 4.3 ms an event on the benchmark machine
(`benchmarks/bench_event_log.py`), and one school's run stores ~570 events (each step's start
and end, every input it loads, every output and check): ~2.5 s of a run that should end
within a minute. With the engines kept, an event costs ~1.2 ms. The databases,
tables and migrations stay Dagster's own (`history/runs/*.db` under `DAGSTER_HOME`), so an
instance can switch to this class and back without losing its history.

It relies on two members of the parent that are not public API (`_connect`, `_db_lock`);
dagster is pinned to one minor version (pyproject.toml) and `tests/orchestration/
test_event_log_storage.py` checks the storage end to end. `deploy/dagster.yaml` selects it::

    event_log_storage:
      module: edu_pipeline.orchestration.event_log
      class: PooledSqliteEventLogStorage
      config:
        base_dir: /var/lib/edu-pipeline/dagster/history/runs
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._serdes import ConfigurableClassData
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine

# Databases kept open at once: a run's own and the index, with room for the UI's reads of
# other runs; the least recently used is closed beyond it.
OPEN_DATABASES = 8


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """`SqliteEventLogStorage` with one open engine per database, the last few kept."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(  # ty: ignore[invalid-method-override]
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> PooledSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextlib.contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        # The parent's lock is held for the whole transaction, as in the parent: one
        # connection in use at a time, whichever thread (the UI's event watcher) asks.
        with self._db_lock, self._engine(shard).connect() as connection, connection.begin():
            yield connection

    def _engine(self, shard: str) -> Engine:
        engine = self._engines.pop(shard, None)
        if engine is None:
            engine = create_engine(
                self.conn_string_for_shard(shard),
                pool_size=1,
                max_overflow=2,  # creating a database inspects it on a second connection
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
            )
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
        self._engines[shard] = engine
        while len(self._engines) > OPEN_DATABASES:
            self._engines.popitem(last=False)[1].dispose()
        return engine

    def _close_all(self) -> None:
        with self._db_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()

    def wipe(self) -> None:
        self._close_all()  # the parent deletes the files
        super().wipe()

    def dispose(self) -> None:
        self._close_all()
        super().dispose()
