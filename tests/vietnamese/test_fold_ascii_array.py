"""The Arrow fold gives exactly the scalar fold, for any text and nulls."""

import unicodedata

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_pipeline.vietnamese.text import fold_ascii, fold_ascii_array
from tests.vietnamese.vn_samples import CLAN_LAST, GIVENS, PLACES, SURNAMES


@pytest.mark.parametrize(
    "values",
    [
        SURNAMES + GIVENS + CLAN_LAST,
        PLACES,
        [unicodedata.normalize("NFD", name) for name in GIVENS],
        ["ĐẶNG", "đ", None, "", "Ŭ ĭ ñ", "Café ﬁ ½"],
        [],
    ],
    ids=["names", "places", "decomposed", "edges", "empty"],
)
def test_array_fold_equals_scalar_fold(values):
    expected = [None if v is None else fold_ascii(v) for v in values]
    assert fold_ascii_array(pa.array(values, type=pa.string())).to_pylist() == expected


@given(st.lists(st.none() | st.text(), max_size=20))
def test_array_fold_equals_scalar_fold_for_any_text(values):
    expected = [None if v is None else fold_ascii(v) for v in values]
    assert fold_ascii_array(pa.array(values, type=pa.string())).to_pylist() == expected
