"""Locate failing rows again only in the files whose rows changed.

Why: GX validates in two passes (``gx_runner``): counts for the whole frame, then the rows
behind each count. When one school resubmits a list, the first pass still runs on the whole
province (its counts feed the scorecards and Data Docs), but the second pass and the findings
built from it (~5 s of the ~10 s on 735,000 pupils) need only the changed files: a row-local
rule (one row's values decide it, unlike uniqueness) fails on the same rows of an unchanged
file as last time. Those findings are taken from the last run's output, their ``row_id``
moved with their file (``row_id`` is positional: a file's rows are consecutive ids).

A file is unchanged when the columns the suite reads or shows hash to the same digest (or,
cheaper, when the stage that made the rows found its input unchanged); the memo (per file:
digest, first ``row_id``, rows) travels in the findings output's Parquet
metadata, as ``incremental.FileMemo``'s does. The memo's key holds the code version (code,
suites, libraries) and the suite parameters, so a new as-of date or registry locates all.

Example::

    before = located_before(students, columns, key, stage / "student_findings.parquet")
    outcome = validate_frame(students, "students", parameters, suites, reuse=before)
    outcome.findings.attrs[MEMO_ATTR] = before.memo
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from edu_pipeline.incremental import FILE_COLUMN, MEMO_ATTR, ROW_KEY, file_digests, stored_memo


@dataclass(frozen=True)
class LocatedBefore:
    """What the last run located that still holds for this frame.

    ``memo``: this frame's file memo (JSON), to store with the findings for the next run.
    ``findings``: the last run's findings of unchanged files, ``row_id`` moved to this frame's.
    ``covered``: per frame row (frame order), True when its file's findings are in
    ``findings``; the second pass looks only at the other rows.
    """

    memo: str
    findings: pd.DataFrame
    covered: np.ndarray

    @property
    def rows_reused(self) -> int:
        return int(self.covered.sum())


def file_spans(rows: pd.DataFrame) -> pd.DataFrame:
    """Per source file: first ``row_id``, rows, and whether its ids are consecutive."""
    spans = rows.groupby(FILE_COLUMN, sort=False)[ROW_KEY].agg(["min", "max", "size"])
    spans["consecutive"] = spans["max"] - spans["min"] + 1 == spans["size"]
    return spans


def located_before(
    rows: pd.DataFrame, columns: Iterable[str], key: str, previous: Path | None
) -> LocatedBefore:
    """The findings of ``previous`` (the last findings output) still valid for ``rows``.

    ``columns``: what the suite reads or shows (``gx_suites.suite_columns``). When ``rows``
    carry the file memo of the stage that made them (``attrs[MEMO_ATTR]``, restored by the IO
    manager), its per-file digests of that stage's input stand for these rows (they are a
    function of it, under the memo's key) and nothing is hashed again (~2.7 s on 735,000
    pupils); only read columns that memo leaves out (its lineage) are hashed.
    """
    spans = file_spans(rows)
    upstream = _upstream_memo(rows, spans.index)
    if upstream is None:
        digests = file_digests(rows, sorted({FILE_COLUMN, *columns} & set(rows.columns)))
    else:
        lineage = sorted(set(columns) & set(rows.columns) & set(upstream.get("lineage", [])))
        extra = file_digests(rows, [FILE_COLUMN, *lineage]) if lineage else {}
        digests = {name: digest + extra.get(name, "") for name, digest in upstream["files"].items()}
        key = f"{key}|{upstream['key']}"
    files = {
        name: [digest, int(spans.at[name, "min"]), int(spans.at[name, "size"])]
        for name, digest in digests.items()
        if name in spans.index and spans.at[name, "consecutive"]
    }
    memo = json.dumps({"key": key, "files": files})
    stored = stored_memo(previous) if previous is not None else None
    if stored is None or stored.get("key") != key:
        return LocatedBefore(memo, pd.DataFrame(), np.zeros(len(rows), dtype=bool))
    old = stored.get("files", {})
    same = [name for name, entry in files.items() if old.get(name, [None])[0] == entry[0]]
    # (old first id, rows, shift to the new first id) per unchanged file, by old first id
    moves = np.array(
        sorted((old[name][1], old[name][2], files[name][1] - old[name][1]) for name in same),
        dtype="int64",
    ).reshape(-1, 3)
    findings = _moved(pq.read_table(previous).to_pandas(), moves)
    covered = rows[FILE_COLUMN].isin(same).to_numpy()
    return LocatedBefore(memo, findings, covered)


def _upstream_memo(rows: pd.DataFrame, files: pd.Index) -> dict | None:
    """The making stage's memo, when it describes exactly these rows' files."""
    try:
        memo = json.loads(rows.attrs[MEMO_ATTR])
        described = set(memo["files"]) == set(files) and isinstance(memo["lineage"], list)
    except (KeyError, TypeError, ValueError):
        return None
    return memo if described else None


def _moved(findings: pd.DataFrame, moves: np.ndarray) -> pd.DataFrame:
    """The findings whose row lies in one of the old spans, with its ``row_id`` shifted."""
    if len(moves) == 0 or findings.empty:
        return findings.iloc[0:0]
    ids = findings[ROW_KEY].to_numpy(dtype="float64", na_value=np.nan)
    span = np.searchsorted(moves[:, 0], ids, side="right") - 1
    inside = (span >= 0) & ~np.isnan(ids)
    span = np.where(inside, span, 0)
    inside &= ids < moves[span, 0] + moves[span, 1]
    kept = findings.loc[inside].reset_index(drop=True)
    kept[ROW_KEY] = (ids[inside] + moves[span[inside], 2]).astype("int64")
    return kept.astype({ROW_KEY: "Int64"})
