"""The demo committed under data/raw/demo is exactly what the generator writes for its seed."""

import hashlib
from pathlib import Path

from edu_pipeline.demo import generate_province

COMMITTED = Path(__file__).resolve().parents[2] / "data" / "raw" / "demo"


def _digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_committed_demo_matches_the_generator(tmp_path):
    generate_province(tmp_path / "demo")  # the defaults: 30 schools, seed 2026
    assert _digests(tmp_path / "demo") == _digests(COMMITTED), (
        "data/raw/demo is stale: run `edu-pipeline demo-data --out data/raw/demo` and commit"
    )
