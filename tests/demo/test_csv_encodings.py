"""CSV and "Unicode text" files are in the encoding files.csv claims, and only that one."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from edu_pipeline.demo.readback import read_truth, tags_of
from edu_pipeline.demo.textstyle import old_tone_style


def _csv_files(root: Path, tag: str) -> list[dict[str, str]]:
    found = [
        f
        for f in read_truth(root, "files")
        if tag in tags_of(f) and f["dataset"] in ("students", "teachers")
    ]
    assert found, tag
    return found


def test_utf8_without_bom(root: Path) -> None:
    for f in _csv_files(root, "enc_utf-8"):
        data = (root / f["source_file"]).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8")


def test_utf8_with_bom(root: Path) -> None:
    for f in _csv_files(root, "enc_utf-8-sig"):
        data = (root / f["source_file"]).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        data.decode("utf-8-sig")


def test_utf16_unicode_text_is_tab_separated(root: Path) -> None:
    for f in _csv_files(root, "enc_utf-16"):
        assert f["source_file"].endswith(".txt") and "tab" in tags_of(f)
        data = (root / f["source_file"]).read_bytes()
        assert data.startswith(b"\xff\xfe")
        header = data.decode("utf-16").split("\r\n")[0]
        assert header.count("\t") >= 3
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def test_cp1258_is_windows_1258(root: Path) -> None:
    people = read_truth(root, "people")
    for f in _csv_files(root, "enc_cp1258"):
        data = (root / f["source_file"]).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        # delimiters as spaces: a name split into "Họ đệm" + "Tên" columns reads whole again
        cells = text.replace(",", " ").replace(";", " ")
        folded = old_tone_style(" ".join(cells.split())).casefold()
        names = [p["full_name"] for p in people if p["source_file"] == f["source_file"]]
        found = sum(old_tone_style(n).casefold() in folded for n in names if n.isascii() is False)
        assert found >= 0.9 * sum(not n.isascii() for n in names)
