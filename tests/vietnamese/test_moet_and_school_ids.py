import pytest

from edu_pipeline.vietnamese.ids import IdResult, normalize_moet_id, normalize_school_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2503656229", IdResult("2503656229", None, None)),
        ("2503656229.0", IdResult("2503656229", None, None)),
        (2503656229.0, IdResult("2503656229", None, None)),
        ("'2503 656 229", IdResult("2503656229", None, None)),
        ("2.503656229E+9", IdResult(None, "scientific_notation", None)),
        ("250365622", IdResult(None, "bad_length", None)),
        ("066209012345", IdResult(None, "bad_length", None)),  # a personal ID, not a MOET ID
        ("", IdResult(None, None, None)),
    ],
)
def test_normalize_moet_id(raw, expected):
    assert normalize_moet_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("66012345", "66012345"),
        (" 66012345.0 ", "66012345"),
        ("'66 012 345", "66012345"),
        ("6601234", None),
        ("660123456", None),
        ("THCS01", None),
        (None, None),
    ],
)
def test_normalize_school_code(raw, expected):
    assert normalize_school_code(raw) == expected
