"""The shape of a Vietnamese syllable: onset + rhyme + one tone mark.

Why: two rules need to know what a real syllable looks like. Tone-mark style ("hòa"/"hoà")
moves the mark only inside the open rhymes oa/oe/uy, and legacy-font detection accepts a
decoding only when it produces real words. The Central Highlands languages (Ê-đê, Gia-rai,
Mnông…) write words that are not Kinh syllables ("Êban", "Mlô", "Bkrông", "H'Hen"), so a
second, looser test accepts those.

Example:
    >>> is_vietnamese_syllable("Nguyễn"), is_vietnamese_syllable("Cafộ")
    (True, False)
    >>> is_minority_word("Bkrông"), is_minority_word("Lµ")
    (True, False)
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache

__all__ = [
    "TONE_MARKS",
    "is_common_syllable",
    "is_minority_word",
    "is_vietnamese_syllable",
    "split_onset",
    "strip_tone",
    "tone_of",
    "tone_positions",
]

# Combining marks of the five written tones: huyền, sắc, hỏi, ngã, nặng.
TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ONSETS = _words("ngh ng nh ch gh gi kh ph qu th tr b c d đ g h k l m n p r s t v x")
OPEN_RHYMES = _words(
    "a e ê i o ô ơ u ư y ai ao au âu ay ây eo êu ia iu oa oai oao oay oe oeo oi ôi ơi ua "
    "uây uê ui uôi ươi ưa ưi ưu uy uya uyu ươu iêu yêu uơ"
)
CLOSED_RHYMES = {
    "a": "c ch m n ng nh p t",
    "ă": "c m n ng p t",
    "â": "c m n ng p t",
    "e": "c m n ng p t",
    "ê": "ch m n nh p t",
    "i": "ch m n nh p t",
    "y": "ch n nh p t",  # after qu: "quýt", "Quỳnh"
    "o": "c m n ng p t",
    "ô": "c m n ng p t",
    "ơ": "m n p t",
    "u": "c m n ng p t",
    "ư": "c m n ng t",
    "iê": "c m n ng p t",
    "yê": "m n ng t",
    "uô": "c m n ng t",
    "ươ": "c m n ng p t",
    "oa": "c ch m n ng nh p t",
    "oă": "c m n ng t",
    "oe": "m n t",
    "uâ": "n ng t",
    "uê": "ch nh n",
    "uy": "ch n nh p t",
    "uyê": "n t",
    "oo": "c ng",
}
# Highlands place and clan names written in Kinh letters add a final -k ("Đắk Lắk",
# "Krông Búk") and the open rhyme -iê ("Niê"); accepting them keeps those names "real words".
HIGHLAND_K_NUCLEI = _words("a ă â e ê i o ô ơ u ư uô")
HIGHLAND_OPEN_RHYMES = ("iê",)
STOP_CODAS = ("c", "ch", "p", "t", "k")
# Valid but rare rhymes (loanwords, interjections): "boong", "ngoao", "ngoẻo", "khuỵu", "thuở".
RARE_RHYMES = _words("oo ooc oong oao oeo uyu uơ")
VOWELS = "aăâeêioôơuưy"
# Highlands orthographies add breve vowels (ĕ ĭ ŏ ŭ, ơ̆: compared without the breve) and ñ;
# f, j, w, z appear in loanwords and minority names.
CONSONANTS = "bcdđfghjklmnñpqrstvwxz"
BREVE = "\u0306"


def tone_of(word: str) -> str | None:
    """The combining tone mark of ``word`` (None for the level tone ngang).

    Raises ValueError when the word carries more than one tone mark.
    Example: ``tone_of("Hòa")`` -> ``"\\u0300"``.
    """
    marks = [ch for ch in unicodedata.normalize("NFD", word) if ch in TONE_MARKS]
    if len(marks) > 1:
        raise ValueError("more than one tone mark")
    return marks[0] if marks else None


def strip_tone(word: str) -> str:
    """``word`` without its tone mark, quality marks kept (``"Lắk"`` -> ``"Lăk"``), NFC."""
    nfd = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in TONE_MARKS))


@cache
def _rhymes() -> frozenset[str]:
    closed = {nucleus + coda for nucleus, codas in CLOSED_RHYMES.items() for coda in codas.split()}
    highland = {nucleus + "k" for nucleus in HIGHLAND_K_NUCLEI}
    return frozenset(OPEN_RHYMES) | closed | highland | frozenset(HIGHLAND_OPEN_RHYMES)


def _spelling_ok(onset: str, rhyme: str) -> bool:
    """Spelling rules: "qu" already holds the glide ("quốc", never "quoác"); "gi" does not
    double its i ("gìn" is g + in); y before a final consonant only after qu ("quýt");
    k/gh/ngh only before i, e, ê, y and c/g/ng never there."""
    if onset == "qu":
        return rhyme[0] not in "ouư"
    if rhyme[0] == "y" and len(rhyme) > 1 and rhyme[1] not in VOWELS:
        return False  # "-ynh", "-yt" only after qu
    if onset == "gi":
        return rhyme[0] not in "iy"
    front = rhyme[0] in "ieêy"
    if onset in ("k", "gh", "ngh"):
        return front
    if onset == "g":  # "gì", "gìn": the i of "gi" is also the vowel
        return rhyme[0] not in "eê"
    return not (onset in ("c", "ng") and front)


def split_onset(base: str) -> tuple[str, str] | None:
    """Split a toneless lower-case syllable into (onset, rhyme), or None if it is not one.

    The longest onset that leaves a valid rhyme wins, so "quy" is qu + y (not q + uy) and
    "gia" is gi + a. Example: ``split_onset("thuy")`` -> ``("th", "uy")``.
    """
    for onset in (*ONSETS, ""):
        rhyme = base[len(onset) :]
        if base.startswith(onset) and rhyme in _rhymes() and _spelling_ok(onset, rhyme):
            return onset, rhyme
    return None


def tone_positions(rhyme: str) -> frozenset[int]:
    """Where the tone mark may sit in a toneless rhyme (indexes into ``rhyme``).

    On the last of ă â ê ô ơ ư when present ("ương" -> ơ); else on the last vowel before a
    final consonant ("oan" -> a); in open rhymes on the middle of three vowels ("oai" -> a),
    on either vowel of oa / oe / uy (old and new style), else on the first of two ("ai" -> a).
    Example: ``tone_positions("oa")`` -> ``frozenset({0, 1})``.
    """
    vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    special = [i for i, ch in enumerate(rhyme) if ch in "ăâêôơư"]
    if special:
        return frozenset({special[-1]})
    if rhyme[-1] not in VOWELS or len(vowels) == 1:
        return frozenset({vowels[-1]})
    if rhyme in ("oa", "oe", "uy"):
        return frozenset({0, 1})
    return frozenset({vowels[1] if len(vowels) == 3 else vowels[0]})


def _toned_index(word: str) -> int | None:
    for index, ch in enumerate(word):
        if any(mark in TONE_MARKS for mark in unicodedata.normalize("NFD", ch)):
            return index
    return None


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` is one well-formed Kinh syllable (any case, NFC or NFD).

    Checks onset and rhyme (with the c/k, g/gh, ng/ngh, qu and gi spelling rules), one tone
    mark at most, on a vowel where Vietnamese puts it ("hoà"/"hòa" yes, "hoaì" no), and that
    stop-final rhymes (-c, -ch, -p, -t) carry sắc or nặng.
    Example: ``is_vietnamese_syllable("hoàn")`` -> True, ``is_vietnamese_syllable("leõ")``
    -> False.
    """
    word = unicodedata.normalize("NFC", word)
    if _camel_case(word):
        return False
    try:
        tone = tone_of(word)
    except ValueError:
        return False
    parts = split_onset(strip_tone(word).lower())
    if parts is None:
        return False
    onset, rhyme = parts
    if rhyme.endswith(STOP_CODAS):
        return tone in ("\u0301", "\u0323")
    if tone is None:
        return True
    return (_toned_index(word) or 0) - len(onset) in tone_positions(rhyme)


def is_common_syllable(word: str) -> bool:
    """A Vietnamese syllable whose rhyme is not one of the rare ones (``RARE_RHYMES``).

    Why: deciding between two legacy fonts, "Boõng" (TCVN3 reading of VNI "Boâng") is a
    valid but unlikely word, "Bông" a common one. Example: ``is_common_syllable("Bông")``.
    """
    if not is_vietnamese_syllable(word):
        return False
    parts = split_onset(strip_tone(word).lower())
    return parts is not None and parts[1] not in RARE_RHYMES


def _without_tone_and_breve(word: str) -> str:
    nfd = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in nfd if ch not in TONE_MARKS | {BREVE}))


@cache
def _minority_part() -> re.Pattern[str]:
    """Syllables of consonant clusters around a Vietnamese vowel cluster (ai, uô, ươ, iê…)."""
    nuclei = {r.rstrip(CONSONANTS) for r in _rhymes()}
    clusters = sorted({_without_tone_and_breve(n) for n in nuclei if n}, key=len, reverse=True)
    vowel = "|".join(clusters)
    first = rf"[{CONSONANTS}]{{0,3}}'?[{CONSONANTS}y]{{0,2}}(?:{vowel})[{CONSONANTS}]{{0,2}}"
    # "y" may glide before the vowel ("Byă"); later syllables need an onset ("Ê-ban",
    # "A-yun"), so "Laék" is not "La-ék".
    later = rf"[{CONSONANTS}y]{{1,3}}'?[{CONSONANTS}]{{0,2}}(?:{vowel})[{CONSONANTS}]{{0,2}}"
    return re.compile(rf"{first}(?:{later})*")


def _camel_case(word: str) -> bool:
    """ "NguyÔn", "ThÞ": a capital right after a small letter never occurs in a real word."""
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


@lru_cache(maxsize=1 << 16)
def is_minority_word(word: str) -> bool:
    """Loose test for words of the Highlands orthographies (and Kinh syllables).

    Letters only (plus an apostrophe after the first consonants and hyphens between parts),
    syllables built from Vietnamese vowel clusters (breves ignored) and consonant clusters,
    at most one tone mark per hyphen-separated part, no capital after a small letter.
    Example: ``is_minority_word("H'Hen")`` -> True, ``is_minority_word("Đ")`` -> False.
    """
    if _camel_case(word):
        return False
    for part in word.split("-"):
        marks = sum(ch in TONE_MARKS for ch in unicodedata.normalize("NFD", part))
        if marks > 1 or not _minority_part().fullmatch(_without_tone_and_breve(part)):
            return False
    return True
