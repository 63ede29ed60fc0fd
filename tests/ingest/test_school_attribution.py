"""A file belongs to a school by its code column, else its folder, else its title; else none."""

from edu_pipeline.ingest.collect import ingest_files
from edu_pipeline.ingest.inventory import scan_raw_dir

REGISTRY = [
    ["Mã trường", "Tên trường", "Cấp học", "Xã/phường"],
    ["66000101", "Trường THCS Nguyễn Du", "THCS", "Tuy Hòa"],
    ["66000102", "Trường Tiểu học Ea Tu", "Tiểu học", "Xuân Lộc"],
]


def _ingest(raw, tmp_path):
    return ingest_files(raw, scan_raw_dir(raw), tmp_path / "cache")


def test_attribution_order(tmp_path, xlsx, student_table):
    raw = tmp_path / "raw"
    header, rows = student_table
    xlsx(raw / "registry" / "dm.xlsx", {"DM": REGISTRY})
    with_column = [[*header, "Mã trường"], *[[*r, "66000102"] for r in rows]]
    xlsx(raw / "66000101" / "column.xlsx", {"DS": with_column})
    xlsx(raw / "66000101" / "folder.xlsx", {"DS": [header, *rows]})
    titled = [["TRƯỜNG TIỂU HỌC EA TU"], ["DANH SÁCH HỌC SINH"], header, *rows]
    xlsx(raw / "inbox" / "title.xlsx", {"DS": titled})
    xlsx(raw / "inbox" / "nothing.xlsx", {"DS": [["DANH SÁCH HỌC SINH"], header, *rows]})

    files = _ingest(raw, tmp_path).files.set_index("source_file")
    assert files.loc["66000101/column.xlsx", ["school_code", "attributed_by"]].tolist() == [
        "66000102", "column"]  # fmt: skip
    assert files.loc["66000101/folder.xlsx", "attributed_by"] == "folder"
    assert files.loc["inbox/title.xlsx", ["school_code", "attributed_by"]].tolist() == [
        "66000102", "title"]  # fmt: skip
    assert files.loc["inbox/nothing.xlsx", "school_code"] is None


def test_unreadable_file_in_a_school_folder_is_still_that_schools(tmp_path):
    raw = tmp_path / "raw"
    (raw / "66000101").mkdir(parents=True)
    (raw / "66000101" / "broken.xlsx").write_bytes(b"PK\x03\x04garbage")
    files = _ingest(raw, tmp_path).files
    assert files[["status", "reason", "school_code"]].values.tolist() == [
        ["unreadable", "corrupt_workbook", "66000101"]]  # fmt: skip


def test_ground_truth_and_lock_files_are_not_input(tmp_path, xlsx, student_table):
    raw = tmp_path / "raw"
    header, rows = student_table
    xlsx(raw / "_truth" / "people.xlsx", {"DS": [header, *rows]})
    xlsx(raw / "66000101" / "~$hs.xlsx", {"DS": [header, *rows]})
    xlsx(raw / "66000101" / "hs.xlsx", {"DS": [header, *rows]})
    assert scan_raw_dir(raw)["source_file"].tolist() == ["66000101/hs.xlsx"]
