"""Generate one school's files (student list, staff list, extras) and their ground truth."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from edu_pipeline.demo import broken, styles, vocab
from edu_pipeline.demo.layout import SchoolHeading, Sheet, build_sheets
from edu_pipeline.demo.model import Defect, FileTruth, RowSpec, SchoolOutput
from edu_pipeline.demo.people import PersonFactory
from edu_pipeline.demo.plan import SchoolJob, deadline_for
from edu_pipeline.demo.render import FileContext, choose_fields, columns, order_fields
from edu_pipeline.demo.rows import classes, place_extra, staff, student_for_class, students
from edu_pipeline.demo.scenarios import STAFF_SCENARIOS, STUDENT_SCENARIOS, ScenarioContext
from edu_pipeline.demo.shapes import file_bytes
from edu_pipeline.demo.textstyle import strip_breves
from edu_pipeline.demo.truth import defect_row, sheet_truth

SHARED_FOLDER = "Tong hop nop chung"
BASE_NAMES = {
    "students": (
        "DS hoc sinh 2025-2026",
        "Danh sách học sinh",
        "DSHS",
        "hoc_sinh",
        "Mau 01 - DS hoc sinh",
    ),
    "teachers": (
        "DS CBGVNV",
        "Danh sách cán bộ giáo viên",
        "CBGV",
        "nhan_su",
        "Mau 02 - DS can bo",
    ),
}


def mtime_for(day: date) -> float:
    """Noon in Vietnam (05:00 UTC): the same calendar date in every nearby time zone."""
    return datetime(day.year, day.month, day.day, 5, 0, tzinfo=UTC).timestamp()


def quarter_start(as_of: date) -> date:
    return date(as_of.year, (as_of.month - 1) // 3 * 3 + 1, 1)


@dataclass
class SchoolRun:
    """State while one school's files are written."""

    job: SchoolJob
    out_dir: Path
    rng: random.Random
    factory: PersonFactory
    out: SchoolOutput
    next_person: int
    signer: str = ""
    preparer: str = ""

    def next_p(self) -> int:
        self.next_person += 1
        return self.next_person - 1

    @property
    def code(self) -> str:
        return self.job.school.code

    def folder(self) -> str:
        if self.job.placement == "name_folder":
            return self.job.school.name
        return SHARED_FOLDER if self.job.placement == "shared_folder" else self.code

    def file_name(self, dataset: str, ext: str, suffix: str = "") -> str:
        return self.path_for(f"{self.rng.choice(BASE_NAMES[dataset])}{suffix}.{ext}")

    def path_for(self, name: str) -> str:
        """``folder/name``; in the shared folder names get the school's number, like "(12)"."""
        if self.job.placement == "shared_folder":
            stem, _, ext = name.rpartition(".")
            name = f"{stem} ({self.job.school.index + 1}).{ext}"
        return f"{self.folder()}/{name}"

    def write(self, rel: str, data: bytes, day: date) -> None:
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        stamp = mtime_for(day)
        os.utime(path, (stamp, stamp))

    def file_defects(self, rel: str, report_date: date) -> None:
        as_of = self.job.as_of
        if report_date > deadline_for(as_of):
            self.add_defect(
                rel,
                Defect(
                    "",
                    "late_submission",
                    f"report date {report_date} after the deadline {deadline_for(as_of)}",
                ),
            )
        elif report_date < quarter_start(as_of):
            self.add_defect(
                rel,
                Defect(
                    "", "stale_submission", f"report date {report_date} is in an earlier quarter"
                ),
            )
        if not self.job.in_registry:
            self.add_defect(
                rel,
                Defect(
                    "school_code",
                    "unknown_school_code",
                    "folder's school code is not in the registry",
                    raw_value=self.code,
                ),
            )

    def add_defect(self, rel: str, d: Defect, sheet: str = "") -> None:
        self.out.defects.append(defect_row(rel, sheet, None, d, self.code))


def _ext(style: styles.Style) -> str:
    if style.fmt == "csv":
        return "txt" if style.encoding == "utf-16" else "csv"
    return style.fmt


def _ensure_attribution(style: styles.Style, placement: str) -> styles.Style:
    """Outside its code folder a file must name its school (title rows or a code column)."""
    if placement == "code_folder" or style.title_rows or style.school_code_column:
        return style
    return replace(style, school_code_column=True)


def _heading(run: SchoolRun, report_date: date) -> SchoolHeading:
    s = run.job.school
    if s.level in ("THPT", "GDTX"):
        orgs: tuple[str, ...] = ("SỞ GD&ĐT ĐẮK LẮK", s.name.upper())
        if run.rng.random() < 0.5:
            orgs = ("UBND TỈNH ĐẮK LẮK", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", s.name.upper())
    else:
        orgs = (f"UBND {s.commune.kind.upper()} {s.commune.name.upper()}", s.name.upper())
    place = "Đắk Lắk" if run.rng.random() < 0.5 else s.commune.name
    head = "GIÁM ĐỐC" if s.level == "GDTX" else "HIỆU TRƯỞNG"
    year = run.factory.school_year
    return SchoolHeading(
        orgs, place, head, run.signer, run.preparer, f"{year}-{year + 1}", report_date
    )


def write_people_file(
    run: SchoolRun,
    dataset: str,
    rows: list[RowSpec],
    style: styles.Style,
    fields: set[str],
    rel: str,
    report_date: date,
    extra_sheets: tuple[Sheet, ...] = (),
    supersedes: str = "",
) -> None:
    rng = run.rng
    cols = columns(rng, style, dataset, order_fields(fields, style))
    ctx = FileContext(
        style,
        dataset,
        run.code,
        f"{report_date:%d/%m/%Y}",
        rng.choice(vocab.GENDER_WORDS),
        rng.choice(vocab.DIGITAL_SKILLS_WORDS),
    )
    sheets = build_sheets(rows, cols, ctx, _heading(run, report_date), rng)
    data = file_bytes([*sheets, *extra_sheets], style.fmt, style.encoding, style.delimiter)
    dated = style.report_place != "none"
    file_day = report_date + timedelta(days=rng.randint(1, 4)) if dated else report_date
    run.write(rel, data, file_day)
    people, defects = sheet_truth(rel, sheets, cols, dataset, run.code)
    if style.encoding == "cp1258" or style.legacy:
        defects += _lossy_rows(rel, sheets, run.code, style.legacy or "Windows-1258")
    run.out.people += people
    run.out.defects += defects
    ids = run.out.student_ids if dataset == "students" else run.out.teacher_ids
    ids.update(p[4] for p in people)
    tags = [*_visible_tags(style, fields), f"placement_{run.job.placement}"]
    if extra_sheets:
        tags.append("extra_stats_sheet")
        for sheet in extra_sheets:
            run.add_defect(
                rel,
                Defect("", "unrecognised_sheet", "a statistics form, none of our datasets"),
                sheet.name,
            )
    if supersedes:
        tags.append("resubmission")
        run.add_defect(
            rel, Defect("", "resubmission", f"newer version of {supersedes}", finding=False)
        )
    run.out.files.append(
        FileTruth(
            rel,
            run.code,
            dataset,
            ";".join(tags),
            True,
            report_date.isoformat(),
            "file" if dated else "mtime",
            len(people),
            ";".join(s.name for s in sheets + list(extra_sheets)),
            supersedes,
        )
    )
    run.file_defects(rel, report_date)


def _lossy_rows(rel: str, sheets: list[Sheet], code: str, charset: str) -> list[tuple[str, ...]]:
    """Rows whose name the file's 8-bit charset could not hold (it has no "ŭ"/"ĭ")."""
    note = Defect(
        "full_name",
        "lossy_encoding",
        f"{charset} has no ŭ/ĭ: the name was written without the breve",
        finding=False,
    )
    return [
        defect_row(
            rel, sheet.name, index + 1, note, code, spec.person.person_id, spec.person.full_name
        )
        for sheet in sheets
        for index, spec in sheet.data_rows
        if strip_breves(spec.person.full_name) != spec.person.full_name
    ]


def _visible_tags(style: styles.Style, fields: set[str]) -> list[str]:
    hidden = set()
    if "phone" not in fields:
        hidden.add(f"phone_style_{style.phone_style}")
    if not fields & {"citizen_id", "moet_id", "phone", "school_code"}:
        hidden.add(f"id_style_{style.id_style}")
    if "ethnicity" not in fields:
        hidden.add("ethnicity_variants")
    return [t for t in style.tags() if t not in hidden]


def _dataset(run: SchoolRun, dataset: str, rows: list[RowSpec], fmt: str) -> None:
    job, rng = run.job, run.rng
    style = styles.make(rng, dataset, fmt, job.forced.get(dataset, {}))
    style = _ensure_attribution(style, job.placement)
    fields = choose_fields(rng, style, dataset, job.school.level == "Mầm non")
    ctx = ScenarioContext(
        rng, run.factory, rows, fields, style, run.next_p, job.unknown_code, job.as_of
    )
    table = STUDENT_SCENARIOS if dataset == "students" else STAFF_SCENARIOS
    for name in sorted(job.scenarios & set(table)):
        table[name](ctx)
    extra = ()
    if dataset == "students" and "broken_stats_sheet" in job.scenarios:
        extra = (broken.statistics_sheet(rng, job.school.n_students),)
    report_date = job.report_date
    rel = run.file_name(dataset, _ext(style))
    if dataset == "students" and "resubmission" in job.scenarios:
        older = rel
        write_people_file(
            run,
            dataset,
            rows,
            style,
            fields,
            older,
            report_date - timedelta(days=rng.randint(5, 10)),
        )
        info = next(c for c in classes(job.school) if c.name == rows[-1].person.class_name)
        rows = [*rows, RowSpec(student_for_class(run.factory, run.next_p(), info))]
        rel = run.file_name(dataset, _ext(style), " (cap nhat)")
        write_people_file(run, dataset, rows, style, fields, rel, report_date, extra, older)
        return
    write_people_file(run, dataset, rows, style, fields, rel, report_date, extra)


def _broken_files(run: SchoolRun, rows: list[RowSpec]) -> None:
    job, rng = run.job, run.rng
    day = job.report_date
    made: list[tuple[str, bytes, str, str, str]] = []  # rel, data, dataset, tags, kind detail
    if "broken_truncated" in job.scenarios:
        sheet = Sheet(
            "Sheet1",
            rows=[["STT", "Họ và tên", "Ngày sinh"]]
            + [[i, r.person.full_name, f"{r.person.birth:%d/%m/%Y}"] for i, r in enumerate(rows)],
        )
        made.append(
            (
                run.path_for("DS hoc sinh (ban loi).xlsx"),
                broken.truncated_xlsx([sheet]),
                "students",
                "xlsx;truncated",
                "truncated workbook (bad zip)",
            )
        )
    if "broken_empty" in job.scenarios:
        made.append((run.path_for("Book1.xlsx"), b"", "none", "xlsx;empty", "empty file"))
    if "broken_garbage_xls" in job.scenarios:
        made.append(
            (
                run.path_for("DS CBGV (co mat khau).xls"),
                broken.garbage_xls(rng),
                "teachers",
                "xls;garbage",
                "not a readable workbook (encrypted or corrupted)",
            )
        )
    for rel, data, dataset, tags, detail in made:
        run.write(rel, data, day)
        run.out.files.append(
            FileTruth(rel, run.code, dataset, tags, False, day.isoformat(), "mtime", 0)
        )
        run.add_defect(rel, Defect("", "unreadable_file", detail))
    if "broken_not_people_csv" in job.scenarios:
        rel = run.path_for("thiet_bi_day_hoc.csv")
        run.write(rel, broken.equipment_csv(rng), day)
        run.out.files.append(
            FileTruth(
                rel, run.code, "none", "csv;enc_utf-8-sig;comma", True, day.isoformat(), "mtime", 0
            )
        )
        run.add_defect(rel, Defect("", "not_a_dataset", "an equipment inventory, no people"))


def generate_school(job: SchoolJob, out_dir: Path) -> SchoolOutput:
    """Write all files of one school under ``out_dir``; return its truth rows."""
    s = job.school
    rng = random.Random(f"{job.seed}:{s.code}")
    factory = PersonFactory(rng, s.commune, job.as_of)
    run = SchoolRun(
        job, out_dir, rng, factory, SchoolOutput(), s.person_base + s.n_students + s.n_staff
    )
    fmt = rng.choices(list(styles.FORMATS), list(styles.FORMATS.values()))[0]
    staff_rows = staff(s, factory)
    run.signer = staff_rows[0].person.full_name
    run.preparer = rng.choice(staff_rows[1:] or staff_rows).person.full_name
    student_rows = students(s, factory)
    for person, defects in job.extra_students:
        place_extra(student_rows, person, defects)
    for person, defects in job.extra_staff:
        staff_rows.append(RowSpec(person, defects=list(defects)))
    _dataset(run, "students", student_rows, fmt)
    if "missing_teachers" in job.scenarios:
        if job.in_registry:
            run.add_defect(
                "", Defect("teachers", "missing_dataset", "no staff list submitted this period")
            )
    else:
        same_software = rng.random() < 0.7
        _dataset(
            run,
            "teachers",
            staff_rows,
            fmt
            if same_software
            else rng.choices(list(styles.FORMATS), list(styles.FORMATS.values()))[0],
        )
    _broken_files(run, student_rows)
    return run.out
