"""generate_province owns its folder: it replaces an earlier demo but no other content."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_pipeline.demo import generate_province


def test_refuses_a_folder_that_is_not_a_demo(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError):
        generate_province(tmp_path, schools=3, students_per_school=20)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_regenerating_replaces_the_previous_demo(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    generate_province(tmp_path / "raw", schools=4, students_per_school=20, seed=1)
    generate_province(
        tmp_path / "raw",
        schools=4,
        students_per_school=20,
        seed=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls and calls[-1][0] == calls[-1][1]
    codes = {p.name for p in (tmp_path / "raw").iterdir()}
    truth = (tmp_path / "raw" / "_truth" / "files.csv").read_text(encoding="utf-8")
    for code in codes - {"_truth", "registry"}:
        assert code in truth  # nothing left over from the first run
