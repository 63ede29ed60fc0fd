"""Student/staff rows get their contract forms; what cannot be normalized gets a reason."""

import datetime as dt

import pytest

from edu_pipeline.normalize.people import normalize_people
from tests.normalize.rows import raw_rows

AS_OF = dt.date(2026, 3, 26)


def test_names_are_capitalised_and_split_without_assuming_kinh_order():
    rows = raw_rows("students", full_name=["NGUYỄN  văn an", "h'hen niê", "ksor h'bia"])
    out = normalize_people(rows, "students", "old", AS_OF)
    assert out["full_name"].tolist() == ["Nguyễn Văn An", "H'Hen Niê", "Ksor H'Bia"]
    assert out["family_name"].tolist() == ["Nguyễn", "Niê", "Ksor"]
    assert out["given_name"].tolist() == ["An", "H'Hen", "H'Bia"]


def test_split_name_columns_make_the_full_name():
    rows = raw_rows("students", family_middle=["Trần Thị"], given_name=["Thủy"])
    out = normalize_people(rows, "students", "old", AS_OF)
    assert out.loc[0, ["full_name", "given_name"]].tolist() == ["Trần Thị Thủy", "Thủy"]


@pytest.mark.parametrize("style, expected", [("old", "Lê Thị Hòa"), ("new", "Lê Thị Hoà")])
def test_tone_style_is_a_setting(style, expected):
    out = normalize_people(raw_rows("students", full_name=["Lê Thị Hoà"]), "students", style, AS_OF)
    assert out.loc[0, "full_name"] == expected


def test_gender_from_tick_columns_only_where_the_file_has_them():
    rows = raw_rows("students", female_mark=["x", "", None], gender=[None, None, None])
    out = normalize_people(rows, "students", "old", AS_OF)
    assert out["gender"].tolist() == ["Nữ", "Nam", None]


def test_month_first_file_is_read_month_first():
    dmy = ["05/03/2014", "25/12/2014"]
    mdy = ["03/05/2014", "12/25/2014"]
    files = ["a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx"]
    out = normalize_people(raw_rows("students", birth_date=dmy + mdy, source_file=files),
                           "students", "old", AS_OF)  # fmt: skip
    assert out["birth_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2014-03-05", "2014-12-25", "2014-03-05", "2014-12-25"]  # fmt: skip


def test_citizen_id_lost_zero_is_restored_and_unknown_province_is_named():
    """Only facts of the ID itself are problems here; whether its digits agree with birth
    date and gender is the GX custom expectation's rule (tests/quality)."""
    rows = raw_rows(
        "students",
        citizen_id=["66214000101", "066314000102", "999214000103"],
        birth_date=["2014-03-05", "2014-03-05", "2014-03-05"],
        gender=["Nam", "Nam", "Nam"],
    )
    out = normalize_people(rows, "students", "old", AS_OF)
    assert out["citizen_id"].tolist() == ["066214000101", "066314000102", "999214000103"]
    assert out["citizen_id_fixed"].tolist()[0] == "leading_zero_restored"
    assert out["citizen_id_problem"].tolist() == [None, None, "unknown_province"]


def test_unrecognised_values_keep_their_raw_text_and_a_reason():
    rows = raw_rows("students", ethnicity=["Ê Đê", "Người sao Hỏa"], gender=["nữ", "?"])
    out = normalize_people(rows, "students", "old", AS_OF)
    assert out["ethnicity"].tolist() == ["Ê-đê", None]
    assert out["ethnicity_problem"].tolist()[1] == "unknown"
    assert out["raw_ethnicity"].tolist()[1] == "Người sao Hỏa"
    assert out["gender_problem"].tolist() == [None, "unknown"]


def test_staff_fields():
    rows = raw_rows(
        "teachers",
        email=[" Co.Giao@Gmail.com ", "khong-co"],
        digital_skills=["Đã bồi dưỡng", "chưa"],
        employment_status=[None, "Nghỉ hưu"],
    )
    out = normalize_people(rows, "teachers", "old", AS_OF)  # fmt: skip
    assert out["email"].tolist() == ["co.giao@gmail.com", None]  # raw_email keeps the text
    assert out["email_problem"].tolist() == [None, "invalid"]
    assert out["digital_skills_trained"].tolist() == [True, False]
    assert out["employment_status"].tolist() == ["Đang làm việc", "Nghỉ hưu"]
