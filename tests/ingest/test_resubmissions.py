"""A newer list of the same school replaces an older one; per-grade lists do not replace."""

import pandas as pd

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir

PUPILS = [
    [1, "Nguyễn Văn An", "05/03/2014", "Nam"],
    [2, "Trần Thị Bích", "01/02/2014", "Nữ"],
    [3, "Lê Minh Châu", "11/11/2014", "Nữ"],
    [4, "Phạm Quốc Dũng", "09/09/2014", "Nam"],
]
GRADE_SEVEN = [
    [1, "Võ Minh Khang", "09/09/2013", "Nam"],
    [2, "Đặng Thu Hà", "12/12/2013", "Nữ"],
]
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính"]


def _list(rows, day):
    return [["DANH SÁCH HỌC SINH"], HEADER, *rows, [f"Đắk Lắk, ngày {day} tháng 3 năm 2026"]]


def test_resubmitted_list_supersedes_the_older_one(tmp_path, xlsx):
    raw = tmp_path / "raw"
    xlsx(raw / "66000101" / "DS hoc sinh.xlsx", {"DS": _list(PUPILS[:3], 2)})
    corrected = [*PUPILS[:2], PUPILS[3]]  # one pupil left, one arrived
    xlsx(raw / "66000101" / "DS hoc sinh (cap nhat).xlsx", {"DS": _list(corrected, 20)})
    xlsx(raw / "66000101" / "Khoi 7.xlsx", {"DS": _list(GRADE_SEVEN, 20)})
    result = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache")
    replaced = result.files.set_index("source_file")["superseded_by"]
    assert replaced["66000101/DS hoc sinh.xlsx"] == "66000101/DS hoc sinh (cap nhat).xlsx"
    assert replaced.drop("66000101/DS hoc sinh.xlsx").isna().all()
    rows = result.datasets["students"]
    assert len(rows) == 3 + 3 + 2  # the older rows stay accounted for
    old_rows = rows[rows["source_file"] == "66000101/DS hoc sinh.xlsx"]
    assert old_rows["superseded_by"].notna().all()


def test_every_older_version_points_at_the_newest(tmp_path, xlsx):
    raw = tmp_path / "raw"
    school = raw / "66000101"
    xlsx(school / "DS lan 1.xlsx", {"DS": _list(PUPILS[:3], 2)})
    xlsx(school / "DS lan 2.xlsx", {"DS": _list(PUPILS[:4], 10)})
    xlsx(school / "DS lan 3.xlsx", {"DS": _list(PUPILS[1:4], 20)})
    result = ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache")
    replaced = result.files.set_index("source_file")["superseded_by"]
    newest = "66000101/DS lan 3.xlsx"
    assert replaced["66000101/DS lan 1.xlsx"] == newest
    assert replaced["66000101/DS lan 2.xlsx"] == newest
    assert pd.isna(replaced[newest])
