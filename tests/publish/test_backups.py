"""Every publish is a release; the last N are kept; an earlier one can be restored, checked."""

import stat

import duckdb
import pandas as pd
import pytest

from edu_pipeline.cli import main
from edu_pipeline.publish.backups import back_up, restore
from edu_pipeline.publish.releases import ReleaseError, current_version, list_releases, verify
from edu_pipeline.publish.warehouse import publish_marts
from tests.publish.marts import marts_with, schools_in


def test_only_the_newest_releases_are_kept_and_each_verifies(tmp_path):
    made = [publish_marts(marts_with(n), tmp_path, keep=2).version for n in (1, 2, 3)]
    kept = list_releases(tmp_path)
    assert [r.version for r in kept] == made[1:]
    assert current_version(tmp_path) == made[2]
    assert kept[-1].row_counts["dim_school"] == 3
    assert all(verify(r) == [] for r in kept)
    assert schools_in(tmp_path / "edu.duckdb") == 3
    assert pd.read_parquet(tmp_path / "parquet" / "dim_school.parquet").shape[0] == 3


def test_restore_goes_back_while_a_reader_is_connected(tmp_path):
    first = publish_marts(marts_with(1), tmp_path).version
    publish_marts(marts_with(2), tmp_path)
    reader = duckdb.connect(str(tmp_path / "edu.duckdb"), read_only=True)
    assert restore(tmp_path).version == first  # no VERSION: the release before
    # the analyst's open connection still reads the release it opened, whole (DuckDB shares
    # one open database per path within a process, so close it before opening the new one)
    assert reader.execute("SELECT count(*) FROM marts.dim_school").fetchone()[0] == 2
    reader.close()
    assert schools_in(tmp_path / "edu.duckdb") == 1
    assert pd.read_parquet(tmp_path / "parquet" / "dim_school.parquet").shape[0] == 1


def test_a_damaged_release_is_refused_and_the_warehouse_left_alone(tmp_path):
    damaged = publish_marts(marts_with(2), tmp_path).version
    publish_marts(marts_with(3), tmp_path)
    release = next(r for r in list_releases(tmp_path) if r.version == damaged)
    with duckdb.connect(str(release.path / "edu.duckdb")) as connection:
        connection.execute("DELETE FROM marts.dim_school WHERE school_code = '66000001'")
    (release.path / "parquet" / "dim_student.parquet").unlink()
    assert sorted(verify(release)) == [
        "dim_school: 1 rows, 2 recorded", "parquet/dim_student.parquet is missing"]  # fmt: skip
    with pytest.raises(ReleaseError, match="damaged"):
        restore(tmp_path, damaged)
    assert schools_in(tmp_path / "edu.duckdb") == 3
    with pytest.raises(ReleaseError, match="no release 'nope'"):
        restore(tmp_path, "nope")


def test_a_copy_on_another_disk_restores_after_the_releases_are_gone(tmp_path):
    warehouse, disk = tmp_path / "warehouse", tmp_path / "other_disk"
    kept = publish_marts(marts_with(5), warehouse, keep=1).version
    back_up(warehouse, disk)
    publish_marts(marts_with(6), warehouse, keep=1)  # prunes the first release
    assert [r.version for r in list_releases(warehouse)] != [kept]
    restore(warehouse, kept, source=disk)
    assert schools_in(warehouse / "edu.duckdb") == 5


def test_published_files_are_readable_by_their_owner_only(tmp_path):
    publish_marts(marts_with(1), tmp_path)
    (release,) = list_releases(tmp_path)
    for path in [release.path / "edu.duckdb", release.path / "manifest.json",
                 *(release.path / "parquet").iterdir()]:  # fmt: skip
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(release.path.stat().st_mode) == 0o700


def test_backup_and_restore_commands(tmp_path, capsys):
    warehouse = ["--warehouse-dir", str(tmp_path / "wh")]
    assert main(["restore", *warehouse]) == 1
    assert "no earlier release" in capsys.readouterr().err
    first = publish_marts(marts_with(4), tmp_path / "wh").version
    assert main(["backup", "--to", str(tmp_path / "copy"), *warehouse]) == 0
    publish_marts(marts_with(9), tmp_path / "wh")
    assert main(["restore", "--list", *warehouse]) == 0
    listing = capsys.readouterr().out
    assert f"  {first}  as of -  ok" in listing and listing.count("ok") == 2
    assert main(["restore", first, *warehouse]) == 0
    assert schools_in(tmp_path / "wh" / "edu.duckdb") == 4


def test_a_restore_waits_for_no_run_and_refuses_while_one_writes(tmp_path, capsys):
    import subprocess

    from edu_pipeline.writer_lease import acquire, current_writer

    first = publish_marts(marts_with(4), tmp_path / "wh").version
    publish_marts(marts_with(9), tmp_path / "wh")
    run = subprocess.Popen(["sleep", "60"])  # a run's process, holding the warehouse
    try:
        acquire(tmp_path / "wh", "nightly-run", "province_job", run.pid)
        assert main(["restore", first, "--warehouse-dir", str(tmp_path / "wh")]) == 1
        said = capsys.readouterr().err
        assert "another run is writing the warehouse: run nightly- (province_job" in said
        assert schools_in(tmp_path / "wh" / "edu.duckdb") == 9  # not switched
    finally:
        run.kill()
        run.wait()
    assert main(["restore", first, "--warehouse-dir", str(tmp_path / "wh")]) == 0
    assert schools_in(tmp_path / "wh" / "edu.duckdb") == 4
    assert current_writer(tmp_path / "wh") is None  # the restore gave it back
