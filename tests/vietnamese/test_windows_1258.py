import unicodedata

import pytest

from edu_pipeline.vietnamese.legacy_fonts import decode_windows_1258
from edu_pipeline.vietnamese.syllables import TONE_MARKS


def cp1258_form(text: str) -> str:
    """How Windows-1258 stores text: base letters (ơ, ư, ă, â…) + a COMBINING tone mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts if m in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out)


@pytest.mark.parametrize("text", ["Nguyễn Thị Hòa", "Đắk Lắk", "Trường THCS", "Ưng Ơn Ăn"])
def test_round_trip_and_nfc(text):
    raw = cp1258_form(text).encode("cp1258", errors="strict")
    decoded = decode_windows_1258(raw)
    assert decoded == text
    assert unicodedata.is_normalized("NFC", decoded)


def test_combining_tone_bytes_are_composed():
    assert decode_windows_1258(b"Ho\xecng") == "Hóng"
    assert len(decode_windows_1258(b"a\xcc")) == 1  # a + combining grave -> à


def test_bytes_undefined_in_python_follow_whatwg():
    # WHATWG maps 0x81 0x8A 0x8D 0x8E 0x8F 0x90 0x9A 0x9D 0x9E to the C1 control of that value.
    for byte in (0x81, 0x8A, 0x8D, 0x8E, 0x8F, 0x90, 0x9A, 0x9D, 0x9E):
        assert decode_windows_1258(bytes([byte])) == chr(byte)


def test_all_bytes_decode():
    assert len(decode_windows_1258(bytes(range(256)))) <= 256
