"""Legacy-font files really hold TCVN3/VNI text: unreadable as Unicode until converted."""

from __future__ import annotations

from pathlib import Path

from edu_pipeline.demo.readback import clean_name, read_rows, read_truth, row_names, tags_of

LEGACY = ("legacy_tcvn3_file", "legacy_vni_file", "legacy_tcvn3_name_column")


def test_legacy_names_need_conversion(root: Path) -> None:
    files = {f["source_file"]: f for f in read_truth(root, "files")}
    skip = {
        (d["source_file"], d["sheet"], d["source_row"])
        for d in read_truth(root, "defects")
        if d["column"] == "full_name"
    }
    per_tag = dict.fromkeys(LEGACY, 0)
    for p in read_truth(root, "people"):
        tags = frozenset(tags_of(files[p["source_file"]]))
        legacy = [t for t in LEGACY if t in tags]
        if not legacy or (p["source_file"], p["sheet"], p["source_row"]) in skip:
            continue
        cells = read_rows(root / p["source_file"], tags)[p["sheet"]][int(p["source_row"]) - 1]
        truth = clean_name(p["full_name"])
        assert truth in row_names(cells, tags)  # converted: the truth person
        if not p["full_name"].isascii():
            assert truth not in row_names(cells, frozenset())  # as Unicode: garbage
        per_tag[legacy[0]] += 1
    assert all(n > 0 for n in per_tag.values()), per_tag


def test_whole_file_legacy_covers_headers_too(root: Path) -> None:
    for f in read_truth(root, "files"):
        tags = tags_of(f)
        if "legacy_tcvn3_file" not in tags and "legacy_vni_file" not in tags:
            continue
        sheets = read_rows(root / f["source_file"], frozenset(tags))
        text = " ".join(" ".join(r) for rows in sheets.values() for r in rows[:12])
        assert "Ngày" not in text and "Họ" not in text and "HỌ" not in text
        decoded = clean_name(text, tags)
        assert "ngày" in decoded or "họ" in decoded or "tên" in decoded


def test_name_column_scope_leaves_other_text_unicode(root: Path) -> None:
    files = [f for f in read_truth(root, "files") if "legacy_tcvn3_name_column" in tags_of(f)]
    assert files
    for f in files:
        sheets = read_rows(root / f["source_file"], frozenset(tags_of(f)))
        header_text = " ".join(" ".join(r) for rows in sheets.values() for r in rows[:12])
        assert any(
            ch in header_text
            for ch in "ạảấầẩẫậắằẳẵặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚĂĨŨƠƯỌỘ"
        )
