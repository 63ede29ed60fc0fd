import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.vietnamese.ids import (
    check_citizen_id,
    citizen_id_mismatches,
    province_of_citizen_id,
    unknown_province_ids,
)


def make_id(province: str, gender: str, birth_year: int, serial: str = "012345") -> str:
    """Synthetic personal ID built from its documented parts (PPP G YY NNNNNN)."""
    digit = (birth_year // 100 - 19) * 2 + (1 if gender == "Nữ" else 0)
    return f"{province}{digit}{birth_year % 100:02d}{serial}"


@pytest.mark.parametrize("province", ["066", "054", "001", "096"])
@pytest.mark.parametrize("gender", ["Nam", "Nữ"])
@pytest.mark.parametrize("year", [1965, 1999, 2000, 2012, 2021])
def test_consistent_ids_pass(province, gender, year):
    assert check_citizen_id(make_id(province, gender, year), gender, year) == []


@pytest.mark.parametrize(
    ("cid", "gender", "year", "problems"),
    [
        (make_id("066", "Nam", 2012), "Nữ", 2012, ["gender_mismatch"]),
        (make_id("066", "Nữ", 2012), "nam", 2012, ["gender_mismatch"]),
        (make_id("066", "Nam", 1912), "Nam", 2012, ["century_mismatch"]),
        (make_id("066", "Nam", 2011), "Nam", 2012, ["year_mismatch"]),
        (make_id("099", "Nam", 2012), "Nam", 2012, ["unknown_province"]),
        (
            make_id("000", "Nữ", 1998),
            "Nam",
            2012,
            ["unknown_province", "gender_mismatch", "century_mismatch", "year_mismatch"],
        ),
    ],
)
def test_mismatches(cid, gender, year, problems):
    assert check_citizen_id(cid, gender, year) == problems


def test_unknown_parts_are_skipped():
    assert check_citizen_id(make_id("066", "Nữ", 2012), None, None) == []


def test_century_after_2099_is_flagged_without_birth_year():
    assert check_citizen_id("066612012345", None, None) == ["century_mismatch"]


@pytest.mark.parametrize(
    ("cid", "province"),
    [("066209012345", "Đắk Lắk"), ("054209012345", "Phú Yên"), ("096209012345", "Cà Mau")],
)
def test_province_of_citizen_id(cid, province):
    assert province_of_citizen_id(cid) == province


@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), st.from_regex(r"0[0-9]{2}[0-5][0-9]{8}", fullmatch=True)),
            st.sampled_from([None, "Nam", "Nữ"]),
            st.one_of(st.none(), st.integers(1930, 2030)),
        ),
        max_size=30,
    )
)
@settings(max_examples=200, deadline=None)
def test_column_check_equals_the_row_check(rows):
    cids = pd.Series([cid for cid, _, _ in rows], dtype=object)
    genders = pd.Series([gender for _, gender, _ in rows], dtype=object)
    years = [year for _, _, year in rows]
    expected = [
        set() if cid is None else set(check_citizen_id(cid, gender, year))
        for cid, gender, year in rows
    ]
    parts = citizen_id_mismatches(cids, genders, pd.Series(years, dtype="Int64"))
    unknown = unknown_province_ids(cids)
    got = [
        {f"{part}_mismatch" for part in parts.columns if parts.iloc[i][part]}
        | ({"unknown_province"} if unknown.iloc[i] else set())
        for i in range(len(rows))
    ]
    assert got == expected


def _parts_of_one_row(cid: str | None, gender: str | None, year: int | None) -> dict[str, bool]:
    """The documented rule for one row, written plainly: digit 4 gives sex and century (a
    non-digit counts as 0), digits 5-6 the birth year's last two digits."""
    if cid is None:
        return {"gender": False, "century": False, "year": False}
    digit = int(cid[3]) if len(cid) > 3 and cid[3] in "0123456789" else 0
    century = 1900 + 100 * (digit // 2)
    return {
        "gender": gender is not None and gender != ("Nữ" if digit % 2 else "Nam"),
        "century": century > 2099 if year is None else century != year // 100 * 100,
        "year": year is not None and cid[4:6] != f"{year % 100:02d}",
    }


@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), st.text(alphabet="0123456789aĐ ٣", max_size=14),
                      st.from_regex(r"0[0-9]{2}[0-9]{9}", fullmatch=True)),
            st.sampled_from([None, "Nam", "Nữ", "khác"]),
            st.one_of(st.none(), st.integers(1800, 2200)),
        ),
        max_size=30,
    ),
    dtype=st.sampled_from(["string", object]),
)
@settings(max_examples=200, deadline=None)
def test_any_text_is_compared_digit_by_digit(rows, dtype):
    cids = pd.Series([cid for cid, _, _ in rows], dtype=dtype)
    genders = pd.Series([gender for _, gender, _ in rows], dtype=dtype)
    years = pd.Series([year for _, _, year in rows], dtype="Int64")
    got = citizen_id_mismatches(cids, genders, years).to_dict("records")
    assert got == [_parts_of_one_row(*row) for row in rows]


@pytest.mark.parametrize("part", ["gender", "century", "year"])
def test_one_part_asked_for_is_that_column_of_all_parts(part):
    cids = pd.Series([make_id("066", "Nam", 2012), make_id("066", "Nữ", 1999), None, "0662"])
    genders = pd.Series(["Nữ", "Nữ", "Nam", None])
    years = pd.Series([2011, 2099, 2012, None], dtype="Int64")
    alone = citizen_id_mismatches(cids, genders, years, [part])
    assert list(alone.columns) == [part]
    pd.testing.assert_series_equal(alone[part], citizen_id_mismatches(cids, genders, years)[part])
