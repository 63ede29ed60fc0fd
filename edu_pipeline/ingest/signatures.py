"""What a file really is, from its first bytes, whatever its extension says.

Schools rename files: a CSV saved as ".xls", a workbook saved as ".csv", a PDF or a photo of
the list renamed ".xlsx", a web page exported by school software as ".xls". Reading by content
lets the pipeline read what it can (text and workbooks whatever their extension) and name what
it cannot instead of reporting a "broken workbook". Magic numbers are in
`reference/file_signatures.csv`.
"""

from __future__ import annotations

import codecs
from functools import cache
from pathlib import Path

from edu_pipeline.reference import read_reference_csv

HEAD_BYTES = 4096
_HTML_MARKERS = (b"<html", b"<!doctype html", b"<table", b"<?xml")
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL_BYTES = bytes(byte for byte in range(0x20) if byte not in b"\t\r\n")


@cache
def _signatures() -> list[tuple[str, bytes]]:
    return [
        (r["kind"], bytes.fromhex(r["magic_hex"]))
        for r in read_reference_csv("file_signatures.csv")
    ]


def sniff_kind(head: bytes) -> str:
    """'zip', 'ole', 'pdf', … (magic numbers), 'html', 'text', or 'unknown'.

    >>> sniff_kind(b"PK\\x03\\x04..."), sniff_kind("Họ và tên;Ngày sinh".encode())
    ('zip', 'text')
    >>> sniff_kind(b"%PDF-1.7")
    'pdf'
    """
    for kind, magic in _signatures():
        if head.startswith(magic):
            return kind
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(_HTML_MARKERS) and b"<table" in head.lower():
        return "html"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def file_kind(path: Path) -> str:
    with path.open("rb") as handle:
        return sniff_kind(handle.read(HEAD_BYTES))


def _looks_like_text(head: bytes) -> bool:
    if head.startswith(_TEXT_BOMS):
        return True
    if not head or head.count(0) / len(head) >= 0.01:  # UTF-16 without a BOM, or binary
        return False
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return control / len(head) < 0.01
