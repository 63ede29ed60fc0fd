import pytest

from edu_pipeline.vietnamese.names import name_problem


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Nguyễn Văn An", None),
        ("H'Hen Niê", None),
        ("Y Bhin", None),
        ("Y Ŭ Kpă", None),
        ("Ê-đê Niê", None),
        ("Lê Văn 2", "has_digits"),
        ("Nguyễn Văn An1", "has_digits"),
        ("Lê @ An", "has_symbols"),
        ("Nguyễn T. Hoa", "has_symbols"),
        ("Trần (Thị) Lan", "has_symbols"),
        ("A", "too_short"),
        ("Hoa", "single_word"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_name_problem(name, problem):
    assert name_problem(name) == problem
