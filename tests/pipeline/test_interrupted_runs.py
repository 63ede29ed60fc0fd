"""A run killed (a power cut) or stopped by a full disk, at any stage: analysts still open the
last release, whole; the next run needs no cleanup and leaves no temporary file behind.

The kill takes the run's whole process group at once (its reading workers too), at a moment
seen from outside: while stage tables are rewritten, and while the release is being built.
The full disk is real: a tmpfs mounted on the warehouse's `releases/` folder, sized so that
the last release fits and the next does not (skipped where this user may not mount). The
same failure without privileges comes from a per-process file size limit (`RLIMIT_FSIZE`):
the new release's database outgrows it halfway through publishing.
"""

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from edu_pipeline.demo import generate_province
from edu_pipeline.publish.releases import (
    DATABASE_NAME,
    RELEASES_DIR,
    current_release,
    current_version,
    verify,
)
from edu_pipeline.writer_lease import current_writer

EDU_PIPELINE = Path(sys.executable).with_name("edu-pipeline")
AS_OF = "2026-03-26"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A small province and a warehouse with one release, to copy for each test."""
    root = tmp_path_factory.mktemp("interrupted")
    generate_province(root / "raw", schools=3, students_per_school=20, seed=5)
    done = _run(root / "raw", root / "warehouse")
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "raw", root / "warehouse"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}


def _command(raw: Path, warehouse: Path, *extra: str) -> list:
    return [EDU_PIPELINE, "run", "--raw-dir", str(raw), "--warehouse-dir", str(warehouse),
            "--as-of", AS_OF, *extra]  # fmt: skip


def _run(raw: Path, warehouse: Path, *extra: str, preexec: Callable | None = None):
    return subprocess.run(_command(raw, warehouse, *extra), env=_env(), capture_output=True,
                          text=True, timeout=600, check=False, preexec_fn=preexec)  # fmt: skip


def _copy(published: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    raw, warehouse = published
    shutil.copytree(warehouse, tmp_path / "warehouse", symlinks=True)
    return raw, tmp_path / "warehouse"


def _temporary_files(warehouse: Path) -> list[Path]:
    return [p for p in warehouse.rglob("*") if p.name.endswith(".tmp") or ".building-" in p.name]


def _assert_last_release_stands(warehouse: Path, version: str) -> None:
    assert current_version(warehouse) == version
    assert verify(current_release(warehouse)) == []
    with duckdb.connect(str(warehouse / DATABASE_NAME), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM marts.dim_student").fetchone()[0] > 0


def _assert_next_run_is_clean(raw: Path, warehouse: Path, old_version: str) -> None:
    done = _run(raw, warehouse, "--force")
    assert done.returncode == 0, done.stdout + done.stderr
    assert current_version(warehouse) != old_version
    assert verify(current_release(warehouse)) == []
    assert _temporary_files(warehouse) == []
    assert current_writer(warehouse) is None


def _stage_rewritten(warehouse: Path, since: float) -> bool:
    return any(p.stat().st_mtime > since for p in (warehouse / "_stage").glob("*.parquet"))


def _release_being_built(warehouse: Path, since: float) -> bool:
    return any((warehouse / RELEASES_DIR).glob(".*.tmp"))


@pytest.mark.parametrize("moment", [_stage_rewritten, _release_being_built],
                         ids=["while-stage-tables-are-written", "while-the-release-is-built"])
def test_a_run_killed_mid_way_leaves_the_last_release_and_a_clean_next_run(
    published, tmp_path, moment
):
    raw, warehouse = _copy(published, tmp_path)
    before = current_version(warehouse)
    started = time.time()
    run = subprocess.Popen(_command(raw, warehouse, "--force"), env=_env(),
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           start_new_session=True)  # fmt: skip
    while not moment(warehouse, started):
        assert run.poll() is None, "the run ended before the moment to kill it"
        time.sleep(0.005)
    os.killpg(run.pid, signal.SIGKILL)  # the run and its reading workers, at once
    run.wait()

    _assert_last_release_stands(warehouse, before)
    if moment is _release_being_built:
        assert list((warehouse / RELEASES_DIR).glob(".*.tmp"))  # the half-built release
    _assert_next_run_is_clean(raw, warehouse, before)


def _mount_tmpfs(folder: Path, size: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                           str(folder)], capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("this user may not mount a tmpfs; the file size limit test covers it")


def _resize_tmpfs(folder: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def test_a_full_disk_while_publishing_keeps_the_last_release(published, tmp_path):
    raw, _ = published
    warehouse = tmp_path / "warehouse"
    releases = warehouse / RELEASES_DIR
    _mount_tmpfs(releases, 256 * 2**20)
    try:
        assert _run(raw, warehouse).returncode == 0
        before = current_version(warehouse)
        one_release = _folder_bytes(releases / before)
        _resize_tmpfs(releases, one_release * 3 // 2)  # room for the last release, not two

        failed = _run(raw, warehouse, "--force")
        assert failed.returncode == 1
        assert "the disk is full: free space, then run again" in failed.stdout + failed.stderr
        assert "Traceback" not in failed.stdout + failed.stderr
        _assert_last_release_stands(warehouse, before)
        assert _temporary_files(warehouse) == []  # the half-built release gave its space back

        _resize_tmpfs(releases, 256 * 2**20)  # an officer made room
        _assert_next_run_is_clean(raw, warehouse, before)
    finally:
        subprocess.run(["umount", "-l", str(releases)], check=False)


def test_a_write_refused_while_publishing_keeps_the_last_release(published, tmp_path):
    raw, warehouse = _copy(published, tmp_path)
    before = current_version(warehouse)
    database = (warehouse / RELEASES_DIR / before / DATABASE_NAME).stat().st_size
    others = [p.stat().st_size for p in warehouse.rglob("*") if p.is_file()
              and not p.is_symlink() and RELEASES_DIR not in p.relative_to(warehouse).parts]
    limit = (database + max(others)) // 2
    assert max(others) < limit < database, "the limit must stop the database, nothing else"

    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    failed = _run(raw, warehouse, "--force", preexec=limit_file_size)
    assert failed.returncode == 1
    assert "the disk is full: free space, then run again" in failed.stdout + failed.stderr
    assert "Traceback" not in failed.stdout + failed.stderr
    _assert_last_release_stands(warehouse, before)
    assert _temporary_files(warehouse) == []
    _assert_next_run_is_clean(raw, warehouse, before)
