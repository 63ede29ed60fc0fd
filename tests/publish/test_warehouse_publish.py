"""Every contract table is published with its columns and types, atomically."""

import duckdb
import pandas as pd
import pytest

from edu_pipeline.publish.warehouse import contract, publish_marts


def _empty_marts() -> dict[str, pd.DataFrame]:
    return {table: pd.DataFrame(columns=[c for c, _ in cols]) for table, cols in contract().items()}


def test_contract_tables_columns_and_types(tmp_path):
    marts = _empty_marts()
    marts["dim_school"] = pd.DataFrame({
        "school_code": ["66000101"], "school_name": ["Trường THCS Nguyễn Du"], "level": ["THCS"],
        "commune": ["Tuy Hòa"], "cashless_fees": [True], "extra_note": ["kept"],
    })  # fmt: skip
    published = publish_marts(marts, tmp_path)
    with duckdb.connect(str(published.database), read_only=True) as connection:
        tables = {r[0] for r in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'"
        ).fetchall()}  # fmt: skip
        assert tables == set(contract())
        columns = connection.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'marts' AND table_name = 'dim_student' ORDER BY ordinal_position"
        ).fetchall()
        assert dict(columns)["birth_date"] == "DATE"
        assert [c for c, _ in columns][:2] == ["student_key", "moet_id"]
        school = connection.execute("SELECT * FROM marts.dim_school").df()
    assert school.loc[0, "extra_note"] == "kept"
    for table in contract():
        assert (published.parquet_dir / f"{table}.parquet").exists()


def test_a_failed_publish_leaves_the_last_warehouse(tmp_path):
    publish_marts(_empty_marts(), tmp_path)
    before = (tmp_path / "edu.duckdb").read_bytes()
    broken = _empty_marts()
    broken["dim_student"] = pd.DataFrame({"birth_date": ["not a date"]})
    with pytest.raises(duckdb.Error):
        publish_marts(broken, tmp_path)
    assert (tmp_path / "edu.duckdb").read_bytes() == before
    assert not list(tmp_path.rglob("*.tmp"))
