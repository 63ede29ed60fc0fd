"""A workbook that would come out the same is not written again; any change rewrites it."""

import datetime as dt

import pandas as pd
import pytest

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


def test_findings_in_another_order_write_nothing(tmp_path):
    findings = [issue(), issue(source_row=9.0, row_id=2), issue(sheet="6A2", row_id=3)]
    first = _write(tmp_path, findings)
    assert _write(tmp_path, findings[::-1]) == first  # the workbook sorts them itself


@pytest.mark.parametrize(
    "changed",
    [{"message": "Sửa lại họ tên."}, {"raw_value": "Nguyen Van 3"}, {"severity": "warning"},
     {"source_row": 8.0}, {"sheet": "6A9"}, {"column_name": "raw_birth_date"}],
    ids=lambda change: next(iter(change)),
)  # fmt: skip
def test_any_field_a_school_reads_rewrites_its_workbook(tmp_path, changed):
    first = _write(tmp_path, [issue()])
    second = _write(tmp_path, [issue(**changed)])
    assert second[CODE] != first[CODE] and second[OTHER] == first[OTHER]
