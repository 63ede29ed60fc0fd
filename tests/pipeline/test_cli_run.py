"""`edu-pipeline run` on a generated province publishes the whole contract, losing nothing."""

import duckdb
import openpyxl
import pandas as pd
import pytest

from edu_pipeline.publish.warehouse import contract


@pytest.fixture(scope="module")
def warehouse(cli_run):
    assert cli_run.returncode == 0, cli_run.stdout + cli_run.stderr
    with duckdb.connect(str(cli_run.warehouse / "edu.duckdb"), read_only=True) as connection:
        yield connection


def test_every_contract_table_and_column_exists(warehouse, cli_run):
    for table, columns in contract().items():
        found = [row[0] for row in warehouse.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'marts' AND table_name = ? ORDER BY ordinal_position", [table]
        ).fetchall()]  # fmt: skip
        assert found[: len(columns)] == [name for name, _ in columns], table
        assert (cli_run.warehouse / "parquet" / f"{table}.parquet").exists()


@pytest.mark.parametrize(
    ("dataset", "key"), [("student", "student_key"), ("teacher", "teacher_key")]
)
def test_every_row_read_has_a_key_or_a_quarantine_finding(warehouse, cli_run, dataset, key):
    truth = pd.read_csv(cli_run.raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    truth = truth[truth["dataset"] == f"{dataset}s"]
    lost = warehouse.execute(f"""
        SELECT count(*) FROM marts.{dataset}_source_rows r
        WHERE r.{key} IS NULL AND NOT EXISTS (
            SELECT 1 FROM marts.dq_issues i
            WHERE i.action = 'quarantined' AND i.source_file = r.source_file
              AND coalesce(i.sheet, '') = coalesce(r.sheet, '') AND i.source_row = r.source_row)
    """).fetchone()[0]  # fmt: skip
    assert lost == 0
    read = warehouse.execute(f"SELECT count(*) FROM marts.{dataset}_source_rows").fetchone()[0]
    assert read == len(truth)  # every row the generator wrote was read, no more


def test_rows_point_at_what_the_school_sees(warehouse, cli_run):
    truth = pd.read_csv(cli_run.raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    truth["source_row"] = truth["source_row"].astype(int)
    ours = warehouse.execute(
        "SELECT source_file, coalesce(sheet, '') AS sheet, source_row "
        "FROM marts.student_source_rows"
    ).df()
    students = truth[truth["dataset"] == "students"]
    joined = students.merge(ours, on=["source_file", "sheet", "source_row"], how="left",
                            indicator=True)  # fmt: skip
    assert (joined["_merge"] == "both").all()


def test_unreadable_files_are_findings_and_the_run_went_on(warehouse, cli_run):
    files = pd.read_csv(cli_run.raw / "_truth" / "files.csv", dtype=str, keep_default_na=False)
    broken = set(files.loc[files["readable"] == "no", "source_file"])
    reported = {row[0] for row in warehouse.execute(
        "SELECT source_file FROM marts.dq_issues WHERE dataset = 'file' AND source_row IS NULL"
    ).fetchall()}  # fmt: skip
    assert broken <= reported


def test_one_feedback_workbook_per_registry_school(warehouse, cli_run):
    codes = {r[0] for r in warehouse.execute("SELECT school_code FROM marts.dim_school").fetchall()}
    books = {p.stem for p in (cli_run.warehouse / "feedback").glob("*.xlsx")}
    assert codes and books == codes
    sample = openpyxl.load_workbook(next((cli_run.warehouse / "feedback").glob("*.xlsx")))
    assert sample.sheetnames[0] == "Tổng quan"


def test_summary_shows_counts_and_no_personal_data(cli_run):
    assert "published" in cli_run.stdout
    assert "students" in cli_run.stdout and "findings" in cli_run.stdout
    truth = pd.read_csv(cli_run.raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    output = cli_run.stdout + cli_run.stderr
    for value in pd.concat([truth["full_name"], truth["citizen_id"], truth["birth_date"]]):
        if len(value) >= 6:
            assert value not in output
    assert "Traceback" not in output
