"""Records shared by the generator's stages: rows to write, injected defects, truth rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from edu_pipeline.demo.people import Person


@dataclass(frozen=True, slots=True)
class Defect:
    """One injected problem (or a scenario that must *not* be reported: ``finding=False``)."""

    column: str  # canonical field name, "" for row- or file-level
    kind: str
    details: str = ""
    finding: bool = True
    raw_value: str = ""


@dataclass(slots=True)
class RowSpec:
    """A data row to write for ``person``, with the deviations injected into it."""

    person: Person
    name: str | None = None  # written instead of person.full_name (old tone style)
    flip_tone: bool = False  # write the name in the other tone style than the file
    birth: tuple[int, int, int] | None = None  # (y, m, d) written instead; may be invalid
    blank: tuple[str, ...] = ()  # fields left empty
    school_code: str | None = None  # written in a school-code column instead of the school's
    citizen_id: str | None = None  # written instead of person.citizen_id
    defects: list[Defect] = field(default_factory=list)
    touched: bool = False  # a scenario used this row already


@dataclass(frozen=True, slots=True)
class FileTruth:
    source_file: str
    school_code: str
    dataset: str  # students | teachers | fees | registry | none
    tags: str  # ";"-separated shape/encoding tags
    readable: bool
    report_date: str  # ISO date
    report_date_source: str  # file | mtime
    data_rows: int
    sheets: str = ""  # ";"-separated sheet names
    supersedes: str = ""  # the older file this one replaces (a resubmission)


@dataclass(slots=True)
class FeeLine:
    """One line of a fee-collection report: its true values, and any cell written otherwise.

    A cell named in ``written`` holds what the school typed instead of the true value (a
    defect); its truth is then unknown and left empty in fees.csv.
    """

    item: str
    payers_total: int
    payers_cashless: int
    amount_total: int
    amount_cashless: int
    channel: str
    written: dict[str, str | int | None] = field(default_factory=dict)  # field -> cell
    defects: list[Defect] = field(default_factory=list)


@dataclass
class SchoolOutput:
    """What one school's generation produced (truth rows, file records, defects)."""

    people: list[tuple[str, ...]] = field(default_factory=list)
    defects: list[tuple[str, ...]] = field(default_factory=list)
    files: list[FileTruth] = field(default_factory=list)
    student_ids: set[str] = field(default_factory=set)
    teacher_ids: set[str] = field(default_factory=set)
    fees: list[tuple[str, ...]] = field(default_factory=list)  # fees.csv rows
