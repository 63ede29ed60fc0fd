"""A person's key comes from the smallest value of the strongest rule in its cluster, on any
column: nulls, empty clusters, accented text and clusters no rule names."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.dedupe.identity import _cluster_min, _digest, person_keys

texts = st.one_of(st.none(), st.sampled_from(["a", "B", "b", "Đức", "Duc", "ạ", "", "z9", "𝔘"]))


def _reference_min(values: pd.Series, clusters: np.ndarray) -> list[str | None]:
    """Python's own `min` over each cluster's non-null values."""
    smallest: dict[int, str] = {}
    for value, cluster in zip(values, clusters, strict=True):
        if not pd.isna(value):
            smallest[cluster] = min(smallest.get(cluster, value), value)
    return [smallest.get(cluster) for cluster in clusters]


@st.composite
def clustered(draw: st.DrawFn, columns: int = 1) -> tuple[list[pd.Series], np.ndarray]:
    n = draw(st.integers(0, 30))
    clusters = np.array(draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), dtype=int)
    series = [pd.Series(draw(st.lists(texts, min_size=n, max_size=n)), dtype="string")
              for _ in range(columns)]  # fmt: skip
    return series, clusters


@settings(max_examples=300, deadline=None)
@given(clustered())
def test_cluster_min_is_pythons_min_per_cluster(case):
    (values,), clusters = case
    got = _cluster_min(values, clusters)
    assert [None if pd.isna(v) else v for v in got] == _reference_min(values, clusters)
    assert got.index.equals(values.index)


@settings(max_examples=200, deadline=None)
@given(clustered(columns=3))
def test_the_first_rule_present_in_a_cluster_names_it(case):
    (citizen, moet, place), clusters = case
    keys = pd.DataFrame({"citizen_id": citizen, "moet_id": moet}).set_axis(citizen.index + 100)
    got = person_keys(keys, clusters, "HS", place.set_axis(keys.index))
    expected = []
    for row in range(len(clusters)):
        anchor = None
        for rule, values in (("citizen_id", citizen), ("moet_id", moet), ("row", place)):
            smallest = _reference_min(values, clusters)[row]
            if smallest is not None:
                anchor = f"{rule}:{smallest}"
                break
        expected.append(None if anchor is None else f"HS{_digest(anchor)}")
    assert [None if pd.isna(v) else v for v in got] == expected
    assert got.index.equals(keys.index)
