"""Text variations: tone-mark styles, typos, Windows-1258 bytes."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from edu_pipeline.demo.textstyle import new_tone_style, old_tone_style, typo
from edu_pipeline.vietnamese.legacy_fonts import encode_windows_1258, windows_1258_is_lossy

WORDS = st.sampled_from(
    [
        "Hòa",
        "Hoà",
        "Thủy",
        "Thuỷ",
        "Khỏe",
        "Quý",
        "Quỳnh",
        "Của",
        "Nguyễn",
        "Huệ",
        "Thụy",
        "Toàn",
        "HÒA",
        "Y",
        "H'Mai",
        "Ayŭn",
    ]
)


@given(st.lists(WORDS, min_size=1, max_size=4))
def test_tone_styles_round_trip(words: list[str]) -> None:
    text = " ".join(words)
    assert old_tone_style(new_tone_style(text)) == old_tone_style(text)
    assert new_tone_style(old_tone_style(text)) == new_tone_style(text)


def test_tone_examples() -> None:
    assert new_tone_style("Hòa Thủy Quý Quỳnh Toàn") == "Hoà Thuỷ Quý Quỳnh Toàn"
    assert old_tone_style("HOÀ") == "HÒA"


@given(st.lists(WORDS, min_size=1, max_size=4), st.integers(0, 1000))
def test_typo_changes_the_name(words: list[str], seed: int) -> None:
    name = " ".join(words)
    assert typo(name, random.Random(seed)) != name


@given(st.lists(WORDS, min_size=1, max_size=4))
def test_cp1258_round_trip(words: list[str]) -> None:
    text = " ".join(words)
    decoded = unicodedata.normalize("NFC", encode_windows_1258(text).decode("cp1258"))
    assert (decoded == text) != windows_1258_is_lossy(text)
