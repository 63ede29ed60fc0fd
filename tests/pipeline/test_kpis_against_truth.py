"""The plan's indicators and the enrollment, asserted against the generator's known truth."""

import duckdb
import pandas as pd
import pytest

from edu_pipeline.quality.periods import Period

AS_OF = pd.Timestamp("2026-03-26").date()


@pytest.fixture(scope="module")
def published(cli_run) -> dict[str, pd.DataFrame]:
    assert cli_run.returncode == 0, cli_run.stdout + cli_run.stderr
    with duckdb.connect(str(cli_run.warehouse / "edu.duckdb"), read_only=True) as connection:
        return {t: connection.execute(f"SELECT * FROM marts.{t}").df()
                for t in ("kpi_province", "kpi_school", "fct_enrollment")}  # fmt: skip


def _truth(cli_run, name: str) -> pd.DataFrame:
    return pd.read_csv(cli_run.raw / "_truth" / f"{name}.csv", dtype=str, keep_default_na=False)


def test_cashless_fee_schools_match_the_registry(cli_run, published):
    schools = _truth(cli_run, "schools")
    kpi = published["kpi_province"].set_index("kpi").loc["cashless_fees"]
    assert (kpi["numerator"], kpi["denominator"]) == (
        int((schools["cashless_fees"] == "Có").sum()), len(schools))  # fmt: skip


def test_on_time_lists_match_the_files_sent(cli_run, published):
    schools, files = _truth(cli_run, "schools"), _truth(cli_run, "files")
    period = Period.containing(AS_OF)
    replaced = set(files["supersedes"]) - {""}
    dates = pd.to_datetime(files["report_date"]).dt.date
    on_time = files[
        files["dataset"].isin(["students", "teachers"]) & (files["readable"] == "yes")
        & ~files["source_file"].isin(replaced) & files["school_code"].isin(schools["school_code"])
        & (dates >= period.start) & (dates <= period.deadline)
    ].drop_duplicates(["school_code", "dataset"])  # fmt: skip
    kpi = published["kpi_province"].set_index("kpi").loc["on_time_submission"]
    assert (kpi["numerator"], kpi["denominator"]) == (len(on_time), 2 * len(schools))


def test_enrollment_counts_every_current_pupil_once(cli_run, published):
    people, schools = _truth(cli_run, "people"), _truth(cli_run, "schools")
    pupils = people[(people["dataset"] == "students")
                    & people["school_code"].isin(schools["school_code"])]  # fmt: skip
    current = pupils[~pupils["status"].isin(["Chuyển đi", "Thôi học"])]["person_id"].nunique()
    enrolled = int(published["fct_enrollment"]["students"].sum())
    # a pupil whose only row was quarantined (no usable name) is rightly not enrolled
    assert current * 0.98 <= enrolled <= current
    per_school = published["kpi_school"].groupby("kpi")["school_code"].nunique()
    assert (per_school == len(schools)).all()
