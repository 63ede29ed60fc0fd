import unicodedata

import pytest

from edu_pipeline.vietnamese.gender import gender_from_female_mark, normalize_gender


@pytest.mark.parametrize(
    "raw", ["Nam", "nam", "NAM", " Nam ", "male", "Male", "M", "m", "1", "01", "1.0", "trai"]
)
def test_male(raw):
    assert normalize_gender(raw) == "Nam"


@pytest.mark.parametrize(
    "raw",
    [
        "Nữ",
        "nữ",
        "NỮ",
        "nu",
        "NU",
        "Nu",
        "female",
        "F",
        "f",
        "2",
        "02",
        "gái",
        unicodedata.normalize("NFD", "Nữ"),
    ],
)
def test_female(raw):
    assert normalize_gender(raw) == "Nữ"


@pytest.mark.parametrize("raw", [None, "", "0", "x", "abc", "3"])
def test_unknown(raw):
    assert normalize_gender(raw) is None


@pytest.mark.parametrize("mark", ["x", "X", " x ", "1", "1.0", "✓", "✔", "Nữ", "có"])
def test_ticked_female_column(mark):
    assert gender_from_female_mark(mark) == "Nữ"


@pytest.mark.parametrize("mark", [None, "", "  ", "0", "-", "Nam"])
def test_unticked_female_column(mark):
    assert gender_from_female_mark(mark) == "Nam"
