import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_pipeline.vietnamese.ids import IdResult, clean_id_digits, normalize_citizen_id


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("'066.209.012.345", "066209012345"),
        (" 066 209 012 345 ", "066209012345"),
        ("066-209-012-345", "066209012345"),
        ("066209012345.0", "066209012345"),
        ("066 209 012 345.0", "066209012345"),
        ("2503656229.0", "2503656229"),
        ("’066209012345", "066209012345"),
        ("6.6209012345E+10", "6.6209012345E+10"),
    ],
)
def test_clean_id_digits(raw, expected):
    assert clean_id_digits(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("066209012345", IdResult("066209012345", None, None)),
        ("066 209 012 345", IdResult("066209012345", None, None)),
        ("66209012345", IdResult("066209012345", None, "leading_zero_restored")),
        ("66209012345.0", IdResult("066209012345", None, "leading_zero_restored")),
        ("1319191838", IdResult("001319191838", None, "leading_zero_restored")),  # Hà Nội 001
        ("99209012345", IdResult(None, "bad_length", None)),  # 099 is no province
        ("6.6209012345E+10", IdResult(None, "scientific_notation", None)),
        ("241234567", IdResult(None, "cmnd9", None)),
        ("12345", IdResult(None, "bad_length", None)),
        ("0662090123456", IdResult(None, "bad_length", None)),
        ("066209O12345", IdResult(None, "not_digits", None)),
        ("", IdResult(None, None, None)),
        (None, IdResult(None, None, None)),
    ],
)
def test_normalize_citizen_id(raw, expected):
    assert normalize_citizen_id(raw) == expected


@given(st.from_regex(r"0(0[1-9]|[1-8][0-9]|9[0-6])[0-5][0-9]{8}", fullmatch=True))
def test_lost_leading_zero_is_restored(cid):
    result = normalize_citizen_id(str(int(cid)))
    if result.fixed:
        assert result == IdResult(cid, None, "leading_zero_restored")
    else:  # the 11 remaining digits did not start with a known province code
        assert result.problem == "bad_length"
