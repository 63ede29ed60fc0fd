"""files.csv lists every written file exactly once (paths never collide, even when shared)."""

from __future__ import annotations

from pathlib import Path

from edu_pipeline.demo import generate_province
from edu_pipeline.demo.readback import read_truth


def _on_disk(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "_truth" not in p.parts
    )


def test_files_csv_is_the_folder(root: Path) -> None:
    listed = [f["source_file"] for f in read_truth(root, "files")]
    assert sorted(listed) == _on_disk(root)


def test_many_schools_share_a_folder_without_collisions(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate_province(raw, schools=160, students_per_school=8, workers=1)
    listed = [f["source_file"] for f in read_truth(raw, "files")]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == _on_disk(raw)
    shared = [f for f in listed if f.startswith("Tong hop nop chung/")]
    assert len(shared) >= 10
