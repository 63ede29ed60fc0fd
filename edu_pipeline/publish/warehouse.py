"""Write the marts into `edu.duckdb` (schema `marts`) and `parquet/<table>.parquet`.

The contract (`reference/warehouse_contract.csv`) names every table, column and type; each
mart is cast to it, so analysts always find the documented types. A run writes a new database
and a new Parquet folder beside the published ones and swaps them in at the end: a run that
fails half-way leaves the last good warehouse as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from edu_pipeline.reference import read_reference_csv

DATABASE_NAME = "edu.duckdb"
PARQUET_DIR = "parquet"
SCHEMA = "marts"


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


def publish_marts(marts: dict[str, pd.DataFrame], warehouse_dir: Path) -> PublishedWarehouse:
    """Publish every contract table atomically; a missing mart is a programming error."""
    missing = set(contract()) - set(marts)
    if missing:
        raise ValueError(f"marts missing from publish: {sorted(missing)}")
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:8]
    new_database = warehouse_dir / f".{DATABASE_NAME}.{token}.tmp"
    new_parquet = warehouse_dir / f".{PARQUET_DIR}.{token}.tmp"
    new_parquet.mkdir()
    counts = {}
    try:
        with duckdb.connect(str(new_database)) as connection:
            connection.execute(f"CREATE SCHEMA {SCHEMA}")
            for table, columns in contract().items():
                counts[table] = _write_table(connection, table, columns, marts[table], new_parquet)
            connection.execute("CHECKPOINT")
        _swap_in(new_database, warehouse_dir / DATABASE_NAME)
        _swap_in(new_parquet, warehouse_dir / PARQUET_DIR)
    finally:
        new_database.unlink(missing_ok=True)
        shutil.rmtree(new_parquet, ignore_errors=True)
    return PublishedWarehouse(warehouse_dir / DATABASE_NAME, warehouse_dir / PARQUET_DIR, counts)


def _write_table(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    columns: list[tuple[str, str]],
    frame: pd.DataFrame,
    parquet_dir: Path,
) -> int:
    """Create `marts.<table>` with the contract's columns first, then any extra columns."""
    names = [name for name, _ in columns]
    extras = [column for column in frame.columns if column not in names]
    source = frame.reindex(columns=names + extras)
    connection.register("incoming", source)
    casts = [f'CAST("{name}" AS {kind}) AS "{name}"' for name, kind in columns]
    casts += [f'"{column}"' for column in extras]
    connection.execute(f"CREATE TABLE {SCHEMA}.{table} AS SELECT {', '.join(casts)} FROM incoming")
    connection.unregister("incoming")
    target = parquet_dir / f"{table}.parquet"
    connection.execute(f"COPY {SCHEMA}.{table} TO '{target}' (FORMAT parquet, COMPRESSION zstd)")
    return len(source)


def _swap_in(new: Path, published: Path) -> None:
    """Replace `published` by `new` with renames (atomic for a file, two renames for a folder)."""
    if new.is_file():
        os.replace(new, published)
        return
    retired = published.with_name(f".{published.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if published.exists():
        os.replace(published, retired)
    os.replace(new, published)
    shutil.rmtree(retired, ignore_errors=True)
