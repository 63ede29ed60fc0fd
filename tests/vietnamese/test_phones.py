import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese import phones
from edu_pipeline.vietnamese.phones import PhoneResult, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "0912.345.678",
        "0912 345 678",
        "0912-345-678",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "0084912345678",
        "(+84) 912-345-678",
        "'0912345678",
        " 0912345678 ",
    ],
)
def test_plain_forms(raw):
    assert normalize_phone(raw) == PhoneResult("0912345678", None, None)


@pytest.mark.parametrize("raw", ["912345678", "912345678.0"])
def test_lost_leading_zero(raw):
    assert normalize_phone(raw) == PhoneResult("0912345678", None, "leading_zero_restored")


@pytest.mark.parametrize(
    "row", read_reference_csv("phone_prefix_changes.csv"), ids=lambda r: r["old_prefix"]
)
def test_every_old_prefix_is_converted(row):
    result = normalize_phone(row["old_prefix"] + "1234567")
    assert result == PhoneResult(row["new_prefix"] + "1234567", None, "old_prefix_converted")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01691234567", PhoneResult("0391234567", None, "old_prefix_converted")),
        ("+84 169 123 4567", PhoneResult("0391234567", None, "old_prefix_converted")),
        (
            "1691234567",
            PhoneResult("0391234567", None, "leading_zero_restored;old_prefix_converted"),
        ),
        ("0912.345.678 / 0987654321", PhoneResult("0912345678", None, "first_of_several")),
        ("abc / 0987654321", PhoneResult("0987654321", None, "first_of_several")),
        ("02623 852 123", PhoneResult(None, "landline", None)),
        ("0123456789", PhoneResult(None, "invalid_number", None)),
        ("12345", PhoneResult(None, "bad_length", None)),
        ("abc", PhoneResult(None, "not_digits", None)),
        ("9.12345678E+8", PhoneResult(None, "scientific_notation", None)),
        ("", PhoneResult(None, None, None)),
        (None, PhoneResult(None, None, None)),
    ],
)
def test_fixes_and_problems(raw, expected):
    assert normalize_phone(raw) == expected


def test_output_is_ten_digits_starting_with_zero():
    for raw in ["+84 32 123 4567", "0561234567", "0591234567", "0861234567"]:
        value = normalize_phone(raw).value
        assert value is not None and len(value) == 10 and value.startswith("0")


@given(number=st.from_regex(r"0[1-9][0-9]{8,9}", fullmatch=True))
@settings(max_examples=500, deadline=None)
def test_per_prefix_answer_equals_the_library_on_the_whole_number(number):
    # normalize_phone asks libphonenumber once per leading digits and length; this must be
    # what the library answers for the whole number (guards a future metadata change).
    parsed = phonenumbers.parse(number, "VN")
    valid = phonenumbers.is_valid_number(parsed)
    expected = phonenumbers.number_type(parsed) if valid else None
    assert phones._kind(number[:5], len(number)) == expected
