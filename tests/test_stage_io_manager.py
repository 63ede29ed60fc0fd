"""Stage outputs are Parquet files; within a process a just-written table is read from memory,
and only while the file on disk is still that table."""

from concurrent import futures
from pathlib import Path

import dagster as dg
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from edu_pipeline.resources import StageParquetIOManager


def _frame(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "row_id": np.arange(rows), "full_name": rng.choice(["Nguyễn Văn An", None], rows),
        "birth_date": pd.to_datetime("2015-03-04") + pd.to_timedelta(rng.integers(0, 900, rows),
                                                                       unit="D"),
        "grade": pd.array(rng.choice([1, 5, None], rows), dtype="Int64"),
    })  # fmt: skip


def _write(manager: StageParquetIOManager, name: str, frame: pd.DataFrame) -> None:
    manager.handle_output(dg.build_output_context(asset_key=dg.AssetKey(name)), frame)


def _read(manager: StageParquetIOManager, name: str) -> pd.DataFrame:
    return manager.load_input(dg.build_input_context(asset_key=dg.AssetKey(name)))


@pytest.fixture
def reads_from_disk(monkeypatch) -> list[Path]:
    paths: list[Path] = []
    read = pq.read_table

    def counted(path, *args, **kwargs):
        paths.append(Path(path))
        return read(path, *args, **kwargs)

    monkeypatch.setattr(pq, "read_table", counted)
    return paths


def test_a_table_just_written_is_read_from_memory_as_from_disk(tmp_path, reads_from_disk):
    manager = StageParquetIOManager(stage_dir=str(tmp_path))
    _write(manager, "students", _frame(500))
    from_memory = _read(manager, "students")
    assert reads_from_disk == []
    manager.flush()
    pd.testing.assert_frame_equal(from_memory, pd.read_parquet(tmp_path / "students.parquet"))


def test_a_file_replaced_by_another_process_is_read_from_disk(tmp_path, reads_from_disk):
    manager = StageParquetIOManager(stage_dir=str(tmp_path))
    _write(manager, "students", _frame(500))
    manager.flush()
    other_process = StageParquetIOManager(stage_dir=str(tmp_path))
    _write(other_process, "students", _frame(400, seed=1))
    other_process.flush()
    assert len(_read(manager, "students")) == 400
    assert reads_from_disk == [tmp_path / "students.parquet"]


@pytest.mark.parametrize("limit", [0, 1])
def test_tables_past_the_memory_limit_are_read_from_disk(tmp_path, reads_from_disk, limit):
    manager = StageParquetIOManager(stage_dir=str(tmp_path), recent_bytes=limit)
    _write(manager, "students", _frame(500))
    pd.testing.assert_frame_equal(_read(manager, "students"), _frame(500))
    assert reads_from_disk == [tmp_path / "students.parquet"]


def test_the_oldest_table_leaves_memory_first(tmp_path, reads_from_disk):
    one = _frame(2000)
    size = StageParquetIOManager(stage_dir=str(tmp_path))
    _write(size, "probe", one)
    nbytes = next(iter(size._recent.values())).table.nbytes
    manager = StageParquetIOManager(stage_dir=str(tmp_path), recent_bytes=2 * nbytes)
    for name in ("first", "second", "third"):
        _write(manager, name, one)
    for name in ("first", "second", "third"):
        _read(manager, name)
    assert reads_from_disk == [tmp_path / "first.parquet"]


def test_files_are_written_in_the_background_and_down_after_flush(tmp_path):
    manager = StageParquetIOManager(stage_dir=str(tmp_path), recent_bytes=0)
    frames = {f"table_{i}": _frame(3000, seed=i) for i in range(4)}
    for name, frame in frames.items():
        _write(manager, name, frame)
    # not kept in memory: each read waits for its own file
    pd.testing.assert_frame_equal(_read(manager, "table_2"), frames["table_2"])
    manager.flush()
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), frame)
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("surfaces_at", ["flush", "next_output"])
def test_a_failed_write_fails_the_run_and_leaves_no_temporary_file(tmp_path, surfaces_at):
    (tmp_path / "students.parquet").mkdir()  # the rename onto it fails
    manager = StageParquetIOManager(stage_dir=str(tmp_path))
    _write(manager, "students", _frame(100))
    with pytest.raises(dg.Failure) as failed:  # says which folder and what to do
        if surfaces_at == "flush":
            manager.flush()
        else:
            futures.wait(list(manager._writes.values()))
            _write(manager, "teachers", _frame(10))
    assert "writing stage tables" in failed.value.description
    assert str(tmp_path) in failed.value.description
    assert not list(tmp_path.glob("*.tmp"))


def test_a_run_ends_with_every_stage_file_on_disk(tmp_path):
    @dg.asset
    def rows() -> pd.DataFrame:
        return _frame(2000)

    @dg.asset
    def doubled(rows: pd.DataFrame) -> pd.DataFrame:
        return pd.concat([rows, rows], ignore_index=True)

    manager = StageParquetIOManager(stage_dir=str(tmp_path))
    result = dg.materialize([rows, doubled], resources={"io_manager": manager})
    assert result.success
    assert len(pd.read_parquet(tmp_path / "doubled.parquet")) == 4000
    assert len(pd.read_parquet(tmp_path / "rows.parquet")) == 2000
