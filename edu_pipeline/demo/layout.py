"""Arrange rendered rows into sheets: title block, one- or two-row header, data, footer.

Row indexes here are 0-based; the row a school sees in Excel is ``index + 1``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from edu_pipeline.demo.model import RowSpec
from edu_pipeline.demo.render import Cell, Column, FileContext, finish_text, render_row

SINGLE_SHEET_NAMES = {
    "students": ("Sheet1", "DSHS", "Danh sách", "HS 2025-2026", "Học sinh"),
    "teachers": ("Sheet1", "DS CBGVNV", "Cán bộ GV", "Nhân sự", "GV-NV"),
}
TITLES = {
    "students": "DANH SÁCH HỌC SINH NĂM HỌC {year}",
    "teachers": "DANH SÁCH CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN NĂM HỌC {year}",
}
UNITS = {"students": "học sinh", "teachers": "cán bộ, giáo viên, nhân viên"}


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    data_rows: list[tuple[int, RowSpec]] = field(default_factory=list)

    def add(self, cells: list[Cell], width: int = 0) -> int:
        row = list(cells) + [None] * max(0, width - len(cells))
        self.rows.append(row)
        return len(self.rows) - 1

    def line(self, width: int, *placed: tuple[int, str | None]) -> int:
        cells: list[Cell] = [None] * width
        for col, text in placed:
            cells[min(col, width - 1)] = text
        return self.add(cells)


@dataclass(frozen=True)
class SchoolHeading:
    """What title rows and footers say about the school."""

    org_lines: tuple[str, ...]  # e.g. ("UBND XÃ EA TU", "TRƯỜNG TIỂU HỌC EA TU")
    place: str  # "Đắk Lắk" or the commune name, for the date line
    head_title: str  # "HIỆU TRƯỞNG" / "GIÁM ĐỐC"
    signer: str  # the head of school's name
    preparer: str
    school_year: str  # "2025-2026"
    report_date: date


def build_sheets(
    rows: list[RowSpec],
    cols: list[Column],
    ctx: FileContext,
    heading: SchoolHeading,
    rng: random.Random,
) -> list[Sheet]:
    """Lay out all rows of one file; CSV files get a single sheet named ""."""
    style = ctx.style
    if style.layout == "sheet_per_class":
        groups = _by_class(rows)
        names = [(c if rng.random() < 0.6 else f"Lớp {c}")[:31] for c, _ in groups]
        return [
            _sheet(name, [g], cols, ctx, heading, rng, captions=False)
            for name, (_, g) in zip(names, groups, strict=True)
        ]
    name = "" if style.fmt == "csv" else rng.choice(SINGLE_SHEET_NAMES[ctx.dataset])
    if style.layout == "class_captions":
        return [_sheet(name, [g for _, g in _by_class(rows)], cols, ctx, heading, rng, True)]
    return [_sheet(name, [rows], cols, ctx, heading, rng, captions=False)]


def _by_class(rows: list[RowSpec]) -> list[tuple[str, list[RowSpec]]]:
    groups: dict[str, list[RowSpec]] = {}
    for row in rows:
        groups.setdefault(row.person.class_name, []).append(row)
    return list(groups.items())


def _sheet(
    name: str,
    groups: list[list[RowSpec]],
    cols: list[Column],
    ctx: FileContext,
    heading: SchoolHeading,
    rng: random.Random,
    captions: bool,
) -> Sheet:
    style, width = ctx.style, len(cols)
    sheet = Sheet(name)
    if style.title_rows:
        _title_block(sheet, width, ctx, heading, rng)
    _header(sheet, cols, ctx)
    count = 0
    for group in groups:
        if captions and group:
            r = sheet.line(width, (0, finish_text(f"Lớp: {group[0].person.class_name}", style)))
            sheet.merges.append((r, 0, r, min(width - 1, 3)))
        for i, spec in enumerate(group, start=1):
            count += 1
            index = sheet.add(render_row(spec, cols, ctx, i if captions else count, rng))
            sheet.data_rows.append((index, spec))
    if style.footer:
        _footer(sheet, width, ctx, heading, count, rng)
    return sheet


def _title_block(
    sheet: Sheet, width: int, ctx: FileContext, heading: SchoolHeading, rng: random.Random
) -> None:
    style, fin = ctx.style, ctx.style
    right = max(width - 4, 3)
    nation = rng.random() < 0.5 and width >= 7
    for i, org in enumerate(heading.org_lines):
        placed: list[tuple[int, str | None]] = [(0, finish_text(org, fin))]
        if nation and i < 2:
            text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")[i]
            placed.append((right, finish_text(text, fin)))
        r = sheet.line(width, *placed)
        if style.merged_title:
            sheet.merges.append((r, 0, r, min(2, right - 1)))
            if nation and i < 2:
                sheet.merges.append((r, right, r, width - 1))
    sheet.add([], width)
    title = TITLES[ctx.dataset].format(year=heading.school_year)
    r = sheet.line(width, (0, finish_text(title, fin)))
    if style.merged_title:
        sheet.merges.append((r, 0, r, width - 1))
    if style.report_place == "title_field":
        d = heading.report_date
        r = sheet.line(width, (0, finish_text(f"Ngày báo cáo: {d:%d/%m/%Y}", fin)))
        if style.merged_title:
            sheet.merges.append((r, 0, r, width - 1))
    if rng.random() < 0.7:
        sheet.add([], width)


def _header(sheet: Sheet, cols: list[Column], ctx: FileContext) -> None:
    style = ctx.style
    top = sheet.add([finish_text(c.header, style) for c in cols])
    if not style.two_row_header:
        return
    sub = sheet.add([finish_text(c.sub, style) for c in cols])
    start = None
    for i, col in enumerate([*cols, Column("", "")]):
        in_group = col.sub is not None
        if start is not None and (not in_group or col.header != cols[start].header):
            sheet.merges.append((top, start, top, i - 1))
            for j in range(start + 1, i):
                sheet.rows[top][j] = None
            start = None
        if in_group and start is None:
            start = i
        if not in_group and col.field:
            sheet.merges.append((top, i, sub, i))


def _footer(
    sheet: Sheet,
    width: int,
    ctx: FileContext,
    heading: SchoolHeading,
    count: int,
    rng: random.Random,
) -> None:
    style, right = ctx.style, max(width - 4, 2)
    fin = style
    sheet.add([], width)
    sheet.line(
        width, (1 if width > 2 else 0, finish_text(f"Tổng số: {count} {UNITS[ctx.dataset]}", fin))
    )
    if style.fmt == "csv":
        if style.report_place == "footer_line":
            sheet.line(width, (0, finish_text(_date_line(heading, filled=True), fin)))
        return
    sheet.add([], width)
    if style.report_place == "footer_line" or style.blank_date_line:
        text = _date_line(heading, filled=style.report_place == "footer_line")
        sheet.line(width, (right, finish_text(text, fin)))
    sheet.line(
        width,
        (1, finish_text("NGƯỜI LẬP BIỂU", fin)),
        (right, finish_text(heading.head_title, fin)),
    )
    sheet.line(
        width,
        (1, finish_text("(Ký, ghi rõ họ tên)", fin)),
        (right, finish_text("(Ký tên, đóng dấu)", fin)),
    )
    for _ in range(rng.randint(2, 3)):
        sheet.add([], width)
    sheet.line(
        width, (1, finish_text(heading.preparer, fin)), (right, finish_text(heading.signer, fin))
    )


def _date_line(heading: SchoolHeading, filled: bool) -> str:
    d = heading.report_date
    if not filled:
        return f"{heading.place}, ngày ...... tháng ...... năm {d.year}"
    return f"{heading.place}, ngày {d.day} tháng {d.month} năm {d.year}"
