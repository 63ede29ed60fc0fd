import unicodedata

import pytest

from edu_pipeline.vietnamese.text import ascii_key, fold_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hòa", "Hoà"),
        ("HÒA", "hoà"),
        ("Thủy", "THUỶ"),
        (unicodedata.normalize("NFD", "Nguyễn"), "nguyễn"),
        ("  Lê  Văn ", "lê văn"),
        ("H’Hen", "h'hen"),
    ],
)
def test_fold_key_equal(a, b):
    assert fold_key(a) == fold_key(b)


@pytest.mark.parametrize(("a", "b"), [("Lò", "Lô"), ("Lò", "Lo"), ("Vi", "Vy"), ("Hà", "Hạ")])
def test_fold_key_keeps_diacritics(a, b):
    assert fold_key(a) != fold_key(b)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Đắk Lắk", "dak lak"),
        ("  ĐẮK   LẮK ", "dak lak"),
        ("Họ và tên", "ho va ten"),
        ("Nguyễn Thị Thủy", "nguyen thi thuy"),
        ("Ưng Ơn", "ung on"),
    ],
)
def test_ascii_key(raw, expected):
    assert ascii_key(raw) == expected
