import pytest

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.ethnicity import is_ethnic_minority, normalize_ethnicity


@pytest.mark.parametrize(
    ("raw", "official"),
    [
        ("Ede", "Ê-đê"),
        ("Ê Đê", "Ê-đê"),
        ("Ê-đê", "Ê-đê"),
        ("ede", "Ê-đê"),
        ("Êđê", "Ê-đê"),
        ("12", "Ê-đê"),
        ("012", "Ê-đê"),
        ("Kinh", "Kinh"),
        ("kinh", "Kinh"),
        ("KINH", "Kinh"),
        ("Việt", "Kinh"),
        ("Kinh (Việt)", "Kinh"),
        ("1", "Kinh"),
        ("Jrai", "Gia-rai"),
        ("Gia Rai", "Gia-rai"),
        ("gia-rai", "Gia-rai"),
        ("M'nông", "Mnông"),
        ("M’nông", "Mnông"),
        ("Mnong", "Mnông"),
        ("Bahnar", "Ba-na"),
        ("Xê Đăng", "Xơ-đăng"),
        ("Hmong", "Hmông"),
        ("Mông", "Hmông"),
        ("Khmer", "Khơ-me"),
        ("Tày", "Tày"),
        ("Thái trắng", "Thái"),
        ("Thổ", "Thổ"),
        ("Hoa", "Hoa"),
        ("Nùng", "Nùng"),
        ("nước ngoài", "Người nước ngoài"),
        ("Ra-đê", "Ê-đê"),
        ("Rhade", "Ê-đê"),
    ],
)
def test_resolves(raw, official):
    assert normalize_ethnicity(raw) == official


@pytest.mark.parametrize("raw", [None, "", "abc", "Xá Lá Vàng", "99", "Mán Xyz"])
def test_unknown_or_ambiguous(raw):
    # "Xá Lá Vàng" is an other name of three groups: reported, never guessed.
    assert normalize_ethnicity(raw) is None


def test_every_official_name_and_code_resolves_to_itself():
    rows = read_reference_csv("ethnic_groups.csv")
    assert len(rows) == 55
    for row in rows:
        assert normalize_ethnicity(row["name"]) == row["name"]
        assert normalize_ethnicity(row["code"]) == row["name"]


@pytest.mark.parametrize(
    ("raw", "minority"),
    [
        ("Ede", True),
        ("Mnông", True),
        ("Tày", True),
        ("kinh", False),
        ("Người nước ngoài", False),
        ("abc", False),
        (None, False),
    ],
)
def test_is_ethnic_minority(raw, minority):
    assert is_ethnic_minority(raw) is minority
