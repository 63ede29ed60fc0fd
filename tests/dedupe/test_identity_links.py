"""Who is the same person: shared valid IDs or identical name + birth date + gender."""

import pytest

from edu_pipeline.dedupe.findings import duplicate_findings
from edu_pipeline.dedupe.identity import identify


def _keys(frame):
    return identify(frame, "HS")["person_key"].tolist()


def test_same_citizen_id_is_one_person_even_with_a_typo_in_the_name(people):
    frame = people([
        {"full_name": "Nguyễn Văn An", "birth_date": "2014-03-05", "citizen_id": "066214000101"},
        {"full_name": "Nguyễn Văn Ann", "birth_date": "2014-03-05", "citizen_id": "066214000101"},
    ])  # fmt: skip
    first, second = _keys(frame)
    assert first == second


def test_twins_stay_apart(people):
    frame = people([
        {"full_name": "Lê Thị Hồng", "birth_date": "2014-03-05", "gender": "Nữ"},
        {"full_name": "Lê Thị Cúc", "birth_date": "2014-03-05", "gender": "Nữ"},
    ])  # fmt: skip
    first, second = _keys(frame)
    assert first != second


def test_tone_style_and_case_do_not_split_a_person(people):
    frame = people([
        {"full_name": "Trần Thị Thủy", "birth_date": "2014-01-01", "gender": "Nữ"},
        {"full_name": "TRẦN THỊ THUỶ", "birth_date": "2014-01-01", "gender": "Nữ"},
    ])  # fmt: skip
    first, second = _keys(frame)
    assert first == second


def test_an_invalid_id_does_not_link(people):
    frame = people([
        {"full_name": "Phạm Văn Bình", "birth_date": "2014-01-01", "citizen_id": "066214000999",
         "citizen_id_problem": "year_mismatch"},
        {"full_name": "Võ Văn Cường", "birth_date": "2013-01-01", "citizen_id": "066214000999",
         "citizen_id_problem": "year_mismatch"},
    ])  # fmt: skip
    first, second = _keys(frame)
    assert first != second


def test_links_are_transitive(people):
    frame = people([
        {"full_name": "Đặng Văn Tú", "birth_date": "2014-01-01", "citizen_id": "066214000201"},
        {"full_name": "Đặng Văn Tú", "birth_date": "2014-01-01", "moet_id": "6601234567"},
        {"full_name": "Đặng Văn Tuấn", "birth_date": "2014-02-01", "moet_id": "6601234567"},
    ])  # fmt: skip
    assert len(set(_keys(frame))) == 1


def test_keys_are_stable_across_runs_and_row_order(people):
    rows = [
        {"full_name": "Nguyễn Văn An", "birth_date": "2014-03-05", "citizen_id": "066214000101"},
        {"full_name": "Lê Thị Cúc", "birth_date": "2014-03-05", "gender": "Nữ"},
    ]  # fmt: skip
    forward = dict(zip(["An", "Cúc"], _keys(people(rows)), strict=True))
    backward = dict(zip(["Cúc", "An"], _keys(people(rows[::-1])), strict=True))
    assert forward == backward


# "Nguyễn Văn Hùng" is common: namesakes born on the same day exist across a province.
COMMON_NAME_ELSEWHERE = [
    {"full_name": "Nguyễn Văn Hùng", "birth_date": f"201{n}-06-0{n}", "school_code": f"6600020{n}"}
    for n in range(1, 5)
]


def test_namesakes_with_a_common_name_in_two_schools_stay_apart(people):
    frame = people([
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-01-01", "school_code": "66000101"},
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-01-01", "school_code": "66000102"},
        *COMMON_NAME_ELSEWHERE,
    ])  # fmt: skip
    first, second, *_ = _keys(frame)
    assert first != second


def test_a_rare_name_with_the_same_birth_date_in_two_schools_is_one_person(people):
    frame = people([
        {"full_name": "Phạm Thị Quỳnh Ánh", "birth_date": "2020-11-12", "gender": "Nữ",
         "school_code": "66000101"},
        {"full_name": "Phạm Thị Quỳnh Ánh", "birth_date": "2020-11-12", "gender": "Nữ",
         "school_code": "66000102"},
    ])  # fmt: skip
    first, second = _keys(frame)
    assert first == second


def test_a_move_between_schools_is_linked_by_the_family_phone(people):
    frame = people([
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-01-01", "school_code": "66000101",
         "phone": "0912345678"},
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-01-01", "school_code": "66000102",
         "phone": "0912345678"},
        {"full_name": "Nguyễn Văn Hùng", "birth_date": "2014-01-01", "school_code": "66000103",
         "phone": "0987654321"},
        *COMMON_NAME_ELSEWHERE,
    ])  # fmt: skip
    first, second, third, *_ = _keys(frame)
    assert first == second != third


def test_keys_do_not_move_when_another_schools_file_is_added(people):
    ours = [
        {"full_name": "Nguyễn Văn An", "birth_date": "2014-03-05", "citizen_id": "066214000101",
         "source_row": 2},
        {"full_name": "Lê Thị Cúc", "birth_date": "2014-03-05", "gender": "Nữ", "source_row": 3},
        {"full_name": "Lê Thị Hoa", "birth_date": None, "gender": "Nữ", "source_row": 4},  # no ID
    ]  # fmt: skip
    theirs = [
        {"full_name": name, "birth_date": "2013-01-01", "school_code": "66000202",
         "source_file": "66000202/ds.xlsx", "source_row": row}
        for row, name in ((2, "Trần Văn Bình"), (3, "Phạm Thị Lan"))
    ]  # fmt: skip
    before = _keys(people(ours))
    after = _keys(people([*theirs, *ours]))  # the new file comes first: every row_id moves
    assert after[len(theirs) :] == before


def test_a_ministry_id_shared_by_two_personal_ids_links_nobody_and_is_a_finding(people):
    frame = people([
        {"full_name": "Đặng Văn Tú", "birth_date": "2014-01-01", "citizen_id": "066214000201",
         "moet_id": "6601234567"},
        {"full_name": "Hà Thị Mơ", "birth_date": "2014-06-01", "citizen_id": "066314000305",
         "moet_id": "6601234567", "gender": "Nữ"},
    ])  # fmt: skip
    identities = identify(frame, "HS")
    assert identities["person_key"].nunique() == 2
    findings = duplicate_findings(frame, identities, "students")
    conflicts = findings[findings["rule"] == "dedupe.id_conflict"]
    assert sorted(conflicts["row_id"]) == [0, 1]
    assert (conflicts["raw_value"] == "6601234567").all()


def test_namesakes_with_the_same_birthday_and_different_personal_ids_stay_apart(people):
    frame = people([
        {"full_name": "Nguyễn Huy Đức", "birth_date": "1973-02-28", "citizen_id": "054073049640"},
        {"full_name": "Nguyễn Huy Đức", "birth_date": "1973-02-28", "citizen_id": "066073588033",
         "school_code": "66000202", "source_file": "66000202/gv.xlsx"},
    ])  # fmt: skip
    assert len(set(identify(frame, "GV", across_schools=True)["person_key"])) == 2


@pytest.mark.parametrize(("across_schools", "people_found"), [(True, 1), (False, 2)])
def test_same_name_birth_date_and_gender_in_two_schools(people, across_schools, people_found):
    """Staff: one teacher at two schools. Pupils: namesakes (the name is a common one)."""
    trang = {"full_name": "Nguyễn Thị Trang", "gender": "Nữ"}
    namesakes = [
        {**trang, "birth_date": f"1980-0{m}-01", "source_file": f"6600010{m}/gv.xlsx",
         "school_code": f"6600010{m}"}
        for m in (1, 2, 3)
    ]  # fmt: skip
    frame = people([
        {**trang, "birth_date": "1974-07-12", "citizen_id": "066174499705"},
        {**trang, "birth_date": "1974-07-12", "school_code": "66000202",
         "source_file": "66000202/gv.xlsx"},
        *namesakes,
    ])  # fmt: skip
    keys = identify(frame, "GV", across_schools=across_schools)["person_key"]
    assert keys[:2].nunique() == people_found
    assert keys.nunique() == people_found + 3
