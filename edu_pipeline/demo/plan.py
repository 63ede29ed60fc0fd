"""The province plan: which school gets which shapes and scenarios, and who is shared.

Each feature and scenario has a rate; on top of that every one of them is *guaranteed* at
least once (so the 30-school demo shows them all). The plan is made in one process; the
schools are then generated independently (possibly in parallel) from their :class:`SchoolJob`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from edu_pipeline.demo import styles
from edu_pipeline.demo.model import Defect
from edu_pipeline.demo.people import Person, PersonFactory, citizen_id
from edu_pipeline.demo.registry import School, make_schools
from edu_pipeline.demo.rows import as_transfer, classes, matching_class, student_for_class

STUDENT_RATES = {
    "dup_exact": 0.35,
    "dup_typo": 0.25,
    "dup_tone": 0.15,
    "dup_swap": 0.15,
    "twins": 0.15,
    "cccd_mismatch": 0.2,
    "invalid_date": 0.15,
    "future_birth_date": 0.05,
    "age_not_for_grade": 0.05,
    "name_digits": 0.1,
    "missing_required": 0.2,
    "unknown_code_row": 0.04,
}
STAFF_RATES = {"staff_retired": 0.12, "staff_missing": 0.08, "staff_cccd": 0.08}
# Added later: drawn from their own random stream so that every earlier draw (and so the
# rest of a seed's province) stays the same.
LEFT_RATES = {"left_but_listed": 0.05, "staff_left": 0.05}
SCHOOL_RATES = {
    "resubmission": 0.04,
    "missing_teachers": 0.03,
    "broken_truncated": 0.01,
    "broken_empty": 0.01,
    "broken_not_people_csv": 0.01,
    "broken_stats_sheet": 0.01,
    "broken_garbage_xls": 0.01,
}
REPORT_STATUS = {"on_time": 84, "late": 8, "stale": 8}
PLACEMENTS = {"code_folder": 84, "name_folder": 8, "shared_folder": 8}
STYLE_FEATURES: list[tuple[str, dict[str, Any]]] = (
    [("any", {"fmt": f}) for f in ("xlsx", "xls", "ods", "csv")]
    + [("any", {"encoding": e}) for e in ("utf-8", "utf-8-sig", "utf-16", "cp1258")]
    + [
        ("any", {"encoding": "utf-8", "delimiter": ";"}),
        ("any", {"encoding": "cp1258", "delimiter": ";"}),
        ("any", {"title_rows": True, "merged_title": True}),
        ("any", {"title_rows": True}),
        ("any", {"two_row_header": True}),
        ("students", {"layout": "sheet_per_class"}),
        ("students", {"layout": "class_captions"}),
        ("any", {"footer": True}),
        ("any", {"footer": True, "blank_date_line": True}),
        ("any", {"header_case": "upper"}),
        ("any", {"header_case": "no_diacritics"}),
        ("any", {"header_star": True}),
        ("any", {"newline_header": True}),
        ("any", {"split_name": True}),
        ("any", {"female_mark": True}),
        ("students", {"legacy": "tcvn3", "legacy_scope": "file"}),
        ("teachers", {"legacy": "vni", "legacy_scope": "file"}),
        ("students", {"legacy": "tcvn3", "legacy_scope": "name_column"}),
        ("any", {"nfd": True}),
        ("any", {"tone": "new"}),
        ("any", {"name_case": "upper"}),
        ("any", {"stray_spaces": True}),
        ("any", {"stt": False}),
        ("any", {"ethnicity_variants": True}),
        ("any", {"school_code_column": True}),
    ]
    + [("any", {"id_style": s}) for s in ("number", "spaced", "dotted", "apostrophe")]
    + [("any", {"date_style": s}) for s in styles.DATE_STYLES]
    + [("any", {"phone_style": s}) for s in ("plus84", "dots", "old_prefix")]
    + [("any", {"report_place": s}) for s in styles.REPORT_PLACES]
)


@dataclass
class SchoolJob:
    """Everything one school's generation needs (picklable)."""

    school: School
    seed: int
    as_of: date
    report_date: date
    report_status: str  # on_time | late | stale
    placement: str  # code_folder | name_folder | shared_folder
    forced: dict[str, dict[str, Any]] = field(default_factory=dict)  # dataset -> features
    scenarios: set[str] = field(default_factory=set)
    extra_students: list[tuple[Person, list[Defect]]] = field(default_factory=list)
    extra_staff: list[tuple[Person, list[Defect]]] = field(default_factory=list)
    unknown_code: str = ""
    in_registry: bool = True


@dataclass
class Plan:
    schools: list[School]
    jobs: list[SchoolJob]
    missing: list[School]
    deadline: date


def deadline_for(as_of: date) -> date:
    """The 25th of the last month of ``as_of``'s quarter."""
    return date(as_of.year, (as_of.month - 1) // 3 * 3 + 3, 25)


def _report_date(rng: random.Random, status: str, as_of: date, deadline: date) -> date:
    if status == "late":
        return deadline + timedelta(days=rng.randint(1, 5))
    if status == "stale":
        prev = deadline_for(date(as_of.year, (as_of.month - 1) // 3 * 3 + 1, 1) - timedelta(days=1))
        return prev - timedelta(days=rng.randint(0, 20))
    return as_of - timedelta(days=rng.randint(0, 18))


def _has_grades(job: SchoolJob) -> bool:
    return job.school.level != "Mầm non"


def _ensure(
    rng: random.Random, jobs: list[SchoolJob], name: str, ok: Callable[[SchoolJob], bool]
) -> None:
    """Give ``name`` to a random eligible job unless one already has it."""
    if any(name in j.scenarios for j in jobs):
        return
    eligible = [j for j in jobs if ok(j)]
    if eligible:
        rng.choice(eligible).scenarios.add(name)


def make_plan(n_schools: int, students_per_school: int, seed: int, as_of: date) -> Plan:
    rng = random.Random(f"{seed}:plan")
    schools = make_schools(rng, n_schools, students_per_school)
    base = 0
    for s in schools:
        s.person_base, base = base, base + s.n_persons
    n_missing = 2 if n_schools <= 100 else max(2, n_schools // 100)
    missing = sorted(
        rng.sample(schools, min(n_missing, max(0, n_schools - 1))), key=lambda s: s.index
    )
    missing_codes = {s.code for s in missing}
    deadline = deadline_for(as_of)
    used_codes = {s.code for s in schools}
    jobs = []
    for s in schools:
        if s.code in missing_codes:
            continue
        status = rng.choices(list(REPORT_STATUS), list(REPORT_STATUS.values()))[0]
        jobs.append(
            SchoolJob(
                s,
                seed,
                as_of,
                as_of,
                status,
                rng.choices(list(PLACEMENTS), list(PLACEMENTS.values()))[0],
            )
        )
    _assign_statuses(rng, jobs, as_of, deadline)
    _assign_scenarios(rng, jobs)
    _assign_left_scenarios(random.Random(f"{seed}:left"), jobs)
    for job in jobs:
        job.unknown_code = _unknown_code(rng, used_codes)
    _assign_styles(rng, jobs)
    base = _cross_school(rng, jobs, base, as_of)
    jobs.append(_unknown_school(rng, schools, used_codes, base, seed, as_of))
    return Plan(schools, jobs, missing, deadline)


def _assign_statuses(
    rng: random.Random, jobs: list[SchoolJob], as_of: date, deadline: date
) -> None:
    for status in ("late", "stale"):
        on_time = [j for j in jobs if j.report_status == "on_time"]
        if on_time and not any(j.report_status == status for j in jobs):
            rng.choice(on_time).report_status = status
    for place in ("name_folder", "shared_folder"):
        plain = [j for j in jobs if j.placement == "code_folder"]
        if plain and not any(j.placement == place for j in jobs):
            rng.choice(plain).placement = place
    for job in jobs:
        job.report_date = _report_date(rng, job.report_status, as_of, deadline)


def _assign_scenarios(rng: random.Random, jobs: list[SchoolJob]) -> None:
    for job in jobs:
        for rates in (STUDENT_RATES, STAFF_RATES, SCHOOL_RATES):
            job.scenarios |= {name for name, rate in rates.items() if rng.random() < rate}
    for name in SCHOOL_RATES:
        _ensure(rng, jobs, name, lambda j: not j.scenarios & set(SCHOOL_RATES))
    for job in jobs:
        if "missing_teachers" in job.scenarios:
            job.scenarios -= set(STAFF_RATES) | {"broken_garbage_xls"}
    for job in jobs:
        if not _has_grades(job):
            job.scenarios.discard("age_not_for_grade")
    for name in STUDENT_RATES:
        _ensure(rng, jobs, name, lambda j, n=name: n != "age_not_for_grade" or _has_grades(j))
    for name in STAFF_RATES:
        _ensure(rng, jobs, name, lambda j: "missing_teachers" not in j.scenarios)


def _assign_left_scenarios(rng: random.Random, jobs: list[SchoolJob]) -> None:
    """People whose status says they left but who are still listed (a "sống" finding)."""
    for job in jobs:
        job.scenarios |= {name for name, rate in LEFT_RATES.items() if rng.random() < rate}
    for job in jobs:
        if "missing_teachers" in job.scenarios:
            job.scenarios.discard("staff_left")
    for name in LEFT_RATES:
        _ensure(rng, jobs, name, lambda j: "missing_teachers" not in j.scenarios)


def _unknown_code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = f"66{rng.randrange(100_000, 1_000_000):06d}"
        if code not in used:
            return code


def _base_forced(job: SchoolJob, dataset: str) -> dict[str, Any]:
    forced: dict[str, Any] = {}
    if job.placement == "shared_folder":
        forced["school_code_column"] = True
    if dataset == "students" and "unknown_code_row" in job.scenarios:
        forced["school_code_column"] = True
    if dataset == "students" and "broken_stats_sheet" in job.scenarios:
        forced["fmt"] = "xlsx"
    return forced


def _assign_styles(rng: random.Random, jobs: list[SchoolJob]) -> None:
    slots = []
    for job in jobs:
        datasets = ["students"] + ([] if "missing_teachers" in job.scenarios else ["teachers"])
        for ds in datasets:
            job.forced[ds] = _base_forced(job, ds)
            slots.append((job, ds))
    rng.shuffle(slots)
    features = list(STYLE_FEATURES)
    rng.shuffle(features)
    start = 0
    for target, feature in features:
        for k in range(len(slots)):
            job, ds = slots[(start + k) % len(slots)]
            if target not in ("any", ds):
                continue
            trial = {**job.forced[ds], **feature}
            if len(trial) == len(job.forced[ds]) + len(feature) and styles.compatible(trial, ds):
                job.forced[ds] = trial
                start = (start + k + 1) % len(slots)
                break


def _cross_school(rng: random.Random, jobs: list[SchoolJob], base: int, as_of: date) -> int:
    """Transferred students, teachers working in two schools, namesakes."""
    n = len(jobs)
    by_level: dict[str, list[SchoolJob]] = {}
    for job in jobs:
        by_level.setdefault(job.school.level, []).append(job)
    levels = [lv for lv, js in by_level.items() if len(js) >= 2]
    school_year = as_of.year if as_of.month >= 9 else as_of.year - 1
    for k in range(max(2, n // 10) if levels else 0):
        src, dst = rng.sample(by_level[levels[k % len(levels)]], 2)
        factory = PersonFactory(rng, src.school.commune, as_of)
        person = student_for_class(factory, base, rng.choice(classes(src.school)))
        base += 1
        note = "listed by two schools in the same period: {}"
        src.extra_students.append(
            (person, [Defect("", "student_in_two_schools", note.format(dst.school.code))])
        )
        moved = as_transfer(person, matching_class(dst.school, person.birth, school_year))
        dst.extra_students.append(
            (moved, [Defect("", "student_in_two_schools", note.format(src.school.code))])
        )
    staffed = [j for j in jobs if "missing_teachers" not in j.scenarios]
    for _ in range(max(1, n // 15) if len(staffed) >= 2 else 0):
        a, b = rng.sample(staffed, 2)
        factory = PersonFactory(rng, a.school.commune, as_of)
        teacher = factory.staff(base, "Giáo viên", "Tin học", "lientruong")
        base += 1
        note = "one teacher working in two schools (allowed): {}"
        a.extra_staff.append(
            (
                teacher,
                [Defect("", "teacher_in_two_schools", note.format(b.school.code), finding=False)],
            )
        )
        b.extra_staff.append(
            (
                teacher,
                [Defect("", "teacher_in_two_schools", note.format(a.school.code), finding=False)],
            )
        )
    for _ in range(max(1, n // 15) if n >= 2 else 0):
        a, b = rng.sample(jobs, 2)
        factory = PersonFactory(rng, a.school.commune, as_of)
        first = student_for_class(factory, base, rng.choice(classes(a.school)))
        info = rng.choice(classes(b.school))
        second = student_for_class(PersonFactory(rng, b.school.commune, as_of), base + 1, info)
        second = replace(
            second,
            family=first.family,
            middle=first.middle,
            given=first.given,
            order=first.order,
            gender=first.gender,
            ethnicity=first.ethnicity,
        )
        if second.birth == first.birth:
            second.birth += timedelta(days=40)
        if second.citizen_id:  # its own number, agreeing with the copied gender
            cid = citizen_id(second.citizen_id[:3], second.gender, second.birth.year, base + 1)
            second = replace(second, citizen_id=cid)
        base += 2
        note = "same name as a different person in school {}; not a duplicate"
        a.extra_students.append(
            (first, [Defect("", "namesake", note.format(b.school.code), finding=False)])
        )
        b.extra_students.append(
            (second, [Defect("", "namesake", note.format(a.school.code), finding=False)])
        )
    return base


def _unknown_school(
    rng: random.Random, schools: list[School], used: set[str], base: int, seed: int, as_of: date
) -> SchoolJob:
    """A folder whose school code is not in the registry."""
    model = rng.choice(schools)
    code = _unknown_code(rng, used)
    school = replace(
        model,
        index=len(schools),
        code=code,
        name=f"{model.name} (cơ sở 2)",
        n_students=min(model.n_students, 40),
        n_staff=6,
        person_base=base,
        registry_row=0,
    )
    return SchoolJob(
        school,
        seed,
        as_of,
        as_of - timedelta(days=3),
        "on_time",
        "code_folder",
        forced={"students": {}},
        scenarios={"missing_teachers"},
        in_registry=False,
    )
