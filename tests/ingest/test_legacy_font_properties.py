"""Legacy-font repair converts legacy columns and never alters valid Unicode Vietnamese."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from edu_pipeline.ingest.fonts import repair_grid_fonts
from edu_pipeline.ingest.grid import SheetGrid
from edu_pipeline.reference import read_reference_csv
from edu_pipeline.vietnamese.legacy_fonts import encode_tcvn3, encode_vni

FAMILIES = [r["name"] for r in read_reference_csv("family_names.csv")][:150]
SYLLABLES = [r["syllable"].capitalize() for r in read_reference_csv("name_syllables.csv")][:600]
NAMES = st.builds(
    lambda family, middle, given, upper: (f"{family} {' '.join(middle)} {given}").upper()
    if upper else f"{family} {' '.join(middle)} {given}",
    st.sampled_from(FAMILIES),
    st.lists(st.sampled_from(SYLLABLES), min_size=0, max_size=2),
    st.sampled_from(SYLLABLES),
    st.booleans(),
)  # fmt: skip


def _grid(names: list[str]) -> SheetGrid:
    cells = np.empty((len(names) + 1, 2), dtype=object)
    cells[0] = ["STT", "Họ và tên"]
    cells[1:, 0] = [str(i) for i in range(1, len(names) + 1)]
    cells[1:, 1] = names
    return SheetGrid("DS", cells, np.arange(1, len(names) + 2))


@settings(max_examples=150, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=40))
def test_valid_unicode_columns_are_never_altered(names):
    grid = _grid(names)
    repaired, font = repair_grid_fonts(grid)
    assert font is None
    assert repaired.cells.tolist() == grid.cells.tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(NAMES, min_size=8, max_size=40), st.sampled_from(["tcvn3", "vni"]))
def test_a_legacy_column_is_converted_back(names, font):
    encode = {"tcvn3": encode_tcvn3, "vni": encode_vni}[font]
    repaired, found = repair_grid_fonts(_grid([encode(name) for name in names]))
    assert found == font
    converted = repaired.cells[1:, 1].tolist()
    # Almost every name comes back exactly. A legacy cell that is also a real name as it
    # stands (TCVN3 "Vừ" reads "Võ") may stay as typed: the reader prefers not to rewrite a
    # valid name; it is never half-converted into a third spelling.
    misses = sum(c != n for c, n in zip(converted, names, strict=True))
    assert misses <= max(1, len(names) // 10)
    assert all(c in (n, encode(n)) for c, n in zip(converted, names, strict=True))
    assert repaired.cells[0].tolist() == ["STT", "Họ và tên"]
