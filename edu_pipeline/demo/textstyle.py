"""Text variations the generator writes: tone-mark styles, typos, stray spaces, cp1258 bytes.

Pure functions; they make messy input, the pipeline's `edu_pipeline.vietnamese` rules clean it.
They are written independently of those rules on purpose (the tone-mark mover here is not
`apply_tone_style`): input made by the code under test would hide that code's bugs.
"""

from __future__ import annotations

import random
import re
import unicodedata

TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_OLD = re.compile(rf"^(.*?)([oOuU])([{TONES}])([aAeEyY])$")
_NEW = re.compile(rf"^(.*?)([oOuU])([aAeEyY])([{TONES}])$")
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}


def _move_tone(word: str, pattern: re.Pattern[str], new_style: bool) -> str:
    m = pattern.match(unicodedata.normalize("NFD", word))
    if not m or m.group(1).lower().endswith(("q", "g")):
        return word
    if new_style:
        pre, v1, tone, v2 = m.groups()
    else:
        pre, v1, v2, tone = m.groups()
    if (v1.lower(), v2.lower()) not in _PAIRS:
        return word
    out = pre + v1 + v2 + tone if new_style else pre + v1 + tone + v2
    return unicodedata.normalize("NFC", out)


def new_tone_style(text: str) -> str:
    """Tone on the second vowel of open "oa/oe/uy" syllables.

    >>> new_tone_style("Trần Thị Thủy Hòa")
    'Trần Thị Thuỷ Hoà'
    """
    return " ".join(_move_tone(w, _OLD, True) for w in text.split(" "))


def old_tone_style(text: str) -> str:
    """Tone on the first vowel of open "oa/oe/uy" syllables.

    >>> old_tone_style("Lê Thuỷ Hoà")
    'Lê Thủy Hòa'
    """
    return " ".join(_move_tone(w, _NEW, False) for w in text.split(" "))


def has_tone_variant(text: str) -> bool:
    return new_tone_style(text) != old_tone_style(text)


def typo(name: str, rng: random.Random) -> str:
    """A one-edit typo in the last word: a tone mark dropped or changed, or two letters swapped.

    >>> typo("Lê Văn Hùng", random.Random(0)) != "Lê Văn Hùng"
    True
    """
    words = name.split(" ")
    word = unicodedata.normalize("NFD", words[-1])
    marks = [i for i, ch in enumerate(word) if ch in TONES]
    if marks and rng.random() < 0.7:
        i = rng.choice(marks)
        repl = rng.choice(["", *[t for t in TONES if t != word[i]]])
        word = word[:i] + repl + word[i + 1 :]
    else:
        base = unicodedata.normalize("NFC", word)
        if len(base) >= 3:
            i = rng.randrange(1, len(base) - 1)
            swapped = base[:i] + base[i + 1] + base[i] + base[i + 2 :]
            word = swapped if swapped != base else base + base[-1]
        else:
            word = base + base[-1]
    words[-1] = unicodedata.normalize("NFC", word)
    out = " ".join(words)
    return out if out != name else name + "h"


def stray_spaces(text: str, rng: random.Random) -> str:
    """Double spaces inside, or a leading/trailing space, as people type them."""
    kind = rng.randrange(3)
    if kind == 0 and " " in text:
        return text.replace(" ", "  ", 1)
    return " " + text if kind == 1 else text + " "


_BREVES = str.maketrans("ŭĭŬĬ", "uiUI")


def strip_breves(text: str) -> str:
    """Highlands letters legacy 8-bit encodings cannot hold ("Ayŭn" -> "Ayun").

    >>> strip_breves("H'Nĭ Ayŭn")
    "H'Ni Ayun"
    """
    return unicodedata.normalize("NFC", text).translate(_BREVES)
