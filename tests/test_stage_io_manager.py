"""Stage outputs are Parquet files; within a process a just-written table is read from memory,
and only while the file on disk is still that table."""

from pathlib import Path

import dagster as dg
import numpy as np
import pandas as pd
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
    read = pd.read_parquet

    def counted(path, *args, **kwargs):
        paths.append(Path(path))
        return read(path, *args, **kwargs)

    monkeypatch.setattr(pd, "read_parquet", counted)
    return paths


def test_a_table_just_written_is_read_from_memory_as_from_disk(tmp_path, reads_from_disk):
    manager = StageParquetIOManager(stage_dir=str(tmp_path))
    _write(manager, "students", _frame(500))
    from_memory = _read(manager, "students")
    assert reads_from_disk == []
    pd.testing.assert_frame_equal(from_memory, pd.read_parquet(tmp_path / "students.parquet"))


def test_a_file_replaced_by_another_process_is_read_from_disk(tmp_path, reads_from_disk):
    manager = StageParquetIOManager(stage_dir=str(tmp_path))
    _write(manager, "students", _frame(500))
    _write(StageParquetIOManager(stage_dir=str(tmp_path)), "students", _frame(400, seed=1))
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
    nbytes = next(iter(size._recent.values()))[1].nbytes
    manager = StageParquetIOManager(stage_dir=str(tmp_path), recent_bytes=2 * nbytes)
    for name in ("first", "second", "third"):
        _write(manager, name, one)
    for name in ("first", "second", "third"):
        _read(manager, name)
    assert reads_from_disk == [tmp_path / "first.parquet"]
