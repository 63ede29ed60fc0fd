"""Analytics and open data hold none of the generated people's names, IDs or birth dates."""

import re

import duckdb
import pandas as pd
import pytest


def _texts(cli_run) -> str:
    """Every cell of every analytics table and open CSV, as one text to search."""
    cells: list[str] = []
    database = cli_run.warehouse / "analytics" / "edu_analytics.duckdb"
    with duckdb.connect(str(database), read_only=True) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts'"
        ).fetchall()]  # fmt: skip
        for table in tables:
            frame = connection.execute(f"SELECT * FROM marts.{table}").df()
            cells += [" ".join(frame.columns), frame.astype(str).to_csv(index=False)]
    for path in (cli_run.warehouse / "analytics" / "parquet").glob("*.parquet"):
        cells.append(pd.read_parquet(path).astype(str).to_csv(index=False))
    for path in (cli_run.warehouse / "open").glob("*.csv"):
        cells.append(path.read_text(encoding="utf-8"))
    return "\n".join(cells)


@pytest.fixture(scope="module")
def published_text(cli_run) -> str:
    assert cli_run.returncode == 0, cli_run.stdout + cli_run.stderr
    return _texts(cli_run)


@pytest.mark.parametrize("field", ["full_name", "citizen_id", "moet_id", "phone", "email",
                                   "birth_date"])  # fmt: skip
def test_no_personal_value_of_any_generated_person(cli_run, published_text, field):
    people = pd.read_csv(cli_run.raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    values = {v for v in people[field] if len(v) >= 6}
    if field == "birth_date":  # also as the schools type them
        values |= {pd.Timestamp(v).strftime("%d/%m/%Y") for v in values}
    assert values, field
    leaked = [v for v in values if v in published_text]
    assert leaked == [], f"{len(leaked)} {field} values published"


def test_the_restricted_warehouse_does_hold_them(cli_run):
    """The search above can fail: the same search finds the names in edu.duckdb."""
    with duckdb.connect(str(cli_run.warehouse / "edu.duckdb"), read_only=True) as connection:
        names = set(connection.execute("SELECT full_name FROM marts.dim_student").df()["full_name"])
    people = pd.read_csv(cli_run.raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    assert len(names & set(people["full_name"])) > 100


def test_small_counts_are_suppressed_in_open_data(cli_run):
    enrollment = pd.read_csv(cli_run.warehouse / "open" / "enrollment_by_commune.csv")
    counts = enrollment[["students", "female", "male", "ethnic_minority"]]
    assert not counts.isin([1, 2, 3, 4]).any().any()
    kpis = pd.read_csv(cli_run.warehouse / "open" / "kpi_by_commune.csv")
    people = kpis[kpis["kpi"].isin(["digital_record_share", "digital_skills_share"])]
    assert not people[["numerator", "denominator"]].isin([1, 2, 3, 4]).any().any()


def test_person_keys_are_keyed_hashes(cli_run):
    with (
        duckdb.connect(str(cli_run.warehouse / "edu.duckdb"), read_only=True) as restricted,
        duckdb.connect(str(cli_run.warehouse / "analytics" / "edu_analytics.duckdb"),
                       read_only=True) as analytics,
    ):  # fmt: skip
        keys = set(restricted.execute("SELECT student_key FROM marts.dim_student").df()[
            "student_key"])  # fmt: skip
        hashed = analytics.execute("SELECT student_key FROM marts.dim_student").df()["student_key"]
    assert len(hashed) == len(keys) and not keys & set(hashed)
    assert hashed.map(lambda k: bool(re.fullmatch(r"[0-9a-f]{16}", k))).all()


def test_each_school_extract_holds_only_that_schools_rows(cli_run):
    with duckdb.connect(str(cli_run.warehouse / "edu.duckdb"), read_only=True) as connection:
        codes = set(connection.execute("SELECT school_code FROM marts.dim_school").df()[
            "school_code"])  # fmt: skip
        issues = connection.execute("SELECT school_code FROM marts.dq_issues").df()
    folders = {p.name for p in (cli_run.warehouse / "schools").iterdir()}
    assert folders and folders <= codes
    for code in folders:
        for path in (cli_run.warehouse / "schools" / code).glob("*.parquet"):
            assert set(pd.read_parquet(path, columns=["school_code"])["school_code"]) == {code}
    some = sorted(folders)[0]
    own = pd.read_parquet(cli_run.warehouse / "schools" / some / "dq_issues.parquet")
    assert len(own) == int((issues["school_code"] == some).sum())
