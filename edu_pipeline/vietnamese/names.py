"""Personal names: normalisation, problems, family/middle/given split, matching keys.

Why: the same student is typed "NGUYỄN THỊ HOÀ", "Nguyễn  thị Hòa", "nguyen thi hoa"; the
warehouse stores one form (NFC, single spaces, every word capitalised, old tone style) and
dedupe needs keys. Names of the Central Highlands peoples do not follow the Kinh order:
Ê-đê and Mnông names start with a gender prefix ("H'"/"H" women, "Y" men) and end with the
clan ("H'Hen Niê", "Y Bhin Êban"); Gia-rai names put the clan first ("Ksor H'Bia",
"Rơ Châm Y Tiêng"); some Mnông names carry no clan at all ("Y Bhin"). Clan and family names
are facts in ``reference/family_names.csv``.

Example:
    >>> normalize_name("h'hen  niê"), normalize_name("Y BHIN ÊBAN")
    ("H'Hen Niê", 'Y Bhin Êban')
    >>> split_name("Ksor H'Bia")
    NameParts(family='Ksor', middle='', given="H'Bia", rule='jarai_clan_first')
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.ethnicity import normalize_ethnicity
from edu_pipeline.vietnamese.legacy_fonts import may_be_legacy, repair_legacy_cell
from edu_pipeline.vietnamese.text import (
    DEFAULT_TONE_STYLE,
    ToneStyle,
    apply_tone_style,
    ascii_key,
    clean_spaces,
    fold_key,
    nfc,
    normalize_apostrophes,
)

__all__ = [
    "NameParts",
    "name_match_key",
    "name_problem",
    "normalize_name",
    "split_name",
    "surname_key",
]

RULE_KINH = "kinh"
RULE_CLAN_LAST = "ede_clan_last"
RULE_CLAN_FIRST = "jarai_clan_first"
RULE_NO_CLAN = "no_clan"
RULE_SINGLE = "single_word"
# Ethnicity hints (official names) whose naming order is known.
_HINT_RULES = {"Ê-đê": RULE_CLAN_LAST, "Mnông": RULE_CLAN_LAST, "Gia-rai": RULE_CLAN_FIRST}
_WORD_START = re.compile(r"(^|[\s'\-])(\w)")
_SPACE_AFTER_PREFIX = re.compile(r"\b([HhMmKk])' +(?=\w)")  # "H' Hen" -> "H'Hen"
_GENDER_PREFIXES = frozenset({"y", "h", "a"})
_NAME_PUNCTUATION = str.maketrans(dict.fromkeys(" '-"))


class NameParts(NamedTuple):
    """Parts of a full name and the rule that produced them (for audit and tests)."""

    family: str
    middle: str
    given: str
    rule: str


_MAX_PASSES = 4  # a name's legacy readings end within three passes; the fourth is a guard


def _upper_letter(letter: str) -> str:
    """Upper case of one letter, or the letter itself when that is no single letter ("ß")."""
    upper = letter.upper()
    return upper if len(upper) == 1 else letter


@lru_cache(maxsize=1 << 17)  # names reuse a few thousand words: style each one once
def _styled_word(word: str, tone_style: ToneStyle) -> str:
    capitalised = _WORD_START.sub(lambda m: m.group(1) + _upper_letter(m.group(2)), word.lower())
    return apply_tone_style(capitalised, tone_style)


def normalize_name(raw: str, tone_style: ToneStyle = DEFAULT_TONE_STYLE) -> str:
    """The contract form of a name: NFC, single spaces, each word capitalised, one tone style.

    Letters after an apostrophe or hyphen are capitalised too ("ksor h'bia" -> "Ksor H'Bia");
    typographic apostrophes become ``'`` and "H' Hen" loses the stray space. Letters of the
    minority orthographies (ŭ, ĭ, ŏ, ơ, ư, ê, ñ…) are kept; symbols are kept too, so that
    ``name_problem`` reports them instead of them silently vanishing. A name still in a
    legacy font ("NguyÔn V¨n An") is decoded first.
    Example: ``normalize_name("  NGUYỄN   thị hoà ")`` -> ``"Nguyễn Thị Hòa"``.
    """
    text = _normalize_once(raw, tone_style)
    # Capitalising can reveal a legacy reading the typed case hid ("ÎM" -> VNI "Îm" = "Ẻm"),
    # and a decoded word can read as legacy once more (fuzzing found "¢\vc¢" needing three
    # passes): passes go on until one changes nothing, so normalising twice changes nothing.
    for _ in range(_MAX_PASSES):
        if not may_be_legacy(text) or (again := _normalize_once(text, tone_style)) == text:
            break
        text = again
    return text


def _normalize_once(raw: str, tone_style: ToneStyle) -> str:
    text = clean_spaces(normalize_apostrophes(repair_legacy_cell(nfc(raw))))
    text = _SPACE_AFTER_PREFIX.sub(r"\1'", text)
    return " ".join(_styled_word(word, tone_style) for word in text.split(" "))


def name_problem(name: str) -> str | None:
    """Reason code when ``name`` cannot be a person's full name, else None.

    Codes, first match wins: "empty", "has_digits", "has_symbols" (anything but letters,
    marks, spaces, apostrophes and hyphens: a finding for the school, never silently
    removed), "too_short" (fewer than 2 letters), "single_word" (no family or given name).
    Example: ``name_problem("Lê Văn 2")`` -> ``"has_digits"``; ``name_problem("Y Bhin")`` -> None.
    """
    return _problem(normalize_name(name))


def _problem(text: str) -> str | None:
    letters_only = text.translate(_NAME_PUNCTUATION)
    if letters_only.isalpha():  # the usual name: letters, spaces, ' and - only
        if len(letters_only) < 2:
            return "too_short"
        return None if len(text.split()) >= 2 else "single_word"
    checks = (
        ("empty", not text),
        ("has_digits", any(ch.isdigit() for ch in text)),
        ("has_symbols", not all(_is_name_char(ch) for ch in text)),
        ("too_short", sum(ch.isalpha() for ch in text) < 2),
        ("single_word", len(text.split()) < 2),
    )
    return next((code for code, failed in checks if failed), None)


def _is_name_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM" or ch in " '-"


@cache
def _clans(ordering: str) -> dict[int, frozenset[tuple[str, ...]]]:
    """Clan names of one ordering as folded word tuples, by word count, longest first."""
    by_length: dict[int, set[tuple[str, ...]]] = {}
    for row in read_reference_csv("family_names.csv"):
        if row["ordering"] == ordering:
            words = tuple(fold_key(row["name"]).split())
            by_length.setdefault(len(words), set()).add(words)
    return {n: frozenset(by_length[n]) for n in sorted(by_length, reverse=True)}


@lru_cache(maxsize=1 << 16)  # a few thousand distinct words make up all names
def _fold_word(word: str) -> str:
    return fold_key(word)


def _match_clan(words: list[str], ordering: str, at_end: bool) -> int:
    """Number of words at the end (or start) of ``words`` forming a known clan, else 0
    ("Niê Kdăm" is tried before "Niê")."""
    folded = [_fold_word(w) for w in words]
    for n, clans in _clans(ordering).items():
        if n < len(words) and tuple(folded[-n:] if at_end else folded[:n]) in clans:
            return n
    return 0


def _is_prefixed(word: str) -> bool:
    """True for the gender prefixes of Highlands names: "Y", "H", "A" or "H'Xxx"/"K'Xxx"."""
    lower = word.lower()
    return lower in _GENDER_PREFIXES or bool(re.match(r"^[hk]'\w", lower))


def _kinh(words: list[str], rule: str = RULE_KINH) -> NameParts:
    return NameParts(words[0], " ".join(words[1:-1]), words[-1], rule)


@cache
def _kinh_surnames() -> frozenset[str]:
    rows = read_reference_csv("family_names.csv")
    return frozenset(fold_key(r["name"]) for r in rows if "Kinh" in r["people"].split(";"))


def _clan_last(words: list[str]) -> NameParts | None:
    """Ê-đê / Mnông order: "H'Hen Niê", "Y Bhin Êban"; "Y Bhin" (no clan); else None."""
    n = _match_clan(words, "clan_last", at_end=True)
    prefixed = _is_prefixed(words[0])
    if n and (prefixed or _fold_word(words[0]) not in _kinh_surnames()):
        return NameParts(" ".join(words[-n:]), "", " ".join(words[:-n]), RULE_CLAN_LAST)
    if not prefixed:
        return None
    if len(words) >= 3 or re.match(r"^[hk]'\w", words[0].lower()):
        return NameParts(words[-1], "", " ".join(words[:-1]), RULE_CLAN_LAST)
    return NameParts("", "", " ".join(words), RULE_NO_CLAN)


def _clan_first(words: list[str], hinted: bool) -> NameParts | None:
    """Gia-rai order: "Ksor H'Bia", "Rơ Châm Y Tiêng"; an unknown clan only with the hint."""
    n = _match_clan(words, "clan_first", at_end=False)
    if n == 0 and hinted and _is_prefixed(words[1]):
        n = 1
    if n == 0:
        return None
    family, rest = " ".join(words[:n]), words[n:]
    if _is_prefixed(rest[0]) or len(rest) == 1:
        return NameParts(family, "", " ".join(rest), RULE_CLAN_FIRST)
    return NameParts(family, " ".join(rest[:-1]), rest[-1], RULE_CLAN_FIRST)


@lru_cache(maxsize=1024)  # a few dozen distinct ethnicity spellings
def _rule_from_hint(hint: str | None) -> str | None:
    if hint is None or hint in (RULE_KINH, RULE_CLAN_LAST, RULE_CLAN_FIRST):
        return hint
    official = normalize_ethnicity(hint)
    return _HINT_RULES.get(official or "", RULE_KINH if official == "Kinh" else None)


def split_name(full: str, hint: str | None = None) -> NameParts:
    """Split a full name into family, middle and given names.

    The shape decides: a known Gia-rai clan first ("Ksor H'Bia") -> clan first; a known
    Ê-đê/Mnông clan last ("H'Hen Niê"), or a gender prefix ("Y", "H", "H'…") with 3+ words
    -> clan last; a prefix with one more word ("Y Bhin") -> no clan (family empty); else the
    Kinh order (first word family, last word given, the rest middle). ``hint`` is the
    person's ethnicity ("Ê-đê", "Jrai", "Kinh"…) or a rule name: "Kinh" forces the Kinh
    order, Ê-đê/Mnông try clan-last first, Gia-rai also accepts an unknown clan before a
    prefixed given name. A Kinh-shaped name ("Nguyễn Văn Hòa") stays Kinh whatever the hint.
    Example: ``split_name("H'Hen Niê")`` -> ``NameParts("Niê", "", "H'Hen", "ede_clan_last")``.
    """
    return _split(normalize_name(full), hint)


def _split(text: str, hint: str | None) -> NameParts:
    words = text.split()
    if len(words) <= 1:
        return NameParts("", "", " ".join(words), RULE_SINGLE)
    rule = _rule_from_hint(hint)
    if rule == RULE_KINH:
        return _kinh(words)
    first = _clan_first(words, hinted=rule == RULE_CLAN_FIRST)
    last = _clan_last(words)
    ordered = (last, first) if rule == RULE_CLAN_LAST else (first, last)
    return next((parts for parts in ordered if parts is not None), None) or _kinh(words)


def name_match_key(full: str) -> str:
    """ASCII blocking key: no diacritics, lower case, apostrophes dropped, hyphens as spaces.

    Why: candidate pairs for dedupe must meet even when one file lost its diacritics or
    typed "H Hen" for "H'Hen". Example: ``name_match_key("H'Hen Niê")`` -> ``"hhen nie"``.
    """
    text = normalize_name(full).replace("'", "").replace("-", " ")
    return clean_spaces(ascii_key(text))


@cache
def _ambiguous_ascii_surnames() -> frozenset[str]:
    seen: dict[str, set[str]] = {}
    for row in read_reference_csv("family_names.csv"):
        seen.setdefault(ascii_key(row["name"]), set()).add(fold_key(row["name"]))
    return frozenset(key for key, names in seen.items() if len(names) > 1)


def surname_key(family: str) -> str:
    """Key for comparing family names: ASCII, except where surnames differ only by diacritics.

    "Nguyễn" and "Nguyen" share a key, but Lò / Lô / Lo, Hà / Hạ or Mã / Ma are different
    families and keep their diacritics (case and tone style still ignored). Vi and Vy differ
    in letters, so they stay different anyway.
    Example: ``surname_key("NGUYEN") == surname_key("Nguyễn")``, ``surname_key("Lò") !=
    surname_key("Lô")``.
    """
    key = ascii_key(family)
    return fold_key(family) if key in _ambiguous_ascii_surnames() else key
