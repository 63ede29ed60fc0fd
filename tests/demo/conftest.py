"""A 30-school demo province generated once per test session (a few seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edu_pipeline.demo import DemoSummary, generate_province


@pytest.fixture(scope="session")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    root = tmp_path_factory.mktemp("demo") / "raw"
    return root, generate_province(root, schools=30)


@pytest.fixture(scope="session")
def root(province: tuple[Path, DemoSummary]) -> Path:
    return province[0]
