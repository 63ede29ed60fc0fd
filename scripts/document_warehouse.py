"""Write docs/warehouse.md from the warehouse contract (every table and column, in Vietnamese too).

Run: ``.venv/bin/python scripts/document_warehouse.py``; a test fails when the page is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from edu_pipeline.reference import read_reference_csv  # noqa: E402

DOC = ROOT / "docs" / "warehouse.md"
INTRO = """# The warehouse: tables and columns

Generated from `edu_pipeline/reference/warehouse_contract.csv` and `warehouse_tables.csv` by
`scripts/document_warehouse.py` (a test keeps it current). Every table is in schema `marts` of
`edu.duckdb` and in `parquet/<table>.parquet`; types are DuckDB's. Connect read-only:
`duckdb.connect("data/warehouse/edu.duckdb", read_only=True)`.
"""


def render() -> str:
    columns: dict[str, list[dict[str, str]]] = {}
    for row in read_reference_csv("warehouse_contract.csv"):
        columns.setdefault(row["table"], []).append(row)
    parts = [INTRO]
    for table in read_reference_csv("warehouse_tables.csv"):
        name = table["table"]
        parts += [
            f"## `{name}` - {table['name_vi']}", "",
            f"Grain: {table['grain']}. {table['description']}", "",
            "| column | Vietnamese | type | required | meaning |", "|---|---|---|---|---|",
            *(f"| `{c['column']}` | {c['term_vi']} | {c['type']} | {c['required']} | "
              f"{c['description']} |" for c in columns[name]),
            "",
        ]  # fmt: skip
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC}")
