"""The starting corpus: real files of every shape schools send, written by the demo generator.

A fuzzer that starts from valid workbooks reaches deep into the readers at once (a mutated
shared-strings part, a sheet cut short) instead of spending its budget discovering the zip
format. Each seed is the target's input: one byte naming the file suffix, then the bytes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from edu_pipeline.demo import generate_province
from fuzz.targets import SUFFIXES

MAX_SEED_BYTES = 64 * 1024


def file_input(data: bytes, suffix: str) -> bytes:
    """The input of `fuzz_files` that parses ``data`` as a file named ``*<suffix>``."""
    return bytes([SUFFIXES.index(suffix)]) + data


def file_seeds(schools: int = 12) -> list[tuple[str, bytes]]:
    """(suffix, bytes) of every file of a small generated province, smallest first."""
    with tempfile.TemporaryDirectory() as work:
        generate_province(Path(work), schools=schools, students_per_school=8, seed=2026)
        files = [p for p in Path(work).rglob("*") if p.is_file() and "_truth" not in p.parts]
        seeds = [(p.suffix.lower(), p.read_bytes()) for p in files]
    return sorted(((s, d) for s, d in seeds if s in SUFFIXES and len(d) <= MAX_SEED_BYTES),
                  key=lambda seed: (len(seed[1]), seed[0]))  # fmt: skip


def write_corpus(folder: Path) -> int:
    """Write the file seeds into ``folder`` (libFuzzer's corpus layout); return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = file_seeds()
    for i, (suffix, data) in enumerate(seeds):
        (folder / f"seed-{i:03d}{suffix}").write_bytes(file_input(data, suffix))
    return len(seeds)
