"""Orchestration: plan the province, write the registry, generate every school, write the
schools' fee-collection reports, write truth."""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import repeat
from pathlib import Path

from edu_pipeline.demo.fees import write_fee_reports
from edu_pipeline.demo.model import Defect, FileTruth, SchoolOutput
from edu_pipeline.demo.plan import Plan, SchoolJob, make_plan
from edu_pipeline.demo.registry import REGISTRY_FILE, registry_sheet
from edu_pipeline.demo.school import generate_school, mtime_for
from edu_pipeline.demo.shapes import xlsx_bytes
from edu_pipeline.demo.truth import TRUTH_DIR, TruthWriter, defect_row, file_row, school_row

PARALLEL_FROM = 60  # schools; smaller provinces are generated in-process


@dataclass
class DemoSummary:
    """Counts of what :func:`generate_province` wrote."""

    schools: int = 0  # in the registry
    submitting_schools: int = 0
    files: int = 0
    unreadable_files: int = 0
    data_rows: int = 0  # person rows (people.csv); fee lines are in fee_lines
    students: int = 0  # distinct people in student lists
    teachers: int = 0  # distinct people in staff lists
    fee_files: int = 0  # fee-collection reports (also counted in files)
    fee_lines: int = 0  # their data lines (fees.csv)
    defects: dict[str, int] = field(default_factory=dict)  # kind -> rows in defects.csv


def _prepare(out_dir: Path) -> None:
    """Start from an empty folder; only a previous demo (it has _truth/) is removed."""
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / TRUTH_DIR).is_dir():
            raise ValueError(f"{out_dir} is not empty and is not a generated demo province")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)


def _write_registry(plan: Plan, out_dir: Path, as_of: date, truth: TruthWriter) -> FileTruth:
    updated = as_of - timedelta(days=19)
    path = out_dir / REGISTRY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xlsx_bytes([registry_sheet(plan.schools, updated)]))
    stamp = mtime_for(updated + timedelta(days=1))
    os.utime(path, (stamp, stamp))
    missing = {s.code for s in plan.missing}
    truth.write(
        "schools", (school_row(s, REGISTRY_FILE, s.code not in missing) for s in plan.schools)
    )
    truth.write(
        "defects",
        (
            defect_row(
                "",
                "",
                None,
                Defect("", "missing_submission", "school in the registry sent no file this period"),
                s.code,
            )
            for s in plan.missing
        ),
    )
    return FileTruth(
        REGISTRY_FILE,
        "",
        "registry",
        "xlsx;title_rows;merged_title",
        True,
        updated.isoformat(),
        "file",
        len(plan.schools),
        "Danh mục",
    )


def _run(jobs: list[SchoolJob], out_dir: Path, workers: int | None) -> Iterator[SchoolOutput]:
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(jobs) < PARALLEL_FROM:
        for job in jobs:
            yield generate_school(job, out_dir)
        return
    context = multiprocessing.get_context("spawn")  # a forked threaded parent can crash
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield from pool.map(generate_school, jobs, repeat(out_dir), chunksize=4)


def generate_province(
    out_dir: Path,
    schools: int = 30,
    students_per_school: int = 120,
    seed: int = 2026,
    as_of: date = date(2026, 3, 20),
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> DemoSummary:
    """Write a synthetic province's school exports and their ground truth under ``out_dir``.

    Deterministic for a seed: the same files byte for byte and the same mtimes. The truth
    is in ``out_dir/_truth/`` (people.csv, fees.csv, defects.csv, files.csv, schools.csv);
    the pipeline must skip folders whose name starts with "_". Some schools also send a
    fee-collection report (:mod:`edu_pipeline.demo.fees`), drawn from a random stream of its
    own so that all other files of a seed are the same with or without it.

    Example::

        summary = generate_province(Path("data/raw/demo"), schools=30)
    """
    if schools < 1 or students_per_school < 1:
        raise ValueError("a province needs at least one school and one student per school")
    out_dir = Path(out_dir)
    _prepare(out_dir)
    plan = make_plan(schools, students_per_school, seed, as_of)
    truth = TruthWriter(out_dir)
    summary = DemoSummary(schools=len(plan.schools), submitting_schools=len(plan.jobs) - 1)
    files = [_write_registry(plan, out_dir, as_of, truth)]
    kinds: Counter[str] = Counter(["missing_submission"] * len(plan.missing))
    student_ids: set[str] = set()
    teacher_ids: set[str] = set()
    try:
        for done, out in enumerate(_run(plan.jobs, out_dir, workers), start=1):
            truth.write("people", out.people)
            truth.write("defects", out.defects)
            files += out.files
            kinds.update(row[4] for row in out.defects)
            summary.data_rows += len(out.people)
            student_ids |= out.student_ids
            teacher_ids |= out.teacher_ids
            if progress:
                progress(done, len(plan.jobs))
        fees = write_fee_reports(plan, seed, out_dir)
        truth.write("fees", fees.fees)
        truth.write("defects", fees.defects)
        kinds.update(row[4] for row in fees.defects)
        files += fees.files
        summary.fee_files, summary.fee_lines = len(fees.files), len(fees.fees)
        truth.write("files", (file_row(f) for f in files))
    finally:
        truth.close()
    summary.files = len(files)
    summary.unreadable_files = sum(not f.readable for f in files)
    summary.students, summary.teachers = len(student_ids), len(teacher_ids)
    summary.defects = dict(sorted(kinds.items()))
    return summary
