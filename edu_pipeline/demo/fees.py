"""Fee-collection reports ("Báo cáo thu phí không dùng tiền mặt") that some schools send.

Why a separate stage with its own random stream (``"{seed}:fees"``, then ``"{seed}:fees:{code}"``
per file): these reports were added after the people lists, and every file a seed wrote before
must stay byte-identical. So nothing here draws from the plan's or a school's stream; the
reports are written after all schools, in the school's folder, dated like its other files.

The report's cashless truth is its own: a school the registry marks "Có" may still collect
some fees in cash (and the other way round), as happens in real reporting.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from edu_pipeline.demo.fee_items import AMOUNT_FIELDS, FEE_DEFECTS, fee_lines, vn_dots
from edu_pipeline.demo.layout import Sheet
from edu_pipeline.demo.model import FeeLine, FileTruth, SchoolOutput
from edu_pipeline.demo.people import PersonFactory
from edu_pipeline.demo.plan import Plan, SchoolJob
from edu_pipeline.demo.render import Cell
from edu_pipeline.demo.school import SchoolRun
from edu_pipeline.demo.shapes import file_bytes
from edu_pipeline.demo.truth import cell_text, defect_row, fee_row

FEE_RATE = 0.25  # of the submitting schools in the registry
MIN_FEE_SCHOOLS = 3  # in a province of at least MIN_PROVINCE schools
MIN_PROVINCE = 5
CASHLESS_SHARE = 0.6  # of the reporting schools; those the registry marks "Có" more likely
FORMATS = {"xlsx": 60, "csv": 22, "xls": 18}
DEFECT_RATE = 0.05  # each kind, of fee files; at least once from GUARANTEE_FROM files
GUARANTEE_FROM = 3
AMOUNT_FORMS = ("dots", "dots_dong", "commas")  # "1.250.000", "1.250.000 đ", "1,250,000"
ROMAN = ("I", "II", "III", "IV")
HEADERS = {  # field -> wordings; columns are always in this order
    "stt": ("STT",),
    "fee_item": ("Khoản thu", "Nội dung thu", "Tên khoản thu"),
    "payers_total": ("Số HS phải nộp", "Số học sinh phải nộp"),
    "payers_cashless": (
        "Số HS nộp không dùng tiền mặt",
        "Số học sinh thanh toán không dùng tiền mặt",
    ),
    "amount_total": (
        "Tổng số tiền phải thu (đồng)",
        "Tổng số tiền phải thu",
        "Số tiền phải thu (đồng)",
    ),
    "amount_cashless": (
        "Số tiền thu không dùng tiền mặt (đồng)",
        "Số tiền thu không dùng tiền mặt",
        "Số tiền thu qua ngân hàng (đồng)",
    ),
    "payment_channel": ("Hình thức thu", "Hình thức thanh toán"),
    "school_code": ("Mã trường",),
}
TITLE = "BÁO CÁO TÌNH HÌNH THU PHÍ KHÔNG DÙNG TIỀN MẶT"
TOTAL = "Tổng cộng"
SHEET_NAMES = ("Thu phí", "Sheet1", "Bao cao", "Q{q}-{y}", "Thu phí KDTM")
FILE_NAMES = (
    "Bao cao thu khong dung tien mat",
    "Thu phi Q{q}-{y}",
    "thu_hoc_phi",
    "Báo cáo thu phí",
    "BC thu phi KDTM",
)


@dataclass
class FeeReport:
    """One school's report as planned (drawn from the province's fee stream)."""

    job: SchoolJob
    cashless: bool
    fmt: str
    text_amounts: bool  # always true for CSV
    code_column: bool
    total_row: bool
    footer: bool
    defects: set[str] = field(default_factory=set)


def quarter_label(as_of: date) -> str:
    """ "Quý I năm 2026" for any day of January-March 2026."""
    return "Quý {q} năm {y}".format(**_period(as_of))


def _period(as_of: date) -> dict[str, object]:
    """Fills "{q}" (Roman quarter) and "{y}" in titles, sheet and file names."""
    return {"q": ROMAN[(as_of.month - 1) // 3], "y": as_of.year}


def choose_fee_schools(plan: Plan, rng: random.Random) -> list[SchoolJob]:
    """About FEE_RATE of the registry's submitting schools; MIN_FEE_SCHOOLS in a real province."""
    eligible = [j for j in plan.jobs if j.in_registry]
    least = MIN_FEE_SCHOOLS if len(plan.schools) >= MIN_PROVINCE else 1
    count = min(max(least, round(FEE_RATE * len(eligible))), len(eligible))
    chosen = rng.sample(eligible, count)
    for place in ("shared_folder", "name_folder"):  # shown once when the province has them
        others = [j for j in eligible if j.placement == place and j not in chosen]
        if count >= MIN_FEE_SCHOOLS and others and all(j.placement != place for j in chosen):
            plain = [i for i, j in enumerate(chosen) if j.placement == "code_folder"]
            if plain:
                chosen[rng.choice(plain)] = rng.choice(others)
    return sorted(chosen, key=lambda j: j.school.index)


def _ensure(
    rng: random.Random, reports: list[FeeReport], has: str, value: object, csv_too: bool = True
) -> None:
    """Give one report ``has == value`` unless one has it; never take a value's only holder."""
    eligible = [r for r in reports if csv_too or r.fmt != "csv"]
    if len(reports) < GUARANTEE_FROM or any(getattr(r, has) == value for r in eligible):
        return
    held = [getattr(r, has) for r in eligible]
    pool = [r for r in eligible if held.count(getattr(r, has)) > 1]
    if pool:
        setattr(rng.choice(pool), has, value)


def plan_fee_reports(plan: Plan, seed: int) -> list[FeeReport]:
    """Which schools report, in which shape, cashless or not, with which defects.

    Each shape and each defect kind is guaranteed once in a province with GUARANTEE_FROM
    reports, so the 30-school demo shows them all.
    """
    rng = random.Random(f"{seed}:fees")
    reports = []
    for job in choose_fee_schools(plan, rng):
        reports.append(
            FeeReport(
                job,
                cashless=False,
                fmt=rng.choices(list(FORMATS), list(FORMATS.values()))[0],
                text_amounts=rng.random() < 0.4,
                code_column=job.placement == "shared_folder" or rng.random() < 0.2,
                total_row=rng.random() < 0.3,
                footer=rng.random() < 0.5,
            )
        )
    draws = [rng.random() - (0.25 if r.job.school.cashless_fees == "Có" else 0) for r in reports]
    ranked = sorted(range(len(reports)), key=draws.__getitem__)
    for i in ranked[: round(CASHLESS_SHARE * len(reports))]:
        reports[i].cashless = True
    _ensure(rng, reports, "fmt", "csv")
    _ensure(rng, reports, "fmt", "xls")
    for r in reports:  # a CSV holds text only and has no signature footer
        r.text_amounts = r.text_amounts or r.fmt == "csv"
        r.footer = r.footer and r.fmt != "csv"
    for has, value in (
        ("cashless", True),
        ("cashless", False),
        ("code_column", True),
        ("total_row", True),
        ("footer", True),
        ("text_amounts", True),
        ("text_amounts", False),
    ):
        _ensure(rng, reports, has, value, csv_too=has not in ("footer", "text_amounts"))
    for r in reports:
        r.defects = {kind for kind in FEE_DEFECTS if rng.random() < DEFECT_RATE}
    for kind in FEE_DEFECTS:  # on different files when there are enough
        if len(reports) >= GUARANTEE_FROM and not any(kind in r.defects for r in reports):
            fewest = min(len(r.defects) for r in reports)
            rng.choice([r for r in reports if len(r.defects) == fewest]).defects.add(kind)
    return reports


def _render(value: Cell, form: str) -> Cell:
    """An amount as the file writes them ("number": a real numeric cell); text stays as typed."""
    if not isinstance(value, int) or form == "number":
        return value
    if form == "commas":
        return f"{value:,}"
    return vn_dots(value) + (" đ" if form == "dots_dong" else "")


def _cells(line: FeeLine, fields: list[str], stt: int | None, code: str, form: str) -> list[Cell]:
    values: dict[str, Cell] = {
        "stt": stt,
        "fee_item": line.item,
        "payers_total": line.payers_total,
        "payers_cashless": line.payers_cashless,
        "amount_total": line.amount_total,
        "amount_cashless": line.amount_cashless,
        "payment_channel": line.channel,
        "school_code": code,
    }
    values.update(line.written)
    return [_render(values[f], form) if f.startswith("amount_") else values[f] for f in fields]


def _total(lines: list[FeeLine], fields: list[str], form: str) -> list[Cell]:
    """The school's SUM row: blank STT, "Tổng cộng", the sums of the numbers as typed."""
    sums = FeeLine(TOTAL, 0, 0, 0, 0, "")
    for line in lines:
        for name in AMOUNT_FIELDS:
            typed = line.written.get(name, getattr(line, name))
            if isinstance(typed, int):
                setattr(sums, name, getattr(sums, name) + typed)
    row = _cells(sums, fields, None, "", form)
    return [None if v == "" else v for v in row]


def _footer(sheet: Sheet, width: int, job: SchoolJob, rng: random.Random) -> None:
    """Signature block as in the people lists: labels in the fee-item column and right."""
    right = max(width - 3, 2)
    head = "GIÁM ĐỐC" if job.school.level == "GDTX" else "HIỆU TRƯỞNG"
    sheet.add([], width)
    if rng.random() < 0.5:
        place = job.school.commune.name
        sheet.line(width, (right, f"{place}, ngày ...... tháng ...... năm {job.as_of.year}"))
    sheet.line(width, (1, "Người lập biểu"), (right, head))
    sheet.line(width, (1, "(Ký, ghi rõ họ tên)"), (right, "(Ký tên, đóng dấu)"))


def _layout(
    report: FeeReport, lines: list[FeeLine], rng: random.Random
) -> tuple[Sheet, list[int], list[str], list[str]]:
    """The sheet, the 0-based indexes of its data rows, its fields and its shape tags."""
    job, fmt = report.job, report.fmt
    sheet = Sheet("" if fmt == "csv" else rng.choice(SHEET_NAMES).format(**_period(job.as_of)))
    fields = [f for f in HEADERS if f != "school_code" or report.code_column]
    width = len(fields)
    merged = fmt != "csv" and rng.random() < 0.5
    school = job.school.name.upper() if rng.random() < 0.5 else job.school.name
    for text in ("SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐẮK LẮK", school, TITLE, quarter_label(job.as_of)):
        r = sheet.line(width, (0, text))
        if merged:
            sheet.merges.append((r, 0, r, width - 1))
    if rng.random() < 0.7:
        sheet.add([], width)
    sheet.add([rng.choice(HEADERS[f]) for f in fields])
    form = rng.choice(AMOUNT_FORMS) if report.text_amounts else "number"
    rows = [
        sheet.add(_cells(line, fields, stt, job.school.code, form))
        for stt, line in enumerate(lines, start=1)
    ]
    if report.total_row:
        sheet.add(_total(lines, fields, form))
    if report.footer:
        _footer(sheet, width, job, rng)
    tags = [fmt, *(["enc_utf-8-sig", "comma"] if fmt == "csv" else []), "title_rows"]
    optional = {
        "merged_title": merged,
        "school_code_column": report.code_column,
        "total_row": report.total_row,
        "footer": report.footer,
        "text_amounts": report.text_amounts,
    }
    tags += [tag for tag, on in optional.items() if on]
    tags += [f"amounts_{form}", f"placement_{job.placement}"]
    return sheet, rows, fields, tags


def write_fee_report(report: FeeReport, out_dir: Path) -> SchoolOutput:
    """Write one school's report where its other files are; return its truth rows."""
    job = report.job
    code = job.school.code
    rng = random.Random(f"{job.seed}:fees:{code}")
    factory = PersonFactory(rng, job.school.commune, job.as_of)  # SchoolRun wants one; unused
    run = SchoolRun(job, out_dir, rng, factory, SchoolOutput(), 0)
    lines = fee_lines(rng, job.school, report.cashless, report.defects)
    sheet, rows, fields, tags = _layout(report, lines, rng)
    rel = run.path_for(f"{rng.choice(FILE_NAMES).format(**_period(job.as_of))}.{report.fmt}")
    run.write(rel, file_bytes([sheet], report.fmt, "utf-8-sig", ","), job.report_date)
    for index, line in zip(rows, lines, strict=True):
        run.out.fees.append(fee_row(rel, sheet.name, index + 1, code, line))
        for d in line.defects:
            raw = cell_text(sheet.rows[index][fields.index(d.column)])
            run.out.defects.append(defect_row(rel, sheet.name, index + 1, d, code, "", raw))
    run.out.files.append(
        FileTruth(
            rel,
            code,
            "fees",
            ";".join(tags),
            True,
            job.report_date.isoformat(),
            "mtime",
            len(lines),
            sheet.name,
        )
    )
    return run.out


def write_fee_reports(plan: Plan, seed: int, out_dir: Path) -> SchoolOutput:
    """All schools' fee reports (after the schools are written), as one output."""
    out = SchoolOutput()
    for report in plan_fee_reports(plan, seed):
        one = write_fee_report(report, out_dir)
        out.fees += one.fees
        out.defects += one.defects
        out.files += one.files
    return out
