"""Findings of unchanged files are taken from the last run, and equal a full location."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from edu_pipeline.incremental import MEMO_ATTR
from edu_pipeline.quality.gx_reuse import located_before
from edu_pipeline.quality.gx_runner import validate_frame
from edu_pipeline.quality.gx_suites import load_suite, suite_columns

DEFECTS = [  # (row position, changes): failing rows in several files
    (1, {"name_problem": "has_digits", "raw_full_name": "Nguyễn Văn An 2"}),
    (7, {"birth_date": pd.NaT, "raw_birth_date": None}),
    (13, {"gender": None, "raw_gender": "X"}),
    (20, {"full_name": None, "raw_full_name": None}),
]


@pytest.fixture
def suite_run(gx_parameters, gx_expectations_dir):
    columns = suite_columns(load_suite("students", gx_expectations_dir))

    def run(rows: pd.DataFrame, previous: Path | None, key: str = "k"):
        reuse = located_before(rows, columns, key, previous)
        outcome = validate_frame(rows, "students", gx_parameters, gx_expectations_dir, reuse)
        return reuse, outcome.findings

    return run


@pytest.fixture
def pupils(gx_frame, gx_inject) -> pd.DataFrame:
    """24 pupils in 4 files of 6 consecutive rows, with defects in three of the files."""
    rows = gx_frame("students", 24).reset_index(drop=True)
    rows["source_file"] = [f"Truong_{i // 6}/hoc_sinh.xlsx" for i in range(24)]
    rows["row_id"] = np.arange(1001, 1025)
    for position, changes in DEFECTS:
        gx_inject(rows, 1001 + position, changes)
    return rows


def _store(findings: pd.DataFrame, memo: str, path: Path) -> Path:
    table = pa.Table.from_pandas(findings, preserve_index=False)
    pq.write_table(table.replace_schema_metadata({MEMO_ATTR: memo}), path)
    return path


def _renumbered(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.reset_index(drop=True).assign(row_id=lambda f: np.arange(2001, 2001 + len(f)))


def _edit_second_file(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.copy()
    rows.loc[rows["source_file"] == "Truong_1/hoc_sinh.xlsx", "raw_full_name"] = "Lê 9"
    at = rows.index[rows["source_file"] == "Truong_1/hoc_sinh.xlsx"][2]
    rows.loc[at, "name_problem"] = "has_digits"
    return rows


def _first_file_removed(rows: pd.DataFrame) -> pd.DataFrame:
    return _renumbered(rows[rows["source_file"] != "Truong_0/hoc_sinh.xlsx"])


def _file_added(rows: pd.DataFrame) -> pd.DataFrame:
    added = rows.iloc[18:].assign(source_file="Truong_9/hoc_sinh.xlsx")
    return _renumbered(pd.concat([added, rows]))


CHANGES = {  # change -> (rows of this run, rows whose findings may be reused)
    "nothing": (lambda rows: rows, 24),
    "a_cell_edited": (_edit_second_file, 18),
    "first_file_removed_ids_move": (_first_file_removed, 18),
    "a_file_added": (_file_added, 24),
}


@pytest.mark.parametrize("change", CHANGES)
def test_reused_findings_equal_a_full_location(pupils, suite_run, tmp_path, change):
    first, findings = suite_run(pupils, None)
    previous = _store(findings, first.memo, tmp_path / "student_findings.parquet")
    make, reusable = CHANGES[change]
    rows = make(pupils)
    reuse, reused = suite_run(rows, previous)
    _, full = suite_run(rows, None)
    assert reuse.rows_reused == reusable
    assert len(full) > 0
    pd.testing.assert_frame_equal(reused.astype(str), full.astype(str))


def test_another_key_or_no_memo_reuses_nothing(pupils, suite_run, tmp_path):
    first, findings = suite_run(pupils, None)
    previous = _store(findings, first.memo, tmp_path / "with_memo.parquet")
    assert suite_run(pupils, previous, key="other parameters")[0].rows_reused == 0
    bare = tmp_path / "no_memo.parquet"
    pq.write_table(pa.Table.from_pandas(findings, preserve_index=False), bare)
    assert suite_run(pupils, bare)[0].rows_reused == 0


def test_findings_that_do_not_add_up_are_located_again(pupils, suite_run, tmp_path):
    first, findings = suite_run(pupils, None)
    kept = findings[findings["row_id"] != 1001 + DEFECTS[0][0]]  # a stored finding lost
    previous = _store(kept, first.memo, tmp_path / "student_findings.parquet")
    reuse, again = suite_run(pupils, previous)
    assert reuse.rows_reused == 24
    pd.testing.assert_frame_equal(again.astype(str), findings.astype(str))


def test_the_making_stage_memo_stands_for_the_rows(pupils, suite_run, tmp_path):
    files = sorted(pupils["source_file"].unique())
    memo = {"key": "normalize v1", "lineage": ["row_id"], "files": {f: f"d{f}" for f in files}}
    pupils.attrs[MEMO_ATTR] = json.dumps(memo)
    first, findings = suite_run(pupils, None)
    previous = _store(findings, first.memo, tmp_path / "student_findings.parquet")
    memo["files"][files[1]] = "the file's input changed"
    pupils.attrs[MEMO_ATTR] = json.dumps(memo)
    assert suite_run(pupils, previous)[0].rows_reused == 18
    memo["key"] = "normalize v2"
    pupils.attrs[MEMO_ATTR] = json.dumps(memo)
    assert suite_run(pupils, previous)[0].rows_reused == 0
