"""Every query in docs/analysts.md runs, read-only, on a warehouse the real pipeline built.

Each ```sql block carries a `<!-- db: analytics -->` or `<!-- db: restricted -->` line right
before its fence and is run against that database (one test per query, named by its
heading); it must return at least one row with named columns. `<warehouse>` and `<version>`
are replaced by the test warehouse and its release: it holds a single release, so the
queries over several releases read that one (as an older release, too). The Python snippet
is run with its `WAREHOUSE` pointing at the test warehouse. Nothing is printed: the
warehouse is generated, but results stay in memory all the same.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "analysts.md"
DATABASES = {
    "analytics": Path("analytics") / "edu_analytics.duckdb",
    "restricted": Path("edu.duckdb"),
}
MIN_QUERIES = 8
MARKER = re.compile(r"^<!-- db: (\w+) -->$")
HEADING = re.compile(r"^#{1,6} (.+)$")


@dataclass(frozen=True)
class Block:
    heading: str
    language: str
    db: str | None  # from the marker line right before the fence
    code: str


def guide_blocks(text: str) -> list[Block]:
    """Every fenced block of the guide with the heading above it and its db marker."""
    blocks, heading, lines, i = [], "", text.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        if match := HEADING.match(line):
            heading = match.group(1).strip()
        fence = re.match(r"^\s*```(\w*)\s*$", line)
        if fence:
            indent = line.index("`")
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            code = "\n".join(row[indent:] for row in lines[i + 1 : end])
            marker = MARKER.match(lines[i - 1].strip()) if i else None
            blocks.append(Block(heading, fence.group(1), marker and marker.group(1), code))
            i = end
        i += 1
    return blocks


BLOCKS = guide_blocks(GUIDE.read_text(encoding="utf-8"))
SQL = [block for block in BLOCKS if block.language == "sql" and block.db is not None]


@pytest.fixture(scope="module")
def warehouse(cli_run) -> Path:
    assert cli_run.returncode == 0, cli_run.stdout + cli_run.stderr
    return cli_run.warehouse


def runnable(sql: str, warehouse: Path) -> str:
    version = Path(os.readlink(warehouse / "current")).name
    return sql.replace("<warehouse>", warehouse.as_posix()).replace("<version>", version)


def test_every_sql_block_says_which_database_it_is_for():
    unmarked = [b.heading for b in BLOCKS if b.language == "sql" and b.db is None]
    assert unmarked == []
    assert {block.db for block in SQL} <= set(DATABASES)


def test_the_guide_has_enough_queries_each_under_its_own_heading():
    assert len(SQL) >= MIN_QUERIES
    headings = [block.heading for block in SQL]
    assert len(set(headings)) == len(headings)
    assert sum(block.db == "analytics" for block in SQL) > len(SQL) / 2  # analysts' database


@pytest.mark.parametrize("block", SQL, ids=[block.heading for block in SQL])
def test_query_runs_read_only_and_returns_rows(block: Block, warehouse: Path):
    with duckdb.connect(str(warehouse / DATABASES[block.db]), read_only=True) as connection:
        result = connection.execute(runnable(block.code, warehouse))
        columns = [column[0] for column in result.description]
        rows = result.fetchall()
    assert columns and all(columns)
    assert len(rows) >= 1


def test_the_python_snippet_runs(warehouse: Path):
    (snippet,) = [block.code for block in BLOCKS if block.language == "python"]
    code, replaced = re.subn(r'^WAREHOUSE = ".*"$', f"WAREHOUSE = {str(warehouse)!r}", snippet,
                             flags=re.M)  # fmt: skip
    assert replaced == 1
    names: dict[str, object] = {}
    exec(compile(code, str(GUIDE), "exec"), names)
    tables = {k: v for k, v in names.items() if isinstance(v, pd.DataFrame | pa.Table)}
    assert {"kpis", "schools", "enrollment", "scorecard"} <= set(tables)
    assert all(len(table) > 0 for table in tables.values())
