"""Unchanged files come from the content-hash cache; a changed file is parsed again."""

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir


def test_second_run_reads_from_cache_and_gives_the_same_rows(tmp_path, xlsx, student_table):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    header, rows = student_table
    xlsx(raw / "66000101" / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows]})
    xlsx(raw / "66000102" / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows[:1]]})
    first = ingest_files(raw, scan_raw_dir(raw), cache)
    second = ingest_files(raw, scan_raw_dir(raw), cache)
    assert (first.cache_misses, second.cache_hits, second.cache_misses) == (2, 2, 0)
    assert first.datasets["students"].equals(second.datasets["students"])

    extra = [4, "Võ Minh Khang", "09/09/2014", "Nam", "Kinh", "066214000104"]
    xlsx(raw / "66000102" / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows, extra]})
    third = ingest_files(raw, scan_raw_dir(raw), cache)
    assert (third.cache_hits, third.cache_misses) == (1, 1)
    assert len(third.datasets["students"]) == 7


def test_a_half_written_cache_entry_is_ignored(tmp_path, xlsx, student_table):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    header, rows = student_table
    xlsx(raw / "66000101" / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows]})
    ingest_files(raw, scan_raw_dir(raw), cache)
    for entry in cache.glob("*.arrow"):  # as if the run was killed while writing the entry
        entry.rename(entry.with_name(entry.name + ".123.tmp"))
    again = ingest_files(raw, scan_raw_dir(raw), cache)
    assert again.cache_misses == 1
    assert len(again.datasets["students"]) == 3


def test_parsing_in_worker_processes_gives_the_same_rows(
    tmp_path, xlsx, student_table
):
    raw = tmp_path / "raw"
    header, rows = student_table
    for n in range(20):
        school = f"660001{n:02d}"
        xlsx(raw / school / "hs.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows[: 1 + n % 3]]})
    serial = ingest_files(raw, scan_raw_dir(raw), tmp_path / "serial", workers=1)
    parallel = ingest_files(raw, scan_raw_dir(raw), tmp_path / "parallel", workers=2)
    assert serial.datasets["students"].equals(parallel.datasets["students"])
    assert parallel.cache_misses == 20
