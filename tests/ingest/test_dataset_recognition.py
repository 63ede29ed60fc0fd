"""Which dataset a sheet is comes from its header (and title), never from the file name."""

import pytest

from edu_pipeline.ingest.datasets import recognize_dataset


@pytest.mark.parametrize(
    ("fields", "title", "class_hint", "year", "expected"),
    [
        ({"full_name", "birth_date", "class_name"}, "", None, None, "students"),
        ({"full_name", "birth_date", "position", "subject"}, "", None, None, "teachers"),
        ({"school_code", "school_name", "level", "commune"}, "", None, None, "registry"),
        ({"full_name", "birth_date", "gender"}, "DANH SÁCH HỌC SINH", None, None, "students"),
        ({"full_name", "birth_date", "gender"}, "DANH SÁCH CÁN BỘ, GIÁO VIÊN", None, None,
         "teachers"),
        ({"full_name", "birth_date", "gender"}, "", "6A1", None, "students"),
        ({"full_name", "birth_date", "gender"}, "", None, 2014, "students"),
        ({"full_name", "birth_date", "gender"}, "", None, 1980, "teachers"),
        ({"full_name", "birth_date", "gender"}, "", None, None, None),
        ({"full_name"}, "DANH SÁCH HỌC SINH", None, None, None),
        ({"school_code", "full_name"}, "", None, None, None),
        ({"fee_item", "amount_total", "amount_cashless"}, "", None, None, "fees"),
        ({"fee_item", "payers_total"}, "BÁO CÁO THU PHÍ", None, None, "fees"),
        ({"fee_item", "payment_channel"}, "", None, None, None),  # no amount: not a report
        ({"school_code", "school_name", "commune", "cashless_fees"}, "", None, None, "registry"),
    ],
)  # fmt: skip
def test_recognition(fields, title, class_hint, year, expected):
    assert recognize_dataset(frozenset(fields), title, class_hint, year) == expected
