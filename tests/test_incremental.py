"""A file-local stage computed only for changed files equals the stage computed on every row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from edu_pipeline.incremental import MEMO_ATTR, REUSED_ATTR, FileMemo, stored_memo

LINEAGE = ["row_id", "source_file", "sheet", "source_row", "superseded_by"]
FILES = [f"{code}/DSHS.xlsx" for code in range(54100001, 54100013)]


def _rows(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    files = np.repeat(FILES, rng.integers(1, 40, len(FILES)))
    names = rng.choice(["nguyễn văn an", "  LÊ THỊ HOÀ ", None, "h'hen niê"], len(files))
    return pd.DataFrame({
        "row_id": np.arange(len(files)), "source_file": files, "sheet": "Sheet1",
        "source_row": pd.Series(files).groupby(files).cumcount().to_numpy() + 2,
        "superseded_by": None, "full_name": names,
        "birth": rng.choice(["03/04/2015", "31/12/2014", "x", None], len(files)),
    })  # fmt: skip


def _stage(rows: pd.DataFrame) -> pd.DataFrame:
    """A file-local stage: a value per row, a count per file, and typed columns."""
    out = rows[LINEAGE].copy()
    out["full_name"] = rows["full_name"].str.strip().str.title()
    out["birth_date"] = pd.to_datetime(rows["birth"], format="%d/%m/%Y", errors="coerce")
    out["rows_in_file"] = rows.groupby("source_file")["row_id"].transform("size").astype("Int64")
    return out


def _store(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """What StageParquetIOManager does with a stage's output, and what the next stage reads."""
    memo = frame.attrs.pop(MEMO_ATTR, None)
    frame.attrs.pop(REUSED_ATTR, None)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if memo:
        table = table.replace_schema_metadata({**table.schema.metadata, MEMO_ATTR.encode(): memo})
    pq.write_table(table, path)
    return pd.read_parquet(path)


def _edit_one_cell(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.copy()
    rows.loc[rows.index[rows["source_file"] == FILES[3]][0], "full_name"] = "trần thị mai"
    return rows


def _drop_a_file(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows[rows["source_file"] != FILES[1]].reset_index(drop=True)
    return rows.assign(row_id=np.arange(len(rows)))  # positions move for every later file


def _add_a_file(rows: pd.DataFrame) -> pd.DataFrame:
    extra = rows[rows["source_file"] == FILES[0]].assign(source_file="54109999/hoc_sinh.csv")
    rows = pd.concat([extra, rows], ignore_index=True)
    return rows.assign(row_id=np.arange(len(rows)))


def _supersede_a_file(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(superseded_by=np.where(rows["source_file"] == FILES[2], FILES[3], None))


def _swap_two_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The same rows in another order: their lineage (row numbers) no longer match."""
    content = [c for c in rows.columns if c not in LINEAGE]
    in_file = rows[rows["source_file"] == FILES[1]]
    texts = pd.Series([repr(row) for row in in_file[content].to_numpy().tolist()], in_file.index)
    where = [texts.index[0], texts.index[(texts != texts.iloc[0]).argmax()]]
    assert texts[where[0]] != texts[where[1]]
    swapped = rows.copy()
    swapped.loc[where, content] = rows.loc[where[::-1], content].to_numpy()
    return swapped


CHANGES: dict[str, tuple[Callable[[pd.DataFrame], pd.DataFrame], set[str]]] = {
    # change -> (how, the files that must be computed again)
    "one cell edited": (_edit_one_cell, {FILES[3]}),
    "a file removed": (_drop_a_file, set()),
    "a file added": (_add_a_file, {"54109999/hoc_sinh.csv"}),
    "only lineage moved": (_supersede_a_file, set()),
    "two rows swapped": (_swap_two_rows, {FILES[1]}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_reuse_equals_a_full_computation(change: str, tmp_path: Path) -> None:
    memo = FileMemo(key="v1", lineage=LINEAGE)
    previous = tmp_path / "stage.parquet"
    _store(memo.apply(_rows(), _stage, None), previous)
    how, recomputed = CHANGES[change]
    rows = how(_rows())
    calls: list[int] = []

    def counted(part: pd.DataFrame) -> pd.DataFrame:
        calls.append(part["source_file"].nunique())
        return _stage(part)

    incremental = memo.apply(rows, counted, previous)
    assert incremental.attrs[REUSED_ATTR] == (~rows["source_file"].isin(recomputed)).sum()
    assert sum(calls) == len(recomputed)
    expected = _store(_stage(rows), tmp_path / "full.parquet")
    pd.testing.assert_frame_equal(_store(incremental, tmp_path / "again.parquet"), expected)


@pytest.mark.parametrize("previous_state", ["no previous output", "other key", "no memo"])
def test_nothing_is_reused_without_a_matching_memo(previous_state: str, tmp_path: Path) -> None:
    previous = tmp_path / "stage.parquet"
    if previous_state == "other key":
        _store(FileMemo(key="v0", lineage=LINEAGE).apply(_rows(), _stage, None), previous)
    elif previous_state == "no memo":
        _store(_stage(_rows()), previous)
    result = FileMemo(key="v1", lineage=LINEAGE).apply(_rows(), _stage, previous)
    assert result.attrs[REUSED_ATTR] == 0
    assert stored_memo(previous) is None or stored_memo(previous)["key"] != "v1"


def test_the_memo_is_stored_with_the_output(tmp_path: Path) -> None:
    path = tmp_path / "stage.parquet"
    _store(FileMemo(key="v1", lineage=LINEAGE).apply(_rows(), _stage, None), path)
    memo = stored_memo(path)
    assert memo["key"] == "v1"
    assert sorted(memo["files"]) == sorted(FILES)
