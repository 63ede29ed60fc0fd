"""Decode CSV/TXT bytes the way Vietnamese schools' computers wrote them.

Excel on Vietnamese Windows saves "CSV" in the ANSI code page (Windows-1258), "CSV UTF-8" with a
BOM, and "Unicode text" as UTF-16 with tabs; some software writes UTF-8 without a BOM. Text
typed in a legacy font (TCVN3/VNI) is saved byte for byte, so it must be read through
Windows-1252 for the legacy-font converter to recognise it.
"""

from __future__ import annotations

import codecs
import statistics
import unicodedata
from collections import Counter
from itertools import islice

from edu_pipeline.vietnamese.legacy_fonts import (
    decode_windows_1258,
    detect_legacy_font_column,
    may_be_legacy,
)

CANDIDATE_DELIMITERS = ("\t", ";", ",", "|")
LEGACY_SAMPLE = 80  # words enough to tell a legacy-font file from a Windows-1258 one
_SNIFF_LINES = 60
_SNIFF_CHARS = 1 << 16


def decode_text_file(raw: bytes) -> tuple[str, str]:
    """The text of a CSV/TXT file (NFC) and the name of the encoding it was in.

    >>> decode_text_file("Họ và tên".encode("utf-8-sig"))
    ('Họ và tên', 'utf-8-sig')
    """
    text, encoding = _decode(raw)
    return unicodedata.normalize("NFC", text.replace("\x00", "")), encoding


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    utf16_without_bom = _utf16_byte_order(raw[:2000])
    if utf16_without_bom:
        return raw.decode(utf16_without_bom, errors="replace"), utf16_without_bom
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_cp1252 = raw.decode("cp1252", errors="replace")
    # The most frequent words (Văn, Thị, Nguyễn…) decide as well as all of them, at a fraction
    # of the scoring.
    frequent = (token for token, _ in Counter(as_cp1252.split()).most_common())
    suspects = islice((token for token in frequent if may_be_legacy(token)), LEGACY_SAMPLE)
    if detect_legacy_font_column(list(suspects)) is not None:
        return as_cp1252, "windows-1252"
    return decode_windows_1258(raw), "windows-1258"


def _utf16_byte_order(head: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte of mostly-ASCII text."""
    if len(head) < 8:
        return None
    even_nuls = head[0::2].count(0) / len(head[0::2])
    odd_nuls = head[1::2].count(0) / len(head[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def sniff_delimiter(text: str) -> str:
    """The separator that splits most lines into the same number of cells.

    Title rows ("SỞ GIÁO DỤC…") have no separators, so the most common non-zero count per line
    decides, not the first line.
    """
    head = text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES]  # a header is near the top
    lines = [line for line in head if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in CANDIDATE_DELIMITERS:
        counts = [line.count(delimiter) for line in lines if line.count(delimiter)]
        if not counts:
            continue
        mode = statistics.mode(counts)
        score = (counts.count(mode), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best
