"""The .xls files are real BIFF8 workbooks (OLE2 container with a Workbook stream)."""

from __future__ import annotations

from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from edu_pipeline.demo.readback import read_truth, tags_of

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_xls_files_are_biff8(root: Path) -> None:
    xls = [
        f
        for f in read_truth(root, "files")
        if f["source_file"].endswith(".xls") and f["readable"] == "yes"
    ]
    assert xls
    for f in xls:
        data = (root / f["source_file"]).read_bytes()
        assert data.startswith(OLE_MAGIC)
        assert "Workbook".encode("utf-16-le") in data
        wb = CalamineWorkbook.from_path(str(root / f["source_file"]))
        assert wb.sheet_names == f["sheets"].split(";")
        assert any(wb.get_sheet_by_name(s).to_python() for s in wb.sheet_names)


def test_garbage_xls_is_unreadable(root: Path) -> None:
    bad = [f for f in read_truth(root, "files") if "garbage" in tags_of(f)]
    assert bad and all(f["readable"] == "no" for f in bad)
    for f in bad:
        with pytest.raises(Exception):  # noqa: B017 - any reader error is the point
            CalamineWorkbook.from_path(str(root / f["source_file"])).get_sheet_by_index(0)


def test_unreadable_files_fail_plain_readers(root: Path) -> None:
    for f in read_truth(root, "files"):
        if f["readable"] == "no" and not f["source_file"].endswith(".xls"):
            with pytest.raises(Exception):  # noqa: B017
                CalamineWorkbook.from_path(str(root / f["source_file"])).get_sheet_by_index(0)
