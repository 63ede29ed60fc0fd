"""Hashes that say "nothing this depends on changed", so work already done is not done again.

- `source_digest`: the code and fact tables something is made by. The parse cache, the
  feedback workbooks and the release all key on one, so a change to a reader, a header synonym
  or a wording table redoes the work without anyone remembering to bump a version.
- `inputs_fingerprint`: everything a published release is a function of: the content of every
  raw file (not its time: a file copied again from the same USB stick is the same input), the
  whole pipeline's code, suites and models, the library versions, and the settings that change
  results (the as-of date moves deadlines and ages, so a new day is a new run).

Example::

    fingerprint = inputs_fingerprint(scan_raw_dir(raw), result_settings(settings))
    fingerprint == read_release(warehouse / "current").input_fingerprint  # nothing to do
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.metadata import version
from pathlib import Path

import pandas as pd

PACKAGE = Path(__file__).resolve().parent
# Libraries whose upgrade can change a result (a parser, the linkage engine, the checks).
RESULT_LIBRARIES = ("python-calamine", "pandas", "pyarrow", "duckdb", "splink",
                    "great-expectations", "openpyxl", "phonenumbers")  # fmt: skip
SOURCE_SUFFIXES = (".py", ".csv", ".json", ".txt", ".html", ".js")


def source_digest(paths: Iterable[Path], digest_size: int = 32) -> str:
    """Hex BLAKE2b of the files' names and bytes, in a stable order.

    >>> len(source_digest([Path(__file__)], digest_size=6))
    12
    """
    digest = hashlib.blake2b(digest_size=digest_size)
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


@cache
def pipeline_code_version(expectations_dir: Path) -> str:
    """The package's code and data files, the GX suites, and the result-changing libraries."""
    sources = [p for p in PACKAGE.rglob("*") if p.suffix in SOURCE_SUFFIXES and p.is_file()]
    sources += [p for p in expectations_dir.glob("*.json") if p.is_file()]
    libraries = ",".join(f"{name}={version(name)}" for name in RESULT_LIBRARIES)
    return source_digest(sources) + hashlib.blake2b(libraries.encode()).hexdigest()[:16]


def inputs_fingerprint(inventory: pd.DataFrame, settings: Mapping[str, object]) -> str:
    """What a run's results are a function of, hashed (raw files by path and content)."""
    expectations = Path(str(settings["expectations_dir"]))
    facts = {
        "code": pipeline_code_version(expectations),
        "settings": {k: str(v) for k, v in sorted(settings.items())},
        "files": sorted(zip(inventory["source_file"], inventory["sha256"], strict=True)),
    }
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode()).hexdigest()
