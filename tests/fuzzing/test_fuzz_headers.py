"""Any grid of cells: no header, or one inside the grid with one column per field."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.targets import HEADER_WORDS, find_header_in_grid

EXAMPLES = int(os.environ.get("EDU_FUZZ_EXAMPLES", "60"))
cells = st.one_of(st.none(), st.sampled_from(HEADER_WORDS), st.text(max_size=24),
                  st.sampled_from(["1", "2", "STT", "(1)", "(2)", "", " "]))  # fmt: skip


@settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 10).flatmap(lambda width: st.lists(
    st.lists(cells, min_size=width, max_size=width), min_size=1, max_size=14)))  # fmt: skip
def test_any_grid(grid):
    find_header_in_grid(grid)


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(st.lists(st.lists(cells, max_size=10), min_size=1, max_size=14))
def test_ragged_rows(rows):
    find_header_in_grid(rows)
