"""People-level scenarios injected into one school's list, each recorded as a :class:`Defect`.

A scenario picks a "pristine" row (no scenario yet), changes or copies it, and says what the
pipeline should find (``finding=True``) or must not do (``finding=False``, e.g. twins).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from edu_pipeline.demo.model import Defect, RowSpec
from edu_pipeline.demo.people import PersonFactory, citizen_id, moet_id
from edu_pipeline.demo.styles import Style
from edu_pipeline.demo.textstyle import has_tone_variant, typo

TONE_NAMES = {"Nữ": ("Thủy", "Thùy", "Hòa", "Thúy"), "Nam": ("Hòa", "Thụy", "Khỏe")}
IMPOSSIBLE = ((2, 30), (2, 31), (4, 31), (6, 31), (9, 31), (11, 31))


@dataclass
class ScenarioContext:
    rng: random.Random
    factory: PersonFactory
    rows: list[RowSpec]
    fields: set[str]
    style: Style
    next_p: Callable[[], int]
    unknown_code: str
    as_of: date


def _pick(ctx: ScenarioContext, ok: Callable[[RowSpec], bool] = lambda r: True) -> int | None:
    """Index of a random row that no scenario touched yet (and that satisfies ``ok``)."""
    candidates = [i for i, r in enumerate(ctx.rows) if not r.touched and not r.defects and ok(r)]
    return ctx.rng.choice(candidates) if candidates else None


def dup_exact(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx)) is None:
        return
    first = ctx.rows[i]
    first.touched = True
    ctx.rows.insert(
        i + 1,
        RowSpec(
            first.person, defects=[Defect("", "duplicate_exact", "same person twice in one sheet")]
        ),
    )


def dup_typo(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx)) is None:
        return
    first = ctx.rows[i]
    name = typo(first.person.full_name, ctx.rng)
    first.touched = True
    ctx.rows.insert(
        i + 1 + ctx.rng.randrange(3),
        RowSpec(
            first.person,
            name=name,
            defects=[
                Defect(
                    "full_name",
                    "duplicate_near_typo",
                    "same person again, typo in the name",
                    raw_value=name,
                )
            ],
        ),
    )


def dup_tone(ctx: ScenarioContext) -> None:
    i = _pick(ctx, lambda r: has_tone_variant(r.person.full_name))
    if i is None:
        i = _pick(ctx, lambda r: r.person.order == "kinh")
        if i is None:
            return
        person = ctx.rows[i].person
        person.given = ctx.rng.choice(TONE_NAMES[person.gender])
    first = ctx.rows[i]
    first.touched = True
    ctx.rows.insert(
        i + 1,
        RowSpec(
            first.person,
            flip_tone=True,
            defects=[
                Defect(
                    "full_name", "duplicate_near_tone", "same person again, other tone-mark style"
                )
            ],
        ),
    )


def dup_swap(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx)) is None:
        return
    first = ctx.rows[i]
    b = first.person.birth
    day = ctx.rng.choice([d for d in range(1, 13) if d != b.month])
    first.person.birth = date(b.year, b.month, day)
    first.touched = True
    ctx.rows.insert(
        i + 1,
        RowSpec(
            first.person,
            birth=(b.year, day, b.month),
            defects=[
                Defect(
                    "birth_date",
                    "duplicate_near_date_swap",
                    "same person again, day and month of the birth date swapped",
                )
            ],
        ),
    )


def twins(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx)) is None:
        return
    a = ctx.rows[i].person
    p = ctx.next_p()
    # Same-sex twins: a boy and a girl would not share a middle name like "Văn" or "Thị".
    gender = a.gender
    given = a.given
    while given == a.given:
        given = ctx.factory.name(a.ethnicity, gender)[2]
    b = replace(
        a,
        person_id=f"P{p:07d}",
        given=given,
        gender=gender,
        citizen_id=citizen_id(a.citizen_id[:3] or "066", gender, a.birth.year, p)
        if a.citizen_id
        else "",
        moet_id=moet_id(p) if a.moet_id else "",
        extra={},
    )
    note = "twins: same family and middle name, birth date and class; two different people"
    ctx.rows[i].defects.append(Defect("", "twins", note, finding=False))
    ctx.rows.insert(i + 1, RowSpec(b, defects=[Defect("", "twins", note, finding=False)]))


def cccd_mismatch(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx, lambda r: bool(r.person.citizen_id))) is None:
        return
    row = ctx.rows[i]
    row.touched = True
    cid = row.person.citizen_id
    yy = (row.person.birth.year + ctx.rng.choice([1, 2, -1, 10])) % 100
    row.citizen_id = f"{cid[:4]}{yy:02d}{cid[6:]}"
    ctx.fields.add("citizen_id")
    row.defects.append(
        Defect(
            "citizen_id",
            "citizen_id_birth_year_mismatch",
            f"year digits {yy:02d} disagree with birth year {row.person.birth.year}",
            raw_value=row.citizen_id,
        )
    )


def invalid_date(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx)) is None:
        return
    row = ctx.rows[i]
    year = row.person.birth.year
    month, day = ctx.rng.choice(IMPOSSIBLE if year % 4 == 0 else (*IMPOSSIBLE, (2, 29)))
    row.birth = (year, month, day)
    row.defects.append(
        Defect("birth_date", "invalid_date", f"day {day} does not exist in month {month} of {year}")
    )


def future_birth_date(ctx: ScenarioContext) -> None:
    """A birth year typed with its last digits swapped or shifted into the future."""
    if (i := _pick(ctx)) is None:
        return
    row = ctx.rows[i]
    birth = row.person.birth
    swapped = int(str(birth.year)[:2] + str(birth.year)[3] + str(birth.year)[2])
    year = swapped if swapped > ctx.as_of.year else ctx.as_of.year + ctx.rng.randint(1, 9)
    row.birth = (year, birth.month, min(birth.day, 28))
    row.defects.append(Defect("birth_date", "future_birth_date", f"year {year} typed"))


def age_not_for_grade(ctx: ScenarioContext) -> None:
    """A birth year ten years off (2006 for 2016): a possible date, impossible for the grade."""
    if (i := _pick(ctx, lambda r: r.person.grade.isdigit())) is None:
        return
    row = ctx.rows[i]
    birth = row.person.birth
    year = birth.year - 10
    row.birth = (year, birth.month, min(birth.day, 28))
    note = f"born {year}, grade {row.person.grade}"
    row.defects.append(Defect("birth_date", "age_not_for_grade", note))


def name_digits(ctx: ScenarioContext) -> None:
    if ctx.rng.random() < 0.5:
        if (i := _pick(ctx)) is None:
            return
        row = ctx.rows[i]
        row.name = f"{row.person.full_name}{ctx.rng.randint(1, 9)}"
        raw = row.name
        kind_note = "a digit typed into a real name"
    else:
        i = ctx.rng.randrange(len(ctx.rows))
        model = ctx.rows[i].person
        p = ctx.next_p()
        ascii_name = ctx.rng.random() < 0.5
        dummy = replace(
            model,
            person_id=f"P{p:07d}",
            family="Nguyen" if ascii_name else "Nguyễn",
            middle="Van" if ascii_name else "Văn",
            given="A1",
            order="kinh",
            gender="Nam",
            ethnicity="Kinh",
            citizen_id="",
            moet_id="",
            extra={},
        )
        row = RowSpec(dummy)
        ctx.rows.insert(i + 1, row)
        raw = dummy.full_name
        kind_note = "a placeholder test row"
    row.defects.append(Defect("full_name", "name_has_digits", kind_note, raw_value=raw))


def missing_required(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx)) is None:
        return
    options = ["full_name", "birth_date"] + ([] if ctx.style.female_mark else ["gender"])
    field = ctx.rng.choice(options)
    row = ctx.rows[i]
    row.blank = (field,)
    row.defects.append(Defect(field, "missing_required", f"required field {field} is empty"))


def unknown_code_row(ctx: ScenarioContext) -> None:
    if (i := _pick(ctx)) is None:
        return
    row = ctx.rows[i]
    row.school_code = ctx.unknown_code
    ctx.fields.add("school_code")
    row.defects.append(
        Defect(
            "school_code",
            "unknown_school_code",
            "school code not in the registry",
            raw_value=ctx.unknown_code,
        )
    )


def staff_retired(ctx: ScenarioContext) -> None:
    i = _pick(ctx, lambda r: r.person.position not in ("Hiệu trưởng", "Giám đốc"))
    if i is None:
        return
    person = ctx.rows[i].person
    age = ctx.rng.randint(63, 65) if person.gender == "Nam" else ctx.rng.randint(59, 62)
    person.birth = date(
        ctx.as_of.year - age - 1, ctx.rng.randint(ctx.as_of.month, 12), ctx.rng.randint(1, 28)
    )
    if person.citizen_id:
        person.citizen_id = citizen_id(
            person.citizen_id[:3], person.gender, person.birth.year, int(person.person_id[1:])
        )
    ctx.rows[i].defects.append(
        Defect(
            "birth_date",
            "past_retirement_age",
            f"{person.gender}, born {person.birth.year}, listed as working",
        )
    )


def _left(ctx: ScenarioContext, field: str, statuses: tuple[str, ...], kind: str) -> None:
    i = _pick(ctx, lambda r: r.person.position not in ("Hiệu trưởng", "Giám đốc"))
    if i is None:
        return
    row = ctx.rows[i]
    row.touched = True
    status = ctx.rng.choice(statuses)
    row.person = replace(row.person, **{field: status})
    ctx.fields.add(field)
    row.defects.append(Defect(field, kind, f"status {status}, still listed", raw_value=status))


def left_but_listed(ctx: ScenarioContext) -> None:
    """A pupil whose status says it moved away or dropped out, still on the class list."""
    _left(ctx, "status", ("Chuyển đi", "Thôi học"), "left_but_listed")


def staff_left(ctx: ScenarioContext) -> None:
    """A teacher marked retired or transferred, still on the staff list."""
    _left(ctx, "employment_status", ("Nghỉ hưu", "Chuyển công tác"), "staff_left_but_listed")


STUDENT_SCENARIOS: dict[str, Callable[[ScenarioContext], None]] = {
    "dup_exact": dup_exact,
    "dup_typo": dup_typo,
    "dup_tone": dup_tone,
    "dup_swap": dup_swap,
    "twins": twins,
    "cccd_mismatch": cccd_mismatch,
    "invalid_date": invalid_date,
    "future_birth_date": future_birth_date,
    "age_not_for_grade": age_not_for_grade,
    "name_digits": name_digits,
    "missing_required": missing_required,
    "unknown_code_row": unknown_code_row,
    "left_but_listed": left_but_listed,
}
STAFF_SCENARIOS: dict[str, Callable[[ScenarioContext], None]] = {
    "staff_retired": staff_retired,
    "staff_missing": missing_required,
    "staff_cccd": cccd_mismatch,
    "staff_left": staff_left,
}
