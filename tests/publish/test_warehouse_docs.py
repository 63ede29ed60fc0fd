"""docs/warehouse.md documents every published table and column, and is current."""

import importlib.util
from pathlib import Path

from edu_pipeline.publish.warehouse import contract
from edu_pipeline.reference import read_reference_csv

ROOT = Path(__file__).resolve().parents[2]


def test_every_contract_table_is_described_and_every_column_has_a_vietnamese_term():
    described = [row["table"] for row in read_reference_csv("warehouse_tables.csv")]
    assert sorted(described) == sorted(contract())
    assert all(row["term_vi"].strip() for row in read_reference_csv("warehouse_contract.csv"))


def test_the_page_is_what_the_script_writes():
    spec = importlib.util.spec_from_file_location("doc", ROOT / "scripts" / "document_warehouse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8") == module.render(), (
        "docs/warehouse.md is stale: run scripts/document_warehouse.py"
    )
