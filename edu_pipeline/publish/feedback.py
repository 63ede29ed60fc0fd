"""One Vietnamese feedback workbook per school: its scores, its submissions and every row to fix.

`feedback/<school_code>.xlsx` has a summary sheet («Tổng quan») and one detail sheet per kind
of finding («Tệp», «Danh mục trường», «Học sinh», «Cán bộ GV NV», «Trùng lặp»); see
`feedback_summary` and `feedback_sheets`. Values a school typed are written back as text even
when they start with "=", "+", "-" or "@", so nothing can run as a formula in its Excel.

Each workbook is written to a temporary file and renamed, so a school never downloads half a
workbook; workbooks of schools that left the registry are removed. A school whose workbook
would come out the same (same findings, scores, files, period, day and writer code: a
fingerprint kept in `feedback/.fingerprints.json`) is not written again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from itertools import repeat
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from edu_pipeline.fingerprints import source_digest
from edu_pipeline.privacy import private_dir
from edu_pipeline.publish.feedback_model import (
    Reporting,
    SchoolFeedback,
    content_by_school,
    findings_by_school,
    scores_by_school,
    submissions_by_school,
)
from edu_pipeline.publish.feedback_sheets import (
    DUPLICATES_SHEET,
    plan_sheets,
    write_duplicates_sheet,
    write_findings_sheet,
)
from edu_pipeline.publish.feedback_summary import write_summary_sheet
from edu_pipeline.publish.feedback_text import labels
from edu_pipeline.quality.periods import Period

__all__ = [
    "FEEDBACK_DIR", "labels", "schools_without_submission", "write_feedback_workbooks",
]  # fmt: skip

FEEDBACK_DIR = "feedback"
MARKS_FILE = ".fingerprints.json"
WORDING_TABLES = ("dq_labels.csv", "issue_messages.csv", "fields.csv")
REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"
_SAFE_CODE = re.compile(r"[0-9A-Za-z_-]+")
# openpyxl spends ~25-35 ms of pure-Python work on each workbook and ~0.3 ms on each row to
# fix (one core: ~45 s for 1,379 schools with 20 findings each, ~2.5 min with the ~290,000
# findings of a demo province run). Below this many schools, starting worker processes
# (~1-2 s) costs more than it saves.
MIN_SCHOOLS_FOR_WORKERS = 200


def write_feedback_workbooks(
    schools: pd.DataFrame,
    issues: pd.DataFrame,
    scorecard: pd.DataFrame,
    submissions: pd.DataFrame,
    out_dir: Path,
    period: Period,
    *,
    as_of: dt.date | None = None,
    workers: int = 1,
) -> list[Path]:
    """Write `<out_dir>/<school_code>.xlsx` for every school of the registry, and delete the
    other `*.xlsx` there (schools no longer in the registry must not get old feedback).

    `as_of` is the day the data was gathered (default: today); it decides whether the
    summary says the deadline is still ahead or has passed. `workers` processes share the
    writing once there are `MIN_SCHOOLS_FOR_WORKERS` schools.
    """
    reporting = Reporting(period, as_of or dt.date.today())
    private_dir(out_dir)
    registry = _registry(schools)
    content = content_by_school(issues, scorecard, submissions)
    marks = {f"{code}.xlsx": _fingerprint(code, name, content.get(code, ""), reporting)
             for code, name in registry}  # fmt: skip
    before = _read_marks(out_dir)
    # Forget the marks while writing: a run killed half-way must not leave a mark that
    # vouches for a workbook it did not finish.
    (out_dir / MARKS_FILE).unlink(missing_ok=True)
    changed = {code for code, _ in registry if not (out_dir / f"{code}.xlsx").exists()
               or before.get(f"{code}.xlsx") != marks[f"{code}.xlsx"]}  # fmt: skip
    _write_all(_feedback_of(changed, registry, issues, scorecard, submissions, out_dir),
               reporting, workers)  # fmt: skip
    written = [out_dir / f"{code}.xlsx" for code, _ in registry]
    _remove_stale(out_dir, {path.name for path in written})
    _save_atomically_text(json.dumps(marks, sort_keys=True), out_dir / MARKS_FILE)
    return written


def _feedback_of(
    codes: set[str],
    registry: list[tuple[str, str]],
    issues: pd.DataFrame,
    scorecard: pd.DataFrame,
    submissions: pd.DataFrame,
    out_dir: Path,
) -> list[tuple[SchoolFeedback, Path]]:
    """What the workbooks of ``codes`` show (only their rows are gathered)."""
    def mine(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["school_code"].isin(codes)] if "school_code" in frame else frame

    findings = findings_by_school(mine(issues))
    scores = scores_by_school(mine(scorecard))
    files = submissions_by_school(mine(submissions))
    return [
        (SchoolFeedback(code, name, findings.get(code, []), scores.get(code, {}),
                        files.get(code, [])), out_dir / f"{code}.xlsx")
        for code, name in registry if code in codes
    ]  # fmt: skip


def _fingerprint(code: str, name: str, content: str, reporting: Reporting) -> str:
    """Everything a school's workbook is made of (`content_by_school`), and the code that
    makes it, hashed: an unchanged school keeps its workbook (most of them, on a night with
    few new files)."""
    parts = (_code_version(), code, name, content, reporting)
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@cache
def _code_version() -> str:
    """The workbook writers and their wording tables: a change to either rewrites all."""
    wording = (REFERENCE_DIR / name for name in WORDING_TABLES)
    return source_digest([*Path(__file__).parent.glob("feedback*.py"), *wording])


def _read_marks(out_dir: Path) -> dict[str, str]:
    try:
        return json.loads((out_dir / MARKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_atomically_text(text: str, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def schools_without_submission(schools: pd.DataFrame, submissions: pd.DataFrame) -> int:
    """How many registry schools sent no readable file at all this run."""
    sent = set(submissions["school_code"].dropna().astype(str))
    return sum(code not in sent for code, _ in _registry(schools))


def _registry(schools: pd.DataFrame) -> list[tuple[str, str]]:
    """(code, name) of each registry school once; a code unfit for a file name is a bug
    upstream (codes are validated as 8 digits), so it stops the run instead of escaping
    the folder."""
    unique = schools.dropna(subset=["school_code"]).drop_duplicates("school_code")
    names = unique["school_name"] if "school_name" in unique else pd.Series(None, unique.index)
    found = []
    for code, name in zip(unique["school_code"].astype(str), names.tolist(), strict=True):
        if not _SAFE_CODE.fullmatch(code):
            raise ValueError("a registry school code is not usable as a file name")
        found.append((code, name if isinstance(name, str) else ""))
    return found


def _write_all(jobs: list[tuple[SchoolFeedback, Path]], reporting: Reporting, workers: int) -> None:
    if workers <= 1 or len(jobs) < MIN_SCHOOLS_FOR_WORKERS:
        for school, path in jobs:
            _write_one(school, path, reporting)
        return
    # Largest schools first, in small batches: one school with thousands of rows to fix
    # must not be the last task of a worker that is already busy.
    jobs = sorted(jobs, key=lambda job: len(job[0].findings), reverse=True)
    schools, paths = zip(*jobs, strict=True)
    context = multiprocessing.get_context("spawn")  # no fork of a threaded Dagster process
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        list(pool.map(_write_one, schools, paths, repeat(reporting), chunksize=8))


def _write_one(school: SchoolFeedback, path: Path, reporting: Reporting) -> None:
    """Write one school's workbook (in a worker process when writing in parallel)."""
    _save_atomically(_workbook(school, reporting), path)


def _workbook(school: SchoolFeedback, reporting: Reporting) -> Workbook:
    workbook = Workbook(write_only=True)
    planned = plan_sheets(school.findings)
    write_summary_sheet(workbook, school, reporting, list(planned))
    for name, findings in planned.items():
        if name == DUPLICATES_SHEET:
            write_duplicates_sheet(workbook, findings)
        else:
            write_findings_sheet(workbook, name, findings)
    return workbook


def _save_atomically(workbook: Workbook, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    try:
        workbook.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _remove_stale(out_dir: Path, keep: set[str]) -> None:
    """Delete workbooks of schools not in the registry, and temp files of an aborted run."""
    for path in [*out_dir.glob("*.xlsx"), *out_dir.glob("*.xlsx.tmp")]:
        if path.name not in keep:
            path.unlink(missing_ok=True)
