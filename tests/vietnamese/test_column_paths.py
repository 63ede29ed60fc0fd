"""Column fast paths (cells already in stored form) answer exactly like the one-value rules."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.vietnamese.ids import normalize_citizen_id, normalize_id_column, normalize_moet_id
from edu_pipeline.vietnamese.phones import normalize_phone, normalize_phone_column

ID_CELLS = st.one_of(
    st.none(),
    st.from_regex(r"[0-9]{9,13}", fullmatch=True),
    st.from_regex(r"'?[0-9]{3}[ .][0-9]{3}[ .][0-9]{3}[ .]?[0-9]{0,3}(\.0)?", fullmatch=True),
    st.text(max_size=14),
)
PHONE_CELLS = st.one_of(
    st.none(),
    st.from_regex(r"0[0-9]{9}", fullmatch=True),
    st.from_regex(r"(\+84|84|0)?[1-9][0-9 .]{8,10}", fullmatch=True),
    st.text(max_size=14),
)


@pytest.mark.parametrize("dtype", [object, "string"])
@pytest.mark.parametrize(
    ("rule", "length"), [(normalize_citizen_id, 12), (normalize_moet_id, 10)], ids=["cid", "moet"]
)
@given(cells=st.lists(ID_CELLS, max_size=30))
@settings(max_examples=150, deadline=None)
def test_id_column_equals_the_rule(dtype, rule, length, cells):
    columns = normalize_id_column(pd.Series(cells, dtype=dtype), rule, length)
    got = list(zip(*(c.tolist() for c in columns), strict=True))
    assert got == [tuple(rule(c)) if c is not None else (None, None, None) for c in cells]


@pytest.mark.parametrize("dtype", [object, "string"])
@given(cells=st.lists(PHONE_CELLS, max_size=30))
@settings(max_examples=150, deadline=None)
def test_phone_column_equals_the_rule(dtype, cells):
    columns = normalize_phone_column(pd.Series(cells, dtype=dtype))
    got = list(zip(*(c.tolist() for c in columns), strict=True))
    assert got == [tuple(normalize_phone(c)) if c is not None else (None,) * 3 for c in cells]
