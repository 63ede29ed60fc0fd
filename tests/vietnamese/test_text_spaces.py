import unicodedata

import pytest

from edu_pipeline.vietnamese.text import clean_spaces, nfc, normalize_apostrophes


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Lê   Văn An ", "Lê Văn An"),
        ("Lê\u00a0Văn\u00a0An", "Lê Văn An"),
        ("Lê\tVăn\nAn\r\n", "Lê Văn An"),
        ("Lê\u200bVăn", "Lê Văn"),
        ("Ng\u200duyễn\ufeff", "Nguyễn"),
        ("\u3000Lê\u2003An", "Lê An"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_clean_spaces(raw, expected):
    assert clean_spaces(raw) == expected


def test_soft_hyphen_is_kept_for_legacy_repair():
    # U+00AD is the letter "ư" in TCVN3 text not yet repaired; it must survive.
    assert clean_spaces("Tr\u00adêng") == "Tr\u00adêng"


@pytest.mark.parametrize("word", ["Nguyễn", "Hòa", "Đắk Lắk", "Thủy", "Ươn"])
def test_nfc_composes_decomposed_text(word):
    decomposed = unicodedata.normalize("NFD", word)
    assert decomposed != word
    assert nfc(decomposed) == word


@pytest.mark.parametrize("mark", ["’", "‘", "`", "´", "ʼ"])
def test_typographic_apostrophes(mark):
    assert normalize_apostrophes(f"H{mark}Hen") == "H'Hen"
