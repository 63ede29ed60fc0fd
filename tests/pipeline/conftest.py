"""One small generated province, run once through the real `edu-pipeline run` command."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from edu_pipeline.demo import generate_province

AS_OF = "2026-03-26"


@dataclass
class CliRun:
    raw: Path
    warehouse: Path
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def small_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("province") / "raw"
    generate_province(raw, schools=8, students_per_school=30, seed=7)
    return raw


@pytest.fixture(scope="session")
def cli_run(small_province: Path, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    warehouse = tmp_path_factory.mktemp("warehouse")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}
    completed = subprocess.run(
        [Path(sys.executable).with_name("edu-pipeline"), "run", "--raw-dir", str(small_province),
         "--warehouse-dir", str(warehouse), "--as-of", AS_OF],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    return CliRun(small_province, warehouse, completed.returncode, completed.stdout,
                  completed.stderr)  # fmt: skip
