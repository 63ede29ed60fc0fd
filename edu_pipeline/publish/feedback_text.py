"""The wording of the feedback workbooks: Vietnamese labels, and each message cut in two.

Every message for schools reads "<problem>. Đề nghị <how to fix>." (or "… Để không lặp lại,
đề nghị …", "Nếu …, đề nghị …"). The workbook shows the problem and the fix in two columns so
a teacher can filter on what to do; the cut is at the start of the sentence that advises.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

import pandas as pd

from edu_pipeline.reference import read_reference_csv

_QUOTED = re.compile(r"«[^»]*»")  # values the school typed, quoted in the message
_SENTENCE_END = re.compile(r"[.!?…]\s+")
_ADVICE = re.compile(r"đề nghị", re.IGNORECASE)
# Characters XML 1.0 cannot hold (openpyxl refuses them); tab, LF and CR are allowed.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_CELL_CHARS = 32_767


@cache
def labels(kind: str) -> dict[str, str]:
    """Vietnamese labels of one kind of code (dimension, action, severity, dataset, column,
    submission, dedupe), in the order of `dq_labels.csv`, so wording lives in one table."""
    return {
        r["code"]: r["label_vi"] for r in read_reference_csv("dq_labels.csv") if r["kind"] == kind
    }


@cache
def explanations(kind: str) -> dict[str, str]:
    """The longer Vietnamese explanation of each code of one kind (empty when none)."""
    return {
        r["code"]: r["explanation_vi"]
        for r in read_reference_csv("dq_labels.csv")
        if r["kind"] == kind
    }


@cache
def _field_labels() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for row in read_reference_csv("fields.csv"):
        found[(row["dataset"], row["field"])] = row["label_vi"]
        found.setdefault(("", row["field"]), row["label_vi"])
    return found


def column_label(dataset: str | None, column_name: object) -> str:
    """The Vietnamese header the school knows for a column (`raw_citizen_id` of a pupil is
    «Số định danh cá nhân», of a teacher «Số CCCD»); unknown columns keep their name."""
    if not isinstance(column_name, str) or not column_name:
        return ""
    field = column_name.removeprefix("raw_")
    known = _field_labels()
    return (
        known.get((dataset or "", field))
        or known.get(("", field))
        or labels("column").get(field, field)
    )


def split_message(message: object) -> tuple[str, str]:
    """(problem, fix): the fix starts at the sentence containing «đề nghị» (any case).

    Values quoted «…» in the message came from the school, so a full stop or the words
    «đề nghị» inside them never move the cut. A message without advice has no fix.

    >>> split_message("Thiếu giới tính. Đề nghị ghi «Nam» hoặc «Nữ».")
    ('Thiếu giới tính.', 'Đề nghị ghi «Nam» hoặc «Nữ».')
    >>> split_message("Tên sai. Nếu cần, đề nghị sửa.")
    ('Tên sai.', 'Nếu cần, đề nghị sửa.')
    """
    if not isinstance(message, str):
        return "", ""
    text = unicodedata.normalize("NFC", message).strip()
    masked = _QUOTED.sub(lambda m: "«" + "_" * (len(m.group()) - 2) + "»", text)
    advice = _ADVICE.search(masked)
    if advice is None:
        return text, ""
    ends = [m.end() for m in _SENTENCE_END.finditer(masked, 0, advice.start())]
    cut = ends[-1] if ends else 0
    return text[:cut].strip(), text[cut:].strip()


def as_text(value: object) -> str | None:
    """A value as the text Excel will show: None for blanks, integers without «.0», dates as
    dd/mm/yyyy, characters XML cannot store replaced by «�», cut to Excel's cell limit."""
    if value is None or (
        not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)
    ):
        return None
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.date):
        text = day_text(value)
    else:
        text = str(value)
    return _ILLEGAL_XML.sub("\ufffd", text)[:MAX_CELL_CHARS]


def day_text(day: dt.date) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese administration."""
    return day.strftime("%d/%m/%Y")
