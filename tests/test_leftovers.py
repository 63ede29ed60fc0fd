"""What a killed run left half-written is deleted by the next writer; nothing else is."""

import os
from pathlib import Path

import pytest

from edu_pipeline.leftovers import sweep

HALF_WRITTEN = [
    "_cache/v12-0123abcd.xlsx.arrow.4242.tmp",  # a parse being saved (`ingest/cache.py`)
    "_stage/students.parquet.tmp",  # a stage table being written (`resources.py`)
    "_stage/gx/students_results.parquet.tmp",
    "feedback/79012345.xlsx.tmp",  # a school's workbook being saved
    ".writer-lease.json.4242.tmp",
]
HALF_BUILT_FOLDERS = [
    "releases/.20261129T010000Z.1a2b3c4d.tmp",  # a release being built (`releases.py`)
    ".data_docs.building-0123456789ab",  # the data docs site being rendered
    ".data_docs.old-0123456789ab",  # the old site, between the two renames of a swap
]
KEPT = [
    "_cache/v12-0123abcd.xlsx.arrow",
    "_stage/students.parquet",
    "feedback/79012345.xlsx",
    "releases/20261128T010000Z/edu.duckdb",
    "releases/20261128T010000Z/manifest.json",
    "data_docs/index.html",
    ".writer-lease.json",
    ".pseudonym.key",
]


def _make(root: Path, names: list[str], folders: list[str]) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    for folder in folders:
        (root / folder / "parquet").mkdir(parents=True)
        (root / folder / "parquet" / "t.parquet").write_bytes(b"x")


def test_only_temporary_names_are_swept(tmp_path):
    _make(tmp_path, HALF_WRITTEN + KEPT, HALF_BUILT_FOLDERS)
    (tmp_path / "current").symlink_to("releases/20261128T010000Z")
    (tmp_path / ".current.0a1b2c3d.tmp").symlink_to("releases/20261128T010000Z")  # a switch
    removed = sweep(tmp_path)
    assert sorted(str(p.relative_to(tmp_path)) for p in removed) == sorted(
        [*HALF_WRITTEN, *HALF_BUILT_FOLDERS, ".current.0a1b2c3d.tmp"]
    )
    left = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert left == sorted(KEPT)
    assert os.readlink(tmp_path / "current") == "releases/20261128T010000Z"
    assert (tmp_path / "releases" / "20261128T010000Z").is_dir()  # a link's target stays


@pytest.mark.parametrize("state", ["empty", "missing"])
def test_a_new_warehouse_has_nothing_to_sweep(tmp_path, state):
    folder = tmp_path / "wh"
    if state == "empty":
        folder.mkdir()
    assert sweep(folder) == []
