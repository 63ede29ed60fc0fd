"""A release links the school extracts that did not change from the previous release."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from edu_pipeline.publish.warehouse import publish_marts
from tests.publish.marts import marts_with

SCHOOLS = 6


def _marts(grade_of_first_pupil: int = 3) -> dict[str, pd.DataFrame]:
    marts = marts_with(SCHOOLS)
    codes = marts["dim_school"]["school_code"]
    enrollment = pd.DataFrame({
        "school_code": codes.repeat(2).to_numpy(),
        "grade": [grade_of_first_pupil] + [4] * (2 * SCHOOLS - 1),
        "students": 30, "female": 15, "male": 15, "ethnic_minority": 2, "period": "2026-Q1",
    })  # fmt: skip
    marts["fct_enrollment"] = enrollment.reindex(columns=marts["fct_enrollment"].columns)
    return marts


def _extracts(release: Path) -> dict[str, Path]:
    return {str(p.relative_to(release / "schools")): p for p in (release / "schools").rglob("*")
            if p.is_file()}  # fmt: skip


def _read(path: Path) -> list[tuple]:
    with duckdb.connect() as connection:
        return sorted(connection.execute(f"SELECT * FROM '{path}'").fetchall(), key=str)


@pytest.mark.parametrize("changed", [False, True], ids=["nothing changed", "one school changed"])
def test_unchanged_extracts_are_links_to_the_previous_release(tmp_path, changed):
    first = publish_marts(_marts(), tmp_path)
    before = _extracts((tmp_path / "releases" / first.version).resolve())
    second = publish_marts(_marts(grade_of_first_pupil=5 if changed else 3), tmp_path)
    after = _extracts((tmp_path / "releases" / second.version).resolve())
    assert before.keys() == after.keys()
    first_school = sorted(before)[0].split("/")[0]
    for name, path in after.items():
        shared = path.stat().st_ino == before[name].stat().st_ino
        rewritten = changed and name == f"{first_school}/fct_enrollment.parquet"
        assert shared != rewritten, name
        if not rewritten:
            assert _read(path) == _read(before[name])
    if changed:
        new_rows = _read(after[f"{first_school}/fct_enrollment.parquet"])
        assert 5 in {value for row in new_rows for value in row}


def test_extracts_are_written_when_the_previous_release_lost_them(tmp_path):
    first = publish_marts(_marts(), tmp_path)
    before = _extracts((tmp_path / "releases" / first.version).resolve())
    for path in before.values():
        path.unlink()  # a damaged previous release: nothing to link, everything written
    second = publish_marts(_marts(), tmp_path)
    after = _extracts((tmp_path / "releases" / second.version).resolve())
    assert after.keys() == before.keys()
    assert all(path.stat().st_nlink == 1 for path in after.values())
