"""What a release is a function of: file contents (not times), settings, code."""

import os
from pathlib import Path

import pytest

from edu_pipeline.fingerprints import inputs_fingerprint, source_digest
from edu_pipeline.ingest.inventory import scan_raw_dir
from edu_pipeline.resources import PipelineSettings


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw" / "54000001"
    folder.mkdir(parents=True)
    (folder / "hoc_sinh.csv").write_text("STT,Họ và tên\n1,Nguyễn Văn An\n", encoding="utf-8")
    (folder / "giao_vien.csv").write_text("STT,Họ và tên\n1,Lê Thị Hoa\n", encoding="utf-8")
    return folder.parent


def _fingerprint(raw: Path, **settings: str) -> str:
    chosen = PipelineSettings(**{"as_of": "2026-03-26", **settings}).result_settings()
    return inputs_fingerprint(scan_raw_dir(raw), chosen)


def test_a_file_copied_again_unchanged_is_the_same_input(raw: Path):
    before = _fingerprint(raw)
    for path in raw.rglob("*.csv"):
        os.utime(path, (1, 1))
    assert _fingerprint(raw) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda raw: (raw / "54000001" / "hoc_sinh.csv").write_text("STT\n2\n", encoding="utf-8"),
        lambda raw: (raw / "54000001" / "hoc_sinh.csv").unlink(),
        lambda raw: (raw / "54000001" / "hoc_sinh.csv").rename(raw / "54000001" / "hs.csv"),
        lambda raw: (raw / "54000002").mkdir() or (raw / "54000002" / "a.csv").write_text("x"),
    ],
    ids=["content", "removed", "renamed", "added"],
)
def test_a_changed_file_is_another_input(raw: Path, change):
    before = _fingerprint(raw)
    change(raw)
    assert _fingerprint(raw) != before


@pytest.mark.parametrize("setting", [{"as_of": "2026-03-27"}, {"tone_style": "new"}])
def test_settings_that_change_results_change_the_fingerprint(raw: Path, setting: dict):
    base = inputs_fingerprint(
        scan_raw_dir(raw), PipelineSettings(as_of="2026-03-26").result_settings()
    )
    changed = PipelineSettings(**{"as_of": "2026-03-26", **setting}).result_settings()
    assert inputs_fingerprint(scan_raw_dir(raw), changed) != base


def test_a_new_pseudonym_key_changes_the_fingerprint(raw: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EDU_PSEUDONYM_KEY", "secret-number-one")
    before = _fingerprint(raw)
    monkeypatch.setenv("EDU_PSEUDONYM_KEY", "two")
    assert _fingerprint(raw) != before
    assert "secret-number" not in str(PipelineSettings().result_settings())


def test_workers_and_progress_do_not_change_results(raw: Path):
    assert _fingerprint(raw, workers=1, show_progress=True) == _fingerprint(raw)  # type: ignore[arg-type]


def test_source_digest_follows_bytes_not_listing_order(tmp_path: Path):
    a, b = tmp_path / "a.py", tmp_path / "b.csv"
    a.write_text("x = 1\n")
    b.write_text("k,v\n")
    assert source_digest([a, b]) == source_digest([b, a])
    before = source_digest([a, b])
    a.write_text("x = 2\n")
    assert source_digest([a, b]) != before
