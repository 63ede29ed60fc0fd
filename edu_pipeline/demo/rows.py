"""A school's people (classes, students, staff) as rows to write, before scenarios."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from edu_pipeline.demo import vocab
from edu_pipeline.demo.model import Defect, RowSpec
from edu_pipeline.demo.people import Person, PersonFactory, ascii_fold
from edu_pipeline.demo.registry import School


@dataclass(frozen=True)
class ClassInfo:
    name: str
    grade: int
    grade_label: str
    size: int


def classes(school: School) -> list[ClassInfo]:
    """Deterministic class list of a school (names like "1A", "6A2", "10C1", "Lá 1")."""
    grades = vocab.LEVEL_GRADES[school.level]
    n_classes = max(len(grades), round(school.n_students / vocab.CLASS_SIZE[school.level]))
    base, rest = divmod(school.n_students, n_classes)
    per_grade: dict[int, int] = {}
    out = []
    for k in range(n_classes):
        grade = grades[k % len(grades)]
        i = per_grade.get(grade, 0)
        per_grade[grade] = i + 1
        if grade <= 0:
            group, label = vocab.PRESCHOOL_GROUPS[grade]
            name = f"{group} {i + 1}"
        elif grade <= 5:
            name, label = f"{grade}{'ABCDEFGHIK'[i % 10]}{'' if i < 10 else i // 10}", str(grade)
        else:
            name, label = f"{grade}A{i + 1}", str(grade)
        out.append(ClassInfo(name, grade, label, base + (1 if k < rest else 0)))
    return sorted(out, key=lambda c: (c.grade, len(c.name), c.name))


def sort_key(person: Person) -> tuple[str, str]:
    """Vietnamese class lists are ordered by given name, then by the whole name."""
    return ascii_fold(person.full_name.rpartition(" ")[2]), ascii_fold(person.full_name)


def students(school: School, factory: PersonFactory) -> list[RowSpec]:
    p = school.person_base
    rows: list[RowSpec] = []
    older = 2 if school.level == "GDTX" else 0
    for info in classes(school):
        members = []
        for _ in range(info.size):
            extra_age = factory.rng.randint(0, older)
            members.append(factory.student(p, info.grade, info.name, info.grade_label, extra_age))
            p += 1
        rows += [RowSpec(m) for m in sorted(members, key=sort_key)]
    return rows


def staff(school: School, factory: PersonFactory) -> list[RowSpec]:
    rng = factory.rng
    p = school.person_base + school.n_students
    slug = ascii_fold(school.name.split(" ", 2)[-1])[:12]
    subjects = vocab.SUBJECTS.get(school.level, vocab.SUBJECTS["THCS"])
    head = "Giám đốc" if school.level == "GDTX" else "Hiệu trưởng"
    deputy = "Phó Giám đốc" if school.level == "GDTX" else "Phó Hiệu trưởng"
    n_support = max(2, school.n_staff // 9)
    rows = []
    for k in range(school.n_staff):
        if k == 0:
            position, subject = head, rng.choice(subjects)
        elif k <= (2 if school.n_staff > 30 else 1):
            position, subject = deputy, rng.choice(subjects)
        elif k >= school.n_staff - n_support:
            position, subject = rng.choice(vocab.STAFF_POSITIONS), ""
        else:
            position, subject = "Giáo viên", rng.choice(subjects)
        min_age = 35 if position in (head, deputy) else 23
        rows.append(RowSpec(factory.staff(p + k, position, subject, slug, min_age)))
    return rows


def place_extra(rows: list[RowSpec], person: Person, defects: list[Defect]) -> None:
    """Insert a person from another school's list into this list, in class order."""
    spec = RowSpec(person, defects=list(defects))
    same = [i for i, r in enumerate(rows) if r.person.class_name == person.class_name]
    if same:
        rows.insert(same[-1] + 1, spec)
    else:
        rows.append(spec)


def as_transfer(person: Person, info: ClassInfo) -> Person:
    """The same student as listed by the receiving school (its own class)."""
    return replace(person, class_name=info.name, grade=info.grade_label, extra={})


def matching_class(school: School, birth: date, school_year: int) -> ClassInfo:
    """A class of ``school`` whose grade fits a child born on ``birth``."""
    infos = classes(school)
    grade = school_year - 5 - birth.year
    fitting = [c for c in infos if c.grade == grade]
    return fitting[0] if fitting else min(infos, key=lambda c: abs(c.grade - grade))


def student_for_class(factory: PersonFactory, p: int, info: ClassInfo) -> Person:
    return factory.student(p, info.grade, info.name, info.grade_label)
