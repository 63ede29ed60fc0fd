"""Row hash totals per group: the same rows in any order give the same totals, and any
changed, added or removed row changes its group's totals only."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.fingerprints import row_hash_totals

cells = st.one_of(st.none(), st.sampled_from(["An", "Ân", "", "None", "12"]), st.integers(0, 3))


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 25))
    column = st.lists(cells, min_size=n, max_size=n)
    return pd.DataFrame({
        "school": draw(st.lists(st.sampled_from(["a", "b", "c"]), min_size=n, max_size=n)),
        "name": pd.Series(draw(column), dtype=object),
        "grade": pd.Series(draw(st.lists(st.one_of(st.none(), st.integers(1, 12)),
                                         min_size=n, max_size=n)), dtype="Int64"),
    })  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(frames(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(frame, random):
    order = list(range(len(frame)))
    random.shuffle(order)
    shuffled = frame.iloc[order].reset_index(drop=True)
    columns = ["name", "grade"]
    assert row_hash_totals(shuffled, "school", columns) == row_hash_totals(frame, "school", columns)


@settings(max_examples=150, deadline=None)
@given(frames(), st.data())
def test_a_changed_row_changes_only_its_group(frame, data):
    row = data.draw(st.integers(0, len(frame) - 1))
    before = frame.at[row, "name"]
    after = data.draw(cells.filter(lambda value: str(value) != str(before)))
    changed = frame.copy()
    changed.at[row, "name"] = after
    old, new = (row_hash_totals(f, "school", ["name", "grade"]) for f in (frame, changed))
    school = frame.at[row, "school"]
    assert old[school] != new[school]
    assert {k: v for k, v in old.items() if k != school} == {
        k: v for k, v in new.items() if k != school
    }


@pytest.mark.parametrize("extra", ["added", "removed"])
def test_the_count_follows_added_and_removed_rows(extra):
    frame = pd.DataFrame({"school": ["a", "a", "b"], "name": ["An", "Bình", "An"]})
    other = pd.concat([frame, frame.iloc[[0]]]) if extra == "added" else frame.iloc[1:]
    totals = row_hash_totals(other, "school", ["name"])
    assert totals["a"][0] == (3 if extra == "added" else 1)
    assert totals["b"] == row_hash_totals(frame, "school", ["name"])["b"]


def test_a_null_is_not_the_text_none():
    frame = pd.DataFrame({"school": ["a", "b"], "name": pd.Series([None, "None"], dtype=object)})
    totals = row_hash_totals(frame, "school", ["name"])
    assert totals["a"] != totals["b"]
    assert np.all([n == 1 for n, _, _ in totals.values()])
