"""`schools/<school_code>/<table>.parquet`: each registry school's own rows and findings only.

DuckDB writes each table partitioned by school in one pass; the files are then renamed into
one folder per school (a loop over 1,379 schools × tables would cost a query each).

Why extracts are reused: writing ~15,000 files is the slowest part of a publish (~10 s for the
province), and when one school resubmits, the other 1,378 schools' extracts come out the same.
Each extract's content is summarised by DuckDB as a row count and a sum of row hashes (order
does not matter: the rows are the same rows), with the table's column types; an extract whose
summary equals the previous release's is hard-linked from it (releases are never written in
place, and pruning an old release only drops its own links), the others are written anew.

Example::

    write_school_extracts(building, previous=warehouse / "current")
    # building/schools/54100797/dim_student.parquet, … and building/school_extracts.json
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb

from edu_pipeline.publish.releases import SCHEMA
from edu_pipeline.publish.roles import analytics_policy

SCHOOLS_DIR = "schools"
# table -> school -> content summary, beside the extracts, read by the next release
DIGESTS_FILE = "school_extracts.json"


def write_school_extracts(release: Path, previous: Path | None = None) -> int:
    """Write (or link from ``previous``) every school's extracts; return how many were linked."""
    out = release / SCHOOLS_DIR
    out.mkdir()
    with duckdb.connect(str(release / "edu.duckdb"), read_only=True) as source:
        digests = {table: _digests(source, table) for table in _school_tables()}
        reusable = _reusable(digests, previous)
        linked = _link(reusable, previous, out) if previous is not None else 0
        changed = {
            table: sorted(set(by_school) - reusable.get(table, set()))
            for table, by_school in digests.items()
        }
        _write(source, changed, release, out)
    (release / DIGESTS_FILE).write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")
    return linked


def _school_tables() -> list[str]:
    return [table for table, columns in analytics_policy().items() if "school_code" in columns]


def _digests(source: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """School -> rows and sum of row hashes of its extract (registry schools only)."""
    types = source.execute(
        "SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY column_index) "
        "FROM duckdb_columns() WHERE schema_name = ? AND table_name = ?", [SCHEMA, table]
    ).fetchone()[0]  # fmt: skip
    rows = source.execute(
        f"SELECT school_code, count(*), sum(hash(*COLUMNS(*))) FROM {SCHEMA}.{table} "
        f"WHERE school_code IN (SELECT school_code FROM {SCHEMA}.dim_school) GROUP BY ALL"
    ).fetchall()
    layout = hashlib.blake2b(f"{types}|{duckdb.__version__}".encode(), digest_size=8).hexdigest()
    return {code: f"{count}:{total}:{layout}" for code, count, total in rows}


def _reusable(digests: dict[str, dict[str, str]], previous: Path | None) -> dict[str, set[str]]:
    """Table -> schools whose extract the previous release holds with the same content."""
    try:
        path = previous / DIGESTS_FILE  # type: ignore[operator]
        before = json.loads(path.read_text(encoding="utf-8"))
    except (TypeError, OSError, ValueError):
        return {}
    return {
        table: {code for code, digest in by_school.items()
                if before.get(table, {}).get(code) == digest}
        for table, by_school in digests.items()
    }  # fmt: skip


def _link(reusable: dict[str, set[str]], previous: Path, out: Path) -> int:
    linked = 0
    for table, schools in reusable.items():
        for code in list(schools):
            folder = out / code
            folder.mkdir(exist_ok=True)
            try:
                os.link(previous / SCHOOLS_DIR / code / f"{table}.parquet",
                        folder / f"{table}.parquet")  # fmt: skip
            except OSError:  # gone, or another file system: write it instead
                schools.discard(code)
                continue
            linked += 1
    return linked


def _write(
    source: duckdb.DuckDBPyConnection, changed: dict[str, list[str]], release: Path, out: Path
) -> None:
    staging = release / f".{SCHOOLS_DIR}.partitions"
    staging.mkdir()
    for table, schools in changed.items():
        if not schools:
            continue
        source.execute("CREATE OR REPLACE TEMP TABLE wanted AS SELECT unnest(?) AS school_code",
                       [schools])  # fmt: skip
        source.execute(
            f"COPY (SELECT * FROM {SCHEMA}.{table} WHERE school_code IN "
            f"(SELECT school_code FROM wanted)) TO '{staging / table}' "
            "(FORMAT parquet, PARTITION_BY (school_code), WRITE_PARTITION_COLUMNS true)"
        )
    for part in staging.glob("*/school_code=*/*.parquet"):
        table, school = part.parent.parent.name, part.parent.name.removeprefix("school_code=")
        folder = out / school
        folder.mkdir(parents=True, exist_ok=True)
        part.rename(folder / f"{table}.parquet")
    shutil.rmtree(staging, ignore_errors=True)
