import pytest

from edu_pipeline.vietnamese.names import NameParts, split_name


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Nguyễn Thị Hòa", ("Nguyễn", "Thị", "Hòa", "kinh")),
        ("Trần Văn Minh Khoa", ("Trần", "Văn Minh", "Khoa", "kinh")),
        ("Lê An", ("Lê", "", "An", "kinh")),
        ("Đinh Văn Nam", ("Đinh", "Văn", "Nam", "kinh")),
        ("h'hen niê", ("Niê", "", "H'Hen", "ede_clan_last")),
        ("Y Bhin Êban", ("Êban", "", "Y Bhin", "ede_clan_last")),
        ("Y Ngông Niê Kdăm", ("Niê Kdăm", "", "Y Ngông", "ede_clan_last")),
        ("H Hen Mlô", ("Mlô", "", "H Hen", "ede_clan_last")),
        ("H'Nun Xyz", ("Xyz", "", "H'Nun", "ede_clan_last")),
        ("Y Kông Abc", ("Abc", "", "Y Kông", "ede_clan_last")),
        ("Ksor H'Bia", ("Ksor", "", "H'Bia", "jarai_clan_first")),
        ("Rơ Châm Y Tiêng", ("Rơ Châm", "", "Y Tiêng", "jarai_clan_first")),
        ("Siu Thị Hoa", ("Siu", "Thị", "Hoa", "jarai_clan_first")),
        ("Y Bhin", ("", "", "Y Bhin", "no_clan")),
        ("Hoa", ("", "", "Hoa", "single_word")),
        ("Hoàng Thị Liêng", ("Hoàng", "Thị", "Liêng", "kinh")),
    ],
)
def test_split_without_hint(full, expected):
    assert split_name(full) == NameParts(*expected)


@pytest.mark.parametrize(
    ("full", "hint", "expected"),
    [
        ("Ksor H'Bia", "Kinh", ("Ksor", "", "H'Bia", "kinh")),
        ("Xyz H'Bia", "Jrai", ("Xyz", "", "H'Bia", "jarai_clan_first")),
        ("Xyz H'Bia", None, ("Xyz", "", "H'Bia", "kinh")),
        ("Nguyễn Văn Hòa", "Ê-đê", ("Nguyễn", "Văn", "Hòa", "kinh")),
        ("Niê Thị Hoa", "Ede", ("Niê", "Thị", "Hoa", "kinh")),
        ("H'Hen Niê", "ede_clan_last", ("Niê", "", "H'Hen", "ede_clan_last")),
    ],
)
def test_split_with_hint(full, hint, expected):
    assert split_name(full, hint) == NameParts(*expected)


@pytest.mark.parametrize("full", ["Nguyễn Thị Hòa", "H'Hen Niê", "Rơ Châm Y Tiêng", "Y Bhin"])
def test_parts_rebuild_the_name(full):
    parts = split_name(full)
    words = [parts.family, parts.middle, parts.given]
    rebuilt = " ".join(w for w in words if w)
    assert sorted(rebuilt.split()) == sorted(full.split())
