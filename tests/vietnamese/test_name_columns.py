"""The column path gives exactly what the one-name rules give, for any text."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.vietnamese.legacy_fonts import encode_tcvn3, encode_vni
from edu_pipeline.vietnamese.name_columns import names_frame, normalize_names
from edu_pipeline.vietnamese.names import name_problem, normalize_name, split_name
from tests.vietnamese.vn_samples import ede_names, jarai_names, kinh_names

names = st.one_of(kinh_names, ede_names, jarai_names)
typed = st.one_of(
    names,
    names.map(str.upper),
    names.map(encode_tcvn3),
    names.map(encode_vni),
    names.map(lambda n: f"  {n.replace(' ', chr(0xA0) + ' ')}\t"),
    names.map(lambda n: n.replace("'", "’ ")),
    st.text(max_size=30),
)


@given(values=st.lists(typed, max_size=25), style=st.sampled_from(["old", "new"]))
@settings(max_examples=300, deadline=None)
def test_column_normalisation_equals_one_by_one(values, style):
    assert normalize_names(values, style) == [normalize_name(v, style) for v in values]


@given(rows=st.lists(st.tuples(st.one_of(st.none(), typed), st.sampled_from([None, "Ê-đê", "Jrai",
                                                                             "Kinh"])),
                     max_size=25))  # fmt: skip
@settings(max_examples=200, deadline=None)
def test_names_frame_equals_the_row_rules(rows):
    raw = pd.Series([r for r, _ in rows], dtype=object)
    hint = pd.Series([h for _, h in rows], dtype=object)
    frame = names_frame(raw, hint)
    for (value, ethnicity), row in zip(rows, frame.itertuples(index=False), strict=True):
        full = normalize_name(value) if value is not None else ""
        if not full:
            assert row.full_name is None
            continue
        parts = split_name(full, ethnicity)
        assert row.full_name == full
        assert row.name_problem == name_problem(full)
        assert (row.family_name or "", row.middle_name or "", row.given_name or "") == parts[:3]
        assert row.name_split_rule == parts.rule
