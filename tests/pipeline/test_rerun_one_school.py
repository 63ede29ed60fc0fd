"""Re-running one school after it fixed its file changes that school's rows, and only those,
and publishes what a full run on the same files would (the stages that reuse the last run's
work for unchanged files, `incremental.py` and the linked school extracts, change nothing)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from edu_pipeline.publish.warehouse import contract
from tests.pipeline.conftest import AS_OF

TABLES = ("student_source_rows", "dq_issues", "dq_scorecard", "submissions", "kpi_school",
          "fct_enrollment", "fct_staff_assignment")  # fmt: skip
DATE = re.compile(r"\b(\d{2})/(\d{2})/(20\d{2})\b")


def _run(raw: Path, warehouse: Path, home: Path, *extra: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDU_")}
    completed = subprocess.run(
        [Path(sys.executable).with_name("edu-pipeline"), "run", "--raw-dir", str(raw),
         "--warehouse-dir", str(warehouse), "--as-of", AS_OF, *extra],
        capture_output=True, text=True, timeout=600, check=False,
        env={**env, "DAGSTER_HOME": str(home)},
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr


def _tables(warehouse: Path, tables=TABLES) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(warehouse / "edu.duckdb"), read_only=True) as db:
        return {t: db.execute(f"SELECT * FROM marts.{t}").df() for t in tables}


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _extracts(warehouse: Path) -> dict[str, list[tuple]]:
    schools = (warehouse / "schools").resolve()
    with duckdb.connect() as db:
        return {str(p.relative_to(schools)): sorted(db.execute(f"SELECT * FROM '{p}'").fetchall(),
                                                    key=str)
                for p in sorted(schools.rglob("*.parquet"))}  # fmt: skip


def _school_to_fix(raw: Path) -> tuple[str, Path]:
    """A school whose pupils are listed nowhere else, with a text list we can edit."""
    truth = pd.read_csv(raw / "_truth" / "people.csv", dtype=str, keep_default_na=False)
    pupils = truth[truth["dataset"] == "students"]
    schools_per_pupil = pupils.groupby("person_id")["school_code"].nunique()
    shared = set(pupils.loc[pupils["person_id"].isin(schools_per_pupil[lambda s: s > 1].index),
                            "school_code"])  # fmt: skip
    for path in sorted(raw.glob("*/*.txt")) + sorted(raw.glob("*/*.csv")):
        code = path.parent.name
        if code.isdigit() and code not in shared and code in set(pupils["school_code"]):
            return code, path
    pytest.skip("no editable list in this province")


def _fix_one_birth_date(path: Path) -> None:
    raw = path.read_bytes()
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    text = raw.decode(encoding)
    day, month, year = DATE.search(text).groups()
    fixed = DATE.sub(f"{int(day) % 28 + 1:02d}/{month}/{year}", text, count=1)
    path.write_bytes(fixed.encode(encoding))


def test_rerun_of_one_school_changes_only_its_rows(small_province, tmp_path):
    raw, warehouse, home = tmp_path / "raw", tmp_path / "warehouse", tmp_path / "dagster_home"
    shutil.copytree(small_province, raw)
    home.mkdir()
    _run(raw, warehouse, home)
    before = _tables(warehouse)
    code, listing = _school_to_fix(raw)
    _fix_one_birth_date(listing)
    _run(raw, warehouse, home, "--school", code)
    after = _tables(warehouse)
    changed = []
    for table in TABLES:
        others = [frame[frame["school_code"] != code].sort_values(list(frame.columns))
                  .reset_index(drop=True) for frame in (before[table], after[table])]  # fmt: skip
        pd.testing.assert_frame_equal(*others, obj=table)
        mine = [frame[frame["school_code"] == code] for frame in (before[table], after[table])]
        changed.append(not mine[0].reset_index(drop=True).equals(mine[1].reset_index(drop=True)))
    assert any(changed)  # the fixed file was read again: the school's own rows moved
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_run_records(filters=dg.RunsFilter(job_name="school_job"))
        (run,) = runs
        assert run.dagster_run.tags["dagster/partition"] == code
        assert run.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        students = instance.get_latest_materialization_event(dg.AssetKey("students"))
        reused = students.asset_materialization.metadata["rows_reused_from_last_run"].value
    assert reused > 0  # the other schools' rows were not normalized again

    fresh = tmp_path / "fresh"
    (tmp_path / "fresh_home").mkdir()
    _run(raw, fresh, tmp_path / "fresh_home")
    for table, frame in _tables(fresh, tuple(contract())).items():
        resubmitted = _tables(warehouse, (table,))[table]
        pd.testing.assert_frame_equal(_sorted(resubmitted), _sorted(frame), obj=table)
    assert _extracts(warehouse) == _extracts(fresh)
