"""Any bytes under any name a school uses: records, or one known refusal; never a crash.

Hypothesis drives the fuzz target `fuzz.targets.read_file_bytes` with random bytes and with
real files of every shape (written by the demo generator) mutated: bytes flipped, cut,
repeated. `EDU_FUZZ_EXAMPLES` sets the budget (`make fuzz` raises it); atheris drives the same
target coverage-guided (`fuzz/run_atheris.py`).
"""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.seeds import file_seeds
from fuzz.targets import SUFFIXES, read_file_bytes

EXAMPLES = int(os.environ.get("EDU_FUZZ_EXAMPLES", "60"))
SEEDS = file_seeds()
# the test suite's own run is repeatable; `make fuzz` explores new inputs every time
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="EDU_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated_seeds(draw: st.DrawFn) -> tuple[bytes, str]:
    suffix, data = draw(st.sampled_from(SEEDS))
    data = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "cut", "repeat", "insert"]))
        if kind == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 512))]
        elif kind == "repeat":
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(2, 50))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    return bytes(data), draw(st.sampled_from([suffix, suffix, *SUFFIXES]))


def test_the_seeds_are_every_shape_and_read_cleanly():
    assert {suffix for suffix, _ in SEEDS} >= {".xlsx", ".xls", ".ods", ".csv", ".txt"}
    errors = {read_file_bytes(data, suffix).error for suffix, data in SEEDS}
    assert None in errors  # most seeds are schools' real lists


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(SUFFIXES))
def test_random_bytes(data, suffix):
    read_file_bytes(data, suffix)


@FUZZ
@given(mutated_seeds())
def test_mutated_real_files(mutated):
    data, suffix = mutated
    read_file_bytes(data, suffix)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".ods", ".csv"])
def test_a_real_file_cut_anywhere_is_read_or_refused(suffix):
    data = next(d for s, d in SEEDS if s == suffix)
    for end in range(0, len(data), max(len(data) // 40, 1)):
        read_file_bytes(data[:end], suffix)
