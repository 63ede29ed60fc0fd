import pytest

from edu_pipeline.vietnamese.names import name_match_key, surname_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Nguyễn Thị Hòa", "NGUYEN THI HOA"),
        ("Nguyễn Thị Hoà", "nguyễn  thị hòa"),
        ("H'Hen Niê", "H Hen Nie"),
        ("H’Hen Niê", "hhen nie"),
    ],
)
def test_match_key_blocks_together(a, b):
    assert name_match_key(a).replace(" ", "") == name_match_key(b).replace(" ", "")


def test_match_key_is_ascii_lower():
    assert name_match_key("Đặng Thị Ánh") == "dang thi anh"


@pytest.mark.parametrize(("a", "b"), [("Nguyễn", "NGUYEN"), ("Trần", "tran"), ("Hòa", "Hoà")])
def test_surname_key_ignores_diacritics_when_unambiguous(a, b):
    assert surname_key(a) == surname_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Lò", "Lô"), ("Lò", "Lo"), ("Lô", "Lo"), ("Vi", "Vy"), ("Hà", "Hạ")]
)
def test_surname_key_keeps_diacritics_where_surnames_differ_by_them(a, b):
    assert surname_key(a) != surname_key(b)


def test_surname_key_case_and_style_insensitive():
    assert surname_key("LÒ") == surname_key("lò")
