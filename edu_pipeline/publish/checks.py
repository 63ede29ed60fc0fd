"""Checks on what analysts will read: the published DuckDB file, opened read-only.

They go through `DuckDBResource` with `access_mode=READ_ONLY`, so they run while analysts hold
read-only connections to the same file.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from edu_pipeline.publish.warehouse import SCHEMA, contract

_LOST_ROWS = """
    SELECT count(*) FROM {schema}.{singular}_source_rows r
    WHERE r.{singular}_key IS NULL AND NOT EXISTS (
        SELECT 1 FROM {schema}.dq_issues i
        WHERE i.action = 'quarantined' AND i.source_file = r.source_file
          AND coalesce(i.sheet, '') = coalesce(r.sheet, '') AND i.source_row = r.source_row)
"""


@dg.asset_check(
    asset="warehouse",
    description="Kho đã công bố đúng hợp đồng dữ liệu / The published edu.duckdb holds every "
    "contract table with its columns, and every source row has a person key or a quarantine "
    "finding. A failure is a pipeline bug: tell the developers; analysts keep the last good "
    "warehouse from the backups.",
)
def published_contract(warehouse_db: DuckDBResource) -> dg.AssetCheckResult:
    with warehouse_db.get_connection() as connection:
        found = connection.execute(
            "SELECT table_name, list(column_name ORDER BY ordinal_position) "
            "FROM information_schema.columns WHERE table_schema = ? GROUP BY table_name",
            [SCHEMA],
        ).fetchall()
        lost = {
            singular: connection.execute(
                _LOST_ROWS.format(schema=SCHEMA, singular=singular)
            ).fetchone()[0]
            for singular in ("student", "teacher")
        }
    columns = dict(found)
    broken = [
        table
        for table, expected in contract().items()
        if columns.get(table, [])[: len(expected)] != [name for name, _ in expected]
    ]
    return dg.AssetCheckResult(
        passed=not broken and not any(lost.values()),
        metadata={
            "tables": len(columns),
            "tables_off_contract": ", ".join(broken) or "none",
            **{f"{singular}_rows_lost": int(n) for singular, n in lost.items()},
        },
    )
