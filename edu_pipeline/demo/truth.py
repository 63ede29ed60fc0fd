"""Ground truth under ``_truth/``: people.csv, fees.csv, defects.csv, files.csv, schools.csv.

people.csv has one row per person row written, fees.csv one per fee-report line; both point
at the row a school sees (``source_row``, 1-based, as Excel numbers it). The pipeline must
ignore folders whose name starts with "_" (this one included).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from edu_pipeline.demo.layout import Sheet
from edu_pipeline.demo.model import Defect, FeeLine, FileTruth
from edu_pipeline.demo.people import Person
from edu_pipeline.demo.registry import School
from edu_pipeline.demo.render import Cell, Column

TRUTH_DIR = "_truth"
PEOPLE_COLUMNS = (
    "source_file",
    "sheet",
    "source_row",
    "dataset",
    "person_id",
    "school_code",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "citizen_id",
    "moet_id",
    "staff_code",
    "grade",
    "class_name",
    "phone",
    "email",
    "position",
    "subject",
    "digital_skills",
    "digital_record",
    "status",
    "employment_status",
)
FEE_COLUMNS = (
    "source_file",
    "sheet",
    "source_row",
    "school_code",
    "fee_item",
    "payers_total",
    "payers_cashless",
    "amount_total",
    "amount_cashless",
    "payment_channel",
)
DEFECT_COLUMNS = (
    "source_file",
    "sheet",
    "source_row",
    "column",
    "kind",
    "details",
    "finding",
    "raw_value",
    "school_code",
    "person_id",
)
FILE_COLUMNS = (
    "source_file",
    "school_code",
    "dataset",
    "tags",
    "readable",
    "report_date",
    "report_date_source",
    "data_rows",
    "sheets",
    "supersedes",
)
SCHOOL_COLUMNS = (
    "school_code",
    "school_name",
    "level",
    "commune",
    "commune_code",
    "ownership",
    "cashless_fees",
    "registry_file",
    "registry_row",
    "submits",
)


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def person_row(
    source: str, sheet: str, row: int, dataset: str, school_code: str, p: Person
) -> tuple[str, ...]:
    return (
        source,
        sheet,
        str(row),
        dataset,
        p.person_id,
        school_code,
        p.full_name,
        p.gender,
        p.birth.isoformat(),
        p.ethnicity,
        p.citizen_id,
        p.moet_id,
        p.staff_code,
        p.grade,
        p.class_name,
        p.phone,
        p.email,
        p.position,
        p.subject,
        p.digital_skills,
        p.digital_record,
        p.status,
        p.employment_status,
    )


def fee_row(source: str, sheet: str, row: int, school_code: str, line: FeeLine) -> tuple[str, ...]:
    """Whole numbers as plain digits; a cell written wrong on purpose has no known truth."""
    values = {
        "fee_item": line.item,
        "payers_total": str(line.payers_total),
        "payers_cashless": str(line.payers_cashless),
        "amount_total": str(line.amount_total),
        "amount_cashless": str(line.amount_cashless),
        "payment_channel": line.channel,
    }
    return (
        source,
        sheet,
        str(row),
        school_code,
        *("" if name in line.written else value for name, value in values.items()),
    )


def defect_row(
    source: str,
    sheet: str,
    row: int | None,
    d: Defect,
    school_code: str,
    person_id: str = "",
    raw: str = "",  # the cell as written (legacy-font text not converted); wins over d.raw_value
) -> tuple[str, ...]:
    return (
        source,
        sheet,
        "" if row is None else str(row),
        d.column,
        d.kind,
        d.details,
        "yes" if d.finding else "no",
        raw or d.raw_value,
        school_code,
        person_id,
    )


def _raw(cells: list[Cell], cols: list[Column], field: str) -> str:
    """What the row's cell(s) for ``field`` hold, as text."""
    if field == "birth_date" and any(c.field == "birth_day" for c in cols):
        parts = {c.field: cell_text(v) for c, v in zip(cols, cells, strict=False)}
        return f"{parts['birth_day']}/{parts['birth_month']}/{parts['birth_year']}"
    if field == "full_name" and any(c.field == "family_middle" for c in cols):
        parts = {c.field: cell_text(v) for c, v in zip(cols, cells, strict=False)}
        return f"{parts['family_middle']} {parts['given_name']}".strip()
    if field == "gender" and any(c.field == "female_mark" for c in cols):
        field = "female_mark"
    for col, value in zip(cols, cells, strict=False):
        if col.field == field:
            return cell_text(value)
    return ""


def sheet_truth(
    source: str, sheets: list[Sheet], cols: list[Column], dataset: str, school_code: str
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """people.csv and defects.csv rows for the data rows of one written file."""
    people: list[tuple[str, ...]] = []
    defects: list[tuple[str, ...]] = []
    for sheet in sheets:
        for index, spec in sheet.data_rows:
            row = index + 1
            people.append(person_row(source, sheet.name, row, dataset, school_code, spec.person))
            for d in spec.defects:
                raw = _raw(sheet.rows[index], cols, d.column) if d.column else ""
                defects.append(
                    defect_row(source, sheet.name, row, d, school_code, spec.person.person_id, raw)
                )
    return people, defects


def file_row(f: FileTruth) -> tuple[str, ...]:
    return (
        f.source_file,
        f.school_code,
        f.dataset,
        f.tags,
        "yes" if f.readable else "no",
        f.report_date,
        f.report_date_source,
        str(f.data_rows),
        f.sheets,
        f.supersedes,
    )


def school_row(s: School, registry_file: str, submits: bool) -> tuple[str, ...]:
    return (
        s.code,
        s.name,
        s.level_label,
        s.commune.full_name,
        s.commune.code,
        s.ownership,
        s.cashless_fees,
        registry_file,
        str(s.registry_row),
        "yes" if submits else "no",
    )


class TruthWriter:
    """Streams truth rows to the five CSV files (UTF-8, ``\\n`` line ends)."""

    def __init__(self, out_dir: Path) -> None:
        folder = out_dir / TRUTH_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self._handles = {}
        self._writers = {}
        for name, header in (
            ("people", PEOPLE_COLUMNS),
            ("fees", FEE_COLUMNS),
            ("defects", DEFECT_COLUMNS),
            ("files", FILE_COLUMNS),
            ("schools", SCHOOL_COLUMNS),
        ):
            fh = (folder / f"{name}.csv").open("w", encoding="utf-8", newline="")
            self._handles[name] = fh
            self._writers[name] = csv.writer(fh, lineterminator="\n")
            self._writers[name].writerow(header)

    def write(self, name: str, rows: Iterable[tuple[str, ...]]) -> None:
        self._writers[name].writerows(rows)

    def close(self) -> None:
        for fh in self._handles.values():
            fh.close()
