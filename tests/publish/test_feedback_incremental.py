"""A workbook that would come out the same is not written again; any change rewrites it."""

import datetime as dt

import pandas as pd

from edu_pipeline.publish.feedback import MARKS_FILE, write_feedback_workbooks
from tests.publish.test_feedback_workbook import (
    AS_OF,  # fmt: skip
    CODE,
    EMPTY_SCORES,
    PERIOD,
    SCHOOLS,
    SUBMISSIONS,
    issue,
)

OTHER = "66000102"


def _write(folder, issues, as_of=AS_OF) -> dict[str, tuple[int, int]]:
    """Write, then (inode, mtime) of each workbook: a rewrite replaces the file."""
    write_feedback_workbooks(SCHOOLS, pd.DataFrame(issues), EMPTY_SCORES, SUBMISSIONS, folder,
                             PERIOD, as_of=as_of)  # fmt: skip
    return {p.stem: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.glob("*.xlsx")}


def test_same_inputs_write_nothing(tmp_path):
    first = _write(tmp_path, [issue()])
    assert _write(tmp_path, [issue()]) == first


def test_one_school_changed_only_it_is_rewritten(tmp_path):
    first = _write(tmp_path, [issue()])
    second = _write(tmp_path, [issue(), issue(source_row=9.0, row_id=2)])
    assert second[CODE] != first[CODE] and second[OTHER] == first[OTHER]


def test_another_day_rewrites_every_workbook(tmp_path):
    first = _write(tmp_path, [issue()])
    later = _write(tmp_path, [issue()], as_of=AS_OF + dt.timedelta(days=10))  # deadline passed
    assert all(later[code] != first[code] for code in first)


def test_a_missing_or_unvouched_workbook_is_written_again(tmp_path):
    first = _write(tmp_path, [issue()])
    (tmp_path / f"{OTHER}.xlsx").unlink()
    (tmp_path / MARKS_FILE).write_text("{not json", encoding="utf-8")  # a killed run's leftovers
    again = _write(tmp_path, [issue()])
    assert again[CODE] != first[CODE] and (tmp_path / f"{OTHER}.xlsx").exists()
    assert _write(tmp_path, [issue()]) == again  # and the marks are whole again
