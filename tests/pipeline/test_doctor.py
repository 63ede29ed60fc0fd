"""`edu-pipeline doctor` says what is wrong with an installation, and when nothing is."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from edu_pipeline.doctor import run_checks
from edu_pipeline.resources import PipelineSettings
from edu_pipeline.server.install import render

EDU_PIPELINE = Path(sys.executable).with_name("edu-pipeline")


def _doctor(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EDU_", "DAGSTER_HOME"))}
    return subprocess.run([EDU_PIPELINE, "doctor"], env={**base, **env}, capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip


@pytest.fixture
def installed(tmp_path: Path) -> dict[str, str]:
    """Folders and an instance as `deploy/` sets them up."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "home").mkdir()
    values = {"DAGSTER_HOME": str(tmp_path / "home")}
    (tmp_path / "home" / "dagster.yaml").write_text(render("dagster.yaml", values))
    return {"EDU_RAW_DIR": str(tmp_path / "raw"), "EDU_WAREHOUSE_DIR": str(tmp_path / "wh"),
            "DAGSTER_HOME": str(tmp_path / "home"), "EDU_PSEUDONYM_KEY": "k" * 64}  # fmt: skip


def test_a_sound_installation_is_ready(tmp_path, installed):
    done = _doctor(tmp_path, **installed)
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1] == "doctor: ready to run"
    assert "one writer at a time" in done.stdout


@pytest.mark.parametrize(
    ("broken", "said"),
    [({"EDU_RAW_DIR": "/nonexistent/share"}, "does not exist: mount the share or set EDU_RAW_DIR"),
     ({"DAGSTER_HOME": ""}, "DAGSTER_HOME is not set"),
     ({"EDU_PSEUDONYM_KEY": ""}, "EDU_PSEUDONYM_KEY is not set")],
)  # fmt: skip
def test_each_problem_is_said_with_its_fix(tmp_path, installed, broken, said):
    done = _doctor(tmp_path, **{**installed, **broken})
    assert done.returncode == 1
    assert said in done.stdout
    assert done.stdout.splitlines()[-1].startswith("doctor: fix ")
    assert "Traceback" not in done.stdout + done.stderr


def test_an_instance_without_the_writer_queue_is_flagged(tmp_path, installed):
    (Path(installed["DAGSTER_HOME"]) / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    done = _doctor(tmp_path, **installed)
    assert "run `edu-pipeline install`" in done.stdout


def test_a_warehouse_that_cannot_be_made_is_flagged(tmp_path):
    (tmp_path / "a file").write_text("")
    settings = PipelineSettings(warehouse_dir=str(tmp_path / "a file" / "wh"))
    (check,) = [c for c in run_checks(settings, None) if c.name == "warehouse folder"]
    assert not check.ok and "is not writable" in check.said
