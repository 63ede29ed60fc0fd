"""Write the marts into `edu.duckdb` (schema `marts`) and `parquet/<table>.parquet`.

The contract (`reference/warehouse_contract.csv`) names every table, column and type; each
mart is cast to it, so analysts always find the documented types. Each run writes a new
release and switches to it in one step (`releases.py`): a run that fails or is killed half-way
leaves the last good warehouse as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from edu_pipeline.publish.releases import (
    DATABASE_NAME,
    PARQUET_DIR,
    RELEASES_DIR,
    SCHEMA,
    current_version,
    new_release_folder,
    prune,
    seal,
    switch_to,
)
from edu_pipeline.publish.report import write_quarterly_report
from edu_pipeline.publish.roles import (
    pseudonym_secret,
    write_analytics,
    write_open_data,
)
from edu_pipeline.publish.school_extracts import write_school_extracts
from edu_pipeline.reference import read_reference_csv


@cache
def contract() -> dict[str, list[tuple[str, str]]]:
    """Table -> [(column, DuckDB type)] in contract order."""
    tables: dict[str, list[tuple[str, str]]] = {}
    for row in read_reference_csv("warehouse_contract.csv"):
        tables.setdefault(row["table"], []).append((row["column"], row["type"]))
    return tables


@dataclass(frozen=True)
class PublishedWarehouse:
    database: Path
    parquet_dir: Path
    row_counts: dict[str, int]
    version: str


def publish_marts(
    marts: dict[str, pd.DataFrame | pa.Table],
    warehouse_dir: Path,
    *,
    keep: int = 7,
    as_of: str | None = None,
    input_fingerprint: str | None = None,
) -> PublishedWarehouse:
    """Publish every contract table as a new release and switch to it; keep ``keep`` releases.

    The release also holds the outputs by role (`roles.py`: pseudonymized analytics, open
    aggregates). A missing mart is a programming error. Nothing any user reads changes until
    the one atomic switch at the end (see `releases.py`).
    """
    missing = set(contract()) - set(marts)
    if missing:
        raise ValueError(f"marts missing from publish: {sorted(missing)}")
    version, building = new_release_folder(warehouse_dir)
    try:
        (building / PARQUET_DIR).mkdir()
        counts = {}
        with duckdb.connect(str(building / DATABASE_NAME)) as connection:
            connection.execute(f"CREATE SCHEMA {SCHEMA}")
            for table, columns in contract().items():
                frame = marts[table]
                counts[table] = _write_table(
                    connection, table, columns, frame, building / PARQUET_DIR
                )
            connection.execute("CHECKPOINT")
        write_analytics(building, pseudonym_secret(warehouse_dir))
        write_open_data(building)
        write_school_extracts(building, previous=_current_path(warehouse_dir))
        write_quarterly_report(building)
        seal(building, version, counts, as_of, input_fingerprint)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    switch_to(warehouse_dir, version)
    prune(warehouse_dir, keep)
    return PublishedWarehouse(
        warehouse_dir / DATABASE_NAME, warehouse_dir / PARQUET_DIR, counts, version
    )


def _current_path(warehouse_dir: Path) -> Path | None:
    version = current_version(warehouse_dir)
    return warehouse_dir / RELEASES_DIR / version if version else None


def _write_table(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[tuple[str, str]],
    frame: pd.DataFrame | pa.Table,
    parquet_dir: Path,
) -> int:
    """Create `marts.<table>` with the contract's columns first, then any extra columns.

    An Arrow table (as the stage hands the marts over) is scanned by DuckDB without copying;
    a contract column the frame lacks is published empty.
    """
    present = list(frame.column_names if isinstance(frame, pa.Table) else frame.columns)
    names = {name for name, _ in columns}
    casts = [
        f'CAST({_quoted(name) if name in present else "NULL"} AS {kind}) AS "{name}"'
        for name, kind in columns
    ]
    casts += [_quoted(column) for column in present if column not in names]
    connection.register("incoming", frame)
    connection.execute(f"CREATE TABLE {SCHEMA}.{table} AS SELECT {', '.join(casts)} FROM incoming")
    connection.unregister("incoming")
    target = parquet_dir / f"{table}.parquet"
    connection.execute(f"COPY {SCHEMA}.{table} TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    return len(frame)


def _quoted(column: str) -> str:
    return f'"{column}"'
