"""The raw-folder sensor: one run per settled burst of new or changed files, none otherwise."""

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from edu_pipeline.orchestration.sensors import SETTLE_SECONDS, raw_folder_sensor
from edu_pipeline.resources import PipelineSettings

SETTLED = time.time() - 10 * SETTLE_SECONDS


def _write(path: Path, text: str, mtime: float = SETTLED) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


def _tick(raw: Path, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        cursor=cursor, resources={"settings": PipelineSettings(raw_dir=str(raw))}
    )
    return raw_folder_sensor(context)


@pytest.fixture
def watched(tmp_path) -> tuple[Path, str]:
    """A raw folder with two schools' lists, already seen once by the sensor."""
    raw = tmp_path / "raw"
    _write(raw / "54000001" / "hs.csv", "STT,Họ và tên\n1,Nguyễn Văn An\n")
    _write(raw / "54000002" / "hs.csv", "STT,Họ và tên\n1,Trần Thị Bích\n")
    first = _tick(raw, None)
    assert len(first.run_requests) == 1  # a new deployment reads what is already there
    return raw, first.cursor


def test_no_change_no_run(watched):
    raw, cursor = watched
    result = _tick(raw, cursor)
    assert not result.run_requests and "no new or changed" in result.skip_reason.skip_message


def test_one_new_file_one_run(watched):
    raw, cursor = watched
    _write(raw / "54000003" / "gv.csv", "STT,Họ và tên\n1,Lê Văn Cường\n")
    (request,) = _tick(raw, cursor).run_requests
    assert (request.tags["edu/added"], request.tags["edu/changed"]) == ("1", "0")
    assert request.tags["edu/folders"] == "54000003"


def test_changed_content_one_run(watched):
    raw, cursor = watched
    _write(raw / "54000001" / "hs.csv", "STT,Họ và tên\n1,Nguyễn Văn Anh\n", SETTLED + 5)
    (request,) = _tick(raw, cursor).run_requests
    assert (request.tags["edu/added"], request.tags["edu/changed"]) == ("0", "1")


def test_touched_but_unchanged_file_starts_nothing(watched):
    raw, cursor = watched
    os.utime(raw / "54000001" / "hs.csv", (SETTLED + 5, SETTLED + 5))
    result = _tick(raw, cursor)
    assert not result.run_requests
    assert result.cursor != cursor  # the new time is learnt: the file is not hashed again


def test_two_hundred_new_files_are_one_run(watched):
    raw, cursor = watched
    for n in range(200):
        _write(raw / f"5410{n:04d}" / "DS hoc sinh.csv", f"STT,Họ và tên\n1,Học sinh {n}\n")
    result = _tick(raw, cursor)
    (request,) = result.run_requests
    assert request.tags["edu/added"] == "200"
    assert not _tick(raw, result.cursor).run_requests  # and nothing more afterwards


def test_a_burst_still_arriving_waits_then_runs_once(watched):
    raw, cursor = watched
    _write(raw / "54000003" / "a.csv", "STT,Họ và tên\n1,A B\n", time.time())
    waiting = _tick(raw, cursor)
    assert not waiting.run_requests and "still arriving" in waiting.skip_reason.skip_message
    assert waiting.cursor is None  # the next look still sees the whole burst as new
    for name in ("a.csv", "b.csv"):
        _write(raw / "54000003" / name, "STT,Họ và tên\n1,A B\n")
    (request,) = _tick(raw, cursor).run_requests
    assert request.tags["edu/added"] == "2"


def test_same_state_same_run_key(watched):
    raw, cursor = watched
    _write(raw / "54000003" / "gv.csv", "STT,Họ và tên\n1,Lê Văn Cường\n")
    assert _tick(raw, cursor).run_requests[0].run_key == _tick(raw, cursor).run_requests[0].run_key


def test_removed_file_is_a_change(watched):
    raw, cursor = watched
    (raw / "54000002" / "hs.csv").unlink()
    (request,) = _tick(raw, cursor).run_requests
    assert request.tags["edu/removed"] == "1"


def test_missing_raw_folder_is_said_plainly(tmp_path):
    result = _tick(tmp_path / "nowhere", None)
    assert not result.run_requests and "EDU_RAW_DIR" in result.skip_reason.skip_message
