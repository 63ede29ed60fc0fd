"""Reuse a file-local stage's last output for the files whose rows did not change.

Why: when one school resubmits a list, normalizing the province's 700,000 rows again costs
~25 s; normalizing that school's few hundred rows costs well under a second. A stage is
*file-local* when each output row depends only on the rows of its own source file (name
splitting, ID and date rules, a file's day/month order): then the rows of an unchanged file
come out exactly as last time, whatever happened to the other files.

"Unchanged" is decided on the rows the stage receives, not on file times or names: every
input column except the lineage that can move without the file changing (``row_id``, which
is positional, the report date taken from a file's modification time, and which newer file
supersedes it) is hashed per row, and the row hashes per file. The stage's code, its settings
and the library versions form the memo's ``key``; a different key reuses nothing.

The memo travels inside the stage's own Parquet output (schema metadata written by
``StageParquetIOManager``), so output and memo are replaced in one atomic rename: a run that
dies half-way cannot leave a memo that describes other rows.

Example::

    memo = FileMemo(key=f"{code_version}|{tone_style}|{as_of}", lineage=LINEAGE)
    result = memo.apply(rows, lambda part: normalize_people(part, ...), previous_path)
    # result.attrs[MEMO_ATTR] is stored with the output; result.attrs[REUSED_ATTR] = rows reused
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from edu_pipeline.fingerprints import row_hash_totals

MEMO_ATTR = "edu_file_memo"  # DataFrame.attrs key the IO manager stores as Parquet metadata
REUSED_ATTR = "edu_rows_reused"  # rows taken from the last output (metadata for the run)
FILE_COLUMN = "source_file"
ROW_KEY = "row_id"  # unique per row within a run; the output keeps the input's row order
_POSITION = "_position_in_file"


def file_digests(rows: pd.DataFrame, content_columns: Sequence[str]) -> dict[str, str]:
    """Per source file, a hash of its rows' content columns, in row order (each row is
    hashed with its position in its file, so reordered rows are a change).

    >>> rows = pd.DataFrame({"source_file": ["a", "a", "b"], "name": ["x", "y", "x"]})
    >>> digests = file_digests(rows, ["name"])
    >>> digests["a"] != digests["b"], len(digests["a"])
    (True, 32)
    """
    if rows.empty:
        return {}
    position = rows.groupby(FILE_COLUMN, sort=False).cumcount().to_numpy()
    frame = rows[list(dict.fromkeys([FILE_COLUMN, *content_columns]))]
    frame = frame.assign(**{_POSITION: position})
    totals = row_hash_totals(frame, FILE_COLUMN, [_POSITION, *content_columns])
    return {
        name: hashlib.blake2b(repr(total).encode(), digest_size=16).hexdigest()
        for name, total in totals.items()
    }


def stored_memo(path: Path) -> dict | None:
    """The memo stored with a stage output, or None (no output, no memo, unreadable)."""
    try:
        metadata = pq.read_schema(path).metadata or {}
        return json.loads(metadata[MEMO_ATTR.encode()])
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None


@dataclass(frozen=True)
class FileMemo:
    """How one file-local stage reuses its last output.

    ``key``: what the stage's output is a function of besides its rows (code, settings).
    ``lineage``: columns copied from input to output unchanged, taken from this run's rows
    (they may move while the file does not: positions, supersession, modification dates).
    """

    key: str
    lineage: Sequence[str]

    def apply(
        self,
        rows: pd.DataFrame,
        compute: Callable[[pd.DataFrame], pd.DataFrame],
        previous: Path | None,
    ) -> pd.DataFrame:
        """``compute(rows)``, computed only for the rows of changed or new files.

        The result equals ``compute(rows)`` (same rows, order and values once stored), with
        the memo for the next run in ``attrs[MEMO_ATTR]``.
        """
        content = [c for c in rows.columns if c not in self.lineage or c == FILE_COLUMN]
        digests = file_digests(rows, content)
        reusable = self._reusable(digests, previous)
        result = self._merge(rows, compute, reusable, previous) if reusable else compute(rows)
        memo = {"key": self.key, "lineage": list(self.lineage), "files": digests}
        result.attrs[MEMO_ATTR] = json.dumps(memo)
        result.attrs[REUSED_ATTR] = int(rows[FILE_COLUMN].isin(reusable).sum()) if reusable else 0
        return result

    def _reusable(self, digests: dict[str, str], previous: Path | None) -> set[str]:
        memo = stored_memo(previous) if previous is not None else None
        if memo is None or memo.get("key") != self.key:
            return set()
        stored = memo.get("files", {})
        return {name for name, digest in digests.items() if stored.get(name) == digest}

    def _merge(
        self,
        rows: pd.DataFrame,
        compute: Callable[[pd.DataFrame], pd.DataFrame],
        reusable: set[str],
        previous: Path,
    ) -> pd.DataFrame:
        kept = rows[FILE_COLUMN].isin(reusable).to_numpy()
        table = pq.read_table(previous, filters=[(FILE_COLUMN, "in", sorted(reusable))])
        if int(kept.sum()) != table.num_rows:
            return compute(rows)
        # The stored rows of a file are in the order they were read, as this run's rows are:
        # both sides sorted stably by file line up row for row. Each output row's place in
        # the stored and fresh parts is worked out first and taken once, in Arrow: pandas
        # took the whole frame three times (two sorts and the final order), ~3 s a province.
        kept_at = np.flatnonzero(kept)
        by_file = rows[FILE_COLUMN].iloc[kept_at].argsort(kind="stable").to_numpy()
        source = np.empty(len(rows), dtype=np.int64)
        source[kept_at[by_file]] = pc.sort_indices(table, [(FILE_COLUMN, "ascending")])
        parts = [table]
        if not kept.all():
            fresh = compute(rows.loc[~kept])
            try:  # stored types, so both parts concatenate as one full run's output would
                parts.append(pa.Table.from_pandas(fresh, schema=table.schema, preserve_index=False))
            except (pa.ArrowException, KeyError, ValueError):
                return compute(rows)
            source[~kept] = table.num_rows + np.arange(len(fresh))
        merged = pa.concat_tables(parts).take(source).to_pandas()
        for column in self.lineage:  # this run's lineage, as `compute(rows)` would copy it
            merged[column] = rows[column].array
        return merged
