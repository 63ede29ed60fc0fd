from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_pipeline.vietnamese.vectorize import map_distinct, map_distinct_fields


def counting(func):
    calls: Counter = Counter()

    def wrapper(value):
        calls[value] += 1
        return func(value)

    return wrapper, calls


@pytest.mark.parametrize("dtype", [object, "string"])
def test_func_called_once_per_distinct_value(dtype):
    series = pd.Series(["nam", "nữ", "nam", None, "nam"] * 1000, dtype=dtype)
    func, calls = counting(str.upper)
    result = map_distinct(series, func)
    assert calls == Counter({"nam": 1, "nữ": 1})
    assert result.iloc[:5].tolist() == ["NAM", "NỮ", "NAM", None, "NAM"]


@pytest.mark.parametrize("null", [None, np.nan, pd.NA])
def test_nulls_stay_null_and_are_never_passed(null):
    series = pd.Series(["a", null, "b"], dtype=object)
    func, calls = counting(lambda v: v * 2)
    assert map_distinct(series, func).tolist() == ["aa", None, "bb"]
    assert set(calls) == {"a", "b"}


def test_index_and_name_preserved():
    series = pd.Series(["x", "y"], index=[10, 3], name="full_name")
    result = map_distinct(series, str.upper)
    assert result.index.tolist() == [10, 3]
    assert result.name == "full_name"


def test_tuple_results_survive():
    result = map_distinct(pd.Series(["a", "a"]), lambda v: (v, 1))
    assert result.tolist() == [("a", 1), ("a", 1)]


def test_empty_and_all_null():
    assert map_distinct(pd.Series([], dtype=object), str.upper).tolist() == []
    assert map_distinct(pd.Series([None, None]), str.upper).tolist() == [None, None]


def test_fields_split_tuple_results():
    series = pd.Series(["ab", None, "cd", "ab"], index=list("wxyz"))
    first, second = map_distinct_fields(series, lambda v: (v[0], v[1]), 2)
    assert first.tolist() == ["a", None, "c", "a"]
    assert second.tolist() == ["b", None, "d", "b"]
    assert first.index.tolist() == list("wxyz")


@given(st.lists(st.one_of(st.none(), st.sampled_from(["Hà", "Hoà", "Lê", ""]))))
def test_same_as_elementwise(values):
    series = pd.Series(values, dtype=object)
    expected = [None if v is None else v[::-1] for v in values]
    assert map_distinct(series, lambda v: v[::-1]).tolist() == expected
