import pytest

from edu_pipeline.vietnamese.legacy_fonts import (
    detect_legacy_font,
    detect_legacy_font_column,
    encode_tcvn3,
    encode_vni,
    repair_legacy_text,
)

NOT_LEGACY = [
    "",
    "Nguyễn",
    "Nguyễn Thị Hoà",
    "Café",
    "§ 5",
    "Lê Hà",
    "Võ Hà",
    "Hà Tĩnh",
    "Hoà",
    "naïve",
    "Müller",
    "São Paulo",
    "plain ascii",
    "12/03/2012",
    "Tô Lê Hà",
    "Crème brûlée",
    "© 2024",
    "50 ¢",
    "x²",
    "Y Bhin Êban",
]


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_correct_text_is_never_flagged(text):
    assert detect_legacy_font(text) is None
    assert repair_legacy_text(text) == text


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("§¾k L¾k", "tcvn3"),
        ("NguyÔn ThÞ Hoµ", "tcvn3"),
        ("Tr\u00adêng THCS Lª Quý §«n", "tcvn3"),
        ("Ñaék Laék", "vni"),
        ("Nguyeãn Thò Hoaø", "vni"),
    ],
)
def test_legacy_text_detected(text, font):
    assert detect_legacy_font(text) == font


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [("§¾k L¾k", "Đắk Lắk"), ("Ñaék Laék", "Đắk Lắk"), ("NguyÔn ThÞ Hoµ", "Nguyễn Thị Hoà")],
)
def test_repair(legacy, expected):
    assert repair_legacy_text(legacy) == expected


def test_symbols_inside_words_are_strong_tcvn3_evidence():
    assert detect_legacy_font("Y Bhin £ban") == "tcvn3"


@pytest.mark.parametrize("name", ["Y Bhin Êban", "H'Hen Niê", "Y Kông Mlô", "Ê-đê", "Ksor H'Bă"])
def test_vni_modifier_pairs_decide_a_highlands_name_alone(name):
    # VNI "EÂban": "eâ", "oâ", "aê" occur in no Vietnamese word, so one cell is proof enough
    # even when the decoded word is a Highlands name no syllable list knows.
    assert detect_legacy_font(encode_vni(name)) == "vni"
    assert repair_legacy_text(encode_vni(name)) == name


def test_column_decides_when_cells_alone_cannot():
    cells = [encode_vni(v) for v in ["Y Bhin Êban", "H'Hen Niê", "Y Kông Mlô", "Hồ Minh Anh"]]
    assert cells[0] == "Y Bhin EÂban"
    assert detect_legacy_font(cells[3]) is None  # "Hoà Minh Anh" is also valid Unicode
    assert detect_legacy_font_column(cells) == "vni"
    assert repair_legacy_text(cells[3], font="vni") == "Hồ Minh Anh"


def test_cells_whose_every_token_also_reads_as_unicode_are_left_alone():
    # VNI for "Hồ Minh Anh"; as Unicode "Hoà Minh Anh" is a fine name too: one cell cannot
    # decide, the column can.
    assert detect_legacy_font("Hoà Minh Anh") is None
    assert detect_legacy_font_column(["Hoà Minh Anh", "Nguyeãn Vaên An"]) == "vni"


@pytest.mark.parametrize("cell", ["Phan Thò An", "Hoà Thò Hoa"])
def test_far_more_common_reading_decides_multi_word_cells(cell):
    # "Thò" is VNI for "Thị", the commonest middle name; as Unicode it is no name at all.
    assert detect_legacy_font(cell) == "vni"


@pytest.mark.parametrize("cell", ["Thò", "Dòng", "Hoà"])
def test_one_ambiguous_word_alone_is_left_alone(cell):
    assert detect_legacy_font(cell) is None


def test_column_of_unicode_is_not_legacy():
    values = ["Nguyễn Văn An", "Lê Hà", "Võ Hà", "Hoà", None, "", "Trần Thị Lan"]
    assert detect_legacy_font_column(values) is None


def test_repair_with_column_font_keeps_unicode_cells():
    assert repair_legacy_text("Nguyễn Văn An", font="tcvn3") == "Nguyễn Văn An"
    assert repair_legacy_text("Y Bhin £ban", font="tcvn3") == "Y Bhin Êban"
    assert repair_legacy_text("Café", font="vni") == "Café"


@pytest.mark.parametrize("encode", [encode_tcvn3, encode_vni])
def test_plain_ascii_column_is_not_legacy(encode):
    values = [encode(v) for v in ["Ksor H'Bia", "Y Bhin", "Siu Nay"]]
    assert detect_legacy_font_column(values) is None
