"""A file that reads too long or needs too much memory is stopped in its own worker and gets
its own finding; the other files of the run are read as usual."""

import csv
from pathlib import Path

import pytest

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir
from edu_pipeline.ingest.limits import ReadLimits


def _huge_csv(path: Path, header: list[str], rows: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["DANH SÁCH HỌC SINH"])
        writer.writerow(header)
        for n in range(rows):
            writer.writerow([n + 1, f"Nguyễn Văn An {n}", "05/03/2014", "Nam", "Kinh",
                             f"0662140{n:05d}"])  # fmt: skip


@pytest.mark.parametrize(
    ("limits", "reason"),
    [(ReadLimits(max_seconds=1.5), "read_timeout"),
     (ReadLimits(max_memory_mib=700), "read_crashed")],
    ids=["too slow", "too much memory"],
)  # fmt: skip
def test_one_bad_file_is_stopped_and_the_others_are_read(
    tmp_path, csv_file, student_table, limits, reason
):
    header, rows = student_table
    raw = tmp_path / "raw"
    for n in range(3):
        csv_file(raw / f"6600010{n}" / "hs.csv", [["DANH SÁCH HỌC SINH"], header, *rows])
    _huge_csv(raw / "66000109" / "hs.csv", header, 1_000_000)
    result = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache", workers=2, limits=limits)
    files = result.files.set_index("source_file")
    assert files.loc["66000109/hs.csv", ["status", "reason"]].tolist() == ["unreadable", reason]
    assert len(result.datasets["students"]) == 3 * len(rows)
    again = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache", workers=2, limits=limits)
    assert again.cache_misses == 1  # tried again (the machine may have been slow), alone
    assert again.files.set_index("source_file").loc["66000109/hs.csv", "reason"] == reason
