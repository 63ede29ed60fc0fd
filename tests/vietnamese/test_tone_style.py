import unicodedata

import pytest
from hypothesis import given
from vn_samples import vietnamese_text

from edu_pipeline.vietnamese.text import DEFAULT_TONE_STYLE, apply_tone_style

PAIRS = [  # (old style, new style)
    ("hòa", "hoà"),
    ("Hòa", "Hoà"),
    ("HÒA", "HOÀ"),
    ("thủy", "thuỷ"),
    ("Thủy", "Thuỷ"),
    ("THỦY", "THUỶ"),
    ("khỏe", "khoẻ"),
    ("KHỎE", "KHOẺ"),
    ("xòe", "xoè"),
    ("họa", "hoạ"),
    ("thúy", "thuý"),
    ("lũy", "luỹ"),
    ("ủy", "uỷ"),
    ("òa", "oà"),
    ("Khánh Hòa", "Khánh Hoà"),
    ("Tuy Hòa, Phú Yên", "Tuy Hoà, Phú Yên"),
]
SAME_IN_BOTH = [
    "hoàn",
    "thuyền",
    "khoét",
    "hoạch",
    "quá",
    "quý",
    "Quỳnh",
    "quỷ",
    "già",
    "giữa",
    "ngoài",
    "xoáy",
    "khuya",
    "hoa",
    "thuy",
    "Nguyễn",
    "tuýp",
    "huỳnh",
    "Đắk",
]


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_old_to_new(old, new):
    assert apply_tone_style(old, "new") == new


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_new_to_old(old, new):
    assert apply_tone_style(new, "old") == old


@pytest.mark.parametrize("word", SAME_IN_BOTH)
@pytest.mark.parametrize("style", ["old", "new"])
def test_words_outside_the_rule_unchanged(word, style):
    assert apply_tone_style(word, style) == word


def test_default_style_is_old():
    assert DEFAULT_TONE_STYLE == "old"
    assert apply_tone_style("Thuỷ Hoà") == "Thủy Hòa"


def test_decomposed_input_is_composed():
    assert apply_tone_style(unicodedata.normalize("NFD", "Hoà"), "old") == "Hòa"


@given(vietnamese_text)
def test_styles_round_trip(text):
    old = apply_tone_style(text, "old")
    assert apply_tone_style(apply_tone_style(old, "new"), "old") == old
    assert apply_tone_style(old, "old") == old
