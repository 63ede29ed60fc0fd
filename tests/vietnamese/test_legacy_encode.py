import pytest

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.legacy_fonts import decode_tcvn3, decode_vni, encode_tcvn3, encode_vni

EXAMPLES = [  # (unicode, tcvn3 as cp1252, vni as cp1252)
    ("Đắk Lắk", "§¾k L¾k", "Ñaék Laék"),
    ("Nguyễn", "NguyÔn", "Nguyeãn"),
    ("Trường", "Tr\u00adêng", "Tröôøng"),
    ("ĐẮK LẮK", "§¡¾K L¡¾K", "ÑAÉK LAÉK"),
    ("H'Hen Niê", "H'Hen Niª", "H'Hen Nieâ"),
    ("Hòa", "Hßa", "Hoøa"),
    ("ASCII 123", "ASCII 123", "ASCII 123"),
]


@pytest.mark.parametrize(("text", "tcvn3", "vni"), EXAMPLES)
def test_encode(text, tcvn3, vni):
    assert encode_tcvn3(text) == tcvn3
    assert encode_vni(text) == vni


@pytest.mark.parametrize(("text", "tcvn3", "vni"), EXAMPLES)
def test_decode(text, tcvn3, vni):
    assert decode_tcvn3(tcvn3) == text
    assert decode_vni(vni) == text


@pytest.mark.parametrize("font", ["tcvn3", "vni"])
def test_every_letter_of_the_table_round_trips(font):
    encode, decode = {"tcvn3": (encode_tcvn3, decode_tcvn3), "vni": (encode_vni, decode_vni)}[font]
    rows = read_reference_csv(f"legacy_{font}.csv")
    assert len(rows) == 134
    for row in rows:
        assert encode(row["unicode"]) == row["legacy_cp1252"]
        assert decode(row["legacy_cp1252"]) == row["unicode"]
        assert bytes.fromhex(row["legacy_hex"]).decode("cp1252") == row["legacy_cp1252"]


def test_encoded_text_is_representable_in_cp1252():
    text = "".join(r["unicode"] for r in read_reference_csv("legacy_tcvn3.csv"))
    encode_tcvn3(text).encode("cp1252")
    encode_vni(text).encode("cp1252")


def test_encode_accepts_decomposed_input():
    assert encode_tcvn3("Nguye\u0302\u0303n") == "NguyÔn"
