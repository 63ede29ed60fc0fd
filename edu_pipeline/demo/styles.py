"""How one file looks: format, encoding, header and value styles, drawn per file from the seed.

A :class:`Style` is drawn at random, then *forced* features (to guarantee that a small
province shows every shape) are applied and the rest is made consistent around them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields, replace
from typing import Any

FORMATS = {"xlsx": 45, "xls": 17, "csv": 34, "ods": 4}
ENCODINGS = {"utf-8": 30, "utf-8-sig": 35, "utf-16": 20, "cp1258": 15}
DATE_STYLES = {
    "cell": 30,
    "serial": 6,
    "dmy_slash": 35,
    "dmy_dash": 8,
    "iso": 6,
    "dmy_dot2": 5,
    "mdy_slash": 5,
}
ID_STYLES = {"text": 60, "number": 22, "spaced": 6, "dotted": 6, "apostrophe": 6}
PHONE_STYLES = {"plain": 70, "plus84": 10, "dots": 10, "old_prefix": 10}
REPORT_PLACES = {"footer_line": 40, "title_field": 20, "column": 15, "none": 25}
EXCEL = ("xlsx", "xls", "ods")


@dataclass(frozen=True)
class Style:
    """Per-file presentation; ``tags()`` lists what files.csv records."""

    fmt: str = "xlsx"
    encoding: str = ""  # CSV only: utf-8 | utf-8-sig | utf-16 | cp1258
    delimiter: str = ","
    title_rows: bool = False
    merged_title: bool = False
    two_row_header: bool = False  # "Ngày sinh" over "Ngày | Tháng | Năm"
    layout: str = "single"  # single | sheet_per_class | class_captions
    footer: bool = False
    blank_date_line: bool = False  # footer "ngày ... tháng ... năm" left unfilled
    header_case: str = "as_is"  # as_is | upper | no_diacritics
    header_star: bool = False
    newline_header: bool = False
    stt: bool = True
    split_name: bool = False
    female_mark: bool = False
    legacy: str = ""  # "" | tcvn3 | vni
    legacy_scope: str = "file"  # file | name_column
    nfd: bool = False
    tone: str = "old"  # old ("Hòa") | new ("Hoà")
    name_case: str = "as_is"  # as_is | upper
    stray_spaces: bool = False
    id_style: str = "text"
    date_style: str = "dmy_slash"
    phone_style: str = "plain"
    report_place: str = "none"
    school_code_column: bool = False
    ethnicity_variants: bool = False
    swap_birth_gender: bool = False

    def tags(self) -> list[str]:
        """Short labels of every non-default feature, e.g. ``["xlsx", "title_rows"]``."""
        out = [self.fmt]
        if self.fmt == "csv":
            out += [
                f"enc_{self.encoding}",
                "tab"
                if self.delimiter == "\t"
                else ("semicolon" if self.delimiter == ";" else "comma"),
            ]
        defaults = Style()
        for f in fields(self):
            if f.name in ("fmt", "encoding", "delimiter", "legacy_scope"):
                continue
            if f.name == "date_style" and self.two_row_header:
                continue  # day, month and year are separate number columns
            value = getattr(self, f.name)
            if value == getattr(defaults, f.name) and f.name != "date_style":
                continue
            if isinstance(value, bool):
                out.append(f.name if value else f"no_{f.name}")
            elif f.name == "legacy":
                out.append(f"legacy_{value}_{self.legacy_scope}")
            else:
                out.append(f"{f.name}_{value}")
        return out


def _pick(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def draw(rng: random.Random, dataset: str, fmt: str) -> Style:
    """A random style for a file of ``dataset`` in format ``fmt``."""
    excel = fmt in EXCEL
    legacy = ""
    if fmt in ("xlsx", "xls") and rng.random() < 0.08:
        legacy = rng.choice(["tcvn3", "tcvn3", "vni"])
    return Style(
        fmt=fmt,
        encoding=_pick(rng, ENCODINGS) if fmt == "csv" else "",
        delimiter=";" if rng.random() < 0.4 else ",",
        title_rows=excel and rng.random() < 0.7,
        merged_title=rng.random() < 0.6,
        two_row_header=excel and rng.random() < 0.12,
        layout=_draw_layout(rng, dataset, excel),
        footer=rng.random() < (0.6 if excel else 0.1),
        blank_date_line=rng.random() < 0.1,
        header_case=rng.choices(["as_is", "upper", "no_diacritics"], [75, 12, 13])[0],
        header_star=rng.random() < 0.1,
        newline_header=excel and rng.random() < 0.1,
        stt=rng.random() < 0.85,
        split_name=rng.random() < 0.2,
        female_mark=rng.random() < 0.12,
        legacy=legacy,
        legacy_scope="name_column" if rng.random() < 0.3 else "file",
        nfd=rng.random() < 0.05,
        tone="new" if rng.random() < 0.3 else "old",
        name_case="upper" if rng.random() < 0.08 else "as_is",
        stray_spaces=rng.random() < 0.2,
        id_style=_pick(rng, ID_STYLES),
        date_style=_pick(rng, DATE_STYLES),
        phone_style=_pick(rng, PHONE_STYLES),
        report_place=_pick(rng, REPORT_PLACES),
        school_code_column=rng.random() < 0.15,
        ethnicity_variants=rng.random() < 0.2,
        swap_birth_gender=rng.random() < 0.2,
    )


def _draw_layout(rng: random.Random, dataset: str, excel: bool) -> str:
    if dataset != "students" or not excel:
        return "single"
    return rng.choices(["single", "sheet_per_class", "class_captions"], [76, 14, 10])[0]


_EXCEL_ONLY = {
    "title_rows": False,
    "merged_title": False,
    "two_row_header": False,
    "newline_header": False,
    "legacy": "",
    "layout": "single",
}


def _wants_excel(s: Style) -> bool:
    return (
        any(getattr(s, k) != v for k, v in _EXCEL_ONLY.items())
        or s.date_style in ("cell", "serial")
        or s.report_place == "title_field"
    )


def _wants_csv(forced: dict[str, Any]) -> bool:
    return (
        "encoding" in forced
        or "delimiter" in forced
        or forced.get("report_place") == "column"
        or forced.get("fmt") == "csv"
    )


def fix(style: Style, forced: dict[str, Any], dataset: str) -> Style:
    """Apply ``forced`` features and change the *other* features until the style is coherent."""
    s = replace(style, **forced)

    def soft(**changes: Any) -> None:
        nonlocal s
        s = replace(s, **{k: v for k, v in changes.items() if k not in forced})

    if _wants_csv(forced):
        soft(fmt="csv")
    elif "fmt" not in forced and _wants_excel(replace(Style(), **forced)):
        soft(fmt="xlsx" if forced.get("legacy") or s.fmt == "csv" else s.fmt)
    if forced.get("legacy") and s.fmt == "ods":
        soft(fmt="xlsx")
    if s.fmt == "csv":
        soft(**_EXCEL_ONLY)
        if s.date_style in ("cell", "serial"):
            soft(date_style="dmy_slash")
        if s.report_place == "title_field":
            soft(report_place="column")
        if not s.encoding:
            soft(encoding="utf-8-sig")
    else:
        soft(encoding="", delimiter=",")
        if s.report_place == "column":
            soft(report_place="footer_line")
        if s.fmt == "ods":
            soft(legacy="")
    if dataset != "students":
        soft(layout="single")
    soft(
        delimiter="\t" if s.encoding == "utf-16" else (s.delimiter if s.delimiter != "\t" else ",")
    )
    if s.nfd and (s.legacy or s.encoding == "cp1258"):
        if "nfd" in forced:
            soft(legacy="", encoding="utf-8" if s.encoding == "cp1258" else s.encoding)
        else:
            soft(nfd=False)
    if s.two_row_header and s.date_style != "dmy_slash":  # the date is in 3 number columns
        if "date_style" in forced:
            soft(two_row_header=False)
        else:
            soft(date_style="dmy_slash")
    if s.report_place == "title_field":
        soft(title_rows=True)
        if not s.title_rows:
            soft(report_place="none")
    if s.report_place == "footer_line":
        soft(footer=True, blank_date_line=False)
        if s.blank_date_line or not s.footer:
            soft(report_place="none")
    if s.merged_title:
        soft(title_rows=True)
        if not s.title_rows:
            soft(merged_title=False)
    if s.blank_date_line:
        soft(footer=True)
        if not s.footer:
            soft(blank_date_line=False)
    return s


def _consistent(s: Style, dataset: str) -> bool:
    excel = s.fmt in EXCEL
    checks = [
        excel
        or not (
            s.title_rows
            or s.two_row_header
            or s.layout != "single"
            or s.legacy
            or s.newline_header
            or s.date_style in ("cell", "serial")
        ),
        not excel or not s.encoding,
        not s.legacy or s.fmt in ("xlsx", "xls"),
        not (s.legacy and s.nfd),
        s.layout == "single" or dataset == "students",
        (s.encoding == "utf-16") == (s.delimiter == "\t") or not s.encoding,
        s.report_place != "title_field" or s.title_rows,
        s.report_place != "footer_line" or (s.footer and not s.blank_date_line),
        s.report_place != "column" or not excel,
        not s.merged_title or s.title_rows,
        not (s.encoding == "cp1258" and s.nfd),
        not s.blank_date_line or s.footer,
        not s.two_row_header or s.date_style == "dmy_slash",
        excel or s.delimiter in (",", ";", "\t"),
    ]
    return all(checks)


def make(rng: random.Random, dataset: str, fmt: str, forced: dict[str, Any]) -> Style:
    """Draw a style and apply ``forced``; raise ValueError if the forced set is impossible."""
    for _ in range(20):
        style = fix(draw(rng, dataset, fmt), forced, dataset)
        if all(getattr(style, k) == v for k, v in forced.items()) and _consistent(style, dataset):
            return style
    raise ValueError(f"incompatible forced features {sorted(forced)}")


def compatible(forced: dict[str, Any], dataset: str) -> bool:
    """Can one file carry all of ``forced``? (checked on a few draws)."""
    try:
        for i, fmt in enumerate(FORMATS):
            for k in range(3):
                make(random.Random(i * 10 + k), dataset, fmt, forced)
    except ValueError:
        return False
    return True
