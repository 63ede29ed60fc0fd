"""The splink model finds near-duplicates; its guards keep twins, namesakes and IDs apart."""

import pandas as pd
import pytest

from edu_pipeline.dedupe.identity import identify
from edu_pipeline.dedupe.linkage import decide_pairs, model_path, predict_pairs
from tests.dedupe.conftest import people_frame


def _people(rows: list[dict]) -> pd.DataFrame:
    frame = people_frame(rows)
    words = frame["full_name"].str.split()
    frame["family_name"] = words.str[0]
    frame["middle_name"] = words.str[1:-1].str.join(" ")
    frame["given_name"] = words.str[-1]
    return frame


def _decisions(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame = _people(rows)
    pairs = predict_pairs(frame, model_path("students"), threshold=0.01)
    return frame, decide_pairs(pairs, frame)


def _decision(decided: pd.DataFrame, left: int, right: int) -> str:
    pair = decided[(decided["row_id_l"] == left) & (decided["row_id_r"] == right)]
    return pair["decision"].iloc[0] if len(pair) else "not compared"


BACKGROUND = [  # other pupils of the class, so the model sees a realistic list
    {"full_name": f"{family} {middle} {given}", "birth_date": f"2014-0{month}-1{day}"}
    for family, middle, given, month, day in [
        ("Trần", "Văn", "Bình", 1, 2), ("Phạm", "Thị", "Lan", 2, 3), ("Hoàng", "Minh", "Đức", 3, 4),
        ("Vũ", "Thị", "Mai", 4, 5), ("Đỗ", "Quốc", "Huy", 5, 6), ("Bùi", "Thị", "Hoa", 6, 7),
    ]
]  # fmt: skip


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-03-05"},
            {"full_name": "Nguyen Van Hung", "birth_date": "2014-03-05"},
        ),
        (
            {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-03-05"},
            {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-05-03"},
        ),
        (
            {"full_name": "Lê Thị Thủy", "birth_date": "2014-03-05", "gender": "Nữ"},
            {"full_name": "Lê Thị Thúy", "birth_date": "2014-03-05", "gender": None},
        ),
    ],
    ids=["without-diacritics", "day-month-swapped", "diacritics-typo-missing-gender"],
)
def test_near_duplicates_without_ids_are_linked(first, second):
    frame, decided = _decisions([first, second, *BACKGROUND])
    assert _decision(decided, 0, 1) == "link"
    keys = identify(frame, "HS", decided[decided["decision"] == "link"])["person_key"]
    assert keys[0] == keys[1]


def test_twins_with_similar_given_names_are_reviewed_not_merged():
    _, decided = _decisions([
        {"full_name": "Lê Thị Lan", "birth_date": "2014-03-05", "gender": "Nữ"},
        {"full_name": "Lê Thị Lam", "birth_date": "2014-03-05", "gender": "Nữ"},
        *BACKGROUND,
    ])  # fmt: skip
    assert _decision(decided, 0, 1) in {"review", "not compared"}


def test_twins_with_different_given_names_stay_apart():
    frame, decided = _decisions([
        {"full_name": "Lê Thị Hồng", "birth_date": "2014-03-05", "gender": "Nữ"},
        {"full_name": "Lê Thị Cúc", "birth_date": "2014-03-05", "gender": "Nữ"},
        *BACKGROUND,
    ])  # fmt: skip
    assert _decision(decided, 0, 1) != "link"
    keys = identify(frame, "HS", decided[decided["decision"] == "link"])["person_key"]
    assert keys[0] != keys[1]


def test_namesakes_in_other_schools_with_other_birth_dates_stay_apart():
    _, decided = _decisions([
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-03-05"},
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-11-21", "school_code": "66000202",
         "source_file": "66000202/hs.xlsx"},
        *BACKGROUND,
    ])  # fmt: skip
    assert _decision(decided, 0, 1) in {"apart", "not compared"}


def test_different_valid_personal_ids_are_two_people_whatever_the_score():
    _, decided = _decisions([
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-03-05", "citizen_id": "066214000101"},
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-03-05", "citizen_id": "066214000102",
         "class_name": "6A2"},
        *BACKGROUND,
    ])  # fmt: skip
    assert _decision(decided, 0, 1) == "apart"


def test_review_pairs_say_which_fields_agreed_and_differed():
    _, decided = _decisions([
        {"full_name": "Lê Thị Lan", "birth_date": "2014-03-05", "gender": "Nữ"},
        {"full_name": "Lê Thị Lam", "birth_date": "2014-03-05", "gender": "Nữ"},
        *BACKGROUND,
    ])  # fmt: skip
    pair = decided[(decided["row_id_l"] == 0) & (decided["row_id_r"] == 1)].iloc[0]
    assert {"ngày sinh", "họ", "tên đệm"} <= set(pair["fields_equal"].split(", "))
    assert pair["fields_different"] == "tên"
