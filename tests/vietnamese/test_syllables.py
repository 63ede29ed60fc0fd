import pytest

from edu_pipeline.vietnamese.syllables import (
    is_minority_word,
    is_vietnamese_syllable,
    split_onset,
    strip_tone,
    tone_of,
)


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "hoàn", "thuyền", "quá", "gì", "giữa", "khuya", "Hòa", "HOÀ", "học", "Đắk", "Niê"],
)
def test_vietnamese_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["Cafộ", "hoc", "Êban", "Mỹller", "Lờà", "abc", "", "§"])
def test_not_vietnamese_syllables(word):
    assert not is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["Bkrông", "H'Hen", "Ê-đê", "Êñuôl", "Mlô", "Byă", "Ksơr", "Adrơng", "Hŭ", "Y"]
)
def test_minority_words(word):
    assert is_minority_word(word)


@pytest.mark.parametrize("word", ["Lµ", "Đ", "5", "Ca§", "àà"])
def test_not_words(word):
    assert not is_minority_word(word)


def test_split_onset_prefers_qu_and_gi():
    assert split_onset("quy") == ("qu", "y")
    assert split_onset("gia") == ("gi", "a")
    assert split_onset("thuy") == ("th", "uy")


def test_tone_helpers():
    assert tone_of("Hòa") == "\u0300"
    assert tone_of("Hoa") is None
    assert strip_tone("Lắk") == "Lăk"
    with pytest.raises(ValueError):
        tone_of("hoàá")
