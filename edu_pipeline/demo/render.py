"""Turn people into cell values in a file's style: header wordings, dates, IDs, phones, names.

Cell values are Python values: ``str``, ``int`` (numbers), ``datetime.date`` (a real date
cell) or ``None`` (empty). Writers for CSV turn them into text.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

from unidecode import unidecode

from edu_pipeline.demo import vocab
from edu_pipeline.demo.data import header_variants
from edu_pipeline.demo.model import RowSpec
from edu_pipeline.demo.styles import Style
from edu_pipeline.demo.textstyle import new_tone_style, stray_spaces, strip_breves
from edu_pipeline.vietnamese.legacy_fonts import encode_tcvn3, encode_vni

Cell = str | int | date | None
REQUIRED = ("full_name", "birth_date", "gender")
NAME_FIELDS = ("full_name", "family_middle", "given_name")
OPTIONAL = {  # field -> probability that a file has the column
    "students": {
        "moet_id": 0.7,
        "ethnicity": 0.8,
        "citizen_id": 0.75,
        "grade": 0.5,
        "class_name": 0.9,
        "phone": 0.5,
        "address": 0.4,
        "digital_record": 0.6,
        "status": 0.5,
    },
    "teachers": {
        "staff_code": 0.4,
        "ethnicity": 0.7,
        "citizen_id": 0.85,
        "position": 0.9,
        "subject": 0.8,
        "phone": 0.8,
        "email": 0.6,
        "address": 0.2,
        "digital_skills": 0.9,
        "employment_status": 0.5,
    },
}
ORDER = (
    "stt",
    "school_code",
    "moet_id",
    "staff_code",
    "full_name",
    "birth_date",
    "gender",
    "ethnicity",
    "citizen_id",
    "grade",
    "class_name",
    "position",
    "subject",
    "phone",
    "email",
    "address",
    "digital_record",
    "digital_skills",
    "status",
    "employment_status",
    "report_date",
)
NEWLINE_NAME = {"students": "Họ và tên\nhọc sinh", "teachers": "Họ và tên\ncán bộ, giáo viên"}


@dataclass(frozen=True)
class Column:
    field: str  # canonical field, or birth_day/birth_month/birth_year, family_middle...
    header: str  # header text (top cell for a two-row header group)
    sub: str | None = None  # second-row text under a merged group header


@dataclass(frozen=True)
class FileContext:
    """What every row of one file shares."""

    style: Style
    dataset: str
    school_code: str
    report_date: str  # dd/mm/yyyy for a "Ngày báo cáo" column
    gender_words: tuple[str, str]
    skills_words: tuple[str, str]


def choose_fields(rng: random.Random, style: Style, dataset: str, preschool: bool) -> set[str]:
    """Which canonical columns a file has (required ones always)."""
    chosen = set(REQUIRED)
    for name, prob in OPTIONAL[dataset].items():
        if rng.random() < prob and not (preschool and name == "digital_record"):
            chosen.add(name)
    if style.layout != "single":
        chosen.discard("class_name")
    flags = {
        "stt": style.stt,
        "school_code": style.school_code_column,
        "report_date": style.report_place == "column",
        "phone": style.phone_style != "plain",
        "citizen_id": style.id_style != "text",
        "ethnicity": style.ethnicity_variants,
    }
    return chosen | {name for name, on in flags.items() if on}


def order_fields(fields: set[str], style: Style) -> list[str]:
    order = list(ORDER)
    if style.swap_birth_gender:
        i, j = order.index("birth_date"), order.index("gender")
        order[i], order[j] = order[j], order[i]
    return [f for f in order if f in fields]


def _header(rng: random.Random, field: str, dataset: str, style: Style) -> str:
    text = header_variants()[(field, dataset)].pick(rng)
    if field == "full_name" and style.newline_header:
        text = NEWLINE_NAME[dataset]
    elif "\n" in text and not style.newline_header:
        text = text.replace("\n", " ")
    if style.header_case == "upper":
        text = text.upper()
    elif style.header_case == "no_diacritics":
        text = unidecode(text)
    if style.header_star and field in (*REQUIRED, "family_middle", "given_name"):
        text += " *"
    return text


def columns(rng: random.Random, style: Style, dataset: str, fields: list[str]) -> list[Column]:
    out: list[Column] = []
    for field in fields:
        if field == "full_name" and style.split_name:
            out += [Column(f, _header(rng, f, dataset, style)) for f in NAME_FIELDS[1:]]
        elif field == "gender" and style.female_mark:
            out.append(Column("female_mark", _header(rng, "female_mark", dataset, style)))
        elif field == "birth_date" and style.two_row_header:
            top = _header(rng, "birth_date", dataset, style).replace("\n", " ")
            out += [
                Column(f"birth_{p}", top, _header(rng, f"birth_{p}", dataset, style))
                for p in ("day", "month", "year")
            ]
        else:
            out.append(Column(field, _header(rng, field, dataset, style)))
    return out


def render_date(y: int, m: int, d: int, style: Style) -> Cell:
    """A birth date in the file's style; impossible dates fall back to text."""
    try:
        real = date(y, m, d)
    except ValueError:
        real = None
    if real is not None and style.date_style == "cell":
        return real
    if real is not None and style.date_style == "serial":
        return (real - date(1899, 12, 30)).days
    ds = style.date_style
    if ds == "dmy_dash":
        return f"{d}-{m}-{y}"
    if ds == "iso":
        return f"{y}-{m:02d}-{d:02d}"
    if ds == "dmy_dot2":
        return f"{d:02d}.{m:02d}.{y % 100:02d}"
    if ds == "mdy_slash":
        return f"{m:02d}/{d:02d}/{y}"
    return f"{d:02d}/{m:02d}/{y}"


def render_id(value: str, style: Style) -> Cell:
    if not value:
        return None
    s = style.id_style
    if s == "number" and value.isdigit():
        return int(value) if style.fmt != "csv" else str(int(value))
    if s == "spaced" and len(value) == 12:
        return f"{value[:3]} {value[3:6]} {value[6:9]} {value[9:]}"
    if s == "dotted" and len(value) == 12:
        return f"{value[:3]}.{value[3:6]}.{value[6:9]}.{value[9:]}"
    if s == "apostrophe":
        return "'" + value
    return value


def render_phone(value: str, style: Style) -> Cell:
    s = style.phone_style
    if s == "plus84":
        return "+84" + value[1:]
    if s == "dots":
        return f"{value[:4]}.{value[4:7]}.{value[7:]}"
    if s == "old_prefix" and value[:3] in vocab.OLD_MOBILE_PREFIX:
        return vocab.OLD_MOBILE_PREFIX[value[:3]] + value[3:]
    if style.id_style == "number":
        return int(value) if style.fmt != "csv" else str(int(value))
    return value


def render_name(row: RowSpec, style: Style, rng: random.Random) -> str:
    text = row.name if row.name is not None else row.person.full_name
    if (style.tone == "new") != row.flip_tone:
        text = new_tone_style(text)
    if style.name_case == "upper":
        text = text.upper()
    if style.stray_spaces and rng.random() < 0.06:
        text = stray_spaces(text, rng)
    return text


def render_row(
    row: RowSpec, cols: list[Column], ctx: FileContext, stt: int, rng: random.Random
) -> list[Cell]:
    p, style = row.person, ctx.style
    name = render_name(row, style, rng)
    head, _, last = name.strip().rpartition(" ")
    y, m, d = row.birth or (p.birth.year, p.birth.month, p.birth.day)
    cid = row.citizen_id if row.citizen_id is not None else p.citizen_id
    eth = (
        vocab.ETHNICITY_VARIANTS.get(p.ethnicity, p.ethnicity)
        if style.ethnicity_variants
        else p.ethnicity
    )
    skills = ctx.skills_words[0 if p.digital_skills == "yes" else 1] if p.digital_skills else ""
    values: dict[str, Cell] = {
        "stt": stt,
        "school_code": row.school_code or ctx.school_code,
        "moet_id": render_id(p.moet_id, style),
        "staff_code": p.staff_code,
        "full_name": name,
        "family_middle": head,
        "given_name": last,
        "birth_day": d,
        "birth_month": m,
        "birth_year": y,
        "gender": ctx.gender_words[0 if p.gender == "Nam" else 1],
        "female_mark": "x" if p.gender == "Nữ" else None,
        "ethnicity": eth,
        "citizen_id": render_id(cid, style),
        "grade": p.grade,
        "class_name": p.class_name,
        "position": p.position,
        "subject": p.subject,
        "phone": render_phone(p.phone, style),
        "email": p.email,
        "address": p.address,
        "digital_record": p.digital_record,
        "digital_skills": skills,
        "status": p.status,
        "employment_status": p.employment_status,
        "report_date": ctx.report_date,
    }
    if ctx.school_code.isdigit() and style.id_style == "number" and row.school_code is None:
        values["school_code"] = int(ctx.school_code) if style.fmt != "csv" else ctx.school_code
    out: list[Cell] = []
    for col in cols:
        blank = (
            col.field in row.blank
            or (col.field.startswith("birth_") and "birth_date" in row.blank)
            or (col.field in NAME_FIELDS and "full_name" in row.blank)
            or (col.field == "female_mark" and "gender" in row.blank)
        )
        if blank:
            out.append(None)
        elif col.field == "birth_date":
            out.append(render_date(y, m, d, style))
        else:
            value = values[col.field]
            out.append(
                finish_text(value, style, col.field in NAME_FIELDS)
                if isinstance(value, str)
                else value
            )
    return out


def finish_text(value: str | None, style: Style, name_column: bool = False) -> str | None:
    """Apply the file's byte-level text quirks: legacy font or decomposed Unicode."""
    if not value:
        return value or None
    if style.legacy and (style.legacy_scope == "file" or name_column):
        value = strip_breves(value)  # neither TCVN3 nor VNI has ŭ/ĭ
        return encode_tcvn3(value) if style.legacy == "tcvn3" else encode_vni(value)
    if style.nfd:
        return unicodedata.normalize("NFD", value)
    return value
