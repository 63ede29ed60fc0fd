import unicodedata

import pytest

from edu_pipeline.vietnamese.names import normalize_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("h'hen niê", "H'Hen Niê"),
        ("Y BHIN ÊBAN", "Y Bhin Êban"),
        ("ksor h'bia", "Ksor H'Bia"),
        ("H’Hen Niê", "H'Hen Niê"),
        ("H‘Hen Niê", "H'Hen Niê"),
        ("H`Hen Niê", "H'Hen Niê"),
        ("H' Hen Niê", "H'Hen Niê"),
        ("  NGUYỄN   thị  hoà ", "Nguyễn Thị Hòa"),
        ("nguyễn văn thuỷ", "Nguyễn Văn Thủy"),
        ("lê-văn an", "Lê-Văn An"),
        ("y ŭ kpă", "Y Ŭ Kpă"),
        ("ĐINH THỊ ƠN", "Đinh Thị Ơn"),
        ("rơ châm y tiêng", "Rơ Châm Y Tiêng"),
    ],
)
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


def test_nfd_input_and_new_tone_style():
    raw = unicodedata.normalize("NFD", "Nguyễn Thị Hòa")
    assert normalize_name(raw) == "Nguyễn Thị Hòa"
    assert normalize_name(raw, tone_style="new") == "Nguyễn Thị Hoà"


@pytest.mark.parametrize("raw", ["Lê Văn 2", "Lê @ An", "Nguyễn T. Hoa"])
def test_symbols_and_digits_are_kept_for_findings(raw):
    kept = {ch for ch in raw if not ch.isalpha() and not ch.isspace()}
    assert kept <= set(normalize_name(raw))


@pytest.mark.parametrize("name", ["Nguyễn Thị Hòa", "H'Hen Niê", "Ksor H'Bia", "Y Bhin Êban"])
def test_idempotent(name):
    assert normalize_name(normalize_name(name)) == normalize_name(name) == name
