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
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path

import duckdb
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


def row_hash_totals(
    frame: pd.DataFrame, by: str, columns: Sequence[str]
) -> dict[str, tuple[int, int, int]]:
    """Per value of `by`: how many rows, and the sum and xor of their row hashes over `columns`.

    One DuckDB pass over whole columns (a province's 700,000 rows in a quarter of a second;
    pandas' `hash_pandas_object` takes over a second). The totals do not depend on row order:
    a caller that wants order to count hashes a position column with the rest. Text-like
    object columns are compared as text, so mixed Python types hash like their text.

    >>> frame = pd.DataFrame({"school": ["a", "a", "b"], "name": ["x", "y", "x"]})
    >>> totals = row_hash_totals(frame, "school", ["name"])
    >>> totals["a"][0], totals["a"] != totals["b"]
    (2, True)
    """
    rows = frame[list(dict.fromkeys([by, *columns]))].reset_index(drop=True)
    mixed = [name for name, kind in rows.dtypes.items() if pd.api.types.is_object_dtype(kind)]
    if mixed:
        rows[mixed] = rows[mixed].astype("string")
    hashed = ", ".join(f'"{column}"' for column in columns)
    with duckdb.connect() as connection:
        connection.register("hashed_rows", rows)
        totals = connection.execute(f"""
            SELECT "{by}", count(*), sum(h)::HUGEINT, bit_xor(h)
            FROM (SELECT "{by}", hash({hashed}) AS h FROM hashed_rows) GROUP BY ALL
        """).fetchall()  # fmt: skip
    return {str(key): (n, int(total), int(xor)) for key, n, total, xor in totals}
