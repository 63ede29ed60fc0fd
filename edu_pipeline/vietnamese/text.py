"""Unicode hygiene for Vietnamese text: NFC, spaces, tone-mark style, comparison keys.

Tone-mark style. Vietnamese writes the tone of the open rhymes oa, oe, uy in two places:
the old (traditional) style puts it on the first vowel ("hòa", "khỏe", "thủy"), the new
style on the second ("hoà", "khoẻ", "thuỷ"). Both are correct and schools mix them, so the
same name can appear twice. The project outputs the **old** style by default because it is
what the government's list of administrative units (Danh mục đơn vị hành chính, e.g. "Hòa
Thắng", "Ea Kly") and most CSDL ngành exports use, so our names and addresses compare equal
to theirs. Where the rhyme is not open ("hoàn", "thuyền", "khoét") or the "u" belongs to
"qu" ("quá", "quý") both styles agree and nothing moves.

Example:
    >>> apply_tone_style("Thuỷ Hoà", "old"), apply_tone_style("KHỎE", "new")
    ('Thủy Hòa', 'KHOẺ')
    >>> fold_key("Hoà") == fold_key("HÒA"), fold_key("Lò") == fold_key("Lô")
    (True, False)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from unidecode import unidecode

from edu_pipeline.vietnamese.syllables import split_onset, strip_tone, tone_of

__all__ = [
    "DEFAULT_TONE_STYLE",
    "ToneStyle",
    "apply_tone_style",
    "ascii_key",
    "clean_spaces",
    "fold_ascii",
    "fold_ascii_array",
    "fold_key",
    "nfc",
    "normalize_apostrophes",
]

ToneStyle = Literal["old", "new"]
DEFAULT_TONE_STYLE: ToneStyle = "old"
# Open rhymes whose tone mark moves between styles (index of the toned vowel: old, new).
_MOVABLE_RHYMES = {"oa": (0, 1), "oe": (0, 1), "uy": (0, 1)}
# Zero-width characters: ZWSP is a word break (-> space); the joiners, word joiner and BOM
# are invisible noise inside words (-> removed). The soft hyphen is NOT removed: it is the
# letter "ư" in TCVN3 text that has not been repaired yet.
_ZERO_WIDTH = str.maketrans({"\u200b": " ", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""})
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'"})
_WORD = re.compile(r"[^\W\d_]+")


def nfc(s: str) -> str:
    """NFC form, so "Nguyễn" typed decomposed (NFD, macOS/web forms) equals the composed one.

    Example: ``nfc("Nguye\\u0302\\u0303n") == "Nguyễn"``.
    """
    return unicodedata.normalize("NFC", s)


def clean_spaces(s: str) -> str:
    """Trim and collapse every run of whitespace (incl. NBSP, tabs, newlines, ZWSP) to one space.

    Why: Excel cells carry NBSPs and line breaks from copy-paste, which make identical names
    compare different. Example: ``clean_spaces(" Lê\\u00a0 Văn\\nAn ")`` -> ``"Lê Văn An"``.
    """
    return " ".join(s.translate(_ZERO_WIDTH).split())


def normalize_apostrophes(s: str) -> str:
    """Typographic apostrophes (’ ‘ ` ´ ʼ) -> ASCII ``'``, as in "H’Hen" -> "H'Hen"."""
    return s.translate(_APOSTROPHES)


@lru_cache(maxsize=1 << 17)  # names and places reuse a few thousand syllables
def _restyle_word(word: str, style: ToneStyle) -> str:
    try:
        tone = tone_of(word)
    except ValueError:
        return word
    if tone is None:
        return word
    base = strip_tone(word)
    parts = split_onset(base.lower())
    if parts is None or parts[1] not in _MOVABLE_RHYMES:
        return word
    onset, rhyme = parts
    target = len(onset) + _MOVABLE_RHYMES[rhyme][0 if style == "old" else 1]
    letters = [unicodedata.normalize("NFD", ch) for ch in base]
    letters[target] = letters[target] + tone
    return unicodedata.normalize("NFC", "".join(letters))


def apply_tone_style(s: str, style: ToneStyle = DEFAULT_TONE_STYLE) -> str:
    """Rewrite every word of ``s`` in the given tone-mark style (see module docstring).

    Case is kept ("HÒA" <-> "HOÀ"); words outside the oa/oe/uy open rhymes are unchanged.
    Example: ``apply_tone_style("Khánh Hoà", "old")`` -> ``"Khánh Hòa"``.
    """
    # NFC again after: a word carrying two tone marks ("ẹ̀", fuzzing found it) keeps one as a
    # combining mark, which composes with the letter it now follows
    return nfc(_WORD.sub(lambda m: _restyle_word(m.group(0), style), nfc(s)))


def fold_key(s: str) -> str:
    """Comparison key: equal for both tone styles, NFC/NFD, case, spacing and apostrophes,
    but diacritics still count (a different letter is a different name: Lò ≠ Lô).

    Example: ``fold_key(" THỦY ") == fold_key("thuỷ")`` -> True.
    """
    text = clean_spaces(normalize_apostrophes(nfc(s)))
    return apply_tone_style(text, "old").casefold()


_STRIP_MARKS = dict.fromkeys(
    c
    for c in range(0x300, 0x370)  # combining diacritical marks
)
_STRIP_MARKS.update({ord("đ"): "d", ord("Đ"): "D"})


def fold_ascii(s: str) -> str:
    """Vietnamese letters without their marks ("Đắk Lắk" -> "Dak Lak"); other text unchanged.

    Why: headers, footers and titles are matched without diacritics, on every row of every
    file. `unidecode` transliterates any script but costs microseconds per character; for
    Vietnamese, decomposing and dropping the combining marks is the same result at C speed.
    Example: ``fold_ascii("Ngày sinh")`` -> ``"Ngay sinh"``.
    """
    if s.isascii():
        return s
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", s).translate(_STRIP_MARKS))


def fold_ascii_array(values: pa.Array) -> pa.Array:
    """`fold_ascii` over an Arrow string array, at C speed (nulls stay null).

    Why: keys over whole columns (resubmitted lists, blocking) would otherwise call Python
    once per distinct value.
    Example: ``fold_ascii_array(pa.array(["Đắk Lắk", None])).to_pylist()`` ->
    ``["Dak Lak", None]``.
    """
    decomposed = pc.utf8_normalize(values, "NFD")
    unmarked = pc.replace_substring_regex(decomposed, "[\\x{0300}-\\x{036F}]", "")
    for letter, plain in (("đ", "d"), ("Đ", "D")):
        unmarked = pc.replace_substring(unmarked, letter, plain)
    return pc.utf8_normalize(unmarked, "NFC")


def ascii_key(s: str) -> str:
    """Lower-case ASCII transliteration with single spaces, for blocking and header matching.

    Why: headers and names are often typed without diacritics ("Ho va ten"). "Đ" -> "d".
    Example: ``ascii_key("  Đắk  LẮK ")`` -> ``"dak lak"``.
    """
    return clean_spaces(unidecode(nfc(s))).lower()
