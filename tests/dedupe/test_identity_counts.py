"""The counting helpers of `identity` agree with pandas on any column, nulls and empties too."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.dedupe.identity import (
    _codes,
    _distinct_per_group,
    _group_sizes,
    cluster_rows,
)

values = st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "Đ", "e"])), max_size=40)


def _strings(items: list[str | None]) -> pd.Series:
    return pd.Series(items, dtype="string")


@settings(max_examples=200, deadline=None)
@given(values)
def test_group_sizes_are_value_counts(items):
    column = _strings(items)
    expected = column.map(column.value_counts()).fillna(0).astype(int).to_numpy()
    assert _group_sizes(_codes(column)).tolist() == expected.tolist()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_distinct_per_group_is_groupby_nunique(data):
    groups = _strings(data.draw(values))
    others = _strings(data.draw(st.lists(st.one_of(st.none(), st.sampled_from("xyz")),
                                         min_size=len(groups), max_size=len(groups))))  # fmt: skip
    expected = others.groupby(groups).transform("nunique").reindex(groups.index)
    assert _distinct_per_group(groups, others).tolist() == expected.fillna(0).astype(int).tolist()


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_clusters_join_rows_sharing_any_key(data):
    first = _strings(data.draw(values))
    second = _strings(data.draw(st.lists(st.one_of(st.none(), st.sampled_from("pq")),
                                         min_size=len(first), max_size=len(first))))  # fmt: skip
    labels = cluster_rows({"first": _codes(first), "second": _codes(second)}, len(first))
    for i in range(len(first)):
        for j in range(len(first)):
            shared = any(_same(k, i, j) for k in (first, second))
            if shared:
                assert labels[i] == labels[j]
    # and nothing else: each cluster is connected through shared keys
    assert len(np.unique(labels)) == _components(first, second)


def _components(*keys: pd.Series) -> int:
    n = len(keys[0])
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for key in keys:
        for i in range(n):
            for j in range(i):
                if _same(key, i, j):
                    parent[root(i)] = root(j)
    return len({root(i) for i in range(n)})


def _same(key: pd.Series, i: int, j: int) -> bool:
    return bool(pd.notna(key[i]) and pd.notna(key[j]) and key[i] == key[j])
