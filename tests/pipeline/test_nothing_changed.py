"""A re-run with no changed file, setting or code publishes nothing new and does no work.

The first run publishes a release whose manifest records the fingerprint of its inputs. A
re-run with the same inputs (files touched but not changed count as the same) says so, keeps
that release and skips every stage; `--force`, or a changed file, builds a new release.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pipeline.conftest import AS_OF


def _run(raw: Path, warehouse: Path, *extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}
    completed = subprocess.run(
        [Path(sys.executable).with_name("edu-pipeline"), "run", "--raw-dir", str(raw),
         "--warehouse-dir", str(warehouse), "--as-of", AS_OF, *extra],
        capture_output=True, text=True, timeout=600, check=False, env=env,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "asset check" not in completed.stderr  # no Dagster warnings about skipped steps
    return completed.stdout + completed.stderr  # progress lines go to stderr


def _releases(warehouse: Path) -> list[str]:
    return sorted(p.name for p in (warehouse / "releases").iterdir() if not p.name.startswith("."))


def _current(warehouse: Path) -> dict:
    return json.loads((warehouse / "current" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def province(small_province: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    raw = tmp_path_factory.mktemp("unchanged") / "raw"
    shutil.copytree(small_province, raw)
    warehouse = raw.parent / "warehouse"
    _run(raw, warehouse)
    return raw, warehouse


def test_the_release_records_what_it_was_built_from(province: tuple[Path, Path]):
    _, warehouse = province
    assert len(_current(warehouse)["input_fingerprint"]) == 64


def test_a_rerun_with_nothing_changed_keeps_the_release(province: tuple[Path, Path]):
    raw, warehouse = province
    before, workbooks = _releases(warehouse), sorted((warehouse / "feedback").glob("*.xlsx"))
    stamps = [p.stat().st_mtime_ns for p in workbooks]
    out = _run(raw, warehouse)
    assert f"release {_current(warehouse)['version']} stands" in out
    assert "edu-pipeline: nothing changed" in out and "[ingest]" not in out
    assert _releases(warehouse) == before
    assert [p.stat().st_mtime_ns for p in workbooks] == stamps
    assert "students" in out and "quality" in out  # the summary of the standing release


def test_files_copied_again_unchanged_start_no_work(province: tuple[Path, Path]):
    raw, warehouse = province
    before = _releases(warehouse)
    for path in raw.rglob("*.*"):
        os.utime(path)
    assert "stands" in _run(raw, warehouse)
    assert _releases(warehouse) == before


def test_force_rebuilds_and_a_changed_file_publishes_a_new_release(province: tuple[Path, Path]):
    raw, warehouse = province
    first = _current(warehouse)
    _run(raw, warehouse, "--force")
    forced = _current(warehouse)
    assert forced["version"] != first["version"]
    assert forced["input_fingerprint"] == first["input_fingerprint"]
    listing = next(p for p in sorted(raw.glob("*/*.csv")) if p.parent.name.isdigit())
    listing.write_bytes(listing.read_bytes() + b"\n")
    out = _run(raw, warehouse)
    assert "published in" in out
    changed = _current(warehouse)
    assert changed["version"] != forced["version"]
    assert changed["input_fingerprint"] != forced["input_fingerprint"]
