"""Report dates: written in the file, or else the file's mtime; lateness matches the deadline."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from edu_pipeline.demo.plan import deadline_for
from edu_pipeline.demo.readback import read_rows, read_truth, tags_of

VN = timezone(timedelta(hours=7))


def _mtime_date(path: Path, tz: timezone) -> date:
    return datetime.fromtimestamp(path.stat().st_mtime, tz).date()


def test_deadline_is_25th_of_quarter_end() -> None:
    assert deadline_for(date(2026, 3, 20)) == date(2026, 3, 25)
    assert deadline_for(date(2026, 11, 2)) == date(2026, 12, 25)


def test_mtime_dated_files(root: Path) -> None:
    for f in read_truth(root, "files"):
        if f["report_date_source"] == "mtime":
            path = root / f["source_file"]
            assert _mtime_date(path, VN).isoformat() == f["report_date"]
            assert _mtime_date(path, UTC).isoformat() == f["report_date"]


def test_file_dated_files_carry_the_date(root: Path) -> None:
    for f in read_truth(root, "files"):
        tags = tags_of(f)
        if (
            f["report_date_source"] != "file"
            or f["dataset"] == "registry"
            or any(t.startswith("legacy_") and t.endswith("_file") for t in tags)
        ):
            continue
        d = date.fromisoformat(f["report_date"])
        sheets = read_rows(root / f["source_file"], frozenset(tags))
        text = " ".join(" ".join(r) for rows in sheets.values() for r in rows)
        text = unicodedata.normalize("NFC", text)
        assert f"{d:%d/%m/%Y}" in text or f"ngày {d.day} tháng {d.month} năm {d.year}" in text, f[
            "source_file"
        ]
        assert _mtime_date(root / f["source_file"], VN) > d  # saved after it was dated


def test_late_and_stale_findings(root: Path) -> None:
    kinds: dict[str, set[str]] = {}
    for d in read_truth(root, "defects"):
        kinds.setdefault(d["source_file"], set()).add(d["kind"])
    deadline, start = date(2026, 3, 25), date(2026, 1, 1)
    for f in read_truth(root, "files"):
        if f["dataset"] not in ("students", "teachers") or f["readable"] == "no":
            continue
        d = date.fromisoformat(f["report_date"])
        got = kinds.get(f["source_file"], set())
        assert ("late_submission" in got) == (d > deadline)
        assert ("stale_submission" in got) == (d < start)
